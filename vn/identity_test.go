package vn_test

import (
	"slices"
	"strings"
	"testing"

	"canbo"
	"canbo/vn"
)

func TestCheckIdentity(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"079065000123", true},
		{" 079065000123 ", true},
		{"07906500012", false},
		{"0790650001234", false},
		{"07906500012a", false},
		{"079 065 000 123", false},
		{"０７９０６５０００１２３", false}, // full-width digits are not ASCII digits
		{"", false},
	}
	for _, tt := range tests {
		err := vn.CheckIdentity(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("CheckIdentity(%q) = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if err != nil {
			if got, want := canbo.ErrorMessage(err), "số định danh phải gồm đúng 12 chữ số"; got != want {
				t.Errorf("CheckIdentity(%q) message = %q, want %q", tt.in, got, want)
			}
			if got := canbo.ErrorCode(err); got != canbo.EINVALID {
				t.Errorf("CheckIdentity(%q) code = %q, want %q", tt.in, got, canbo.EINVALID)
			}
		}
	}
}

func TestIdentityWarnings(t *testing.T) {
	tests := []struct {
		name  string
		num   string
		year  int
		sex   canbo.Sex
		wants []string // substrings, one per expected warning, in order
	}{
		{"consistent man 1965", "079065000123", 1965, canbo.Male, nil},
		{"consistent woman 1969", "001169000123", 1969, canbo.Female, nil},
		{"consistent man 2003", "048203000123", 2003, canbo.Male, nil},
		{"consistent woman 2001", "096301000123", 2001, canbo.Female, nil},
		{"unknown year and sex", "079065000123", 0, "", nil},
		{"invalid number gives no warnings", "12345", 1965, canbo.Male, nil},
		{"woman digit for a man", "079165000123", 1965, canbo.Male, []string{"(1) là mã của nữ, nhưng giới tính ghi là nam"}},
		{"man digit for a woman", "079065000123", 1965, canbo.Female, []string{"(0) là mã của nam, nhưng giới tính ghi là nữ"}},
		{"wrong year digits", "079066000123", 1965, canbo.Male, []string{"chữ số thứ 5–6 của số định danh (66) không khớp với năm sinh 1965"}},
		{"wrong century", "079265000123", 1965, canbo.Male, []string{"(2) chỉ người sinh trong các năm 2000–2099, nhưng năm sinh ghi là 1965"}},
		{"2100s", "079400000123", 2100, canbo.Male, nil},
		{"bad province", "003065000123", 1965, canbo.Male, []string{"3 chữ số đầu của số định danh (003) không phải mã tỉnh", "001, 002, 004", "079", "096"}},
		{"everything wrong", "100366000123", 1965, canbo.Male, []string{"(100)", "mã của nữ", "2000–2099", "(66)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := vn.IdentityWarnings(tt.num, tt.year, tt.sex)
			if tt.wants == nil {
				if len(got) != 0 {
					t.Errorf("IdentityWarnings(%q, %d, %q) = %q, want none", tt.num, tt.year, tt.sex, got)
				}
				return
			}
			all := strings.Join(got, "\n")
			for _, w := range tt.wants {
				if !strings.Contains(all, w) {
					t.Errorf("IdentityWarnings(%q, %d, %q) = %q, want a warning containing %q", tt.num, tt.year, tt.sex, got, w)
				}
			}
		})
	}
}

func TestIdentityProvinces(t *testing.T) {
	codes := vn.IdentityProvinceCodes()
	if got, want := len(codes), 63; got != want {
		t.Fatalf("len(IdentityProvinceCodes()) = %d, want %d", got, want)
	}
	if !slices.IsSorted(codes) || codes[0] != "001" || codes[62] != "096" {
		t.Errorf("IdentityProvinceCodes() = %v, want sorted 001..096", codes)
	}
	for code, want := range map[string]string{"079": "Hồ Chí Minh", "001": "Hà Nội", "048": "Đà Nẵng", "046": "Thừa Thiên Huế"} {
		if got, ok := vn.IdentityProvince(code); !ok || got != want {
			t.Errorf("IdentityProvince(%q) = %q, %v, want %q", code, got, ok, want)
		}
	}
	if _, ok := vn.IdentityProvince("003"); ok {
		t.Errorf("IdentityProvince(003) ok, want not a province")
	}
}

func FuzzIdentity(f *testing.F) {
	f.Add("079065000123", 1965, true)
	f.Add("abc", 0, false)
	f.Fuzz(func(t *testing.T, num string, year int, male bool) {
		sex := canbo.Female
		if male {
			sex = canbo.Male
		}
		err := vn.CheckIdentity(num)
		warns := vn.IdentityWarnings(num, year, sex)
		if err != nil && len(warns) > 0 {
			t.Fatalf("IdentityWarnings(%q) = %q for an invalid number", num, warns)
		}
	})
}
