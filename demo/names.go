package demo

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"

	"canbo"
	"canbo/vocab"

	"golang.org/x/text/unicode/norm"
)

// weighted draws values with given relative weights: a cumulative table and a binary search,
// so a draw costs one random number whatever the number of values.
type weighted[T any] struct {
	vals []T
	cum  []float64
}

type w[T any] struct {
	v  T
	wt float64
}

func newWeighted[T any](items ...w[T]) *weighted[T] {
	ws := &weighted[T]{}
	total := 0.0
	for _, it := range items {
		total += it.wt
		ws.vals = append(ws.vals, it.v)
		ws.cum = append(ws.cum, total)
	}
	return ws
}

func (ws *weighted[T]) pick(r *rand.Rand) T {
	x := r.Float64() * ws.cum[len(ws.cum)-1]
	i := sort.SearchFloat64s(ws.cum, x)
	if i >= len(ws.vals) {
		i = len(ws.vals) - 1
	}
	return ws.vals[i]
}

// zipf weights a list by rank, 1/(rank+k)^s: given names follow such a long tail, a few very
// common and many rare.
func zipf(names []string, s, k float64) *weighted[string] {
	items := make([]w[string], len(names))
	for i, n := range names {
		items[i] = w[string]{n, 1 / math.Pow(float64(i)+k, s)}
	}
	return newWeighted(items...)
}

// familyNames are the family names (họ) with their shares in percent. The head follows the
// published surveys of Vietnamese family names (Nguyễn ≈ 38%, Trần ≈ 11%, Lê ≈ 9.5%…), split
// the way Ho Chi Minh City writes them (Huỳnh for Hoàng and Võ for Vũ are the southern forms and
// the more common ones here); the tail shares the remaining ≈ 11.5%.
var familyNames = newWeighted(
	w[string]{"Nguyễn", 38}, w[string]{"Trần", 11}, w[string]{"Lê", 9.5}, w[string]{"Phạm", 7},
	w[string]{"Huỳnh", 3}, w[string]{"Hoàng", 2}, w[string]{"Phan", 4.5}, w[string]{"Võ", 2.6}, w[string]{"Vũ", 1.3},
	w[string]{"Đặng", 2.1}, w[string]{"Bùi", 2}, w[string]{"Đỗ", 1.4}, w[string]{"Hồ", 1.3}, w[string]{"Ngô", 1.3},
	w[string]{"Dương", 1}, w[string]{"Lý", 0.5},
	// The tail: 11.5% in all.
	w[string]{"Trương", 0.9}, w[string]{"Đinh", 0.8}, w[string]{"Lâm", 0.7}, w[string]{"Đoàn", 0.7}, w[string]{"Mai", 0.6},
	w[string]{"Trịnh", 0.5}, w[string]{"Đào", 0.5}, w[string]{"Cao", 0.5}, w[string]{"Lương", 0.45}, w[string]{"Tạ", 0.35},
	w[string]{"Hà", 0.4}, w[string]{"Tô", 0.35}, w[string]{"Châu", 0.35}, w[string]{"Lưu", 0.35}, w[string]{"Quách", 0.25},
	w[string]{"Thái", 0.3}, w[string]{"Phùng", 0.25}, w[string]{"Tăng", 0.25}, w[string]{"Kiều", 0.2}, w[string]{"La", 0.2},
	w[string]{"Triệu", 0.2}, w[string]{"Chu", 0.2}, w[string]{"Từ", 0.15}, w[string]{"Diệp", 0.15}, w[string]{"Khưu", 0.1},
	w[string]{"Mạc", 0.1}, w[string]{"Lục", 0.1}, w[string]{"Giang", 0.15}, w[string]{"Tiêu", 0.1}, w[string]{"Âu", 0.1},
	w[string]{"Văn", 0.15}, w[string]{"Nghiêm", 0.1}, w[string]{"Thân", 0.1}, w[string]{"Lại", 0.1}, w[string]{"Vương", 0.15},
	w[string]{"Quan", 0.1}, w[string]{"Ninh", 0.1}, w[string]{"Kim", 0.1}, w[string]{"Tôn", 0.1}, w[string]{"Đàm", 0.1},
)

// Middle names (chữ đệm). Văn and Thị were the usual middle names of men and women; younger
// generations use them less, so their share falls with the birth year (see middleName).
var (
	maleMiddle = newWeighted(
		w[string]{"Minh", 8}, w[string]{"Quốc", 6}, w[string]{"Thanh", 6}, w[string]{"Hoàng", 5}, w[string]{"Hữu", 6},
		w[string]{"Đức", 5}, w[string]{"Thành", 4}, w[string]{"Công", 4}, w[string]{"Ngọc", 3}, w[string]{"Tuấn", 2},
		w[string]{"Xuân", 2}, w[string]{"Anh", 2}, w[string]{"Duy", 2.5}, w[string]{"Trọng", 2}, w[string]{"Bảo", 2},
		w[string]{"Đình", 3}, w[string]{"Phước", 1.5}, w[string]{"Tấn", 3}, w[string]{"Gia", 1.5}, w[string]{"Quang", 3},
		w[string]{"Nhật", 1.5}, w[string]{"Trung", 1.5}, w[string]{"Kim", 0.5}, w[string]{"Thế", 2}, w[string]{"Chí", 1.5},
		w[string]{"Hoài", 1}, w[string]{"Thiện", 1}, w[string]{"Việt", 1.5}, w[string]{"Đăng", 1}, w[string]{"Khánh", 1},
	)
	femaleMiddle = newWeighted(
		w[string]{"Ngọc", 8}, w[string]{"Thanh", 6}, w[string]{"Thu", 5}, w[string]{"Kim", 5}, w[string]{"Minh", 3},
		w[string]{"Hoàng", 2}, w[string]{"Xuân", 2}, w[string]{"Bảo", 2}, w[string]{"Mỹ", 3}, w[string]{"Thùy", 3},
		w[string]{"Phương", 3}, w[string]{"Diễm", 1}, w[string]{"Bích", 2}, w[string]{"Hồng", 3}, w[string]{"Hoài", 1},
		w[string]{"Khánh", 2}, w[string]{"Anh", 1}, w[string]{"Thúy", 2}, w[string]{"Tuyết", 1}, w[string]{"Quỳnh", 2},
		w[string]{"Hải", 1}, w[string]{"Lan", 1}, w[string]{"Như", 1.5}, w[string]{"Cẩm", 1}, w[string]{"Kiều", 1},
		w[string]{"Nguyễn", 0.5}, w[string]{"Huỳnh", 0.5}, w[string]{"Trúc", 1}, w[string]{"Tường", 0.5}, w[string]{"Yến", 0.5},
	)
)

// Given names (tên) by sex, most common first; drawn with rank weights.
var (
	maleGiven = zipf([]string{
		"Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Long", "Sơn", "Thắng", "Phúc",
		"Lộc", "Khoa", "Huy", "Quang", "Trung", "Tài", "Đức", "Tâm", "Hiếu", "Bình",
		"Hòa", "Thành", "Vinh", "Cường", "Phong", "Tùng", "Khánh", "Hưng", "Toàn", "Tiến",
		"Kiên", "Nghĩa", "Thịnh", "Hoàng", "Tú", "Quân", "Đạt", "Hậu", "Trí", "Thanh",
		"Nhân", "Lâm", "Hiển", "Vũ", "An", "Bảo", "Duy", "Kha", "Tín", "Phước",
		"Sang", "Thuận", "Vĩnh", "Việt", "Dương", "Đông", "Hiệp", "Lợi", "Mạnh", "Nhật",
		"Phát", "Quý", "Sinh", "Tân", "Thái", "Thiện", "Thông", "Triết", "Trọng", "Tuyên",
		"Vân", "Xuân", "Yên", "Chiến", "Công", "Danh", "Định", "Giang", "Hào", "Khải",
	}, 1.0, 4)
	femaleGiven = zipf([]string{
		"Lan", "Hương", "Hoa", "Mai", "Linh", "Thảo", "Trang", "Hằng", "Ngọc", "Nga",
		"Phương", "Thủy", "Yến", "Hà", "Vy", "Ánh", "Ân", "Uyên", "Anh", "Dung",
		"Hạnh", "Hiền", "Huyền", "Loan", "Nhung", "Oanh", "Tuyết", "Vân", "Xuân", "Trinh",
		"Thư", "Nhi", "Quyên", "Diễm", "Hồng", "Liên", "Như", "Thanh", "Thúy", "Trâm",
		"My", "Châu", "Duyên", "Giang", "Hân", "Kim", "Lệ", "Ly", "Nguyệt", "Tâm",
		"Tiên", "Thu", "Vi", "Bích", "Cúc", "Đào", "Gấm", "Hậu", "Khánh", "Lài",
		"Mến", "Ngân", "Nhàn", "Phượng", "Quỳnh", "Sương", "Thơ", "Thoa", "Trúc", "Tú",
	}, 1.0, 4)
)

// middleName draws a middle name for a sex and birth year: Văn or Thị for about 60% of people
// born in 1950 falling to about 20% of those born in 2000 (and a compound middle name, "Thị
// Ngọc", for a few), the rest from the list.
func middleName(r *rand.Rand, sex canbo.Sex, year int) string {
	traditional := 0.6 - float64(year-1950)*0.008
	traditional = min(max(traditional, 0.15), 0.65)
	classic, list := "Văn", maleMiddle
	if sex == canbo.Female {
		classic, list = "Thị", femaleMiddle
		traditional += 0.1
	}
	switch x := r.Float64(); {
	case x < traditional*0.9:
		return classic
	case x < traditional:
		return classic + " " + list.pick(r)
	case x < traditional+0.02:
		return "" // a few records have no middle name
	}
	return list.pick(r)
}

// Name is a generated Vietnamese name.
type Name struct {
	Family, Middle, Given string
	Sex                   canbo.Sex
}

// drawName draws a name for a sex and birth year.
func drawName(r *rand.Rand, sex canbo.Sex, year int) Name {
	n := Name{Family: familyNames.pick(r), Middle: middleName(r, sex, year), Sex: sex}
	if sex == canbo.Female {
		n.Given = femaleGiven.pick(r)
	} else {
		n.Given = maleGiven.pick(r)
	}
	return n
}

// SampleNames draws n names as GeneratePeople does, without a database, so that tests and
// tools can look at the distributions: sexes half and half, birth years 1950–2004.
func SampleNames(seed int64, n int) []Name {
	r := newRand(seed, streamNames)
	out := make([]Name, n)
	for i := range out {
		sex := canbo.Male
		if r.IntN(2) == 1 {
			sex = canbo.Female
		}
		out[i] = drawName(r, sex, 1950+r.IntN(55))
	}
	return out
}

// Random streams: each purpose draws from its own PCG stream of the seed, so that a change in
// how one part is drawn does not reshuffle every other part.
const (
	streamNames uint64 = iota + 1
	streamPlan
	streamPeople
	streamIdentity
)

func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15*stream))
}

// Typing mistakes, for the data-cleaning features to find.

// stripMarks removes every diacritic, as a name typed without a Vietnamese keyboard reads:
// "Nguyễn Văn Hùng" → "Nguyen Van Hung".
func stripMarks(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// tones are the combining tone marks of Vietnamese: huyền, sắc, hỏi, ngã, nặng.
var tones = []rune{'\u0300', '\u0301', '\u0309', '\u0303', '\u0323'}

// wrongTone replaces the tone of a word with another one ("Nguyễn" → "Nguyển"), or adds one to a
// word without: the most common slip with Telex and VNI input.
func wrongTone(r *rand.Rand, word string) string {
	runes := []rune(norm.NFD.String(word))
	for i, c := range runes {
		for _, t := range tones {
			if c == t {
				for {
					if n := tones[r.IntN(len(tones))]; n != t {
						runes[i] = n
						return norm.NFC.String(string(runes))
					}
				}
			}
		}
	}
	// No tone: put one after the last vowel.
	for i := len(runes) - 1; i >= 0; i-- {
		if strings.ContainsRune("aeiouyAEIOUY", runes[i]) {
			out := append(append(append([]rune{}, runes[:i+1]...), tones[r.IntN(len(tones))]), runes[i+1:]...)
			return norm.NFC.String(string(out))
		}
	}
	return word
}

// slip changes one letter of a word: a doubled or a dropped letter.
func slip(r *rand.Rand, word string) string {
	runes := []rune(word)
	n := len(runes)
	switch {
	case n == 0:
		return word
	case n < 3:
		return word + string(runes[n-1:])
	}
	i := 1 + r.IntN(n-1)
	if r.IntN(2) == 0 {
		return string(append(runes[:i:i], runes[i-1:]...)) // doubled
	}
	return string(append(runes[:i:i], runes[i+1:]...)) // dropped
}

// misspell returns the name with one typing mistake in one part (tried again when the mistake
// changes nothing, as stripping the marks of "Lan" would).
func misspell(r *rand.Rand, n Name) Name {
	for range 8 {
		m := n
		part := &m.Given
		switch r.IntN(4) {
		case 0:
			part = &m.Family
		case 1:
			if m.Middle != "" {
				part = &m.Middle
			}
		}
		switch x := r.IntN(10); {
		case x < 4:
			*part = wrongTone(r, *part)
		case x < 8:
			*part = stripMarks(*part)
		default:
			*part = slip(r, *part)
		}
		if m != n {
			return m
		}
	}
	return n
}

// coded turns a weighted pick of names of list l into one of their codes: the demo names the
// values as an officer reads them and stores them as a form does. A name the list lacks is a
// mistake of the demo, caught when the package loads.
func coded(l *vocab.List, ws *weighted[string]) *weighted[string] {
	for i, v := range ws.vals {
		if v == "" {
			continue
		}
		c, ok := l.Code(v)
		if !ok {
			panic("demo: " + l.Key + " has no " + v)
		}
		ws.vals[i] = c
	}
	return ws
}
