package sqlstore_test

import (
	"slices"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestSubtreeUnitsPlan runs the statements that read a subtree's unit versions (staffing, party
// statistics): each lists the subtree's units once, and on SQLite looks them up by unit rather
// than scanning every unit version. The plan does not depend on the table's size: on the nation
// file the scan took 2 s a statement for any subtree, and the bench's set-up (the staffing of
// every state unit) did not end in 7 minutes.
func TestSubtreeUnitsPlan(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		const on = "2025-07-01"
		city := create(t, db, "2020-01-01", "Thành ủy Thử", "", "thanh_uy", 0)
		var ward int64
		for _, w := range []string{"Đảng ủy phường A", "Đảng ủy phường B"} {
			ward = create(t, db, "2020-01-01", w, "", "dang_uy", city)
			for _, c := range []string{"Chi bộ 1", "Chi bộ 2"} {
				create(t, db, "2020-01-01", w+" "+c, "", "chi_bo_truc_thuoc", ward)
			}
		}
		other := create(t, db, "2020-01-01", "Thành ủy Khác", "", "thanh_uy", 0)
		create(t, db, "2020-01-01", "Đảng ủy phường C", "", "dang_uy", other)
		for _, root := range []int64{city, ward} {
			under, _, err := db.FindUnits(sys, canbo.UnitFilter{Under: root, AsOf: date(on)})
			if err != nil {
				t.Fatal(err)
			}
			want := []int64{root}
			for _, u := range under {
				if u.ID != root {
					want = append(want, u.ID)
				}
			}
			slices.Sort(want)
			for name, st := range db.SubtreeUnitStatements(root, on) {
				q, args := st[0].(string), st[1].([]any)
				rows, err := db.SQL().Query(q, args...)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				cols, err := rows.Columns()
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for rows.Next() {
					var id int64
					dest := make([]any, len(cols))
					dest[0] = &id
					for i := 1; i < len(dest); i++ {
						dest[i] = new(any)
					}
					if err := rows.Scan(dest...); err != nil {
						t.Fatal(err)
					}
					got = append(got, id)
				}
				rows.Close()
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("%s under %d: units %v, want %v", name, root, got, want)
				}
				if db.Engine() != sqlstore.SQLite {
					continue
				}
				plan := explainSQLite(t, db, q, args)
				for _, step := range plan {
					if strings.HasPrefix(step, "SCAN v") {
						t.Errorf("%s: scans every unit version:\n%s", name, strings.Join(plan, "\n"))
					}
				}
			}
		}
	})
}

// explainSQLite returns the steps of SQLite's plan for the statement q with args.
func explainSQLite(t *testing.T, db *sqlstore.DB, q string, args []any) []string {
	t.Helper()
	rows, err := db.SQL().Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}
