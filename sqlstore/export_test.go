package sqlstore

// SetPlanLimits changes the people planner's thresholds, so that a small test database can take
// every plan, and returns a function restoring them.
func SetPlanLimits(small, units, words int) (restore func()) {
	s, u, w := smallMatches, subtreeUnits, driveWords
	smallMatches, subtreeUnits, driveWords = small, units, words
	return func() { smallMatches, subtreeUnits, driveWords = s, u, w }
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
