package vn

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Legacy encodings. Before Unicode, Vietnamese offices typed with font-based encodings: the
// characters were ordinary Windows-1252 bytes and only the font (.VnTime for TCVN3, VNI-Times for
// VNI) drew them as Vietnamese letters. Old spreadsheets and Word files still hold such text.
// Read as Windows-1252 or Latin-1, every byte 0xA0–0xFF becomes U+00A0–U+00FF, and that mojibake
// is what FromTCVN3 and FromVNI take. (Decode the file's bytes with
// golang.org/x/text/encoding/charmap.Windows1252 or ISO8859_1 first, never as UTF-8.)

// tcvn3High maps the bytes 0x80–0xFF of TCVN 5712:1993 (VN1 table; TCVN3/ABC is its subset used
// by the .VnTime fonts) to Unicode. 0xB0–0xB4 are combining tone marks.
var tcvn3High = [128]rune{
	'À', 'Ả', 'Ã', 'Á', 'Ạ', 'Ặ', 'Ậ', 'È', 'Ẻ', 'Ẽ', 'É', 'Ẹ', 'Ệ', 'Ì', 'Ỉ', 'Ĩ', // 0x80
	'Í', 'Ị', 'Ò', 'Ỏ', 'Õ', 'Ó', 'Ọ', 'Ộ', 'Ờ', 'Ở', 'Ỡ', 'Ớ', 'Ợ', 'Ù', 'Ủ', 'Ũ', // 0x90
	'\u00A0', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ', // 0xA0
	'\u0300', '\u0309', '\u0303', '\u0301', '\u0323', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ', 'ẵ', 'ắ', 'Ẵ', // 0xB0
	'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', // 0xC0
	'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', // 0xD0
	'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // 0xE0
	'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố', // 0xF0
}

// tcvn3Low maps the control bytes that the full TCVN 5712 table uses for the remaining capital
// letters. Tab, line feed and carriage return are not among them.
var tcvn3Low = map[rune]rune{
	0x01: 'Ú', 0x02: 'Ụ', 0x04: 'Ừ', 0x05: 'Ử', 0x06: 'Ữ', 0x11: 'Ứ',
	0x12: 'Ự', 0x13: 'Ỳ', 0x14: 'Ỷ', 0x15: 'Ỹ', 0x16: 'Ý', 0x17: 'Ỵ',
}

// FromTCVN3 converts text typed in TCVN3 (ABC, the .VnTime fonts) and read as Windows-1252 or
// Latin-1, such as "NguyÔn V¨n A", to Unicode NFC: "Nguyễn Văn A". Characters above U+00FF are
// kept as they are.
//
// What cannot be known for sure, and how it is decided:
//   - TCVN3 proper has no capital letters with tone marks. Capitals were typed with the
//     all-capitals .VnTimeH fonts, which draw the lower-case codes as capitals, so "NGUYỄN" is
//     stored as "NGUYÔN" and the bytes alone say "NGUYễN". FromTCVN3 upper-cases the Vietnamese
//     letters of a word that has no lower-case ASCII letter and has a capital after its first
//     letter ("NGUYÔN", "®øC" → "ĐỨC"), and of a whole line that has no lower-case ASCII letter
//     and such a word with a Vietnamese letter ("CéNG HßA X· HéI" → "CỘNG HÒA XÃ HỘI"). A word like "Lª" stays "Lê":
//     it may have been "LÊ" in a capitals font, which nothing in the bytes shows.
//   - The capital letters of the full TCVN 5712 table (VN1) are decoded too, including those at
//     C1 control codes U+0080–U+009F and at the control bytes 0x01–0x17 (never tab or line
//     breaks). Windows-1252 punctuation at 0x80–0x9F (curly quotes, dashes) is left alone:
//     it is far more often real punctuation than a VN1 capital.
//   - 0xAD, the letter ư, is the Latin-1 soft hyphen, which some programs delete: text that went
//     through them has lost its ư ("Tr­êng" became "Trêng") and cannot be repaired here.
//   - Text that was not TCVN3 is damaged by the conversion: call it only on text known or detected
//     (DetectLegacy) to be TCVN3.
func FromTCVN3(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for _, r := range s {
		switch {
		case r >= 0x80 && r <= 0xFF:
			b.WriteRune(tcvn3High[r-0x80])
		case r < 0x20 && tcvn3Low[r] != 0:
			b.WriteRune(tcvn3Low[r])
		default:
			b.WriteRune(r)
		}
	}
	return capitalsFont(norm.NFC.String(b.String()))
}

// capitalsFont applies the .VnTimeH rule described at FromTCVN3 to each line of s.
func capitalsFont(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, line := range lines {
		lines[i] = capitalsLine(line)
	}
	return strings.Join(lines, "")
}

func capitalsLine(line string) string {
	rs := []rune(line)
	type word struct{ from, to int }
	var words []word
	lineLowerASCII, lineCaps := false, false
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i]) {
			i++
			continue
		}
		w := word{from: i}
		for i < len(rs) && isWordRune(rs[i]) {
			i++
		}
		w.to = i
		words = append(words, w)
		lower, caps := wordCase(rs[w.from:w.to])
		lineLowerASCII = lineLowerASCII || lower
		// An all-ASCII acronym (UBND, TP) does not make the line a capitals line: names
		// written in the normal font often stand next to one.
		lineCaps = lineCaps || caps && !isASCII(rs[w.from:w.to])
	}
	changed := false
	for _, w := range words {
		lower, caps := wordCase(rs[w.from:w.to])
		if lower || !(caps || lineCaps && !lineLowerASCII) {
			continue
		}
		for j := w.from; j < w.to; j++ {
			if u := unicode.ToUpper(rs[j]); u != rs[j] {
				rs[j], changed = u, true
			}
		}
	}
	if !changed {
		return line
	}
	return string(rs)
}

func isASCII(w []rune) bool {
	for _, r := range w {
		if r > 0x7F {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

// wordCase reports whether a word has a lower-case ASCII letter, and whether it has a capital
// letter after its first letter (so it is not merely capitalised).
func wordCase(w []rune) (lowerASCII, caps bool) {
	for i, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			lowerASCII = true
		case i > 0 && unicode.IsUpper(r):
			caps = true
		}
	}
	return lowerASCII, caps
}

// VNI modifiers: VNI-Windows writes a letter with diacritics as its base letter followed by one
// modifier character that the font draws on top of (or under) the previous glyph.
type vniModifier struct {
	mark rune // U+0302 circumflex, U+0306 breve, or 0
	tone rune // combining tone mark, or 0
}

var vniModifiers = map[rune]vniModifier{
	'ø': {0, '\u0300'}, 'ù': {0, '\u0301'}, 'û': {0, '\u0309'}, 'õ': {0, '\u0303'}, 'ï': {0, '\u0323'},
	'â': {'\u0302', 0}, 'à': {'\u0302', '\u0300'}, 'á': {'\u0302', '\u0301'}, 'å': {'\u0302', '\u0309'}, 'ã': {'\u0302', '\u0303'}, 'ä': {'\u0302', '\u0323'},
	'ê': {'\u0306', 0}, 'è': {'\u0306', '\u0300'}, 'é': {'\u0306', '\u0301'}, 'ú': {'\u0306', '\u0309'}, 'ü': {'\u0306', '\u0303'}, 'ë': {'\u0306', '\u0323'},
	'Ø': {0, '\u0300'}, 'Ù': {0, '\u0301'}, 'Û': {0, '\u0309'}, 'Õ': {0, '\u0303'}, 'Ï': {0, '\u0323'},
	'Â': {'\u0302', 0}, 'À': {'\u0302', '\u0300'}, 'Á': {'\u0302', '\u0301'}, 'Å': {'\u0302', '\u0309'}, 'Ã': {'\u0302', '\u0303'}, 'Ä': {'\u0302', '\u0323'},
	'Ê': {'\u0306', 0}, 'È': {'\u0306', '\u0300'}, 'É': {'\u0306', '\u0301'}, 'Ú': {'\u0306', '\u0309'}, 'Ü': {'\u0306', '\u0303'}, 'Ë': {'\u0306', '\u0323'},
}

// vniSingles are the letters VNI-Windows writes as one character of their own.
var vniSingles = map[rune]rune{
	'æ': 'ỉ', 'ó': 'ĩ', 'ò': 'ị', 'ô': 'ơ', 'ö': 'ư', 'î': 'ỵ', 'ñ': 'đ',
	'Æ': 'Ỉ', 'Ó': 'Ĩ', 'Ò': 'Ị', 'Ô': 'Ơ', 'Ö': 'Ư', 'Î': 'Ỵ', 'Ñ': 'Đ',
}

// vniTakes reports whether base letter r accepts modifier m: a circumflex goes on a, e, o; a
// breve only on a; a tone alone on any vowel that VNI writes with modifiers (i is written with
// its own characters ì, í, æ, ó, ò).
func vniTakes(r rune, m vniModifier) bool {
	switch unicode.ToLower(r) {
	case 'a':
		return true
	case 'e', 'o':
		return m.mark != '\u0306'
	case 'u', 'y', 'ơ', 'ư':
		return m.mark == 0
	}
	return false
}

// FromVNI converts text typed in VNI-Windows (VNI-Times and related fonts) and read as
// Windows-1252 or Latin-1, such as "Nguyeãn Vaên A", to Unicode NFC: "Nguyễn Văn A". Characters
// above U+00FF are kept as they are. The case of a letter is the case of its base letter; the
// case of the modifier (lower and upper forms differ only in glyph height) is ignored.
//
// What cannot be known for sure: VNI's modifiers and single letters are ordinary Latin-1 letters
// (ø ù û õ ï â à á å ã ä ê è é ú ü ë, and ô for ơ, ö for ư, ñ for đ, ó for ĩ, ò for ị, æ for ỉ,
// î for ỵ). In VNI text they are unambiguous, because a modifier only ever follows the vowel it
// modifies; but text that was not VNI (French "où", German "schön", or Unicode Vietnamese that
// happens to use only Latin-1 letters such as "Hoàng") is damaged by the conversion. Call it only
// on text known or detected (DetectLegacy) to be VNI.
func FromVNI(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if single, ok := vniSingles[r]; ok {
			r = single
		}
		if i+1 < len(rs) {
			if m, ok := vniModifiers[rs[i+1]]; ok && vniTakes(r, m) {
				b.WriteRune(r)
				if m.mark != 0 {
					b.WriteRune(m.mark)
				}
				if m.tone != 0 {
					b.WriteRune(m.tone)
				}
				i++
				continue
			}
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// tcvn3Signs are TCVN3 letters that are symbols or punctuation in Latin-1 (¨ is ă, ¸ is á, ­ is
// ư...). Right after an ASCII letter they are a strong sign of TCVN3; « and » (ô, ằ) are left out
// because they are real quotation marks in other text, and 0xB0–0xB4 because TCVN3 text rarely
// uses its combining marks.
const tcvn3Signs = "¡¢£¤¥¦§¨©ª¬\u00AD®µ¶·¸¹¼½¾"

// DetectLegacy guesses whether s is TCVN3 ("tcvn3") or VNI ("vni") mojibake, or neither (""),
// so that an importer can offer the conversion (it should show the converted sample and let the
// user confirm rather than convert silently).
//
// The heuristic is conservative. Text holding any letter above U+00FF is taken as Unicode already.
// Otherwise it counts TCVN3 signs (Latin-1 symbols such as ¨ ¸ ¶ · ª right after an ASCII letter,
// as in "V¨n") and VNI signs (a vowel followed by a VNI modifier it can take, as in "Nguyeãn",
// except o followed by à, á or ã, which Unicode Vietnamese has in "Hoàng", "Toán"; and ö followed
// by ô, VNI's ươ). An encoding is reported when it has at least two signs and more than the other,
// or one sign and none of the other in a text of at most four words (a name). A TCVN3 text
// without any sign (rare: almost every Vietnamese phrase has an ă, á, â, ê, ô, ơ, ư or đ) is not
// detected.
func DetectLegacy(s string) string {
	rs := []rune(s)
	tcvn, vni, words := 0, 0, 0
	inWord := false
	for i, r := range rs {
		if r > 0xFF && unicode.IsLetter(r) {
			return ""
		}
		if isWordRune(r) || strings.ContainsRune(tcvn3Signs, r) {
			if !inWord {
				words++
			}
			inWord = true
		} else {
			inWord = false
		}
		if i == 0 {
			continue
		}
		prev := rs[i-1]
		if strings.ContainsRune(tcvn3Signs, r) && isASCIILetter(prev) {
			tcvn++
		}
		if m, ok := vniModifiers[r]; ok && vniBase(prev) && vniTakes(vniLetter(prev), m) {
			weak := unicode.ToLower(prev) == 'o' && strings.ContainsRune("àáãÀÁÃ", r)
			if !weak {
				vni++
			}
		}
		if (prev == 'ö' && r == 'ô') || (prev == 'Ö' && r == 'Ô') {
			vni++
		}
	}
	decide := func(a, b int) bool { return a > b && (a >= 2 || a == 1 && b == 0 && words <= 4) }
	switch {
	case decide(tcvn, vni):
		return "tcvn3"
	case decide(vni, tcvn):
		return "vni"
	}
	return ""
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// vniBase reports whether r can carry a VNI modifier: an ASCII vowel, or ô/ö (VNI's ơ and ư).
func vniBase(r rune) bool { return strings.ContainsRune("aeouyAEOUYôöÔÖ", r) }

func vniLetter(r rune) rune {
	if l, ok := vniSingles[r]; ok {
		return l
	}
	return r
}
