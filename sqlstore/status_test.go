package sqlstore_test

import (
	"context"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestPersonStatus: a recorded status holds from its day on, death comes from the party
// record, the list filters and shows it, and a bad or out-of-scope change writes nothing.
func TestPersonStatus(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		retired := f.member(t, db, "Hồ Văn Bình")
		dead := f.member(t, db, "Hồ Văn Cường")
		if err := db.SetStatus(sys, retired, canbo.StatusRetired, "01/01/2024"); err != nil {
			t.Fatal(err)
		}
		if err := db.EndMembership(sys, dead, "2020-01-01", canbo.EndDeath); err != nil {
			t.Fatal(err)
		}
		find := func(status, on string) string {
			t.Helper()
			people, _, _, err := db.FindPeople(sys, canbo.PersonFilter{Q: "ho van", Status: status, AsOf: date(on)})
			if err != nil {
				t.Fatal(err)
			}
			return fullNames(people)
		}
		for _, c := range []struct{ status, on, want string }{
			{canbo.StatusRetired, "2025-01-01", "Hồ Văn Bình"},
			{canbo.StatusRetired, "2023-12-31", ""},
			{canbo.StatusWorking, "2023-12-31", "Hồ Văn Bình"},
			{canbo.StatusDeceased, "2025-01-01", "Hồ Văn Cường"},
			{canbo.StatusWorking, "2019-12-31", "Hồ Văn Bình, Hồ Văn Cường"},
		} {
			if got := find(c.status, c.on); got != c.want {
				t.Errorf("status %s on %s: got %q, want %q", c.status, c.on, got, c.want)
			}
		}
		st, err := db.Standings(sys, []int64{retired, dead}, date("2025-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		if st[retired].Status != canbo.StatusRetired || st[dead].Status != canbo.StatusDeceased {
			t.Errorf("standings: %+v", st)
		}
		// Working again from a later day.
		if err := db.SetStatus(sys, retired, canbo.StatusWorking, "2024-06-01"); err != nil {
			t.Fatal(err)
		}
		if got := find(canbo.StatusWorking, "2025-01-01"); got != "Hồ Văn Bình" {
			t.Errorf("after return to work: %q", got)
		}
		before := auditCount(t, db, "person.status", retired)
		if before != 2 {
			t.Errorf("audited %d status changes, want 2", before)
		}
		if err := db.SetStatus(sys, retired, "asleep", "2024-01-01"); canbo.ErrorField(err) != "status" {
			t.Errorf("unknown status: %v", err)
		}
		if err := db.SetStatus(sys, retired, canbo.StatusRetired, "2999-01-01"); canbo.ErrorField(err) != "since" {
			t.Errorf("future day: %v", err)
		}
		if _, _, _, err := db.FindPeople(sys, canbo.PersonFilter{Status: "asleep"}); canbo.ErrorField(err) != "status" {
			t.Errorf("unknown status filter: %v", err)
		}
		other := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Role: canbo.RoleOfficer, Scope: []int64{f.w2}})
		if err := db.SetStatus(other, retired, canbo.StatusRetired, "2024-01-01"); err == nil {
			t.Errorf("an officer of another ward changed the status")
		}
		if n := auditCount(t, db, "person.status", retired); n != before {
			t.Errorf("refused changes audited: %d events, want %d", n, before)
		}
	})
}
