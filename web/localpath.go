package web

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// localPath returns p if it is a path on this site, "/" otherwise. It guards every redirect
// target a client supplies (login's next=, /lang's back=), so that neither can send a user to
// another site. Browsers are lenient: they drop tabs and newlines anywhere in a URL, trim
// spaces and control characters, read a backslash as a slash and "//host" as another host,
// so "/%09/evil.example", decoded to "/\t/evil.example", becomes "//evil.example". The check is
// therefore strict rather than clever: the raw value must be printable without spaces; once
// percent-decoded (as often as it decodes) its path must not contain spaces, control
// characters or backslashes nor start with "//", its query and fragment no control characters;
// and it must parse as a bare path, without scheme or host.
func localPath(p string) string {
	if !isLocalPath(p) {
		return "/"
	}
	return p
}

func isLocalPath(p string) bool {
	if p == "" || p[0] != '/' || len(p) > 2048 || !utf8.ValidString(p) {
		return false
	}
	for _, r := range p {
		if unicode.IsSpace(r) || !unicode.IsGraphic(r) || r == '\\' {
			return false
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	path, rest, _ := strings.Cut(p, "?")
	path, frag, _ := strings.Cut(path, "#")
	rest += frag
	// Decode until nothing changes (a few rounds at most), checking each form: a value that
	// is decoded once more on its way (a form field, a proxy) must stay safe too.
	for range 4 {
		if strings.HasPrefix(path, "//") || strings.ContainsRune(path, '\\') {
			return false
		}
		for _, r := range path {
			if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError {
				return false
			}
		}
		for _, r := range rest {
			if unicode.IsControl(r) {
				return false
			}
		}
		dp, err1 := url.PathUnescape(path)
		dr, err2 := url.PathUnescape(rest)
		if err1 != nil || err2 != nil {
			return false
		}
		if dp == path && dr == rest {
			return true
		}
		path, rest = dp, dr
	}
	return false // still decoding after four rounds: nobody writes links like that
}
