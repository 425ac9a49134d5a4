package sqlstore_test

import (
	"testing"
	"time"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestExactCountAboveCap: above canbo.PeopleCountCap a list either counts exactly or says
// "more than the cap" (cap + 1), and ExactCount always gives the exact number, with or without
// a subtree.
func TestExactCountAboveCap(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := newBulkTree(t, db)
		const n = canbo.PeopleCountCap + 57
		ran, err := db.BulkPeople(sys, "count-test", func(add sqlstore.BulkAdd) error {
			for i := range n {
				p, posts, m := bulkPerson(tr, i)
				if m == nil { // every one a member of the cell, so the subtree holds all n
					m = &canbo.Membership{AdmittedOn: "1995-05-19", FullOn: "1996-05-19", Cells: []canbo.CellPeriod{{CellID: tr.cell}}}
				}
				if err := add(p, posts, m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || !ran {
			t.Fatalf("BulkPeople = %v, %v", ran, err)
		}
		now := time.Now()
		for _, f := range []canbo.PersonFilter{{AsOf: now, Limit: 10}, {AsOf: now, Limit: 10, Under: tr.party}} {
			f.ExactCount = true
			people, total, _, err := db.FindPeople(sys, f)
			if err != nil {
				t.Fatal(err)
			}
			if total != n || len(people) != 10 {
				t.Errorf("exact count under %d: total %d (%d listed), want %d", f.Under, total, len(people), n)
			}
			f.ExactCount = false
			if _, total, _, err = db.FindPeople(sys, f); err != nil {
				t.Fatal(err)
			}
			if total != n && total != canbo.PeopleCountCap+1 {
				t.Errorf("count under %d: %d, want %d or %d (more than the cap)", f.Under, total, n, canbo.PeopleCountCap+1)
			}
		}
	})
}
