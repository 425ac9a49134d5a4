package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestPlanByPeople checks that a people list and reminders choose their plan by the people a
// subtree or scope holds, not by its units: a ward of many units and few people supplies its
// people, one of few units and many people does not. On the nation file a ward of 2,111 units
// and 46,885 members was over the units' bound, so a search walked the name index testing
// each entry against the ward (10 s CPU) and its reminders ran past the request limit. The
// answers are the same whatever the plan; on SQLite the listed people drive the salary entries
// through the per-person index, not the kind-and-date index of everyone, and the retirements
// by id, not the birth window of everyone.
func TestPlanByPeople(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		const on = "2025-07-01"
		wide := create(t, db, "2020-01-01", "Đảng bộ Phường Rộng", "", "dang_uy", 0)
		var wideCells []int64
		for i := range 6 {
			wideCells = append(wideCells, create(t, db, "2020-01-01", fmt.Sprintf("Chi bộ Rộng %d", i+1), "", "chi_bo_truc_thuoc", wide))
		}
		dense := create(t, db, "2020-01-01", "Đảng bộ Phường Đông", "", "dang_uy", 0)
		denseCell := create(t, db, "2020-01-01", "Chi bộ Đông", "", "chi_bo_truc_thuoc", dense)
		if _, err := db.BulkPeople(sys, "plan-test", func(add sqlstore.BulkAdd) error {
			for i := range 10 {
				cell := denseCell
				if i < 2 {
					cell = wideCells[i]
				}
				p := &canbo.Person{FamilyName: "Nguyễn", MiddleName: "Văn", GivenName: fmt.Sprintf("An %d", i), Sex: canbo.Male, BirthDate: "1980-01-01"}
				m := &canbo.Membership{AdmittedOn: "2021-05-19", Cells: []canbo.CellPeriod{{CellID: cell, From: "2021-05-19"}}}
				if err := add(p, nil, m); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		// Five people at most supply themselves: the wide ward's 7 units are more, its 2
		// people fewer; the dense ward's 2 units fewer, its 8 people more.
		defer sqlstore.SetPlanLimits(500, 5, 32)()
		officer := func(root int64) context.Context {
			return canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 2, Username: "officer", Role: canbo.RoleOfficer, Scope: []int64{root}})
		}
		for _, c := range []struct {
			name   string
			ctx    context.Context
			under  int64
			plan   string
			people int
		}{
			{"the wide ward", sys, wide, "set", 2},
			{"the dense ward", sys, dense, "order", 8},
			{"the wide ward's officer", officer(wide), 0, "set", 2},
			{"the dense ward's officer", officer(dense), 0, "order", 8},
		} {
			f := canbo.PersonFilter{Under: c.under, AsOf: date(on)}
			plan, err := db.PeoplePlan(c.ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if plan != c.plan {
				t.Errorf("%s: people listed by plan %q, want %q", c.name, plan, c.plan)
			}
			page, total, _, err := db.FindPeople(c.ctx, f)
			if err != nil || total != c.people || len(page) != c.people {
				t.Errorf("%s: %d people of %d (%v), want %d", c.name, len(page), total, err, c.people)
			}
			listed, q, args, err := db.ReminderSalaryStatement(c.ctx, c.under, on)
			if err != nil {
				t.Fatal(err)
			}
			if listed != (c.plan == "set") {
				t.Errorf("%s: reminders list the people once: %v, want %v", c.name, listed, c.plan == "set")
			}
			if !listed || db.Engine() != sqlstore.SQLite {
				continue
			}
			steps := explainSQLite(t, db, q, args)
			if len(steps) == 0 || !strings.Contains(steps[0], "person_entries_latest (person_id=?") {
				t.Errorf("%s: the listed people do not drive the salary entries:\n%s", c.name, strings.Join(steps, "\n"))
			}
			q, args, err = db.ReminderRetirementStatement(c.ctx, c.under, on)
			if err != nil {
				t.Fatal(err)
			}
			if steps := explainSQLite(t, db, q, args); len(steps) == 0 || !strings.Contains(steps[0], "INTEGER PRIMARY KEY") {
				t.Errorf("%s: the listed people do not drive the retirements:\n%s", c.name, strings.Join(steps, "\n"))
			}
		}
	})
}
