// Command fold moves the words of web/i18n_<topic>.go files into locale/vi.json and en.json.
// Branches written before the words moved add their words as a Go map merged in init; after
// merging such a branch, run from the repository root
//
//	go run ./locale/cmd/fold
//
// It reads every map literal of the form {"vi": {key: text, ...}, "en": {...}} declared at the
// top of web/i18n_*.go (tests aside), writes the keys into the JSON files (a word in the Go file
// replaces the file's word for the same key, and is reported), and deletes each Go file that held
// nothing but such maps and init functions; a file holding anything else is reported and kept.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	dir := flag.String("web", "web", "the web package's directory")
	words := flag.String("locale", "locale", "the locale package's directory, holding vi.json and en.json")
	flag.Parse()
	if err := run(*dir, *words); err != nil {
		fmt.Fprintln(os.Stderr, "fold:", err)
		os.Exit(1)
	}
}

func run(dir, localeDir string) error {
	words := map[string]map[string]string{}
	for _, l := range []string{"vi", "en"} {
		b, err := os.ReadFile(filepath.Join(localeDir, l+".json"))
		if err != nil {
			return err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("%s.json: %w", l, err)
		}
		words[l] = m
	}
	files, err := filepath.Glob(filepath.Join(dir, "i18n_*.go"))
	if err != nil {
		return err
	}
	var remove []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		found, whole, err := fold(name, words)
		if err != nil {
			return err
		}
		fmt.Printf("%s: %d words\n", name, found)
		if whole {
			remove = append(remove, name)
		} else if found > 0 {
			fmt.Printf("%s: holds more than words; folded them, remove the maps by hand\n", name)
		}
	}
	for _, l := range []string{"vi", "en"} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(words[l]); err != nil { // map keys come out sorted
			return err
		}
		if err := os.WriteFile(filepath.Join(localeDir, l+".json"), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	for _, name := range remove {
		if err := os.Remove(name); err != nil {
			return err
		}
		fmt.Printf("%s: removed\n", name)
	}
	return nil
}

// fold adds the word maps of one file to words; whole says the file held nothing else.
func fold(name string, words map[string]map[string]string) (found int, whole bool, err error) {
	f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
	if err != nil {
		return 0, false, err
	}
	whole = true
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.Name != "init" || d.Recv != nil {
				whole = false
			}
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				continue
			}
			for _, s := range d.Specs {
				v, ok := s.(*ast.ValueSpec)
				if !ok || len(v.Values) != 1 {
					whole = false
					continue
				}
				n, ok := wordMap(name, v.Values[0], words)
				found += n
				whole = whole && ok
			}
		}
	}
	return found, whole, nil
}

// wordMap folds one {"vi": {...}, "en": {...}} literal; ok is false for any other value.
func wordMap(name string, e ast.Expr, words map[string]map[string]string) (int, bool) {
	outer, ok := e.(*ast.CompositeLit)
	if !ok {
		return 0, false
	}
	n := 0
	for _, el := range outer.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return n, false
		}
		lang, ok := str(kv.Key)
		inner, isLit := kv.Value.(*ast.CompositeLit)
		if !ok || !isLit || words[lang] == nil {
			return n, false
		}
		for _, el := range inner.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return n, false
			}
			k, ok1 := str(kv.Key)
			v, ok2 := str(kv.Value)
			if !ok1 || !ok2 {
				return n, false
			}
			if old, ok := words[lang][k]; ok && old != v {
				fmt.Printf("%s: %s %q replaces %q\n", name, lang, k, old)
			}
			words[lang][k] = v
			n++
		}
	}
	return n, true
}

func str(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}
