package sqlstore

import (
	"context"
	"strconv"
	"strings"
)

// provincePeople bounds, on SQLite, the people of a set that reminders list once to filter every
// kind's rows when no set holds few people (subtreePeople): a province (Hồ Chí Minh City on the
// nation file: 244,699 people through its 9,002 party units; the real city some 400,000). A
// million ids are some 8 MB of text, read in about a second (the city's in 0.3 s); a larger set
// (a central scope, the country) keeps the visibility walk per candidate.
var provincePeople = 1000000

// provinceList returns, on SQLite, the people of the first of s's sets that holds at most
// provincePeople people and are visible through the others as well, as a JSON array of ids, or
// "" when every set is larger (or on PostgreSQL, which keeps its plans); and whether they are
// few enough against everyone to drive the salary steps (provinceDrives).
// The people are read once, where each kind's statement would otherwise test every candidate of
// the whole country's date window by a walk from its posts and cells (on the nation file 1.27
// million salary entries and 376,000 births for the city's reminders: 41–51 s of CPU); each
// statement then probes an in-memory index of the list instead.
func (d *DB) provinceList(ctx context.Context, s reminderScope) (string, bool, error) {
	if d.engine == Postgres {
		return "", false, nil
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
			return "", false, err
		}
		if n <= provincePeople {
			b.WriteByte(']')
			var everyone int
			err := d.queryRow(ctx, frag(`SELECT COALESCE(MAX(id), 0) FROM people`), &everyone)
			return b.String(), n*provinceDrives <= everyone, err
		}
	}
	return "", false, nil
}

// provinceDrives: a province's list drives the salary steps when it holds at most one person
// in provinceDrives of everyone (the highest id). The salary windows read a share of the whole
// country's entries whatever the list (1.37 million on the nation file, a fifth of its 6
// million people), the list's pass each listed person's entries: for Hồ Chí Minh City's
// 244,699 people (4.1%) the pass took 4.5 s against the windows' 7.2 s, so the two cost the
// same near 6%.
var provinceDrives = 16

// inProvince is the condition "person is among the people of the JSON array list", which
// drives the statement when drives is set. Otherwise a unary plus keeps SQLite's planner from
// driving by the list, so that each kind's date index drives as it does for everyone (the
// bundled SQLite chooses so anyway; the sqlite3 shell's 3.40 took the list of a table
// function, estimated small, to drive the salary entries by person). The list, not correlated
// to the row, is built once per statement into an in-memory index and probed for each
// candidate before the candidate's correlated checks (SQLite tests the terms with subqueries
// last).
func inProvince(person, list string, drives bool) fragment {
	if !drives {
		person = `+` + person
	}
	return frag(person+` IN (SELECT value FROM json_each(?))`, list)
}
