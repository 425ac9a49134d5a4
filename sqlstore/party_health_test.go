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

// TestPartyCountsBruteForce compares each cell's members and full members, as the health check
// and the statistics count them, with a count over every membership read back one by one, on
// days around probation, full membership, an ended membership, official and temporary
// transfers and an admission after some of the days: the health check counts from the cell
// index less the memberships that do not count, the statistics join every membership (cell by
// cell, or walking all memberships for a big subtree), and all three must agree.
func TestPartyCountsBruteForce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newCarryFixture(t, db)
		// Cells of at most two full members each, so the health check lists every one with
		// its counts on every day.
		d1 := create(t, db, "2000-01-01", "Chi bộ khu phố 11", "CB11", "chi_bo_truc_thuoc", f.committee)
		d2 := create(t, db, "2000-01-01", "Chi bộ khu phố 12", "CB12", "chi_bo_truc_thuoc", f.committee)
		d3 := create(t, db, "2000-01-01", "Chi bộ khu phố 13", "CB13", "chi_bo_truc_thuoc", f.committee)
		cells := []int64{f.c1, f.c2, f.c3, d1, d2, d3}
		member := func(name string, cell int64, admitted, full string) int64 {
			t.Helper()
			fam, mid, giv := split(name)
			p := &canbo.Person{FamilyName: fam, MiddleName: mid, GivenName: giv, Sex: canbo.Male, BirthDate: "1985-04-05"}
			if err := db.CreatePerson(sys, p, nil, &canbo.Membership{AdmittedOn: admitted, FullOn: full,
				Cells: []canbo.CellPeriod{{CellID: cell, From: admitted}}}); err != nil {
				t.Fatal(err)
			}
			return p.ID
		}
		ids := []int64{}
		for id := range f.names {
			ids = append(ids, id)
		}
		probationary := member("Lê Văn Dự Bị", d1, "2020-03-01", "")
		ended := member("Lê Văn Từ Trần", d2, "2018-01-01", "2019-01-01")
		moved := member("Lê Văn Chuyển", d3, "2016-01-01", "2017-01-01")
		visiting := member("Lê Văn Tạm", d2, "2015-06-01", "2016-06-01")
		recent := member("Lê Văn Mới", d3, "2024-06-01", "2025-06-01")
		ids = append(ids, probationary, ended, moved, visiting, recent)
		if err := db.EndMembership(sys, ended, "2022-05-01", canbo.EndDeath); err != nil {
			t.Fatal(err)
		}
		if err := db.TransferMembership(sys, moved, &canbo.Transfer{CellID: d1, On: "2021-01-01"}); err != nil {
			t.Fatal(err)
		}
		if err := db.TransferMembership(sys, visiting, &canbo.Transfer{CellID: d3, On: "2023-01-01", Temporary: true, Until: "2024-01-01"}); err != nil {
			t.Fatal(err)
		}
		type count struct{ members, full int }
		brute := func(on string) map[int64]count {
			out := map[int64]count{}
			for _, id := range ids {
				m, err := db.Membership(sys, id)
				if canbo.ErrorCode(err) == canbo.ENOTFOUND {
					continue // staff who are not members
				} else if err != nil {
					t.Fatal(err)
				}
				if m.AdmittedOn > on || (m.EndedOn != "" && m.EndedOn <= on) {
					continue
				}
				for _, c := range m.Cells {
					if c.Temporary || c.From > on || (c.To != "" && c.To <= on) {
						continue
					}
					n := out[c.CellID]
					n.members++
					if m.FullOn != "" && m.FullOn <= on {
						n.full++
					}
					out[c.CellID] = n
				}
			}
			return out
		}
		for _, on := range []string{"2014-12-31", "2015-01-01", "2019-06-01", "2020-06-01", "2021-01-01", "2022-06-01",
			"2023-06-01", "2024-01-01", "2024-07-01", "2025-07-01", "2026-01-01"} {
			want := brute(on)
			// The health check is compared from 30 July 2021 (24-QĐ/TW), the text its findings cite.
			items, err := db.PartyHealth(sys, f.committee, date(on))
			if on < "2021-07-30" {
				items, err = nil, nil
			}
			if err != nil {
				t.Fatal(err)
			}
			few := map[int64]canbo.HealthItem{}
			for _, it := range items {
				if it.Problem == canbo.ProblemFewFullMembers {
					few[it.UnitID] = it
				}
			}
			for _, c := range cells {
				w := want[c]
				it, listed := few[c]
				switch {
				case on < "2021-07-30":
				case w.full < 3 && (!listed || it.Members != w.members || it.FullMembers != w.full):
					t.Errorf("%s: cell %d health %+v, want %d members, %d full", on, c, it, w.members, w.full)
				case w.full >= 3 && listed:
					t.Errorf("%s: cell %d listed with %d full members, want %d", on, c, it.FullMembers, w.full)
				}
				st, err := db.PartyStats(sys, c, date(on), date(on), date(on))
				if err != nil {
					t.Fatal(err)
				}
				if st.Members != w.members || st.Full != w.full {
					t.Errorf("%s: cell %d stats %d members, %d full; want %d, %d", on, c, st.Members, st.Full, w.members, w.full)
				}
			}
			total := 0
			for _, c := range cells {
				total += want[c].members
			}
			restore := sqlstore.SetBigSubtree(0)
			st, err := db.PartyStats(sys, f.committee, date(on), date(on), date(on))
			restore()
			if err != nil {
				t.Fatal(err)
			}
			if st.Members != total {
				t.Errorf("%s: committee (walking every membership) %d members, want %d", on, st.Members, total)
			}
		}
	})
}

// TestMergedSecretaries: a merge carries both cells' secretaries with their title, so the
// merged cell has two; the plan's preview counts them and the health check reports it.
func TestMergedSecretaries(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newCarryFixture(t, db)
		for i, c := range []int64{f.c1, f.c2} {
			p := &canbo.Person{FamilyName: "Phạm", MiddleName: "Văn", GivenName: fmt.Sprintf("Bí %c", 'A'+i), Sex: canbo.Male, BirthDate: "1970-01-01"}
			if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: c, Title: "Bí thư Chi bộ", From: "2020-01-01"},
				&canbo.Membership{AdmittedOn: "2000-01-01", FullOn: "2001-01-01", Cells: []canbo.CellPeriod{{CellID: c, From: "2000-01-01"}}}); err != nil {
				t.Fatal(err)
			}
		}
		on := date("2025-07-01")
		problems := func() map[string]bool {
			items, err := db.PartyHealth(sys, f.committee, on)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, it := range items {
				if it.UnitID == f.c1 {
					got[it.Problem] = true
				}
			}
			return got
		}
		if got := problems(); got[canbo.ProblemManySecretaries] || got[canbo.ProblemNoSecretary] {
			t.Fatalf("before the merge, cell 1 has one secretary: %v", got)
		}
		plan := &canbo.Plan{Name: "Hợp nhất chi bộ 1 và 2", Events: []canbo.PlanEvent{{Date: "2025-07-01", EventInput: canbo.EventInput{
			Kind: canbo.EventMerge, Sources: []canbo.Source{{UnitID: f.c2}}, Targets: []canbo.Target{{UnitID: f.c1}}}}}}
		if err := db.CreatePlan(sys, plan); err != nil {
			t.Fatal(err)
		}
		pre, err := db.PreviewPlan(sys, plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pre.Units) != 1 || pre.Units[0].UnitID != f.c1 || pre.Units[0].Secretaries != 2 {
			t.Errorf("preview units = %+v, want cell 1 with 2 secretaries", pre.Units)
		}
		if _, err := db.ApplyPlan(sys, plan.ID, canbo.Document{Number: "12-QĐ/ĐU", Date: on, Issuer: "Đảng ủy phường"}); err != nil {
			t.Fatal(err)
		}
		if got := problems(); !got[canbo.ProblemManySecretaries] {
			t.Errorf("after the merge: %v, want %s", got, canbo.ProblemManySecretaries)
		}
	})
}
