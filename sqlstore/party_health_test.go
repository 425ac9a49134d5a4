package sqlstore_test

import (
	"fmt"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

func TestPartyHealthAndStats(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newCarryFixture(t, db)
		on := date("2025-06-30")
		items, err := db.PartyHealth(sys, f.committee, on)
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]any]canbo.HealthItem{}
		for _, it := range items {
			got[[2]any{it.UnitID, it.Problem}] = it
		}
		if it, ok := got[[2]any{f.c3, canbo.ProblemFewFullMembers}]; !ok || it.FullMembers != 2 || it.Members != 2 {
			t.Errorf("cell 3 with 2 full members: %+v", items)
		}
		if _, ok := got[[2]any{f.c1, canbo.ProblemFewFullMembers}]; ok {
			t.Error("cell 1 has 3 full members")
		}
		if it, ok := got[[2]any{f.committee, canbo.ProblemKindSize}]; !ok || it.Members != 8 {
			t.Errorf("committee of 8 members: %+v", items)
		}
		if it, ok := got[[2]any{f.c1, canbo.ProblemNoTerritory}]; !ok || it.CellKind != "khu_pho" {
			t.Errorf("neighbourhood cell without a link: %+v", items)
		}
		// A secretary and a territory link clear those problems.
		c4 := create(t, db, "2000-01-01", "Chi bộ khu phố 4", "CB4", "chi_bo_truc_thuoc", f.committee)
		p := &canbo.Person{FamilyName: "Võ", MiddleName: "Thị", GivenName: "Thư", Sex: canbo.Female, BirthDate: "1990-01-01"}
		if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: f.c1, Title: "Bí thư Chi bộ", From: "2020-01-01", Primary: false},
			&canbo.Membership{AdmittedOn: "2015-01-01", FullOn: "2016-01-01", Cells: []canbo.CellPeriod{{CellID: c4, From: "2015-01-01"}}}); err != nil {
			t.Fatal(err)
		}
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventDissolve, Date: date("2025-01-01"), UnitID: c4,
			Placements: []canbo.Placement{{PersonID: p.ID, End: true, Reason: "Chưa xác định"}}})
		if err := db.LinkUnits(sys, &canbo.UnitLink{From: f.c1, To: f.w1, Relation: canbo.RelationBelongsTo, Start: date("2020-01-01")}); err != nil {
			t.Fatal(err)
		}
		items, err = db.PartyHealth(sys, f.committee, on)
		if err != nil {
			t.Fatal(err)
		}
		noCell := false
		for _, it := range items {
			if it.UnitID == f.c1 && (it.Problem == canbo.ProblemNoSecretary || it.Problem == canbo.ProblemNoTerritory) {
				t.Errorf("cleared problem still listed: %+v", it)
			}
			noCell = noCell || (it.Problem == canbo.ProblemNoCell && it.PersonID == p.ID)
		}
		if !noCell {
			t.Errorf("a member with a post and no cell is not listed: %+v", items)
		}
		st, err := db.PartyStats(sys, f.committee, on, date("2015-01-01"), date("2015-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		// The walk over every membership (for big subtrees) counts the same.
		restore := sqlstore.SetBigSubtree(0)
		big, err := db.PartyStats(sys, f.committee, on, date("2015-01-01"), date("2015-12-31"))
		bigHealth, err2 := db.PartyHealth(sys, f.committee, on)
		restore()
		if err != nil || err2 != nil {
			t.Fatal(err, err2)
		}
		if fmt.Sprint(big) != fmt.Sprint(st) || len(bigHealth) != len(items) {
			t.Errorf("big-subtree path: %+v / %d items, want %+v / %d items", big, len(bigHealth), st, len(items))
		}
		if st.Members != 8 || st.Full != 8 || st.Women != 8 || st.Cells != 3 || st.Grassroots["dang_uy"] != 1 || st.Admitted != 8 ||
			st.CellsByKind["khu_pho"] != 3 || st.AgeBands["40_49"] != 8 {
			t.Errorf("stats: %+v", st)
		}
		// The committee's counts are the sum of its cells'.
		sum := 0
		for _, c := range []int64{f.c1, f.c2, f.c3} {
			cs, err := db.PartyStats(sys, c, on, on, on)
			if err != nil {
				t.Fatal(err)
			}
			sum += cs.Members
		}
		if sum != st.Members {
			t.Errorf("cells sum to %d, committee has %d", sum, st.Members)
		}
		if _, err := db.PartyHealth(sys, f.w1, on); canbo.ErrorCode(err) != canbo.EINVALID {
			t.Errorf("health of a territory unit: %v", err)
		}
	})
}
