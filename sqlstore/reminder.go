package sqlstore

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/remind"
	"canbo/rules"
	"canbo/vn"
)

var _ canbo.ReminderService = (*DB)(nil)

// reminderScope holds the WITH clauses and the person conditions every reminder query shares:
// the caller's scope and the unit filter, both as of the day asked, exactly as FindPeople
// applies them (a person is visible through a post or a party cell in the subtree that day).
type reminderScope struct {
	ctes []fragment
	// sets are the unit sets a person must be visible in: the scope, the subtree.
	sets []unitSet
	// unitConds restrict a post's own unit (x.unit_id) to the scope and the filter: a term-end
	// item is about one post, which must lie in what the caller sees.
	unitConds []fragment
	on        string
	// people, when few is set, are the people visible through every set, read once: one set
	// holds few people (a ward, not the city: placedPeople), so its people drive each kind's
	// query by person, where a kind's date index would walk the whole city's candidates and
	// test each one's visibility, and where each statement would list them again.
	few    bool
	people []string
	// seen, when set, holds the people visible through every set, read once on PostgreSQL
	// when no set is small but one is no larger than a city (seenUnits): each kind's rows
	// are then read by its date index alone and kept if their person is seen. PostgreSQL
	// tests a visibility condition on many candidates by hashing every post and party cell of
	// the set's units, again in each kind's statement (some 12 statements, each hashing the
	// city's 370,000 cells); SQLite probes each candidate's posts instead, and keeps the
	// condition.
	seen map[int64]bool
	// province, when set (SQLite), holds the people visible through every set as a JSON
	// array, read once when no set holds few people but one holds no more than a province
	// (provincePeople): each kind's date index drives as for everyone, and each candidate is
	// kept by a probe of the list (inProvince) rather than a walk from its posts and cells.
	province string
	// drives, with province, says the list is small against everyone (provinceDrives): the
	// people then drive the salary steps' pass, each one's entries read by person, as a few
	// people's do; driving is set for that statement.
	drives, driving bool
}

// seenUnits bounds, on PostgreSQL, the units of a set whose people are read once into
// reminderScope.seen: a city (14,000 units, 370,000 people, a few MB); a country's people
// would not fit a server's memory budget.
var seenUnits = 20000

// newReminderScope returns the caller's scope and the subtree under (0: none) as of the day on,
// with the plan: the people of the first set holding few people listed once (few), else, on
// SQLite, those of a set holding at most a province's people listed once (province), else, on
// PostgreSQL, those of a set of at most seenUnits units read once (seen), else each set tested
// on every candidate.
func (d *DB) newReminderScope(ctx context.Context, under int64, on string) (reminderScope, error) {
	s := reminderScope{on: on}
	scope, scoped := scopeUnits(canbo.ScopeFromContext(ctx), on)
	if scoped {
		s.sets = append(s.sets, scope)
		s.ctes = append(s.ctes, scope.cte)
	}
	if under != 0 {
		sub := subtreeOf(under, on)
		s.ctes = append(s.ctes, sub.cte)
		if scoped {
			// A subtree lying wholly in the scope (a ward asked by its officer, the city by a
			// city officer) makes the scope's condition follow from the subtree's: it is left
			// out rather than tested on every person.
			var outside bool
			if err := d.queryRow(ctx, cat(with(s.ctes...), frag(`SELECT EXISTS (SELECT 1 FROM (`), sub.in(), frag(`) t WHERE t.id NOT IN (`), scope.in(), frag(`))`)), &outside); err != nil {
				return s, err
			}
			if !outside {
				s.sets, s.ctes = nil, []fragment{sub.cte}
			}
		}
		s.sets = append(s.sets, sub)
	}
	for _, set := range s.sets {
		s.unitConds = append(s.unitConds, cat(frag(`x.unit_id IN (`), set.in(), frag(`)`)))
	}
	for i, set := range s.sets {
		n, err := d.placedPeople(ctx, s.ctes, set, on, subtreePeople)
		if err != nil {
			return s, err
		}
		if n > subtreePeople {
			continue
		}
		err = d.visiblePeople(ctx, s, i, 0, func(id int64) { s.people = append(s.people, strconv.FormatInt(id, 10)) })
		s.few = true
		return s, err
	}
	if d.engine != Postgres {
		var err error
		s.province, s.drives, err = d.provinceList(ctx, s)
		return s, err
	}
	listed := -1 // the set whose people are read into seen
	for i, set := range s.sets {
		n := len(set.list)
		if set.list == nil {
			if err := d.queryRow(ctx, cat(with(s.ctes...), frag(`SELECT COUNT(*) FROM (`), set.in(), frag(` LIMIT ?) t`, seenUnits+1)), &n); err != nil {
				return s, err
			}
		}
		if n <= seenUnits {
			listed = i
			break
		}
	}
	if listed < 0 {
		return s, nil
	}
	s.seen = map[int64]bool{}
	err := d.visiblePeople(ctx, s, listed, 0, func(id int64) { s.seen[id] = true })
	return s, err
}

// visiblePeople hands fn the people of s's set i visible through its other sets as well, at
// most limit of them (0: all).
func (d *DB) visiblePeople(ctx context.Context, s reminderScope, i, limit int, fn func(id int64)) error {
	var conds []fragment
	for j, other := range s.sets {
		if j != i {
			conds = append(conds, visibleIn("t.person_id", other, s.on))
		}
	}
	q := cat(with(s.ctes...), frag(`SELECT t.person_id FROM (`), peopleIn(s.sets[i], s.on), frag(`) t WHERE 1 = 1`), and(conds...))
	if limit > 0 {
		q = cat(q, frag(` LIMIT ?`, limit))
	}
	sql, args := q.bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		fn(id)
	}
	return rows.Err()
}

// queryRow runs a statement answering one row into dest.
func (d *DB) queryRow(ctx context.Context, q fragment, dest ...any) error {
	sql, args := q.bind(d.dialect)
	return d.db.QueryRowContext(ctx, sql, args...).Scan(dest...)
}

// query assembles a statement: the WITH clauses, then body with the scope's person conditions
// and extra appended (body must end in a WHERE clause), about the person whose id is the column
// person.
func (s reminderScope) query(person string, body fragment, extra ...fragment) fragment {
	var conds []fragment
	switch {
	case s.few && len(s.people) == 0:
		conds = append(conds, frag(`1 = 0`))
	case s.few:
		// The ids are numbers read from the database, not user input: written inline, they
		// cost no bound parameters, of which a statement may have only so many.
		conds = append(conds, frag(person+` IN (`+strings.Join(s.people, ",")+`)`))
	case s.province != "":
		conds = append(conds, inProvince(person, s.province, s.driving))
	case s.seen != nil:
		// each keeps the rows of the people seen.
	default:
		for _, set := range s.sets {
			conds = append(conds, visibleIn(person, set, s.on))
		}
	}
	return cat(with(s.ctes...), body, and(append(conds, extra...)...))
}

// personUnit is the unit a reminder shows for a person p on the day: the primary (else any) post
// held that day, else the party cell.
func personUnit(on string) fragment {
	return cat(frag(`COALESCE((SELECT x.unit_id FROM posts x WHERE x.person_id = p.id AND `), validOn("x", on), frag(`
		ORDER BY x.is_primary DESC, x.valid_from DESC, x.id LIMIT 1),
	(SELECT c.cell_id FROM party_cells c WHERE c.person_id = p.id AND `), validOn("c", on), frag(`
		ORDER BY c.temporary, c.valid_from DESC, c.id LIMIT 1), 0)`))
}

type remindRow struct {
	canbo.Reminder
	key []byte
	// postUnit is set when UnitID is the item's own post (terms); other items show the person's
	// unit, looked up only for the items returned.
	postUnit bool
	// explain, when set, gives the title, reason and source: written only for the items
	// returned, since a city's list counts tens of thousands and shows fifty.
	explain func() (title string, reason canbo.Words, source string)
}

// Reminders lists the items due in [f.From, f.To] for the people the caller sees, with counts
// per kind. SQL narrows each kind's candidates by a date window wide enough for every rule
// version (birth dates for retirements, admission for probation, entry dates for salary steps,
// disciplines and secondments, appointment titles for terms); the rules package then decides
// each candidate exactly, with the rule set in force (RuleSet). Discipline items need the
// discipline grant: asked for without it, the answer is forbidden; asked for all kinds, they are
// left out.
func (d *DB) Reminders(ctx context.Context, f canbo.ReminderFilter) (*canbo.Reminders, error) {
	if f.AsOf.IsZero() {
		f.AsOf = d.Now()
	}
	switch {
	case f.From.IsZero():
		return nil, canbo.Invalid("from", "err.sqlstore.reminder.from")
	case f.To.IsZero():
		return nil, canbo.Invalid("to", "err.sqlstore.reminder.to")
	case f.To.Before(f.From):
		return nil, canbo.Invalid("to", "err.sqlstore.reminder.to_before_from", vn.FormatDay(f.To), vn.FormatDay(f.From))
	case f.To.Sub(f.From) > canbo.MaxReminderDays*24*time.Hour:
		return nil, canbo.Invalid("to", "err.sqlstore.reminder.range_long", canbo.MaxReminderDays)
	}
	kinds := map[canbo.ReminderKind]bool{}
	for _, k := range f.Kinds {
		if !k.Valid() {
			return nil, canbo.Invalid("kind", "err.sqlstore.reminder.kind", k)
		}
		if c := k.Class(); c != "" && !canSee(ctx, c) {
			return nil, canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.reminder.forbidden")
		}
		kinds[k] = true
	}
	if len(kinds) == 0 {
		for _, k := range canbo.ReminderKinds {
			if c := k.Class(); c == "" || canSee(ctx, c) {
				kinds[k] = true
			}
		}
	}
	set, err := d.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	rc := &reminderRun{d: d, ctx: ctx, f: f, kinds: kinds, eng: remind.New(set, rules.DefaultCalendar(), f.AsOf),
		from: dayOf(f.From), to: dayOf(f.To), on: day(f.AsOf)}
	if rc.scope, err = d.newReminderScope(ctx, f.Under, rc.on); err != nil {
		return nil, mapError(err)
	}
	// The salary steps, the longest list, are read on a second connection beside the other
	// kinds, with an engine of their own (an engine caches, so it is not shared between
	// goroutines); their rows join the others before the sort.
	sal := *rc
	sal.eng, sal.rows = remind.New(set, rules.DefaultCalendar(), f.AsOf), nil
	salErr := make(chan error, 1)
	go func() { salErr <- sal.salarySteps() }()
	var err1 error
	for _, step := range []func() error{rc.retirements, rc.terms, rc.probations, rc.secondments, rc.disciplines} {
		if err1 = step(); err1 != nil {
			break
		}
	}
	if err := cmp.Or(<-salErr, err1); err != nil {
		return nil, mapError(err)
	}
	rc.rows = append(rc.rows, sal.rows...)
	return rc.result()
}

func dayOf(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

// reminderRun is one Reminders call: the filter, the engine and the rows found so far.
type reminderRun struct {
	d        *DB
	ctx      context.Context
	f        canbo.ReminderFilter
	kinds    map[canbo.ReminderKind]bool
	eng      *remind.Engine
	scope    reminderScope
	from, to time.Time
	on       string
	rows     []remindRow
}

func (rc *reminderRun) wants(ks ...canbo.ReminderKind) bool {
	for _, k := range ks {
		if rc.kinds[k] {
			return true
		}
	}
	return false
}

// add keeps an item if its kind was asked for and its due day lies in the range.
func (rc *reminderRun) add(base remindRow, kind canbo.ReminderKind, due, event time.Time, title string, reason canbo.Words, source string) {
	if !rc.kinds[kind] || !remind.InRange(due, rc.from, rc.to) {
		return
	}
	r := base
	r.Kind, r.Due, r.Event, r.Title, r.Reason, r.Words, r.Source = kind, due, event, title, reason.Local("vi"), reason, source
	rc.rows = append(rc.rows, r)
}

// addLazy is add with the texts written by explain, when the item is returned.
func (rc *reminderRun) addLazy(base remindRow, kind canbo.ReminderKind, due, event time.Time, explain func() (string, canbo.Words, string)) {
	if !rc.kinds[kind] || !remind.InRange(due, rc.from, rc.to) {
		return
	}
	r := base
	r.Kind, r.Due, r.Event, r.explain = kind, due, event, explain
	rc.rows = append(rc.rows, r)
}

// each runs a query whose first column is the person's id, and hands every row to fn with the
// other columns scanned into extra. Names and units are read later, for the items returned only.
func (rc *reminderRun) each(q fragment, extra []any, fn func(remindRow) error) error {
	sql, args := q.bind(rc.d.dialect)
	rows, err := rc.d.db.QueryContext(rc.ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r remindRow
		if err := rows.Scan(append([]any{&r.PersonID}, extra...)...); err != nil {
			return err
		}
		if rc.scope.seen != nil && !rc.scope.seen[r.PersonID] {
			continue
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// retirements lists retirement notices, decisions and retirements of people in service — holding
// a post at some time from the earlier of the day asked and the range start to the range end —
// born, for each sex, in the window that the retirement ages of every version allow in the years
// concerned (a few months for a quarter's horizon).
func (rc *reminderRun) retirements() error {
	if !rc.wants(canbo.RemindRetirementNotice, canbo.RemindRetirementDecision, canbo.RemindRetirement) {
		return nil
	}
	_, _, notice := remind.RetirementAges(rc.eng.Set, canbo.Male, rc.from.Year(), rc.from.Year())
	// The retirement time (the end of a month) lies in [from, to + notice months]: a month of
	// slack on each side covers the month ends.
	first, last := rc.from.AddDate(0, -1, 0), rc.to.AddDate(0, notice+1, 0)
	since := rc.from
	if asOf := dayOf(rc.f.AsOf); asOf.Before(since) {
		since = asOf
	}
	for _, sex := range []canbo.Sex{canbo.Male, canbo.Female} {
		minAge, maxAge, _ := remind.RetirementAges(rc.eng.Set, sex, first.Year(), last.Year())
		q := rc.retirementQuery(sex, first.AddDate(0, -maxAge-1, 0), last.AddDate(0, 1-minAge, 0), since)
		var birth string
		err := rc.each(q, []any{&birth}, func(r remindRow) error {
			res, err := rc.eng.Retirement(birth, sex)
			if err != nil {
				return nil // no birth date, or one in the future: the profile explains it
			}
			src := res.Source.Cite()
			rc.add(r, canbo.RemindRetirementNotice, res.NoticeDate, res.Date, "", res.Words, src)
			rc.add(r, canbo.RemindRetirementDecision, res.DecisionDate, res.Date, "", res.Words, src)
			rc.add(r, canbo.RemindRetirement, res.Date, res.Date, "", res.Words, src)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// retirementQuery is retirements' statement for one sex: people born in [born, bornBy] holding
// a post at some time in [since, rc.to].
func (rc *reminderRun) retirementQuery(sex canbo.Sex, born, bornBy, since time.Time) fragment {
	people := `people p`
	if rc.scope.few {
		// The people listed inline drive, each read by id, as in entryQuery: told nothing,
		// SQLite reads the birth window of people_retirement over the whole country and tests
		// each row against the list (on the nation file 60% of a ward's reminders' time).
		people += rc.d.dialect.notIndexed()
	}
	return rc.scope.query("p.id", frag(`SELECT p.id, p.birth_date FROM `+people+`
		WHERE p.sex = ? AND p.birth_first >= ? AND p.birth_first <= ?
		AND EXISTS (SELECT 1 FROM posts x WHERE x.person_id = p.id AND x.valid_from <= ? AND x.valid_to > ?)`,
		string(sex), day(born), day(bornBy), day(rc.to), day(since)))
}

// terms lists the ends of appointment terms and the re-appointment notices due in the range,
// for posts in the caller's scope (and under the unit asked) with an appointment title.
func (rc *reminderRun) terms() error {
	if !rc.wants(canbo.RemindTermEnd, canbo.RemindReappointNotice) {
		return nil
	}
	// The titles are narrowed by prefix (the prefixes hold no LIKE wildcards), as the dialect
	// can use the title index; the rules decide in Go.
	var like []fragment
	for _, p := range remind.AppointmentPrefixes() {
		like = append(like, rc.d.dialect.prefix("x.title", p))
	}
	// A notice falls at most about half a year before the end: the end lies before to + 1 year.
	limit := rc.to.AddDate(1, 0, 0)
	body := cat(frag(`SELECT p.id, x.unit_id, x.title, x.valid_from, x.valid_to FROM posts x JOIN people p ON p.id = x.person_id
		WHERE x.valid_from <= ? AND x.valid_to >= ? AND (`, day(rc.to), day(rc.from)), join(" OR ", like), frag(`)`))
	var unit int64
	var title, vf, vt string
	return rc.each(rc.scope.query("p.id", body, rc.scope.unitConds...), []any{&unit, &title, &vf, &vt}, func(r remindRow) error {
		r.UnitID, r.postUnit = unit, true
		if !remind.AppointedTitle(title) {
			return nil
		}
		from, err := parseDay(vf)
		if err != nil {
			return err
		}
		to, err := parseDay(vt)
		if err != nil {
			return err
		}
		terms, err := rc.eng.Terms(from, to, rc.from, limit)
		if err != nil {
			return err
		}
		title := title
		for _, t := range terms {
			explain := func() (string, canbo.Words, string) {
				return title, t.Explain(rc.eng.Cal), t.Params.Source.Cite()
			}
			rc.addLazy(r, canbo.RemindTermEnd, t.LastDay(), t.LastDay(), explain)
			rc.addLazy(r, canbo.RemindReappointNotice, t.Notice, t.LastDay(), explain)
		}
		return nil
	})
}

// entryCols reads the entry fields a rule needs.
const entryCols = `e.id, e.date_from, e.date_to, e.title, e.details`

// entryRows reads the entries of a kind whose dateCol lies in [lo, hi] and meet extra, with
// their people, for the people the caller sees. index names the index SQLite must use, when its
// planner would not see that a partial index holds far fewer rows.
func (rc *reminderRun) entryRows(kind, dateCol string, lo, hi time.Time, extra fragment, index string, fn func(remindRow, canbo.Entry) error) error {
	var e canbo.Entry
	var details string
	return rc.each(rc.entryQuery(kind, dateCol, lo, hi, extra, index), []any{&e.ID, &e.From, &e.To, &e.Title, &details}, func(r remindRow) error {
		e.Kind, e.PersonID, e.Details = kind, r.PersonID, nil
		if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
			return nil // unreadable details: no rule applies
		}
		return fn(r, e)
	})
}

// entryQuery is entryRows' statement.
func (rc *reminderRun) entryQuery(kind, dateCol string, lo, hi time.Time, extra fragment, index string) fragment {
	if index == "" && (rc.scope.few || rc.scope.driving) {
		// The people listed inline drive, each one's entries of the kind looked up by person:
		// told nothing, SQLite reads the kind-and-date index over the whole country's window
		// and tests each entry against the list — on the nation file 10.5 s for a ward's
		// 5,613 people (the window of salary entries holds everyone's), where this index
		// reads each listed person's few entries. PostgreSQL needs no telling.
		index = "person_entries_latest"
	}
	from := `person_entries e`
	if index != "" {
		from += rc.d.dialect.indexed(index)
	}
	body := frag(`SELECT e.person_id, `+entryCols+` FROM `+from+`
		WHERE e.kind = ? AND e.`+dateCol+` >= ? AND e.`+dateCol+` <= ?`, kind, day(lo), day(hi))
	// extra comes after the scope's condition: SQLite tests a row's conditions in the order
	// written (those with a correlated subquery last), and a province's list (inProvince) turns
	// away 95% of the country's rows before a JSON field is read.
	return rc.scope.query("e.person_id", body, extra)
}

// extendedSalary marks the salary entries whose wait was extended (the details hold
// extra_months: details are JSON written by encoding/json, so the quoted key appears exactly
// then). It is the WHERE clause of a partial index, written identically here so that both engines
// use the index.
const extendedSalary = `e.kind = 'salary' AND e.details LIKE '%"extra_months"%'`

// notDoneEvaluation marks the evaluations of a year not done (the last of canbo.EvaluationCodes):
// the WHERE clause of a partial index (person_entries_not_done), written identically here so
// that both engines use it. The code is a constant, not user input.
func notDoneEvaluation(dl dialect) string {
	return `e.kind = '` + canbo.EntryEvaluation + `' AND ` + dl.jsonText("e.details", canbo.DetailLevel) + ` = '` + canbo.EvaluationCodes[len(canbo.EvaluationCodes)-1] + `'`
}

// salarySteps lists regular step raises due in the range, from each person's latest salary
// entry. Without an extension the raise comes the class interval after the entry, so each class
// has a window of entry dates as narrow as the range; entries with an extension (a partial
// index holds them) are read over the widest window.
func (rc *reminderRun) salarySteps() error {
	if !rc.kinds[canbo.RemindSalaryStep] {
		return nil
	}
	intervals := map[rules.GradeClass][2]int{} // class → shortest, longest interval of any version
	minM, maxM := 1<<30, 0
	for _, v := range rc.eng.Set.SalaryStepVersions {
		for c, m := range v.Months {
			iv, ok := intervals[c]
			if !ok {
				iv = [2]int{m, m}
			}
			intervals[c] = [2]int{min(iv[0], m), max(iv[1], m)}
			minM, maxM = min(minM, m), max(maxM, m)
		}
	}
	if maxM == 0 {
		return nil
	}
	latest := `NOT EXISTS (SELECT 1 FROM person_entries e2 WHERE e2.person_id = e.person_id AND e2.kind = e.kind
		AND (e2.date_from > e.date_from OR (e2.date_from = e.date_from AND e2.id > e.id)))`
	// Disciplines and "not done" years extend a step's wait (few people have any): they are
	// read first, and those people's latest steps are read apart, over the widest window.
	oldest := rc.from.AddDate(0, -maxM-remind.MaxExtraMonths-1, 0)
	waits := map[int64][]canbo.Entry{}
	keep := func(r remindRow, e canbo.Entry) error {
		waits[r.PersonID] = append(waits[r.PersonID], e)
		return nil
	}
	// Only entries the caller may see count, as on the profile, so both show the same day.
	if canSee(rc.ctx, canbo.EntryClass(canbo.EntryDiscipline)) {
		if err := rc.entryRows(canbo.EntryDiscipline, "date_from", oldest, rc.to, fragment{}, "", keep); err != nil {
			return err
		}
	}
	if canSee(rc.ctx, canbo.EntryClass(canbo.EntryEvaluation)) {
		// A few people's evaluations are read by person; others' from the index of those not
		// done, whose condition the statement must state as written there.
		notDone, index := frag(notDoneEvaluation(rc.d.dialect)), "person_entries_not_done"
		if rc.scope.few {
			index = ""
		}
		if err := rc.entryRows(canbo.EntryEvaluation, "date_from", oldest, rc.to, notDone, index, keep); err != nil {
			return err
		}
	}
	step := func(r remindRow, e canbo.Entry) error {
		if due, err := rc.eng.SalaryDue(e, waits[r.PersonID]); err == nil {
			rc.addLazy(r, canbo.RemindSalaryStep, due, due, func() (string, canbo.Words, string) {
				_, title, reason, src, _ := rc.eng.SalaryStep(e, waits[r.PersonID])
				return title.Local("vi"), reason, src
			})
		}
		return nil
	}
	plain := step
	step = func(r remindRow, e canbo.Entry) error {
		if _, ok := waits[r.PersonID]; ok {
			return nil // read below
		}
		return plain(r, e)
	}
	hi := rc.to.AddDate(0, 1-minM, 0)
	if rc.scope.few || rc.scope.drives {
		// A ward's people are few (a province's few against everyone): each one's latest
		// entry, of any class, extended or not, is read in one pass over them rather than one
		// per window below; the rules decide.
		rc.scope.driving = true
		err := rc.entryRows(canbo.EntrySalary, "date_from", time.Time{}, hi, frag(latest), "", step)
		rc.scope.driving = false
		if err != nil {
			return err
		}
	} else if err := rc.salaryWindows(intervals, oldest, hi, latest, step); err != nil {
		return err
	}
	if len(waits) == 0 {
		return nil
	}
	ids := make([]string, 0, len(waits))
	for id := range waits {
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	// The ids are numbers read from the database, not user input. They drive, by person, as
	// in entryRows: the window from the first day is every salary entry of the country.
	return rc.entryRows(canbo.EntrySalary, "date_from", time.Time{}, hi, frag(`e.person_id IN (`+strings.Join(ids, ",")+`) AND `+latest), "person_entries_latest", plain)
}

// salaryWindows reads the latest salary entries where a raise can fall in the range: per
// class, those without an extension dated the class's interval before it; those with one (a
// partial index holds them) from oldest to hi.
func (rc *reminderRun) salaryWindows(intervals map[rules.GradeClass][2]int, oldest, hi time.Time, latest string, step func(remindRow, canbo.Entry) error) error {
	class := `COALESCE(NULLIF(` + rc.d.dialect.jsonText("e.details", canbo.DetailGradeClass) + `, ''), '` + string(rules.University) + `')`
	for c, iv := range intervals {
		// A raise falls the interval after the entry, a few days earlier when the entry's day
		// does not exist in the raise's month (31/01 + 1 month = 28/02): a few days of slack.
		first, last := rc.from.AddDate(0, -iv[1], -4), rc.to.AddDate(0, -iv[0], 4)
		cond := frag(`NOT (`+extendedSalary+`) AND `+class+` = ? AND `+latest, string(c))
		if err := rc.entryRows(canbo.EntrySalary, "date_from", first, last, cond, "", step); err != nil {
			return err
		}
	}
	return rc.entryRows(canbo.EntrySalary, "date_from", oldest, hi, frag(extendedSalary+` AND `+latest), "person_entries_extended", step)
}

// probations lists probationary members whose probation ends in the range.
func (rc *reminderRun) probations() error {
	if !rc.kinds[canbo.RemindProbationEnd] {
		return nil
	}
	minM, maxM := 1<<30, 0
	for _, v := range rc.eng.Set.ProbationVersions {
		minM, maxM = min(minM, v.Months), max(maxM, v.Months)
	}
	if maxM == 0 {
		return nil
	}
	q := rc.scope.query("m.person_id", frag(`SELECT m.person_id, m.admitted_on FROM party_members m
		WHERE m.full_on = '' AND m.ended_on = '' AND m.admitted_on >= ? AND m.admitted_on <= ?`,
		day(rc.from.AddDate(0, -maxM-1, 0)), day(rc.to.AddDate(0, 1-minM, 0))))
	var admitted string
	return rc.each(q, []any{&admitted}, func(r remindRow) error {
		end, reason, src, err := rc.eng.ProbationEnd(admitted)
		if err == nil {
			rc.add(r, canbo.RemindProbationEnd, end, end, "", reason, src)
		}
		return nil
	})
}

// secondments lists secondments whose last day (the actual end once recorded) falls in the
// range; the item names the host.
func (rc *reminderRun) secondments() error {
	if !rc.kinds[canbo.RemindSecondmentEnd] {
		return nil
	}
	body := frag(`SELECT s.person_id, s.date_from, s.last_day, COALESCE((SELECT v.name FROM unit_versions v WHERE v.unit_id = s.to_unit_id
		AND v.valid_from <= s.date_from ORDER BY v.valid_from DESC LIMIT 1), s.host_name)
		FROM secondments s WHERE s.last_day >= ? AND s.last_day <= ?`, day(rc.from), day(rc.to))
	var sec canbo.Secondment
	return rc.each(rc.scope.query("s.person_id", body), []any{&sec.From, &sec.To, &sec.HostName}, func(r remindRow) error {
		if end, reason, ok := remind.SecondmentEnd(&sec); ok {
			rc.add(r, canbo.RemindSecondmentEnd, end, end, sec.HostName, reason, "")
		}
		return nil
	})
}

// disciplines lists the ends of the waits after discipline decisions, for callers granted the
// discipline class (Reminders has checked).
func (rc *reminderRun) disciplines() error {
	if !rc.kinds[canbo.RemindDisciplineEnd] || !canSee(rc.ctx, canbo.GrantDiscipline) {
		return nil
	}
	minM, maxM := 1<<30, 0
	for _, v := range rc.eng.Set.DisciplineVersions {
		for _, m := range v.WaitMonths {
			minM, maxM = min(minM, m), max(maxM, m)
		}
	}
	if maxM == 0 {
		return nil
	}
	return rc.entryRows(canbo.EntryDiscipline, "date_from", rc.from.AddDate(0, -maxM-13, 0), rc.to.AddDate(0, 1-minM, 0), fragment{}, "", func(r remindRow, e canbo.Entry) error {
		end, reason, src, err := rc.eng.DisciplineEnd(e)
		if err == nil {
			rc.add(r, canbo.RemindDisciplineEnd, end, end, e.Title, reason, src)
		}
		return nil
	})
}

// result counts the items per kind and keeps Limit of each by due day after the first Offset, then reads
// the names, birth dates and units of the people kept (the counts need none of it), and orders
// what it returns by due day, then the official order of names. Within the last due day kept,
// the cut falls by person id.
func (rc *reminderRun) result() (*canbo.Reminders, error) {
	order := map[canbo.ReminderKind]int{}
	for i, k := range canbo.ReminderKinds {
		order[k] = i
	}
	byDue := func(a, b remindRow) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		if c := bytes.Compare(a.key, b.key); c != 0 {
			return c
		}
		if a.PersonID != b.PersonID {
			return int(a.PersonID - b.PersonID)
		}
		if c := order[a.Kind] - order[b.Kind]; c != 0 {
			return c
		}
		return strings.Compare(a.Title, b.Title)
	}
	slices.SortFunc(rc.rows, byDue)
	out := &canbo.Reminders{Items: []canbo.Reminder{}, Counts: map[canbo.ReminderKind]int{}}
	for k := range rc.kinds {
		out.Counts[k] = 0
	}
	var kept []remindRow
	var ids []any
	seen := map[int64]bool{}
	for _, r := range rc.rows {
		out.Counts[r.Kind]++
		if n := out.Counts[r.Kind]; n > rc.f.Offset && (rc.f.Limit <= 0 || n <= rc.f.Offset+rc.f.Limit) {
			kept = append(kept, r)
			if !seen[r.PersonID] {
				seen[r.PersonID] = true
				ids = append(ids, r.PersonID)
			}
		}
	}
	people, err := rc.d.reminderPeople(rc.ctx, ids, rc.on)
	if err != nil {
		return nil, err
	}
	for i := range kept {
		r := &kept[i]
		if r.explain != nil {
			var reason canbo.Words
			r.Title, reason, r.Source = r.explain()
			r.Reason, r.Words = reason.Local("vi"), reason
		}
		p := people[r.PersonID]
		r.PersonName, r.BirthDate, r.key = p.name, p.birth, p.key
		if !r.postUnit {
			r.UnitID = p.unit
		}
	}
	slices.SortFunc(kept, byDue)
	for _, r := range kept {
		out.Items = append(out.Items, r.Reminder)
	}
	names, err := rc.d.unitNames(rc.ctx, out.Items, rc.on)
	if err != nil {
		return nil, err
	}
	for i := range out.Items {
		out.Items[i].UnitName = names[out.Items[i].UnitID]
	}
	if err := rc.d.readHandled(rc.ctx, out.Items); err != nil {
		return nil, err
	}
	return out, nil
}

// reminderPerson is what an item shows of its person.
type reminderPerson struct {
	name, birth string
	key         []byte
	unit        int64
}

// reminderPeople reads the people of the items kept, with the unit each shows on day on
// (personUnit), a few hundred at a time.
func (d *DB) reminderPeople(ctx context.Context, ids []any, on string) (map[int64]reminderPerson, error) {
	out := map[int64]reminderPerson{}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		q, args := cat(frag(`SELECT p.id, p.full_name, p.birth_date, p.sort_key, `), personUnit(on), frag(` FROM people p WHERE p.id IN (`), listOf(ids[:n]), frag(`)`)).bind(d.dialect)
		rows, err := d.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, mapError(err)
		}
		for rows.Next() {
			var id int64
			var p reminderPerson
			if err := rows.Scan(&id, &p.name, &p.birth, &p.key, &p.unit); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

// unitNames returns the names on day on of the units the items name, a few hundred at a time.
func (d *DB) unitNames(ctx context.Context, items []canbo.Reminder, on string) (map[int64]string, error) {
	names := map[int64]string{}
	var ids []any
	seen := map[int64]bool{}
	for _, it := range items {
		if it.UnitID != 0 && !seen[it.UnitID] {
			seen[it.UnitID] = true
			ids = append(ids, it.UnitID)
		}
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		q, args := cat(frag(`SELECT v.unit_id, v.name FROM unit_versions v WHERE `), validOn("v", on), frag(` AND v.unit_id IN (`), listOf(ids[:n]), frag(`)`)).bind(d.dialect)
		rows, err := d.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, mapError(err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			names[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return names, nil
}

// PersonFacts derives a profile's facts (retirement, months left, next salary step, the current
// term of each appointment, probation end) with the same computation as Reminders.
func (d *DB) PersonFacts(ctx context.Context, personID int64, on time.Time) (*canbo.PersonFacts, error) {
	p, err := d.FindPerson(ctx, personID)
	if err != nil {
		return nil, err
	}
	posts, entries, m, err := d.timeline(ctx, personID)
	if err != nil {
		return nil, err
	}
	set, err := d.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = d.Now()
	}
	return remind.New(set, rules.DefaultCalendar(), on).Facts(p, posts, m, entries), nil
}
