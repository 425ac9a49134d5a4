package vn

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// isZeroWidth reports the invisible characters that creep in from copy and paste (web pages,
// Word, PDF) and make two names that look equal compare unequal.
func isZeroWidth(r rune) bool {
	switch r {
	case '\u200B', // zero width space
		'\u200C', // zero width non-joiner
		'\u200D', // zero width joiner
		'\u2060', // word joiner
		'\uFEFF', // byte order mark / zero width no-break space
		'\u00AD', // soft hyphen: invisible unless a line breaks there
		'\u180E': // Mongolian vowel separator, formerly a space
		return true
	}
	return false
}

// Clean returns s in the form the system stores text: Unicode NFC, every run of white space
// (including tabs, line breaks and no-break spaces) replaced by one space, no leading or trailing
// space, and no control or zero-width characters. Invalid UTF-8 becomes U+FFFD. Clean is meant
// for one-line fields (names, titles, numbers); multi-line notes should not be collapsed.
//
// Storing one canonical form is what makes equality, uniqueness constraints and search work:
// "Nguyễn" typed on a Mac (NFD) and on Windows (NFC) must be the same name.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	return cleanCopy(s)
}

// cleanCopy is Clean's full path: it builds the cleaned copy of s.
func cleanCopy(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
		case unicode.IsControl(r) || isZeroWidth(r):
			// Dropped without ending a run of spaces: "a \u200b b" is "a b".
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	out := b.String()
	if norm.NFC.IsNormalString(out) {
		return out
	}
	return norm.NFC.String(out)
}

// isClean reports whether Clean would return s unchanged, for the common case it can tell
// without building a copy: single ASCII spaces between words, no control or zero-width
// character, and only characters that are NFC whatever surrounds them — those below U+0300
// (Latin letters with their precomposed accents, đ, ơ, ư) and the Vietnamese letters of
// U+1EA0–U+1EF9. Anything else (a combining mark, another script, invalid UTF-8) takes
// Clean's full path. A nation seed cleans every text field of 6 million people: the copy and
// the NFC check cost ≈ 75 s of CPU there, most of it on text that is already clean.
func isClean(s string) bool {
	space := true // at the start, a space would be a leading one
	for _, r := range s {
		switch {
		case r == ' ':
			if space {
				return false
			}
			space = true
			continue
		case r < ' ', r >= 0x7f && r <= 0xa0, r == '\u00AD', r >= 0x300 && (r < 0x1ea0 || r > 0x1ef9):
			return false
		}
		space = false
	}
	return !space || s == ""
}

// HasControl reports whether s holds characters that Clean would silently drop or change:
// control characters (tab and line breaks included), zero-width characters or invalid UTF-8.
// A form handler can use it to refuse such input with a message instead of cleaning it.
func HasControl(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if unicode.IsControl(r) || isZeroWidth(r) {
			return true
		}
	}
	return false
}

// Fold returns the search form of s: cleaned, lower case, without tone marks or other
// diacritics, with đ and Đ as d, so that "nguyen phuoc loc" finds "Nguyễn Phước Lộc". It works
// on precomposed (NFC) and decomposed (NFD) input alike and is idempotent. Databases cannot do
// this themselves the same way (SQLite's FTS5 keeps Đ), so the folded text is computed here and
// stored next to the original.
//
// Ð (U+00D0, Icelandic eth) and ð are folded to d as well, because legacy Windows-1258 text
// converted with the wrong code page shows Đ as Ð.
func Fold(s string) string {
	s = strings.ToLower(Clean(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ' || r == 'Đ' || r == 'ð' || r == 'Ð':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	// Recompose what is left (Hangul, for example) so the result is stored in NFC like all text,
	// and clean again because removing marks can leave nothing between two spaces.
	return Clean(b.String())
}
