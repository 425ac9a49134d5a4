package sqlstore_test

import (
	"context"
	"os"
	"testing"

	"canbo"
	"canbo/adminunits"
	"canbo/demo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// BenchmarkCleaning times the data-cleaning report on a seeded database named by
// CANBO_BENCH_DB (a copy of one made by `canbo seed --scale city`: the benchmark reads only):
// a page of 50 findings of every kind for a ward party committee's subtree, and for the whole
// city. It reports how many
// findings there were and, for duplicates, how many involve a record the generator typed again
// (the generator's copies are the only records without a birth place).
func BenchmarkCleaning(b *testing.B) {
	dsn := os.Getenv("CANBO_BENCH_DB")
	if dsn == "" {
		b.Skip("CANBO_BENCH_DB not set: point it at a copy of a seeded database")
	}
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	wards, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.Party, Kind: "dang_uy", AsOf: demo.PeopleAsOf})
	if err != nil || len(wards) == 0 {
		b.Fatalf("no ward party committees: %v", err)
	}
	copies := map[int64]bool{}
	rows, err := db.SQL().Query(`SELECT id FROM people WHERE birth_place = ''`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		copies[id] = true
	}
	rows.Close()
	run := func(b *testing.B, under func(i int) int64) {
		n := 0
		for b.Loop() {
			if _, err = db.Findings(sys, canbo.CleaningFilter{Under: under(n), AsOf: demo.PeopleAsOf}); err != nil {
				b.Fatal(err)
			}
			n++
		}
		// The counts, of the last unit timed, from a listing of every finding (not timed).
		b.StopTimer()
		rep, err := db.Findings(sys, canbo.CleaningFilter{Under: under(n - 1), AsOf: demo.PeopleAsOf, Limit: canbo.MaxFindings})
		if err != nil {
			b.Fatal(err)
		}
		planted, other := 0, 0
		found := map[int64]bool{}
		for _, x := range rep.Findings {
			if x.Kind != canbo.FindingDuplicate {
				continue
			}
			if copies[x.People[0].ID] || copies[x.People[1].ID] {
				planted++
				found[x.People[0].ID], found[x.People[1].ID] = true, true
			} else {
				other++
			}
		}
		hit := 0
		for id := range found {
			if copies[id] {
				hit++
			}
		}
		b.ReportMetric(float64(rep.Counts[canbo.FindingDuplicate]), "duplicates")
		b.ReportMetric(float64(other), "unplanted-pairs")
		b.ReportMetric(float64(hit), "copies-found")
		b.ReportMetric(float64(rep.Counts[canbo.FindingName]), "names")
		b.ReportMetric(float64(rep.Counts[canbo.FindingIdentity]), "identities")
	}
	b.Run("ward", func(b *testing.B) { run(b, func(i int) int64 { return wards[i%len(wards)].ID }) })
	b.Run("city", func(b *testing.B) {
		b.ReportMetric(float64(len(copies)), "copies")
		run(b, func(int) int64 { return 0 })
	})
}

// BenchmarkCleaningEngines times the same report on both engines over a generated population
// of 50,000 people (seeded once per engine, not timed): a page for a ward party committee and
// for the whole population.
func BenchmarkCleaningEngines(b *testing.B) {
	for _, e := range sqltest.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := sqltest.MustOpen(b, e)
			if _, err := adminunits.Import(sys, db); err != nil {
				b.Fatal(err)
			}
			if _, err := demo.Trees(sys, db); err != nil {
				b.Fatal(err)
			}
			if _, err := demo.GeneratePeople(sys, db, demo.ScaleCity, 1, 50_000); err != nil {
				b.Fatal(err)
			}
			wards, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.Party, Kind: "dang_uy", AsOf: demo.PeopleAsOf})
			if err != nil || len(wards) == 0 {
				b.Fatalf("no ward party committees: %v", err)
			}
			for _, c := range []struct {
				name  string
				under func(i int) int64
			}{{"ward", func(i int) int64 { return wards[i%len(wards)].ID }}, {"all", func(int) int64 { return 0 }}} {
				b.Run(c.name, func(b *testing.B) {
					for i := 0; b.Loop(); i++ {
						if _, err := db.Findings(sys, canbo.CleaningFilter{Under: c.under(i), AsOf: demo.PeopleAsOf}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
