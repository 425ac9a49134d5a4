package vn_test

import (
	"testing"

	"canbo/vn"
)

func TestSplitName(t *testing.T) {
	tests := []struct {
		in                    string
		family, middle, given string
	}{
		{"Nguyễn Phước Lộc", "Nguyễn", "Phước", "Lộc"},
		{"  Trần   Thị  Ngọc   Ánh ", "Trần", "Thị Ngọc", "Ánh"},
		{"Lê An", "Lê", "", "An"},
		{"Bình", "", "", "Bình"},
		{"", "", "", ""},
		{" \t ", "", "", ""},
		{"Tôn Nữ Thị Ninh", "Tôn", "Nữ Thị", "Ninh"}, // compound family names are not recognised
	}
	for _, tt := range tests {
		f, m, g := vn.SplitName(tt.in)
		if f != tt.family || m != tt.middle || g != tt.given {
			t.Errorf("SplitName(%q) = %q, %q, %q, want %q, %q, %q", tt.in, f, m, g, tt.family, tt.middle, tt.given)
		}
	}
}

func TestFullName(t *testing.T) {
	tests := []struct{ family, middle, given, want string }{
		{"Nguyễn", "Phước", "Lộc", "Nguyễn Phước Lộc"},
		{"Lê", "", "An", "Lê An"},
		{"", "", "Bình", "Bình"},
		{" Trần ", " Thị  Ngọc", "Ánh ", "Trần Thị Ngọc Ánh"},
	}
	for _, tt := range tests {
		if got := vn.FullName(tt.family, tt.middle, tt.given); got != tt.want {
			t.Errorf("FullName(%q, %q, %q) = %q, want %q", tt.family, tt.middle, tt.given, got, tt.want)
		}
	}
}

func FuzzSplitName(f *testing.F) {
	f.Add("Nguyễn Phước Lộc")
	f.Add(" a  b ")
	f.Fuzz(func(t *testing.T, s string) {
		fam, mid, giv := vn.SplitName(s)
		if got, want := vn.FullName(fam, mid, giv), vn.Clean(s); got != want {
			t.Fatalf("FullName(SplitName(%q)) = %q, want %q", s, got, want)
		}
	})
}
