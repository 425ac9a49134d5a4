package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestProvincePlan checks the statements of reminders for a set above the people bound and
// within a province's (SQLite): each kind's date index drives and the list only filters (the
// city's retirements read by the list's ids took 9 s, against about 1 s from the birth
// window), except in the salary steps' pass when the list drives it, through the per-person
// index. TestRemindersPlansAgree checks that the answers are the same.
func TestProvincePlan(t *testing.T) {
	db := sqltest.MustOpen(t, sqlstore.SQLite)
	const on = "2025-07-01"
	ward := create(t, db, "2020-01-01", "Đảng bộ Phường Tỉnh", "", "dang_uy", 0)
	cell := create(t, db, "2020-01-01", "Chi bộ Tỉnh", "", "chi_bo_truc_thuoc", ward)
	if _, err := db.BulkPeople(sys, "province-test", func(add sqlstore.BulkAdd) error {
		for _, given := range []string{"An", "Bình", "Chi"} {
			p := &canbo.Person{FamilyName: "Lê", GivenName: given, Sex: canbo.Female, BirthDate: "1970-01-01"}
			if err := add(p, nil, &canbo.Membership{AdmittedOn: "2021-05-19", Cells: []canbo.CellPeriod{{CellID: cell, From: "2021-05-19"}}}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	defer sqlstore.SetPlanLimits(500, 1, 32)()
	officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 2, Username: "officer", Role: canbo.RoleOfficer, Scope: []int64{ward}})
	first := func(q string, args []any, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		steps := explainSQLite(t, db, q, args)
		if len(steps) == 0 {
			t.Fatal("no plan")
		}
		return steps[0]
	}
	restore := sqlstore.SetProvincePeople(1<<30, 1<<30)
	if plan, err := db.ReminderPlan(officer, 0, on); err != nil || plan != "province" {
		t.Fatalf("plan %q (%v), want province", plan, err)
	}
	_, q, args, err := db.ReminderSalaryStatement(officer, 0, on)
	if step := first(q, args, err); !strings.Contains(step, "person_entries_kind_from (kind=?") {
		t.Errorf("the salary entries are not read by their date: %s", step)
	}
	q, args, err = db.ReminderRetirementStatement(officer, 0, on)
	if step := first(q, args, err); !strings.Contains(step, "people_retirement (sex=?") {
		t.Errorf("the retirements are not read by birth: %s", step)
	}
	restore()
	defer sqlstore.SetProvincePeople(1<<30, 0)()
	q, args, err = db.ReminderDrivingStatement(officer, 0, on)
	if step := first(q, args, err); !strings.Contains(step, "person_entries_latest (person_id=?") {
		t.Errorf("the listed people do not drive the salary steps' pass: %s", step)
	}
}
