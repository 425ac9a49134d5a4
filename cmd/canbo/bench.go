package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"canbo"
	"canbo/auth"
	"canbo/sqlstore"
	"canbo/vn"
	"canbo/web"
)

// cmdBench measures the people API on a seeded database (canbo seed --scale city first): search
// as one types and 50-row pages of a ward's subtree, and the reminders dashboard of the whole
// city, each request through the real handler with token authentication, and prints p50, p95 and
// max per kind.
func cmdBench(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("bench")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL (seeded)")
	auditDirFlag := fs.str("audit-dir", "", auditDirHelp)
	n := fs.Int("n", 200, "requests per kind")
	load := fs.Duration("load", 0, "instead: run concurrent writers and readers for this long (e.g. 60s) and report errors and p99")
	writers := fs.Int("writers", 32, "with --load: clients creating people")
	readers := fs.Int("readers", 16, "with --load: clients reading profiles (each read is audited, a write too)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	store, err := openStore(ctx, *db, *auditDirFlag)
	if err != nil {
		return err
	}
	defer store.Close()
	sys := canbo.SystemContext(ctx)
	token, err := benchToken(sys, store)
	if err != nil {
		return err
	}
	srv, err := web.New(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	h := srv.Handler()
	if *load > 0 {
		return benchLoad(sys, store, h, token, *load, *writers, *readers, stdout)
	}
	get := func(path string) (time.Duration, error) {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		d := time.Since(start)
		if rec.Code != http.StatusOK {
			return d, fmt.Errorf("GET %s: %d %s", path, rec.Code, rec.Body.String())
		}
		return d, nil
	}
	// Queries typed the way users type: folded names, prefixes, initials, from real records
	// drawn at random (the first page alone would give only names in "An").
	rng := rand.New(rand.NewPCG(1, 2))
	queries := []string{"nguyen", "tran thi", "ng v", "le", "pham van", "loc", "huong"}
	for try := 0; try < 2000 && len(queries) < 7+2*40; try++ {
		p, err := store.FindPerson(sys, 1+rng.Int64N(1_000_000))
		if canbo.ErrorCode(err) == canbo.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		f := vn.Fold(p.FullName)
		queries = append(queries, f, f[:max(1, len(f)/2)])
	}
	if len(queries) == 7 {
		return fmt.Errorf("no people in %s: run canbo seed first", *db)
	}
	wards, _, err := store.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.Party, Kind: "dang_uy", AsOf: time.Now()})
	if err != nil {
		return err
	}
	if len(wards) == 0 {
		return fmt.Errorf("no ward party committees: run canbo demo or canbo seed first")
	}
	kinds := []struct {
		name string
		path func() string
	}{
		{"search top 20 (q=…)", func() string {
			return "/api/v1/people?limit=20&q=" + url.QueryEscape(queries[rng.IntN(len(queries))])
		}},
		{"ward subtree, 50 rows", func() string {
			return "/api/v1/people?limit=50&under=" + strconv.FormatInt(wards[rng.IntN(len(wards))].ID, 10)
		}},
		// The reminders dashboard of the whole city (the bench user is an administrator).
		{"reminders page, 90 days", func() string { return "/reminders?within=90" }},
		{"reminders page, 365 days", func() string { return "/reminders?within=365" }},
	}
	fmt.Fprintf(stdout, "%-24s %6s %8s %8s %8s\n", "benchmark", "n", "p50", "p95", "max")
	for _, k := range kinds {
		times := make([]time.Duration, 0, *n)
		for range *n {
			if err := ctx.Err(); err != nil {
				return err // Ctrl-C or SIGTERM ends the run between requests
			}
			d, err := get(k.path())
			if err != nil {
				return err
			}
			times = append(times, d)
		}
		slices.Sort(times)
		p := func(q float64) time.Duration { return times[int(q*float64(len(times)-1))].Round(10 * time.Microsecond) }
		fmt.Fprintf(stdout, "%-24s %6d %8s %8s %8s\n", k.name, len(times), p(0.5), p(0.95), times[len(times)-1].Round(10*time.Microsecond))
	}
	return nil
}

// benchToken returns a token of the "bench" administrator, created on first use.
func benchToken(ctx context.Context, store *sqlstore.DB) (string, error) {
	u, _, err := store.FindUserByUsername(ctx, "bench")
	if canbo.ErrorCode(err) == canbo.ENOTFOUND {
		hash, err := auth.HashPassword(auth.NewToken())
		if err != nil {
			return "", err
		}
		u = &canbo.User{Username: "bench", Role: canbo.RoleAdmin}
		if err := store.CreateUser(ctx, u, hash); err != nil {
			return "", err
		}
	} else if err != nil {
		return "", err
	}
	token := auth.NewToken()
	return token, store.CreateToken(ctx, auth.TokenHash(token), u.ID, "bench", time.Now())
}

// benchLoad runs writers clients creating people (POST /api/v1/people) and readers clients
// reading profiles (GET /api/v1/people/{id}, audited) through the handler h for d, then reports
// the requests, the server errors (5xx) and p50/p99/max per kind, and checks that every
// acknowledged create can be read back.
func benchLoad(ctx context.Context, store *sqlstore.DB, h http.Handler, token string, d time.Duration, writers, readers int, stdout io.Writer) error {
	first := &canbo.Person{FamilyName: "Tải", GivenName: "Gốc", Sex: canbo.Male, BirthDate: "1970"}
	if err := store.CreatePerson(ctx, first, nil, nil); err != nil {
		return err
	}
	do := func(method, path, body string) (int, string, time.Duration) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String(), time.Since(start)
	}
	type result struct {
		write bool
		code  int
		took  time.Duration
	}
	var (
		mu      sync.Mutex
		results []result
		ids     = []int64{first.ID}
		wg      sync.WaitGroup
	)
	stop := time.Now().Add(d)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(stop) && ctx.Err() == nil; i++ {
				body := fmt.Sprintf(`{"family_name":"Tải","middle_name":"Ghi %d","given_name":"Số %d","sex":"female","birth_date":"1980-01-01"}`, w, i)
				code, b, took := do("POST", "/api/v1/people", body)
				var created struct {
					ID int64 `json:"id"`
				}
				if code == http.StatusCreated {
					json.Unmarshal([]byte(b), &created)
				}
				mu.Lock()
				results = append(results, result{true, code, took})
				if created.ID != 0 {
					ids = append(ids, created.ID)
				}
				mu.Unlock()
			}
		}()
	}
	for r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(r), 7))
			for time.Now().Before(stop) && ctx.Err() == nil {
				mu.Lock()
				id := ids[rng.IntN(len(ids))]
				mu.Unlock()
				code, _, took := do("GET", "/api/v1/people/"+strconv.FormatInt(id, 10), "")
				mu.Lock()
				results = append(results, result{false, code, took})
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Fprintf(stdout, "%d writers, %d readers, %s, engine %s\n", writers, readers, d, store.Engine())
	fmt.Fprintf(stdout, "%-8s %7s %6s %6s %8s %8s %8s\n", "kind", "n", "5xx", "other", "p50", "p99", "max")
	for _, write := range []bool{true, false} {
		var times []time.Duration
		var fails, other int
		want := http.StatusOK
		if write {
			want = http.StatusCreated
		}
		for _, r := range results {
			if r.write != write {
				continue
			}
			times = append(times, r.took)
			if r.code >= 500 {
				fails++
			} else if r.code != want {
				other++
			}
		}
		if len(times) == 0 {
			continue
		}
		slices.Sort(times)
		p := func(q float64) time.Duration {
			return times[int(q*float64(len(times)-1))].Round(100 * time.Microsecond)
		}
		name := map[bool]string{true: "create", false: "read"}[write]
		fmt.Fprintf(stdout, "%-8s %7d %6d %6d %8s %8s %8s\n", name, len(times), fails, other, p(0.5), p(0.99), times[len(times)-1].Round(100*time.Microsecond))
	}
	lost := 0
	for _, id := range ids {
		if _, err := store.FindPerson(ctx, id); err != nil {
			lost++
		}
	}
	fmt.Fprintf(stdout, "acknowledged creates read back: %d of %d\n", len(ids)-1-lost, len(ids)-1)
	if lost > 0 {
		return fmt.Errorf("%d acknowledged creates lost", lost)
	}
	return nil
}
