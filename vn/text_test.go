package vn_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"canbo/vn"
)

func TestClean(t *testing.T) {
	nfd := norm.NFD.String("Nguyễn Phước Lộc")
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "Nguyễn Văn A", "Nguyễn Văn A"},
		{"nfd becomes nfc", nfd, "Nguyễn Phước Lộc"},
		{"trim and collapse", "  Nguyễn \t\n Văn\u00A0\u00A0A  ", "Nguyễn Văn A"},
		{"ideographic and thin spaces", "A\u3000B\u2009C\u202FD", "A B C D"},
		{"line separators", "A\u2028B\u2029C\u0085D", "A B C D"},
		{"control chars dropped", "Ng\x00uy\x07ễn\x7f", "Nguyễn"},
		{"c1 controls dropped", "A\u0080B\u009fC", "ABC"},
		{"zero width dropped", "Ng\u200buyễn\u200c \u200dVăn\ufeff", "Nguyễn Văn"},
		{"soft hyphen dropped", "Trư\u00adờng", "Trường"},
		{"zero width between spaces", "a \u200b b", "a b"},
		{"mark after dropped char composes", "a\u200b\u0301", "á"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"only spaces", " \t\n ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vn.Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHasControl(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Nguyễn Văn A", false},
		{"", false},
		{"a\tb", true},
		{"a\nb", true},
		{"a\x00", true},
		{"a\u0085", true},
		{"a\u200bb", true},
		{"a\ufeff", true},
		{"a\xff", true},
		{"a\u00a0b", false}, // a no-break space is a space, not a control
	}
	for _, tt := range tests {
		if got := vn.HasControl(tt.in); got != tt.want {
			t.Errorf("HasControl(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Nguyễn Phước Lộc", "nguyen phuoc loc"},
		{norm.NFD.String("Nguyễn Phước Lộc"), "nguyen phuoc loc"},
		{"ĐẶNG THỊ ĐÀO", "dang thi dao"},
		{"Ư ư Ơ ơ Ă ă Â â Ê ê Ô ô Đ đ", "u u o o a a a a e e o o d d"},
		{"Trường  Sa\tHoàng   Sa", "truong sa hoang sa"},
		{"Ừ Ứ Ử Ữ Ự ừ ứ ử ữ ự", "u u u u u u u u u u"},
		{"Ỳ Ý Ỷ Ỹ Ỵ", "y y y y y"},
		{"ẰẮẲẴẶ ẦẤẨẪẬ", "aaaaa aaaaa"},
		{"ỀẾỂỄỆ ỒỐỔỖỘ ỜỚỞỠỢ", "eeeee ooooo ooooo"},
		{"Ðặng", "dang"}, // Icelandic eth from a wrong code page
		{"Thành phố Hồ Chí Minh", "thanh pho ho chi minh"},
		{"UBND Phường 1", "ubnd phuong 1"},
		{"", ""},
		{"İstanbul", "istanbul"},
	}
	for _, tt := range tests {
		if got := vn.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "Nguyễn  Văn\tA", norm.NFD.String("Lộc"), "a\u200b\u0301", "\xff\xfe", " \u0301 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := vn.Clean(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Clean(%q) = %q, not valid UTF-8", s, got)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("Clean(%q) = %q, not NFC", s, got)
		}
		if vn.HasControl(got) {
			t.Fatalf("Clean(%q) = %q, has control characters", s, got)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("Clean(%q) = %q, spaces not collapsed", s, got)
		}
		for _, r := range got {
			if unicode.IsSpace(r) && r != ' ' {
				t.Fatalf("Clean(%q) = %q, has space %U", s, got, r)
			}
		}
		if again := vn.Clean(got); again != got {
			t.Fatalf("Clean not idempotent: Clean(%q) = %q, Clean of that = %q", s, got, again)
		}
	})
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "Nguyễn Phước Lộc", "ĐẶNG", norm.NFD.String("Lộc"), "İ", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := vn.Fold(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q, not valid UTF-8", s, got)
		}
		for _, r := range norm.NFD.String(got) {
			if unicode.Is(unicode.Mn, r) || r == 'đ' || r == 'Đ' {
				t.Fatalf("Fold(%q) = %q, still has %U", s, got, r)
			}
		}
		if again := vn.Fold(got); again != got {
			t.Fatalf("Fold not idempotent: Fold(%q) = %q, Fold of that = %q", s, got, again)
		}
		if vn.Fold(norm.NFD.String(s)) != vn.Fold(norm.NFC.String(s)) {
			t.Fatalf("Fold(%q) differs between NFC and NFD input", s)
		}
	})
}
