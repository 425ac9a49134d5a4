package canbo_test

import (
	"slices"
	"testing"

	"canbo"
	"canbo/locale"
)

// The vocabulary is read by the store, the profile and the rules: a kind or field added with a
// missing part would fail far from here, so check each entry is complete.
func TestEntrySpecs(t *testing.T) {
	words := locale.Catalog()
	kinds := map[string]bool{}
	for _, s := range canbo.EntrySpecs {
		if kinds[s.Kind] || s.Kind == "" {
			t.Errorf("kind %q empty or listed twice", s.Kind)
		}
		kinds[s.Kind] = true
		if s.Class != "" && !slices.Contains(canbo.GrantClasses, s.Class) {
			t.Errorf("%s: class %q is not a grant class", s.Kind, s.Class)
		}
		if canbo.EntryClass(s.Kind) != s.Class {
			t.Errorf("%s: EntryClass %q, want %q", s.Kind, canbo.EntryClass(s.Kind), s.Class)
		}
		if len(s.Columns()) == 0 {
			t.Errorf("%s: no columns", s.Kind)
		}
		keys := map[string]bool{}
		for _, f := range s.Fields {
			common := slices.Contains([]string{"from", "to", "title", "doc_number"}, f.Key)
			switch {
			case keys[f.Key]:
				t.Errorf("%s: field %q listed twice", s.Kind, f.Key)
			case f.Detail == common:
				t.Errorf("%s: field %q: Detail %v, but common fields are from, to, title and doc_number", s.Kind, f.Key, f.Detail)
			case words["vi"][f.Noun] == "" || words["en"][f.Noun] == "":
				t.Errorf("%s: field %q: noun %q for messages is not a word of locale/vi.json and en.json", s.Kind, f.Key, f.Noun)
			case f.Type != canbo.TextField && !f.Detail:
				t.Errorf("%s: common field %q is typed; only details are", s.Kind, f.Key)
			case f.Type == canbo.IntField && f.Min > f.Max,
				f.Type == canbo.DecimalField && (f.Max <= 0 || f.Example == ""),
				f.Type == canbo.YearField && f.Min <= 0,
				f.Type == canbo.ChoiceField && len(f.Choices) == 0:
				t.Errorf("%s: field %q of type %d lacks its bounds, example or choices", s.Kind, f.Key, f.Type)
			}
			keys[f.Key] = true
			if f.Name() != map[bool]string{true: "details." + f.Key, false: f.Key}[f.Detail] {
				t.Errorf("%s: field %q named %q", s.Kind, f.Key, f.Name())
			}
		}
		if got, ok := canbo.EntrySpecOf(s.Kind); !ok || got.Kind != s.Kind {
			t.Errorf("EntrySpecOf(%q) = %v, %v", s.Kind, got.Kind, ok)
		}
	}
	if !slices.Equal(canbo.EntryKinds, []string{canbo.EntrySalary, canbo.EntryTraining, canbo.EntryEvaluation, canbo.EntryReward,
		canbo.EntryDiscipline, canbo.EntryFamily, canbo.EntrySecondment}) {
		t.Errorf("EntryKinds %v", canbo.EntryKinds)
	}
	if _, ok := canbo.EntrySpecOf("bonus"); ok || canbo.EntryClass("bonus") != "" {
		t.Error("an unknown kind has a description")
	}
	// The classes that guard entries are the ones the rest of the code checks.
	for kind, class := range map[string]string{canbo.EntryEvaluation: canbo.GrantEvaluation,
		canbo.EntryDiscipline: canbo.GrantDiscipline, canbo.EntryFamily: canbo.GrantFamily, canbo.EntrySalary: ""} {
		if canbo.EntryClass(kind) != class {
			t.Errorf("EntryClass(%s) = %q, want %q", kind, canbo.EntryClass(kind), class)
		}
	}
}
