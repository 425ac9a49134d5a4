package web

import "testing"

// The timeline tables' labels are message keys chosen in Go, which TestMessages cannot see in
// the templates: check them here.
func TestEntryFieldLabels(t *testing.T) {
	for kind, fields := range entryFields {
		if len(fields) == 0 {
			t.Errorf("%s has no columns", kind)
		}
		for _, f := range fields {
			for _, l := range []string{"vi", "en"} {
				if _, ok := messages[l][f.Label]; !ok {
					t.Errorf("%s: label %q missing in %s", kind, f.Label, l)
				}
			}
		}
	}
}
