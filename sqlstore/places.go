package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"canbo"
	"canbo/locale"
	"canbo/vn"
)

// Administrative units are public reference data (the official list of provinces and communes),
// so the places of a record may link to any territory unit, inside the caller's scope or not: a
// ward officer records people born all over the country. Only the unit's names are read here;
// its page still applies the caller's scope.

func nullIfZero(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// birthSpan is the range of days a (possibly partial) birth date may mean: [first, end).
func birthSpan(b vn.Date) (first, end time.Time) {
	first = b.First()
	switch b.Precision() {
	case vn.PrecisionYear:
		return first, first.AddDate(1, 0, 0)
	case vn.PrecisionMonth:
		return first, first.AddDate(0, 1, 0)
	}
	return first, first.AddDate(0, 0, 1)
}

// checkPlaces validates the place links of p (already normalized). The birthplace must be a
// territory unit that existed at some day the birth date may mean (a year-only date accepts
// a unit of any day of that year); the home town a territory unit that existed at any time,
// because a home town (quê quán) is inherited and often named by a unit long since merged.
func checkPlaces(ctx context.Context, tx *Tx, p *canbo.Person) error {
	if p.BirthPlaceUnitID != 0 {
		birth, err := vn.ParseDate(p.BirthDate)
		if err != nil || birth.IsZero() {
			return canbo.Invalid("birth_place_unit_id", "err.sqlstore.places.birth_place_unit_id")
		}
		if err := territoryAt(ctx, tx, "birth_place_unit_id", "person.birth_place", p.BirthPlaceUnitID); err != nil {
			return err
		}
		first, end := birthSpan(birth)
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM unit_versions WHERE unit_id = ? AND valid_from < ? AND valid_to > ?`,
			p.BirthPlaceUnitID, day(end), day(first)).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return canbo.Invalid("birth_place_unit_id", "err.sqlstore.places.birth_place_missing_on",
				p.BirthPlaceUnitID, birth.VN())
		}
	}
	if p.HomeTownUnitID != 0 {
		return territoryAt(ctx, tx, "home_town_unit_id", "person.home_town", p.HomeTownUnitID)
	}
	return nil
}

// territoryAt checks that id is a territory unit with at least one version.
func territoryAt(ctx context.Context, tx *Tx, field string, label locale.Word, id int64) error {
	var h string
	err := tx.queryRow(ctx, `SELECT u.hierarchy FROM units u WHERE u.id = ? AND EXISTS (SELECT 1 FROM unit_versions v WHERE v.unit_id = u.id)`, id).Scan(&h)
	if err == sql.ErrNoRows {
		return canbo.Invalid(field, "err.sqlstore.places.unit_missing", label, id)
	} else if err != nil {
		return err
	}
	if canbo.Hierarchy(h) != canbo.Territory {
		return canbo.Invalid(field, "err.sqlstore.places.not_administrative", label, id)
	}
	return nil
}

// Places returns the linked birthplace and home town of a person the caller may see: the
// birthplace named as on the birth date, the home town by its last name, and for each the
// units that continue it today.
func (d *DB) Places(ctx context.Context, personID int64) ([]canbo.PlaceLink, error) {
	p, err := d.FindPerson(ctx, personID)
	if err != nil {
		return nil, err
	}
	var out []canbo.PlaceLink
	if p.BirthPlaceUnitID != 0 {
		b, _ := vn.ParseDate(p.BirthDate)
		first, end := birthSpan(b)
		l, err := d.place(ctx, "birth_place", p.BirthPlaceUnitID, first, end)
		if err != nil {
			return nil, err
		}
		out = append(out, *l)
	}
	if p.HomeTownUnitID != 0 {
		l, err := d.place(ctx, "home_town", p.HomeTownUnitID, time.Time{}, canbo.Forever)
		if err != nil {
			return nil, err
		}
		out = append(out, *l)
	}
	return out, nil
}

// place names a unit by its last version starting before end that overlaps [from, end), and
// finds what continues it today.
func (d *DB) place(ctx context.Context, field string, id int64, from, end time.Time) (*canbo.PlaceLink, error) {
	l := &canbo.PlaceLink{Field: field, UnitID: id}
	err := d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT name FROM unit_versions WHERE unit_id = ? AND valid_from < ? AND valid_to > ?
		ORDER BY valid_from DESC LIMIT 1`), id, day(end), day(from)).Scan(&l.Name)
	if err != nil && err != sql.ErrNoRows {
		return nil, mapError(err)
	}
	l.Now, err = d.continuations(ctx, id)
	return l, err
}

// maxSuccession bounds how many restructurings continuations follows (a unit merged, its
// successor merged again…), so that a cycle in bad data cannot loop.
const maxSuccession = 8

// continuations returns the units that continue unit id today: itself while it exists, else
// the successors of the merge or split that ended it, followed until units that exist today.
func (d *DB) continuations(ctx context.Context, id int64) ([]canbo.UnitRef, error) {
	today := day(d.Now())
	seen := map[int64]bool{}
	var out []canbo.UnitRef
	frontier := []int64{id}
	for range maxSuccession {
		var next []int64
		for _, u := range frontier {
			if seen[u] {
				continue
			}
			seen[u] = true
			var name string
			q, args := cat(frag(`SELECT v.name FROM unit_versions v WHERE v.unit_id = ? AND `, u), validOn("v", today)).bind(d.dialect)
			err := d.db.QueryRowContext(ctx, q, args...).Scan(&name)
			if err == nil {
				out = append(out, canbo.UnitRef{ID: u, Name: name})
				continue
			} else if err != sql.ErrNoRows {
				return nil, mapError(err)
			}
			succ, err := d.successors(ctx, u)
			if err != nil {
				return nil, err
			}
			next = append(next, succ...)
		}
		if len(next) == 0 {
			break
		}
		frontier = next
	}
	return out, nil
}

// successors lists the successor units of the events in which unit u was a predecessor.
func (d *DB) successors(ctx context.Context, u int64) ([]int64, error) {
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT DISTINCT s.unit_id FROM event_links p
		JOIN event_links s ON s.event_id = p.event_id AND s.role = ?
		WHERE p.unit_id = ? AND p.role = ? ORDER BY s.unit_id`), canbo.RoleSuccessor, u, canbo.RolePredecessor)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
