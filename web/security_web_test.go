package web_test

import (
	"net/url"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestRedirectTargetsStayLocal: login's next= and /lang's back= never send the browser to
// another site, however the target is spelt (a tab the browser strips, encoded slashes, …).
func TestRedirectTargetsStayLocal(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	f.user("bn", canbo.RoleOfficer, []int64{f.w1})
	for _, next := range []string{"/\t/evil.example", "/%09/evil.example", "/\n/evil.example", "/%5C/evil.example", "/%2F/evil.example", "https://evil.example"} {
		res := post(t, browserClient(t), f.srv.URL+"/login", "", url.Values{"username": {"bn"}, "password": {"mật khẩu dài"}, "next": {next}})
		if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != "/" {
			t.Errorf("login next=%q: %d → %q, want /", next, res.StatusCode, loc)
		}
		res = post(t, browserClient(t), f.srv.URL+"/lang", "", url.Values{"lang": {"en"}, "back": {next}})
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("/lang back=%q → %q, want /", next, loc)
		}
		_, body, _ := get(t, browserClient(t), f.srv.URL+"/login?next="+url.QueryEscape(next))
		if !strings.Contains(body, `name="next" value="/"`) {
			t.Errorf("login page keeps next=%q", next)
		}
	}
	res := post(t, browserClient(t), f.srv.URL+"/login", "", url.Values{"username": {"bn"}, "password": {"mật khẩu dài"}, "next": {"/people?q=a%20b"}})
	if loc := res.Header.Get("Location"); loc != "/people?q=a%20b" {
		t.Errorf("a local next became %q", loc)
	}
}
