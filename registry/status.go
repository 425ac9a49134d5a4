package registry

import (
	"time"

	"canbo"
)

// Doc is what the status of a document depends on: its own period and the days the documents
// linked to it take effect.
type Doc struct {
	EffectiveFrom time.Time
	ExpiresOn     time.Time   // zero: no end
	ReplacedFrom  []time.Time // effective days of the documents replacing it
	AmendedFrom   []time.Time // effective days of the documents amending it
}

// Status returns the document's state on the day. A document is replaced from the day the
// first document replacing it takes effect, and stays replaced even when that replacement is
// itself replaced later: a replaced text does not revive. An amendment leaves the document in
// force (status "amended" once the amendment is effective). Expiry wins over both.
func Status(d Doc, on time.Time) canbo.RegulationStatus {
	switch {
	case on.Before(d.EffectiveFrom):
		return canbo.RegNotYet
	case !d.ExpiresOn.IsZero() && !on.Before(d.ExpiresOn):
		return canbo.RegExpired
	case effectiveBy(d.ReplacedFrom, on):
		return canbo.RegReplaced
	case effectiveBy(d.AmendedFrom, on):
		return canbo.RegAmended
	}
	return canbo.RegInForce
}

// effectiveBy reports whether one of the days is on or before on.
func effectiveBy(days []time.Time, on time.Time) bool {
	for _, t := range days {
		if !t.After(on) {
			return true
		}
	}
	return false
}

// Cycle returns a chain of document ids that leads from start back to itself through the
// edges (a document → the documents it replaces), or nil. The store calls it with the links a
// change would add, to refuse a replacement chain that loops.
func Cycle(start int64, edges map[int64][]int64) []int64 {
	seen := map[int64]bool{}
	var path []int64
	var walk func(id int64) bool
	walk = func(id int64) bool {
		for _, next := range edges[id] {
			if next == start {
				path = append(path, next)
				return true
			}
			if seen[next] {
				continue
			}
			seen[next] = true
			path = append(path, next)
			if walk(next) {
				return true
			}
			path = path[:len(path)-1]
		}
		return false
	}
	if walk(start) {
		return append([]int64{start}, path...)
	}
	return nil
}
