package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/auth"
	"canbo/demo"
	"canbo/sqlstore"
	"canbo/vn"
	"canbo/web"
)

// cmdBench measures canbo on a seeded database (canbo seed --scale city first) with a fixed
// workload (docs/BENCHMARKS.md): each operation through the real handler with token
// authentication as three callers — an administrator, an officer scoped to one ward's party
// committee and one scoped to the whole city — beside the same answer computed by the best raw
// SQL statement on the same database, interleaved, with the ratio. With --load it runs the
// mixed load instead (bench_load.go).
func cmdBench(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("bench")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL (seeded)")
	auditDirFlag := fs.str("audit-dir", "", auditDirHelp)
	n := fs.Int("n", 30, "requests per operation (and as many raw queries)")
	load := fs.Duration("load", 0, "instead: run the mixed load for this long (e.g. 60s): throughput, p50/p95/p99, errors, peak RSS")
	clients := fs.Int("clients", 32, "with --load: concurrent clients")
	only := fs.str("only", "", "run only the operations whose name contains this text (e.g. reminders)")
	caller := fs.str("caller", "", "run only this caller's operations: admin, ward or city (a nation file's searches as all three take an hour)")
	mix := fs.str("load-mix", "full", "with --load: the mix, full (every kind, 5% writes) or search (search and profile reads only)")
	cpuProfile := fs.str("cpuprofile", "", "write a CPU profile to this file (go tool pprof): of the whole run, set-up included; "+
		"with --load, of the handler's run, labelled by kind and caller (-tagfocus)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *load == 0 { // the mixed load profiles the handler's run itself
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	kinds, ok := loadMixes[*mix]
	if !ok {
		return fmt.Errorf("--load-mix: %q is not full or search", *mix)
	}
	store, err := openStore(ctx, *db, *auditDirFlag)
	if err != nil {
		return err
	}
	defer store.Close()
	srv, err := web.New(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	// The raw queries are bound to the day the run starts; a run that crosses midnight keeps the
	// handler and the store on that day too, or the two sides would answer for different days.
	store.Now = sameDay(store.Now)
	srv.Now = store.Now
	start := time.Now()
	w, err := newWorkload(canbo.SystemContext(ctx), store, srv.Handler())
	if err != nil {
		return err
	}
	w.setup = time.Since(start)
	if *load > 0 {
		return w.mixed(ctx, loadRun{d: *load, clients: *clients, kinds: kinds, cpuProfile: *cpuProfile}, stdout)
	}
	if *caller != "" && !slices.Contains(benchCallers, *caller) {
		return fmt.Errorf("--caller: %q is not admin, ward or city", *caller)
	}
	return w.operations(ctx, *n, *only, *caller, stdout)
}

// sameDay returns a clock that follows now until the end of the day it first reads, and stays at
// that day's last second afterwards.
func sameDay(now func() time.Time) func() time.Time {
	start := now()
	last := time.Date(start.Year(), start.Month(), start.Day(), 23, 59, 59, 0, start.Location())
	return func() time.Time {
		if t := now(); t.Before(last) {
			return t
		}
		return last
	}
}

// workload is the fixed bench workload: its callers, the units and people it asks about, and
// the handler it asks.
type workload struct {
	store   *sqlstore.DB
	h       http.Handler
	raw     rawDB
	tokens  map[string]string  // caller → bearer token
	scopes  map[string][]int64 // caller → scope roots; nil for the administrator
	ward    int64              // a ward's party committee
	wards   []int64            // every ward party committee (the mixed load draws from them)
	party   int64              // the city's party committee
	state   int64              // the city's people's committee (state tree root)
	city    int64              // the city in the territory tree
	rare    string             // the folded full name of one person of the ward
	person  int64              // that person
	prog    int64              // a programme of this year
	queries []string           // the search words of the mixed load
	setup   time.Duration      // how long newWorkload took (printed: a slow set-up is a finding too)
}

// benchCallers are the three callers, in the order the table lists them.
var benchCallers = []string{"admin", "ward", "city"}

// newWorkload finds the units and people the workload asks about and creates its callers
// (users bench, bench-ward, bench-city, with a new token each run). It adds the demo's
// programme and quotas when the database has none, so that every report has something to
// compute.
func newWorkload(ctx context.Context, store *sqlstore.DB, h http.Handler) (*workload, error) {
	now := store.Now()
	w := &workload{store: store, h: h, raw: rawDB{db: store.SQL(), pg: engineIsPG(store), on: now.Format(time.DateOnly)},
		tokens: map[string]string{}, scopes: map[string][]int64{}}
	root := func(h canbo.Hierarchy, kind string) (int64, error) {
		units, _, err := store.FindUnits(ctx, canbo.UnitFilter{Hierarchy: h, Roots: true, Kind: kind, Q: "Hồ Chí Minh", AsOf: now})
		if err != nil || len(units) == 0 {
			return 0, fmt.Errorf("no %s unit %q of Ho Chi Minh City: run canbo seed --scale city first (%v)", h, kind, err)
		}
		return units[0].ID, nil
	}
	var err error
	if w.party, err = root(canbo.Party, "thanh_uy"); err != nil {
		return nil, err
	}
	if w.state, err = root(canbo.State, "ubnd"); err != nil {
		return nil, err
	}
	if w.city, err = root(canbo.Territory, "thanh_pho_tw"); err != nil {
		return nil, err
	}
	wards, _, err := store.FindUnits(ctx, canbo.UnitFilter{Parent: w.party, Kind: "dang_uy", Q: "phường", AsOf: now})
	if err != nil || len(wards) == 0 {
		return nil, fmt.Errorf("no ward party committee: run canbo seed --scale city first (%v)", err)
	}
	for _, u := range wards {
		w.wards = append(w.wards, u.ID)
	}
	w.ward = w.wards[0]
	page, _, _, err := store.FindPeople(ctx, canbo.PersonFilter{Under: w.ward, Limit: 50})
	if err != nil || len(page) == 0 {
		return nil, fmt.Errorf("no people in the ward: run canbo seed --scale city first (%v)", err)
	}
	p := page[len(page)*3/4]
	w.rare, w.person = vn.Fold(p.FullName), p.ID
	w.queries = []string{"nguyen", "tran thi", "ng v", "le", "pham van", "loc", "huong", w.rare}
	if _, err := demo.Programmes(ctx, store, now.Year()); err != nil {
		return nil, err
	}
	if _, err := demo.Staffing(ctx, store, 1); err != nil {
		return nil, err
	}
	progs, err := store.Programmes(ctx, canbo.ProgrammeFilter{Year: now.Year()})
	if err != nil || len(progs) == 0 {
		return nil, fmt.Errorf("no programme of %d (%v)", now.Year(), err)
	}
	w.prog = progs[0].ID
	w.scopes["admin"], w.scopes["ward"], w.scopes["city"] = nil, []int64{w.ward}, []int64{w.party, w.state}
	for _, c := range benchCallers {
		if w.tokens[c], err = benchToken(ctx, store, c, w.scopes[c]); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// benchToken returns a new token of the bench user of caller (an administrator, or an officer
// scoped to scope), created on first use.
func benchToken(ctx context.Context, store *sqlstore.DB, caller string, scope []int64) (string, error) {
	name := "bench"
	if caller != "admin" {
		name += "-" + caller
	}
	u, _, err := store.FindUserByUsername(ctx, name)
	if canbo.ErrorCode(err) == canbo.ENOTFOUND {
		hash, err := auth.HashPassword(auth.NewToken())
		if err != nil {
			return "", err
		}
		u = &canbo.User{Username: name, Role: canbo.RoleAdmin}
		if scope != nil {
			u.Role, u.Scope = canbo.RoleOfficer, scope
		}
		if err := store.CreateUser(ctx, u, hash); err != nil {
			return "", err
		}
	} else if err != nil {
		return "", err
	}
	token := auth.NewToken()
	return token, store.CreateToken(ctx, auth.TokenHash(token), u.ID, name, time.Now())
}

// do sends one request as caller through the handler.
func (w *workload) do(caller, method, path, body, ifMatch string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+w.tokens[caller])
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	return rec
}

// benchOp is one operation of the workload: a GET as a caller, how to read its answer from
// the JSON, and the raw statement giving the same answer.
type benchOp struct {
	name, caller, path string
	answer             func(body []byte) (string, error)
	raw                func(ctx context.Context) (string, error)
}

// ops lists the workload's operations for every caller.
func (w *workload) ops() []benchOp {
	r := w.raw
	var ops []benchOp
	for _, c := range benchCallers {
		scope := w.scopes[c]
		// The raw shape: the ward's officer's scope supplies the candidates; else a common word
		// walks the sort order.
		common := driveOrder
		if c == "ward" {
			common = driveUnits
		}
		search := func(name, q string, drive rawDrive) benchOp {
			return benchOp{name, c, "/api/v1/people?limit=20&q=" + url.QueryEscape(q), peopleAnswer,
				func(ctx context.Context) (string, error) { return r.people(ctx, scope, 0, q, c == "admin", 20, drive) }}
		}
		ops = append(ops,
			search("search common (nguyen)", "nguyen", common),
			search("search rare (full name)", w.rare, driveWord),
			search("search multi-word (tran thi)", "tran thi", common),
			search("search prefixes (ng v)", "ng v", common),
			benchOp{"ward's people, 50 rows", c, "/api/v1/people?limit=50&under=" + id(w.ward), peopleAnswer,
				func(ctx context.Context) (string, error) {
					return r.people(ctx, scope, w.ward, "", c == "admin", 50, driveUnits)
				}},
			benchOp{"profile read (audited)", c, "/api/v1/people/" + id(w.person), profileAnswer,
				func(ctx context.Context) (string, error) { return r.profile(ctx, scope, w.person) }},
			benchOp{"reminders of the ward", c, "/api/v1/reminders?within=365&under=" + id(w.ward), reminderAnswer,
				func(ctx context.Context) (string, error) {
					return r.reminders(ctx, scope, w.ward, true, r.on, w.store.Now().AddDate(0, 0, 365).Format(time.DateOnly))
				}},
			benchOp{"Biểu 01 of the ward", c, "/api/v1/reports/bieu01?under=" + id(w.ward), bieu01Answer,
				func(ctx context.Context) (string, error) { return r.workforce(ctx, scope, w.ward) }},
			benchOp{"party statistics, ward", c, "/api/v1/party/stats?under=" + id(w.ward), partyAnswer,
				func(ctx context.Context) (string, error) { return r.members(ctx, scope, w.ward) }},
		)
		if c == "ward" {
			continue // the rest asks about the whole city, which the ward's officer does not see
		}
		ops = append(ops,
			benchOp{"reminders of the city", c, "/api/v1/reminders?within=365&under=" + id(w.party), reminderAnswer,
				func(ctx context.Context) (string, error) {
					return r.reminders(ctx, scope, w.party, false, r.on, w.store.Now().AddDate(0, 0, 365).Format(time.DateOnly))
				}},
			benchOp{"Biểu 01 of the city", c, "/api/v1/reports/bieu01?under=" + id(w.party), bieu01Answer,
				func(ctx context.Context) (string, error) { return r.workforce(ctx, scope, w.party) }},
			benchOp{"party statistics, city", c, "/api/v1/party/stats?under=" + id(w.party), partyAnswer,
				func(ctx context.Context) (string, error) { return r.members(ctx, scope, w.party) }},
			benchOp{"staffing roll-up, city", c, "/api/v1/units/" + id(w.state) + "/staffing", staffingAnswer,
				func(ctx context.Context) (string, error) { return r.rollUp(ctx, w.state) }},
			benchOp{"programme completion", c, "/api/v1/programmes/" + id(w.prog) + "/completion", completionAnswer,
				func(ctx context.Context) (string, error) { return r.items(ctx, w.prog) }},
		)
		if c == "admin" {
			ops = append(ops, benchOp{"city's subtree on 2025-07-01", c, "/api/v1/units?as_of=2025-07-01&limit=1&under=" + id(w.city), unitsAnswer,
				func(ctx context.Context) (string, error) { return r.units(ctx, scope, w.city, "2025-07-01") }})
		}
	}
	return ops
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// operations runs each operation (those whose name contains only, of caller if set) n times through the handler
// and n times raw, interleaved so that the machine's load falls on both alike, checks that both
// give the same answer, and prints the table.
func (w *workload) operations(ctx context.Context, n int, only, caller string, stdout io.Writer) error {
	fmt.Fprintf(stdout, "engine %s, %d of each, as of %s, set-up %.1f s (times in ms; ratio = canbo p50 / raw p50)\n", w.store.Engine(), n, w.raw.on, w.setup.Seconds())
	fmt.Fprintf(stdout, "%-30s %-6s %4s %8s %8s %8s %7s %8s | %8s %8s %8s %7s %8s | %6s %s\n",
		"operation", "caller", "n", "p50", "p95", "p99", "req/s", "cpu p50", "raw p50", "raw p95", "raw p99", "raw q/s", "cpu p50", "ratio", "answer")
	mismatches := 0
ops:
	for _, op := range w.ops() {
		if !strings.Contains(op.name, only) || caller != "" && op.caller != caller {
			continue
		}
		var api, raw, apiCPU, rawCPU []time.Duration
		var got, want string
		for i := range n {
			if err := ctx.Err(); err != nil {
				return err // Ctrl-C or SIGTERM ends the run between requests
			}
			start, cpu := time.Now(), cpuTime()
			rec := w.do(op.caller, "GET", op.path, "", "")
			api, apiCPU = append(api, time.Since(start)), append(apiCPU, cpuTime()-cpu)
			if rec.Code != http.StatusOK {
				// Reported and counted, and the run goes on: a timeout of one report under load
				// should not hide the others' figures.
				fmt.Fprintf(stdout, "%-30s %-6s ERROR after %s ms: GET %s: %d %s\n", op.name, op.caller, ms(api[len(api)-1]), op.path, rec.Code, trim(rec.Body.String()))
				mismatches++
				continue ops
			}
			start, cpu = time.Now(), cpuTime()
			ans, err := op.raw(ctx)
			raw, rawCPU = append(raw, time.Since(start)), append(rawCPU, cpuTime()-cpu)
			if err != nil {
				return fmt.Errorf("%s as %s, raw: %w", op.name, op.caller, err)
			}
			if i == 0 {
				if got, err = op.answer(rec.Body.Bytes()); err != nil {
					return fmt.Errorf("%s as %s: %w", op.name, op.caller, err)
				}
				want = ans
			}
		}
		check := "same"
		if got != want {
			check = fmt.Sprintf("MISMATCH canbo %q raw %q", trim(got), trim(want))
			mismatches++
		}
		a, b := summarize(api), summarize(raw)
		fmt.Fprintf(stdout, "%-30s %-6s %4d %8s %8s %8s %7.1f %8s | %8s %8s %8s %7.1f %8s | %6.1f %s\n",
			op.name, op.caller, n, ms(a.p50), ms(a.p95), ms(a.p99), a.rate, ms(summarize(apiCPU).p50),
			ms(b.p50), ms(b.p95), ms(b.p99), b.rate, ms(summarize(rawCPU).p50),
			float64(a.p50)/float64(max(b.p50, 1)), check)
	}
	if mismatches > 0 {
		return fmt.Errorf("%d operations failed or answered differently from their raw query", mismatches)
	}
	return nil
}

// trim shortens an answer for the mismatch line.
func trim(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

// latencies is a summary of a run of timings.
type latencies struct {
	p50, p95, p99 time.Duration
	rate          float64 // per second of the summed times (one client)
}

func summarize(d []time.Duration) latencies {
	if len(d) == 0 {
		return latencies{}
	}
	s := slices.Clone(d)
	slices.Sort(s)
	var sum time.Duration
	for _, v := range s {
		sum += v
	}
	p := func(q float64) time.Duration { return s[int(q*float64(len(s)-1)+0.5)] }
	return latencies{p(0.5), p(0.95), p(0.99), float64(len(s)) / sum.Seconds()}
}

// ms formats a duration in milliseconds.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64)
}

// The answers read from the handler's JSON, in the words of rawDB's answers.

func peopleAnswer(b []byte) (string, error) {
	var v struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
		Total int `json:"total"`
	}
	err := json.Unmarshal(b, &v)
	ids := make([]int64, len(v.Items))
	for i, it := range v.Items {
		ids[i] = it.ID
	}
	return listAnswer(v.Total, ids), err
}

func profileAnswer(b []byte) (string, error) {
	var v struct{ ID, Version int64 }
	err := json.Unmarshal(b, &v)
	return fmt.Sprintf("id=%d version=%d", v.ID, v.Version), err
}

func unitsAnswer(b []byte) (string, error) {
	var v struct{ Total int }
	err := json.Unmarshal(b, &v)
	return fmt.Sprintf("units=%d", v.Total), err
}

func reminderAnswer(b []byte) (string, error) {
	var v struct{ Counts map[string]int }
	err := json.Unmarshal(b, &v)
	return reminderCounts(v.Counts[string(canbo.RemindProbationEnd)], v.Counts[string(canbo.RemindSecondmentEnd)]), err
}

// reminderCounts is the reminders' answer: the counts of the kinds plain SQL decides exactly.
func reminderCounts(probation, secondment int) string {
	return fmt.Sprintf("probation_end=%d secondment_end=%d", probation, secondment)
}

func bieu01Answer(b []byte) (string, error) {
	var v struct {
		Totals struct{ Total, Party, Women int }
	}
	err := json.Unmarshal(b, &v)
	return fmt.Sprintf("total=%d party=%d women=%d", v.Totals.Total, v.Totals.Party, v.Totals.Women), err
}

func partyAnswer(b []byte) (string, error) {
	var v struct{ Members int }
	err := json.Unmarshal(b, &v)
	return fmt.Sprintf("members=%d", v.Members), err
}

func staffingAnswer(b []byte) (string, error) {
	var v struct{ Totals canbo.StaffingTotals }
	err := json.Unmarshal(b, &v)
	return staffingTotals(v.Totals), err
}

// staffingTotals is the staffing roll-up's answer: its totals.
func staffingTotals(t canbo.StaffingTotals) string {
	return fmt.Sprintf("filled=%d allotted=%d vacant=%d over=%d", t.Filled, t.Allotted, t.Vacant, t.Over)
}

func completionAnswer(b []byte) (string, error) {
	var v struct{ Scheduled, Arising struct{ Total int } }
	err := json.Unmarshal(b, &v)
	return fmt.Sprintf("items=%d", v.Scheduled.Total+v.Arising.Total), err
}
