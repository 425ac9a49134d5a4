package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"canbo"
)

// mixKinds is the mixed load's share of each kind of request, in percent: what a commission's
// officers do in a day, mostly looking people up, 5% saving a profile with If-Match.
var mixKinds = []struct {
	kind  string
	share int
}{{"search", 30}, {"ward page", 20}, {"profile", 30}, {"reminders", 5}, {"Biểu 01", 5}, {"subtree", 5}, {"write", 5}}

// mixed runs clients concurrent clients for d, each drawing requests from mixKinds as one of
// the three callers (half of them the ward's officer), then the same mix as raw queries for
// as long, and prints throughput, p50/p95/p99 and errors per kind and in all, and the
// process's peak resident memory (the handler runs in this process, so it is the server's).
// An error is a 5xx, a SQLITE_BUSY or "database is locked" anywhere in an answer, or an
// unexpected status; a stale If-Match (412) is a conflict, counted apart.
func (w *workload) mixed(ctx context.Context, d time.Duration, clients int, stdout io.Writer) error {
	people, err := w.loadPeople(ctx)
	if err != nil {
		return err
	}
	type result struct {
		kind     string
		took     time.Duration
		err      bool
		conflict bool
	}
	run := func(raw bool) (map[string][]result, time.Duration) {
		var (
			mu  sync.Mutex
			out = map[string][]result{}
			wg  sync.WaitGroup
		)
		start := time.Now()
		stop := start.Add(d)
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(c), 11))
				caller := benchCallers[[]int{1, 1, 0, 2}[c%4]]
				for time.Now().Before(stop) && ctx.Err() == nil {
					kind := pickKind(rng)
					t0 := time.Now()
					bad, conflict := w.mixRequest(ctx, rng, caller, kind, people, raw)
					res := result{kind, time.Since(t0), bad, conflict}
					mu.Lock()
					out[kind] = append(out[kind], res)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		return out, time.Since(start)
	}
	report := func(title string, out map[string][]result, took time.Duration) float64 {
		fmt.Fprintf(stdout, "%s: %d clients, %s\n", title, clients, took.Round(time.Millisecond))
		fmt.Fprintf(stdout, "  %-10s %7s %8s %8s %8s %8s %7s %9s\n", "kind", "n", "req/s", "p50", "p95", "p99", "errors", "conflicts")
		var all []time.Duration
		var errs, conflicts int
		line := func(name string, rs []result) {
			var ts []time.Duration
			e, c := 0, 0
			for _, r := range rs {
				ts = append(ts, r.took)
				if r.err {
					e++
				}
				if r.conflict {
					c++
				}
			}
			s := summarize(ts)
			fmt.Fprintf(stdout, "  %-10s %7d %8.1f %8s %8s %8s %7d %9d\n", name, len(ts), float64(len(ts))/took.Seconds(), ms(s.p50), ms(s.p95), ms(s.p99), e, c)
			all, errs, conflicts = append(all, ts...), errs+e, conflicts+c
		}
		for _, k := range mixKinds {
			line(k.kind, out[k.kind])
		}
		s := summarize(all)
		fmt.Fprintf(stdout, "  %-10s %7d %8.1f %8s %8s %8s %7d %9d\n", "all", len(all), float64(len(all))/took.Seconds(), ms(s.p50), ms(s.p95), ms(s.p99), errs, conflicts)
		return float64(len(all)) / took.Seconds()
	}
	fmt.Fprintf(stdout, "engine %s, mix %v\n", w.store.Engine(), mixKinds)
	out, took := run(false)
	api := report("canbo (handler)", out, took)
	fmt.Fprintf(stdout, "server peak RSS: %s\n", peakRSS())
	if ctx.Err() != nil {
		return ctx.Err()
	}
	out, took = run(true)
	raw := report("raw queries, same mix", out, took)
	fmt.Fprintf(stdout, "canbo throughput = %.0f%% of raw\n", 100*api/max(raw, 1e-9))
	return nil
}

// pickKind draws a kind of request by its share.
func pickKind(rng *rand.Rand) string {
	n := rng.IntN(100)
	for _, k := range mixKinds {
		if n < k.share {
			return k.kind
		}
		n -= k.share
	}
	return mixKinds[0].kind
}

// mixPeople are the people the mixed load reads and writes: the ward's (which every caller
// sees) and a sample of the city's.
type mixPeople struct{ ward, city []int64 }

func (w *workload) loadPeople(ctx context.Context) (mixPeople, error) {
	var m mixPeople
	sys := canbo.SystemContext(ctx)
	for i, u := range w.wards {
		if i > 0 && i%8 != 0 {
			continue
		}
		page, _, _, err := w.store.FindPeople(sys, canbo.PersonFilter{Under: u, Limit: 50})
		if err != nil {
			return m, err
		}
		for _, p := range page {
			if u == w.ward {
				m.ward = append(m.ward, p.ID)
			}
			m.city = append(m.city, p.ID)
		}
	}
	if len(m.ward) == 0 {
		return m, fmt.Errorf("no people in the ward")
	}
	return m, nil
}

// mixRequest sends one request of kind as caller (raw: runs the raw query of the same
// question) and reports whether it failed and whether it was a write conflict.
func (w *workload) mixRequest(ctx context.Context, rng *rand.Rand, caller, kind string, people mixPeople, raw bool) (bad, conflict bool) {
	ward, ids := w.ward, people.ward
	if caller != "ward" {
		ward, ids = w.wards[rng.IntN(len(w.wards))], people.city
	}
	person := ids[rng.IntN(len(ids))]
	scope := w.scopes[caller]
	if raw {
		r := w.raw
		var err error
		switch kind {
		case "search":
			q, drive := w.queries[rng.IntN(len(w.queries))], driveOrder
			if q == w.rare {
				drive = driveWord
			} else if caller == "ward" {
				drive = driveUnits
			}
			_, err = r.people(ctx, scope, 0, q, caller == "admin", 20, drive)
		case "ward page":
			_, err = r.people(ctx, scope, ward, "", caller == "admin", 50, driveUnits)
		case "profile":
			_, err = r.profile(ctx, scope, person)
		case "reminders":
			_, err = r.probations(ctx, scope, ward, r.on, w.store.Now().AddDate(0, 0, 90).Format(time.DateOnly))
		case "Biểu 01":
			_, err = r.workforce(ctx, scope, ward)
		case "subtree":
			_, err = r.units(ctx, scope, ward, r.on)
		case "write":
			err = r.write(ctx, person, fmt.Sprintf("09%08d", rng.IntN(1e8)))
		}
		return err != nil, false
	}
	var rec interface {
		Result() *http.Response
	}
	switch kind {
	case "search":
		rec = w.do(caller, "GET", "/api/v1/people?limit=20&q="+strings.ReplaceAll(w.queries[rng.IntN(len(w.queries))], " ", "+"), "", "")
	case "ward page":
		rec = w.do(caller, "GET", "/api/v1/people?limit=50&under="+id(ward), "", "")
	case "profile":
		rec = w.do(caller, "GET", "/api/v1/people/"+id(person), "", "")
	case "reminders":
		rec = w.do(caller, "GET", "/api/v1/reminders?within=90&under="+id(ward), "", "")
	case "Biểu 01":
		rec = w.do(caller, "GET", "/api/v1/reports/bieu01?under="+id(ward), "", "")
	case "subtree":
		rec = w.do(caller, "GET", "/api/v1/units?limit=50&under="+id(ward), "", "")
	case "write":
		got := w.do(caller, "GET", "/api/v1/people/"+id(person), "", "")
		if got.Code != http.StatusOK {
			return true, false
		}
		rec = w.do(caller, "PATCH", "/api/v1/people/"+id(person), fmt.Sprintf(`{"phone":"09%08d"}`, rng.IntN(1e8)), got.Header().Get("ETag"))
	}
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	if strings.Contains(string(body), "SQLITE_BUSY") || strings.Contains(string(body), "database is locked") {
		return true, false
	}
	switch {
	case res.StatusCode == http.StatusPreconditionFailed || res.StatusCode == http.StatusConflict:
		return false, true
	case res.StatusCode >= 300:
		return true, false
	}
	return false, false
}

// write is the raw counterpart of a profile save: one UPDATE guarded by the version read.
func (r rawDB) write(ctx context.Context, person int64, phone string) error {
	rows, err := r.query(ctx, `UPDATE people SET phone = ?, version = version + 1 WHERE id = ? RETURNING version`, phone, person)
	if err != nil {
		return err
	}
	return rows.Close()
}

// peakRSS is the process's peak resident memory (Linux VmHWM), or "unknown".
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
