package demo_test

import (
	"testing"

	"canbo/demo"
	"canbo/sqlstore"
)

// TestDemoSecondments records the demo's cohort over generated people: ward cadres at Sở Xây
// dựng with a mentor, tasks and assessments, one back early; a second run adds nothing.
func TestDemoSecondments(t *testing.T) {
	db := freshDB(t, sqlstore.SQLite)
	if _, err := demo.GeneratePeople(sys, db, demo.ScaleDemo, 1, 3000); err != nil {
		t.Fatal(err)
	}
	n, err := demo.Secondments(sys, db)
	if err != nil || n < 3 {
		t.Fatalf("demo.Secondments = %d, %v", n, err)
	}
	cs, err := db.Cohorts(sys)
	if err != nil || len(cs) != 1 {
		t.Fatalf("cohorts: %d, %v", len(cs), err)
	}
	c, err := db.Cohort(sys, cs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	senders, ended := map[int64]bool{}, 0
	for _, s := range c.Secondments {
		senders[s.FromUnitID] = true
		if len(s.Notes) != 2 {
			t.Errorf("%s: %d notes, want a task and an assessment", s.PersonName, len(s.Notes))
		}
		if s.EndedOn != "" {
			ended++
		}
	}
	if len(senders) < 2 || ended != 1 || c.ToUnitName != "Sở Xây dựng" {
		t.Errorf("cohort at %q from %d units, %d ended; want Sở Xây dựng, several units, one back early", c.ToUnitName, len(senders), ended)
	}
	if n, err := demo.Secondments(sys, db); err != nil || n != 0 {
		t.Errorf("second run = %d, %v", n, err)
	}
}
