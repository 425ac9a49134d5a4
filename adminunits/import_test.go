package adminunits_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/adminunits"
	"canbo/sqlstore"
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

// imported returns, per engine, one database with the administrative units, shared by the
// tests of this package (which only read it).
func imported(tb testing.TB, e sqlstore.Engine) *sqlstore.DB {
	return sqltest.Shared(tb, e, "adminunits", func(db *sqlstore.DB) error {
		_, err := adminunits.Import(sys, db)
		return err
	})
}

func TestImport(t *testing.T) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			db := imported(t, e)
			terr := canbo.UnitFilter{Hierarchy: canbo.Territory}
			for _, c := range []struct {
				on, tier string
				want     int
			}{
				{"2025-01-04", canbo.TierProvince, 63},
				{"2025-01-04", canbo.TierDistrict, 696},
				{"2025-01-04", canbo.TierCommune, 10051}, // the January list, before early-2025 mergers
				{"2025-06-30", canbo.TierProvince, 63},
				{"2025-06-30", canbo.TierDistrict, 696},
				{"2025-06-30", canbo.TierCommune, 10035}, // the official count before the reform
				{"2025-07-01", canbo.TierProvince, 34},
				{"2025-07-01", canbo.TierDistrict, 0},
				{"2025-07-01", canbo.TierCommune, 3321},
				{"2026-11-28", canbo.TierCommune, 3321},
			} {
				f := terr
				f.AsOf, f.Tier = day(c.on), c.tier
				if got := sqltest.CountUnits(t, db, f); got != c.want {
					t.Errorf("%s units nationally on %s = %d, want %d", c.tier, c.on, got, c.want)
				}
			}
			hcmc := sqltest.UnitByCode(t, db, "79", "2025-07-01")
			if hcmc.Name != "Thành phố Hồ Chí Minh" || hcmc.ID != sqltest.UnitByCode(t, db, "79", "2025-06-30").ID {
				t.Errorf("Hồ Chí Minh City must keep its identity across the reform: %+v", hcmc)
			}
			for _, c := range []struct {
				on, tier string
				want     int
			}{
				{"2025-06-30", canbo.TierCommune, 273},
				{"2025-06-30", canbo.TierDistrict, 22},
				{"2025-07-01", canbo.TierCommune, 168},
				{"2025-07-01", canbo.TierDistrict, 0},
			} {
				if got := sqltest.CountUnits(t, db, canbo.UnitFilter{Under: hcmc.ID, AsOf: day(c.on), Tier: c.tier}); got != c.want {
					t.Errorf("%s units under HCMC on %s = %d, want %d", c.tier, c.on, got, c.want)
				}
			}
			for kind, want := range map[string]int{"phuong": 113, "xa": 54, "dac_khu": 1} {
				if got := sqltest.CountUnits(t, db, canbo.UnitFilter{Under: hcmc.ID, AsOf: day("2025-07-01"), Kind: kind}); got != want {
					t.Errorf("%s under HCMC on 2025-07-01 = %d, want %d", kind, got, want)
				}
			}
			// Bình Dương and Bà Rịa–Vũng Tàu end, merged into the city.
			for _, code := range []string{"74", "77"} {
				old := sqltest.UnitByCode(t, db, code, "2025-06-30")
				if !old.ValidTo.Equal(day("2025-07-01")) {
					t.Errorf("province %s ends %v, want 2025-07-01", code, old.ValidTo)
				}
				hist, err := db.UnitHistory(sys, old.ID, day("2025-06-30"))
				if err != nil {
					t.Fatal(err)
				}
				last := hist[len(hist)-1]
				if last.Kind != canbo.EventMerge || last.Document.Number != "202/2025/QH15" || last.Links[len(last.Links)-1].UnitID != hcmc.ID {
					t.Errorf("province %s last event = %+v", code, last)
				}
			}
			// Code 26740 belongs to Bến Nghé until 30 June and to the new Phường Sài Gòn after.
			benNghe, saigon := sqltest.UnitByCode(t, db, "26740", "2025-06-30"), sqltest.UnitByCode(t, db, "26740", "2025-07-01")
			if benNghe.Name != "Phường Bến Nghé" || saigon.Name != "Phường Sài Gòn" || benNghe.ID == saigon.ID {
				t.Errorf("26740: %s (#%d) then %s (#%d)", benNghe.Name, benNghe.ID, saigon.Name, saigon.ID)
			}
			hist, err := db.UnitHistory(sys, saigon.ID, day("2025-07-01"))
			if err != nil || len(hist) != 1 {
				t.Fatalf("history of Sài Gòn: %v, %v", hist, err)
			}
			var preds []string
			for _, l := range hist[0].Links {
				if l.Role == canbo.RolePredecessor {
					p := l.Name + " " + l.Code
					if l.Partial {
						p += " (một phần)"
					}
					preds = append(preds, p)
				}
			}
			// In the order the units were loaded (the January list's order).
			want := "Phường Đa Kao 26737 (một phần), Phường Bến Nghé 26740, Phường Nguyễn Thái Bình 26746 (một phần)"
			if got := strings.Join(preds, ", "); got != want {
				t.Errorf("predecessors of Sài Gòn = %q, want %q", got, want)
			}
			// A unit divided among several new ones ends with the last of them.
			daKao := sqltest.UnitByCode(t, db, "26737", "2025-06-30")
			if !daKao.ValidTo.Equal(day("2025-07-01")) {
				t.Errorf("Đa Kao ends %v", daKao.ValidTo)
			}
			// Ran twice, the import changes nothing.
			rep, err := adminunits.Import(sys, db)
			if err != nil || rep.Ran {
				t.Errorf("second import: ran=%v err=%v", rep.Ran, err)
			}
		})
	}
}
