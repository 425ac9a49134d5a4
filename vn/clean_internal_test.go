package vn

import "testing"

// TestCleanFastPath checks that Clean's fast path never gives another answer than its full
// path: on every pair of characters the fast path may accept, with the characters just
// outside it (a combining mark, the next Vietnamese block, a zero-width space, U+FFFD), and on
// the spacing cases a pair cannot show.
func TestCleanFastPath(t *testing.T) {
	var runes []rune
	for r := rune(0); r < 0x300; r++ {
		runes = append(runes, r)
	}
	for r := rune(0x1ea0); r <= 0x1ef9; r++ {
		runes = append(runes, r)
	}
	runes = append(runes, 0x300, 0x301, 0x323, 0x1e9f, 0x1efa, 0x200b, 0x3000, 0xfffd)
	check := func(s string) {
		t.Helper()
		if got, want := Clean(s), cleanCopy(s); got != want {
			t.Fatalf("Clean(%q) = %q, the full path gives %q", s, got, want)
		}
	}
	fast := 0
	for _, a := range runes {
		for _, b := range runes {
			s := string([]rune{a, b})
			if isClean(s) {
				fast++
			}
			check(s)
		}
	}
	for _, s := range []string{"", " ", "a b", "a  b", " a", "a ", "Nguyễn Văn A", "Trần  Thị", "Lê\u00a0Văn",
		"Ho\u0300a", "a\xffb", "\xe1\xbb", "Phạm Thị Thu Hà", "Đặng Quốc Việt"} {
		check(s)
	}
	if !isClean("Nguyễn Thị Ánh Tuyết") || isClean("Nguye\u0302\u0303n") {
		t.Error("the fast path should take a clean NFC name and leave an NFD one to the full path")
	}
	if fast < 500_000 {
		t.Errorf("the fast path took %d pairs; it should take most of them", fast)
	}
}
