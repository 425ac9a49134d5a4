package sqlstore

import (
	"reflect"
	"strings"
	"testing"

	"canbo"
)

// Fragments are unexported, so these tests sit inside the package; the queries they build are
// run on both engines by the store's own tests.

func TestFragmentCompose(t *testing.T) {
	got := cat(frag("SELECT a FROM t WHERE x = ?", 1), and(frag("y = ?", 2), fragment{}, cat(frag("z IN ("), listOf([]int{3, 4}), frag(")"))), frag(" LIMIT ?", 5))
	if want := "SELECT a FROM t WHERE x = ? AND y = ? AND z IN (?, ?) LIMIT ?"; got.sql != want {
		t.Errorf("sql = %q, want %q", got.sql, want)
	}
	if want := []any{1, 2, 3, 4, 5}; !reflect.DeepEqual(got.args, want) {
		t.Errorf("args = %v, want %v", got.args, want)
	}
	if got := join(" OR ", []fragment{{}, frag("a = ?", 1), {}, frag("b = ?", 2)}); got.sql != "a = ? OR b = ?" || len(got.args) != 2 {
		t.Errorf("join = %q %v, want the two non-empty parts", got.sql, got.args)
	}
	if got := with(fragment{}, fragment{}); got.sql != "" || got.args != nil {
		t.Errorf("with of nothing = %q %v, want nothing", got.sql, got.args)
	}
	if got := with(frag("a(id) AS (SELECT ?)", 1), fragment{}, frag("b(id) AS (SELECT ?)", 2)); got.sql != "WITH RECURSIVE a(id) AS (SELECT ?),\nb(id) AS (SELECT ?)\n" || !reflect.DeepEqual(got.args, []any{1, 2}) {
		t.Errorf("with = %q %v", got.sql, got.args)
	}
	if got := and(); got.sql != "" {
		t.Errorf("and of nothing = %q, want empty", got.sql)
	}
}

func TestFragmentBind(t *testing.T) {
	f := cat(frag("a = ? AND b = ?", "x", "y"), frag(" AND c = ?", "z"))
	for _, c := range []struct {
		engine Engine
		want   string
	}{{SQLite, "a = ? AND b = ? AND c = ?"}, {Postgres, "a = $1 AND b = $2 AND c = $3"}} {
		sql, args := f.bind(dialect{c.engine})
		if sql != c.want {
			t.Errorf("%s: sql = %q, want %q", c.engine, sql, c.want)
		}
		if !reflect.DeepEqual(args, []any{"x", "y", "z"}) {
			t.Errorf("%s: args = %v", c.engine, args)
		}
		args[1] = "changed"
		if f.args[1] != "y" {
			t.Errorf("%s: changing the bound arguments changed the fragment: %v", c.engine, f.args)
		}
	}
}

// TestFragmentPlaceholders checks that every constructor binds exactly as many arguments as it
// writes placeholders, the day in each of its places, and the person column given.
func TestFragmentPlaceholders(t *testing.T) {
	const on = "2025-07-01"
	scope, ok := scopeUnits(canbo.Scope{Roots: []int64{7, 8}}, on)
	if !ok {
		t.Fatal("a scope with roots is unlimited")
	}
	if _, ok := scopeUnits(canbo.Scope{All: true}, on); ok {
		t.Error("the unlimited scope has a set of units")
	}
	none, _ := scopeUnits(canbo.Scope{}, on)
	listed := listedUnits([]any{int64(3), int64(4), int64(5)})
	cases := []struct {
		name string
		f    fragment
		days int
	}{
		{"scope", scope.cte, 4},
		{"empty scope", none.cte, 0},
		{"subtree", subtreeOf(9, on).cte, 2},
		{"descendants", descendantsOf(9, on).cte, 2},
		{"ancestors", ancestorsFrom(9, on, 5), 1},
		{"visible in scope", visibleIn("e.person_id", scope, on), 4},
		{"visible in list", visibleIn("m.person_id", listed, on), 4},
		{"people in subtree", peopleIn(subtreeOf(9, on), on), 4},
		{"people in list", peopleIn(listed, on), 4},
		{"valid on", validOn("x", on), 2},
		{"prefix sqlite", dialect{SQLite}.prefix("x.title", "Chủ"), 0},
		{"prefix postgres", dialect{Postgres}.prefix("x.title", "Chủ"), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if n := strings.Count(c.f.sql, "?"); n != len(c.f.args) {
				t.Errorf("%d placeholders, %d arguments: %q %v", n, len(c.f.args), c.f.sql, c.f.args)
			}
			days := 0
			for _, a := range c.f.args {
				if a == on {
					days++
				}
			}
			if days != c.days {
				t.Errorf("the day is bound %d times, want %d", days, c.days)
			}
		})
	}
	if v := visibleIn("e.person_id", scope, on); !strings.Contains(v.sql, "x.person_id = e.person_id") || !strings.Contains(v.sql, "c.person_id = e.person_id") || strings.Contains(v.sql, "p.id") {
		t.Errorf("visibleIn does not read the person column given: %s", v.sql)
	}
	if v := visibleIn("p.id", listed, on); !reflect.DeepEqual(v.args, []any{on, on, int64(3), int64(4), int64(5), on, on, int64(3), int64(4), int64(5)}) {
		t.Errorf("visibleIn over a list binds %v", v.args)
	}
	if got := subtreeOf(9, on).in().sql; got != "SELECT id FROM "+subtreeUnitsName {
		t.Errorf("subtree ids = %q", got)
	}
}
