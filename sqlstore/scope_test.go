package sqlstore_test

import (
	"context"
	"slices"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestScopeShortcutsNeverWiden: the scope's cheap forms — a walk up from one unit or one
// person's units, and no condition at all below a unit the scope holds that day — see exactly
// what the scope's set sees: nothing through a unit outside the scope asked for explicitly,
// through a unit moved out of the scope (on the days after the move only), through the
// subtree of a dissolved scope root, or through a unit on a day before it moved in.
func TestScopeShortcutsNeverWiden(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		an, u := f.ids["Lê Văn An"], f.ids["Phạm Ngọc Ư"] // in w2 (Quận 1) and w3 (Quận 3)
		// w2 leaves Quận 1 and w3 joins it on 1 January 2024.
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMove, Date: date("2024-01-01"), UnitID: f.w2, ParentID: f.d2})
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMove, Date: date("2024-01-01"), UnitID: f.w3, ParentID: f.d1})
		// A root whose ward moves away before the root is dissolved.
		root := create(t, db, "2000-01-01", "Quận 5", "774", "quan", f.province)
		ward := create(t, db, "2000-01-01", "Phường 9", "27301", "phuong", root)
		moved := &canbo.Person{FamilyName: "Hồ", GivenName: "Vinh", Sex: canbo.Male, BirthDate: "1970-01-01"}
		if err := db.CreatePerson(sys, moved, &canbo.Post{UnitID: ward, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMove, Date: date("2024-01-01"), UnitID: ward, ParentID: f.d1})
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventDissolve, Date: date("2024-01-01"), UnitID: root})
		// Someone placed in both Quận 3's ward (by a second post) and Quận 1 is seen from either.
		both := f.ids["Trần Thị Ánh"] // w1
		if err := db.AddPost(sys, &canbo.Post{PersonID: both, UnitID: f.w3, Title: "Kiêm nhiệm", From: "2020-01-01"}); err != nil {
			t.Fatal(err)
		}

		q1, q5 := officerIn(nil, f.d1), officerIn(nil, root)
		before, after := "2023-06-01", "2024-06-01"
		listed := func(ctx context.Context, under int64, on string) []int64 {
			t.Helper()
			var ids []int64
			for _, exact := range []bool{false, true} {
				people, total, _, err := db.FindPeople(ctx, canbo.PersonFilter{Under: under, AsOf: date(on), Limit: 500, ExactCount: exact})
				if err != nil {
					t.Fatal(err)
				}
				got := []int64{}
				for _, p := range people {
					got = append(got, p.ID)
				}
				slices.Sort(got)
				if total != len(got) || exact && !slices.Equal(got, ids) {
					t.Errorf("under %d on %s (exact %v): %v, total %d; without exact %v", under, on, exact, got, total, ids)
				}
				ids = got
			}
			return ids
		}
		for _, c := range []struct {
			name  string
			ctx   context.Context
			under int64
			on    string
			want  []int64
		}{
			{"a unit outside the scope", q1, f.d2, before, []int64{both}},
			{"its ward", q1, f.w3, before, []int64{both}},
			{"a ward in the scope before it moved out", q1, f.w2, before, []int64{an}},
			{"the ward after it moved out", q1, f.w2, after, nil},
			{"a ward after it moved in", q1, f.w3, after, sorted(both, u)},
			{"a dissolved root's former ward, before", q5, ward, before, []int64{moved.ID}},
			{"the ward after the root was dissolved", q5, ward, after, nil},
			{"the dissolved root", q5, root, after, nil},
		} {
			if got := listed(c.ctx, c.under, c.on); !slices.Equal(got, c.want) {
				t.Errorf("%s: people %v, want %v", c.name, got, c.want)
			}
		}
		// Whole-scope searches (no subtree) and the exact count agree with the lists.
		for _, c := range []struct {
			ctx  context.Context
			on   string
			want []int64
		}{{q5, before, []int64{moved.ID}}, {q5, after, nil}} {
			if got := listed(c.ctx, 0, c.on); !slices.Equal(got, c.want) {
				t.Errorf("scope of Quận 5 on %s: %v, want %v", c.on, got, c.want)
			}
		}

		// One unit, one person: the walk up agrees with the days.
		for _, c := range []struct {
			name  string
			ctx   context.Context
			unit  int64
			on    string
			shown bool
		}{
			{"outside", q1, f.w3, before, false}, {"moved in", q1, f.w3, after, true},
			{"moved out, before", q1, f.w2, before, true}, {"moved out", q1, f.w2, after, false},
			{"dissolved root, before", q5, root, before, true}, {"dissolved root", q5, root, after, false},
			{"former ward", q5, ward, after, false},
		} {
			_, err := db.FindUnit(c.ctx, c.unit, date(c.on))
			if (err == nil) != c.shown || err != nil && canbo.ErrorCode(err) != canbo.ENOTFOUND {
				t.Errorf("unit %s: %v", c.name, err)
			}
			rep, err := db.Bieu01(c.ctx, c.unit, date(c.on))
			if (err == nil) != c.shown {
				t.Errorf("Biểu 01 %s: %v", c.name, err)
			}
			if c.name == "moved in" && rep.Totals.Total != 2 {
				t.Errorf("Biểu 01 of w3 after the move counts %d, want 2", rep.Totals.Total)
			}
		}
		for _, c := range []struct {
			name   string
			ctx    context.Context
			person int64
			on     string // "" = today
			shown  bool
		}{
			{"in a ward that moved in, asked before", q1, u, before, true}, // seen today
			{"in a ward moved in", q1, u, "", true},
			{"in a ward moved out, before", q1, an, before, true}, {"in a ward moved out", q1, an, "", false},
			{"under a root, before", q5, moved.ID, before, true}, {"under a dissolved root", q5, moved.ID, "", false},
		} {
			ctx := c.ctx
			if c.on != "" {
				ctx = canbo.WithAsOf(ctx, date(c.on))
			}
			_, err := db.FindPerson(ctx, c.person)
			if (err == nil) != c.shown || err != nil && canbo.ErrorCode(err) != canbo.ENOTFOUND {
				t.Errorf("profile %s: %v", c.name, err)
			}
		}
		// Lists of units: below a unit in scope, and below one outside it.
		for _, c := range []struct {
			ctx          context.Context
			under, paren int64
			on, want     string
		}{
			{q1, 0, f.d1, after, "Phường 9, Phường Bến Nghé, Phường Võ Thị Sáu"},
			{q1, 0, f.d1, before, "Phường Bến Nghé, Phường Đa Kao"},
			{q1, f.d2, 0, before, ""}, {q1, f.province, 0, after, "Phường 9, Phường Bến Nghé, Phường Võ Thị Sáu, Quận 1"},
			{q5, f.province, 0, before, "Phường 9, Quận 5"}, {q5, f.province, 0, after, ""},
		} {
			units, _, err := db.FindUnits(c.ctx, canbo.UnitFilter{Under: c.under, Parent: c.paren, AsOf: date(c.on)})
			if err != nil {
				t.Fatal(err)
			}
			if got := names(units); got != c.want {
				t.Errorf("units under %d / %d on %s: %q, want %q", c.under, c.paren, c.on, got, c.want)
			}
		}
	})
}

func sorted(ids ...int64) []int64 {
	slices.Sort(ids)
	return ids
}
