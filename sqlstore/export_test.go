package sqlstore

// SetPlanLimits changes the people planner's thresholds, so that a small test database can take
// every plan, and returns a function restoring them.
func SetPlanLimits(small, units, words int) (restore func()) {
	s, u, w := smallMatches, subtreeUnits, driveWords
	smallMatches, subtreeUnits, driveWords = small, units, words
	return func() { smallMatches, subtreeUnits, driveWords = s, u, w }
}
