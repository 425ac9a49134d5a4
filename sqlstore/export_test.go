package sqlstore

import (
	"context"
	"time"

	"canbo"
)

// SetPlanLimits changes the people planner's thresholds, so that a small test database can take
// every plan, and returns a function restoring them.
func SetPlanLimits(small, people, words int) (restore func()) {
	s, p, w := smallMatches, subtreePeople, driveWords
	smallMatches, subtreePeople, driveWords = small, people, words
	return func() { smallMatches, subtreePeople, driveWords = s, p, w }
}

// SetSeenUnits changes how large a set's people reminders read once on PostgreSQL to filter
// each kind's rows; it returns the function that restores it.
func SetSeenUnits(n int) (restore func()) {
	old := seenUnits
	seenUnits = n
	return func() { seenUnits = old }
}

// SetMaxListedUnits changes how large a subtree the cleaning report lists in its query, so
// tests can take the other path on a small tree; it returns the function that restores it.
func SetMaxListedUnits(n int) (restore func()) {
	old := maxListedUnits
	maxListedUnits = n
	return func() { maxListedUnits = old }
}

// SubtreeUnitStatements are the statements reading the unit versions of the subtree under root
// on the day (staffing, party statistics), bound for the store's engine, by name.
func (d *DB) SubtreeUnitStatements(root int64, on string) map[string][2]any {
	q, args := staffingUnits(subtreeOf(root, on), on).bind(d.dialect)
	cte, cteArgs := partySubtree(root, on)
	p, pArgs := frag(`WITH RECURSIVE `+cte+partyUnits, append(cteArgs, on, on)...).bind(d.dialect)
	return map[string][2]any{"staffing": {q, args}, "party": {p, pArgs}}
}

// PeoplePlan names the plan FindPeople takes for f: "word" (a search word's few people supply
// the candidates), "set" (the subtree's or scope's people), "walk" (a word's walks in name
// order) or "order" (everyone in name order).
func (d *DB) PeoplePlan(ctx context.Context, f canbo.PersonFilter) (string, error) {
	q, err := d.peopleQuery(ctx, f)
	if err != nil {
		return "", err
	}
	p, err := d.planPeople(ctx, q)
	switch {
	case p.small >= 0:
		return "word", err
	case p.set:
		return "set", err
	case p.word.token >= 0:
		return "walk", err
	}
	return "order", err
}

// ReminderSalaryStatement returns whether reminders under the unit under, as of on, list the
// caller's people once to drive every kind, and the statement reading their salary entries then,
// bound for the store's engine.
func (d *DB) ReminderSalaryStatement(ctx context.Context, under int64, on string) (bool, string, []any, error) {
	s, err := d.newReminderScope(ctx, under, on)
	if err != nil {
		return false, "", nil, err
	}
	rc := &reminderRun{d: d, ctx: ctx, scope: s}
	q, args := rc.entryQuery(canbo.EntrySalary, "date_from", time.Time{}, time.Now(), fragment{}, "").bind(d.dialect)
	return s.few, q, args, nil
}

// ReminderRetirementStatement is ReminderSalaryStatement's retirements statement (men born in
// the 1960s, in service in 2025).
func (d *DB) ReminderRetirementStatement(ctx context.Context, under int64, on string) (string, []any, error) {
	s, err := d.newReminderScope(ctx, under, on)
	if err != nil {
		return "", nil, err
	}
	ymd := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	rc := &reminderRun{d: d, ctx: ctx, scope: s, to: ymd(2025, 12, 31)}
	q, args := rc.retirementQuery(canbo.Male, ymd(1960, 1, 1), ymd(1969, 12, 31), ymd(2025, 1, 1)).bind(d.dialect)
	return q, args, nil
}
