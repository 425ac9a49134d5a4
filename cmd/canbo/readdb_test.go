package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
	"canbo/web"
)

// TestServeReadDBNeedsPostgres: --read-db is a PostgreSQL standby; with a SQLite database (or a
// SQLite read URL) serve refuses to start rather than pretend.
func TestServeReadDBNeedsPostgres(t *testing.T) {
	for _, args := range [][]string{
		{"--db", sqltest.DSN(t, sqlstore.SQLite), "--read-db", "postgres://127.0.0.1:1/canbo"},
		{"--db", "postgres://127.0.0.1:1/canbo", "--read-db", filepath.Join(t.TempDir(), "copy.db")},
	} {
		err := cmdServe(context.Background(), args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "--read-db") {
			t.Errorf("%v: %v", args, err)
		}
	}
	if _, err := sqlstore.OpenWith(context.Background(), filepath.Join(t.TempDir(), "x.db"), sqlstore.Options{ReadOnly: true}); err == nil {
		t.Error("a read-only SQLite store opened")
	}
}

// TestReadDB (issue 20 item 6): a primary and a streaming standby made with PostgreSQL's own
// tools (initdb, pg_basebackup -R, pg_ctl) on loopback. A server with the standby as its read
// store computes Biểu 01 there — shown by pausing the standby's replay: people created after
// the pause count on the primary and not in the report — while the creates (writes) and the
// report's own audit events go to the primary. A server allowing no lag computes on the
// primary meanwhile; once the standby is stopped, reports fall back to the primary and still
// answer. The read-only store refuses writes even on the primary. Finally `canbo serve
// --read-db` itself, through HTTP and its /metrics. Run like TestFailover (CANBO_TEST_AUTOFAILOVER=1).
func TestReadDB(t *testing.T) {
	if os.Getenv("CANBO_TEST_AUTOFAILOVER") != "1" {
		t.Skip("set CANBO_TEST_AUTOFAILOVER=1 (scripts/test.sh does) to run a primary and a standby")
	}
	bin := os.Getenv("CANBO_TEST_PGBIN")
	if _, err := os.Stat(filepath.Join(bin, "pg_basebackup")); err != nil {
		t.Fatalf("CANBO_TEST_PGBIN must name PostgreSQL's bin folder: %v", err)
	}
	dir, err := os.MkdirTemp("", "canbo-readdb-")
	if err != nil {
		t.Fatal(err)
	}
	chownPostgres(t, dir)
	run := func(prog string, args ...string) {
		t.Helper()
		if out, err := asPostgres(nil, filepath.Join(bin, prog), args...).CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", prog, args, err, out)
		}
	}
	start := func(node string, port int) {
		t.Helper()
		run("pg_ctl", "-D", filepath.Join(dir, node), "-w", "-l", filepath.Join(dir, node+".log"),
			"-o", fmt.Sprintf("-k %s -c listen_addresses=127.0.0.1 -p %d -c fsync=off", dir, port), "start")
	}
	t.Cleanup(func() {
		for _, n := range []string{"primary", "standby"} {
			killPostmaster(filepath.Join(dir, n))
		}
		os.RemoveAll(dir)
	})
	p1, p2 := freePort(t), freePort(t)
	run("initdb", "-D", filepath.Join(dir, "primary"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8")
	start("primary", p1)
	url := func(port int) string {
		return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/canbo?sslmode=disable", port)
	}
	mustExec(t, strings.Replace(url(p1), "/canbo?", "/postgres?", 1), "CREATE DATABASE canbo")
	ctx := canbo.SystemContext(context.Background())
	store, err := sqlstore.Open(ctx, url(p1))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	auditDir := filepath.Join(t.TempDir(), "audit")
	if _, err := store.SetAuditDir(auditDir); err != nil {
		t.Fatal(err)
	}
	ev, err := store.RecordEvent(ctx, canbo.EventInput{Kind: canbo.EventCreate, Date: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		New: &canbo.NewUnit{Hierarchy: canbo.Party, Name: "Đảng bộ Phường Bến Nghé", Kind: "dang_bo_co_so"}})
	if err != nil {
		t.Fatal(err)
	}
	unit := ev.Links[0].UnitID
	token, err := benchToken(ctx, store, "admin", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The standby: a base backup of the primary with its replication settings (-R), started
	// on its own port; it streams from the primary from then on.
	run("pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(p1), "-U", "postgres", "-D", filepath.Join(dir, "standby"), "-R", "-X", "stream", "-c", "fast")
	start("standby", p2)
	standby := openWhenUp(t, url(p2), `SELECT 1`)
	reads, err := sqlstore.OpenWith(ctx, url(p2), sqlstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reads.Close()

	// Two servers over the same pair: one trusts the standby up to an hour behind, one not
	// at all.
	server := func(maxLag time.Duration) *web.Server {
		srv, err := web.New(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		srv.SetReadReplica(reads, maxLag)
		return srv
	}
	lenient, strict := server(time.Hour), server(0)
	do := func(srv *web.Server, method, path, body string) *httptest.ResponseRecorder {
		return (&workload{store: store, h: srv.Handler(), tokens: map[string]string{"admin": token}}).do("admin", method, path, body, "")
	}
	people := 0
	create := func() {
		t.Helper()
		people++
		body := fmt.Sprintf(`{"family_name":"Lê","middle_name":"Thị","given_name":"Bản Sao %d","sex":"female","birth_date":"1980-02-03",`+
			`"post":{"unit_id":%d,"title":"Chuyên viên","from":"2010-01-01"}}`, people, unit)
		if rec := do(lenient, "POST", "/api/v1/people", body); rec.Code != http.StatusCreated {
			t.Fatalf("create through the server with a read store: %d %s", rec.Code, rec.Body)
		}
	}
	bieu01 := func(srv *web.Server) int {
		t.Helper()
		rec := do(srv, "GET", fmt.Sprintf("/api/v1/reports/bieu01?under=%d", unit), "")
		var rep canbo.Bieu01
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &rep) != nil {
			t.Fatalf("Biểu 01: %d %s", rec.Code, rec.Body)
		}
		return rep.Totals.Total
	}
	onStandby := func(q string) int {
		var n int
		if err := standby.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	waitStandby := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(100 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the standby never %s", what)
			}
		}
	}
	create()
	create()
	waitStandby("replayed the first two people", func() bool { return onStandby(`SELECT COUNT(*) FROM people`) == 2 })
	if n := bieu01(lenient); n != 2 {
		t.Fatalf("Biểu 01 on the caught-up standby: %d people, want 2", n)
	}
	// Every report the server sends to the read store runs on a standby: none writes.
	today := time.Now()
	for name, err := range map[string]error{
		"Biểu 02":         second(reads.Bieu02(ctx, unit, today)),
		"retirement wave": second(reads.RetirementWave(ctx, unit, today, 10)),
		"party health":    second(reads.PartyHealth(ctx, unit, today)),
		"party stats":     second(reads.PartyStats(ctx, unit, today, today.AddDate(-1, 0, 0), today)),
		"staffing":        second(reads.Staffing(ctx, unit, today)),
		"reminders":       second(reads.Reminders(ctx, canbo.ReminderFilter{Under: unit, AsOf: today, From: today, To: today.AddDate(0, 0, 90), Limit: 1})),
		"programmes":      second(reads.Programmes(ctx, canbo.ProgrammeFilter{Year: today.Year(), OwnerUnitID: unit})),
	} {
		if err != nil {
			t.Errorf("%s on the standby: %v", name, err)
		}
	}

	// Replay paused: the standby keeps receiving but shows nothing new.
	mustExec(t, url(p2), `SELECT pg_wal_replay_pause()`)
	create()
	waitStandby("received the third person", func() bool {
		lag, err := reads.ReplicaLag(ctx)
		return err == nil && lag > 0
	})
	if n := bieu01(lenient); n != 2 {
		t.Errorf("Biểu 01 with the standby an hour allowed: %d people, want the standby's 2 (the primary has 3)", n)
	}
	if n := bieu01(strict); n != 3 {
		t.Errorf("Biểu 01 with no lag allowed: %d people, want the primary's 3", n)
	}
	mustExec(t, url(p2), `SELECT pg_wal_replay_resume()`)
	waitStandby("replayed the third person", func() bool { return onStandby(`SELECT COUNT(*) FROM people`) == 3 })
	if n := bieu01(lenient); n != 3 {
		t.Errorf("Biểu 01 on the standby after the replay: %d people, want 3", n)
	}
	// Every report's audit event is on the primary (the standby has replayed them, so it
	// counts the same); nothing was written on the standby, which could not take it.
	var audited int
	if err := store.SQL().QueryRow(`SELECT COUNT(*) FROM audit_events WHERE entity = 'bieu01'`).Scan(&audited); err != nil || audited != 4 {
		t.Errorf("Biểu 01 audit events on the primary: %d, %v; want 4", audited, err)
	}
	for name, srv := range map[string]*web.Server{"lenient": lenient, "strict": strict} {
		want := map[string]int{"lenient": 3, "strict": 0}[name]
		if got := reportReads(t, srv.MetricsHandler(), "read_db"); got != want {
			t.Errorf("%s server: %d reports on the read store, want %d", name, got, want)
		}
	}

	// The read-only store refuses writes — on the standby, and on the primary too, should the
	// read URL reach one.
	onPrimary, err := sqlstore.OpenWith(ctx, url(p1), sqlstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer onPrimary.Close()
	for name, db := range map[string]*sqlstore.DB{"standby": reads, "primary": onPrimary} {
		p := &canbo.Person{FamilyName: "Ghi", GivenName: "Nhầm", Sex: canbo.Male, BirthDate: "1970"}
		if err := db.CreatePerson(ctx, p, nil, nil); err == nil {
			t.Errorf("a read-only store on the %s took a write", name)
		}
	}
	var stored int
	if err := store.SQL().QueryRow(`SELECT COUNT(*) FROM people`).Scan(&stored); err != nil || stored != 3 {
		t.Errorf("people on the primary: %d, %v; want 3", stored, err)
	}

	// The standby stops: the lenient server's next reports fail there, and are computed on the
	// primary instead — the user sees the report, not an error.
	run("pg_ctl", "-D", filepath.Join(dir, "standby"), "-w", "-m", "immediate", "stop")
	before := reportReads(t, lenient.MetricsHandler(), "primary")
	create()
	for range 2 {
		if n := bieu01(lenient); n != 4 {
			t.Errorf("Biểu 01 with the standby stopped: %d people, want the primary's 4", n)
		}
	}
	if got := reportReads(t, lenient.MetricsHandler(), "primary") - before; got != 2 {
		t.Errorf("reports on the primary after the standby stopped: %d, want 2", got)
	}

	// `canbo serve --read-db` with the standby back: the flag's path, the report over HTTP,
	// where it ran in /metrics. Last, as its own audit keeper then appends to the log.
	start("standby", p2)
	waitStandby("replayed the fourth person", func() bool {
		var n int
		return standby.QueryRow(`SELECT COUNT(*) FROM people`).Scan(&n) == nil && n == 4
	})
	addr, metricsAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t)), fmt.Sprintf("127.0.0.1:%d", freePort(t))
	sctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- cmdServe(sctx, []string{"--db", url(p1), "--read-db", url(p2), "--audit-dir", auditDir, "--addr", addr, "--metrics-addr", metricsAddr}, io.Discard)
	}()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Error(err)
		}
	}()
	get := func(u string, auth bool) (int, string) {
		req, _ := http.NewRequest("GET", u, nil)
		if auth {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			res, err := http.DefaultClient.Do(req)
			if err == nil {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				return res.StatusCode, string(b)
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s: %v", u, err)
			}
		}
	}
	if code, body := get(fmt.Sprintf("http://%s/api/v1/reports/bieu01?under=%d", addr, unit), true); code != http.StatusOK || !strings.Contains(body, `"total":4`) {
		t.Errorf("serve --read-db: Biểu 01 %d %s", code, body)
	}
	if _, m := get("http://"+metricsAddr+"/metrics", false); !strings.Contains(m, `canbo_report_reads_total{store="read_db"} 1`) || !strings.Contains(m, "canbo_read_db_usable 1") {
		t.Errorf("serve --read-db metrics lack the report on the read store:\n%s", grepLines(m, "read"))
	}
}

// second is the error of a call's two results.
func second[T any](_ T, err error) error { return err }

// reportReads is the count of canbo_report_reads_total for the store in the server's metrics.
func reportReads(t *testing.T, h http.Handler, store string) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	prefix := `canbo_report_reads_total{store="` + store + `"} `
	for sc := bufio.NewScanner(rec.Body); sc.Scan(); {
		if v, ok := strings.CutPrefix(sc.Text(), prefix); ok {
			n, _ := strconv.Atoi(v)
			return n
		}
	}
	return 0
}

// grepLines keeps the lines of s that contain word.
func grepLines(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
