package sqlstore

// SetBigSubtree changes from how many units the party counts walk every membership, so tests
// can take both paths on a small tree; it returns the function that restores it.
func SetBigSubtree(n int) (restore func()) {
	old := bigSubtree
	bigSubtree = n
	return func() { bigSubtree = old }
}
