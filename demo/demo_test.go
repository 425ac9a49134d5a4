package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/sqlstore/sqltest"
)

var sys = canbo.SystemContext(context.Background())

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDemoTrees(t *testing.T) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			db := freshDB(t, e)
			roots, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.Party, Roots: true, AsOf: day("2025-07-01")})
			if err != nil || len(roots) != 1 {
				t.Fatalf("party roots: %v %v", roots, err)
			}
			city := roots[0].ID
			if got := sqltest.CountUnits(t, db, canbo.UnitFilter{Parent: city, Kind: "dang_uy", AsOf: day("2025-06-30")}); got != 22 {
				t.Errorf("district party committees on 2025-06-30 = %d, want 22", got)
			}
			if got := sqltest.CountUnits(t, db, canbo.UnitFilter{Parent: city, Kind: "dang_uy", AsOf: day("2025-07-01")}); got != 168 {
				t.Errorf("ward party committees on 2025-07-01 = %d, want 168", got)
			}
			// Cells follow their ward's committee into the new one: none is lost.
			before := sqltest.CountUnits(t, db, canbo.UnitFilter{Under: city, Kind: "chi_bo_truc_thuoc", AsOf: day("2025-06-30")})
			after := sqltest.CountUnits(t, db, canbo.UnitFilter{Under: city, Kind: "chi_bo_truc_thuoc", AsOf: day("2025-07-01")})
			if before != 273*3 || after != before {
				t.Errorf("cells: %d before, %d after; want %d both", before, after, 273*3)
			}
			// The ward's party committee belongs to the ward.
			saigon := sqltest.UnitByCode(t, db, "26740", "2025-07-01")
			links, err := db.UnitLinks(sys, saigon.ID, day("2025-07-01"))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range links {
				got = append(got, l.Other.Name)
			}
			if strings.Join(got, "; ") != "Đảng bộ Phường Sài Gòn; Ủy ban nhân dân Phường Sài Gòn" {
				t.Errorf("links of Phường Sài Gòn = %q", got)
			}
		})
	}
}

// BenchmarkSubtreeHCMC lists the whole territory subtree of Hồ Chí Minh City as of a date: one
// recursive query (the store builds one SQL statement for any depth).
func BenchmarkSubtreeHCMC(b *testing.B) {
	for _, e := range sqltest.Engines {
		for _, on := range []string{"2025-06-30", "2025-07-01"} {
			b.Run(string(e)+"/"+on, func(b *testing.B) {
				db := freshDB(b, e)
				units, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.Territory, Code: "79", AsOf: day(on)})
				if err != nil || len(units) != 1 {
					b.Fatal(err)
				}
				f := canbo.UnitFilter{Under: units[0].ID, AsOf: day(on)}
				b.ResetTimer()
				var n int
				for b.Loop() {
					got, _, err := db.FindUnits(sys, f)
					if err != nil {
						b.Fatal(err)
					}
					n = len(got)
				}
				b.ReportMetric(float64(n), "units")
			})
		}
	}
}
