package sqlstore

import (
	"context"
	"time"

	"canbo"
)

// SetProvincePeople changes how many people of a set reminders list once on SQLite to filter
// each kind's rows (provincePeople), and against what share of everyone they drive the salary
// steps (provinceDrives: 0 always, 1 << 30 never); it returns the function that restores both.
func SetProvincePeople(n, drives int) (restore func()) {
	old, oldDrives := provincePeople, provinceDrives
	provincePeople, provinceDrives = n, drives
	return func() { provincePeople, provinceDrives = old, oldDrives }
}

// ReminderPlan names the plan reminders under the unit under, as of on, take for the caller's
// people: "few" (listed inline, driving), "province" (listed once, filtering each kind's date
// index; SQLite; "province, driving the salary steps" when it drives them), "seen" (read once, filtering in Go; PostgreSQL) or "each" (a visibility test
// per candidate).
func (d *DB) ReminderPlan(ctx context.Context, under int64, on string) (string, error) {
	s, err := d.newReminderScope(ctx, under, on)
	switch {
	case s.few:
		return "few", err
	case s.province != "" && s.drives:
		return "province, driving the salary steps", err
	case s.province != "":
		return "province", err
	case s.seen != nil:
		return "seen", err
	}
	return "each", err
}

// ReminderDrivingStatement is ReminderSalaryStatement's statement as the salary steps' pass
// writes it when a province's list drives it (the plan "province, driving the salary steps").
func (d *DB) ReminderDrivingStatement(ctx context.Context, under int64, on string) (string, []any, error) {
	s, err := d.newReminderScope(ctx, under, on)
	if err != nil {
		return "", nil, err
	}
	s.driving = true
	rc := &reminderRun{d: d, ctx: ctx, scope: s}
	q, args := rc.entryQuery(canbo.EntrySalary, "date_from", time.Time{}, time.Now(), fragment{}, "").bind(d.dialect)
	return q, args, nil
}
