package sqlstore

import (
	"fmt"
	"sync"
	"time"
)

// setSizes keeps, for a few minutes, how many people a unit set (a scope, a subtree) was
// found to hold, for the people planner (setPeople). A size is an input to a plan, never to
// an answer: a size a few minutes old at worst picks the slower plan. Sizing a city officer's
// scope cost a sample of 50 walks up the units (14 ms of CPU) and often a count of 60,000
// placements (30–40 ms), before each search of a 150 ms request.
type setSizes struct {
	mu sync.Mutex
	m  map[string]setSize
}

// setSize is a set's people: estimated from a sample of everyone, and counted up to
// subtreePeople + 1 (-1 until counted).
type setSize struct {
	estimate, counted int
	at                time.Time
}

// Limits of the cache: an entry's age, and how many it holds before it starts again (one per
// scope or subtree and day asked about).
const (
	setSizeAge  = 5 * time.Minute
	setSizeKeep = 4096
)

// setSizeKey names a set on a day: its statement and arguments, with the scope it is sampled
// against, and the bound it is counted to (which tests change).
func setSizeKey(q *peopleQuery) string {
	return fmt.Sprintf("%s\x00%v\x00%v\x00%s\x00%d", q.unitSet.cte.sql, q.unitSet.cte.args, q.roots.Roots, q.on, subtreePeople)
}

func (c *setSizes) get(key string) (setSize, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.m[key]
	if !ok || time.Since(s.at) > setSizeAge {
		return setSize{}, false
	}
	return s, true
}

func (c *setSizes) put(key string, s setSize) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= setSizeKeep {
		c.m = map[string]setSize{}
	}
	c.m[key] = s
}
