package demo_test

import (
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/demo"
	"canbo/sqlstore"
)

// TestDemoProgrammes builds the demo's programmes over generated people: every item finds a
// head, the statuses are accepted, the ward's first item is delegated from the city's, and a
// second run adds nothing.
func TestDemoProgrammes(t *testing.T) {
	db := freshDB(t, sqlstore.SQLite)
	if _, err := demo.GeneratePeople(sys, db, demo.ScaleDemo, 1, 3000); err != nil {
		t.Fatal(err)
	}
	const year = 2026
	if ok, err := demo.Programmes(sys, db, year); err != nil || !ok {
		t.Fatalf("DemoProgrammes = %t, %v", ok, err)
	}
	list, err := db.Programmes(sys, canbo.ProgrammeFilter{Year: year})
	if err != nil || len(list) != 2 || list[0].ItemCount != 13 || list[1].ItemCount != 5 {
		t.Fatalf("programmes: %+v, %v", list, err)
	}
	c, err := db.Completion(sys, list[0].ID, time.Date(year, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if c.Scheduled.Total != 9 || c.Scheduled.Cancelled != 1 || c.Arising.Total != 3 {
		t.Errorf("city figures: %+v", c)
	}
	ward, err := db.Programme(sys, list[1].ID, demo.PeopleAsOf)
	if err != nil {
		t.Fatal(err)
	}
	delegated := 0
	for _, it := range ward.Items {
		if it.ParentItemID != 0 {
			delegated++
		}
	}
	if delegated != 1 || !strings.HasPrefix(ward.OwnerUnitName, "Đảng bộ Phường") {
		t.Errorf("%s: %d items delegated from the city's, want 1", ward.OwnerUnitName, delegated)
	}
	if ok, err := demo.Programmes(sys, db, year); err != nil || ok {
		t.Errorf("second run = %t, %v", ok, err)
	}
}

// TestDemoPlanning builds the demo plan and congress over generated people: every post gets
// candidates the rules accept, and a second run adds nothing.
func TestDemoPlanning(t *testing.T) {
	db := freshDB(t, sqlstore.SQLite)
	if _, err := demo.GeneratePeople(sys, db, demo.ScaleDemo, 1, 3000); err != nil {
		t.Fatal(err)
	}
	pools, cands, err := demo.Planning(sys, db)
	if err != nil || pools != 4 || cands < 4 {
		t.Fatalf("Planning = %d pools, %d candidates, %v", pools, cands, err)
	}
	list, err := db.Pools(sys, 0, "2025-2030", demo.PeopleAsOf)
	if err != nil || len(list) != 4 {
		t.Fatalf("pools: %d, %v", len(list), err)
	}
	for _, p := range list {
		if len(p.Candidates) == 0 || len(p.Candidates) > 3 {
			t.Errorf("%s: %d candidates", p.Title, len(p.Candidates))
		}
	}
	congs, err := db.Congresses(sys, 0)
	if err != nil || len(congs) != 1 {
		t.Fatalf("congresses: %d, %v", len(congs), err)
	}
	if pools, _, err := demo.Planning(sys, db); err != nil || pools != 0 {
		t.Errorf("second run = %d pools, %v", pools, err)
	}
}
