package sqlstore

import "context"

// SetProvincePeople changes how many people of a set reminders list once on SQLite to filter
// each kind's rows (provincePeople); it returns the function that restores it.
func SetProvincePeople(n int) (restore func()) {
	old := provincePeople
	provincePeople = n
	return func() { provincePeople = old }
}

// ReminderPlan names the plan reminders under the unit under, as of on, take for the caller's
// people: "few" (listed inline, driving), "province" (listed once, filtering each kind's date
// index; SQLite), "seen" (read once, filtering in Go; PostgreSQL) or "each" (a visibility test
// per candidate).
func (d *DB) ReminderPlan(ctx context.Context, under int64, on string) (string, error) {
	s, err := d.newReminderScope(ctx, under, on)
	switch {
	case s.few:
		return "few", err
	case s.province != "":
		return "province", err
	case s.seen != nil:
		return "seen", err
	}
	return "each", err
}
