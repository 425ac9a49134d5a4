package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/locale"
	"canbo/training"
	"canbo/validate"
	"canbo/vn"
)

// Training plans, courses and enrolments (issue 17 item 3). A plan and its courses belong to the
// plan's unit and are seen and changed through it (the caller's scope today, out of scope is not
// found); people are enrolled only if the caller may edit their record. Completing a course
// writes a training entry into the person's timeline and, when the course confers a higher
// level than the record holds, the new level, in one transaction with its audit event.

// trainingLevel checks a level against the vocab list of the kind: a known name or code becomes
// the code; a kind without a list takes a short text (a language level "B1").
func trainingLevel(kind, level string) (string, error) {
	level, err := validate.Text("level", level, 100)
	if err != nil || level == "" {
		return level, err
	}
	l := training.List(kind)
	if l == nil {
		return level, nil
	}
	code, ok := l.Code(level)
	if !ok {
		return "", canbo.Invalid("level", "err.sqlstore.training.level", level, l.Key)
	}
	return code, nil
}

func trainingKind(kind string) error {
	if !slices.Contains(canbo.TrainingKinds, kind) {
		return canbo.Invalid("kind", "err.sqlstore.training.kind", kind, strings.Join(canbo.TrainingKinds, ", "))
	}
	return nil
}

// SaveTrainingPlan records a unit's plan for a year, or adds to it: lines without an id are
// added, lines with one have their title, level and planned number changed; audited.
func (d *DB) SaveTrainingPlan(ctx context.Context, p *canbo.TrainingPlan) error {
	if p.Year < 2000 || p.Year > 2100 {
		return canbo.Invalid("year", "err.sqlstore.training.year", p.Year)
	}
	var err error
	if p.Note, err = validate.Text("note", p.Note, 2000); err != nil {
		return err
	}
	for i := range p.Lines {
		l := &p.Lines[i]
		if err := trainingKind(l.Kind); err != nil {
			return err
		}
		if l.Title, err = validate.Text("title", l.Title, 200); err != nil {
			return err
		}
		if l.Title == "" {
			return canbo.Invalid("title", "err.sqlstore.training.title")
		}
		if l.Level, err = trainingLevel(l.Kind, l.Level); err != nil {
			return err
		}
		if l.Planned < 0 || l.Planned > 100000 {
			return canbo.Invalid("planned", "err.sqlstore.training.planned", l.Planned)
		}
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := d.editableUnit(ctx, tx, "unit_id", p.UnitID, d.Now()); err != nil {
		return err
	}
	err = tx.queryRow(ctx, `SELECT id FROM training_plans WHERE unit_id = ? AND year = ?`, p.UnitID, p.Year).Scan(&p.ID)
	switch {
	case err == sql.ErrNoRows:
		if p.ID, err = tx.insert(ctx, `INSERT INTO training_plans (unit_id, year, note, created_at) VALUES (?, ?, ?, ?)`,
			p.UnitID, p.Year, p.Note, d.Now().Format(time.RFC3339)); err != nil {
			return mapError(err)
		}
	case err != nil:
		return mapError(err)
	case p.Note != "":
		if _, err := tx.exec(ctx, `UPDATE training_plans SET note = ? WHERE id = ?`, p.Note, p.ID); err != nil {
			return mapError(err)
		}
	}
	for i := range p.Lines {
		l := &p.Lines[i]
		l.PlanID = p.ID
		if l.ID == 0 {
			if l.ID, err = tx.insert(ctx, `INSERT INTO training_lines (plan_id, kind, title, level, planned) VALUES (?, ?, ?, ?, ?)`,
				p.ID, l.Kind, l.Title, l.Level, l.Planned); err != nil {
				return mapError(err)
			}
			continue
		}
		res, err := tx.exec(ctx, `UPDATE training_lines SET title = ?, level = ?, planned = ? WHERE id = ? AND plan_id = ? AND kind = ?`,
			l.Title, l.Level, l.Planned, l.ID, p.ID, l.Kind)
		if err != nil {
			return mapError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return canbo.Invalid("line_id", "err.sqlstore.training.line_notfound", l.ID)
		}
	}
	return tx.auditCommit(ctx, "training.plan.save", "training_plan", p.ID, nil, p)
}

// TrainingPlan reads a unit's plan for a year with, per line, the courses linked to it and the
// people enrolled and completed in them.
func (d *DB) TrainingPlan(ctx context.Context, unitID int64, year int) (*canbo.TrainingPlan, error) {
	if err := d.visibleUnit(ctx, d.db, unitID, "err.sqlstore.training.plan_notfound", year); err != nil {
		return nil, err
	}
	p := &canbo.TrainingPlan{UnitID: unitID, Year: year}
	err := queryOne(ctx, d, d.db, cat(frag(`SELECT t.id, t.note, `), unitNameOn("t.unit_id", day(d.Now())),
		frag(` FROM training_plans t WHERE t.unit_id = ? AND t.year = ?`, unitID, year)), &p.ID, &p.Note, &p.UnitName)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.training.plan_notfound", year)
	} else if err != nil {
		return nil, mapError(err)
	}
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT l.id, l.kind, l.title, l.level, l.planned,
		(SELECT COUNT(*) FROM training_courses c WHERE c.line_id = l.id),
		(SELECT COUNT(DISTINCT e.person_id) FROM training_enrolments e JOIN training_courses c ON c.id = e.course_id WHERE c.line_id = l.id),
		(SELECT COUNT(DISTINCT e.person_id) FROM training_enrolments e JOIN training_courses c ON c.id = e.course_id WHERE c.line_id = l.id AND e.status = ?)
		FROM training_lines l WHERE l.plan_id = ? ORDER BY l.id`), canbo.EnrolmentCompleted, p.ID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		l := canbo.TrainingLine{PlanID: p.ID}
		if err := rows.Scan(&l.ID, &l.Kind, &l.Title, &l.Level, &l.Planned, &l.Courses, &l.Enrolled, &l.Completed); err != nil {
			return nil, err
		}
		p.Lines = append(p.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(p.Lines, func(a, b canbo.TrainingLine) int {
		return cmp.Compare(slices.Index(canbo.TrainingKinds, a.Kind), slices.Index(canbo.TrainingKinds, b.Kind))
	})
	return p, nil
}

// TrainingPlans lists the plans of the units in the caller's scope today, newest year first and
// then by unit name, with their totals counted on reading like a plan's lines; at most limit
// (the newest years are kept).
func (d *DB) TrainingPlans(ctx context.Context, limit int) ([]canbo.TrainingPlanSummary, error) {
	on := day(d.Now())
	var cte, cond fragment
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), on); ok {
		cte, cond = scope.cte, cat(frag(`t.unit_id IN (`), scope.in(), frag(`)`))
	}
	q, args := cat(with(cte), frag(`SELECT t.id, t.unit_id, t.year, `), unitNameOn("t.unit_id", on), frag(`,
		(SELECT COUNT(*) FROM training_lines l WHERE l.plan_id = t.id),
		(SELECT COALESCE(SUM(l.planned), 0) FROM training_lines l WHERE l.plan_id = t.id),
		(SELECT COUNT(*) FROM training_courses c JOIN training_lines l ON l.id = c.line_id WHERE l.plan_id = t.id),
		(SELECT COUNT(DISTINCT e.person_id) FROM training_enrolments e JOIN training_courses c ON c.id = e.course_id
			JOIN training_lines l ON l.id = c.line_id WHERE l.plan_id = t.id),
		(SELECT COUNT(DISTINCT e.person_id) FROM training_enrolments e JOIN training_courses c ON c.id = e.course_id
			JOIN training_lines l ON l.id = c.line_id WHERE l.plan_id = t.id AND e.status = ?)
		FROM training_plans t WHERE 1 = 1`, canbo.EnrolmentCompleted), and(cond), frag(` ORDER BY t.year DESC, t.id DESC LIMIT ?`, limit)).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	out := []canbo.TrainingPlanSummary{}
	for rows.Next() {
		var p canbo.TrainingPlanSummary
		if err := rows.Scan(&p.ID, &p.UnitID, &p.Year, &p.UnitName, &p.Lines, &p.Planned, &p.Courses, &p.Enrolled, &p.Completed); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b canbo.TrainingPlanSummary) int {
		return cmp.Or(cmp.Compare(b.Year, a.Year), vn.Compare(a.UnitName, b.UnitName))
	})
	return out, nil
}

// courseColumns are a course's columns with its line's plan and unit.
const courseColumns = `c.id, c.line_id, l.plan_id, t.unit_id, t.year, c.title, c.provider, c.date_from, c.date_to, c.mode, c.kind, c.level`

func scanCourse(s interface{ Scan(...any) error }, c *canbo.Course) error {
	return s.Scan(&c.ID, &c.LineID, &c.PlanID, &c.UnitID, &c.Year, &c.Title, &c.Provider, &c.From, &c.To, &c.Mode, &c.Kind, &c.Level)
}

// CreateCourse records a course of a plan line; audited. Its kind is the line's; the level it
// confers must be of the kind's list.
func (d *DB) CreateCourse(ctx context.Context, c *canbo.Course) error {
	var err error
	for _, f := range []struct {
		field string
		s     *string
		max   int
	}{{"title", &c.Title, 300}, {"provider", &c.Provider, 300}} {
		if *f.s, err = validate.Text(f.field, *f.s, f.max); err != nil {
			return err
		}
		if *f.s == "" {
			return canbo.Invalid(f.field, "err.sqlstore.training.required", locale.Word("word.training_"+f.field))
		}
	}
	from, err := validate.RequiredDay("from", "word.training_from", c.From)
	if err != nil {
		return err
	}
	to, err := validate.RequiredDay("to", "word.training_to", c.To)
	if err != nil {
		return err
	}
	if to.Before(from) {
		return canbo.Invalid("to", "err.sqlstore.training.to_before", vn.FormatDay(to), vn.FormatDay(from))
	}
	c.From, c.To = day(from), day(to)
	if !slices.Contains(canbo.TrainingModes, c.Mode) {
		return canbo.Invalid("mode", "err.sqlstore.training.mode", c.Mode, strings.Join(canbo.TrainingModes, ", "))
	}
	if c.Kind != "" {
		if err := trainingKind(c.Kind); err != nil {
			return err
		}
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var kind string
	err = tx.queryRow(ctx, `SELECT l.kind, t.unit_id FROM training_lines l JOIN training_plans t ON t.id = l.plan_id WHERE l.id = ?`, c.LineID).Scan(&kind, &c.UnitID)
	if err == sql.ErrNoRows {
		return canbo.Invalid("line_id", "err.sqlstore.training.line_notfound", c.LineID)
	} else if err != nil {
		return mapError(err)
	}
	if err := d.visibleUnit(ctx, tx, c.UnitID, "err.sqlstore.training.line_notfound", c.LineID); err != nil {
		return canbo.Invalid("line_id", "err.sqlstore.training.line_notfound", c.LineID)
	}
	if _, err := d.editableUnit(ctx, tx, "line_id", c.UnitID, d.Now()); err != nil {
		return err
	}
	if c.Kind != "" && c.Kind != kind {
		return canbo.Invalid("kind", "err.sqlstore.training.kind_line", c.Kind, kind)
	}
	c.Kind = kind
	if c.Level, err = trainingLevel(kind, c.Level); err != nil {
		return err
	}
	if c.ID, err = tx.insert(ctx, `INSERT INTO training_courses (line_id, title, provider, date_from, date_to, mode, kind, level, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.LineID, c.Title, c.Provider, c.From, c.To, c.Mode, c.Kind, c.Level, d.Now().Format(time.RFC3339)); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "training.course.create", "training_course", c.ID, nil, c)
}

// courseRow reads a course the caller sees (through its plan's unit).
func (d *DB) courseRow(ctx context.Context, db queryer, id int64) (*canbo.Course, error) {
	c := &canbo.Course{}
	err := queryOne(ctx, d, db, frag(`SELECT `+courseColumns+` FROM training_courses c JOIN training_lines l ON l.id = c.line_id
		JOIN training_plans t ON t.id = l.plan_id WHERE c.id = ?`, id), &c.ID, &c.LineID, &c.PlanID, &c.UnitID, &c.Year, &c.Title,
		&c.Provider, &c.From, &c.To, &c.Mode, &c.Kind, &c.Level)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.training.course_notfound", id)
	} else if err != nil {
		return nil, mapError(err)
	}
	if err := d.visibleUnit(ctx, db, c.UnitID, "err.sqlstore.training.course_notfound", id); err != nil {
		return nil, err
	}
	c.UnitName, err = d.unitName(ctx, db, c.UnitID, d.Now())
	return c, err
}

// Course reads a course with its enrolments of the people the caller sees today.
func (d *DB) Course(ctx context.Context, id int64) (*canbo.Course, error) {
	c, err := d.courseRow(ctx, d.db, id)
	if err != nil {
		return nil, err
	}
	on := day(d.Now())
	var cte, visible fragment
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), on); ok {
		cte, visible = scope.cte, visibleIn("p.id", scope, on)
	}
	q, args := cat(with(cte), frag(`SELECT e.id, e.person_id, p.full_name, e.status, e.enrolled_on, e.completed_on, e.result, e.cert_number,
		e.cert_date, COALESCE(e.entry_id, 0), e.level_before, e.level_after, p.sort_key
		FROM training_enrolments e JOIN people p ON p.id = e.person_id WHERE e.course_id = ?`, id), and(visible),
		frag(` ORDER BY p.sort_key, e.id`)).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		e := canbo.Enrolment{CourseID: id}
		var certDate, key string
		if err := rows.Scan(&e.ID, &e.PersonID, &e.FullName, &e.Status, &e.EnrolledOn, &e.CompletedOn, &e.Result, &e.Certificate.Number,
			&certDate, &e.EntryID, &e.LevelBefore, &e.LevelAfter, &key); err != nil {
			return nil, err
		}
		e.Certificate.Date, _ = time.Parse(time.DateOnly, certDate)
		e.Certificate.Issuer = c.Provider
		c.Enrolments = append(c.Enrolments, e)
	}
	return c, rows.Err()
}

// Courses lists the courses of a plan, by start.
func (d *DB) Courses(ctx context.Context, planID int64) ([]canbo.Course, error) {
	var unit int64
	err := d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT unit_id FROM training_plans WHERE id = ?`), planID).Scan(&unit)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.training.plan_notfound", planID)
	} else if err != nil {
		return nil, mapError(err)
	}
	if err := d.visibleUnit(ctx, d.db, unit, "err.sqlstore.training.plan_notfound", planID); err != nil {
		return nil, err
	}
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT `+courseColumns+` FROM training_courses c JOIN training_lines l ON l.id = c.line_id
		JOIN training_plans t ON t.id = l.plan_id WHERE t.id = ? ORDER BY c.date_from, c.id`), planID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	out := []canbo.Course{}
	for rows.Next() {
		var c canbo.Course
		if err := scanCourse(rows, &c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// enrolTarget checks that the caller may change the course (its unit editable today) and may
// edit the person's record; a person the caller may not edit is refused on person_id, as
// though unknown.
func (d *DB) enrolTarget(ctx context.Context, tx *Tx, courseID, personID int64) (*canbo.Course, error) {
	c, err := d.courseRow(ctx, tx, courseID)
	if err != nil {
		return nil, err
	}
	if _, err := d.editableUnit(ctx, tx, "course_id", c.UnitID, d.Now()); err != nil {
		return nil, err
	}
	if err := d.editablePerson(ctx, tx, personID); err != nil {
		if code := canbo.ErrorCode(err); code == canbo.ENOTFOUND || code == canbo.EFORBIDDEN {
			return nil, canbo.Invalid("person_id", "err.sqlstore.training.person", personID)
		}
		return nil, err
	}
	return c, nil
}

// Enrol enrols a person in a course on a day (today when empty); audited. A person already
// enrolled is refused.
func (d *DB) Enrol(ctx context.Context, courseID, personID int64, on string) (*canbo.Enrolment, error) {
	day0, err := validate.Day("enrolled_on", on)
	if err != nil {
		return nil, err
	}
	if day0.IsZero() {
		day0 = d.Now()
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := d.enrolTarget(ctx, tx, courseID, personID); err != nil {
		return nil, err
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM training_enrolments WHERE course_id = ? AND person_id = ?`, courseID, personID).Scan(&n); err != nil {
		return nil, mapError(err)
	}
	if n > 0 {
		return nil, canbo.Invalid("person_id", "err.sqlstore.training.enrolled", personID).WithCode(canbo.ECONFLICT)
	}
	e := &canbo.Enrolment{CourseID: courseID, PersonID: personID, Status: canbo.EnrolmentEnrolled, EnrolledOn: day(day0)}
	if e.ID, err = tx.insert(ctx, `INSERT INTO training_enrolments (course_id, person_id, status, enrolled_on) VALUES (?, ?, ?, ?)`,
		courseID, personID, e.Status, e.EnrolledOn); err != nil {
		return nil, mapError(err)
	}
	return e, tx.auditCommit(ctx, "training.enrol", "training_course", courseID, nil, e)
}

// eduColumn is the people column holding a kind's level.
var eduColumn = map[string]string{canbo.TrainingPolitical: "edu_political", canbo.TrainingState: "edu_state", canbo.TrainingProfessional: "edu_professional"}

// CompleteCourse records that an enrolled person completed the course on e.CompletedOn (no
// earlier than its start, not in the future) with e.Result and e.Certificate. In the same
// transaction it writes a training entry into the person's timeline (the provider as the
// school, the course as the field, the certificate as its document) and, when the course
// confers a level higher than the record holds, the new level; the enrolment keeps the entry
// and the level replaced, so the record's change names its source. One audit event on the
// person, before → after.
func (d *DB) CompleteCourse(ctx context.Context, courseID, personID int64, in canbo.Enrolment) error {
	done, err := validate.RequiredDay("completed_on", "word.training_completed_on", in.CompletedOn)
	if err != nil {
		return err
	}
	if done.After(d.Now()) {
		return canbo.Invalid("completed_on", "err.sqlstore.training.completed_future", vn.FormatDay(done))
	}
	if in.Result, err = validate.Text("result", in.Result, 200); err != nil {
		return err
	}
	if in.Result == "" {
		return canbo.Invalid("result", "err.sqlstore.training.required", locale.Word("word.training_result"))
	}
	if in.Certificate.Number, err = validate.Text("cert_number", in.Certificate.Number, 100); err != nil {
		return err
	}
	if !in.Certificate.Date.IsZero() && in.Certificate.Date.After(d.Now()) {
		return canbo.Invalid("cert_date", "err.sqlstore.training.cert_future", vn.FormatDay(in.Certificate.Date))
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	c, err := d.enrolTarget(ctx, tx, courseID, personID)
	if err != nil {
		return err
	}
	var id int64
	var status string
	err = tx.queryRow(ctx, `SELECT id, status FROM training_enrolments WHERE course_id = ? AND person_id = ?`, courseID, personID).Scan(&id, &status)
	if err == sql.ErrNoRows {
		return canbo.Invalid("person_id", "err.sqlstore.training.not_enrolled", personID)
	} else if err != nil {
		return mapError(err)
	}
	if status == canbo.EnrolmentCompleted {
		return canbo.Invalid("person_id", "err.sqlstore.training.completed", personID).WithCode(canbo.ECONFLICT)
	}
	if day(done) < c.From {
		return canbo.Invalid("completed_on", "err.sqlstore.training.completed_before", vn.FormatDay(done), vn.FormatDay(mustDay(c.From)))
	}
	person, err := d.findPerson(ctx, tx, personID, false)
	if err != nil {
		return err
	}
	degree := c.Title
	if l := training.List(c.Kind); l != nil && c.Level != "" {
		degree = l.Show(c.Level)
	} else if c.Level != "" {
		degree = c.Level
	}
	entry := canbo.Entry{PersonID: personID, Kind: canbo.EntryTraining, From: c.From, To: c.To, Title: c.Provider,
		Details:  map[string]string{canbo.DetailField: c.Title, canbo.DetailMode: locale.Text("vi", "training.mode."+c.Mode), canbo.DetailDegree: degree},
		Document: canbo.Document{Number: in.Certificate.Number, Date: in.Certificate.Date, Issuer: c.Provider}}
	if err := validate.Entry(&entry, d.Now()); err != nil {
		return err
	}
	details, err := json.Marshal(entry.Details)
	if err != nil {
		return err
	}
	if entry.ID, err = tx.insert(ctx, `INSERT INTO person_entries (person_id, kind, date_from, date_to, title, details, doc_number, doc_date, doc_issuer)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, personID, entry.Kind, entry.From, entry.To, entry.Title, string(details),
		entry.Document.Number, isoOrEmpty(entry.Document.Date), entry.Document.Issuer); err != nil {
		return mapError(err)
	}
	before, after := "", ""
	if recorded := training.Recorded(person.Education, c.Kind); training.Raises(c.Kind, c.Level, recorded) {
		before, after = recorded, c.Level
		if _, err := tx.exec(ctx, `UPDATE people SET `+eduColumn[c.Kind]+` = ?, version = version + 1, updated_at = ? WHERE id = ?`,
			after, d.Now().Format(time.RFC3339), personID); err != nil {
			return mapError(err)
		}
	}
	if _, err := tx.exec(ctx, `UPDATE training_enrolments SET status = ?, completed_on = ?, result = ?, cert_number = ?, cert_date = ?, entry_id = ?,
		level_before = ?, level_after = ? WHERE id = ?`, canbo.EnrolmentCompleted, day(done), in.Result, in.Certificate.Number,
		isoOrEmpty(in.Certificate.Date), entry.ID, before, after, id); err != nil {
		return mapError(err)
	}
	ae := &audit.Event{Action: "training.complete", Entity: "person", EntityID: strconv.FormatInt(personID, 10),
		Reason: "training_course " + strconv.FormatInt(courseID, 10) + ": " + c.Title}
	if after != "" {
		ae.Before = audit.Redact(map[string]any{c.Kind: before})
	}
	ae.After = audit.Redact(map[string]any{"course_id": courseID, "entry": entry, "result": in.Result, c.Kind: cmp.Or(after, training.Recorded(person.Education, c.Kind))})
	if err := tx.audit(ctx, ae); err != nil {
		return mapError(err)
	}
	return tx.commitAudit(ae)
}

// TrainingGaps lists, for the pools of a unit's subtree the caller sees (every pool when
// unitID is 0), the holders of each post and its active candidates whose record lacks a level
// the post's standards require (training.Requirements), with a course they are enrolled in
// that would close the gap. People the caller does not see are left out.
func (d *DB) TrainingGaps(ctx context.Context, unitID int64) ([]canbo.TrainingGap, error) {
	pools, err := d.Pools(ctx, unitID, "", d.Now())
	if err != nil {
		return nil, err
	}
	out := []canbo.TrainingGap{}
	people := map[int64]*canbo.Person{}
	for _, p := range pools {
		reqs := training.Requirements(p.Standards)
		if len(reqs) == 0 {
			continue
		}
		type member struct {
			id         int64
			name, role string
		}
		var members []member
		for _, h := range p.Holders {
			members = append(members, member{h.PersonID, h.FullName, "holder"})
		}
		for _, c := range p.Candidates {
			if c.Status != canbo.CandidateRemoved {
				members = append(members, member{c.PersonID, c.FullName, "candidate"})
			}
		}
		unitName, err := d.unitName(ctx, d.db, p.UnitID, d.Now())
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			person, ok := people[m.id]
			if !ok {
				if person, err = d.findPerson(ctx, d.db, m.id, true); err != nil {
					if canbo.ErrorCode(err) == canbo.ENOTFOUND {
						people[m.id] = nil
						continue
					}
					return nil, err
				}
				people[m.id] = person
			}
			if person == nil {
				continue
			}
			for _, r := range training.Missing(reqs, person.Education) {
				g := canbo.TrainingGap{PoolID: p.ID, PoolName: p.Title, UnitID: p.UnitID, UnitName: unitName, PersonID: m.id, FullName: m.name,
					Role: m.role, Kind: r.Kind, Required: r.Level, Recorded: training.Recorded(person.Education, r.Kind)}
				if g.Enrolled, err = d.closingCourse(ctx, m.id, r); err != nil {
					return nil, err
				}
				out = append(out, g)
			}
		}
	}
	return out, nil
}

// closingCourse returns a course the person is enrolled in (not yet completed) that confers the
// level required or a higher one, or 0.
func (d *DB) closingCourse(ctx context.Context, personID int64, r training.Requirement) (int64, error) {
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT c.id, c.level FROM training_enrolments e JOIN training_courses c ON c.id = e.course_id
		WHERE e.person_id = ? AND e.status = ? AND c.kind = ? ORDER BY c.date_to, c.id`), personID, canbo.EnrolmentEnrolled, r.Kind)
	if err != nil {
		return 0, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var level string
		if err := rows.Scan(&id, &level); err != nil {
			return 0, err
		}
		if training.Rank(r.Kind, level) >= training.Rank(r.Kind, r.Level) {
			return id, nil
		}
	}
	return 0, rows.Err()
}
