// Package locale holds every word canbo shows, in vi.json and en.json (sorted keys, one per
// line, so parallel branches merge line by line). It imports nothing of the project, so the
// domain package can word its errors from it too: an error carries a key and arguments, its
// Vietnamese text (the fallback, for the command line and the logs) comes from vi.json under the
// "err." prefix, and the web layer words it again in the reader's language.
package locale

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed vi.json en.json
var files embed.FS

// Languages are the languages shipped, Vietnamese (the fallback) first.
var Languages = []string{"vi", "en"}

// words is the catalog read from the embedded files when the program starts; a file that does
// not parse stops the program there, not at the first page that needs a word.
var words = load()

func load() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, l := range Languages {
		b, err := files.ReadFile(l + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("locale/%s.json: %v", l, err))
		}
		out[l] = m
	}
	return out
}

// Catalog returns a copy of every word per language, for a caller that adds its own.
func Catalog() map[string]map[string]string {
	out := map[string]map[string]string{}
	for l, m := range words {
		c := make(map[string]string, len(m))
		for k, v := range m {
			c[k] = v
		}
		out[l] = c
	}
	return out
}

// Text returns the word for key in lang, else in Vietnamese, else the key itself (which tests
// catch).
func Text(lang, key string) string {
	if s, ok := words[lang][key]; ok {
		return s
	}
	if s, ok := words["vi"][key]; ok {
		return s
	}
	return key
}

// Word is an argument of Format that is itself a key, worded in the same language (a field's
// label inside an error message). An argument with a Local(lang) method (a *canbo.Error quoted
// inside another) is worded by it.
type Word string

// Format words key in lang with fmt verbs filled from args, in the order the Vietnamese template
// takes them (translations keep that order). Templates are always formatted, so a percent sign
// in one is written %%.
func Format(lang, key string, args ...any) string {
	worded := make([]any, len(args))
	for i, a := range args {
		if w, ok := a.(Word); ok {
			a = Text(lang, string(w))
		} else if l, ok := a.(interface{ Local(lang string) string }); ok {
			a = l.Local(lang) // an error quoted inside another
		}
		worded[i] = a
	}
	return fmt.Sprintf(Text(lang, key), worded...)
}
