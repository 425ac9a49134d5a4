package sqlstore

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"canbo"
	"canbo/audit"
	"canbo/locale"
	"canbo/vn"
)

// Restructuring carries people (issue 12). When an event ends a unit, the posts and party-cell
// periods still open in it on the event's date would otherwise point at a unit that no longer
// exists, and their people would silently drop out of every list, count and reminder. The event
// therefore closes each such row on its date and opens the same row (same title and primary
// flag, same temporary flag and end) in the unit that receives the person, naming the event in
// event_id — the event's document is the basis of the new row. All of it happens in the event's
// transaction: the event is recorded with its people placed, or not at all.

// openRow is a post or cell period open in an ended unit on the event's date.
type openRow struct {
	kind     string // "post" or "cell"
	id       int64
	person   int64
	name     string
	unit     int64
	from, to string
}

// openRows lists the posts and cell periods open on day on (or starting later) in the units.
func openRows(ctx context.Context, tx *Tx, units []int64, on string) ([]openRow, error) {
	if len(units) == 0 {
		return nil, nil
	}
	var args []any
	for _, u := range units {
		args = append(args, u)
	}
	args = append(args, on)
	all := append(slices.Clone(args), args...)
	rows, err := tx.query(ctx, `SELECT 'post', x.id, x.person_id, p.full_name, x.unit_id, x.valid_from, x.valid_to
		FROM posts x JOIN people p ON p.id = x.person_id WHERE x.unit_id IN (`+placeholders(len(units))+`) AND x.valid_to > ?
		UNION ALL
		SELECT 'cell', c.id, c.person_id, p.full_name, c.cell_id, c.valid_from, c.valid_to
		FROM party_cells c JOIN people p ON p.id = c.person_id WHERE c.cell_id IN (`+placeholders(len(units))+`) AND c.valid_to > ?
		ORDER BY 4, 3, 1, 2`, all...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []openRow
	for rows.Next() {
		var r openRow
		if err := rows.Scan(&r.kind, &r.id, &r.person, &r.name, &r.unit, &r.from, &r.to); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// carriedRow is one row an event carried (To 0: ended), for the audit trail.
type carriedRow struct {
	Kind   string `json:"kind"`
	ID     int64  `json:"id"`
	Person int64  `json:"person_id"`
	From   int64  `json:"from_unit"`
	To     int64  `json:"to_unit"`
}

// destination is where one person goes: a unit, or nowhere (end, with a reason).
type destination struct {
	unit   int64
	end    bool
	reason string
}

// carry carries the people, quotas and positions of the units the event ends, and sets a merge
// target's quotas. Most events carry nothing — none of the administrative units' import's
// ≈ 15,000 events does, and on PostgreSQL each of carrying's four or five reads is a round
// trip —, so one statement asks first whether any row that carrying reads exists: an open post,
// party cell period, position or quota of the ended units or the targets (more than carrying
// reads, never less).
func (a *applier) carry(in canbo.EventInput, lenient bool) error {
	if len(in.Placements) == 0 && len(in.Quotas) == 0 {
		if some, err := a.anythingToCarry(); err != nil || !some {
			return err
		}
	}
	if err := a.carryPeople(in.Kind, in.Placements, lenient); err != nil {
		return err
	}
	return a.carryStaffing(in.Kind, in.Quotas)
}

// anythingToCarry reports whether a row open on or after the event's date hangs under a unit the
// event ends or targets.
func (a *applier) anythingToCarry() (bool, error) {
	units := append(slices.Clone(a.ended), a.targets...)
	if len(units) == 0 {
		return false, nil
	}
	var args []any
	for _, u := range units {
		args = append(args, u)
	}
	args = append(args, a.on)
	in := placeholders(len(units))
	var n int
	err := a.tx.queryRow(a.ctx, `SELECT CASE WHEN
		EXISTS (SELECT 1 FROM posts WHERE unit_id IN (`+in+`) AND valid_to > ?) OR
		EXISTS (SELECT 1 FROM party_cells WHERE cell_id IN (`+in+`) AND valid_to > ?) OR
		EXISTS (SELECT 1 FROM positions WHERE unit_id IN (`+in+`) AND valid_to > ?) OR
		EXISTS (SELECT 1 FROM quotas WHERE unit_id IN (`+in+`) AND valid_to > ?) THEN 1 ELSE 0 END`,
		slices.Concat(args, args, args, args)...).Scan(&n)
	return n > 0, err
}

// carryPeople places the people of the units the event ended. A merge places everybody in its
// target by default; a split or dissolution must be told where each person goes, unless lenient
// (an import's baseline events, whose leftovers the repair reports).
func (a *applier) carryPeople(kind canbo.EventKind, placements []canbo.Placement, lenient bool) error {
	if len(a.ended) == 0 {
		if len(placements) > 0 {
			return canbo.Invalid("placements", "err.sqlstore.carry.placements")
		}
		return nil
	}
	rows, err := openRows(a.ctx, a.tx, a.ended, a.on)
	if err != nil {
		return err
	}
	inEnded := map[int64]string{} // person → name
	for _, r := range rows {
		inEnded[r.person] = r.name
	}
	dest := map[int64]destination{}
	for _, p := range placements {
		name, ok := inEnded[p.PersonID]
		if !ok {
			return a.notInEnded(p.PersonID)
		}
		if _, twice := dest[p.PersonID]; twice {
			return canbo.Invalid("placements", "err.sqlstore.carry.placed_twice", name, p.PersonID)
		}
		d, err := a.placement(p, name)
		if err != nil {
			return err
		}
		dest[p.PersonID] = d
	}
	var unplaced []string
	for _, r := range rows {
		if _, ok := dest[r.person]; ok {
			continue
		}
		switch {
		case kind == canbo.EventMerge && len(a.targets) == 1:
			dest[r.person] = destination{unit: a.targets[0]}
		case lenient:
		default:
			if !slices.Contains(unplaced, r.name) {
				unplaced = append(unplaced, r.name)
			}
		}
	}
	if len(unplaced) > 0 {
		shown := unplaced
		if len(shown) > 10 {
			shown = append(slices.Clone(shown[:10]), "…")
		}
		return canbo.Invalid("placements", "err.sqlstore.carry.unplaced",
			len(unplaced), strings.Join(shown, ", "))
	}
	moves := map[[2]int64]*canbo.Move{}
	members := map[[3]int64]bool{}
	for _, r := range rows {
		d, ok := dest[r.person]
		if !ok {
			continue
		}
		if err := a.carryRow(r, d); err != nil {
			return err
		}
		a.carried = append(a.carried, carriedRow{Kind: r.kind, ID: r.id, Person: r.person, From: r.unit, To: d.unit})
		key := [2]int64{r.unit, d.unit}
		m := moves[key]
		if m == nil {
			m = &canbo.Move{FromID: r.unit, FromName: a.unitName(r.unit), ToID: d.unit}
			if d.unit != 0 {
				m.ToName = a.unitName(d.unit)
			}
			moves[key] = m
			a.moves = append(a.moves, *m)
		}
		if r.kind == "post" {
			m.Posts++
		} else if !members[[3]int64{r.unit, d.unit, r.person}] {
			members[[3]int64{r.unit, d.unit, r.person}] = true
			m.Members++
		}
	}
	for i, m := range a.moves {
		a.moves[i] = *moves[[2]int64{m.FromID, m.ToID}]
	}
	return nil
}

// notInEnded refuses a placement of somebody with nothing open in the units the event ends.
func (a *applier) notInEnded(person int64) error {
	var name string
	err := a.tx.queryRow(a.ctx, `SELECT full_name FROM people WHERE id = ?`, person).Scan(&name)
	if err != nil {
		return canbo.Invalid("placements", "err.sqlstore.carry.no_record", person)
	}
	return canbo.Invalid("placements", "err.sqlstore.carry.not_in_unit",
		name, person, vn.FormatDay(a.date))
}

// placement checks one placement: a target of the event (by id or by its place in the list),
// or, for an event without targets (a dissolution), another unit of the same hierarchy existing
// that day in the caller's scope; or an end with a reason.
func (a *applier) placement(p canbo.Placement, name string) (destination, error) {
	if p.End {
		reason := vn.Clean(p.Reason)
		if reason == "" {
			return destination{}, canbo.Invalid("placements", "err.sqlstore.carry.end_reason_missing", name)
		}
		if p.UnitID != 0 || p.Target != 0 {
			return destination{}, canbo.Invalid("placements", "err.sqlstore.carry.placed_and_ended", name)
		}
		return destination{end: true, reason: reason}, nil
	}
	unit := p.UnitID
	if p.Target != 0 {
		if p.Target < 1 || p.Target > len(a.targets) {
			return destination{}, canbo.Invalid("placements", "err.sqlstore.carry.target_not_in_event", p.Target, name)
		}
		if unit != 0 && unit != a.targets[p.Target-1] {
			return destination{}, canbo.Invalid("placements", "err.sqlstore.carry.two_units", name)
		}
		unit = a.targets[p.Target-1]
	}
	if unit == 0 {
		return destination{}, canbo.Invalid("placements", "err.sqlstore.carry.no_target", name)
	}
	if len(a.targets) > 0 {
		if !slices.Contains(a.targets, unit) {
			return destination{}, canbo.Invalid("placements", "err.sqlstore.carry.not_receiving", a.unitName(unit), name)
		}
		return destination{unit: unit}, nil
	}
	if slices.Contains(a.ended, unit) {
		return destination{}, canbo.Invalid("placements", "err.sqlstore.carry.target_ends", a.unitName(unit), name)
	}
	v, err := a.at("placements", unit)
	if err != nil {
		return destination{}, canbo.Invalid("placements", "err.sqlstore.carry.target_missing_on", unit, name, vn.FormatDay(a.date))
	}
	var h canbo.Hierarchy
	if err := a.tx.queryRow(a.ctx, `SELECT hierarchy FROM units WHERE id = ?`, a.ended[0]).Scan(&h); err != nil {
		return destination{}, err
	}
	if h != v.hierarchy {
		return destination{}, canbo.Invalid("placements", "err.sqlstore.carry.other_hierarchy", v.name, name)
	}
	return destination{unit: unit}, nil
}

// unitName is a unit's latest name, for messages about units that may not exist that day.
func (a *applier) unitName(id int64) string {
	var name string
	if err := a.tx.queryRow(a.ctx, `SELECT name FROM unit_versions WHERE unit_id = ? ORDER BY valid_from DESC LIMIT 1`, id).Scan(&name); err != nil {
		return locale.Format("vi", "word.unit_number", id)
	}
	return name
}

// carryRow closes one row on the event's date and opens its continuation in the destination;
// a row that starts on or after that day is moved whole. An ended post keeps the reason.
func (a *applier) carryRow(r openRow, d destination) error {
	table, unitCol := "posts", "unit_id"
	if r.kind == "cell" {
		table, unitCol = "party_cells", "cell_id"
	}
	if d.end {
		if r.from >= a.on {
			return canbo.Invalid("placements", "err.sqlstore.carry.post_end_before_start", r.name, vnDay(r.from), vn.FormatDay(a.date))
		}
		if r.kind == "post" {
			_, err := a.tx.exec(a.ctx, `UPDATE posts SET valid_to = ?, end_reason = ? WHERE id = ?`, a.on, d.reason, r.id)
			return err
		}
		_, err := a.tx.exec(a.ctx, `UPDATE party_cells SET valid_to = ? WHERE id = ?`, a.on, r.id)
		return err
	}
	if r.from >= a.on {
		_, err := a.tx.exec(a.ctx, `UPDATE `+table+` SET `+unitCol+` = ?, event_id = ? WHERE id = ?`, d.unit, a.event, r.id)
		return err
	}
	var err error
	if r.kind == "post" {
		_, err = a.tx.exec(a.ctx, `INSERT INTO posts (person_id, unit_id, title, is_primary, valid_from, valid_to, doc_number, doc_date, doc_issuer, event_id, position_id)
			SELECT x.person_id, ?, x.title, x.is_primary, ?, ?, e.doc_number, e.doc_date, e.doc_issuer, e.id, x.position_id
			FROM posts x, events e WHERE x.id = ? AND e.id = ?`, d.unit, a.on, r.to, r.id, a.event)
	} else {
		_, err = a.tx.exec(a.ctx, `INSERT INTO party_cells (person_id, cell_id, valid_from, valid_to, temporary, event_id)
			SELECT c.person_id, ?, ?, ?, c.temporary, ? FROM party_cells c WHERE c.id = ?`, d.unit, a.on, r.to, a.event, r.id)
	}
	if err != nil {
		return err
	}
	_, err = a.tx.exec(a.ctx, `UPDATE `+table+` SET valid_to = ? WHERE id = ?`, a.on, r.id)
	return err
}

// PreviewCarry applies the event in a transaction that is rolled back and reports how many
// posts and party members it would carry from each ended unit to each receiving unit.
func (d *DB) PreviewCarry(ctx context.Context, in canbo.EventInput) ([]canbo.Move, error) {
	a, err := d.preview(ctx, in)
	if err != nil {
		return nil, err
	}
	return a.moves, nil
}

// PreviewQuotas applies a merge in a transaction that is rolled back and returns its target's
// quotas from the event's date, per staff type with their parts, as the event would set them.
func (d *DB) PreviewQuotas(ctx context.Context, in canbo.EventInput) ([]canbo.CarriedQuota, error) {
	a, err := d.preview(ctx, in)
	if err != nil {
		return nil, err
	}
	return a.quotas, nil
}

// preview applies an event in a transaction that is rolled back and returns its applier.
func (d *DB) preview(ctx context.Context, in canbo.EventInput) (*applier, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	a, err := d.apply(ctx, tx, in, map[string]bool{}, false)
	return a, mapError(err)
}

// EndedPeople lists, for an event that would end units, the people still there on its date,
// so a form can ask where each goes. The event is applied with the people left unplaced (in a
// transaction rolled back), so its own checks still run.
func (d *DB) EndedPeople(ctx context.Context, in canbo.EventInput) ([]canbo.Stranded, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	in.Placements = nil
	a, err := d.apply(ctx, tx, in, map[string]bool{}, true)
	if err != nil {
		return nil, mapError(err)
	}
	rows, err := openRows(ctx, tx, a.ended, a.on)
	if err != nil {
		return nil, mapError(err)
	}
	var out []canbo.Stranded
	seen := map[int64]bool{}
	for _, r := range rows {
		if seen[r.person] {
			continue
		}
		seen[r.person] = true
		out = append(out, canbo.Stranded{PersonID: r.person, PersonName: r.name, Kind: r.kind, RowID: r.id, UnitID: r.unit,
			UnitName: a.unitName(r.unit), EndedOn: a.on, EventID: a.event})
	}
	return out, nil
}

// carryAudit records what an event carried: the moves and every carried or ended row by id.
func carryAudit(a *applier) *audit.Event {
	return &audit.Event{Action: "unit.event.carry", Entity: "event", EntityID: strconv.FormatInt(a.event, 10),
		After: audit.Redact(map[string]any{"moves": a.moves, "rows": a.carried})}
}

// carriedColumns read the event that carried a row (events e, left-joined on the row's event_id).
const carriedColumns = `COALESCE(e.id, 0), COALESCE(e.kind, ''), COALESCE(e.effective, ''), COALESCE(e.doc_number, ''), COALESCE(e.doc_issuer, '')`

// carriedScan receives carriedColumns.
type carriedScan struct {
	id                         int64
	kind, date, number, issuer string
}

func (c carriedScan) carried() *canbo.Carried {
	if c.id == 0 {
		return nil
	}
	return &canbo.Carried{EventID: c.id, Kind: canbo.EventKind(c.kind), Date: c.date, Document: canbo.Document{Number: c.number, Issuer: c.issuer}}
}
