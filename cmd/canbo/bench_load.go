package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"canbo"
)

// mixKind is one kind of request of a mixed load and its share, in percent.
type mixKind struct {
	kind  string
	share int
}

// loadMixes are the mixed loads --load-mix chooses from. full is what a commission's officers
// do in a day: mostly looking people up, some reports, 5% saving a profile with If-Match. search
// is the "search-and-profile mix": name searches and audited profile reads, half each.
var loadMixes = map[string][]mixKind{
	"full":   {{"search", 30}, {"ward page", 20}, {"profile", 30}, {"reminders", 5}, {"Biểu 01", 5}, {"subtree", 5}, {"write", 5}},
	"search": {{"search", 50}, {"profile", 50}},
}

// loadRun is how a mixed load runs: for d, clients concurrent clients drawing from kinds;
// with cpuProfile, the handler's run is profiled into that file.
type loadRun struct {
	d          time.Duration
	clients    int
	kinds      []mixKind
	cpuProfile string
}

// mixed runs l.clients concurrent clients for l.d, each drawing requests from l.kinds as one of
// the three callers (half of them the ward's officer), then the same mix as raw queries for
// as long, and prints throughput, p50/p95/p99 and errors per kind and in all, and the
// process's peak resident memory (the handler runs in this process, so it is the server's).
// An error is a 5xx, a SQLITE_BUSY or "database is locked" anywhere in an answer, or an
// unexpected status; a stale If-Match (412) is a conflict, counted apart. The CPU profile's
// samples carry the labels kind and caller, so `go tool pprof -tagfocus kind=reminders` shows
// where one kind's time goes.
func (w *workload) mixed(ctx context.Context, l loadRun, stdout io.Writer) error {
	d, clients := l.d, l.clients
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
	run := func(raw bool) (map[string][]result, time.Duration, time.Duration) {
		var (
			mu  sync.Mutex
			out = map[string][]result{}
			wg  sync.WaitGroup
		)
		start, cpu0 := time.Now(), cpuTime()
		stop := start.Add(d)
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(c), 11))
				caller := benchCallers[[]int{1, 1, 0, 2}[c%4]]
				for time.Now().Before(stop) && ctx.Err() == nil {
					kind := pickKind(rng, l.kinds)
					t0 := time.Now()
					var bad, conflict bool
					pprof.Do(ctx, pprof.Labels("kind", kind, "caller", caller), func(ctx context.Context) {
						bad, conflict = w.mixRequest(ctx, rng, caller, kind, people, raw)
					})
					res := result{kind, time.Since(t0), bad, conflict}
					mu.Lock()
					out[kind] = append(out[kind], res)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		return out, time.Since(start), cpuTime() - cpu0
	}
	report := func(title string, out map[string][]result, took, cpu time.Duration) float64 {
		fmt.Fprintf(stdout, "%s: %d clients, %s\n", title, clients, took.Round(time.Millisecond))
		n := 0
		for _, rs := range out {
			n += len(rs)
		}
		fmt.Fprintf(stdout, "  CPU (user+sys) %s: %s ms per request, %.2f cores busy\n",
			cpu.Round(time.Millisecond), ms(cpu/time.Duration(max(n, 1))), cpu.Seconds()/took.Seconds())
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
		for _, k := range l.kinds {
			line(k.kind, out[k.kind])
		}
		s := summarize(all)
		fmt.Fprintf(stdout, "  %-10s %7d %8.1f %8s %8s %8s %7d %9d\n", "all", len(all), float64(len(all))/took.Seconds(), ms(s.p50), ms(s.p95), ms(s.p99), errs, conflicts)
		return float64(len(all)) / took.Seconds()
	}
	fmt.Fprintf(stdout, "engine %s, mix %v\n", w.store.Engine(), l.kinds)
	stop, err := startCPUProfile(l.cpuProfile)
	if err != nil {
		return err
	}
	out, took, cpu := run(false)
	stop()
	api := report("canbo (handler)", out, took, cpu)
	fmt.Fprintf(stdout, "server peak RSS: %s\n", peakRSS())
	// How the connection pool behaved: connections opened and closed again under load each
	// cost a new SQLite connection (schema read, memory map, an empty page cache).
	st := w.store.PoolStats()
	fmt.Fprintf(stdout, "pool: %d open (max %d), waited %d times (%s), closed idle %d, closed by lifetime %d\n",
		st.OpenConnections, st.MaxOpenConnections, st.WaitCount, st.WaitDuration.Round(time.Millisecond), st.MaxIdleClosed, st.MaxLifetimeClosed+st.MaxIdleTimeClosed)
	fmt.Fprintf(stdout, "audit: %d events appended, %d commits of events of their own\n", w.store.AuditAppends(), w.store.AuditCommits())
	if ctx.Err() != nil {
		return ctx.Err()
	}
	out, took, cpu = run(true)
	raw := report("raw queries, same mix", out, took, cpu)
	fmt.Fprintf(stdout, "canbo throughput = %.0f%% of raw\n", 100*api/max(raw, 1e-9))
	return nil
}

// pickKind draws a kind of request by its share.
func pickKind(rng *rand.Rand, kinds []mixKind) string {
	n := rng.IntN(100)
	for _, k := range kinds {
		if n < k.share {
			return k.kind
		}
		n -= k.share
	}
	return kinds[0].kind
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

// cpuTime is the CPU time, user and system, this process has used. Around one request of the
// operations (they run one at a time) or a whole mixed load, its difference is the CPU that
// work took — the figure that survives a machine whose other work leaves the bench a fraction
// of a core, where wall times stretch several-fold.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
