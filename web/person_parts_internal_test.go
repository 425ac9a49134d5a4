package web

import (
	"encoding/json"
	"slices"
	"testing"

	"canbo"
)

// The timeline tables' labels are message keys chosen in Go (canbo.EntrySpecs), which
// TestMessages cannot see in the templates: check them here.
func TestEntryFieldLabels(t *testing.T) {
	for _, spec := range canbo.EntrySpecs {
		if len(spec.Columns()) == 0 {
			t.Errorf("%s has no columns", spec.Kind)
		}
		for _, f := range spec.Columns() {
			for _, l := range []string{"vi", "en"} {
				if _, ok := messages[l][f.Label]; !ok {
					t.Errorf("%s: label %q missing in %s", spec.Kind, f.Label, l)
				}
			}
		}
	}
}

// Every detail a profile form writes is named in the timeline by its column's label, in both
// languages, never by its key.
func TestDetailLabels(t *testing.T) {
	for _, spec := range canbo.EntrySpecs {
		for _, f := range spec.Columns() {
			if !f.Detail {
				continue
			}
			if f.Label != "ef."+f.Key {
				t.Errorf("%s: detail %q has label %q; detailLabel looks for ef.%s", spec.Kind, f.Key, f.Label, f.Key)
			}
			for _, lang := range []string{"vi", "en"} {
				if got := detailLabel(lang, f.Key); got == f.Key || got == "" {
					t.Errorf("%s: detail %q has no %s label", spec.Kind, f.Key, lang)
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

// The API description lists the entry kinds: a kind added to canbo.EntrySpecs must be added there.
func TestOpenAPIEntryKinds(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas struct {
				Entry struct {
					Properties struct {
						Kind struct {
							Enum []string `json:"enum"`
						} `json:"kind"`
					} `json:"properties"`
				} `json:"Entry"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Components.Schemas.Entry.Properties.Kind.Enum; !slices.Equal(got, canbo.EntryKinds) {
		t.Errorf("openapi.json Entry.kind enum %v, want %v", got, canbo.EntryKinds)
	}
}
