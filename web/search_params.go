package web

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"canbo"
	"canbo/vn"
)

// Bounds on search text. Every word becomes one condition of the query (people: an index probe
// per word; units: the whole text in one LIKE); nobody searches with more than a name, a
// birth year and a place, while 500 words cost a second of work and then fail in the database.
const (
	maxSearchRunes = 200
	maxSearchWords = 8
)

// searchParam reads the search text named name from q, trimmed, refusing text too long or of too
// many words with a message naming the field. Words are counted as the stores split them: runs
// of letters and digits once accents are folded, so "a-b-c" is three.
func searchParam(q url.Values, name string) (string, error) {
	v := strings.TrimSpace(q.Get(name))
	if utf8.RuneCountInString(v) > maxSearchRunes {
		return "", canbo.Invalid(name, "err.web.search_params.too_long", name, maxSearchRunes)
	}
	words := strings.FieldsFunc(vn.Fold(v), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	if len(words) > maxSearchWords {
		return "", canbo.Invalid(name, "err.web.search_params.too_many_words", name, len(words), maxSearchWords)
	}
	return v, nil
}
