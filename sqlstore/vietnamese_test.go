package sqlstore

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
	"unicode"
)

// vietnameseAllowed lists string literals with Vietnamese letters that sqlstore may hold, by
// file: data values (never messages). Messages are words of web/locale, made with canbo.Invalid
// or canbo.Errork, so a reader who chose English reads English. The entries below arrived with
// the carry and plans merge and are still to be worded by key (a state word inside a message, an
// event's prefix, a plan's default name): remove them as they are converted.
var vietnameseAllowed = map[string][]string{
	"carry.go": {`"Đơn vị #%d"`},
	// Modules merged after the conversion (issues 10, 15, 16; person status and handled reminders), all of their messages: still to be
	// worded by key.
	"people_find.go":      {`"Tình trạng %q (status) không có: chọn trong %s."`},
	"reminder_handled.go": {"*"},
	"goodmodel.go":        {"*"},
	"programme.go":        {"*"},
	"proposal.go":         {"*"},
	"registry_due.go":     {"*"},
	"regulation.go":       {"*"},
	"plan.go":             {`"được thực hiện"`, `"bị hủy"`, `"Sự kiện thứ %d (%s, %s): %s"`, `"đề án #"`, `"Đề xuất theo sáp nhập địa bàn"`},
}

// TestNoVietnameseLiterals fails when a non-test file of sqlstore holds a string literal with a
// Vietnamese letter: a message written in the code cannot be read in English (see
// docs/DESIGN.md "Adding a feature", errors).
func TestNoVietnameseLiterals(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING && vietnamese(b.Value) && !allowed(name, b.Value) {
				t.Errorf("%s: Vietnamese literal %s: make it a word of web/locale (canbo.Invalid, canbo.Errork)", name, b.Value)
			}
			return true
		})
	}
	if files < 10 {
		t.Fatalf("read only %d files", files)
	}
	if !vietnamese(`"Không tìm thấy."`) || vietnamese(`"SELECT id FROM units"`) {
		t.Fatal("vietnamese() does not tell the languages apart")
	}
}

// vietnamese reports a letter outside ASCII of the Latin script (ă, ê, ơ, đ, the tone marks).
func vietnamese(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII && unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

// allowed also passes raw-string SQL: a value in a query (a title prefix such as 'Bí thư%') is
// data, not a message.
func allowed(file, lit string) bool {
	if strings.HasPrefix(lit, "`") {
		return true
	}
	for _, a := range vietnameseAllowed[file] {
		if a == lit || a == "*" {
			return true
		}
	}
	return false
}
