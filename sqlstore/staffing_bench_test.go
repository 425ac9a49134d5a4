package sqlstore_test

import (
	"os"
	"testing"

	"canbo"
	"canbo/demo"
)

// BenchmarkStaffingCity measures headcount against quota for the whole city (the city people's
// committee's subtree, every state unit) and for one ward's people's committee, on a seeded
// database named by CANBO_BENCH_DB (canbo seed --scale city; opened and migrated in place: use
// a copy). The demo's quotas are added first when the copy has none and CANBO_AUDIT_DIR names
// the seed's audit folder (a copy too). Targets (issue 13): city
// < 300 ms, a ward < 50 ms on SQLite.
func BenchmarkStaffingCity(b *testing.B) {
	db, admin := openBenchDB(b)
	// The demo's quotas are written (audited) when the seed's audit folder is given.
	if dir := os.Getenv("CANBO_AUDIT_DIR"); dir != "" {
		if _, err := db.SetAuditDir(dir); err != nil {
			b.Fatal(err)
		}
		if _, err := demo.Staffing(sys, db, 1); err != nil {
			b.Fatal(err)
		}
	}
	on := demo.PeopleAsOf
	roots, _, err := db.FindUnits(admin, canbo.UnitFilter{Hierarchy: canbo.State, Roots: true, AsOf: on, Limit: 1})
	if err != nil || len(roots) == 0 {
		b.Fatalf("no state root: %v", err)
	}
	wards, _, err := db.FindUnits(admin, canbo.UnitFilter{Hierarchy: canbo.State, Parent: roots[0].ID, Kind: "ubnd", AsOf: on, Limit: 1})
	if err != nil || len(wards) == 0 {
		b.Fatalf("no ward people's committee: %v", err)
	}
	for _, c := range []struct {
		name string
		unit int64
	}{{"city", roots[0].ID}, {"ward", wards[0].ID}} {
		b.Run(c.name, func(b *testing.B) {
			var s *canbo.Staffing
			cpu0 := cpuTime()
			for b.Loop() {
				if s, err = db.Staffing(admin, c.unit, on); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(s.Totals.Filled), "filled")
			b.ReportMetric(float64(s.Totals.Allotted), "allotted")
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
