package validate

import (
	"unicode"
	"unicode/utf8"

	"canbo"

	"golang.org/x/text/unicode/norm"
)

// maxMarks is the most combining marks one letter may carry after NFC: Vietnamese needs none
// (every letter with its marks is precomposed), other scripts one or two.
const maxMarks = 2

// checkText refuses invalid UTF-8 (which would otherwise be replaced by U+FFFD without a word),
// bidirectional controls (an RTL override makes "Lộc" display as something else in every list
// and export) and more than maxMarks combining marks on one letter (text that spills over the
// lines above and below it).
func checkText(field, s string) error {
	if !utf8.ValidString(s) {
		return canbo.Invalid(field, "err.validate.text_checks.utf8", field)
	}
	marks := 0
	for _, r := range norm.NFC.String(s) {
		if isBidiControl(r) {
			return canbo.Invalid(field, "err.validate.text_checks.direction_control", field, r)
		}
		if unicode.Is(unicode.Mn, r) {
			if marks++; marks > maxMarks {
				return canbo.Invalid(field, "err.validate.text_checks.stacked_marks", field, maxMarks)
			}
		} else {
			marks = 0
		}
	}
	return nil
}

// isBidiControl reports the Unicode bidirectional formatting characters: embeddings, overrides,
// isolates and marks.
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}
