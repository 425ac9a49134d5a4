package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"time"

	"canbo"
	"canbo/locale"
	"canbo/validate"
	"canbo/vn"
)

var _ canbo.StaffingService = (*DB)(nil)

// Staffing (issue 13): quotas, job positions and streamlining targets, and headcount against
// quota over a unit's subtree as of a day. Quotas and positions are effective-dated rows like
// unit versions; who fills a quota is read from the primary posts of the people records.
//
// Seconded people (docs/RULES.md §secondment) stay on the sending unit's quota: a secondment is
// a record of its own (sqlstore/secondment.go) and never moves the person's primary post, which
// stays at the sending unit (any post at the host is a concurrent one), so counting primary
// posts counts them where the rule says; the host lists them apart, as "biệt phái đến".

// AddQuota records a unit's quota of one staff type from a day, audited. A quota from a later
// day than the one in force closes it (an adjustment); one from the same day replaces it (a
// corrected decision); one before a later recorded quota is refused, so history is never
// rewritten out of order.
func (d *DB) AddQuota(ctx context.Context, q *canbo.Quota) error {
	from, err := validate.Quota(q)
	if err != nil {
		return err
	}
	q.To, q.EventID = "", 0
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := d.editableUnit(ctx, tx, "unit_id", q.UnitID, from); err != nil {
		return err
	}
	var later int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM quotas WHERE unit_id = ? AND staff_type = ? AND valid_from > ?`,
		q.UnitID, string(q.StaffType), q.From).Scan(&later); err != nil {
		return mapError(err)
	}
	if later > 0 {
		return canbo.Invalid("from", "err.sqlstore.staffing.quota_order", from.Format("02/01/2006"))
	}
	var before *canbo.Quota
	var prevID int64
	var prevFrom string
	var prevCount int
	err = tx.queryRow(ctx, `SELECT id, valid_from, allotted FROM quotas WHERE unit_id = ? AND staff_type = ? AND valid_from <= ? AND valid_to > ?`,
		q.UnitID, string(q.StaffType), q.From, q.From).Scan(&prevID, &prevFrom, &prevCount)
	switch {
	case err == sql.ErrNoRows:
	case err != nil:
		return mapError(err)
	case prevFrom == q.From:
		before = &canbo.Quota{ID: prevID, UnitID: q.UnitID, StaffType: q.StaffType, Count: prevCount, From: prevFrom}
		if _, err := tx.exec(ctx, `UPDATE quotas SET allotted = ?, doc_number = ?, doc_date = ?, doc_issuer = ?, event_id = NULL WHERE id = ?`,
			q.Count, q.Document.Number, q.Document.Date, q.Document.Issuer, prevID); err != nil {
			return mapError(err)
		}
		q.ID = prevID
		return tx.auditCommit(ctx, "staffing.quota", "unit", q.UnitID, before, q)
	default:
		before = &canbo.Quota{ID: prevID, UnitID: q.UnitID, StaffType: q.StaffType, Count: prevCount, From: prevFrom}
		if _, err := tx.exec(ctx, `UPDATE quotas SET valid_to = ? WHERE id = ?`, q.From, prevID); err != nil {
			return mapError(err)
		}
	}
	if q.ID, err = tx.insert(ctx, `INSERT INTO quotas (unit_id, staff_type, allotted, valid_from, valid_to, doc_number, doc_date, doc_issuer)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, q.UnitID, string(q.StaffType), q.Count, q.From, day(canbo.Forever),
		q.Document.Number, q.Document.Date, q.Document.Issuer); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "staffing.quota", "unit", q.UnitID, before, q)
}

// AddPosition records a job position of a unit that exists on its first day, audited.
func (d *DB) AddPosition(ctx context.Context, p *canbo.Position) error {
	from, to, err := validate.Position(p)
	if err != nil {
		return err
	}
	p.EventID, p.Filled = 0, 0
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	v, err := d.editableUnit(ctx, tx, "unit_id", p.UnitID, from)
	if err != nil {
		return err
	}
	p.UnitName = v.name
	if p.ID, err = tx.insert(ctx, `INSERT INTO positions (unit_id, name, category, grade, staff_type, headcount, description, competency,
		valid_from, valid_to, doc_number, doc_date, doc_issuer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.UnitID, p.Name, string(p.Category), p.Grade, string(p.StaffType), p.Headcount, p.Description, p.Competency,
		day(from), day(to), p.Document.Number, p.Document.Date, p.Document.Issuer); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "staffing.position", "unit", p.UnitID, nil, p)
}

// AddStaffingTarget records a streamlining target of a unit the caller may edit, audited.
func (d *DB) AddStaffingTarget(ctx context.Context, t *canbo.StaffingTarget) error {
	base, err := validate.StaffingTarget(t)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := d.editableUnit(ctx, tx, "unit_id", t.UnitID, base); err != nil {
		return err
	}
	if t.ID, err = tx.insert(ctx, `INSERT INTO staffing_targets (unit_id, staff_type, percent, base_date, due, doc_number, doc_date, doc_issuer)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.UnitID, string(t.StaffType), t.Percent, t.BaseDate, t.Due,
		t.Document.Number, t.Document.Date, t.Document.Issuer); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "staffing.target", "unit", t.UnitID, nil, t)
}

// UpdateStaffingTarget changes a streamlining target (its unit stays), audited with the
// values before. The target's unit must be one the caller may edit, on the old base day and the
// new one.
func (d *DB) UpdateStaffingTarget(ctx context.Context, t *canbo.StaffingTarget) error {
	base, err := validate.StaffingTarget(t)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	before := canbo.StaffingTarget{ID: t.ID}
	err = tx.queryRow(ctx, `SELECT unit_id, staff_type, percent, base_date, due, doc_number, doc_date, doc_issuer FROM staffing_targets WHERE id = ?`, t.ID).
		Scan(&before.UnitID, &before.StaffType, &before.Percent, &before.BaseDate, &before.Due, &before.Document.Number, &before.Document.Date, &before.Document.Issuer)
	if err == sql.ErrNoRows {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.staffing.target", t.ID)
	} else if err != nil {
		return mapError(err)
	}
	old, _ := parseDay(before.BaseDate)
	if _, err := d.editableUnit(ctx, tx, "unit_id", before.UnitID, old); canbo.ErrorCode(err) == canbo.EINVALID {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.staffing.target", t.ID) // out of scope looks like not found
	} else if err != nil {
		return err
	}
	t.UnitID = before.UnitID
	if _, err := d.editableUnit(ctx, tx, "base_date", t.UnitID, base); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE staffing_targets SET staff_type = ?, percent = ?, base_date = ?, due = ?, doc_number = ?, doc_date = ?, doc_issuer = ?
		WHERE id = ?`, string(t.StaffType), t.Percent, t.BaseDate, t.Due, t.Document.Number, t.Document.Date, t.Document.Issuer, t.ID); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "staffing.target", "unit", t.UnitID, before, t)
}

// EndPosition ends a job position on a day (the first day it no longer exists), audited. The day
// must fall after the position's first day and not after its recorded end, and nobody may hold
// a post naming the position past it: the officer ends or reassigns those posts first, so a post
// never names a position that has ended.
func (d *DB) EndPosition(ctx context.Context, id int64, to string) (*canbo.Position, error) {
	end, err := validate.RequiredDay("to", "word.staffing_to", to)
	if err != nil {
		return nil, err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p := &canbo.Position{ID: id}
	err = tx.queryRow(ctx, `SELECT unit_id, name, valid_from, valid_to FROM positions WHERE id = ?`, id).Scan(&p.UnitID, &p.Name, &p.From, &p.To)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.staffing.position", id)
	} else if err != nil {
		return nil, mapError(err)
	}
	from, _ := parseDay(p.From)
	if _, err := d.editableUnit(ctx, tx, "to", p.UnitID, from); canbo.ErrorCode(err) == canbo.EINVALID {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.staffing.position", id)
	} else if err != nil {
		return nil, err
	}
	before := *p
	if e := day(end); e <= p.From || e > p.To {
		last := ""
		if p.To != day(canbo.Forever) {
			last = vnDay(p.To)
		}
		return nil, canbo.Invalid("to", "err.sqlstore.staffing.position_end", vnDay(e), vnDay(p.From), last)
	}
	var held int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM posts WHERE position_id = ? AND valid_to > ?`, id, day(end)).Scan(&held); err != nil {
		return nil, mapError(err)
	}
	if held > 0 {
		return nil, canbo.Invalid("to", "err.sqlstore.staffing.position_held", held, vnDay(day(end)))
	}
	p.To = day(end)
	if _, err := tx.exec(ctx, `UPDATE positions SET valid_to = ? WHERE id = ?`, p.To, id); err != nil {
		return nil, mapError(err)
	}
	if before.To == day(canbo.Forever) {
		before.To = ""
	}
	return p, tx.auditCommit(ctx, "staffing.position.end", "unit", p.UnitID, before, p)
}

// Positions lists the job positions of a unit the caller sees that cover [from, to) — those a
// post over those days may name (checkPostPosition) — in the order the staffing page lists them.
func (d *DB) Positions(ctx context.Context, unit int64, from, to time.Time) ([]*canbo.Position, error) {
	units, _, err := d.findUnits(ctx, d.db, canbo.UnitFilter{ID: unit, AsOf: from, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(units) == 0 {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.staffing.unit", unit, from.Format("02/01/2006"))
	}
	out := []*canbo.Position{}
	err = queryEach(ctx, d, d.db, frag(`SELECT id, name, category, grade, staff_type, headcount, valid_from, valid_to FROM positions
		WHERE unit_id = ? AND valid_from <= ? AND valid_to >= ? ORDER BY category, name, id`, unit, day(from), day(to)), func(r *sql.Rows) error {
		p := &canbo.Position{UnitID: unit, UnitName: units[0].Name}
		if err := r.Scan(&p.ID, &p.Name, &p.Category, &p.Grade, &p.StaffType, &p.Headcount, &p.From, &p.To); err != nil {
			return err
		}
		if p.To == day(canbo.Forever) {
			p.To = ""
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// checkPostPosition refuses a post that names a job position of another unit, or one that does
// not cover the post's days; and a primary post overlapping another primary post of the same
// person (a person fills one quota place at a time). Called for every post written one by one.
func checkPostPosition(ctx context.Context, tx *Tx, p *canbo.Post, from, to time.Time) error {
	if p.Primary {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM posts WHERE person_id = ? AND is_primary = ? AND valid_from < ? AND valid_to > ?`,
			p.PersonID, true, day(to), day(from)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return canbo.Invalid("post.primary", "err.sqlstore.staffing.two_primary")
		}
	}
	if p.PositionID == 0 {
		return nil
	}
	var unit int64
	var pf, pt string
	err := tx.queryRow(ctx, `SELECT unit_id, valid_from, valid_to FROM positions WHERE id = ?`, p.PositionID).Scan(&unit, &pf, &pt)
	if err == sql.ErrNoRows || (err == nil && unit != p.UnitID) {
		return canbo.Invalid("post.position_id", "err.sqlstore.staffing.position_unit", p.PositionID)
	} else if err != nil {
		return err
	}
	if day(from) < pf || day(to) > pt {
		end := ""
		if pt != day(canbo.Forever) {
			end = vnDay(pt)
		}
		return canbo.Invalid("post.position_id", "err.sqlstore.staffing.position_dates", vnDay(pf), end)
	}
	return nil
}

// AssignPosition makes a person's post name a job position (0: none), audited: the post must
// be one of the person's, the position of the post's unit and covering the post's days.
func (d *DB) AssignPosition(ctx context.Context, personID, postID, positionID int64) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	if _, err := d.findPerson(ctx, d.db, personID, true); err != nil { // today's scope: a write
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var p canbo.Post
	var from, to string
	var before sql.NullInt64
	err = tx.queryRow(ctx, `SELECT unit_id, valid_from, valid_to, position_id FROM posts WHERE id = ? AND person_id = ?`, postID, personID).
		Scan(&p.UnitID, &from, &to, &before)
	if err == sql.ErrNoRows {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.staffing.post", postID)
	} else if err != nil {
		return mapError(err)
	}
	f, _ := parseDay(from)
	t, _ := parseDay(to)
	p.ID, p.PersonID, p.PositionID = postID, personID, positionID
	if err := checkPostPosition(ctx, tx, &p, f, t); err != nil {
		return err
	}
	var position any
	if positionID != 0 {
		position = positionID
	}
	if _, err := tx.exec(ctx, `UPDATE posts SET position_id = ? WHERE id = ?`, position, postID); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "person.post.position", "person", personID,
		map[string]any{"post_id": postID, "position_id": before.Int64}, map[string]any{"post_id": postID, "position_id": positionID})
}

// staffUnit is one unit of the subtree with its figures per staff type.
type staffUnit struct {
	id, parent int64
	name       string
	allotted   map[canbo.StaffType]int
	filled     map[canbo.StaffType]int
	noPosition int // people whose primary post names no job position
}

// staffingUnits is the statement listing the units of the set on the day: id, parent, name.
func staffingUnits(sub unitSet, on string) fragment {
	return cat(with(sub.cte), frag(`SELECT v.unit_id, COALESCE(v.parent_id, 0), v.name FROM unit_versions v WHERE `), versionsIn(sub, on))
}

// staffingSubtree reads the subtree under a unit on a day with each unit's quotas in force and
// primary-post holders by staff type. The root must be in the caller's scope; its subtree then
// is too.
func (d *DB) staffingSubtree(ctx context.Context, root int64, on string) ([]*staffUnit, map[int64]*staffUnit, error) {
	sub := subtreeOf(root, on)
	var list []*staffUnit
	byID := map[int64]*staffUnit{}
	err := queryEach(ctx, d, d.db, staffingUnits(sub, on), func(r *sql.Rows) error {
		u := &staffUnit{allotted: map[canbo.StaffType]int{}, filled: map[canbo.StaffType]int{}}
		if err := r.Scan(&u.id, &u.parent, &u.name); err != nil {
			return err
		}
		list = append(list, u)
		byID[u.id] = u
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	err = queryEach(ctx, d, d.db, cat(with(sub.cte), frag(`SELECT q.unit_id, q.staff_type, q.allotted FROM quotas q
		WHERE q.unit_id IN (`), sub.in(), frag(`) AND `), validOn("q", on)), func(r *sql.Rows) error {
		var id int64
		var st string
		var n int
		if err := r.Scan(&id, &st, &n); err != nil {
			return err
		}
		if u := byID[id]; u != nil {
			u.allotted[canbo.StaffType(st)] += n
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	// The primary posts carry their holder's staff type (migration 0025), so the covering index
	// posts_staffing answers the whole count without the people rows; they are counted as they
	// are read: grouping in SQL (COUNT(DISTINCT …)) costs more than the reading, and so does
	// keeping a city's 115,000 rows (docs/BENCHMARKS.md, staffing). A person holding several
	// primary posts that day (older records) counts once in each unit.
	first := map[int64]int64{} // person → the unit of the first of their posts read
	var twice map[[2]int64]bool
	var cur *staffUnit
	primary := cat(frag(`FROM posts x WHERE x.unit_id IN (`), sub.in(), frag(`) AND x.is_primary = ? AND `, true), validOn("x", on))
	err = queryEach(ctx, d, d.db, cat(with(sub.cte), frag(`SELECT x.unit_id, x.person_id, x.staff_type, CASE WHEN x.position_id IS NULL THEN 1 ELSE 0 END `), primary),
		func(r *sql.Rows) error {
			var unit, person int64
			var st sql.RawBytes
			var none bool
			if err := r.Scan(&unit, &person, &st, &none); err != nil {
				return err
			}
			if u0, ok := first[person]; ok {
				if twice == nil {
					twice = map[[2]int64]bool{}
				}
				twice[[2]int64{u0, person}] = true
				if twice[[2]int64{unit, person}] {
					return nil
				}
				twice[[2]int64{unit, person}] = true
			} else {
				first[person] = unit
			}
			if cur == nil || cur.id != unit { // rows come unit by unit
				cur = byID[unit]
			}
			if u := cur; u != nil {
				u.filled[staffTypeOf(st)]++
				if none {
					u.noPosition++
				}
			}
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	return list, byID, nil
}

// staffTypeOf is the staff type a post row carries, without a string allocated per row; a row
// of a person without a type counts as "none".
func staffTypeOf(b []byte) canbo.StaffType {
	for _, st := range canbo.StaffTypes {
		if string(st) == string(b) {
			return st
		}
	}
	return canbo.StaffNone
}

// add sums one unit's figures into t and by staff type, vacancy and excess per staff type.
func (u *staffUnit) add(t *canbo.StaffingTotals, by map[canbo.StaffType]*canbo.StaffingTotals) {
	for _, st := range canbo.StaffTypes {
		a, f := u.allotted[st], u.filled[st]
		if a == 0 && f == 0 {
			continue
		}
		one := canbo.StaffingTotals{Allotted: a, Filled: f, Vacant: max(0, a-f), Over: max(0, f-a)}
		for _, x := range []*canbo.StaffingTotals{t, by[st]} {
			if x == nil {
				continue
			}
			x.Allotted += one.Allotted
			x.Filled += one.Filled
			x.Vacant += one.Vacant
			x.Over += one.Over
		}
	}
}

// over reports whether the unit has more people than its quota for some staff type.
func (u *staffUnit) over() bool {
	for st, f := range u.filled {
		if f > u.allotted[st] {
			return true
		}
	}
	return false
}

// Staffing computes headcount against quota over a unit's subtree on a day: totals, by staff
// type, per child unit, with the flags, the unit's own positions (with how many fill each),
// its quota history and its streamlining targets with their progress. A unit out of the
// caller's scope is not found.
func (d *DB) Staffing(ctx context.Context, unitID int64, on time.Time) (*canbo.Staffing, error) {
	units, _, err := d.findUnits(ctx, d.db, canbo.UnitFilter{ID: unitID, AsOf: on, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(units) == 0 {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.staffing.unit", unitID, on.Format("02/01/2006"))
	}
	o := day(on)
	list, byID, err := d.staffingSubtree(ctx, unitID, o)
	if err != nil {
		return nil, mapError(err)
	}
	s := &canbo.Staffing{UnitID: unitID, UnitName: units[0].Name, AsOf: o,
		ByStaffType: []canbo.StaffTypeCount{}, Children: []canbo.StaffingChild{}, Flags: []canbo.StaffingFlag{},
		Positions: []*canbo.Position{}, Quotas: []*canbo.Quota{}, Targets: []*canbo.StaffingTarget{}}
	by := map[canbo.StaffType]*canbo.StaffingTotals{}
	for _, st := range canbo.StaffTypes {
		by[st] = &canbo.StaffingTotals{}
	}
	children := map[int64]*canbo.StaffingChild{}
	childBy := map[int64]map[canbo.StaffType]*canbo.StaffingTotals{}
	var order []int64
	for _, u := range list {
		if u.parent == unitID && u.id != unitID {
			children[u.id] = &canbo.StaffingChild{UnitID: u.id, Name: u.name, ByStaffType: []canbo.StaffTypeCount{}}
			childBy[u.id] = map[canbo.StaffType]*canbo.StaffingTotals{}
			for _, st := range canbo.StaffTypes {
				childBy[u.id][st] = &canbo.StaffingTotals{}
			}
			order = append(order, u.id)
		}
	}
	for _, u := range list {
		u.add(&s.Totals, by)
		// The child whose subtree holds u: walk up to the root's child.
		var child *canbo.StaffingChild
		for a := u; a != nil && a.id != unitID; a = byID[a.parent] {
			if a.parent == unitID {
				child = children[a.id]
				break
			}
		}
		if child != nil {
			u.add(&child.StaffingTotals, childBy[child.UnitID])
		}
		if u.over() {
			if child != nil {
				child.Flagged = true
			}
			for _, st := range canbo.StaffTypes {
				if f, a := u.filled[st], u.allotted[st]; f > a {
					s.Flags = append(s.Flags, canbo.StaffingFlag{Kind: "over_quota", UnitID: u.id, UnitName: u.name, StaffType: st, Count: f - a})
				}
			}
		}
	}
	for _, st := range canbo.StaffTypes {
		if t := by[st]; *t != (canbo.StaffingTotals{}) {
			s.ByStaffType = append(s.ByStaffType, canbo.StaffTypeCount{StaffType: st, StaffingTotals: *t})
		}
	}
	for _, id := range order {
		c := children[id]
		for _, st := range canbo.StaffTypes {
			if t := childBy[id][st]; *t != (canbo.StaffingTotals{}) {
				c.ByStaffType = append(c.ByStaffType, canbo.StaffTypeCount{StaffType: st, StaffingTotals: *t})
			}
		}
		s.Children = append(s.Children, *c)
	}
	sort.SliceStable(s.Children, func(i, j int) bool { return vn.Compare(s.Children[i].Name, s.Children[j].Name) < 0 })
	if err := d.staffingFlags(ctx, s, unitID, o, list, byID); err != nil {
		return nil, mapError(err)
	}
	if err := d.staffingOwn(ctx, s, unitID, o); err != nil {
		return nil, mapError(err)
	}
	return s, nil
}

// staffingFlags adds the positions held by people without the grade they require (the grade of
// the person's latest salary entry by the day) and, per unit, the people whose primary post
// names no position.
func (d *DB) staffingFlags(ctx context.Context, s *canbo.Staffing, root int64, on string, list []*staffUnit, byID map[int64]*staffUnit) error {
	sub := subtreeOf(root, on)
	grade := `(SELECT ` + d.dialect.jsonText("e.details", canbo.DetailGrade) + ` FROM person_entries e
		WHERE e.person_id = x.person_id AND e.kind = '` + canbo.EntrySalary + `' AND e.date_from <= ? ORDER BY e.date_from DESC, e.id DESC LIMIT 1)`
	// The holder's name is looked up per row rather than joined: nearly every post names no
	// position, so PostgreSQL's statistics have no value of posts.position_id, it guessed
	// 344,278 posts for the city's 24 graded positions (there were 10), and at nation scale it
	// hashed them and read all 6 million people to join: 2.6–4.4 s for 10 rows.
	err := queryEach(ctx, d, d.db, cat(with(sub.cte), frag(`SELECT x.unit_id, x.person_id, (SELECT p.full_name FROM people p WHERE p.id = x.person_id) AS holder,
		ps.id, ps.name, ps.grade, COALESCE(`+grade+`, '')
		FROM positions ps JOIN posts x ON x.position_id = ps.id
		WHERE ps.unit_id IN (`, on), sub.in(), frag(`) AND ps.grade <> '' AND x.is_primary = ? AND `, true), validOn("ps", on), frag(` AND `), validOn("x", on), frag(`
		ORDER BY x.unit_id, holder`)), func(r *sql.Rows) error {
		var f canbo.StaffingFlag
		var need, has string
		if err := r.Scan(&f.UnitID, &f.PersonID, &f.PersonName, &f.PositionID, &f.Position, &need, &has); err != nil {
			return err
		}
		if has != need {
			f.Kind = "grade"
			if u := byID[f.UnitID]; u != nil {
				f.UnitName = u.name
			}
			s.Flags = append(s.Flags, f)
		}
		return nil
	})
	for _, u := range list {
		if u.noPosition > 0 {
			s.Flags = append(s.Flags, canbo.StaffingFlag{Kind: "no_position", UnitID: u.id, UnitName: u.name, Count: u.noPosition})
		}
	}
	return err
}

// staffingOwn reads the unit's own positions in force on the day with how many fill each, its
// whole quota history, and its streamlining targets with their progress.
func (d *DB) staffingOwn(ctx context.Context, s *canbo.Staffing, unit int64, on string) error {
	err := queryEach(ctx, d, d.db, cat(frag(`SELECT ps.id, ps.name, ps.category, ps.grade, ps.staff_type, ps.headcount, ps.description,
		ps.competency, ps.valid_from, ps.valid_to, ps.doc_number, ps.doc_date, ps.doc_issuer, COALESCE(ps.event_id, 0),
		(SELECT COUNT(DISTINCT x.person_id) FROM posts x WHERE x.position_id = ps.id AND x.is_primary = ? AND `, true), validOn("x", on), frag(`)
		FROM positions ps WHERE ps.unit_id = ? AND `, unit), validOn("ps", on), frag(` ORDER BY ps.category, ps.name, ps.id`)), func(r *sql.Rows) error {
		p := &canbo.Position{UnitID: unit, UnitName: s.UnitName}
		if err := r.Scan(&p.ID, &p.Name, &p.Category, &p.Grade, &p.StaffType, &p.Headcount, &p.Description, &p.Competency,
			&p.From, &p.To, &p.Document.Number, &p.Document.Date, &p.Document.Issuer, &p.EventID, &p.Filled); err != nil {
			return err
		}
		if p.To == day(canbo.Forever) {
			p.To = ""
		}
		s.Positions = append(s.Positions, p)
		return nil
	})
	if err != nil {
		return err
	}
	err = queryEach(ctx, d, d.db, frag(`SELECT id, staff_type, allotted, valid_from, valid_to, doc_number, doc_date, doc_issuer, COALESCE(event_id, 0)
		FROM quotas WHERE unit_id = ? ORDER BY staff_type, valid_from`, unit), func(r *sql.Rows) error {
		q := &canbo.Quota{UnitID: unit}
		if err := r.Scan(&q.ID, &q.StaffType, &q.Count, &q.From, &q.To, &q.Document.Number, &q.Document.Date, &q.Document.Issuer, &q.EventID); err != nil {
			return err
		}
		if q.To == day(canbo.Forever) {
			q.To = ""
		}
		s.Quotas = append(s.Quotas, q)
		return nil
	})
	if err != nil {
		return err
	}
	err = queryEach(ctx, d, d.db, frag(`SELECT id, staff_type, percent, base_date, due, doc_number, doc_date, doc_issuer
		FROM staffing_targets WHERE unit_id = ? ORDER BY base_date, id`, unit), func(r *sql.Rows) error {
		t := &canbo.StaffingTarget{UnitID: unit}
		if err := r.Scan(&t.ID, &t.StaffType, &t.Percent, &t.BaseDate, &t.Due, &t.Document.Number, &t.Document.Date, &t.Document.Issuer); err != nil {
			return err
		}
		s.Targets = append(s.Targets, t)
		return nil
	})
	if err != nil {
		return err
	}
	for _, t := range s.Targets {
		if t.Base, err = d.allottedIn(ctx, unit, t.BaseDate, t.StaffType); err != nil {
			return err
		}
		if t.Current, err = d.allottedIn(ctx, unit, on, t.StaffType); err != nil {
			return err
		}
		if t.Base > 0 {
			t.Achieved = float64(t.Base-t.Current) * 100 / float64(t.Base)
		}
	}
	return nil
}

// allottedIn is the quota allotted over a unit's subtree on a day, of one staff type or all.
func (d *DB) allottedIn(ctx context.Context, unit int64, on string, st canbo.StaffType) (int, error) {
	sub := subtreeOf(unit, on)
	cond := frag(``)
	if st != "" {
		cond = frag(` AND q.staff_type = ?`, string(st))
	}
	var n int
	err := queryOne(ctx, d, d.db, cat(with(sub.cte), frag(`SELECT COALESCE(SUM(q.allotted), 0) FROM quotas q WHERE q.unit_id IN (`),
		sub.in(), frag(`) AND `), validOn("q", on), cond), &n)
	return n, err
}

// carryStaffing carries the quotas and job positions of the units an event ends, in the
// event's transaction, after carryPeople. A merge into one target sets the target's quotas from
// the date (carryQuotas) and moves the ended sources' open positions to the target (continued
// there from the date, the posts carried with them following). Otherwise — a split or a
// dissolution, where no default says how to divide them — the ended units' quotas and positions
// close on the date and the officer sets the successors' own.
func (a *applier) carryStaffing(kind canbo.EventKind, set []canbo.CarriedQuota) error {
	merge := kind == canbo.EventMerge && len(a.targets) == 1 && !slices.Contains(a.ended, a.targets[0])
	if len(set) > 0 && !merge {
		return canbo.Invalid("quotas", "err.sqlstore.carry.quotas_merge")
	}
	ended := make([]any, len(a.ended))
	for i, id := range a.ended {
		ended[i] = id
	}
	if merge {
		if err := a.carryQuotas(ended, set); err != nil {
			return err
		}
	}
	if len(a.ended) == 0 {
		return nil
	}
	in := placeholders(len(ended))
	if _, err := a.tx.exec(a.ctx, `UPDATE quotas SET valid_to = ? WHERE unit_id IN (`+in+`) AND valid_from < ? AND valid_to > ?`,
		append(append([]any{a.on}, ended...), a.on, a.on)...); err != nil {
		return err
	}
	type pos struct {
		id       int64
		from, to string
	}
	var open []pos
	rows, err := a.tx.query(a.ctx, `SELECT id, valid_from, valid_to FROM positions WHERE unit_id IN (`+in+`) AND valid_from < ? AND valid_to > ? ORDER BY id`,
		append(slices.Clone(ended), a.on, a.on)...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p pos
		if err := rows.Scan(&p.id, &p.from, &p.to); err != nil {
			rows.Close()
			return err
		}
		open = append(open, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range open {
		var next any // the continuation the carried posts follow; NULL when the position ends
		if merge {
			id, err := a.tx.insert(a.ctx, `INSERT INTO positions (unit_id, name, category, grade, staff_type, headcount, description, competency,
				valid_from, valid_to, doc_number, doc_date, doc_issuer, event_id)
				SELECT ?, ps.name, ps.category, ps.grade, ps.staff_type, ps.headcount, ps.description, ps.competency, ?, ps.valid_to,
				e.doc_number, e.doc_date, e.doc_issuer, e.id FROM positions ps, events e WHERE ps.id = ? AND e.id = ?`,
				a.targets[0], a.on, p.id, a.event)
			if err != nil {
				return err
			}
			next = id
		}
		if _, err := a.tx.exec(a.ctx, `UPDATE posts SET position_id = ? WHERE position_id = ? AND event_id = ? AND valid_from >= ?`,
			next, p.id, a.event, a.on); err != nil {
			return err
		}
		if _, err := a.tx.exec(a.ctx, `UPDATE positions SET valid_to = ? WHERE id = ?`, a.on, p.id); err != nil {
			return err
		}
	}
	return nil
}

// carryQuotas sets a merge target's quotas from the event's date, per staff type: its own in
// force plus the ended sources' (the default), or the count the request sets. Only the staff
// types that change get a row, which names the event; a.quotas keeps every figure for the form.
func (a *applier) carryQuotas(ended []any, set []canbo.CarriedQuota) error {
	byType := map[canbo.StaffType]*canbo.CarriedQuota{}
	get := func(st canbo.StaffType) *canbo.CarriedQuota {
		if q := byType[st]; q != nil {
			return q
		}
		q := &canbo.CarriedQuota{StaffType: st}
		byType[st] = q
		return q
	}
	write := map[canbo.StaffType]bool{}
	err := queryEach(a.ctx, a.d, a.tx, frag(`SELECT staff_type, allotted FROM quotas WHERE unit_id = ? AND valid_from <= ? AND valid_to > ?`,
		a.targets[0], a.on, a.on), func(r *sql.Rows) error {
		var st string
		var n int
		err := r.Scan(&st, &n)
		get(canbo.StaffType(st)).Own = n
		return err
	})
	if err != nil {
		return err
	}
	if len(ended) > 0 {
		err = queryEach(a.ctx, a.d, a.tx, frag(`SELECT staff_type, SUM(allotted) FROM quotas WHERE unit_id IN (`+placeholders(len(ended))+`)
			AND valid_from < ? AND valid_to > ? GROUP BY staff_type`, append(slices.Clone(ended), a.on, a.on)...), func(r *sql.Rows) error {
			var st string
			var n int
			err := r.Scan(&st, &n)
			get(canbo.StaffType(st)).Carried = n
			write[canbo.StaffType(st)] = true
			return err
		})
		if err != nil {
			return err
		}
	}
	for _, q := range byType {
		q.Count = q.Own + q.Carried
	}
	seen := map[canbo.StaffType]bool{}
	for _, s := range set {
		if err := validate.QuotaStaffType("quotas", s.StaffType); err != nil {
			return err
		}
		if s.Count < 0 {
			return canbo.Invalid("quotas", "err.sqlstore.carry.quota_count", locale.Word("staff."+string(s.StaffType)), s.Count)
		}
		if seen[s.StaffType] {
			return canbo.Invalid("quotas", "err.sqlstore.carry.quota_twice", locale.Word("staff."+string(s.StaffType)))
		}
		seen[s.StaffType] = true
		q := get(s.StaffType)
		if s.Count != q.Count {
			q.Count = s.Count
			write[s.StaffType] = true
		}
	}
	for _, st := range canbo.QuotaStaffTypes {
		q := byType[st]
		if q == nil {
			continue
		}
		a.quotas = append(a.quotas, *q)
		if write[st] {
			if err := a.setQuota(a.targets[0], string(st), q.Count); err != nil {
				return err
			}
		}
	}
	return nil
}

// setQuota sets the target's quota of a staff type from the event's date to n: a new row
// naming the event, running as long as the row it continues (or open), that row closed.
func (a *applier) setQuota(target int64, st string, n int) error {
	var id int64
	var from, to string
	err := a.tx.queryRow(a.ctx, `SELECT id, valid_from, valid_to FROM quotas WHERE unit_id = ? AND staff_type = ? AND valid_from <= ? AND valid_to > ?`,
		target, st, a.on, a.on).Scan(&id, &from, &to)
	switch {
	case err == sql.ErrNoRows:
		to = day(canbo.Forever)
		if err := a.tx.queryRow(a.ctx, `SELECT COALESCE(MIN(valid_from), ?) FROM quotas WHERE unit_id = ? AND staff_type = ? AND valid_from > ?`,
			to, target, st, a.on).Scan(&to); err != nil {
			return err
		}
	case err != nil:
		return err
	case from == a.on:
		_, err := a.tx.exec(a.ctx, `UPDATE quotas SET allotted = ? WHERE id = ?`, n, id)
		return err
	default:
		if _, err := a.tx.exec(a.ctx, `UPDATE quotas SET valid_to = ? WHERE id = ?`, a.on, id); err != nil {
			return err
		}
	}
	_, err = a.tx.exec(a.ctx, `INSERT INTO quotas (unit_id, staff_type, allotted, valid_from, valid_to, doc_number, doc_date, doc_issuer, event_id)
		SELECT ?, ?, ?, ?, ?, e.doc_number, e.doc_date, e.doc_issuer, e.id FROM events e WHERE e.id = ?`,
		target, st, n, a.on, to, a.event)
	return err
}
