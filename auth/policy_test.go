package auth_test

import (
	"strings"
	"testing"

	"canbo"
	"canbo/auth"
)

// TestCheckNewPassword: the one password policy refuses blank, short, control-laden, common and
// patterned passwords (administrators need longer ones) and accepts ordinary passphrases.
func TestCheckNewPassword(t *testing.T) {
	refused := []struct {
		pw   string
		role canbo.Role
	}{
		{strings.Repeat(" ", 12), canbo.RoleOfficer}, {strings.Repeat(" ", 40), canbo.RoleOfficer},
		{"ab" + strings.Repeat(" ", 20) + "cd", canbo.RoleOfficer}, {"\t\t\t\t\t\t\t\t\t\t\t\t", canbo.RoleOfficer},
		{"short", canbo.RoleViewer}, {"abcdefgh", canbo.RoleAdmin}, {"mot cau kha dai", canbo.RoleAdmin},
		{"123456789012", canbo.RoleOfficer}, {"password1234", canbo.RoleOfficer}, {"Password2024!", canbo.RoleOfficer},
		{"Mật khẩu 123456", canbo.RoleOfficer}, {"aaaaaaaaaaaaaaaa", canbo.RoleOfficer}, {"abcabcabcabcabc", canbo.RoleOfficer},
		{"qwertyuiopasdf", canbo.RoleOfficer}, {"!!!!!!!!!!!!!!!!!!", canbo.RoleOfficer}, {"phuong.bn.2024", canbo.RoleOfficer},
		{"anh yeu em 2024", canbo.RoleOfficer}, {"line\nbreak in it", canbo.RoleOfficer}, {"  admin123456789  ", canbo.RoleAdmin},
	}
	for _, c := range refused {
		err := auth.CheckNewPassword("password", c.pw, "phuong.bn", c.role)
		if err == nil {
			t.Errorf("%q (%s) accepted", c.pw, c.role)
			continue
		}
		if e, ok := err.(*canbo.Error); !ok || e.Field != "password" || !strings.Contains(e.Message, "Mật khẩu") {
			t.Errorf("%q: error %#v does not name the field in Vietnamese", c.pw, err)
		}
	}
	for _, c := range []struct {
		pw   string
		role canbo.Role
	}{{"mật khẩu dài", canbo.RoleOfficer}, {"ngựa đỏ ăn cỏ xanh", canbo.RoleAdmin}, {"correct horse battery", canbo.RoleAdmin},
		{"Tr3n-Đ0i-Núi-Cao", canbo.RoleAdmin}} {
		if err := auth.CheckNewPassword("password", c.pw, "phuong.bn", c.role); err != nil {
			t.Errorf("%q (%s) refused: %v", c.pw, c.role, err)
		}
	}
}
