package sqlstore_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"canbo"
	"canbo/demo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
	"canbo/vn"
)

// TestPartyStatsBruteForce (issue 12): the statistics' member figures, read from the cells'
// folds (migration 0026), equal a count over every membership read back person by person, on a
// generated city, for the City Party Committee, a ward's committee and a cell, on days in the
// past, today and the future — before and after changes the folds must follow (a member's sex,
// birth day and ethnicity, an end, a recognition, an official transfer, a merge of two cells),
// and with every fold stale (the readers' path from the rows).
func TestPartyStatsBruteForce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		if _, err := demo.GeneratePeople(sys, db, demo.ScaleDemo, 1, 400); err != nil {
			t.Fatal(err)
		}
		days := []time.Time{date("2015-03-01"), date("2025-07-15"), date("2025-09-15"), demo.PeopleAsOf, date("2031-01-01")}
		roots, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.Party, Roots: true, AsOf: demo.PeopleAsOf, Limit: 1})
		if err != nil || len(roots) == 0 {
			t.Fatalf("party root: %v", err)
		}
		city := roots[0].ID
		wards, _, err := db.FindUnits(sys, canbo.UnitFilter{Parent: city, AsOf: demo.PeopleAsOf, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		// The busiest ward committee and two of its cells.
		var ward, cellA, cellB int64
		most := -1
		for _, w := range wards {
			st, err := db.PartyStats(sys, w.ID, demo.PeopleAsOf, demo.PeopleAsOf, demo.PeopleAsOf)
			if err != nil {
				t.Fatal(err)
			}
			if st.Members > most && st.Cells >= 2 {
				ward, most = w.ID, st.Members
			}
		}
		cells, _, err := db.FindUnits(sys, canbo.UnitFilter{Parent: ward, AsOf: demo.PeopleAsOf, Limit: 500})
		if err != nil || len(cells) < 2 {
			t.Fatalf("cells of ward %d: %v %v", ward, cells, err)
		}
		cellA, cellB = cells[0].ID, cells[1].ID
		people := map[int64]bool{}
		for _, on := range days {
			maps.Copy(people, loadAll(t, db, sys, city, on))
		}
		check := func(stage string) {
			t.Helper()
			recs := records(t, db, people)
			for _, on := range days {
				for _, u := range []int64{city, ward, cellA} {
					got, err := db.PartyStats(sys, u, on, on, on)
					if canbo.ErrorCode(err) == canbo.EINVALID && u != city {
						continue // the unit did not exist that day
					}
					if err != nil {
						t.Fatal(err)
					}
					want := partyBruteForce(t, db, recs, u, on)
					if g, w := memberFigures(got), memberFigures(want); g != w {
						t.Errorf("%s, unit %d on %s:\n got %s\nwant %s", stage, u, on.Format(time.DateOnly), g, w)
					}
				}
			}
		}
		check("generated")
		// Changes the folds must follow, each in its own transaction.
		var members []int64
		for _, r := range records(t, db, people) {
			if r.m != nil && r.m.EndedOn == "" && len(r.m.Cells) > 0 && r.m.Cells[len(r.m.Cells)-1].CellID == cellA {
				members = append(members, r.p.ID)
			}
		}
		slices.Sort(members)
		if len(members) < 4 {
			t.Fatalf("cell %d has %d members, want 4 to change", cellA, len(members))
		}
		p, err := db.FindPerson(sys, members[0])
		if err != nil {
			t.Fatal(err)
		}
		p.Sex, p.Ethnicity, p.BirthDate = canbo.Female, "Tày", "03/2001"
		if p.Sex == canbo.Female {
			p.Sex = canbo.Male
		}
		if err := db.UpdatePerson(sys, p); err != nil {
			t.Fatal(err)
		}
		if err := db.EndMembership(sys, members[1], "2025-08-01", canbo.EndLeaving); err != nil {
			t.Fatal(err)
		}
		if err := db.TransferMembership(sys, members[2], &canbo.Transfer{CellID: cellB, On: "2025-09-01"}); err != nil {
			t.Fatal(err)
		}
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMerge, Date: date("2025-10-01"),
			Sources: []canbo.Source{{UnitID: cellB}}, Targets: []canbo.Target{{UnitID: cellA}}})
		if n, err := sqlstore.StaleCells(db); err != nil || n != 0 {
			t.Fatalf("after the changes, %d cells stale (%v), want 0", n, err)
		}
		check("changed")
		if err := sqlstore.StaleTallies(db); err != nil {
			t.Fatal(err)
		}
		check("stale")
	})
}

// memberFigures prints the figures the folds give.
func memberFigures(s *canbo.PartyStats) string {
	return fmt.Sprintf("members %d full %d probationary %d women %d under30 %d ages %v ethnicity %v",
		s.Members, s.Full, s.Probationary, s.Women, s.Under30, s.AgeBands, s.Ethnicity)
}

// partyBruteForce counts the members of under's subtree on a day from each person's own
// membership: an official cell period holding the day in a unit of the subtree, admitted by
// then and not ended.
func partyBruteForce(t *testing.T, db *sqlstore.DB, recs []record, under int64, on time.Time) *canbo.PartyStats {
	t.Helper()
	units, _, err := db.FindUnits(sys, canbo.UnitFilter{Under: under, AsOf: on, Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	in := map[int64]bool{under: true}
	for _, u := range units {
		in[u.ID] = true
	}
	d := on.Format(time.DateOnly)
	st := &canbo.PartyStats{AgeBands: map[string]int{}, Ethnicity: map[string]int{}}
	for _, b := range canbo.AgeBands {
		st.AgeBands[b] = 0
	}
	for _, r := range recs {
		m := r.m
		if m == nil || m.AdmittedOn > d || (m.EndedOn != "" && m.EndedOn <= d) {
			continue
		}
		for _, c := range m.Cells {
			to := c.To
			if to == "" {
				to = "9999-12-31"
			}
			if c.Temporary || !in[c.CellID] || c.From > d || to <= d {
				continue
			}
			st.Members++
			if m.FullOn != "" && m.FullOn <= d {
				st.Full++
			} else {
				st.Probationary++
			}
			if r.p.Sex == canbo.Female {
				st.Women++
			}
			st.Ethnicity[r.p.Ethnicity]++
			if b, err := vn.ParseDate(r.p.BirthDate); err == nil && r.p.BirthDate != "" {
				born := b.First()
				for i, band := range canbo.AgeBands {
					if i == len(canbo.AgeBands)-1 || born.After(on.AddDate(-30-10*i, 0, 0)) {
						st.AgeBands[band]++
						break
					}
				}
			}
		}
	}
	st.Under30 = st.AgeBands["under_30"]
	return st
}
