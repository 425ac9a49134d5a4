package sqlstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/demo"
	"canbo/sqlstore"
)

// TestRemindersPlansAgree asks the same reminders with each plan of the caller's people: the
// people of a small scope or subtree listed once and driving every kind, each kind's date
// index with the people of a province-sized set listed once and filtering the rows in SQL
// (SQLite) or read once and filtering them in Go (PostgreSQL), or each kind's date index with
// every candidate's visibility tested. The demo's units are few, so the brute-force
// tests take the first plan only; here the others must give the very same items, for scopes,
// subtrees, both (nested, overlapping or disjoint) and the grants that add kinds.
func TestRemindersPlansAgree(t *testing.T) {
	eachGenerated(t, func(t *testing.T, db *sqlstore.DB) {
		asOf := demo.PeopleAsOf
		ward := wardOf(t, db)
		roots, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.Party, Roots: true, AsOf: asOf})
		if err != nil || len(roots) == 0 {
			t.Fatalf("no party root: %v", err)
		}
		wards, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.Party, Kind: "dang_uy", AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		other := int64(0)
		for _, u := range wards {
			if u.ID != ward {
				other = u.ID
				break
			}
		}
		if other == 0 {
			t.Fatal("one ward only: the disjoint case proves nothing")
		}
		officer := func(scope ...int64) context.Context {
			return canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 2, Username: "officer", Role: canbo.RoleOfficer, Scope: scope,
				Grants: []string{canbo.GrantDiscipline, canbo.GrantEvaluation}})
		}
		admin := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "admin", Role: canbo.RoleAdmin})
		h := horizons[2]
		for _, c := range []struct {
			name  string
			ctx   context.Context
			under int64
			empty bool
		}{
			{"ward's officer", officer(ward), 0, false},
			{"administrator under the ward", admin, ward, false},
			{"ward's officer under the ward", officer(ward), ward, false},
			{"ward's officer under the root", officer(ward), roots[0].ID, false},
			{"root's officer under the ward", officer(roots[0].ID), ward, false},
			{"another ward's officer under the ward", officer(other), ward, true},
		} {
			var answers []*canbo.Reminders
			// Every set small; none small but one a province's (SQLite), its list driving the
			// salary steps or not, or its people read once (PostgreSQL); neither.
			province, driving := "province", "province, driving the salary steps"
			if db.Engine() == sqlstore.Postgres {
				province, driving = "seen", "seen"
			}
			for _, b := range []struct {
				people, province, drives, seen int
				plan                           string
				sqliteOnly                     bool // on PostgreSQL another row's plan
			}{{1 << 30, 1 << 30, 0, 0, "few", false}, {-1, 1 << 30, 0, 1 << 30, driving, false}, {-1, 1 << 30, 1 << 30, 1 << 30, province, true},
				{-1, -1, 0, -1, "each", false}} {
				if b.sqliteOnly && db.Engine() == sqlstore.Postgres {
					continue
				}
				restore := []func(){sqlstore.SetPlanLimits(500, b.people, 32), sqlstore.SetProvincePeople(b.province, b.drives), sqlstore.SetSeenUnits(b.seen)}
				plan, err := db.ReminderPlan(c.ctx, c.under, asOf.Format(time.DateOnly))
				// (The disjoint case lists nobody, which drives or not as it likes.)
				if err == nil && plan != b.plan && !(c.empty && strings.HasPrefix(plan, "province")) {
					t.Errorf("%s: plan %q, want %q", c.name, plan, b.plan)
				}
				got, err := db.Reminders(c.ctx, canbo.ReminderFilter{From: h.from, To: h.to, AsOf: asOf, Under: c.under})
				for _, r := range restore {
					r()
				}
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				answers = append(answers, got)
			}
			for i := 1; i < len(answers); i++ {
				if !reflect.DeepEqual(answers[0], answers[i]) {
					t.Errorf("%s: plan %d differs: counts %v and %v", c.name, i, answers[0].Counts, answers[i].Counts)
				}
			}
			if n := len(answers[0].Items); (n == 0) != c.empty {
				t.Errorf("%s: %d items", c.name, n)
			}
		}
	})
}
