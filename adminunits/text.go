package adminunits

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kinds of units, spelled as the law and the lists spell them. Names are canonicalised to start
// with exactly these words ("Thị Trấn X" and "xã X" become "Thị trấn X" and "Xã X"), so that a
// kind can be compared with == and a name can be shown without surprises.
const (
	KindCentralCity = "Thành phố trực thuộc TW" // province level: Hà Nội, Hồ Chí Minh, ...
	KindProvince    = "Tỉnh"

	KindUrbanDistrict = "Quận"
	KindRuralDistrict = "Huyện"
	KindTown          = "Thị xã"
	KindCity          = "Thành phố" // a city under a province

	KindWard        = "Phường"
	KindCommune     = "Xã"
	KindTownlet     = "Thị trấn"
	KindSpecialZone = "Đặc khu"
)

var (
	provinceKinds = []string{KindCity, KindProvince}
	districtKinds = []string{KindCity, KindTown, KindUrbanDistrict, KindRuralDistrict}
	communeKinds  = []string{KindSpecialZone, KindTownlet, KindWard, KindCommune}
)

// clean is the one normalisation applied to every text read from a file: NFC (the lists mix
// precomposed and decomposed letters, which look identical but compare different), invalid
// UTF-8 replaced, line breaks and runs of spaces collapsed to one space, ends trimmed.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = norm.NFC.String(s)
	space := true // a leading space needs the slow path too
	for _, r := range s {
		if r == ' ' {
			if space {
				return collapseSpaces(s)
			}
			space = true
			continue
		}
		if unicode.IsSpace(r) {
			return collapseSpaces(s)
		}
		space = false
	}
	if space && s != "" {
		return collapseSpaces(s)
	}
	return s
}

func collapseSpaces(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// cleanCache remembers clean's results for columns whose values repeat on most rows.
type cleanCache map[string]string

func (c *cleanCache) get(raw string) string {
	if *c == nil {
		*c = cleanCache{}
	}
	if v, ok := (*c)[raw]; ok {
		return v
	}
	v := clean(raw)
	(*c)[raw] = v
	return v
}

// fold returns s without diacritics, with đ → d, in lower case and with single spaces: the key
// under which "Đăk Lắk", "ĐĂK LẮK" and "Đắk Lắk" are the same name. Apostrophes of any shape
// become ASCII ones. It reads precomposed and decomposed text alike.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	for _, r := range s {
		if r < utf8.RuneSelf {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
				if !space {
					b.WriteByte(' ')
				}
				space = true
				continue
			}
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			space = false
			continue
		}
		if base, ok := foldTable[r]; ok {
			r = base
		} else if unicode.Is(unicode.Mn, r) {
			continue
		} else if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		} else {
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// foldTable maps every precomposed Latin letter to its lower-case base letter, worked out once
// through NFD so that fold does not normalise each string.
var foldTable = func() map[rune]rune {
	t := map[rune]rune{'đ': 'd', 'Đ': 'd', '\u2019': '\'', '\u2018': '\'', '`': '\'', '\u00b4': '\''}
	for _, rg := range [][2]rune{{0x00C0, 0x024F}, {0x1E00, 0x1EFF}} {
		for r := rg[0]; r <= rg[1]; r++ {
			if _, ok := t[r]; ok {
				continue
			}
			d := []rune(norm.NFD.String(string(r)))
			if len(d) > 1 && d[0] < utf8.RuneSelf {
				t[r] = unicode.ToLower(d[0])
			}
		}
	}
	return t
}()

// splitKind splits a cleaned name into its kind (canonical spelling from kinds) and the rest. It
// compares folded words, so "THỊ TRẤN", "Thị Trấn" and even the typo "Thi trấn" are recognised.
// ok is false when the name does not start with one of kinds.
func splitKind(name string, kinds []string) (kind, rest string, ok bool) {
	for _, k := range kinds {
		if n, ok := foldPrefix(name, foldedKinds[k]); ok {
			return k, strings.TrimLeft(name[n:], " "), true
		}
	}
	return "", name, false
}

// foldPrefix reports whether name starts with the words of folded (already folded), ending at a
// word boundary, and how many bytes of name they take. It allocates nothing: it runs for every
// name of every list.
func foldPrefix(name, folded string) (int, bool) {
	j := 0
	for i, r := range name {
		if j == len(folded) {
			return i, r == ' '
		}
		if r >= utf8.RuneSelf {
			if base, ok := foldTable[r]; ok {
				r = base
			} else if unicode.Is(unicode.Mn, r) {
				continue
			} else {
				r = unicode.ToLower(r)
			}
		} else if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		fr, size := utf8.DecodeRuneInString(folded[j:])
		if r != fr {
			return 0, false
		}
		j += size
	}
	return len(name), j == len(folded)
}

// foldedKinds holds the folded spelling of every kind word (all are one or two words long).
var foldedKinds = func() map[string]string {
	m := map[string]string{}
	for _, ks := range [][]string{provinceKinds, districtKinds, communeKinds} {
		for _, k := range ks {
			m[k] = fold(k)
		}
	}
	return m
}()

// canonicalName returns name with its kind word spelled canonically, and whether it changed.
func canonicalName(name string, kinds []string) (string, bool) {
	k, rest, ok := splitKind(name, kinds)
	if !ok {
		return name, false
	}
	c := k
	if rest != "" {
		c = k + " " + rest
	}
	return c, c != name
}

// looseKey is the key under which two spellings of one unit's name are taken to be the same:
// folded, without the kind word (once or twice: Huế has a "Phường Phường Đúc"), without spaces,
// apostrophes and dots ("Ea Bar" = "EaBar", "Cư K'nia" = "Cư Knia"), numbers without leading
// zeros ("Phường 01" = "Phường 1"), a final Roman numeral read as a number ("Phường IV" =
// "Phường 4") and "NT" read as "Nông trường".
func looseKey(name string, kinds []string) string {
	k, rest, ok := splitKind(name, kinds)
	if ok {
		if first, after, _ := strings.Cut(rest, " "); after != "" && strings.EqualFold(first, k) {
			rest = after
		}
	}
	f := fold(rest)
	tokens := strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(tokens) >= 2 && tokens[0] == "n" && tokens[1] == "t" {
		tokens = append([]string{"nong", "truong"}, tokens[2:]...)
	} else if len(tokens) >= 1 && tokens[0] == "nt" {
		tokens = append([]string{"nong", "truong"}, tokens[1:]...)
	}
	for i, t := range tokens {
		if isDigits(t) {
			t = strings.TrimLeft(t, "0")
			if t == "" {
				t = "0"
			}
			tokens[i] = t
		}
	}
	if n := len(tokens); n > 0 {
		if v, ok := roman[tokens[n-1]]; ok {
			tokens[n-1] = v
		}
	}
	return strings.Join(tokens, "")
}

var roman = map[string]string{
	"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8",
	"ix": "9", "x": "10", "xi": "11", "xii": "12", "xiii": "13", "xiv": "14", "xv": "15",
}

// nameMatch compares the names of one unit in two lists.
type nameMatch int

const (
	nameSame      nameMatch = iota // same loose key
	nameRespelled                  // a small spelling difference: "Xà Phìn" / "Sà Phìn"
	nameDifferent                  // another name
)

// compareNames decides whether a and b name the same unit. Loose keys one edit apart (two for
// keys of six letters or more) are a spelling variant: the lists disagree on s/x, ch/tr, i/y,
// b/p or a dropped letter. More than that is a different name.
func compareNames(a, b string, kinds []string) nameMatch {
	if a == b {
		return nameSame
	}
	ka, kb := looseKey(a, kinds), looseKey(b, kinds)
	if ka == kb {
		return nameSame
	}
	allowed := 1
	if min(utf8.RuneCountInString(ka), utf8.RuneCountInString(kb)) >= 6 {
		allowed = 2
	}
	if min(len(ka), len(kb)) >= 3 && editDistance(ka, kb, allowed) <= allowed {
		return nameRespelled
	}
	return nameDifferent
}

// editDistance is the Levenshtein distance of a and b in runes, or limit+1 once it is known to
// exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitCode splits "Thành phố Hà Nội (01)" into "Thành phố Hà Nội" and "01". A name without a
// bracketed code at its end is returned whole with an empty code; bracketed text that is not
// digits is returned as bad.
func splitCode(s string) (name, code string, bad string) {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, ")") {
		return s, "", ""
	}
	i := strings.LastIndexByte(s, '(')
	if i < 0 {
		return s, "", ""
	}
	inner := strings.TrimSpace(s[i+1 : len(s)-1])
	name = strings.TrimSpace(s[:i])
	if !isDigits(inner) {
		return name, "", inner
	}
	return name, inner, ""
}

// padCode left-pads an all-digit code to width, because spreadsheets drop leading zeros
// ("4" for "00004"). ok is false for anything that is not 1..width digits.
func padCode(s string, width int) (code string, padded, ok bool) {
	if !isDigits(s) || len(s) > width {
		return s, false, false
	}
	if len(s) == width {
		return s, false, true
	}
	return strings.Repeat("0", width-len(s)) + s, true, true
}
