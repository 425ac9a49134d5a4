package web_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
	"canbo/web"
)

// TestOperations: every answer carries a request id (a proxy's own is kept), the log lines of
// a request carry it, /metrics counts requests by route pattern (never by path), with the
// pool and the audit appends, and /readyz turns 503 when the database is gone.
func TestOperations(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		req, _ := http.NewRequest("GET", f.srv.URL+"/readyz", nil)
		req.Header.Set("X-Request-Id", "abcdef0123456789")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("X-Request-Id") != "abcdef0123456789" {
			t.Errorf("readyz: %d, request id %q", res.StatusCode, res.Header.Get("X-Request-Id"))
		}
		code, _ := f.api(f.adminTok, "GET", "/api/v1/units/"+strconv.FormatInt(f.w1, 10), "", nil)
		if code != 200 {
			t.Fatalf("unit: %d", code)
		}
		if code, b := f.api(f.adminTok, "GET", "/api/v1/reminders", "", nil); code != 200 {
			t.Fatalf("reminders: %d %s", code, b)
		}
		req, _ = http.NewRequest("GET", f.srv.URL+"/healthz", nil)
		req.Header.Set("X-Request-Id", `bad id"with quotes`)
		res, _ = http.DefaultClient.Do(req)
		res.Body.Close()
		if id := res.Header.Get("X-Request-Id"); len(id) != 16 || strings.Contains(id, `"`) {
			t.Errorf("a malformed incoming id is replaced, got %q", id)
		}

		rec := httptest.NewRecorder()
		f.web.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		m := rec.Body.String()
		for _, want := range []string{
			`canbo_http_requests_total{route="GET /readyz",code="2xx"} 1`,
			`canbo_http_requests_total{route="GET /api/v1/units/{id}",code="2xx"} 1`,
			`canbo_http_request_duration_seconds_bucket{route="GET /api/v1/units/{id}",le="+Inf"} 1`,
			"canbo_db_open_connections ", "canbo_audit_appends_total ", "canbo_audit_commits_total ", "process_resident_memory_bytes ",
			`canbo_reminders_duration_seconds_count 1`,
		} {
			if !strings.Contains(m, want) {
				t.Errorf("metrics lack %q", want)
			}
		}
		if strings.Contains(m, "/api/v1/units/"+strconv.FormatInt(f.w1, 10)) {
			t.Error("metrics name a path with an id; they must name the route")
		}

		db.Close()
		res, err = http.Get(f.srv.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 503 {
			t.Errorf("readyz with the database closed: %d, want 503", res.StatusCode)
		}
	})
}

// TestLogHandlerAddsRequestID: a log line written with a request's context names its id.
func TestLogHandlerAddsRequestID(t *testing.T) {
	var b bytes.Buffer
	log := slog.New(web.LogHandler(slog.NewJSONHandler(&b, nil)))
	db := sqltest.MustOpen(t, sqlstore.SQLite)
	srv, err := web.New(db, log)
	if err != nil {
		t.Fatal(err)
	}
	srv.SlowRequest = 1 // every request is slow: logged as a warning, at the default level
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	id := rec.Header().Get("X-Request-Id")
	if id == "" || !strings.Contains(b.String(), `"request_id":"`+id+`"`) || !strings.Contains(b.String(), `"slow":true`) {
		t.Errorf("request %q logged as %s", id, b.String())
	}
}
