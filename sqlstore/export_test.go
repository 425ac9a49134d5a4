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
