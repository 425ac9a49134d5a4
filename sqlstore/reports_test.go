package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"canbo"
	"canbo/demo"
	"canbo/sqlstore"
)

// listCount is the number of people the people list shows for f: the oracle of every figure.
func listCount(t *testing.T, db *sqlstore.DB, ctx context.Context, f canbo.PersonFilter) int {
	t.Helper()
	f.ExactCount, f.Limit = true, 1
	_, n, _, err := db.FindPeople(ctx, f)
	if err != nil {
		t.Fatalf("FindPeople %+v: %v", f, err)
	}
	return n
}

// checkCounts compares every figure of c with the people list for under with the figure's
// filter, as the report's links ask for it.
func checkCounts(t *testing.T, db *sqlstore.DB, ctx context.Context, under int64, on time.Time, c canbo.WorkforceCounts, all bool) {
	t.Helper()
	yes := true
	base := canbo.PersonFilter{Under: under, AsOf: on}
	check := func(name string, got int, f canbo.PersonFilter) {
		t.Helper()
		if want := listCount(t, db, ctx, f); got != want {
			t.Errorf("unit %d on %s, %s: got %d, the list shows %d", under, on.Format(time.DateOnly), name, got, want)
		}
	}
	with := func(change func(*canbo.PersonFilter)) canbo.PersonFilter {
		f := base
		change(&f)
		return f
	}
	check("total", c.Total, base)
	check("women", c.Women, with(func(f *canbo.PersonFilter) { f.Sex = canbo.Female }))
	check("party", c.Party, with(func(f *canbo.PersonFilter) { f.Party = &yes }))
	if !all {
		return
	}
	check("probationary", c.Probationary, with(func(f *canbo.PersonFilter) { f.Probationary = true }))
	for _, st := range canbo.StaffTypes {
		check("staff "+string(st), c.StaffType[st], with(func(f *canbo.PersonFilter) { f.StaffType = st }))
		check("staff women "+string(st), c.StaffTypeWomen[st], with(func(f *canbo.PersonFilter) { f.StaffType, f.Sex = st, canbo.Female }))
	}
	for _, b := range canbo.ReportAgeBands {
		from, before := b.Born(on)
		check("age "+b.Code, c.AgeBands[b.Code], with(func(f *canbo.PersonFilter) { f.BornFrom, f.BornTo = from, before }))
	}
	for name, m := range map[string]map[string]int{"professional": c.EduProfessional, "political": c.EduPolitical, "state": c.EduState,
		"languages": c.EduLanguages, "it": c.EduIT} {
		for v, n := range m {
			check(name+" "+v, n, with(func(f *canbo.PersonFilter) {
				switch name {
				case "professional":
					f.EduProfessional = v
				case "political":
					f.EduPolitical = v
				case "state":
					f.EduState = v
				case "languages":
					f.EduLanguages = v
				case "it":
					f.EduIT = v
				}
			}))
		}
	}
	if c.EthnicMinority != nil {
		check("minority", *c.EthnicMinority, with(func(f *canbo.PersonFilter) { f.Minority = true }))
		for e, n := range c.Ethnicity {
			check("ethnicity "+e, n, with(func(f *canbo.PersonFilter) { f.Ethnicity = e }))
		}
	}
}

// TestBieu01MatchesPeopleList (issue 19 item 2): every figure of Biểu 01 equals the count of
// the people list with the figure's filter, for several subtrees and days, in total and per
// row, for an administrator and for a scoped officer without the background grant (who gets
// no ethnicity columns).
func TestBieu01MatchesPeopleList(t *testing.T) {
	eachGenerated(t, func(t *testing.T, db *sqlstore.DB) {
		roots, _, err := db.FindUnits(sys, canbo.UnitFilter{Roots: true, AsOf: demo.PeopleAsOf, Limit: 10})
		if err != nil || len(roots) == 0 {
			t.Fatalf("roots: %v %v", roots, err)
		}
		for _, on := range []time.Time{demo.PeopleAsOf, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)} {
			for _, root := range roots {
				if root.Hierarchy == canbo.Territory {
					continue
				}
				rep, err := db.Bieu01(sys, root.ID, on)
				if err != nil {
					t.Fatal(err)
				}
				if rep.Totals.Total == 0 {
					continue // the tree has nobody on that day
				}
				checkCounts(t, db, sys, root.ID, on, rep.Totals, true)
				// The rows: a few of the units under the root, the busiest first.
				checked := 0
				for _, row := range rep.Rows {
					if row.Total == 0 || checked == 3 {
						continue
					}
					checked++
					checkCounts(t, db, sys, row.UnitID, on, row.WorkforceCounts, checked == 1)
					sub, err := db.Bieu01(sys, row.UnitID, on)
					if err != nil {
						t.Fatal(err)
					}
					if sub.Totals.Total != row.Total || sub.Totals.Party != row.Party {
						t.Errorf("row %d: %d people, %d members; its own report %d, %d", row.UnitID, row.Total, row.Party, sub.Totals.Total, sub.Totals.Party)
					}
					// A scoped officer sees the same people of that unit, without ethnicity.
					officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 7, Username: "cb", Role: canbo.RoleOfficer, Scope: []int64{row.UnitID}})
					mine, err := db.Bieu01(officer, row.UnitID, on)
					if err != nil {
						t.Fatal(err)
					}
					if mine.Totals.EthnicMinority != nil || mine.Totals.Ethnicity != nil {
						t.Error("ethnicity counted for a reader without the background grant")
					}
					checkCounts(t, db, officer, row.UnitID, on, mine.Totals, true)
					if _, err := db.Bieu01(officer, root.ID, on); canbo.ErrorCode(err) != canbo.ENOTFOUND {
						t.Errorf("a unit above the officer's scope: got %v, want not found", err)
					}
				}
			}
		}
	})
}

// TestBieu02AndWave: the named list holds the list's people with their latest salary entry, and
// the retirement wave counts people the list finds by sex and birth days.
func TestBieu02AndWave(t *testing.T) {
	eachGenerated(t, func(t *testing.T, db *sqlstore.DB) {
		on := demo.PeopleAsOf
		roots, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.State, Roots: true, AsOf: on, Limit: 1})
		if err != nil || len(roots) == 0 {
			t.Fatalf("roots: %v %v", roots, err)
		}
		rep, err := db.Bieu01(sys, roots[0].ID, on)
		if err != nil {
			t.Fatal(err)
		}
		var unit int64
		for _, row := range rep.Rows {
			if row.Total > 20 {
				unit = row.UnitID
				break
			}
		}
		if unit == 0 {
			t.Fatal("no unit with people")
		}
		list, err := db.Bieu02(sys, unit, on)
		if err != nil {
			t.Fatal(err)
		}
		if want := listCount(t, db, sys, canbo.PersonFilter{Under: unit, AsOf: on}); len(list) != want {
			t.Errorf("Biểu 02 lists %d people, the list %d", len(list), want)
		}
		salaried := 0
		for _, r := range list {
			if r.Coefficient != "" && r.GradeCode != "" && r.Step != "" {
				salaried++
				_, entries, _, err := db.Timeline(sys, r.PersonID)
				if err != nil {
					t.Fatal(err)
				}
				latest := ""
				for _, e := range entries {
					if e.Kind == canbo.EntrySalary && e.From <= "2026-01-01" && e.From > latest {
						latest = e.From
					}
				}
				if r.SalaryFrom != latest {
					t.Errorf("%s: salary from %s, latest entry %s", r.FullName, r.SalaryFrom, latest)
				}
			}
		}
		if salaried == 0 {
			t.Error("nobody with a salary step in Biểu 02")
		}
		wave, err := db.RetirementWave(sys, unit, on, 10)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, w := range wave {
			total += w.Men + w.Women
			if w.Men > 0 {
				n := listCount(t, db, sys, canbo.PersonFilter{Under: unit, AsOf: on, Sex: canbo.Male, BornFrom: w.MenFrom, BornTo: w.MenBefore})
				if n != w.Men {
					t.Errorf("%d: %d men retire, the list for their birth days shows %d", w.Year, w.Men, n)
				}
			}
			if w.Women > 0 {
				n := listCount(t, db, sys, canbo.PersonFilter{Under: unit, AsOf: on, Sex: canbo.Female, BornFrom: w.WomenFrom, BornTo: w.WomenBefore})
				if n != w.Women {
					t.Errorf("%d: %d women retire, the list for their birth days shows %d", w.Year, w.Women, n)
				}
			}
		}
		if total == 0 {
			t.Error("nobody retires in ten years")
		}
	})
}
