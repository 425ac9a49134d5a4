package demo_test

import (
	"testing"

	"canbo"
	"canbo/demo"
	"canbo/sqlstore"
)

// TestDemoTraining builds the demo's training over the demo's cadre plan: the city's and three
// wards' plans, three courses with completions that close gaps, and a second run adds nothing.
func TestDemoTraining(t *testing.T) {
	db := freshDB(t, sqlstore.SQLite)
	if _, err := demo.GeneratePeople(sys, db, demo.ScaleDemo, 1, 3000); err != nil {
		t.Fatal(err)
	}
	if _, _, err := demo.Planning(sys, db); err != nil {
		t.Fatal(err)
	}
	before, err := db.TrainingGaps(sys, 0)
	if err != nil {
		t.Fatal(err)
	}
	plans, courses, done, err := demo.Training(sys, db)
	if err != nil || plans != 4 || courses != 3 || done < 3 {
		t.Fatalf("Training = %d plans, %d courses, %d completed, %v", plans, courses, done, err)
	}
	after, err := db.TrainingGaps(sys, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) > 0 && len(after) >= len(before) {
		t.Errorf("gaps %d → %d: the completions closed none", len(before), len(after))
	}
	roots, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.Party, Roots: true, AsOf: db.Now()})
	if err != nil || len(roots) == 0 {
		t.Fatal(roots, err)
	}
	city, err := db.TrainingPlan(sys, roots[0].ID, db.Now().Year())
	if err != nil || len(city.Lines) != len(canbo.TrainingKinds) {
		t.Fatalf("city plan: %+v, %v", city, err)
	}
	if plans, _, _, err := demo.Training(sys, db); plans != 0 || err != nil {
		t.Errorf("second run: %d plans, %v", plans, err)
	}
	t.Logf("gaps %d → %d, %d completed", len(before), len(after), done)
}
