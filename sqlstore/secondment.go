package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/validate"
	"canbo/vn"
)

var _ canbo.SecondmentService = (*DB)(nil)

// Secondments (issue 17; docs/RULES.md §secondment). A secondment is a row of its own, apart
// from the posts: the person keeps the primary post at the sending unit, so staffing, lists and
// reports go on counting them there, and the host sees them through these rows ("biệt phái
// đến"). A secondment is seen and changed by callers whose scope holds its sending or its host
// unit today; the host's work (mentor, tasks, assessments) needs the host in scope.

// openEnd is the last day of a migrated secondment whose entry had no end.
const openEnd = "9999-12-31"

// secondmentMember is one person of a decision with the unit sending them and the request's
// field that named them (so a refusal marks the right box).
type secondmentMember struct {
	person, from int64
	field        string
}

// CreateSecondments records one decision: a person, or a cohort of people from one or several
// sending units, seconded to one host over the same period. Every person is checked (a post in
// the sending unit on the first day, no overlapping secondment), the period against the rule's
// limit in force on the first day; any refusal writes nothing.
func (d *DB) CreateSecondments(ctx context.Context, req *canbo.SecondmentRequest) (*canbo.SecondmentCreated, error) {
	if err := mayEditPeople(ctx); err != nil {
		return nil, err
	}
	from, to, err := d.checkSecondmentPeriod(ctx, req)
	if err != nil {
		return nil, err
	}
	members, err := secondmentMembers(req)
	if err != nil {
		return nil, err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	all := &applier{d: d, ctx: ctx, tx: tx, on: day(from), date: from, scope: canbo.Scope{All: true}}
	if _, err := all.at("to_unit_id", req.ToUnitID); err != nil {
		return nil, err
	}
	hostSeen, err := d.seesUnit(ctx, tx, req.ToUnitID)
	if err != nil {
		return nil, err
	}
	for i := range members {
		m := &members[i]
		if m.from == 0 {
			if m.from, err = primaryUnitOn(ctx, tx, m.person, day(from)); err != nil {
				return nil, err
			} else if m.from == 0 {
				return nil, canbo.Invalid(m.field, "err.sqlstore.secondment.no_primary", m.person, vn.FormatDay(from))
			}
		}
		field := strings.Replace(m.field, "person_id", "from_unit_id", 1)
		if m.field == "person_ids" {
			field = "from_unit_id"
		}
		if _, err := all.at(field, m.from); err != nil {
			return nil, err
		}
		if m.from == req.ToUnitID {
			return nil, canbo.Invalid("to_unit_id", "err.sqlstore.secondment.same_unit")
		}
		if !hostSeen {
			if seen, err := d.seesUnit(ctx, tx, m.from); err != nil {
				return nil, err
			} else if !seen {
				return nil, canbo.Invalid("to_unit_id", "err.sqlstore.bulk.unit_missing_on", req.ToUnitID, from.Format("02/01/2006"))
			}
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM posts WHERE person_id = ? AND unit_id = ? AND valid_from <= ? AND valid_to > ?`,
			m.person, m.from, day(from), day(from)).Scan(&n); err != nil {
			return nil, mapError(err)
		} else if n == 0 {
			return nil, canbo.Invalid(m.field, "err.sqlstore.secondment.no_post", m.person, m.from, vn.FormatDay(from))
		}
		var other, otherFrom, otherLast string
		err := tx.queryRow(ctx, `SELECT id, date_from, last_day FROM secondments WHERE person_id = ? AND date_from <= ? AND last_day >= ? ORDER BY date_from LIMIT 1`,
			m.person, day(to), day(from)).Scan(&other, &otherFrom, &otherLast)
		switch {
		case err == nil:
			return nil, canbo.Invalid(m.field, "err.sqlstore.secondment.overlap", m.person, other, isoToVN(otherFrom), isoToVN(otherLast))
		case err != sql.ErrNoRows:
			return nil, mapError(err)
		}
	}
	out := &canbo.SecondmentCreated{}
	var cohort any // NULL: a single person's secondment
	if len(req.PersonIDs) > 0 || len(req.Members) > 0 {
		if out.CohortID, err = tx.insert(ctx, `INSERT INTO secondment_cohorts (title, to_unit_id, created_at) VALUES (?, ?, ?)`,
			vn.Clean(req.Title), req.ToUnitID, d.Now().UTC().Format(time.RFC3339)); err != nil {
			return nil, mapError(err)
		}
		cohort = out.CohortID
	}
	exc := canbo.StaffingDocument{}
	if req.Exception {
		exc = *req.ExceptionDocument
	}
	var events []*audit.Event
	for _, m := range members {
		id, err := tx.insert(ctx, `INSERT INTO secondments (cohort_id, person_id, from_unit_id, to_unit_id, purpose, date_from, date_to, last_day,
			doc_number, doc_date, doc_issuer, exception, exception_number, exception_date, exception_issuer)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, cohort, m.person, m.from, req.ToUnitID, req.Purpose, day(from), day(to), day(to),
			vn.Clean(req.Document.Number), req.Document.Date, vn.Clean(req.Document.Issuer), req.Exception,
			vn.Clean(exc.Number), exc.Date, vn.Clean(exc.Issuer))
		if err != nil {
			return nil, mapError(err)
		}
		out.IDs = append(out.IDs, id)
		after := canbo.Secondment{ID: id, CohortID: out.CohortID, PersonID: m.person, FromUnitID: m.from, ToUnitID: req.ToUnitID,
			Purpose: req.Purpose, From: day(from), To: day(to), Document: req.Document, Exception: req.Exception, ExceptionDocument: req.ExceptionDocument}
		e := &audit.Event{Action: "secondment.create", Entity: "person", EntityID: strconv.FormatInt(m.person, 10),
			After: audit.Redact(after), Reason: req.Document.Number}
		if err := tx.audit(ctx, e); err != nil {
			return nil, mapError(err)
		}
		events = append(events, e)
	}
	out.ID = out.IDs[0]
	return out, tx.commitAudit(events...)
}

// checkSecondmentPeriod checks the request's own fields: purpose, document, the days, and the
// period against the limit of the rule version in force on the first day.
func (d *DB) checkSecondmentPeriod(ctx context.Context, req *canbo.SecondmentRequest) (from, to time.Time, err error) {
	if !slices.Contains(canbo.SecondmentPurposes, req.Purpose) {
		return from, to, canbo.Invalid("purpose", "err.sqlstore.secondment.purpose", req.Purpose)
	}
	if from, err = validate.Day("from", req.From); err != nil {
		return from, to, err
	} else if from.IsZero() {
		return from, to, canbo.Invalid("from", "err.sqlstore.secondment.from")
	}
	if to, err = validate.Day("to", req.To); err != nil {
		return from, to, err
	} else if to.IsZero() {
		return from, to, canbo.Invalid("to", "err.sqlstore.secondment.to")
	}
	if to.Before(from) {
		return from, to, canbo.Invalid("to", "err.sqlstore.secondment.to_before", vn.FormatDay(to), vn.FormatDay(from))
	}
	if err := checkDateBounds("from", vn.DateOf(from), d.Now()); err != nil {
		return from, to, err
	}
	if err := checkDateBounds("to", vn.DateOf(to), d.Now()); err != nil {
		return from, to, err
	}
	if err := checkSecondmentDocument("document", &req.Document); err != nil {
		return from, to, err
	}
	set, err := d.RuleSet(ctx)
	if err != nil {
		return from, to, err
	}
	p, err := set.Secondment(from)
	if err != nil {
		return from, to, err
	}
	switch last := p.LastAllowed(from); {
	case !to.After(last):
		req.Exception, req.ExceptionDocument = false, nil // within the limit: no exception needed
	case !req.Exception:
		return from, to, canbo.Invalid("to", "err.sqlstore.secondment.too_long", p.MaxMonths, vn.FormatDay(last), p.Source.Cite())
	case req.ExceptionDocument == nil || vn.Clean(req.ExceptionDocument.Number) == "":
		return from, to, canbo.Invalid("exception_document.number", "err.sqlstore.secondment.exception_document", p.MaxMonths)
	default:
		if err := checkSecondmentDocument("exception_document", req.ExceptionDocument); err != nil {
			return from, to, err
		}
	}
	return from, to, nil
}

// checkSecondmentDocument requires a deciding document's number and normalises its day.
func checkSecondmentDocument(field string, doc *canbo.StaffingDocument) error {
	if vn.Clean(doc.Number) == "" {
		return canbo.Invalid(field+".number", "err.sqlstore.secondment.document")
	}
	on, err := validate.Day(field+".date", doc.Date)
	if err != nil {
		return err
	}
	doc.Date = isoOrEmpty(on)
	return nil
}

// secondmentMembers lists the people of a request, each with the field naming them.
func secondmentMembers(req *canbo.SecondmentRequest) ([]secondmentMember, error) {
	var out []secondmentMember
	switch {
	case len(req.Members) > 0:
		for i, m := range req.Members {
			out = append(out, secondmentMember{m.PersonID, m.FromUnitID, "members[" + strconv.Itoa(i) + "].person_id"})
		}
	case len(req.PersonIDs) > 0:
		for _, p := range req.PersonIDs {
			out = append(out, secondmentMember{p, req.FromUnitID, "person_ids"})
		}
	case req.PersonID != 0:
		out = append(out, secondmentMember{req.PersonID, req.FromUnitID, "person_id"})
	default:
		return nil, canbo.Invalid("person_id", "err.sqlstore.secondment.person")
	}
	seen := map[int64]bool{}
	for _, m := range out {
		if seen[m.person] {
			return nil, canbo.Invalid(m.field, "err.sqlstore.secondment.twice", m.person)
		}
		seen[m.person] = true
	}
	return out, nil
}

// primaryUnitOn returns the unit of a person's primary post on a day, 0 without one.
func primaryUnitOn(ctx context.Context, tx *Tx, person int64, on string) (int64, error) {
	var unit int64
	err := tx.queryRow(ctx, `SELECT unit_id FROM posts WHERE person_id = ? AND is_primary = ? AND valid_from <= ? AND valid_to > ? ORDER BY valid_from DESC, id LIMIT 1`,
		person, true, on, on).Scan(&unit)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return unit, mapError(err)
}

// seesUnit reports whether the caller's scope holds the unit today.
func (d *DB) seesUnit(ctx context.Context, db queryer, unit int64) (bool, error) {
	s := canbo.ScopeFromContext(ctx)
	if s.All {
		return true, nil
	}
	return d.unitSeen(ctx, db, s, unit, day(d.Now()))
}

// visibleSecondments is the condition "the caller's scope holds the sending or the host unit
// today, or sees the person today" (a secondment migrated without units is seen with its
// person's profile), with its common table expression (both empty for an unlimited scope).
func (d *DB) visibleSecondments(ctx context.Context) (cte, cond fragment) {
	on := day(d.Now())
	scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), on)
	if !ok {
		return fragment{}, fragment{}
	}
	return scope.cte, cat(frag(`(s.from_unit_id IN (`), scope.in(), frag(`) OR s.to_unit_id IN (`), scope.in(), frag(`) OR `),
		visibleIn("s.person_id", scope, on), frag(`)`))
}

// unitNameAt is the name of the unit in column col on the secondment's first day (its latest
// earlier name if the unit began later, as migrated rows may have it).
func unitNameAt(col string) string {
	return `COALESCE((SELECT v.name FROM unit_versions v WHERE v.unit_id = ` + col + ` AND v.valid_from <= s.date_from ORDER BY v.valid_from DESC LIMIT 1),
		(SELECT v.name FROM unit_versions v WHERE v.unit_id = ` + col + ` ORDER BY v.valid_from LIMIT 1), '')`
}

var secondmentColumns = `s.id, COALESCE(s.cohort_id, 0), s.person_id, p.full_name, COALESCE(s.from_unit_id, 0), ` + unitNameAt("s.from_unit_id") + `,
	COALESCE(s.to_unit_id, 0), ` + unitNameAt("s.to_unit_id") + `, s.host_name, s.purpose, s.date_from, s.date_to,
	s.doc_number, s.doc_date, s.doc_issuer, s.exception, s.exception_number, s.exception_date, s.exception_issuer,
	COALESCE(s.mentor_id, 0), COALESCE(m.full_name, ''), s.ended_on, s.placement, s.outcome
	FROM secondments s JOIN people p ON p.id = s.person_id LEFT JOIN people m ON m.id = s.mentor_id`

// scanSecondments runs a query selecting secondmentColumns.
func (d *DB) scanSecondments(ctx context.Context, db queryer, q fragment) ([]*canbo.Secondment, error) {
	sqlText, args := q.bind(d.dialect)
	rows, err := db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []*canbo.Secondment
	for rows.Next() {
		s := &canbo.Secondment{}
		var exc canbo.StaffingDocument
		if err := rows.Scan(&s.ID, &s.CohortID, &s.PersonID, &s.PersonName, &s.FromUnitID, &s.FromUnitName, &s.ToUnitID, &s.ToUnitName,
			&s.HostName, &s.Purpose, &s.From, &s.To, &s.Document.Number, &s.Document.Date, &s.Document.Issuer,
			&s.Exception, &exc.Number, &exc.Date, &exc.Issuer, &s.MentorID, &s.MentorName, &s.EndedOn, &s.Placement, &s.Outcome); err != nil {
			return nil, err
		}
		if s.Exception {
			s.ExceptionDocument = &exc
		}
		if s.To == openEnd {
			s.To = ""
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Secondment returns one secondment the caller sees, with its tasks and assessments.
func (d *DB) Secondment(ctx context.Context, id int64) (*canbo.Secondment, error) {
	cte, cond := d.visibleSecondments(ctx)
	list, err := d.scanSecondments(ctx, d.db, cat(with(cte), frag(`SELECT `+secondmentColumns+` WHERE s.id = ?`, id), and(cond)))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.secondment.not_found", id)
	}
	return list[0], d.readNotes(ctx, list)
}

// readNotes fills the secondments' tasks and assessments, in date order.
func (d *DB) readNotes(ctx context.Context, list []*canbo.Secondment) error {
	if len(list) == 0 {
		return nil
	}
	by := map[int64]*canbo.Secondment{}
	ids := make([]int64, len(list))
	for i, s := range list {
		by[s.ID], ids[i] = s, s.ID
	}
	q, args := cat(frag(`SELECT secondment_id, id, kind, on_day, body, rating FROM secondment_notes WHERE secondment_id IN (`), listOf(ids),
		frag(`) ORDER BY on_day, id`)).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var sid int64
		var n canbo.SecondmentNote
		if err := rows.Scan(&sid, &n.ID, &n.Kind, &n.On, &n.Text, &n.Rating); err != nil {
			return err
		}
		by[sid].Notes = append(by[sid].Notes, n)
	}
	return rows.Err()
}

// Cohorts lists the cohorts the caller sees (some member's sending or host unit in scope),
// latest first.
func (d *DB) Cohorts(ctx context.Context) ([]*canbo.Cohort, error) {
	cte, cond := d.visibleSecondments(ctx)
	list, err := d.scanSecondments(ctx, d.db, cat(with(cte), frag(`SELECT `+secondmentColumns+` WHERE s.cohort_id IS NOT NULL`), and(cond),
		frag(` ORDER BY s.cohort_id DESC, p.sort_key, p.id`)))
	if err != nil {
		return nil, err
	}
	return d.groupCohorts(ctx, list)
}

// Cohort returns one cohort with each member's record, tasks and assessments.
func (d *DB) Cohort(ctx context.Context, id int64) (*canbo.Cohort, error) {
	cte, cond := d.visibleSecondments(ctx)
	list, err := d.scanSecondments(ctx, d.db, cat(with(cte), frag(`SELECT `+secondmentColumns+` WHERE s.cohort_id = ?`, id), and(cond),
		frag(` ORDER BY p.sort_key, p.id`)))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.secondment.cohort_not_found", id)
	}
	if err := d.readNotes(ctx, list); err != nil {
		return nil, err
	}
	cs, err := d.groupCohorts(ctx, list)
	if err != nil {
		return nil, err
	}
	return cs[0], nil
}

// groupCohorts gathers secondments, ordered by cohort, into cohorts with their titles.
func (d *DB) groupCohorts(ctx context.Context, list []*canbo.Secondment) ([]*canbo.Cohort, error) {
	var out []*canbo.Cohort
	for _, s := range list {
		if len(out) == 0 || out[len(out)-1].ID != s.CohortID {
			out = append(out, &canbo.Cohort{ID: s.CohortID, ToUnitID: s.ToUnitID, ToUnitName: s.ToUnitName, Purpose: s.Purpose,
				From: s.From, To: s.To, Document: s.Document})
		}
		c := out[len(out)-1]
		c.Secondments = append(c.Secondments, s)
	}
	for _, c := range out {
		if err := d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT title FROM secondment_cohorts WHERE id = ?`), c.ID).Scan(&c.Title); err != nil {
			return nil, mapError(err)
		}
	}
	return out, nil
}

// UnitSecondments lists the people seconded to (incoming) and from (outgoing) a unit the caller
// sees, on a day.
func (d *DB) UnitSecondments(ctx context.Context, unitID int64, on time.Time) (*canbo.UnitSecondments, error) {
	if err := d.visibleUnit(ctx, d.db, unitID, "err.sqlstore.secondment.unit_not_found", unitID); err != nil {
		return nil, err
	}
	out := &canbo.UnitSecondments{UnitID: unitID, AsOf: day(on), Incoming: []*canbo.Secondment{}, Outgoing: []*canbo.Secondment{}}
	for _, side := range []struct {
		col  string
		into *[]*canbo.Secondment
	}{{"s.to_unit_id", &out.Incoming}, {"s.from_unit_id", &out.Outgoing}} {
		list, err := d.scanSecondments(ctx, d.db, cat(frag(`SELECT `+secondmentColumns+` WHERE `+side.col+` = ? AND s.date_from <= ? AND s.last_day >= ?`,
			unitID, day(on), day(on)), frag(` ORDER BY p.sort_key, p.id`)))
		if err != nil {
			return nil, err
		}
		*side.into = append(*side.into, list...)
	}
	return out, nil
}

// SecondmentFlows counts, for each unit of the caller's scope with any, the people seconded to
// it and from it on a day.
func (d *DB) SecondmentFlows(ctx context.Context, on time.Time) ([]canbo.SecondmentFlow, error) {
	var cte, cond fragment
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), day(d.Now())); ok {
		cte, cond = scope.cte, cat(frag(`f.unit IN (`), scope.in(), frag(`)`))
	}
	q := cat(with(cte), frag(`SELECT f.unit, SUM(f.incoming), SUM(f.outgoing) FROM (
		SELECT s.to_unit_id AS unit, 1 AS incoming, 0 AS outgoing FROM secondments s WHERE s.to_unit_id IS NOT NULL AND s.date_from <= ? AND s.last_day >= ?
		UNION ALL
		SELECT s.from_unit_id, 0, 1 FROM secondments s WHERE s.from_unit_id IS NOT NULL AND s.date_from <= ? AND s.last_day >= ?) f WHERE 1 = 1`,
		day(on), day(on), day(on), day(on)), and(cond), frag(` GROUP BY f.unit`))
	sqlText, args := q.bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, mapError(err)
	}
	var out []canbo.SecondmentFlow
	for rows.Next() {
		var f canbo.SecondmentFlow
		if err := rows.Scan(&f.UnitID, &f.Incoming, &f.Outgoing); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if u, err := d.FindUnitEver(ctx, out[i].UnitID, on); err == nil {
			out[i].Name = u.Name
		}
	}
	slices.SortStableFunc(out, func(a, b canbo.SecondmentFlow) int { return vn.Compare(a.Name, b.Name) })
	return out, nil
}

// PersonSecondments lists a person's secondments, latest first, for a caller who sees the
// person today (the profile's section).
func (d *DB) PersonSecondments(ctx context.Context, personID int64) ([]*canbo.Secondment, error) {
	if _, err := d.findPerson(ctx, d.db, personID, true); err != nil {
		return nil, err
	}
	list, err := d.scanSecondments(ctx, d.db, frag(`SELECT `+secondmentColumns+` WHERE s.person_id = ? ORDER BY s.date_from DESC, s.id DESC`, personID))
	if err != nil {
		return nil, err
	}
	return list, d.readNotes(ctx, list)
}

// hostSecondment reads a secondment for the host's work: the caller must edit and see it, and
// the host must be in the caller's scope (the host assigns work and assesses; docs/RULES.md
// §secondment).
func (d *DB) hostSecondment(ctx context.Context, tx *Tx, id int64) (*canbo.Secondment, error) {
	s, err := d.writableSecondment(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if seen, err := d.seesUnit(ctx, tx, s.ToUnitID); err != nil {
		return nil, err
	} else if !seen || s.ToUnitID == 0 {
		return nil, canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.secondment.host_only")
	}
	return s, nil
}

// writableSecondment reads a secondment the caller sees, inside the write's transaction, for a
// caller who may edit.
func (d *DB) writableSecondment(ctx context.Context, tx *Tx, id int64) (*canbo.Secondment, error) {
	if err := mayEditPeople(ctx); err != nil {
		return nil, err
	}
	cte, cond := d.visibleSecondments(ctx)
	list, err := d.scanSecondments(ctx, tx, cat(with(cte), frag(`SELECT `+secondmentColumns+` WHERE s.id = ?`, id), and(cond)))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.secondment.not_found", id)
	}
	return list[0], nil
}

// SetMentor records the person at the host who guides the seconded person: someone holding a
// post in the host unit during the secondment (0 removes the mentor).
func (d *DB) SetMentor(ctx context.Context, id, mentorID int64) error {
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s, err := d.hostSecondment(ctx, tx, id)
	if err != nil {
		return err
	}
	var mentor any // NULL: no mentor
	if mentorID != 0 {
		if mentorID == s.PersonID {
			return canbo.Invalid("mentor_id", "err.sqlstore.secondment.mentor_self")
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM posts WHERE person_id = ? AND unit_id = ? AND valid_from <= ? AND valid_to > ?`,
			mentorID, s.ToUnitID, lastDayOf(s), s.From).Scan(&n); err != nil {
			return mapError(err)
		} else if n == 0 {
			return canbo.Invalid("mentor_id", "err.sqlstore.secondment.mentor_post", mentorID, s.ToUnitName)
		}
		mentor = mentorID
	}
	if _, err := tx.exec(ctx, `UPDATE secondments SET mentor_id = ? WHERE id = ?`, mentor, id); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "secondment.mentor", "person", s.PersonID,
		map[string]int64{"secondment_id": id, "mentor_id": s.MentorID}, map[string]int64{"secondment_id": id, "mentor_id": mentorID})
}

// lastDayOf is a secondment's last day as stored (the open end of a migrated one included).
func lastDayOf(s *canbo.Secondment) string {
	return cmp.Or(s.LastDay(), openEnd)
}

// AddSecondmentNote records a task the host assigns (dated within the secondment) or an
// assessment (dated from its first day on, rated with an evaluation level).
func (d *DB) AddSecondmentNote(ctx context.Context, id int64, n *canbo.SecondmentNote) error {
	n.Text = vn.Clean(n.Text)
	switch {
	case n.Kind != canbo.NoteTask && n.Kind != canbo.NoteAssessment:
		return canbo.Invalid("kind", "err.sqlstore.secondment.note_kind", n.Kind)
	case n.Text == "":
		return canbo.Invalid("text", "err.sqlstore.secondment.note_text")
	case n.Kind == canbo.NoteAssessment && !slices.Contains(canbo.EvaluationCodes, n.Rating):
		return canbo.Invalid("rating", "err.sqlstore.secondment.rating", n.Rating)
	case n.Kind == canbo.NoteTask:
		n.Rating = ""
	}
	on, err := validate.Day("on", n.On)
	if err != nil {
		return err
	} else if on.IsZero() {
		return canbo.Invalid("on", "err.sqlstore.secondment.note_day")
	}
	n.On = day(on)
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s, err := d.hostSecondment(ctx, tx, id)
	if err != nil {
		return err
	}
	if n.On < s.From || (n.Kind == canbo.NoteTask && n.On > lastDayOf(s)) || on.After(d.Now()) && n.Kind == canbo.NoteAssessment {
		return canbo.Invalid("on", "err.sqlstore.secondment.note_outside", vn.FormatDay(on), isoToVN(s.From), isoToVN(lastDayOf(s)))
	}
	if n.ID, err = tx.insert(ctx, `INSERT INTO secondment_notes (secondment_id, kind, on_day, body, rating, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, n.Kind, n.On, n.Text, n.Rating, actorName(ctx), d.Now().UTC().Format(time.RFC3339)); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "secondment."+n.Kind, "person", s.PersonID, nil, map[string]any{"secondment_id": id, "note": n})
}

// EndSecondment records the actual last day (not after the decided one: a longer stay needs a
// new decision) and the placement back at the sending unit.
func (d *DB) EndSecondment(ctx context.Context, id int64, end canbo.SecondmentEnd) error {
	on, err := validate.Day("ended_on", end.EndedOn)
	if err != nil {
		return err
	} else if on.IsZero() {
		return canbo.Invalid("ended_on", "err.sqlstore.secondment.ended_on")
	}
	end.EndedOn, end.Placement, end.Outcome = day(on), vn.Clean(end.Placement), vn.Clean(end.Outcome)
	if end.Placement == "" {
		return canbo.Invalid("placement", "err.sqlstore.secondment.placement")
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s, err := d.writableSecondment(ctx, tx, id)
	if err != nil {
		return err
	}
	switch {
	case s.EndedOn != "":
		return canbo.Invalid("ended_on", "err.sqlstore.secondment.ended", isoToVN(s.EndedOn))
	case end.EndedOn < s.From || end.EndedOn > lastDayOf(s):
		return canbo.Invalid("ended_on", "err.sqlstore.secondment.end_outside", vn.FormatDay(on), isoToVN(s.From), isoToVN(lastDayOf(s)))
	}
	if _, err := tx.exec(ctx, `UPDATE secondments SET ended_on = ?, last_day = ?, placement = ?, outcome = ? WHERE id = ?`,
		end.EndedOn, end.EndedOn, end.Placement, end.Outcome, id); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "secondment.end", "person", s.PersonID, map[string]any{"secondment_id": id, "to": s.To},
		map[string]any{"secondment_id": id, "end": end})
}

// isoToVN shows a stored ISO day as dd/mm/yyyy ("" stays "").
func isoToVN(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return vn.FormatDay(t)
}

// adoptSecondmentEntries turns the secondment timeline entries written in the transaction into
// secondment records, as migration 0023 turned the stored ones: partial days widen to the days
// they can mean, an open end stays open, the place typed is the host's name, and the sending
// unit is the unit of the person's post on the first day. It returns the last record made.
func adoptSecondmentEntries(ctx context.Context, tx *Tx) (last int64, err error) {
	rows, err := tx.query(ctx, `SELECT id, person_id, date_from, date_to, title, doc_number, doc_date, doc_issuer FROM person_entries
		WHERE kind = ? AND date_from <> '' ORDER BY id`, canbo.EntrySecondment)
	if err != nil {
		return 0, mapError(err)
	}
	type entry struct {
		id, person                  int64
		from, to, title, n, dt, iss string
	}
	var es []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.person, &e.from, &e.to, &e.title, &e.n, &e.dt, &e.iss); err != nil {
			rows.Close()
			return 0, err
		}
		es = append(es, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, e := range es {
		from, err := vn.ParseDate(e.from)
		if err != nil {
			return 0, canbo.Invalid("from", "err.validate.validate.day_invalid", e.from)
		}
		to, err := vn.ParseDate(e.to)
		if err != nil {
			return 0, canbo.Invalid("to", "err.validate.validate.day_invalid", e.to)
		}
		first, end := day(from.First()), openEnd
		if !to.IsZero() {
			end = day(lastDay(to))
		}
		var unit any // NULL: no post that day
		var u int64
		switch err := tx.queryRow(ctx, `SELECT unit_id FROM posts WHERE person_id = ? AND valid_from <= ? AND valid_to > ?
			ORDER BY is_primary DESC, valid_from DESC, id LIMIT 1`, e.person, first, first).Scan(&u); {
		case err == nil:
			unit = u
		case err != sql.ErrNoRows:
			return 0, mapError(err)
		}
		if end < first {
			return 0, canbo.Invalid("to", "err.sqlstore.secondment.to_before", isoToVN(end), isoToVN(first))
		}
		if last, err = tx.insert(ctx, `INSERT INTO secondments (person_id, from_unit_id, host_name, purpose, date_from, date_to, last_day, doc_number, doc_date, doc_issuer)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.person, unit, e.title, canbo.SecondmentTask, first, end, end, e.n, e.dt, e.iss); err != nil {
			return 0, mapError(err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM person_entries WHERE id = ?`, e.id); err != nil {
			return 0, mapError(err)
		}
	}
	return last, nil
}
