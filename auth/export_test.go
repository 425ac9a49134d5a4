package auth

// ThrottleSizes reports how many counters and known clients t holds, for tests of its
// memory bound.
func ThrottleSizes(t *Throttle) (counters, known int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.counters.len(), t.known.len()
}
