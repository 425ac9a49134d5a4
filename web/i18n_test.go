package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/vocab"
)

// TestMessages checks that every key the templates ask for exists in Vietnamese and English,
// including keys built with printf from the known value lists, so no page shows a raw key.
func TestMessages(t *testing.T) {
	literal := regexp.MustCompile(`\bt \$?\.?[A-Za-z.$]*Lang "([a-z0-9_.]+)"`)
	built := regexp.MustCompile(`\bt \$?\.?[A-Za-z.$]*Lang \(printf "([a-z0-9_.]+)%s"`)
	prefixes := map[string][]string{
		"staff.":        {"cadre", "civil_servant", "public_employee", "armed_forces", "contract", "none"},
		"staffing.cat.": {"leadership", "professional", "shared", "support"},
		"sex.":          {"male", "female"},
		"entry.":        {"salary", "training", "evaluation", "reward", "discipline", "family", "secondment"},
		"role.":         {"admin", "officer", "leader", "viewer"},
		"grant.":        {"identity", "background", "family", "discipline", "evaluation", "health"},
		"end.":          {"death", "expulsion", "struck_off", "leaving"},
		"remind.": {"retirement_notice", "retirement_decision", "retirement", "salary_step", "term_end", "reappointment_notice",
			"probation_end", "secondment_end", "discipline_end"},
		"col.":         {"birth", "sex", "staff_type", "staff_code", "post", "unit", "party", "ethnicity", "education", "status"},
		"status.":      {"working", "retired", "transferred", "deceased"},
		"age.":         {"under35", "35-45", "46-55", "56-60", "over60"},
		"eval.":        {"excellent", "good", "done", "not_done"},
		"sec.purpose.": {"task", "training"},
		"sec.":         {"incoming_people", "outgoing_people"},

		// Work programmes.
		"programmes.status.": {"planned", "in_progress", "submitted", "done", "postponed", "cancelled"},
		"programmes.kind.":   {"content", "project", "report", "conference", "document", "other"},
		"programmes.result.": {"on_time", "late", "overdue", "due_today", "open", "cancelled"},
		// Planning and congresses (issue 14).
		"planning.level.":  {"grassroots", "above-grassroots", "commune", "province", "government"},
		"planning.status.": {"proposed", "approved", "appointment", "removed"},
		"planning.action.": {"create", "propose", "approve", "review", "remove", "appointment"},
		"congress.kind.":   {"first", "reelect"},
		// Training (issue 17 item 3); "training." builds the chart's series.
		"training.kind.":   canbo.TrainingKinds,
		"training.mode.":   canbo.TrainingModes,
		"training.status.": {canbo.EnrolmentEnrolled, canbo.EnrolmentCompleted},
		"training.role.":   {"holder", "candidate"},
		"training.":        {"planned", "enrolled", "completed"},
		// Registries (web/i18n_registries.go).
		"reg.kind.":     {"quy_dinh", "quy_che", "quy_trinh", "huong_dan", "ke_hoach"},
		"reg.status.":   {"not_yet", "in_force", "amended", "replaced", "expired"},
		"prop.status.":  {"received", "approved", "rejected", "head_approved", "finished", "reported", "evaluated", "closed"},
		"prop.step.":    {"meeting", "head_approval", "milestone", "finished", "report", "evaluation", "outcome"},
		"prop.outcome.": {"no_liability", "excluded", "exempted", "reduced"},
		"prop.section.": {"need", "content", "scope", "timeline", "feasibility", "expected"},
		"model.status.": {"draft", "reviewed", "returned", "published"},
		"due.":          {"regulation_review", "proposal_meeting", "proposal_report", "proposal_evaluation"},
		// Imports (import.go).
		"import.state.": {importChecking, importChecked, importApplying, importApplied, importFailed},
		"import.field.": importFieldKeys(),
		// Corrections: the merge page's field labels.
		"merge.f.": canbo.MergeFields,
		// Mẫu 2C files (web/form2c_files.go): variants and formats.
		"form2c.": {"bnv", "tctw", "pdf", "docx"},
		// The state lists' names (web/codes.go): the list keys.
		"vocab.": slices.Collect(maps.Keys(vocab.Lists())),
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
	code := codeKeys(t)
	if len(code) < 100 {
		t.Fatalf("found only %d keys in the Go sources: the scan is broken", len(code))
	}
	for k := range code {
		keys[k] = true
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

// codeKeys returns the word keys the Go sources of the module pass as literals to the functions
// that word messages (canbo.Invalid and canbo.Errork, locale.Text, locale.Format and
// locale.Word, canbo.Say and Words.And, validate.RequiredDay's label, translate), so an error's key is checked in both
// languages like a template's.
func codeKeys(t *testing.T) map[string]bool {
	keyArg := map[string]int{"Invalid": 1, "Errork": 1, "Text": 1, "Format": 1, "Word": 0, "RequiredDay": 1, "translate": 1, "Say": 0, "And": 0, "invalid": 1, "dateError": 0}
	keys := map[string]bool{}
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, src, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			i, ok := keyArg[name]
			if !ok || len(call.Args) <= i {
				return true
			}
			if b, ok := call.Args[i].(*ast.BasicLit); ok && b.Kind == token.STRING {
				if k, err := strconv.Unquote(b.Value); err == nil && regexp.MustCompile(`^[a-z_]+\.[a-z0-9_.]+$`).MatchString(k) {
					keys[k] = true
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}
