package auth

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"canbo"
	"canbo/vn"
)

// Password lengths, in characters once runs of spaces are counted as one and the ends
// trimmed: administrators hold every record and every account, so theirs are longer.
const (
	MinPassword      = 12
	MinAdminPassword = 16
	maxPassword      = 256 // argon2 takes any length; this bounds the work a form can ask for
)

//go:embed common_passwords.txt
var commonList string

var common = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// CheckNewPassword is the one password policy, used wherever a password is set (the web's
// account and user pages, the command line). It refuses, with a Vietnamese message naming
// field: fewer than MinPassword characters (MinAdminPassword for an administrator) once
// spaces are trimmed and collapsed, so that twelve spaces are not a password; control
// characters; the login name; one character repeated or a keyboard or alphabet run; and the
// common passwords of common_passwords.txt, also with digits or symbols around them.
func CheckNewPassword(field, password, username string, role canbo.Role) error {
	min := MinPassword
	if role == canbo.RoleAdmin {
		min = MinAdminPassword
	}
	if !utf8.ValidString(password) {
		return canbo.Invalid(field, "err.auth.policy.invalid_chars")
	}
	for _, r := range password {
		if unicode.IsControl(r) {
			return canbo.Invalid(field, "err.auth.policy.control")
		}
	}
	n := utf8.RuneCountInString(strings.Join(strings.Fields(password), " "))
	switch {
	case n == 0:
		return canbo.Invalid(field, "err.auth.policy.blank")
	case n < min && role == canbo.RoleAdmin:
		return canbo.Invalid(field, "err.auth.policy.admin_short", min)
	case n < min:
		return canbo.Invalid(field, "err.auth.policy.short", min)
	case utf8.RuneCountInString(password) > maxPassword:
		return canbo.Invalid(field, "err.auth.policy.long", maxPassword)
	}
	if weak(password, username) {
		return canbo.Invalid(field, "err.auth.policy.weak")
	}
	return nil
}

// sequences are runs that people type instead of a password.
var sequences = []string{"01234567890123456789", "98765432109876543210", "abcdefghijklmnopqrstuvwxyz",
	"zyxwvutsrqponmlkjihgfedcba", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
	"1q2w3e4r5t6y7u8i9o0p", "qazwsxedcrfvtgbyhnujmikolp"}

// weak reports a password guessed early: checked folded (lower case, without accents, letters
// and digits only), so "Mật Khẩu 123!" is "matkhau123".
func weak(password, username string) bool {
	f := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, vn.Fold(password))
	if len(f) < 4 {
		return true // almost nothing but symbols and spaces
	}
	if u := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, vn.Fold(username)); u != "" && (strings.Contains(f, u) && len(u) >= len(f)/2) {
		return true
	}
	// A short pattern repeated: "aaaa…", "abcabc…", "12121212…".
	for p := 1; p <= 4 && p < len(f); p++ {
		if strings.Repeat(f[:p], len(f)/p+1)[:len(f)] == f {
			return true
		}
	}
	for _, s := range sequences {
		if strings.Contains(s, f) {
			return true
		}
	}
	if common[f] {
		return true
	}
	// A common word with digits around it: "password2024", "2024matkhau".
	core := strings.TrimFunc(f, func(r rune) bool { return r >= '0' && r <= '9' })
	return core != "" && common[core]
}
