package sqlstore

import (
	"context"
	"strconv"
	"strings"
)

// provincePeople bounds, on SQLite, the people of a set that reminders list once to filter every
// kind's rows when no set holds few people (subtreePeople): a province (Hồ Chí Minh City on the
// nation file: 244,699 people through its 9,002 party units; the real city some 400,000). A
// million ids are some 8 MB of text, read in about a second; a larger set (a central scope, the
// country) keeps the visibility walk per candidate.
var provincePeople = 1000000

// provinceList returns, on SQLite, the people of the first of s's sets that holds at most
// provincePeople people and are visible through the others as well, as a JSON array of ids in
// increasing order, or "" when every set is larger (or on PostgreSQL, which keeps its plans).
// The people are read once, where each kind's statement would otherwise test every candidate of
// the whole country's date window by a walk from its posts and cells (on the nation file 1.3
// million salary entries and 600,000 births for the city's reminders: 32–47 s); a list of the
// city's people costs some 0.3 s, and each statement's probe of it a few microseconds.
func (d *DB) provinceList(ctx context.Context, s reminderScope) (string, error) {
	if d.engine == Postgres {
		return "", nil
	}
	for i := range s.sets {
		var b strings.Builder
		b.WriteByte('[')
		n := 0
		err := d.visiblePeople(ctx, s, i, provincePeople+1, func(id int64) {
			if n > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatInt(id, 10))
			n++
		})
		if err != nil {
			return "", err
		}
		if n <= provincePeople {
			b.WriteByte(']')
			return b.String(), nil
		}
	}
	return "", nil
}

// inProvince is the condition "person is among the people of the JSON array list". The unary
// plus keeps SQLite's planner from driving by the list (it takes a table function for a few
// rows) so that each kind's date index drives as it does for everyone; the list, not correlated
// to the row, is built once per statement into an in-memory index and probed for each
// candidate, before the candidate's correlated checks (SQLite tests the terms with subqueries
// last).
func inProvince(person, list string) fragment {
	return frag(`+`+person+` IN (SELECT value FROM json_each(?))`, list)
}
