package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestMessages checks that every key the templates ask for exists in Vietnamese and English,
// including keys built with printf from the known value lists, so no page shows a raw key.
func TestMessages(t *testing.T) {
	literal := regexp.MustCompile(`\bt \$?\.?[A-Za-z.$]*Lang "([a-z0-9_.]+)"`)
	built := regexp.MustCompile(`\bt \$?\.?[A-Za-z.$]*Lang \(printf "([a-z0-9_.]+)%s"`)
	prefixes := map[string][]string{
		"staff.": {"cadre", "civil_servant", "public_employee", "armed_forces", "contract", "none"},
		"sex.":   {"male", "female"},
		"entry.": {"salary", "training", "evaluation", "reward", "discipline", "family", "secondment"},
		"role.":  {"admin", "officer", "leader", "viewer"},
		"grant.": {"identity", "background", "family", "discipline", "evaluation", "health"},
		"end.":   {"death", "expulsion", "struck_off", "leaving"},
		"remind.": {"retirement_notice", "retirement_decision", "retirement", "salary_step", "term_end", "reappointment_notice",
			"probation_end", "secondment_end", "discipline_end"},
		"col.":    {"birth", "sex", "staff_type", "staff_code", "post", "unit", "party", "ethnicity", "education", "status"},
		"status.": {"working", "retired", "transferred", "deceased"},
		"age.":    {"under35", "35-45", "46-55", "56-60", "over60"},
		"eval.":   {"excellent", "good", "done", "not_done"},

		// Work programmes.
		"programmes.status.": {"planned", "in_progress", "submitted", "done", "postponed", "cancelled"},
		"programmes.kind.":   {"content", "project", "report", "conference", "document", "other"},
		"programmes.result.": {"on_time", "late", "overdue", "due_today", "open", "cancelled"},
	}
	keys := map[string]bool{}
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
		for _, m := range built.FindAllStringSubmatch(string(b), -1) {
			vals, ok := prefixes[m[1]]
			if !ok {
				t.Errorf("%s builds keys with prefix %q that this test does not know", p, m[1])
			}
			for _, v := range vals {
				keys[m[1]+v] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 50 {
		t.Fatalf("found only %d keys: the pattern is broken", len(keys))
	}
	for k := range keys {
		for _, l := range []string{"vi", "en"} {
			if _, ok := messages[l][k]; !ok {
				t.Errorf("message %q missing in %s", k, l)
			}
		}
	}
	for k := range messages["en"] {
		if _, ok := messages["vi"][k]; !ok && !strings.HasPrefix(k, "_") {
			t.Errorf("message %q is in English only", k)
		}
	}
}
