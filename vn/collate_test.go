package vn_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"canbo/vn"
)

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// checkIncreasing fails unless every element of list sorts strictly before the next, both by
// Compare and by Key.
func checkIncreasing(t *testing.T, list []string) {
	t.Helper()
	for i := 1; i < len(list); i++ {
		a, b := list[i-1], list[i]
		if got := vn.Compare(a, b); got != -1 {
			t.Errorf("Compare(%q, %q) = %d, want -1", a, b, got)
		}
		if got := vn.Compare(b, a); got != 1 {
			t.Errorf("Compare(%q, %q) = %d, want 1", b, a, got)
		}
		if got := bytes.Compare(vn.Key(a), vn.Key(b)); got != -1 {
			t.Errorf("bytes.Compare(Key(%q), Key(%q)) = %d, want -1", a, b, got)
		}
	}
}

func TestCompareAlphabet(t *testing.T) {
	// The 29 letters of the Vietnamese alphabet in their official order.
	checkIncreasing(t, strings.Fields("a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y"))
	checkIncreasing(t, strings.Fields("A Ă Â B C D Đ E Ê G H I K L M N O Ô Ơ P Q R S T U Ư V X Y"))
}

func TestCompareTones(t *testing.T) {
	// Tone order: none, huyền, hỏi, ngã, sắc, nặng, for every vowel.
	for _, row := range []string{
		"a à ả ã á ạ", "ă ằ ẳ ẵ ắ ặ", "â ầ ẩ ẫ ấ ậ", "e è ẻ ẽ é ẹ", "ê ề ể ễ ế ệ", "i ì ỉ ĩ í ị",
		"o ò ỏ õ ó ọ", "ô ồ ổ ỗ ố ộ", "ơ ờ ở ỡ ớ ợ", "u ù ủ ũ ú ụ", "ư ừ ử ữ ứ ự", "y ỳ ỷ ỹ ý ỵ",
		"ma mà mả mã má mạ",
	} {
		t.Run(row, func(t *testing.T) { checkIncreasing(t, strings.Fields(row)) })
	}
}

func TestCompareNames(t *testing.T) {
	// Given names in the order official lists print them. The letter decides before the tone:
	// "Ánh" (a) comes before "Ân" (â) and "Bình", and a tone only separates otherwise equal names.
	checkIncreasing(t, []string{
		"An", "Anh", "Ánh", "Ân", "Bảo", "Bình", "Chi", "Cường", "Dũng", "Dương", "Đào", "Đức",
		"Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hưng", "Khánh", "Lan", "Linh", "Lộc",
		"Lợi", "Minh", "Nam", "Ngọc", "Oanh", "Ơn", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang",
		"Tú", "Tư", "Uyên", "Ưng", "Vân", "Xuân", "Yến",
	})
	// Case is the last level: lower case first, and only for otherwise equal strings.
	checkIncreasing(t, []string{"an", "An", "AN", "anh"})
}

func TestCompareKeyAgree(t *testing.T) {
	words := []string{"", " ", "a", "A", "à", "Anh", "anh", "Ánh", "Đức", "Dũng", "Nguyễn Văn A",
		"Nguyễn Văn An", "Nguyễn  Văn A", norm.NFD.String("Lộc"), "Lộc", "1", "10", "2", "日本",
		"a\x00b", "ab", "a b", "x\u200by", "\ufffd", "Ｔ"}
	for _, a := range words {
		for _, b := range words {
			if got, want := sign(bytes.Compare(vn.Key(a), vn.Key(b))), vn.Compare(a, b); got != want {
				t.Errorf("Key order of %q, %q = %d, Compare = %d", a, b, got, want)
			}
		}
	}
	if got, want := vn.Key(norm.NFD.String("Lộc")), vn.Key("Lộc"); !bytes.Equal(got, want) {
		t.Errorf("Key(NFD Lộc) = % x, want Key(NFC Lộc) = % x", got, want)
	}
}

func TestKeyContainsZero(t *testing.T) {
	// Documented fact that PersonKey's escaping relies on: raw collation keys do contain 0x00,
	// so they cannot be joined with a 0x00 separator unescaped.
	if k := vn.Key("An"); bytes.IndexByte(k, 0) < 0 {
		t.Errorf("Key(%q) = % x has no zero byte; the escaping in PersonKey may be unnecessary", "An", k)
	}
}

type person struct{ family, middle, given, birth string }

func (p person) String() string {
	return fmt.Sprintf("%s %s %s (%s)", p.family, p.middle, p.given, p.birth)
}

func TestPersonKeyOrder(t *testing.T) {
	// An official list: by tên, then họ, then đệm, then earlier birth date; unknown last.
	want := []person{
		{"Nguyễn", "Thị", "An", "1965-03-15"},    // same tên: họ Nguyễn < Trần < Vũ
		{"Trần", "Thị", "An", "1962"},            // same tên and họ: đệm Thị before Văn
		{"Trần", "Văn", "An", "1960-12-01"},      // same full name: earlier birth first
		{"Trần", "Văn", "An", "1961-05"},         // month-only 1961-05 before 1961-06-01
		{"Trần", "Văn", "An", "1961-06-01"},      //
		{"Trần", "Văn", "An", "1961-06"},         // unknown day after the known days of June
		{"Trần", "Văn", "An", "1961"},            // unknown month after the known months of 1961
		{"Trần", "Văn", "An", ""},                // unknown birth last
		{"Vũ", "Văn", "An", "1970"},              // "An" before "Anh" although "Vũ" > "Bùi"
		{"Bùi", "Thị", "Anh", "1980"},            //
		{"Lê", "", "Ánh", "1975"},                // no middle name sorts first
		{"Lê", "Thị Ngọc", "Ánh", "1975"},        // compound middle name
		{"Đỗ", "Văn", "Bình", "1959"},            //
		{"Phạm", "Linh", "Chi", "1990"},          //
		{"Hoàng", "Trọng", "Dũng", "1966"},       //
		{"Dương", "Minh", "Đức", "1971"},         // Đ after D
		{"Đặng", "Minh", "Đức", "1971"},          // họ Đặng after Dương
		{"Ngô", "Trường", "Giang", "not a date"}, // an unparsable birth counts as unknown
	}
	got := slices.Clone(want)
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 20; round++ {
		r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		slices.SortFunc(got, func(a, b person) int {
			return bytes.Compare(vn.PersonKey(a.family, a.middle, a.given, a.birth),
				vn.PersonKey(b.family, b.middle, b.given, b.birth))
		})
		if !slices.Equal(got, want) {
			t.Fatalf("sorted by PersonKey:\n%v\nwant:\n%v", got, want)
		}
	}
}

func TestPersonKeyCleansParts(t *testing.T) {
	a := vn.PersonKey("  Nguyễn ", "Văn\tAn", norm.NFD.String("Lộc"), "1965")
	b := vn.PersonKey("Nguyễn", "Văn An", "Lộc", " 1965 ")
	if !bytes.Equal(a, b) {
		t.Errorf("PersonKey of messy input = % x, want % x", a, b)
	}
}

func TestPersonKeyEscape(t *testing.T) {
	// Keys of single parts must agree with Compare on the cleaned part even though collation
	// keys contain 0x00 and 0x01 bytes.
	names := []string{"", "A", "An", "Anh", "Ánh", "Ân", "B", "Đ", "Đức", "Ư", "日本", "a b", "ab"}
	for _, a := range names {
		for _, b := range names {
			got := sign(bytes.Compare(vn.PersonKey("", "", a, ""), vn.PersonKey("", "", b, "")))
			if want := vn.Compare(a, b); got != want {
				t.Errorf("PersonKey order of given %q, %q = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestCollationConcurrent(t *testing.T) {
	names := []string{"Nguyễn Phước Lộc", "Trần Thị Ánh", "Đặng Văn Đức", "Lê An", "Vũ Anh"}
	want := make([][]byte, len(names))
	for i, n := range names {
		want[i] = vn.Key(n)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				j := i % len(names)
				if got := vn.Key(names[j]); !bytes.Equal(got, want[j]) {
					errs <- fmt.Sprintf("Key(%q) = % x, want % x", names[j], got, want[j])
					return
				}
				_ = vn.Compare(names[j], names[(j+1)%len(names)])
				_ = vn.PersonKey("Nguyễn", "Văn", names[j], "1965")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func FuzzKey(f *testing.F) {
	f.Add("An", "Anh")
	f.Add("Đức", "Dũng")
	f.Add("a\x00", "a")
	f.Add(norm.NFD.String("Lộc"), "Lộc")
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := sign(bytes.Compare(vn.Key(a), vn.Key(b))), vn.Compare(a, b); got != want {
			t.Fatalf("Key order of %q, %q = %d, Compare = %d", a, b, got, want)
		}
		ca, cb := vn.Clean(a), vn.Clean(b)
		got := sign(bytes.Compare(vn.PersonKey("", "", a, ""), vn.PersonKey("", "", b, "")))
		if want := vn.Compare(ca, cb); got != want {
			t.Fatalf("PersonKey order of given %q, %q = %d, want Compare of cleaned = %d", a, b, got, want)
		}
		_ = vn.PersonKey(a, b, a, b)
	})
}
