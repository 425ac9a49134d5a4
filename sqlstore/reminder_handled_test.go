package sqlstore_test

import (
	"context"
	"testing"

	"canbo"
	"canbo/auth"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestMarkReminder: an officer marks a reminder handled; the list shows who and when; the mark
// can be cleared; both are audited; a bad kind or an out-of-scope person writes nothing.
func TestMarkReminder(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.member(t, db, "Hồ Văn Bình") // admitted 2012-03-01, probation open
		hash, _ := auth.HashPassword("ngựa đỏ ăn cỏ xanh")
		officer := &canbo.User{Username: "can.bo", Role: canbo.RoleOfficer, Scope: []int64{f.w1}}
		if err := db.CreateUser(sys, officer, hash); err != nil {
			t.Fatal(err)
		}
		as := canbo.NewContextWithUser(context.Background(), officer)
		list := func() []canbo.Reminder {
			t.Helper()
			res, err := db.Reminders(as, canbo.ReminderFilter{Kinds: []canbo.ReminderKind{canbo.RemindProbationEnd},
				From: date("2013-01-01"), To: date("2013-12-31"), AsOf: date("2013-01-01")})
			if err != nil {
				t.Fatal(err)
			}
			return res.Items
		}
		items := list()
		if len(items) != 1 || items[0].Handled != nil {
			t.Fatalf("before marking: %+v", items)
		}
		due := items[0].Due.Format("2006-01-02")
		if err := db.MarkReminder(as, id, canbo.RemindProbationEnd, due, true); err != nil {
			t.Fatal(err)
		}
		if got := list(); got[0].Handled == nil || got[0].Handled.By != "can.bo" || got[0].Handled.At.IsZero() {
			t.Errorf("after marking: %+v", got[0].Handled)
		}
		if err := db.MarkReminder(as, id, canbo.RemindProbationEnd, due, false); err != nil {
			t.Fatal(err)
		}
		if got := list(); got[0].Handled != nil {
			t.Errorf("after clearing: %+v", got[0].Handled)
		}
		if n := auditCount(t, db, "reminder.handled", id) + auditCount(t, db, "reminder.unhandled", id); n != 2 {
			t.Errorf("%d audit events, want 2", n)
		}
		if err := db.MarkReminder(as, id, "nap", due, true); canbo.ErrorField(err) != "kind" {
			t.Errorf("unknown kind: %v", err)
		}
		other := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: officer.ID, Username: "can.bo", Role: canbo.RoleOfficer, Scope: []int64{f.w2}})
		if err := db.MarkReminder(other, id, canbo.RemindProbationEnd, due, true); err == nil {
			t.Errorf("an officer of another ward marked the reminder")
		}
		if got := list(); got[0].Handled != nil {
			t.Errorf("refused mark stored: %+v", got[0].Handled)
		}
	})
}
