package sqlstore

import (
	"context"
	"time"

	"canbo"
)

var _ canbo.PeopleLister = (*DB)(nil)

// Standings returns, for those of ids the caller may see on the day, the post held (the primary
// one first, then the latest begun) with its unit's name that day, and whether they are a
// party member then.
func (d *DB) Standings(ctx context.Context, ids []int64, on time.Time) (map[int64]canbo.PersonStanding, error) {
	out := make(map[int64]canbo.PersonStanding, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	o := day(on)
	var visible fragment
	if s := canbo.ScopeFromContext(ctx); !s.All {
		visible = personInScope(s, "p.id", o, false) // a page of people: a walk up each
	}
	q, args := cat(frag(`SELECT p.id, COALESCE(x.title, ''), COALESCE(x.unit_id, 0), COALESCE(v.name, ''),
		EXISTS (SELECT 1 FROM party_members m WHERE m.person_id = p.id AND m.admitted_on <= ? AND (m.ended_on = '' OR m.ended_on > ?)), `, o, o), statusOf("p.id", o), frag(`
		FROM people p
		LEFT JOIN posts x ON x.id = (SELECT y.id FROM posts y WHERE y.person_id = p.id AND `), validOn("y", o), frag(`
			ORDER BY y.is_primary DESC, y.valid_from DESC, y.id DESC LIMIT 1)
		LEFT JOIN unit_versions v ON v.unit_id = x.unit_id AND `), validOn("v", o), frag(`
		WHERE p.id IN (`), listOf(ids), frag(`)`), and(visible)).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s canbo.PersonStanding
		if err := rows.Scan(&id, &s.PostTitle, &s.UnitID, &s.UnitName, &s.PartyMember, &s.Status); err != nil {
			return nil, err
		}
		out[id] = s
	}
	return out, rows.Err()
}
