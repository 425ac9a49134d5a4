package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/locale"
	"canbo/planning"
	"canbo/remind"
	"canbo/rules"
	"canbo/validate"
	"canbo/vn"
)

// Planning pools and congress preparations (issue 14). Each belongs to a unit and is seen and
// changed through it, like a registry document: the caller's scope must see the unit today.
// The limits and the eligibility are decided in Go by package planning and package rules with
// the rule versions in force, from rows read here; a refused change writes nothing.

// visibleUnit checks that the caller's scope sees the unit today (out of scope reads as not
// found).
func (d *DB) visibleUnit(ctx context.Context, db queryer, unitID int64, notFound string, arg any) error {
	on := day(d.Now())
	var cte, cond fragment
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), on); ok {
		cte, cond = scope.cte, cat(frag(`u.id IN (`), scope.in(), frag(`)`))
	}
	var n int
	if err := queryOne(ctx, d, db, cat(with(cte), frag(`SELECT COUNT(*) FROM units u WHERE u.id = ?`, unitID), and(cond)), &n); err != nil {
		return err
	}
	if n == 0 {
		return canbo.Errork(canbo.ENOTFOUND, notFound, arg)
	}
	return nil
}

func actorName(ctx context.Context) string {
	if u := canbo.UserFromContext(ctx); u != nil {
		return u.Username
	}
	return "system"
}

func (tx *Tx) planningChange(ctx context.Context, d *DB, poolID, personID int64, action, note string) error {
	var person any
	if personID != 0 {
		person = personID
	}
	_, err := tx.exec(ctx, `INSERT INTO planning_changes (pool_id, person_id, at, action, note, actor) VALUES (?, ?, ?, ?, ?, ?)`,
		poolID, person, d.Now().Format(time.RFC3339), action, note, actorName(ctx))
	return mapError(err)
}

// CreatePool records a leadership post of a unit planned for a term, audited.
func (d *DB) CreatePool(ctx context.Context, p *canbo.PlanningPool) error {
	if _, _, ok := planning.ParseTerm(p.Term); !ok {
		return canbo.Invalid("term", "err.sqlstore.planning.term", p.Term)
	}
	p.Term = planning.NormalTerm(p.Term)
	title, err := validate.Text("title", p.Title, 200)
	if err != nil {
		return err
	}
	if title == "" {
		return canbo.Invalid("title", "err.sqlstore.planning.title")
	}
	p.Title = title
	if !slices.Contains(canbo.PlanningLevels, p.Level) {
		return canbo.Invalid("level", "err.sqlstore.planning.level", p.Level, strings.Join(canbo.PlanningLevels, ", "))
	}
	if p.Rank == 0 {
		p.Rank = planning.Rank(p.Title)
	}
	if p.Rank < 1 || p.Rank > 9 {
		return canbo.Invalid("rank", "err.sqlstore.planning.rank", p.Rank)
	}
	if p.Standards, err = validate.Text("standards", p.Standards, 4000); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := d.editableUnit(ctx, tx, "unit_id", p.UnitID, d.Now()); err != nil {
		return err
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM planning_pools WHERE unit_id = ? AND term = ? AND title = ?`, p.UnitID, p.Term, p.Title).Scan(&n); err != nil {
		return mapError(err)
	}
	if n > 0 {
		return canbo.Invalid("title", "err.sqlstore.planning.pool_exists", p.Title, p.Term).WithCode(canbo.ECONFLICT)
	}
	p.ID, err = tx.insert(ctx, `INSERT INTO planning_pools (unit_id, term, title, level, rank, standards, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		p.UnitID, p.Term, p.Title, p.Level, p.Rank, p.Standards, d.Now().Format(time.RFC3339))
	if err != nil {
		return mapError(err)
	}
	p.Version = 1
	if err := tx.planningChange(ctx, d, p.ID, 0, "create", p.Title); err != nil {
		return err
	}
	return tx.auditCommit(ctx, "planning.pool.create", "planning_pool", p.ID, nil, map[string]any{
		"unit_id": p.UnitID, "term": p.Term, "title": p.Title, "level": p.Level, "rank": p.Rank})
}

// poolRow reads a pool the caller sees.
func (d *DB) poolRow(ctx context.Context, db queryer, id int64) (*canbo.PlanningPool, error) {
	p := &canbo.PlanningPool{ID: id}
	err := queryOne(ctx, d, db, frag(`SELECT unit_id, term, title, level, rank, standards, version FROM planning_pools WHERE id = ?`, id),
		&p.UnitID, &p.Term, &p.Title, &p.Level, &p.Rank, &p.Standards, &p.Version)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.planning.pool_notfound", id)
	} else if err != nil {
		return nil, mapError(err)
	}
	if err := d.visibleUnit(ctx, db, p.UnitID, "err.sqlstore.planning.pool_notfound", id); err != nil {
		return nil, err
	}
	return p, nil
}

// personFacts reads what the planning checks need of a person: name parts, birth, sex, posts
// held on the day and recorded disciplines (whatever the caller's grants: a refusal names the
// rule, not the record).
type personFacts struct {
	name, family, middle, given, birth, ethnicity string
	sex                                           canbo.Sex
	held                                          []planning.Held
	disc                                          []planning.Discipline
}

func (d *DB) personFacts(ctx context.Context, db queryer, id int64, on string) (*personFacts, error) {
	f := &personFacts{}
	err := queryOne(ctx, d, db, frag(`SELECT full_name, family_name, middle_name, given_name, birth_date, sex, ethnicity FROM people WHERE id = ?`, id),
		&f.name, &f.family, &f.middle, &f.given, &f.birth, &f.sex, &f.ethnicity)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.person.notfound")
	} else if err != nil {
		return nil, mapError(err)
	}
	rows, err := db.QueryContext(ctx, d.dialect.rebind(`SELECT unit_id, title FROM posts WHERE person_id = ? AND valid_from <= ? AND valid_to > ?`), id, on, on)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var h planning.Held
		if err := rows.Scan(&h.UnitID, &h.Title); err != nil {
			return nil, err
		}
		f.held = append(f.held, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	drows, err := db.QueryContext(ctx, d.dialect.rebind(`SELECT date_from, details FROM person_entries WHERE person_id = ? AND kind = ?`), id, canbo.EntryDiscipline)
	if err != nil {
		return nil, mapError(err)
	}
	defer drows.Close()
	for drows.Next() {
		var from, details string
		if err := drows.Scan(&from, &details); err != nil {
			return nil, err
		}
		var m map[string]string
		_ = json.Unmarshal([]byte(details), &m)
		dt, err := vn.ParseDate(from)
		if err != nil || dt.IsZero() {
			continue
		}
		f.disc = append(f.disc, planning.Discipline{Level: remind.DisciplineLevel(m[canbo.DetailLevel]), On: dt.First()})
	}
	return f, drows.Err()
}

func (f *personFacts) candidate() (planning.Candidate, error) {
	b, err := vn.ParseDate(f.birth)
	if err != nil || b.IsZero() {
		return planning.Candidate{}, canbo.Invalid("person_id", "err.sqlstore.planning.no_birth", f.name)
	}
	return planning.Candidate{Name: f.name, Birth: b, Sex: f.sex, Held: f.held, Disciplines: f.disc}, nil
}

// AddPoolCandidate proposes a person for a pool on c.From, after the checks of §planning
// (package planning) with the rule version in force that day; audited. A refusal names the
// rule and writes nothing.
func (d *DB) AddPoolCandidate(ctx context.Context, c *canbo.PoolCandidate) error {
	from, err := validate.RequiredDay("from", "word.planning_from", c.From)
	if err != nil {
		return err
	}
	for _, s := range []*string{&c.Document.Number, &c.Document.Issuer} {
		if *s, err = validate.Text("document", *s, 200); err != nil {
			return err
		}
	}
	set, err := d.RuleSet(ctx)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	pool, err := d.poolRow(ctx, tx, c.PoolID)
	if err != nil {
		return err
	}
	if _, err := d.editableUnit(ctx, tx, "unit_id", pool.UnitID, d.Now()); err != nil {
		return err
	}
	if c.PersonID == 0 {
		return canbo.Invalid("person_id", "err.sqlstore.planning.person")
	}
	if err := d.editablePerson(ctx, tx, c.PersonID); err != nil {
		return err
	}
	f, err := d.personFacts(ctx, tx, c.PersonID, day(from))
	if err != nil {
		return err
	}
	cand, err := f.candidate()
	if err != nil {
		return err
	}
	active := frag(`status <> ?`, canbo.CandidateRemoved)
	count := func(q fragment) (int, error) {
		s, args := q.bind(d.dialect)
		var n int
		err := tx.QueryRowContext(ctx, s, args...).Scan(&n)
		return n, mapError(err)
	}
	var n int
	if n, err = count(cat(frag(`SELECT COUNT(*) FROM planning_candidates WHERE pool_id = ? AND person_id = ? AND `, pool.ID, c.PersonID), active)); err != nil {
		return err
	}
	cand.InPool = n > 0
	if cand.PoolCount, err = count(cat(frag(`SELECT COUNT(*) FROM planning_candidates WHERE pool_id = ? AND person_id <> ? AND `, pool.ID, c.PersonID), active)); err != nil {
		return err
	}
	if cand.LevelPools, err = count(cat(frag(`SELECT COUNT(DISTINCT c.pool_id) FROM planning_candidates c JOIN planning_pools p ON p.id = c.pool_id
		WHERE c.person_id = ? AND p.level = ? AND p.term = ? AND p.id <> ? AND c.`, c.PersonID, pool.Level, pool.Term, pool.ID), active)); err != nil {
		return err
	}
	if n, err = count(frag(`SELECT COUNT(*) FROM planning_candidates WHERE person_id = ? AND status = ?`, c.PersonID, canbo.CandidateAppointment)); err != nil {
		return err
	}
	cand.Appointment = n > 0
	if err := planning.Check(set, planning.Pool{ID: pool.ID, UnitID: pool.UnitID, Title: pool.Title, Level: pool.Level, Rank: pool.Rank, Term: pool.Term}, cand, from); err != nil {
		return err
	}
	c.Status, c.From, c.FullName = canbo.CandidateProposed, day(from), f.name
	c.ID, err = tx.insert(ctx, `INSERT INTO planning_candidates (pool_id, person_id, status, valid_from, doc_number, doc_date, doc_issuer) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		pool.ID, c.PersonID, c.Status, c.From, c.Document.Number, isoOrEmpty(c.Document.Date), c.Document.Issuer)
	if err != nil {
		return mapError(err)
	}
	if err := tx.planningChange(ctx, d, pool.ID, c.PersonID, "propose", c.Document.Number); err != nil {
		return err
	}
	return tx.auditCommit(ctx, "planning.candidate.add", "planning_pool", pool.ID, nil, map[string]any{
		"person_id": c.PersonID, "from": c.From, "document": c.Document.Number})
}

// changeCandidate moves an active candidate of a pool to a new status on a day, audited.
func (d *DB) changeCandidate(ctx context.Context, poolID, personID int64, on time.Time, action string, apply func(tx *Tx, id int64, status, from string) error) error {
	if on.IsZero() {
		return canbo.Invalid("on", "err.validate.entry.missing", locale.Word("word.planning_on"))
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	pool, err := d.poolRow(ctx, tx, poolID)
	if err != nil {
		return err
	}
	if _, err := d.editableUnit(ctx, tx, "unit_id", pool.UnitID, d.Now()); err != nil {
		return err
	}
	var id int64
	var status, from string
	err = tx.queryRow(ctx, `SELECT id, status, valid_from FROM planning_candidates WHERE pool_id = ? AND person_id = ? AND status <> ?`, poolID, personID, canbo.CandidateRemoved).
		Scan(&id, &status, &from)
	if err == sql.ErrNoRows {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.planning.candidate_notfound", personID)
	} else if err != nil {
		return mapError(err)
	}
	if day(on) < from {
		return canbo.Invalid("on", "err.sqlstore.planning.before_from", vn.FormatDay(on), vn.FormatDay(mustDay(from)))
	}
	if err := apply(tx, id, status, from); err != nil {
		return err
	}
	if err := tx.planningChange(ctx, d, poolID, personID, action, day(on)); err != nil {
		return err
	}
	return tx.auditCommit(ctx, "planning.candidate."+action, "planning_pool", poolID, map[string]any{"person_id": personID, "status": status},
		map[string]any{"person_id": personID, "on": day(on)})
}

func mustDay(s string) time.Time {
	t, _ := parseDay(s)
	return t
}

// ApprovePoolCandidate records the competent body's approval of a proposed candidate.
func (d *DB) ApprovePoolCandidate(ctx context.Context, poolID, personID int64, on time.Time, doc canbo.Document) error {
	if strings.TrimSpace(doc.Number) == "" {
		return canbo.Invalid("document.number", "err.sqlstore.planning.approval_doc")
	}
	return d.changeCandidate(ctx, poolID, personID, on, "approve", func(tx *Tx, id int64, status, _ string) error {
		if status != canbo.CandidateProposed {
			return canbo.Invalid("status", "err.sqlstore.planning.status", status).WithCode(canbo.ECONFLICT)
		}
		_, err := tx.exec(ctx, `UPDATE planning_candidates SET status = ?, approved_on = ?, approval_number = ?, approval_date = ?, approval_issuer = ? WHERE id = ?`,
			canbo.CandidateApproved, day(on), doc.Number, isoOrEmpty(doc.Date), doc.Issuer, id)
		return mapError(err)
	})
}

// ReviewPoolCandidate records the yearly review that keeps a candidate in the plan.
func (d *DB) ReviewPoolCandidate(ctx context.Context, poolID, personID int64, on time.Time) error {
	return d.changeCandidate(ctx, poolID, personID, on, "review", func(tx *Tx, id int64, _, _ string) error {
		_, err := tx.exec(ctx, `UPDATE planning_candidates SET reviewed_on = ? WHERE id = ?`, day(on), id)
		return mapError(err)
	})
}

// RemovePoolCandidate takes a candidate out of the plan with a reason.
func (d *DB) RemovePoolCandidate(ctx context.Context, poolID, personID int64, on time.Time, reason string) error {
	reason, err := validate.Text("reason", reason, 500)
	if err != nil {
		return err
	}
	if reason == "" {
		return canbo.Invalid("reason", "err.sqlstore.planning.reason")
	}
	return d.changeCandidate(ctx, poolID, personID, on, "remove", func(tx *Tx, id int64, _, _ string) error {
		_, err := tx.exec(ctx, `UPDATE planning_candidates SET status = ?, removed_on = ?, removal_reason = ? WHERE id = ?`, canbo.CandidateRemoved, day(on), reason, id)
		return mapError(err)
	})
}

// ProposeAppointment marks an approved candidate as proposed for appointment to the post. The
// proposal may not be made on the day the person was planned (§planning: planning is not done
// at the same time as proposing the appointment).
func (d *DB) ProposeAppointment(ctx context.Context, poolID, personID int64, on time.Time) error {
	return d.changeCandidate(ctx, poolID, personID, on, "appointment", func(tx *Tx, id int64, status, from string) error {
		if status != canbo.CandidateApproved {
			return canbo.Invalid("status", "err.sqlstore.planning.status", status).WithCode(canbo.ECONFLICT)
		}
		if day(on) == from {
			return canbo.Invalid("on", "err.sqlstore.planning.same_day", vn.FormatDay(on))
		}
		_, err := tx.exec(ctx, `UPDATE planning_candidates SET status = ?, appointment_on = ? WHERE id = ?`, canbo.CandidateAppointment, day(on), id)
		return mapError(err)
	})
}

// Pool returns a pool with its holders and candidates as of day on (removed ones included,
// last), each active candidate's removals due, and the composition of the active ones at the
// start of the term.
func (d *DB) Pool(ctx context.Context, id int64, on time.Time) (*canbo.PlanningPool, error) {
	set, err := d.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	p, err := d.poolRow(ctx, d.db, id)
	if err != nil {
		return nil, err
	}
	if err := d.fillPool(ctx, set, p, on); err != nil {
		return nil, err
	}
	return p, nil
}

func (d *DB) fillPool(ctx context.Context, set *rules.Set, p *canbo.PlanningPool, on time.Time) (err error) {
	if on.IsZero() {
		on = d.Now()
	}
	if p.UnitName, err = d.unitName(ctx, d.db, p.UnitID, on); err != nil {
		return err
	}
	// Holders are those of the pool's own title in the unit that day.
	p.Holders = nil
	hr, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT x.person_id, p.full_name, x.valid_from, x.title FROM posts x JOIN people p ON p.id = x.person_id
		WHERE x.unit_id = ? AND x.valid_from <= ? AND x.valid_to > ? ORDER BY x.valid_from`), p.UnitID, day(on), day(on))
	if err != nil {
		return mapError(err)
	}
	for hr.Next() {
		var h canbo.PostHolder
		var title string
		if err := hr.Scan(&h.PersonID, &h.FullName, &h.From, &title); err != nil {
			hr.Close()
			return err
		}
		if vn.Fold(strings.ToLower(title)) == vn.Fold(strings.ToLower(p.Title)) {
			p.Holders = append(p.Holders, h)
		}
	}
	hr.Close()
	crows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT c.id, c.person_id, p.full_name, p.birth_date, p.sex, p.ethnicity, c.status, c.valid_from,
		c.doc_number, c.doc_date, c.doc_issuer, c.approved_on, c.approval_number, c.approval_date, c.approval_issuer, c.reviewed_on, c.removed_on, c.removal_reason
		FROM planning_candidates c JOIN people p ON p.id = c.person_id WHERE c.pool_id = ? ORDER BY CASE WHEN c.status = ? THEN 1 ELSE 0 END, p.sort_key, c.id`), p.ID, canbo.CandidateRemoved)
	if err != nil {
		return mapError(err)
	}
	defer crows.Close()
	var members []planning.Member
	p.Candidates = nil
	ethnicities := map[int64]string{}
	for crows.Next() {
		c := canbo.PoolCandidate{PoolID: p.ID}
		var eth, docDate, apDate string
		if err := crows.Scan(&c.ID, &c.PersonID, &c.FullName, &c.BirthDate, &c.Sex, &eth, &c.Status, &c.From, &c.Document.Number, &docDate, &c.Document.Issuer,
			&c.ApprovedOn, &c.ApprovalDoc.Number, &apDate, &c.ApprovalDoc.Issuer, &c.ReviewedOn, &c.RemovedOn, &c.RemovalReason); err != nil {
			return err
		}
		c.Document.Date, _ = parseDay(docDate)
		c.ApprovalDoc.Date, _ = parseDay(apDate)
		ethnicities[c.PersonID] = eth
		p.Candidates = append(p.Candidates, c)
	}
	if err := crows.Err(); err != nil {
		return err
	}
	crows.Close()
	ethnicKnown := canSee(ctx, canbo.GrantBackground)
	for i := range p.Candidates {
		c := &p.Candidates[i]
		if c.Status == canbo.CandidateRemoved {
			continue
		}
		b, err := vn.ParseDate(c.BirthDate)
		if err != nil || b.IsZero() {
			continue
		}
		m := planning.Member{Birth: b, Sex: c.Sex}
		if ethnicKnown {
			m.Ethnicity = ethnicities[c.PersonID]
		}
		members = append(members, m)
		f, err := d.personFacts(ctx, d.db, c.PersonID, day(on))
		if err != nil {
			return err
		}
		cand, _ := f.candidate()
		if due, err := planning.Removals(set, cand, mustDay(c.From)); err == nil {
			c.Due = due
		}
	}
	start := planning.TermStart(set, p.Level, p.Term)
	pp, err := set.Planning(on)
	if err != nil {
		return err
	}
	p.Composition = planning.Compose(members, planning.PlanTargets(pp), start.FirstDay(), ethnicKnown)
	p.Warnings = nil
	if len(members) < pp.MinCandidatesPerPost {
		p.Warnings = append(p.Warnings, canbo.Say("planning.too_few", len(members), pp.MinCandidatesPerPost, pp.Source.Cite()))
	}
	p.Warnings = append(p.Warnings, p.Composition.Notes...)
	return nil
}

// Pools lists the pools of a unit's subtree (all visible units when unitID is 0) for a term
// (any when empty), filled as of day on.
func (d *DB) Pools(ctx context.Context, unitID int64, term string, on time.Time) ([]*canbo.PlanningPool, error) {
	set, err := d.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = d.Now()
	}
	today := day(d.Now())
	var ctes []fragment
	conds := []fragment{}
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), today); ok {
		ctes = append(ctes, scope.cte)
		conds = append(conds, cat(frag(`pp.unit_id IN (`), scope.in(), frag(`)`)))
	}
	if unitID != 0 {
		sub := subtreeOf(unitID, today)
		ctes = append(ctes, sub.cte)
		conds = append(conds, cat(frag(`pp.unit_id IN (`), sub.in(), frag(`)`)))
	}
	if term != "" {
		conds = append(conds, frag(`pp.term = ?`, planning.NormalTerm(term)))
	}
	q, args := cat(with(ctes...), frag(`SELECT pp.id FROM planning_pools pp WHERE 1 = 1`), and(conds...), frag(` ORDER BY pp.unit_id, pp.rank, pp.title, pp.id`)).bind(d.dialect)
	ids, err := queryIDs(ctx, d.db, q, args...)
	if err != nil {
		return nil, err
	}
	out := []*canbo.PlanningPool{}
	for _, id := range ids {
		p, err := d.poolRow(ctx, d.db, id)
		if err != nil {
			return nil, err
		}
		if err := d.fillPool(ctx, set, p, on); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PoolHistory lists every change of a pool, oldest first.
func (d *DB) PoolHistory(ctx context.Context, id int64) ([]canbo.PlanningChange, error) {
	if _, err := d.poolRow(ctx, d.db, id); err != nil {
		return nil, err
	}
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT c.at, c.action, COALESCE(c.person_id, 0), COALESCE(p.full_name, ''), c.note
		FROM planning_changes c LEFT JOIN people p ON p.id = c.person_id WHERE c.pool_id = ? ORDER BY c.id`), id)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []canbo.PlanningChange
	for rows.Next() {
		var c canbo.PlanningChange
		var at string
		if err := rows.Scan(&at, &c.Action, &c.PersonID, &c.FullName, &c.Note); err != nil {
			return nil, err
		}
		c.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// PlanningDue lists the removals from the plan due in [from, to] for the pools the caller sees:
// the Nhắc việc items of §planning.
func (d *DB) PlanningDue(ctx context.Context, from, to time.Time) ([]canbo.RegistryDue, error) {
	pools, err := d.Pools(ctx, 0, "", d.Now())
	if err != nil {
		return nil, err
	}
	var out []canbo.RegistryDue
	for _, p := range pools {
		for _, c := range p.Candidates {
			if c.Status == canbo.CandidateRemoved {
				continue
			}
			for _, due := range c.Due {
				if due.Day.Before(day0(from)) || due.Day.After(to) {
					continue
				}
				out = append(out, canbo.RegistryDue{Kind: canbo.DuePlanningRemoval, Title: locale.Format("vi", "planning.due_title", c.FullName, p.Title),
					UnitName: p.UnitName, Due: due.Day, Path: "/planning/pools/" + strconv.FormatInt(p.ID, 10)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b canbo.RegistryDue) int { return a.Due.Compare(b.Due) })
	return out, nil
}

func day0(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
