package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/auth"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
	"canbo/web"

	"github.com/pquerna/otp/totp"
)

var sys = canbo.SystemContext(context.Background())

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixture is a server over a small territory: a city with two districts and three wards.
type fixture struct {
	t        *testing.T
	db       *sqlstore.DB
	srv      *httptest.Server
	web      *web.Server
	city     int64
	d1, d2   int64
	w1, w2   int64
	w3       int64
	adminTok string
	logs     *bytes.Buffer // everything the server logged
}

func newFixture(t *testing.T, db *sqlstore.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, db: db}
	mk := func(name, code, kind string, parent int64) int64 {
		ev, err := db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: day("2000-01-01"),
			New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: name, Code: code, Kind: kind, ParentID: parent}})
		if err != nil {
			t.Fatal(err)
		}
		return ev.Links[0].UnitID
	}
	f.city = mk("Thành phố Hồ Chí Minh", "79", "thanh_pho_tw", 0)
	f.d1 = mk("Quận 1", "760", "quan", f.city)
	f.d2 = mk("Quận 3", "770", "quan", f.city)
	f.w1 = mk("Phường Bến Nghé", "26740", "phuong", f.d1)
	f.w2 = mk("Phường Đa Kao", "26737", "phuong", f.d1)
	f.w3 = mk("Phường Võ Thị Sáu", "27139", "phuong", f.d2)
	f.logs = &bytes.Buffer{}
	s, err := web.New(db, slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	f.web = s
	f.srv = httptest.NewServer(s.Handler())
	t.Cleanup(f.srv.Close)
	f.adminTok = f.user("admin", canbo.RoleAdmin, nil)
	return f
}

// user creates an account with password "mật khẩu dài" and returns an API token for it.
func (f *fixture) user(name string, role canbo.Role, scope []int64) string {
	f.t.Helper()
	hash, err := auth.HashPassword("mật khẩu dài")
	if err != nil {
		f.t.Fatal(err)
	}
	u := &canbo.User{Username: name, Role: role, Scope: scope}
	if err := f.db.CreateUser(sys, u, hash); err != nil {
		f.t.Fatal(err)
	}
	tok := auth.NewToken()
	if err := f.db.CreateToken(context.Background(), auth.TokenHash(tok), u.ID, "test", time.Now()); err != nil {
		f.t.Fatal(err)
	}
	return tok
}

// api calls the JSON API and decodes the answer into out (when not nil).
func (f *fixture) api(tok, method, path, body string, out any) (int, string) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			f.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return res.StatusCode, string(b)
}

type unitList struct {
	Items []struct {
		ID       int64   `json:"id"`
		Code     string  `json:"code"`
		Name     string  `json:"name"`
		Kind     string  `json:"kind"`
		Tier     string  `json:"tier"`
		ParentID *int64  `json:"parent_id"`
		From     *string `json:"valid_from"`
		To       *string `json:"valid_to"`
	} `json:"items"`
	Total int `json:"total"`
}

func TestAPIUnits(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		id := func(n int64) string { return strconv.FormatInt(n, 10) }
		var l unitList
		if code, body := f.api(f.adminTok, "GET", "/api/v1/units?under="+id(f.city)+"&as_of=2020-01-01", "", &l); code != 200 || l.Total != 5 {
			t.Fatalf("under city: %d %s", code, body)
		}
		// Vietnamese order: Bến Nghé, Đa Kao (Đ after D, before V), Quận 1, Quận 3, Võ Thị Sáu.
		var got []string
		for _, u := range l.Items {
			got = append(got, u.Name)
		}
		if want := "Phường Bến Nghé|Phường Đa Kao|Phường Võ Thị Sáu|Quận 1|Quận 3"; strings.Join(got, "|") != want {
			t.Errorf("order = %q, want %q", strings.Join(got, "|"), want)
		}
		f.api(f.adminTok, "GET", "/api/v1/units?parent="+id(f.d1)+"&as_of=2020-01-01&tier=commune", "", &l)
		if l.Total != 2 || l.Items[0].Tier != "commune" || *l.Items[0].ParentID != f.d1 || *l.Items[0].From != "2000-01-01" || l.Items[0].To != nil {
			t.Errorf("parent=d1: %+v", l)
		}
		f.api(f.adminTok, "GET", "/api/v1/units?hierarchy=territory&tier=province&as_of=2020-01-01", "", &l)
		if l.Total != 1 || l.Items[0].ParentID != nil || l.Items[0].Code != "79" {
			t.Errorf("provinces: %+v", l)
		}
		f.api(f.adminTok, "GET", "/api/v1/units?q=ben+nghe&as_of=2020-01-01", "", &l)
		if l.Total != 1 || l.Items[0].ID != f.w1 {
			t.Errorf("q=ben nghe: %+v", l)
		}

		// Record a merge through the API and read both histories.
		body := `{"kind":"merge","date":"2025-07-01","document":{"number":"1685/NQ-UBTVQH15","date":"2025-06-16","issuer":"Ủy ban Thường vụ Quốc hội"},
			"sources":[{"unit_id":` + id(f.w1) + `},{"unit_id":` + id(f.w2) + `,"partial":true}],
			"targets":[{"new":{"hierarchy":"territory","name":"Phường Sài Gòn","code":"26740","kind":"phuong","parent_id":` + id(f.city) + `}}]}`
		var ev struct {
			ID           int64 `json:"id"`
			Predecessors []struct {
				ID      int64  `json:"id"`
				Name    string `json:"name"`
				Partial bool   `json:"partial"`
			} `json:"predecessors"`
			Successors []struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"successors"`
		}
		if code, b := f.api(f.adminTok, "POST", "/api/v1/events", body, &ev); code != 201 {
			t.Fatalf("merge: %d %s", code, b)
		}
		if len(ev.Predecessors) != 2 || len(ev.Successors) != 1 || ev.Successors[0].Name != "Phường Sài Gòn" {
			t.Fatalf("merge event: %+v", ev)
		}
		saigon := ev.Successors[0].ID
		for _, u := range []int64{f.w1, saigon} {
			var h struct {
				Items []struct {
					Kind     string `json:"kind"`
					Date     string `json:"date"`
					Document struct {
						Number string  `json:"number"`
						Date   *string `json:"date"`
					} `json:"document"`
				} `json:"items"`
			}
			f.api(f.adminTok, "GET", "/api/v1/units/"+id(u)+"/history", "", &h)
			last := h.Items[len(h.Items)-1]
			if last.Kind != "merge" || last.Date != "2025-07-01" || last.Document.Number != "1685/NQ-UBTVQH15" || *last.Document.Date != "2025-06-16" {
				t.Errorf("history of %d ends with %+v", u, last)
			}
		}
		f.api(f.adminTok, "GET", "/api/v1/units?code=26740&as_of=2025-06-30", "", &l)
		if l.Total != 1 || l.Items[0].ID != f.w1 || *l.Items[0].To != "2025-07-01" {
			t.Errorf("26740 before: %+v", l)
		}
		f.api(f.adminTok, "GET", "/api/v1/units?code=26740&as_of=2025-07-01", "", &l)
		if l.Total != 1 || l.Items[0].ID != saigon || *l.Items[0].From != "2025-07-01" {
			t.Errorf("26740 after: %+v", l)
		}

		// Create a unit through the API.
		var u struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		}
		if code, b := f.api(f.adminTok, "POST", "/api/v1/units", `{"hierarchy":"territory","name":"Khu phố 1","kind":"khu_pho","parent_id":`+id(saigon)+`,"date":"2025-07-01"}`, &u); code != 201 || u.Name != "Khu phố 1" {
			t.Errorf("create: %d %s", code, b)
		}
	})
}

func TestAPIBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		for _, c := range []struct {
			method, path, body string
			status             int
			field              string
		}{
			{"GET", "/api/v1/units?as_of=31/02/2025", "", 400, "as_of"},
			{"GET", "/api/v1/units?as_of=h%C3%B4m+qua", "", 400, "as_of"},
			{"GET", "/api/v1/units?parent=abc", "", 400, "parent"},
			{"GET", "/api/v1/units?parent=1&under=1", "", 400, "under"},
			{"GET", "/api/v1/units?limit=-1", "", 400, "limit"},
			{"GET", "/api/v1/units?hierarchy=galaxy", "", 400, "hierarchy"},
			{"GET", "/api/v1/units?under=999999", "", 404, ""},
			{"GET", "/api/v1/units/999999", "", 404, ""},
			{"GET", "/api/v1/units/-1", "", 404, ""},
			{"GET", "/api/v1/units/abc/history", "", 404, ""},
			{"POST", "/api/v1/events", `{"kind":"merge"`, 400, ""},
			{"POST", "/api/v1/events", `{"kind":"merge","date":"2025-07-01","bogus":1}`, 400, ""},
			{"POST", "/api/v1/events", `{"kind":"rename","date":"2025-13-01","unit_id":1,"name":"x"}`, 400, "date"},
			{"POST", "/api/v1/events", `{"kind":"move","date":"2025-07-01","unit_id":1,"parent_id":999999}`, 400, "parent_id"},
			{"POST", "/api/v1/events", `{"kind":"rename","date":"2025-07-01","unit_id":1,"name":"x"} {}`, 400, ""},
			{"POST", "/api/v1/units", `{"hierarchy":"territory","name":"X","kind":"phuong","parent_id":999999,"date":"2025-07-01"}`, 400, "new"},
			{"POST", "/api/v1/units", strings.Repeat(" ", 2<<20) + "{}", 400, ""},
		} {
			code, body := f.api(f.adminTok, c.method, c.path, c.body, nil)
			if code != c.status {
				t.Errorf("%s %s: status %d, want %d (%s)", c.method, c.path, code, c.status, body)
				continue
			}
			var e struct {
				Error struct{ Code, Message, Field string } `json:"error"`
			}
			if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Message == "" || e.Error.Field != c.field {
				t.Errorf("%s %s: error body %s, want field %q", c.method, c.path, body, c.field)
			}
		}
		if code, _ := f.api("", "GET", "/api/v1/units", "", nil); code != 401 {
			t.Errorf("no token: %d", code)
		}
		if code, _ := f.api("forged-token", "GET", "/api/v1/units", "", nil); code != 401 {
			t.Errorf("forged token: %d", code)
		}
	})
}

// TestAPIScope: a user scoped to Quận 1 sees its subtree; everything else is 404, with the same
// body as a unit that does not exist.
func TestAPIScope(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		tok := f.user("q1", canbo.RoleViewer, []int64{f.d1})
		var l unitList
		f.api(tok, "GET", "/api/v1/units?as_of=2020-01-01", "", &l)
		if l.Total != 3 {
			t.Errorf("viewer of Quận 1 lists %d units, want 3", l.Total)
		}
		_, missing := f.api(tok, "GET", "/api/v1/units/999999?as_of=2020-01-01", "", nil)
		for _, id := range []int64{f.city, f.d2, f.w3} {
			for _, p := range []string{"/api/v1/units/%d", "/api/v1/units/%d/history", "/api/v1/units/%d/links", "/api/v1/units?under=%d", "/api/v1/units?parent=%d"} {
				path := strings.Replace(p, "%d", strconv.FormatInt(id, 10), 1)
				code, body := f.api(tok, "GET", path, "", nil)
				if code != 404 || body != missing {
					t.Errorf("%s: %d %s; want 404 %s", path, code, body, missing)
				}
			}
		}
		f.api(tok, "GET", "/api/v1/units?q=vo+thi+sau", "", &l)
		if l.Total != 0 {
			t.Errorf("search finds a unit outside the scope: %+v", l)
		}
		// A viewer cannot record changes.
		code, _ := f.api(tok, "POST", "/api/v1/events", `{"kind":"rename","date":"2025-07-01","unit_id":`+strconv.FormatInt(f.w1, 10)+`,"name":"X"}`, nil)
		if code != 403 {
			t.Errorf("viewer POST: %d, want 403", code)
		}
	})
}

func TestRoutesHavePolicyAndDocs(t *testing.T) {
	s, err := web.New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	res := httptest.NewRecorder()
	s.Handler().ServeHTTP(res, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if err := json.Unmarshal(res.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(s.Routes()) < 10 {
		t.Fatalf("only %d routes", len(s.Routes()))
	}
	if err := s.CheckPolicies(); err != nil {
		t.Error(err)
	}
	// The check catches a route registered without a policy, and such a route refuses callers.
	s2, _ := web.New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s2.HandleWithoutPolicy("GET /forgotten")
	if err := s2.CheckPolicies(); err == nil || !strings.Contains(err.Error(), "GET /forgotten") {
		t.Errorf("CheckPolicies = %v, want it to name GET /forgotten", err)
	}
	for _, r := range s.Routes() {
		if r.Policy == 0 {
			t.Errorf("route %s has no access policy", r.Pattern)
		}
		method, path, _ := strings.Cut(r.Pattern, " ")
		if strings.HasPrefix(path, "/api/") {
			if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
				t.Errorf("route %s is not in openapi.json", r.Pattern)
			}
		}
	}
}

// enrolTOTP completes an administrator's first login: reads the secret shown for enrolment and
// answers with the current code.
func enrolTOTP(t *testing.T, c *http.Client, base string) string {
	t.Helper()
	_, body, _ := get(t, c, base+"/login/totp")
	m := regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no TOTP secret on the enrolment page: %s", body)
	}
	code, err := totp.GenerateCode(m[1], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	res := post(t, c, base+"/login/totp", "", url.Values{"code": {code}, "secret": {m[1]}, "next": {"/org"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/org" {
		t.Fatalf("TOTP enrolment: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	return m[1]
}

// browserClient keeps cookies and does not follow redirects, like a careful user agent.
func browserClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func post(t *testing.T, c *http.Client, u, origin string, form url.Values) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

func get(t *testing.T, c *http.Client, u string) (int, string, http.Header) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func TestLoginAndUI(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	c := browserClient(t)
	if code, _, h := get(t, c, f.srv.URL+"/org"); code != 303 || !strings.HasPrefix(h.Get("Location"), "/login") {
		t.Fatalf("anonymous /org: %d %s", code, h.Get("Location"))
	}
	if res := post(t, c, f.srv.URL+"/login", "", url.Values{"username": {"admin"}, "password": {"sai"}}); res.StatusCode != 401 {
		t.Errorf("wrong password: %d", res.StatusCode)
	}
	if res := post(t, c, f.srv.URL+"/login", "https://evil.example", url.Values{"username": {"admin"}, "password": {"mật khẩu dài"}}); res.StatusCode != 403 {
		t.Errorf("cross-site login post: %d, want 403", res.StatusCode)
	}
	res := post(t, c, f.srv.URL+"/login", "", url.Values{"username": {"admin"}, "password": {"mật khẩu dài"}, "next": {"//evil.example/"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/login/totp?next=%2F" {
		t.Fatalf("login: %d → %s (an administrator needs a second factor; an off-site next is dropped)", res.StatusCode, res.Header.Get("Location"))
	}
	// Between password and second factor the session authorizes nothing.
	if code, _, _ := get(t, c, f.srv.URL+"/org"); code != 303 {
		t.Errorf("/org before the second factor: %d", code)
	}
	enrolTOTP(t, c, f.srv.URL)
	for _, c := range res.Cookies() {
		if c.Name == "canbo_session" && (!c.HttpOnly || c.SameSite != http.SameSiteLaxMode) {
			t.Errorf("session cookie flags: %+v", c)
		}
	}
	code, body, h := get(t, c, f.srv.URL+"/org?h=territory&as_of=2020-01-01")
	if code != 200 || !strings.Contains(body, "Thành phố Hồ Chí Minh") {
		t.Fatalf("/org: %d", code)
	}
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	if h.Get("Cache-Control") != "no-store" || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers: %v", h)
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " onclick=") {
		t.Error("inline script in page")
	}
	code, body, _ = get(t, c, f.srv.URL+"/org/tree?parent="+strconv.FormatInt(f.d1, 10)+"&as_of=2020-01-01")
	if code != 200 || !strings.Contains(body, "Phường Bến Nghé") || strings.Contains(body, "Võ Thị Sáu") {
		t.Errorf("tree fragment: %d %s", code, body)
	}
	code, body, _ = get(t, c, f.srv.URL+"/org/search?q=ben%20nghe&as_of=2020-01-01")
	if code != 200 || !strings.Contains(body, "Phường Bến Nghé") {
		t.Errorf("search: %d", code)
	}
	// Record a merge through the form and see it on the unit page.
	res = post(t, c, f.srv.URL+"/org/events", "", url.Values{"kind": {"merge"}, "h": {"territory"}, "date": {"01/07/2025"},
		"doc_number": {"1685/NQ-UBTVQH15"}, "sources": {"26737\n"}, "target": {"26740"}})
	if res.StatusCode != 303 {
		t.Fatalf("merge form: %d", res.StatusCode)
	}
	code, body, _ = get(t, c, f.srv.URL+res.Header.Get("Location"))
	if code != 200 || !strings.Contains(body, `data-kind="merge"`) || !strings.Contains(body, "1685/NQ-UBTVQH15") || !strings.Contains(body, "Phường Đa Kao") {
		t.Errorf("unit page after merge: %d", code)
	}
	// A form with an unknown code is re-shown with the message; nothing is written.
	req, _ := http.NewRequest("POST", f.srv.URL+"/org/events", strings.NewReader(url.Values{"kind": {"merge"}, "h": {"territory"},
		"date": {"01/08/2025"}, "sources": {"99999"}, "target": {"26740"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 422 || !strings.Contains(string(b), "Không có đơn vị mang mã &#34;99999&#34;") {
		t.Errorf("bad merge form: %d %s", res.StatusCode, b)
	}
	// Logging out ends the session on the server.
	post(t, c, f.srv.URL+"/logout", "", nil)
	if code, _, _ := get(t, c, f.srv.URL+"/org"); code != 303 {
		t.Errorf("after logout: %d", code)
	}
}

func TestTOTPAndSessions(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	now := time.Now()
	f.web.Now = func() time.Time { return now }
	c := browserClient(t)
	post(t, c, f.srv.URL+"/login", "", url.Values{"username": {"admin"}, "password": {"mật khẩu dài"}})
	secret := enrolTOTP(t, c, f.srv.URL)
	if code, _, _ := get(t, c, f.srv.URL+"/org"); code != 200 {
		t.Fatalf("after enrolment: %d", code)
	}
	// A second login must use the enrolled secret, and a code works once.
	c2 := browserClient(t)
	post(t, c2, f.srv.URL+"/login", "", url.Values{"username": {"admin"}, "password": {"mật khẩu dài"}})
	if res := post(t, c2, f.srv.URL+"/login/totp", "", url.Values{"code": {"000000"}}); res.StatusCode != 401 {
		t.Errorf("wrong code: %d", res.StatusCode)
	}
	code, _ := totp.GenerateCode(secret, now.Add(30*time.Second))
	now = now.Add(30 * time.Second)
	if res := post(t, c2, f.srv.URL+"/login/totp", "", url.Values{"code": {code}}); res.StatusCode != 303 {
		t.Fatalf("right code: %d", res.StatusCode)
	}
	c3 := browserClient(t)
	post(t, c3, f.srv.URL+"/login", "", url.Values{"username": {"admin"}, "password": {"mật khẩu dài"}})
	if res := post(t, c3, f.srv.URL+"/login/totp", "", url.Values{"code": {code}}); res.StatusCode != 401 {
		t.Errorf("replayed code: %d, want 401", res.StatusCode)
	}
	// Sessions: listed for the administrator, revocable; idle ones expire.
	_, body, _ := get(t, c, f.srv.URL+"/admin/users")
	if n := strings.Count(body, "/revoke"); n < 2 {
		t.Errorf("sessions listed: %d", n)
	}
	now = now.Add(16 * time.Minute)
	if code, _, _ := get(t, c, f.srv.URL+"/org"); code != 303 {
		t.Errorf("after 16 idle minutes: %d, want a redirect to login", code)
	}
}

func TestAdminUsers(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	c := browserClient(t)
	post(t, c, f.srv.URL+"/login", "", url.Values{"username": {"admin"}, "password": {"mật khẩu dài"}})
	enrolTOTP(t, c, f.srv.URL)
	res := post(t, c, f.srv.URL+"/admin/users", "", url.Values{"username": {"phuong.bn"}, "role": {"officer"}, "scope": {"26740"},
		"grants": {"identity", "family"}, "password": {"một mật khẩu dài"}})
	if res.StatusCode != 303 {
		t.Fatalf("create user: %d", res.StatusCode)
	}
	u, _, err := f.db.FindUserByUsername(sys, "phuong.bn")
	if err != nil || u.Role != canbo.RoleOfficer || len(u.Scope) != 1 || u.Scope[0] != f.w1 || strings.Join(u.Grants, ",") != "family,identity" {
		t.Fatalf("created user = %+v, %v", u, err)
	}
	// The officer signs in (no second factor needed) and sees only the ward.
	o := browserClient(t)
	if res := post(t, o, f.srv.URL+"/login", "", url.Values{"username": {"phuong.bn"}, "password": {"một mật khẩu dài"}}); res.StatusCode != 303 {
		t.Fatalf("officer login: %d", res.StatusCode)
	}
	if code, _, _ := get(t, o, f.srv.URL+"/org/units/"+strconv.FormatInt(f.w1, 10)); code != 200 {
		t.Errorf("own ward: %d", code)
	}
	_, missing, _ := get(t, o, f.srv.URL+"/org/units/999999")
	code, body, _ := get(t, o, f.srv.URL+"/org/units/"+strconv.FormatInt(f.w2, 10))
	// The page echoes the requested path; apart from that the answers must be identical.
	body = strings.ReplaceAll(body, "/org/units/"+strconv.FormatInt(f.w2, 10), "/org/units/999999")
	if code != 404 || body != missing {
		t.Errorf("neighbouring ward: %d; body differs from a missing unit:\n%s\n----\n%s", code, body, missing)
	}
	if code, _, _ := get(t, o, f.srv.URL+"/admin/users"); code != 403 {
		t.Errorf("officer on the admin page: %d", code)
	}
	// A stale edit is refused; disabling ends the officer's session at once.
	stale := url.Values{"role": {"viewer"}, "scope": {"26740"}, "version": {"0"}}
	if res := post(t, c, f.srv.URL+"/admin/users/"+strconv.FormatInt(u.ID, 10), "", stale); res.StatusCode != 422 {
		t.Errorf("stale edit: %d, want 422", res.StatusCode)
	}
	disable := url.Values{"role": {"officer"}, "scope": {"26740"}, "disabled": {"on"}, "version": {strconv.FormatInt(u.Version, 10)}}
	if res := post(t, c, f.srv.URL+"/admin/users/"+strconv.FormatInt(u.ID, 10), "", disable); res.StatusCode != 303 {
		t.Fatalf("disable: %d", res.StatusCode)
	}
	if code, _, _ := get(t, o, f.srv.URL+"/org"); code != 303 {
		t.Errorf("disabled officer still signed in: %d", code)
	}
}

// TestAuditTrail: security events and changes are in the trail, the page filters them, the
// export is itself audited, and neither the logs nor the trail hold a password, token or
// session id.
func TestAuditTrail(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		c := browserClient(t)
		post(t, c, f.srv.URL+"/login", "", url.Values{"username": {"nobody"}, "password": {"đoán bừa 123"}})
		post(t, c, f.srv.URL+"/login", "", url.Values{"username": {"admin"}, "password": {"mật khẩu dài"}})
		enrolTOTP(t, c, f.srv.URL)
		viewerTok := f.user("viewer", canbo.RoleViewer, []int64{f.d1})
		f.api(viewerTok, "POST", "/api/v1/events", `{"kind":"rename","date":"2025-07-01","unit_id":`+strconv.FormatInt(f.w1, 10)+`,"name":"X"}`, nil)
		f.api(f.adminTok, "POST", "/api/v1/events", `{"kind":"rename","date":"2025-07-01","unit_id":`+strconv.FormatInt(f.w1, 10)+`,"name":"Phường Bến Nghé mới","document":{"number":"12/QĐ-UBND"}}`, nil)

		all := map[string]audit.Event{}
		evs, _, err := db.AuditEvents(sys, audit.Filter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs { // newest first: keep the newest of each action
			if _, seen := all[e.Action]; !seen {
				all[e.Action] = e
			}
		}
		if e := all["login.failed"]; e.Username != "nobody" || e.Client != "127.0.0.1" {
			t.Errorf("failed login event = %+v", e)
		}
		if e := all["auth.denied"]; e.Username != "viewer" || !strings.Contains(e.EntityID, "/api/v1/events") {
			t.Errorf("denied event = %+v", e)
		}
		if e := all["unit.event"]; e.Username != "admin" || e.EntityID != strconv.FormatInt(f.w1, 10) || !strings.Contains(e.Reason, "12/QĐ-UBND") || !strings.Contains(string(e.After), "Phường Bến Nghé mới") {
			t.Errorf("change event = %+v", e)
		}
		for _, a := range []string{"login", "login.totp_failed", "user.totp", "user.create", "token.create"} {
			if _, ok := all[a]; !ok && a != "login.totp_failed" {
				t.Errorf("no %s event", a)
			}
		}
		code, body, _ := get(t, c, f.srv.URL+"/admin/audit?action=login.failed")
		if code != 200 || !strings.Contains(body, "<td>nobody</td>") || strings.Contains(body, "<td>unit.event</td>") {
			t.Errorf("filtered audit page: %d", code)
		}
		code, csvBody, h := get(t, c, f.srv.URL+"/admin/audit.csv?action=unit.")
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.Contains(csvBody, "Phường Bến Nghé mới") {
			t.Errorf("export: %d %s", code, h.Get("Content-Type"))
		}
		evs, _, _ = db.AuditEvents(sys, audit.Filter{Action: "export"})
		if len(evs) != 1 {
			t.Errorf("%d export events, want 1", len(evs))
		}
		// No secrets anywhere.
		var trail strings.Builder
		db.EachAuditEvent(sys, audit.Filter{}, func(e *audit.Event) error {
			fmt.Fprintf(&trail, "%+v %s %s\n", e, e.Before, e.After)
			return nil
		})
		var cookies []string
		u, _ := url.Parse(f.srv.URL)
		for _, ck := range c.Jar.Cookies(u) {
			cookies = append(cookies, ck.Value)
		}
		for _, secret := range append([]string{"mật khẩu dài", "đoán bừa 123", f.adminTok, viewerTok}, cookies...) {
			if strings.Contains(f.logs.String(), secret) {
				t.Errorf("the log holds a secret %q", secret)
			}
			if strings.Contains(trail.String(), secret) {
				t.Errorf("the audit trail holds a secret %q", secret)
			}
		}
		if k := db.AuditKeeper(); k != nil {
			if rep, err := db.VerifyAudit(sys, k); err != nil || rep.Events < 5 {
				t.Errorf("verify: %+v %v", rep, err)
			}
		}
	})
}

// TestPasswordChange: the user changes their own password; every session ends, the old
// password stops working.
func TestPasswordChange(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	f.user("bn", canbo.RoleOfficer, []int64{f.w1})
	a, b := browserClient(t), browserClient(t)
	for _, c := range []*http.Client{a, b} {
		post(t, c, f.srv.URL+"/login", "", url.Values{"username": {"bn"}, "password": {"mật khẩu dài"}})
	}
	if res := post(t, a, f.srv.URL+"/account/password", "", url.Values{"current": {"sai"}, "new": {"mật khẩu mới rất dài"}, "confirm": {"mật khẩu mới rất dài"}}); res.StatusCode != 401 {
		t.Errorf("wrong current password: %d", res.StatusCode)
	}
	if res := post(t, a, f.srv.URL+"/account/password", "", url.Values{"current": {"mật khẩu dài"}, "new": {"mật khẩu mới rất dài"}, "confirm": {"mật khẩu mới rất dài"}}); res.StatusCode != 303 {
		t.Fatalf("change: %d", res.StatusCode)
	}
	if code, _, _ := get(t, b, f.srv.URL+"/org"); code != 303 {
		t.Errorf("the other session survived the password change: %d", code)
	}
	if res := post(t, browserClient(t), f.srv.URL+"/login", "", url.Values{"username": {"bn"}, "password": {"mật khẩu dài"}}); res.StatusCode != 401 {
		t.Errorf("old password still works: %d", res.StatusCode)
	}
	if res := post(t, browserClient(t), f.srv.URL+"/login", "", url.Values{"username": {"bn"}, "password": {"mật khẩu mới rất dài"}}); res.StatusCode != 303 {
		t.Errorf("new password: %d", res.StatusCode)
	}
}
