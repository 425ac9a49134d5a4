package sqlstore_test

import (
	"strings"
	"testing"
	"time"

	"canbo"
)

// BenchmarkBieu01City measures Biểu 01 for a ward's party committee (its people: staff,
// members, retirees) and for the whole city (the City Party Committee's and the City People's
// Committee's subtrees) for an administrator, on a seeded database named by CANBO_BENCH_DB
// (canbo seed --scale city; opened and migrated in place: use a copy). Targets (issue 19): a
// ward < 100 ms, the whole city < 3 s on SQLite.
func BenchmarkBieu01City(b *testing.B) {
	db, admin := openBenchDB(b)
	on := time.Now().UTC().Truncate(24 * time.Hour)
	root := func(h canbo.Hierarchy) int64 {
		roots, _, err := db.FindUnits(admin, canbo.UnitFilter{Hierarchy: h, Roots: true, AsOf: on, Limit: 1})
		if err != nil || len(roots) == 0 {
			b.Fatalf("no %s root: %v", h, err)
		}
		return roots[0].ID
	}
	party, state := root(canbo.Party), root(canbo.State)
	children, _, err := db.FindUnits(admin, canbo.UnitFilter{Parent: party, AsOf: on, Limit: 500})
	if err != nil {
		b.Fatal(err)
	}
	var ward int64
	for _, c := range children {
		if strings.Contains(c.Name, "Phường") {
			ward = c.ID
			break
		}
	}
	if ward == 0 {
		b.Fatal("no ward party committee")
	}
	for _, c := range []struct {
		name string
		unit int64
	}{{"ward", ward}, {"city-party", party}, {"city-state", state}} {
		b.Run(c.name, func(b *testing.B) {
			people, cpu0 := 0, cpuTime()
			for b.Loop() {
				rep, err := db.Bieu01(admin, c.unit, on)
				if err != nil {
					b.Fatal(err)
				}
				people = rep.Totals.Total
			}
			b.ReportMetric(float64(people), "people")
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
