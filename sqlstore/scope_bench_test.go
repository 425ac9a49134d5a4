package sqlstore_test

import (
	"context"
	"os"
	"testing"
	"time"

	"canbo"
	"canbo/sqlstore"
	"canbo/vn"
)

// BenchmarkScopeCity measures the reads canbo bench times for an officer scoped to the whole
// city (the City Party Committee and the City People's Committee) and for one scoped to a
// ward's party committee, on a seeded database named by CANBO_BENCH_DB (canbo seed --scale
// city; opened and migrated in place: use a copy). The scope's cost is the difference to the
// administrator's figures (issue 20).
func BenchmarkScopeCity(b *testing.B) {
	db, admin := openBenchDB(b)
	on := time.Now().UTC().Truncate(24 * time.Hour)
	root := func(h canbo.Hierarchy) int64 {
		roots, _, err := db.FindUnits(admin, canbo.UnitFilter{Hierarchy: h, Roots: true, Q: "Hồ Chí Minh", AsOf: on, Limit: 1})
		if err != nil || len(roots) == 0 {
			b.Fatalf("no %s root: %v", h, err)
		}
		return roots[0].ID
	}
	party, state := root(canbo.Party), root(canbo.State)
	wards, _, err := db.FindUnits(admin, canbo.UnitFilter{Parent: party, Kind: "dang_uy", Q: "phường", AsOf: on, Limit: 1})
	if err != nil || len(wards) == 0 {
		b.Fatalf("no ward party committee: %v", err)
	}
	ward := wards[0].ID
	page, _, _, err := db.FindPeople(admin, canbo.PersonFilter{Under: ward, Limit: 50})
	if err != nil || len(page) == 0 {
		b.Fatalf("no people in the ward: %v", err)
	}
	person := page[len(page)*3/4]
	callers := map[string]context.Context{"admin": admin}
	for name, roots := range map[string][]int64{"city": {party, state}, "ward": {ward}} {
		callers[name] = canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 2, Username: "bench-" + name, Role: canbo.RoleOfficer,
			Scope: roots, Grants: []string{canbo.GrantBackground}})
	}
	ops := []struct {
		name string
		do   func(ctx context.Context) error
	}{
		{"search-nguyen", func(ctx context.Context) error {
			_, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Q: "nguyen", Limit: 20})
			return err
		}},
		{"search-ng-v", func(ctx context.Context) error {
			_, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Q: "ng v", Limit: 20})
			return err
		}},
		{"search-rare", func(ctx context.Context) error {
			_, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Q: vn.Fold(person.FullName), Limit: 20})
			return err
		}},
		{"ward-page", func(ctx context.Context) error {
			_, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Under: ward, Limit: 50})
			return err
		}},
		{"profile", func(ctx context.Context) error {
			_, err := db.FindPerson(ctx, person.ID)
			return err
		}},
		{"unit", func(ctx context.Context) error {
			_, err := db.FindUnit(ctx, ward, on)
			return err
		}},
		{"bieu01-ward", func(ctx context.Context) error {
			_, err := db.Bieu01(ctx, ward, on)
			return err
		}},
	}
	for _, caller := range []string{"admin", "ward", "city"} {
		for _, op := range ops {
			b.Run(caller+"/"+op.name, func(b *testing.B) {
				cpu0 := cpuTime()
				for b.Loop() {
					if err := op.do(callers[caller]); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
			})
		}
	}
}

// openBenchDB opens the seeded database named by CANBO_BENCH_DB (skipping the benchmark
// without one), closed when the benchmark ends, and an administrator's context.
func openBenchDB(b *testing.B) (*sqlstore.DB, context.Context) {
	dsn := os.Getenv("CANBO_BENCH_DB")
	if dsn == "" {
		b.Skip("CANBO_BENCH_DB not set: seed a city database (canbo seed --scale city) and name it")
	}
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "bench", Role: canbo.RoleAdmin})
}
