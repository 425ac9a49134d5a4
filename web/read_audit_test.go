package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestEveryProfileReadAudited: each route that answers with a person's record, timeline, facts,
// places or photo — including the edit form, the 409 form and the 412 answer that carry the
// current record — writes an audit row naming the reader and the person. Every GET route on
// /people/{id} must be listed here, so a new one cannot be added unaudited unnoticed.
func TestEveryProfileReadAudited(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		p := f.addPerson(f.adminTok, `{"family_name":"Nguyễn","middle_name":"Phước","given_name":"Lộc","sex":"male","birth_date":"1965-09-02"}`, f.w1)
		id := strconv.FormatInt(p.ID, 10)
		if code, _, b := f.do(f.adminTok, "PUT", "/api/v1/people/"+id+"/photo", "image/png", bytes.NewReader(testPNG(t, 40, 50))); code != 204 {
			t.Fatalf("photo: %d %s", code, b)
		}
		tok := f.grantedUser("doc", canbo.RoleOfficer, []int64{f.w1})
		stale := url.Values{"family_name": {"Nguyễn"}, "given_name": {"Lộc"}, "sex": {"male"}, "birth_date": {"1965-09-02"}, "version": {"0"}}
		cases := []struct {
			route, method, path, body string
			status                    int
		}{
			{"GET /people/{id}", "GET", "/people/" + id, "", 200},
			{"GET /people/{id}/edit", "GET", "/people/" + id + "/edit", "", 200},
			{"GET /people/{id}/facts", "GET", "/people/" + id + "/facts", "", 200},
			{"GET /people/{id}/photo", "GET", "/people/" + id + "/photo", "", 200},
			{"GET /api/v1/people/{id}", "GET", "/api/v1/people/" + id, "", 200},
			{"GET /api/v1/people/{id}/timeline", "GET", "/api/v1/people/" + id + "/timeline", "", 200},
			{"GET /api/v1/people/{id}/places", "GET", "/api/v1/people/" + id + "/places", "", 200},
			{"GET /api/v1/people/{id}/photo", "GET", "/api/v1/people/" + id + "/photo", "", 200},
			{"PATCH /api/v1/people/{id} (412)", "PATCH", "/api/v1/people/" + id, `{"phone":"0901"}`, 412},
			{"POST /people/{id} (409)", "POST", "/people/" + id, stale.Encode(), 409},
			{"GET /rules/calculator?person=", "GET", "/rules/calculator?person=" + id, "", 200},
			{"GET /people/{id}/forms/2c", "GET", "/people/" + id + "/forms/2c", "", 200},
			{"GET /api/v1/people/{id}/forms/2c", "GET", "/api/v1/people/" + id + "/forms/2c?variant=tctw&format=docx", "", 200},
		}
		listed := map[string]bool{}
		for _, c := range cases {
			listed[c.route] = true
			before := reads(t, db, id)
			ct := ""
			switch c.method {
			case "PATCH":
				ct = "application/json"
			case "POST":
				ct = "application/x-www-form-urlencoded"
			}
			req := strings.NewReader(c.body)
			code, _, b := f.doMatch(tok, c.method, c.path, ct, req, `"`+id+`-0"`)
			if code != c.status {
				t.Errorf("%s: %d, want %d: %.200s", c.route, code, c.status, b)
				continue
			}
			if after := reads(t, db, id); after != before+1 {
				t.Errorf("%s: %d audited reads of the person, want %d", c.route, after, before+1)
			}
		}
		for _, r := range f.web.Routes() {
			method, path, _ := strings.Cut(r.Pattern, " ")
			if method == "GET" && strings.Contains(path, "/people/{id}") && !listed[r.Pattern] {
				t.Errorf("route %s returns personal data but is not checked for an audit row", r.Pattern)
			}
		}
	})
}

// reads counts the audited reads of person id by anyone.
func reads(t *testing.T, db *sqlstore.DB, id string) int {
	t.Helper()
	evs, _, err := db.AuditEvents(sys, audit.Filter{Entity: "person", EntityID: id, Limit: sqlstore.MaxAuditEvents})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if strings.HasSuffix(e.Action, ".read") && e.Username == "doc" {
			n++
		}
	}
	return n
}

// doMatch is do with an If-Match header (a stale one, for the 412 answer).
func (f *fixture) doMatch(tok, method, path, contentType string, body io.Reader, ifMatch string) (int, http.Header, []byte) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("If-Match", ifMatch)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

// TestRequestDeadline: a request whose query cannot end (a unit cycle written straight into
// the database, as the bug this guards against once made) is stopped at the request deadline
// and answered 503 "timeout", instead of holding a core for ever.
func TestRequestDeadline(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.addPerson(f.adminTok, `{"family_name":"Lê","given_name":"An","sex":"male","birth_date":"1975"}`, f.w1)
		if _, err := db.SQL().Exec(`UPDATE unit_versions SET parent_id = ` + strconv.FormatInt(f.w1, 10) + ` WHERE unit_id = ` + strconv.FormatInt(f.d1, 10)); err != nil {
			t.Fatal(err)
		}
		f.web.RequestTimeout = time.Second
		start := time.Now()
		code, b := f.api(f.adminTok, "GET", "/api/v1/people?under="+strconv.FormatInt(f.d1, 10)+"&as_of=2025-01-01", "", nil)
		if took := time.Since(start); code != 503 || took > 20*time.Second {
			t.Errorf("answered %d after %v", code, took)
		}
		// Said as what it is, in Vietnamese, not as an internal error.
		if !strings.Contains(b, `"code":"timeout"`) || !strings.Contains(b, "quá 1 giây") {
			t.Errorf("body %s", b)
		}
	})
}

// TestAPIInvalidUTF8AndLimit: a body that is not UTF-8 is refused (not stored with U+FFFD), and
// a page larger than the cap is a clear 400, not a silent default page.
func TestAPIInvalidUTF8AndLimit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		body := `{"family_name":"Tr` + "\xe1\xba" + `n","given_name":"An","sex":"male","birth_date":"1975","post":{"unit_id":` +
			strconv.FormatInt(f.w1, 10) + `,"title":"Chuyên viên","from":"2024-01-01"}}`
		if code, b := f.api(f.adminTok, "POST", "/api/v1/people", body, nil); code != 400 || !strings.Contains(b, "UTF-8") {
			t.Errorf("invalid UTF-8: %d %s", code, b)
		}
		for _, tc := range []struct {
			limit string
			code  int
		}{{"500", 200}, {"501", 400}, {"100000", 400}} {
			code, b := f.api(f.adminTok, "GET", "/api/v1/people?under="+strconv.FormatInt(f.city, 10)+"&limit="+tc.limit, "", nil)
			if code != tc.code || code == 400 && !strings.Contains(b, "limit") {
				t.Errorf("limit=%s: %d %s", tc.limit, code, b)
			}
		}
	})
}
