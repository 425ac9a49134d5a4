package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"strings"
	"sync"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/rules"
	"canbo/validate"
	"canbo/vn"
)

// importBatchRows is how many rows an import checks, matches and writes together: the stored
// people they name are found by a few IN queries, and the rows of the new people go out as
// multi-row INSERTs (bulkTable, as a load writes them) — one statement a row spent most of a
// 100,000-row import on PostgreSQL in round trips (docs/BENCHMARKS.md). Progress is reported
// once a batch.
const importBatchRows = 500

// importLookupKeys is the length of the IN list that finds stored people by identity number or
// staff code: fixed, so the statement is prepared once; NULLs pad the last list of a batch.
const importLookupKeys = 100

// importCacheKiB is SQLite's page cache during an import: smaller than a load's, because the
// import also holds every row of its file in memory, and 100,000 rows must stay under 1 GiB.
const importCacheKiB = 64 << 10

// ImportPeople writes the rows of an imported file in one transaction: every row or none
// (docs/DESIGN.md "Importing people"). Each row goes through the checks of CreatePerson and
// UpdatePerson — validate.Person, the birth bounds, the grants for sensitive fields, the
// caller's right to record people in the post's unit — and a refused row becomes a problem
// naming its sheet row and cell, while the rest of the file is still checked so that one dry
// run lists every problem. Any problem, or a dry run, rolls everything back.
//
// A row is matched to a stored person by identity number, else by staff code, so importing the
// same file again changes nothing: a match is updated with the fields the file fills (the file
// does not erase what it leaves empty), and counted unchanged when nothing differs and the
// person already holds the row's post. A match the caller does not see, or may not edit, is
// refused like a clash of identity numbers. The import is one audit event with its counts and
// the file's hash.
//
// Rows go a batch at a time: every check of a new person's row is made before its rows are
// queued, so a multi-row INSERT never fails on a row that should have been a problem; matched
// rows are updated one by one (the same file again is mostly lookups).
func (d *DB) ImportPeople(ctx context.Context, rows []canbo.ImportRow, opt canbo.ImportOptions) (*canbo.ImportResult, error) {
	if err := mayEditPeople(ctx); err != nil {
		return nil, err
	}
	res := &canbo.ImportResult{Rows: len(rows)}
	// A larger page cache and in-memory statement journals, as for a load: a 100,000-row import
	// otherwise spends a third of its time writing pages it writes again (docs/BENCHMARKS.md).
	conn, restore, err := d.bulkConn(ctx, importCacheKiB, true)
	if err != nil {
		return nil, err
	}
	defer restore()
	tx, err := d.beginOn(ctx, conn.BeginTx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	tx.cacheStatements()
	if q := d.dialect.pointLookups(); q != "" {
		if _, err := tx.exec(ctx, q); err != nil {
			return nil, mapError(err)
		}
	}
	in, err := newImporter(ctx, d, tx)
	if err != nil {
		return nil, mapError(err)
	}
	defer in.close()
	for start := 0; start < len(rows); start += importBatchRows {
		if err := ctx.Err(); err != nil {
			return nil, mapError(err)
		}
		end := min(start+importBatchRows, len(rows))
		if err := in.batch(ctx, rows[start:end], res); err != nil {
			return nil, mapError(err)
		}
		if opt.Progress != nil {
			opt.Progress(end, len(rows))
		}
	}
	if err := in.finish(ctx); err != nil {
		return nil, mapError(err)
	}
	if res.Errors > 0 || opt.DryRun {
		return res, nil
	}
	ae := &audit.Event{Action: "person.import", Entity: "import", EntityID: opt.Hash,
		After: audit.Redact(map[string]any{"file": opt.File, "sha256": opt.Hash, "rows": res.Rows, "imported": res.Imported, "updated": res.Updated, "unchanged": res.Unchanged})}
	if err := tx.audit(ctx, ae); err != nil {
		return nil, mapError(err)
	}
	if err := tx.commitAudit(ae); err != nil {
		return nil, err
	}
	res.Written = true
	return res, nil
}

// problemOf places a store refusal on the cell its field came from.
func problemOf(r *canbo.ImportRow, e *canbo.Error) canbo.ImportProblem {
	return canbo.ImportProblem{Sheet: r.Sheet, Row: r.Row, Cell: r.Cells[e.Field], Field: e.Field, Value: r.Values[e.Field],
		Message: e.Message, Key: e.Key, Args: e.Args}
}

type importer struct {
	d     *DB
	tx    *Tx
	now   time.Time
	rules *rules.Set     // read once: admission ages
	seen  map[string]int // "id:<number>" or "code:<code>" → the sheet row that had it first
	// units caches the checks that the caller may record people in a unit on a day. An error
	// that is not a refusal is never cached: it ends the import.
	units map[unitKey]unitResult
	ids   *personIDs

	// The rows of new people go to a writer goroutine a batch at a time, as a load's do: the
	// server inserts one batch while the next is checked. txMu keeps the transaction's
	// connection to one statement at a time; a row's own statements (lookups, updates, unit
	// checks) take it too.
	cur  [5][]any // people, person_words, posts, party_members, party_cells
	w    *asyncWriter[[5][]any]
	txMu sync.Mutex
	// The writer's tables: people first, since the other rows refer to them.
	people, words, posts, members, cells *bulkTable
}

func newImporter(ctx context.Context, d *DB, tx *Tx) (*importer, error) {
	set, err := d.sharedRules(ctx)
	if err != nil {
		return nil, err
	}
	in := &importer{d: d, tx: tx, now: d.Now(), rules: set, seen: map[string]int{}, units: map[unitKey]unitResult{}}
	if in.ids, err = newPersonIDs(ctx, d, tx); err != nil {
		return nil, err
	}
	in.people = &bulkTable{insert: `INSERT INTO people (id, version, ` + strings.Join(personCols, ", ") + `) VALUES `, cols: 2 + len(personCols), rows: bulkPeopleRows}
	in.words = &bulkTable{insert: wordsInsert, cols: 6, rows: bulkRows}
	in.posts = &bulkTable{insert: `INSERT INTO posts (` + postCols + `) VALUES `, cols: 10, rows: bulkRows}
	in.members = &bulkTable{insert: `INSERT INTO party_members (` + memberCols + `) VALUES `, cols: 7, rows: bulkRows}
	in.cells = &bulkTable{insert: cellsInsert, cols: 5, rows: bulkRows}
	for _, t := range in.tables() {
		if err := t.prepare(ctx, tx); err != nil {
			in.close()
			return nil, err
		}
	}
	in.w = startWriter(2, func(rows [5][]any) error {
		in.txMu.Lock()
		defer in.txMu.Unlock()
		for i, t := range in.tables() {
			t.buf = append(t.buf, rows[i]...)
		}
		return in.flush(ctx, false)
	})
	return in, nil
}

// finish queues the last rows, waits for the writer and writes what is left.
func (in *importer) finish(ctx context.Context) error {
	if err := in.send(); err != nil {
		return err
	}
	if err := in.w.finish(); err != nil {
		return err
	}
	return in.flush(ctx, true)
}

// send hands the rows of the batch's new people to the writer.
func (in *importer) send() error {
	if len(in.cur[0]) == 0 {
		return nil
	}
	err := in.w.send(in.cur)
	in.cur = [5][]any{}
	return err
}

// locked runs fn holding the transaction's connection.
func (in *importer) locked(fn func() error) error {
	in.txMu.Lock()
	defer in.txMu.Unlock()
	return fn()
}

func (in *importer) tables() []*bulkTable {
	return []*bulkTable{in.people, in.words, in.posts, in.members, in.cells}
}

func (in *importer) close() {
	if in.w != nil {
		in.w.finish()
	}
	in.ids.close()
	for _, t := range in.tables() {
		if t.stmt != nil {
			t.stmt.Close()
		}
	}
}

// flush writes the queued people, then every full statement of their other rows (with tail,
// the rest too).
func (in *importer) flush(ctx context.Context, tail bool) error {
	if err := in.people.flush(ctx, in.tx, true); err != nil {
		return err
	}
	for _, t := range in.tables()[1:] {
		if err := t.flush(ctx, in.tx, tail); err != nil {
			return err
		}
	}
	return nil
}

// batch checks, matches and writes a batch of rows, counting each row's outcome into res.
func (in *importer) batch(ctx context.Context, rows []canbo.ImportRow, res *canbo.ImportResult) error {
	if err := in.w.failure(); err != nil {
		return err
	}
	people := make([]canbo.Person, len(rows))
	errs := make([]error, len(rows))
	ids := make([]int64, len(rows))
	var numbers, codes []string
	for i := range rows {
		people[i], errs[i] = in.check(ctx, &rows[i])
		if errs[i] == nil && people[i].IdentityNumber != "" {
			numbers = append(numbers, people[i].IdentityNumber)
		}
	}
	var byNumber, byCode map[string][]int64
	err := in.locked(func() (err error) {
		byNumber, err = in.lookup(ctx, `SELECT identity_number, id FROM people WHERE identity_number IN (`, numbers)
		return err
	})
	if err != nil {
		return err
	}
	for i := range rows {
		if errs[i] != nil {
			continue
		}
		if found := byNumber[people[i].IdentityNumber]; len(found) > 0 {
			ids[i] = found[0]
		} else if people[i].StaffCode != "" {
			codes = append(codes, people[i].StaffCode)
		}
	}
	// "staff_code <> ''" lets both engines use the partial index people_staff_code: a bound
	// value alone does not prove the index's condition.
	err = in.locked(func() (err error) {
		byCode, err = in.lookup(ctx, `SELECT staff_code, id FROM people WHERE staff_code <> '' AND staff_code IN (`, codes)
		return err
	})
	if err != nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		outcome, err := "", errs[i]
		if err == nil && ids[i] == 0 && people[i].StaffCode != "" {
			// A code names one stored person, or the row is ambiguous.
			switch found := byCode[people[i].StaffCode]; {
			case len(found) > 1:
				err = canbo.Invalid("staff_code", "err.sqlstore.import.code_ambiguous", people[i].StaffCode)
			case len(found) == 1:
				ids[i] = found[0]
			}
		}
		if err == nil {
			if ids[i] == 0 {
				outcome, err = "created", in.create(ctx, &people[i], r.Post, r.Party)
			} else {
				err = in.locked(func() (err error) {
					outcome, err = in.update(ctx, r, &people[i], ids[i])
					return err
				})
			}
		}
		var ce *canbo.Error
		switch {
		case err == nil:
		case errors.As(err, &ce) && ce.Code != canbo.EINTERNAL:
			res.Errors++
			res.Problems = append(res.Problems, problemOf(r, ce))
			continue
		default:
			return err
		}
		switch outcome {
		case "created":
			res.Imported++
		case "updated":
			res.Updated++
		case "unchanged":
			res.Unchanged++
		}
	}
	return in.send()
}

// check makes the checks of a row that need no stored person: the grants for sensitive fields,
// validate.Person and the lists' codes, the birth bounds, and that no earlier row of the file
// had the same identity number or staff code. It returns the row's person, validated.
func (in *importer) check(ctx context.Context, r *canbo.ImportRow) (canbo.Person, error) {
	p := r.Person
	p.ID = 0
	if err := sensitiveGrants(ctx, &p); err != nil {
		return p, err
	}
	if err := validate.Person(&p, in.now); err != nil {
		return p, err
	}
	if err := validate.Codes(&p, nil); err != nil {
		return p, err
	}
	if err := checkBirthBounds(&p, in.now); err != nil {
		return p, err
	}
	for _, k := range []struct{ key, field, value string }{{"id:", "identity_number", p.IdentityNumber}, {"code:", "staff_code", p.StaffCode}} {
		if k.value == "" {
			continue
		}
		if first, ok := in.seen[k.key+k.value]; ok {
			return p, canbo.Invalid(k.field, "err.sqlstore.import.twice", k.value, first)
		}
		in.seen[k.key+k.value] = r.Row
	}
	return p, nil
}

// lookup returns the ids of the stored people whose column holds each of keys; q is the
// statement up to its IN list.
func (in *importer) lookup(ctx context.Context, q string, keys []string) (map[string][]int64, error) {
	found := map[string][]int64{}
	q += placeholders(importLookupKeys) + `)`
	args := make([]any, importLookupKeys)
	for start := 0; start < len(keys); start += importLookupKeys {
		for i := range args {
			args[i] = nil // NULL, which IN never matches
			if start+i < len(keys) {
				args[i] = keys[start+i]
			}
		}
		rows, err := in.tx.query(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var key string
			var id int64
			if err := rows.Scan(&key, &id); err != nil {
				rows.Close()
				return nil, err
			}
			found[key] = append(found[key], id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return found, nil
}

// update brings a stored person up to date with a row and says what it did: "updated" or
// "unchanged".
func (in *importer) update(ctx context.Context, r *canbo.ImportRow, p *canbo.Person, id int64) (string, error) {
	d, tx := in.d, in.tx
	stored, err := d.findPerson(ctx, tx, id, false)
	if err != nil {
		if same, err := in.recognise(ctx, r, p, id); err != nil || same {
			return "unchanged", err
		}
		// Someone the caller does not see already has this number: say so without naming them.
		return "", d.duplicateIdentity(ctx, tx, p, id)
	}
	if err := d.ownRecord(ctx, tx, id); err != nil {
		return "", err
	}
	merged := *stored
	overlay(&merged, p)
	if err := validate.Person(&merged, in.now); err != nil {
		return "", err
	}
	changed := !samePerson(&merged, stored)
	if changed {
		if err := d.writePerson(ctx, tx, &merged); err != nil {
			return "", err
		}
	}
	if r.Party != nil {
		party, err := in.party(ctx, id, merged.BirthDate, r.Party)
		if err != nil {
			return "", err
		}
		changed = changed || party
	}
	if r.Post != nil {
		held, err := in.holds(ctx, id, r.Post)
		if err != nil {
			return "", err
		}
		if !held {
			from, to, err := in.checkPost(ctx, r.Post)
			if err != nil {
				return "", err
			}
			post := *r.Post
			post.PersonID = id
			if err := writePost(ctx, tx, &post, from, to); err != nil {
				return "", err
			}
			changed = true
		}
	}
	if changed {
		return "updated", nil
	}
	return "unchanged", nil
}

// recognise tells whether a stored person the caller does not see today is the one the row
// describes, as an earlier import of the same row recorded them: seen through the row's own
// post on its first day (as a list dated then shows them) and differing in nothing the row
// gives. A row with only an ended post creates a person the officer no longer sees afterwards;
// without this, importing the same file again would report a clash of identity numbers. A row
// that would change such a record is refused: writes need today's visibility.
func (in *importer) recognise(ctx context.Context, r *canbo.ImportRow, p *canbo.Person, id int64) (bool, error) {
	if r.Post == nil || r.Party != nil {
		return false, nil
	}
	from, _, err := validate.Post(r.Post)
	if err != nil {
		return false, nil
	}
	stored, err := in.d.findPersonOn(ctx, in.tx, id, false, day(from))
	if err != nil {
		return false, nil // not seen then either: a clash
	}
	held, err := in.holds(ctx, id, r.Post)
	if err != nil {
		return false, err
	}
	merged := *stored
	overlay(&merged, p)
	if !held || !samePerson(&merged, stored) {
		field, value := "identity_number", p.IdentityNumber
		if value == "" {
			field, value = "staff_code", p.StaffCode
		}
		return false, canbo.Invalid(field, "err.sqlstore.import.not_current", value).WithCode(canbo.EFORBIDDEN)
	}
	return true, nil
}

// create queues a new person with the row's post and membership, every check made first: a
// person the caller will see through the row's post or party cell (both checked in the
// caller's scope), or, for system work, with neither.
func (in *importer) create(ctx context.Context, p *canbo.Person, post *canbo.Post, party *canbo.Membership) error {
	if !canbo.ScopeFromContext(ctx).All && post == nil && party == nil {
		return canbo.Invalid("post.unit_id", "err.sqlstore.import.no_unit")
	}
	var postRow []any
	var member *memberRow
	var id int64
	// The checks reach the connection only for a unit not checked yet, and for a block of ids.
	err := in.locked(func() error {
		if post != nil {
			from, to, err := in.checkPost(ctx, post)
			if err != nil {
				return err
			}
			postRow = postValues(post, from, to)
		}
		if party != nil {
			var err error
			m := *party
			member, err = in.d.checkMembership(&m, p.BirthDate, memberChecks{rules: in.rules, unit: func(field string, unit int64, on time.Time) (*version, error) {
				return in.unit(ctx, field, unit, on)
			}})
			if err != nil {
				return err
			}
		}
		if err := checkPlaces(ctx, in.tx, p); err != nil {
			return err
		}
		var err error
		id, err = in.ids.next(ctx)
		return err
	})
	if err != nil {
		return err
	}
	p.ID, p.Version, p.UpdatedAt = id, 1, in.now
	vals, key, err := personValues(p)
	if err != nil {
		return err
	}
	in.cur[0] = append(append(in.cur[0], id, 1), vals...)
	for _, row := range personWordRows(p, key) {
		in.cur[1] = append(in.cur[1], row...)
	}
	if postRow != nil {
		postRow[0] = id
		in.cur[2] = append(in.cur[2], postRow...)
	}
	if member != nil {
		m, c := member.values(id)
		in.cur[3] = append(in.cur[3], m...)
		in.cur[4] = append(in.cur[4], c...)
	}
	return nil
}

// party records the membership a row gives for a stored person and says whether anything
// changed. A person without a membership record is admitted as AdmitMember would; a stored
// membership must have the file's admission day and official cell — the file is a list, not
// the place to correct an admission or record a transfer — and takes the file's
// full-membership day and card number when they differ (checked as UpdateMembership does).
func (in *importer) party(ctx context.Context, person int64, birth string, m *canbo.Membership) (bool, error) {
	tx := in.tx
	var admitted, full, card string
	err := tx.queryRow(ctx, `SELECT admitted_on, full_on, card_number FROM party_members WHERE person_id = ?`, person).
		Scan(&admitted, &full, &card)
	if err == sql.ErrNoRows {
		w := *m
		w.PersonID = person
		return true, in.d.insertMembership(ctx, tx, &w, birth)
	} else if err != nil {
		return false, err
	}
	if admitted != m.AdmittedOn {
		return false, canbo.Invalid("party.admitted_on", "err.sqlstore.import.party_admitted", vnDay(admitted), vnDay(m.AdmittedOn))
	}
	var cell int64
	var name string
	err = tx.queryRow(ctx, `SELECT c.cell_id, v.name FROM party_cells c JOIN unit_versions v ON v.unit_id = c.cell_id AND v.valid_from <= c.valid_from AND v.valid_to > c.valid_from
		WHERE c.person_id = ? AND c.temporary = ? AND c.valid_to = ?`, person, false, day(canbo.Forever)).Scan(&cell, &name)
	if err != nil && err != sql.ErrNoRows {
		return false, err
	}
	if err == nil && cell != m.Cells[0].CellID {
		return false, canbo.Invalid("party.cell_id", "err.sqlstore.import.party_cell", name)
	}
	newCard := vn.Clean(m.CardNumber)
	changed := m.FullOn != "" && m.FullOn != full || newCard != "" && newCard != card
	if !changed {
		return false, nil
	}
	st, err := in.d.editableMember(ctx, tx, person)
	if err != nil {
		return false, err
	}
	if m.FullOn != "" && m.FullOn != full {
		f, err := validate.Day("party.full_on", m.FullOn)
		if err != nil {
			return false, err
		}
		if err := in.d.checkFull(ctx, st, f); err != nil {
			var ce *canbo.Error
			if errors.As(err, &ce) && ce.Field == "full_on" {
				ce.Field = "party.full_on"
			}
			return false, err
		}
		full = m.FullOn
	}
	if newCard != "" {
		card = newCard
	}
	_, err = tx.exec(ctx, `UPDATE party_members SET full_on = ?, card_number = ? WHERE person_id = ?`, full, card, person)
	return true, err
}

// checkPost makes insertPost's checks of a post.
func (in *importer) checkPost(ctx context.Context, post *canbo.Post) (from, to time.Time, err error) {
	if from, to, err = validate.Post(post); err != nil {
		return
	}
	if err = checkPostBounds(from, to, in.now); err != nil {
		return
	}
	_, err = in.unit(ctx, "post.unit_id", post.UnitID, from)
	return from, to, err
}

// unit is editableUnit once per field, unit and day (the caller holds txMu): a list puts thousands of people in the
// same few wards and cells. A unit that exists that day but lies outside the caller's scope is
// refused as such, naming it — the file named it and the importer matched it, so nothing is
// revealed — where editableUnit answers as for a unit that does not exist.
func (in *importer) unit(ctx context.Context, field string, id int64, on time.Time) (*version, error) {
	k := unitKey{field, id, on}
	if c, ok := in.units[k]; ok {
		return c.v, c.err
	}
	v, err := in.d.editableUnit(ctx, in.tx, field, id, on)
	var ce *canbo.Error
	if errors.As(err, &ce) && ce.Key == "err.sqlstore.bulk.unit_missing_on" && !canbo.ScopeFromContext(ctx).All {
		var name string
		switch e := in.tx.queryRow(ctx, `SELECT name FROM unit_versions WHERE unit_id = ? AND valid_from <= ? AND valid_to > ?`, id, day(on), day(on)).Scan(&name); {
		case e == nil && field == "party.cell_id":
			err = canbo.Invalid(field, "err.sqlstore.import.cell_out_of_scope", name).WithCode(canbo.EFORBIDDEN)
		case e == nil:
			err = canbo.Invalid(field, "err.sqlstore.import.unit_out_of_scope", name).WithCode(canbo.EFORBIDDEN)
		case e != sql.ErrNoRows:
			return nil, e
		}
	}
	if err != nil && (!errors.As(err, &ce) || ce.Code == canbo.EINTERNAL) {
		return nil, err // not a refusal: it ends the import, and is never cached
	}
	in.units[k] = unitResult{v, err}
	return v, err
}

// unitKey and unitResult make the cache of unit checks.
type unitKey struct {
	field string
	unit  int64
	on    time.Time
}

type unitResult struct {
	v   *version
	err error
}

// holds reports whether the person already holds the post (same unit and title, still open,
// or ended on the day the file gives): re-importing a list adds no second copy of each post.
func (in *importer) holds(ctx context.Context, person int64, post *canbo.Post) (bool, error) {
	to := day(canbo.Forever)
	if post.To != "" {
		to = post.To
	}
	var n int
	err := in.tx.queryRow(ctx, `SELECT COUNT(*) FROM posts WHERE person_id = ? AND unit_id = ? AND title = ? AND valid_to = ?`,
		person, post.UnitID, vn.Clean(post.Title), to).Scan(&n)
	return n > 0, err
}

// overlay copies onto dst every field src fills: a file updates what it says, never erases
// what it leaves out (a list without phone numbers keeps the stored ones).
func overlay(dst, src *canbo.Person) {
	for _, f := range []struct {
		to   *string
		from string
	}{
		{&dst.FamilyName, src.FamilyName}, {&dst.MiddleName, src.MiddleName}, {&dst.GivenName, src.GivenName},
		{&dst.OtherNames, src.OtherNames}, {&dst.BirthDate, src.BirthDate}, {&dst.BirthPlace, src.BirthPlace},
		{&dst.HomeTown, src.HomeTown}, {&dst.Residence, src.Residence}, {&dst.Phone, src.Phone}, {&dst.StaffCode, src.StaffCode},
		{&dst.IdentityNumber, src.IdentityNumber}, {&dst.Ethnicity, src.Ethnicity}, {&dst.Religion, src.Religion},
		{&dst.Education.General, src.Education.General}, {&dst.Education.Professional, src.Education.Professional},
		{&dst.Education.Field, src.Education.Field}, {&dst.Education.PoliticalTheory, src.Education.PoliticalTheory},
		{&dst.Education.StateManagement, src.Education.StateManagement}, {&dst.Education.Languages, src.Education.Languages},
		{&dst.Education.IT, src.Education.IT},
	} {
		if f.from != "" {
			*f.to = f.from
		}
	}
	if src.Sex != "" {
		dst.Sex = src.Sex
	}
	if src.StaffType != "" && src.StaffType != canbo.StaffNone {
		dst.StaffType = src.StaffType
	}
}

// samePerson compares the stored fields of two records, ignoring bookkeeping.
func samePerson(a, b *canbo.Person) bool {
	x, y := *a, *b
	x.Version, y.Version = 0, 0
	x.UpdatedAt, y.UpdatedAt = time.Time{}, time.Time{}
	x.Warnings, y.Warnings = nil, nil
	return reflect.DeepEqual(x, y)
}
