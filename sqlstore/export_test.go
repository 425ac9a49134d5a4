package sqlstore

// SetMaxListedUnits changes how large a subtree the cleaning report lists in its query, so
// tests can take the other path on a small tree; it returns the function that restores it.
func SetMaxListedUnits(n int) (restore func()) {
	old := maxListedUnits
	maxListedUnits = n
	return func() { maxListedUnits = old }
}
