package vn

import (
	"fmt"
	"slices"
	"strings"

	"canbo"
)

// identityProvinces are the 63 province codes that the first three digits of a personal
// identification number (số định danh cá nhân, printed on the CCCD card) take: the province where
// the birth was registered, as the General Statistics Office numbered provinces before the
// merger of 1 July 2025, with a leading zero (079 is Hồ Chí Minh City). People keep their number
// after the merger, so this list stays the reference for existing numbers.
var identityProvinces = map[string]string{
	"001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
	"008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
	"014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
	"020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
	"026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
	"033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
	"037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
	"044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
	"049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
	"056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
	"064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
	"070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
	"077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
	"083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
	"089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
	"094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

// IdentityProvince returns the name of the province (before 1 July 2025) that an identity
// number's three-digit prefix stands for, so a profile can show where the birth was registered.
func IdentityProvince(code string) (name string, ok bool) {
	name, ok = identityProvinces[code]
	return name, ok
}

// IdentityProvinceCodes returns the 63 valid three-digit prefixes in ascending order.
func IdentityProvinceCodes() []string {
	codes := make([]string, 0, len(identityProvinces))
	for c := range identityProvinces {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// CheckIdentity checks the one hard rule of a personal identification number: exactly 12 ASCII
// digits once surrounding spaces are removed. Everything else about the number's structure is
// only a hint (see IdentityWarnings). The error is an EINVALID *canbo.Error without Field.
func CheckIdentity(num string) error {
	s := strings.TrimSpace(num)
	ok := len(s) == 12
	for i := 0; ok && i < len(s); i++ {
		ok = s[i] >= '0' && s[i] <= '9'
	}
	if !ok {
		return canbo.Errork(canbo.EINVALID, "err.vn.identity.digits")
	}
	return nil
}

// IdentityWarnings compares the structure of an identity number with the person's record and
// returns warnings in Vietnamese, never errors: docs/GLOSSARY.md §people uses the structure as a
// consistency hint only, because records and numbers both contain old mistakes that the person
// cannot fix at once. The structure (Thông tư 07/2016/TT-BCA) is: 3 digits province of birth
// registration, 1 digit century and sex (0/1 male/female born 1900–1999, 2/3 in 2000–2099, 4/5 in
// 2100–2199, and so on), 2 digits year of birth within the century, 6 random digits.
//
// birthYear 0 skips the year checks and a sex other than canbo.Male or canbo.Female skips the
// sex check. A number that fails CheckIdentity gets no warnings: the caller reports that error.
func IdentityWarnings(num string, birthYear int, sex canbo.Sex) []string {
	if CheckIdentity(num) != nil {
		return nil
	}
	s := strings.TrimSpace(num)
	var warns []string
	if _, ok := identityProvinces[s[:3]]; !ok {
		warns = append(warns, fmt.Sprintf(
			"3 chữ số đầu của số định danh (%s) không phải mã tỉnh nơi đăng ký khai sinh; mã hợp lệ là: %s",
			s[:3], strings.Join(IdentityProvinceCodes(), ", ")))
	}
	digit := int(s[3] - '0')
	century := 1900 + digit/2*100
	female := digit%2 == 1
	switch {
	case sex == canbo.Male && female:
		warns = append(warns, fmt.Sprintf("chữ số thứ 4 của số định danh (%d) là mã của nữ, nhưng giới tính ghi là nam", digit))
	case sex == canbo.Female && !female:
		warns = append(warns, fmt.Sprintf("chữ số thứ 4 của số định danh (%d) là mã của nam, nhưng giới tính ghi là nữ", digit))
	}
	if birthYear != 0 {
		if birthYear < century || birthYear >= century+100 {
			warns = append(warns, fmt.Sprintf(
				"chữ số thứ 4 của số định danh (%d) chỉ người sinh trong các năm %d–%d, nhưng năm sinh ghi là %d",
				digit, century, century+99, birthYear))
		}
		if yy := s[4:6]; yy != fmt.Sprintf("%02d", (birthYear%100+100)%100) {
			warns = append(warns, fmt.Sprintf(
				"chữ số thứ 5–6 của số định danh (%s) không khớp với năm sinh %d", yy, birthYear))
		}
	}
	return warns
}
