package canbo_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// errorLiteralsAllowed lists, by file, Vietnamese literals that may appear in an error message
// written in Go. It is empty and stays empty: a message is a word of canbo/locale (canbo.Invalid,
// canbo.Errork, translate), so a reader who chose English reads English, and the next module
// copies the pattern it sees.
var errorLiteralsAllowed = map[string][]string{}

// errorCall names the callees whose arguments are a message for a user or a log: error
// constructors (errors.New, fmt.Errorf, canbo.Invalid, canbo.Errork, http.Error) and the helpers
// that carry a message to a page (s.error, loginError, fail, refuse).
var errorCall = regexp.MustCompile(`(?i)err|fail|refus|invalid`)

// errorField names the keys and fields that hold a message shown as an error (a view's Error, a
// JSON body's message).
var errorField = regexp.MustCompile(`^(?i)(error|message|msg)$`)

// TestNoVietnameseInErrors fails when a non-test file of any package writes an error message in
// Vietnamese in the code: a literal (or a literal inside fmt.Sprintf, a concatenation…) passed to
// an error constructor or a failure helper, or stored under an Error/Message key. sqlstore is
// stricter still (TestNoVietnameseLiterals there refuses every Vietnamese literal).
func TestNoVietnameseInErrors(t *testing.T) {
	files := 0
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
		if err != nil {
			return err
		}
		for _, lit := range errorLiterals(f) {
			if !errorLiteralAllowed(p, lit) {
				t.Errorf("%s: Vietnamese error message %s: make it a word of canbo/locale (canbo.Invalid, canbo.Errork, translate)", p, lit)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 200 {
		t.Fatalf("read only %d files", files)
	}
	probe, err := parser.ParseFile(token.NewFileSet(), "probe.go", `package p
func f() {
	_ = fmt.Errorf("x: %w", err)
	_ = canbo.Errork(canbo.EINVALID, "err.x", "Hà Nội")
	s.error(w, r, fmt.Sprintf("Không có %s", x))
	_ = map[string]any{"Error": "Sai mật khẩu"}
	data.Message = "Lỗi " + x
	_ = fmt.Sprintf("Hà Nội %d", 1)
}`, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(errorLiterals(probe)), 4; got != want {
		t.Fatalf("the probe has %d Vietnamese error literals, want %d: the scan is broken", got, want)
	}
}

// errorLiterals returns the Vietnamese string literals of f that are (part of) an error message.
func errorLiterals(f *ast.File) []string {
	var out []string
	collect := func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING && vietnamese(b.Value) {
				out = append(out, b.Value)
			}
			return true
		})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if name := calleeName(n.Fun); errorCall.MatchString(name) || name == "errors.New" {
				for _, a := range n.Args {
					collect(a)
				}
				return false
			}
		case *ast.KeyValueExpr:
			if errorField.MatchString(keyName(n.Key)) {
				collect(n.Value)
				return false
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if errorField.MatchString(keyName(l)) && i < len(n.Rhs) {
					collect(n.Rhs[i])
				}
			}
		}
		return true
	})
	return out
}

// calleeName returns "pkg.Name", "Name" or the method's name of a call.
func calleeName(fn ast.Expr) string {
	switch fn := fn.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok {
			return x.Name + "." + fn.Sel.Name
		}
		return fn.Sel.Name
	}
	return ""
}

// keyName returns the name a value is stored under: a struct field, a map key written as a
// string, or the field or key of an assignment's left side.
func keyName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.BasicLit:
		if s, err := strconv.Unquote(e.Value); err == nil {
			return s
		}
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.IndexExpr:
		return keyName(e.Index)
	}
	return ""
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

func errorLiteralAllowed(file, lit string) bool {
	for _, a := range errorLiteralsAllowed[file] {
		if a == lit {
			return true
		}
	}
	return false
}
