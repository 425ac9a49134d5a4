package sqlstore_test

import (
	"testing"
	"time"

	"canbo"
)

// BenchmarkPartyCity measures the party organisation's health and statistics for the whole
// city (the City Party Committee's subtree) for an administrator, on a seeded database named by
// CANBO_BENCH_DB (canbo seed --scale city; opened and migrated in place: use a copy). Target:
// < 1 s each on SQLite (issue 12).
func BenchmarkPartyCity(b *testing.B) {
	db, admin := openBenchDB(b)
	on := time.Now().UTC().Truncate(24 * time.Hour)
	roots, _, err := db.FindUnits(admin, canbo.UnitFilter{Hierarchy: canbo.Party, Roots: true, AsOf: on, Limit: 1})
	if err != nil || len(roots) == 0 {
		b.Fatalf("no party root: %v", err)
	}
	city := roots[0].ID
	b.Run("health", func(b *testing.B) {
		n, cpu0 := 0, cpuTime()
		for b.Loop() {
			items, err := db.PartyHealth(admin, city, on)
			if err != nil {
				b.Fatal(err)
			}
			n = len(items)
		}
		b.ReportMetric(float64(n), "items")
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
	})
	b.Run("stats", func(b *testing.B) {
		members, cpu0 := 0, cpuTime()
		for b.Loop() {
			st, err := db.PartyStats(admin, city, on, time.Date(on.Year(), 1, 1, 0, 0, 0, 0, time.UTC), on)
			if err != nil {
				b.Fatal(err)
			}
			members = st.Members
		}
		b.ReportMetric(float64(members), "members")
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
	})
}
