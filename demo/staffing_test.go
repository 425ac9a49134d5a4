package demo_test

import (
	"testing"

	"canbo"
	"canbo/demo"
	"canbo/sqlstore"
)

// TestDemoStaffing builds the demo's staffing over generated people: quotas are set, some units
// are over and many under, positions are filled by some posts, and a second run adds nothing.
func TestDemoStaffing(t *testing.T) {
	db := freshDB(t, sqlstore.SQLite)
	if _, err := demo.GeneratePeople(sys, db, demo.ScaleDemo, 1, 3000); err != nil {
		t.Fatal(err)
	}
	n, err := demo.Staffing(sys, db, 1)
	if err != nil || n < 20 {
		t.Fatalf("demo.Staffing = %d, %v", n, err)
	}
	roots, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.State, Roots: true, AsOf: demo.PeopleAsOf})
	if err != nil || len(roots) == 0 {
		t.Fatal(roots, err)
	}
	s, err := db.Staffing(sys, roots[0].ID, demo.PeopleAsOf)
	if err != nil {
		t.Fatal(err)
	}
	if s.Totals.Allotted == 0 || s.Totals.Over == 0 || s.Totals.Vacant == 0 {
		t.Errorf("city staffing: %+v, want some over and some vacant", s.Totals)
	}
	over, under := 0, 0
	for _, c := range s.Children {
		if c.Flagged {
			over++
		} else if c.Vacant > 0 {
			under++
		}
	}
	if over == 0 || under == 0 {
		t.Errorf("children: %d over, %d under, want both", over, under)
	}
	if len(s.Targets) != 1 || s.Targets[0].Base == 0 {
		t.Errorf("targets: %+v", s.Targets)
	}
	filled := 0
	for _, c := range s.Children {
		cs, err := db.Staffing(sys, c.UnitID, demo.PeopleAsOf)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range cs.Positions {
			filled += p.Filled
		}
	}
	if filled == 0 {
		t.Error("no post names a demo position")
	}
	if n, err := demo.Staffing(sys, db, 1); n != 0 || err != nil {
		t.Errorf("second run: %d, %v", n, err)
	}
}
