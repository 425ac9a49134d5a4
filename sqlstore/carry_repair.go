package sqlstore

import (
	"context"
	"strconv"
	"time"

	"canbo"
	"canbo/audit"
)

// The repair finds what restructuring recorded before events carried people left behind: posts
// and cell periods still open in units that have ended (the demo and the 2025 reform import
// hold such rows, e.g. posts in Phường Bến Nghé after it merged into Phường Sài Gòn). It
// carries them along the recorded successors — a merge's target, a split's largest target —
// exactly as the event would have, naming that event; what has no successor (a dissolution) is
// listed for an officer to place.

// strandedSQL lists rows open after their unit's last version ended; end_day is that day.
const strandedSQL = `WITH ended AS (SELECT unit_id, MAX(valid_to) AS end_day FROM unit_versions GROUP BY unit_id
		HAVING MAX(valid_to) < '9999-12-31')
	SELECT 'post', x.id, x.person_id, p.full_name, x.unit_id, e.end_day FROM posts x
		JOIN ended e ON e.unit_id = x.unit_id JOIN people p ON p.id = x.person_id WHERE x.valid_to > e.end_day
	UNION ALL
	SELECT 'cell', c.id, c.person_id, p.full_name, c.cell_id, e.end_day FROM party_cells c
		JOIN ended e ON e.unit_id = c.cell_id JOIN people p ON p.id = c.person_id WHERE c.valid_to > e.end_day
	ORDER BY 6, 5, 4, 3, 1, 2`

// stranded reads the stranded rows with their successors, keeping those whose unit was in the
// caller's scope the day before it ended.
func (d *DB) stranded(ctx context.Context, tx *Tx) ([]canbo.Stranded, error) {
	rows, err := tx.query(ctx, strandedSQL)
	if err != nil {
		return nil, err
	}
	var out []canbo.Stranded
	for rows.Next() {
		var s canbo.Stranded
		if err := rows.Scan(&s.Kind, &s.RowID, &s.PersonID, &s.PersonName, &s.UnitID, &s.EndedOn); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	type succ struct {
		event int64
		unit  int64
		name  string
		in    bool
	}
	cache := map[int64]succ{}
	scope := canbo.ScopeFromContext(ctx)
	kept := out[:0]
	for _, s := range out {
		c, ok := cache[s.UnitID]
		if !ok {
			a := &applier{d: d, ctx: ctx, tx: tx, on: s.EndedOn, scope: scope}
			a.date, _ = parseDay(s.EndedOn)
			c.event, c.unit, err = a.successor(s.UnitID)
			if err != nil {
				return nil, err
			}
			c.name = a.unitName(s.UnitID)
			if c.unit != 0 {
				c.name = a.unitName(c.unit)
			}
			before := &applier{d: d, ctx: ctx, tx: tx, on: day(a.date.AddDate(0, 0, -1)), scope: scope}
			if c.in, err = before.visible(s.UnitID); err != nil {
				return nil, err
			}
			cache[s.UnitID] = c
		}
		if !c.in {
			continue
		}
		s.UnitName = (&applier{d: d, ctx: ctx, tx: tx}).unitName(s.UnitID)
		s.EventID, s.SuccessorID = c.event, c.unit
		if c.unit != 0 {
			s.SuccessorName = c.name
		}
		kept = append(kept, s)
	}
	return kept, nil
}

// successor finds the event that ended a unit on the applier's day and the unit its people
// go to: the one target of a merge, or the split target with the most children and people on
// that day (the lowest id among equals); 0 when the event has no target that exists that day.
func (a *applier) successor(unit int64) (event, to int64, err error) {
	err = a.tx.queryRow(a.ctx, `SELECT l.event_id FROM event_links l JOIN events e ON e.id = l.event_id
		WHERE l.unit_id = ? AND l.ended AND e.effective = ? ORDER BY l.event_id DESC LIMIT 1`, unit, a.on).Scan(&event)
	if err != nil {
		return 0, 0, nil // ended without a recorded event: nothing to follow
	}
	rows, err := a.tx.query(a.ctx, `SELECT l.unit_id,
		(SELECT COUNT(*) FROM unit_versions c WHERE c.parent_id = l.unit_id AND c.valid_from <= ? AND c.valid_to > ?)
		+ (SELECT COUNT(*) FROM posts x WHERE x.unit_id = l.unit_id AND x.valid_from <= ? AND x.valid_to > ?)
		+ (SELECT COUNT(*) FROM party_cells x WHERE x.cell_id = l.unit_id AND x.valid_from <= ? AND x.valid_to > ?)
		FROM event_links l JOIN unit_versions v ON v.unit_id = l.unit_id AND v.valid_from <= ? AND v.valid_to > ?
		WHERE l.event_id = ? AND l.role = 'successor' ORDER BY 2 DESC, 1`,
		a.on, a.on, a.on, a.on, a.on, a.on, a.on, a.on, event)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	if rows.Next() {
		var n int64
		if err := rows.Scan(&to, &n); err != nil {
			return 0, 0, err
		}
	}
	return event, to, rows.Err()
}

// StrandedRows lists the rows still open in ended units, in the caller's scope.
func (d *DB) StrandedRows(ctx context.Context) ([]canbo.Stranded, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	out, err := d.stranded(ctx, tx)
	return out, mapError(err)
}

// RepairCarry carries the stranded rows to their successors, following chains of events (a
// unit merged into one that was itself merged later) until nothing more moves, and returns what
// it carried and what is left without a successor. Administrators only (or system work): it
// changes records across every scope. dryRun reports the first round and writes nothing.
func (d *DB) RepairCarry(ctx context.Context, dryRun bool) (carried, left []canbo.Stranded, err error) {
	if !canbo.ScopeFromContext(ctx).All {
		return nil, nil, canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.carry_repair.forbidden")
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	for round := 0; round < 50; round++ {
		rows, err := d.stranded(ctx, tx)
		if err != nil {
			return nil, nil, mapError(err)
		}
		moved := 0
		left = left[:0]
		for _, s := range rows {
			if s.SuccessorID == 0 {
				left = append(left, s)
				continue
			}
			carried = append(carried, s)
			moved++
			if dryRun {
				continue
			}
			a := &applier{d: d, ctx: ctx, tx: tx, on: s.EndedOn, event: s.EventID}
			a.date, _ = parseDay(s.EndedOn)
			r := openRow{kind: s.Kind, id: s.RowID, person: s.PersonID, name: s.PersonName, unit: s.UnitID}
			if err := tx.queryRow(ctx, `SELECT valid_from, valid_to FROM `+map[string]string{"post": "posts", "cell": "party_cells"}[s.Kind]+
				` WHERE id = ?`, s.RowID).Scan(&r.from, &r.to); err != nil {
				return nil, nil, mapError(err)
			}
			if err := a.carryRow(r, destination{unit: s.SuccessorID}); err != nil {
				return nil, nil, mapError(err)
			}
		}
		if dryRun || moved == 0 {
			break
		}
	}
	if dryRun || len(carried) == 0 {
		return carried, left, nil
	}
	ae := &audit.Event{Action: "repair.carry", Entity: "repair", EntityID: strconv.Itoa(len(carried)),
		After: audit.Redact(map[string]any{"carried": carried, "left": len(left)})}
	if err := tx.audit(ctx, ae); err != nil {
		return nil, nil, mapError(err)
	}
	return carried, left, tx.commitAudit(ae)
}

// Unplaced lists the people restructuring left without a unit as of a day (see
// canbo.UnplacedService): a post or cell period that ended the day its unit ended with nothing
// open since, or one still open in an ended unit with no successor. A person is listed once,
// with the unit they were last in, if that unit was in the caller's scope before it ended.
func (d *DB) Unplaced(ctx context.Context, on time.Time) ([]canbo.Stranded, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	stranded, err := d.stranded(ctx, tx)
	if err != nil {
		return nil, mapError(err)
	}
	var out []canbo.Stranded
	seen := map[int64]bool{}
	for _, s := range stranded {
		if s.SuccessorID == 0 && !seen[s.PersonID] {
			seen[s.PersonID] = true
			out = append(out, s)
		}
	}
	o := day(on)
	rows, err := tx.query(ctx, `WITH ended AS (SELECT unit_id, MAX(valid_to) AS end_day FROM unit_versions GROUP BY unit_id
			HAVING MAX(valid_to) < '9999-12-31' AND MAX(valid_to) <= ?),
		closed AS (SELECT 'post' AS kind, x.id, x.person_id, x.unit_id, x.valid_to FROM posts x JOIN ended e ON e.unit_id = x.unit_id AND x.valid_to = e.end_day
			UNION ALL
			SELECT 'cell', c.id, c.person_id, c.cell_id, c.valid_to FROM party_cells c JOIN ended e ON e.unit_id = c.cell_id AND c.valid_to = e.end_day)
		SELECT k.kind, k.id, k.person_id, p.full_name, k.unit_id, k.valid_to FROM closed k JOIN people p ON p.id = k.person_id
		WHERE NOT EXISTS (SELECT 1 FROM posts x WHERE x.person_id = k.person_id AND x.valid_to > k.valid_to AND x.valid_from <= ?)
		AND NOT EXISTS (SELECT 1 FROM party_cells c WHERE c.person_id = k.person_id AND c.valid_to > k.valid_to AND c.valid_from <= ?)
		ORDER BY 6 DESC, 4, 3`, o, o, o)
	if err != nil {
		return nil, mapError(err)
	}
	var closed []canbo.Stranded
	for rows.Next() {
		var s canbo.Stranded
		if err := rows.Scan(&s.Kind, &s.RowID, &s.PersonID, &s.PersonName, &s.UnitID, &s.EndedOn); err != nil {
			rows.Close()
			return nil, err
		}
		closed = append(closed, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapError(err)
	}
	scope := canbo.ScopeFromContext(ctx)
	in := map[[2]any]bool{}
	for _, s := range closed {
		if seen[s.PersonID] {
			continue
		}
		seen[s.PersonID] = true
		t, _ := parseDay(s.EndedOn)
		key := [2]any{s.UnitID, s.EndedOn}
		ok, known := in[key]
		if !known {
			before := &applier{d: d, ctx: ctx, tx: tx, on: day(t.AddDate(0, 0, -1)), scope: scope}
			if ok, err = before.visible(s.UnitID); err != nil {
				return nil, mapError(err)
			}
			in[key] = ok
		}
		if ok {
			s.UnitName = (&applier{d: d, ctx: ctx, tx: tx}).unitName(s.UnitID)
			out = append(out, s)
		}
	}
	return out, nil
}
