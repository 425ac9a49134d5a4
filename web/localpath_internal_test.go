package web

import "testing"

// TestLocalPath: redirect targets from clients stay on this site, in every spelling a browser
// would turn into another host; ordinary local links pass unchanged.
func TestLocalPath(t *testing.T) {
	hostile := []string{
		"", "evil.example", "http://evil.example", "https://evil.example/", "javascript:alert(1)", "//evil.example",
		"///evil.example", "/\\evil.example", "\\\\evil.example", "/\t/evil.example", "/%09/evil.example",
		"/%0a/evil.example", "/%0d/evil.example", "/%0D%0A/evil.example", "/\n/evil.example", "/\r/evil.example",
		"/ /evil.example", "/%20/evil.example", "/%2F/evil.example", "/%2f%2fevil.example", "/%5C/evil.example",
		"/%5cevil.example", "/%2509/evil.example", "/%252F/evil.example", "/%25252F%25252Fevil", "/\x00/evil",
		"/%00/evil", "/\u00a0/evil.example", "/\u2028/evil.example", "/\u200b/evil", "/%E2%80%A8/evil",
		"/x\\y", "/people?q=\x7f", "/people?q=%0d%0aSet-Cookie:x", "/\xff/evil", "/%ff%2f/evil", "/%zz",
		"/%C2%A0/evil.example", "/\u3000/evil",
	}
	for _, p := range hostile {
		if got := localPath(p); got != "/" {
			t.Errorf("localPath(%q) = %q, want /", p, got)
		}
	}
	local := []string{"/", "/org", "/people?q=Nguy%E1%BB%85n+V%C4%83n&as_of=2025-01-01", "/people?q=a%20b",
		"/org/units/12#events", "/people/3/edit", "/people?q=Nguyễn"}
	for _, p := range local {
		if got := localPath(p); got != p {
			t.Errorf("localPath(%q) = %q, want it unchanged", p, got)
		}
	}
}
