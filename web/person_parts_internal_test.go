package web

import (
	"strings"
	"testing"
)

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

// Every detail a profile form writes is named in the timeline by its column's label, in both
// languages, never by its key.
func TestDetailLabels(t *testing.T) {
	for kind, fields := range entryFields {
		for _, f := range fields {
			key, ok := strings.CutPrefix(f.Name, "details.")
			if !ok {
				continue
			}
			for _, lang := range []string{"vi", "en"} {
				if got := detailLabel(lang, key); got == key || got == "" {
					t.Errorf("%s: detail %q has no %s label", kind, key, lang)
				}
			}
		}
	}
	if got := detailLabel("vi", "grade_code"); got != "Mã ngạch" {
		t.Errorf("grade_code = %q", got)
	}
	if got := detailLabel("vi", "imported_column"); got != "imported_column" {
		t.Errorf("an unknown detail = %q, want its key", got)
	}
}
