package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/validate"
	"canbo/vn"
)

// importProgressEvery is how many rows pass between two progress reports: often enough for a
// bar to move smoothly on 100,000 rows, rarely enough to cost nothing.
const importProgressEvery = 200

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
func (d *DB) ImportPeople(ctx context.Context, rows []canbo.ImportRow, opt canbo.ImportOptions) (*canbo.ImportResult, error) {
	if err := mayEditPeople(ctx); err != nil {
		return nil, err
	}
	res := &canbo.ImportResult{Rows: len(rows)}
	// A larger page cache and in-memory statement journals, as for a load: a 100,000-row import
	// otherwise spends a third of its time writing pages it writes again (docs/BENCHMARKS.md).
	conn, restore, err := d.bulkConn(ctx, importCacheKiB)
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
	in := &importer{d: d, tx: tx, now: d.Now(), seen: map[string]int{}, units: map[unitDay]error{}}
	for i := range rows {
		if err := ctx.Err(); err != nil {
			return nil, mapError(err)
		}
		outcome, err := in.row(ctx, &rows[i])
		var ce *canbo.Error
		switch {
		case err == nil:
		case errors.As(err, &ce) && ce.Code != canbo.EINTERNAL:
			res.Errors++
			res.Problems = append(res.Problems, problemOf(&rows[i], ce))
		default:
			return nil, mapError(err)
		}
		switch outcome {
		case "created":
			res.Imported++
		case "updated":
			res.Updated++
		case "unchanged":
			res.Unchanged++
		}
		if opt.Progress != nil && ((i+1)%importProgressEvery == 0 || i+1 == len(rows)) {
			opt.Progress(i+1, len(rows))
		}
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
	d    *DB
	tx   *Tx
	now  time.Time
	seen map[string]int // "id:<number>" or "code:<code>" → the sheet row that had it first
	// units caches the result of checking the caller may record people in a unit on a day
	// (nil: allowed). An error that is not a refusal is never cached: it ends the import.
	units map[unitDay]error
}

// row writes one row and says what it did: "created", "updated" or "unchanged".
func (in *importer) row(ctx context.Context, r *canbo.ImportRow) (string, error) {
	d, tx := in.d, in.tx
	p := r.Person
	p.ID = 0
	if err := sensitiveGrants(ctx, &p); err != nil {
		return "", err
	}
	if err := validate.Person(&p, in.now); err != nil {
		return "", err
	}
	if err := checkBirthBounds(&p, in.now); err != nil {
		return "", err
	}
	for _, k := range []struct{ key, field, value string }{{"id:", "identity_number", p.IdentityNumber}, {"code:", "staff_code", p.StaffCode}} {
		if k.value == "" {
			continue
		}
		if first, ok := in.seen[k.key+k.value]; ok {
			return "", canbo.Invalid(k.field, "err.sqlstore.import.twice", k.value, first)
		}
		in.seen[k.key+k.value] = r.Row
	}
	id, err := in.match(ctx, &p)
	if err != nil {
		return "", err
	}
	if id == 0 {
		return "created", in.create(ctx, &p, r.Post, r.Party)
	}
	stored, err := d.findPerson(ctx, tx, id, false)
	if err != nil {
		// Someone the caller does not see already has this number: say so without naming them.
		return "", d.duplicateIdentity(ctx, tx, &p, id)
	}
	if err := d.ownRecord(ctx, tx, id); err != nil {
		return "", err
	}
	merged := *stored
	overlay(&merged, &p)
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

// match finds the stored person a row denotes: by identity number, else by staff code (which
// must then name one person only).
func (in *importer) match(ctx context.Context, p *canbo.Person) (int64, error) {
	var id int64
	if p.IdentityNumber != "" {
		err := in.tx.queryRow(ctx, `SELECT id FROM people WHERE identity_number = ?`, p.IdentityNumber).Scan(&id)
		if err == nil {
			return id, nil
		} else if err != sql.ErrNoRows {
			return 0, err
		}
	}
	if p.StaffCode == "" {
		return 0, nil
	}
	// "staff_code <> ''" lets both engines use the partial index people_staff_code: a bound
	// value alone does not prove the index's condition, and a scan per row is quadratic.
	rows, err := in.tx.query(ctx, `SELECT id FROM people WHERE staff_code = ? AND staff_code <> '' LIMIT 2`, p.StaffCode)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	err = rows.Err()
	switch {
	case err != nil:
		return 0, err
	case len(ids) > 1:
		return 0, canbo.Invalid("staff_code", "err.sqlstore.import.code_ambiguous", p.StaffCode)
	case len(ids) == 1:
		return ids[0], nil
	}
	return 0, nil
}

// create is CreatePerson inside the import's transaction: a person the caller will see
// through the row's post or party cell (both checked in the caller's scope), or, for system
// work, with neither.
func (in *importer) create(ctx context.Context, p *canbo.Person, post *canbo.Post, party *canbo.Membership) error {
	if !canbo.ScopeFromContext(ctx).All && post == nil && party == nil {
		return canbo.Invalid("post.unit_id", "err.sqlstore.import.no_unit")
	}
	var from, to time.Time
	if post != nil {
		// The unit is checked before the person is written, as creatableIn does.
		var err error
		if from, to, err = in.checkPost(ctx, post); err != nil {
			return err
		}
	}
	if err := in.d.writePerson(ctx, in.tx, p); err != nil {
		return err
	}
	if post != nil {
		w := *post
		w.PersonID = p.ID
		if err := writePost(ctx, in.tx, &w, from, to); err != nil {
			return err
		}
	}
	if party == nil {
		return nil
	}
	m := *party
	m.PersonID = p.ID
	return in.d.insertMembership(ctx, in.tx, &m, p.BirthDate)
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

// checkPost makes insertPost's checks of a post, the unit's once per unit and day: a list puts
// thousands of people in the same few wards.
func (in *importer) checkPost(ctx context.Context, post *canbo.Post) (from, to time.Time, err error) {
	if from, to, err = validate.Post(post); err != nil {
		return
	}
	if err = checkPostBounds(from, to, in.now); err != nil {
		return
	}
	k := unitDay{post.UnitID, from}
	err, ok := in.units[k]
	if !ok {
		_, err = in.d.editableUnit(ctx, in.tx, "post.unit_id", post.UnitID, from)
		in.units[k] = err
	}
	return from, to, err
}

// unitDay keys the cache of unit checks.
type unitDay struct {
	unit int64
	on   time.Time
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
