package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/locale"
	"canbo/rules"
	"canbo/validate"
	"canbo/vn"
)

var _ canbo.PersonService = (*DB)(nil)

// personColumns reads a person; sensitive columns are redacted after reading, in one place.
const personColumns = `p.id, p.family_name, p.middle_name, p.given_name, p.full_name, p.other_names, p.sex, p.birth_date,
	p.birth_place, p.home_town, p.residence, p.phone, p.staff_type, p.staff_code, COALESCE(p.identity_number, ''),
	p.ethnicity, p.religion, p.health, p.edu_general, p.edu_professional, p.edu_field, p.edu_political, p.edu_state,
	p.edu_languages, p.edu_it, p.version, p.updated_at, COALESCE(p.birth_place_unit_id, 0), COALESCE(p.home_town_unit_id, 0), p.form_2c`

func scanPerson(s scanner, extra ...any) (*canbo.Person, error) {
	var p canbo.Person
	var updated, form2c string
	e := &p.Education
	if err := s.Scan(append([]any{&p.ID, &p.FamilyName, &p.MiddleName, &p.GivenName, &p.FullName, &p.OtherNames, &p.Sex, &p.BirthDate,
		&p.BirthPlace, &p.HomeTown, &p.Residence, &p.Phone, &p.StaffType, &p.StaffCode, &p.IdentityNumber,
		&p.Ethnicity, &p.Religion, &p.Health, &e.General, &e.Professional, &e.Field, &e.PoliticalTheory, &e.StateManagement,
		&e.Languages, &e.IT, &p.Version, &updated, &p.BirthPlaceUnitID, &p.HomeTownUnitID, &form2c}, extra...)...); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(form2c), &p.Form2C); err != nil {
		return nil, fmt.Errorf("person %d: form_2c: %w", p.ID, err)
	}
	p.UpdatedAt, _ = time.Parse(time.RFC3339, updated)
	return &p, nil
}

// mayEditPeople refuses a caller whose role may not change personal records (system work may).
func mayEditPeople(ctx context.Context) error {
	if u := canbo.UserFromContext(ctx); u != nil && !u.Role.CanEdit() {
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.person.forbidden")
	}
	return nil
}

// editablePerson checks that the caller may edit a person it can see.
func (d *DB) editablePerson(ctx context.Context, tx queryer, personID int64) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	if _, err := d.findPerson(ctx, tx, personID, true); err != nil {
		return err
	}
	return d.ownRecord(ctx, tx, personID)
}

// ownRecord refuses a caller who sees a person only through a temporary party attachment.
func (d *DB) ownRecord(ctx context.Context, db queryer, personID int64) error {
	on := day(d.Now())
	s := canbo.ScopeFromContext(ctx)
	if s.All {
		return nil
	}
	q, args := cat(frag(`SELECT 1 FROM people p WHERE p.id = ?`, personID), and(personInScope(s, "p.id", on, true))).bind(d.dialect)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return mapError(err)
		}
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.person.temporary_member")
	}
	return nil
}

// MayEditPerson tells whether the caller may change a person's record (the profile shows its
// forms only then).
func (d *DB) MayEditPerson(ctx context.Context, personID int64) bool {
	return d.editablePerson(ctx, d.db, personID) == nil
}

// canSee reports whether ctx may see a sensitive class: system work may, users by grant.
func canSee(ctx context.Context, class string) bool {
	u := canbo.UserFromContext(ctx)
	if u == nil {
		return canbo.ScopeFromContext(ctx).All
	}
	return u.Can(class)
}

// redact empties what ctx may not see; system work sees everything.
func redact(ctx context.Context, p *canbo.Person) {
	if u := canbo.UserFromContext(ctx); u != nil || !canbo.ScopeFromContext(ctx).All {
		p.Redact(u)
	}
}

// encodeCursor and decodeCursor carry the last row's sort position between pages, so a page is
// a range scan of the sort index rather than an ever-growing OFFSET.
func encodeCursor(key []byte, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(hex.EncodeToString(key) + ":" + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) ([]byte, int64, error) {
	bad := canbo.Invalid("cursor", "err.sqlstore.person.cursor")
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, 0, bad
	}
	k, id, ok := strings.Cut(string(raw), ":")
	if !ok {
		return nil, 0, bad
	}
	key, err := hex.DecodeString(k)
	if err != nil {
		return nil, 0, bad
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, 0, bad
	}
	return key, n, nil
}

// MaxPeople caps one page of people.
const MaxPeople = 500

// searchTokens folds a query into word prefixes: "Nguyễn P. L" → nguyen, p, l.
func searchTokens(q string) []string {
	return strings.FieldsFunc(vn.Fold(q), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

// FindPerson returns a person the caller may see today — or on the day the reader asks about
// (canbo.WithAsOf), as a list dated that day showed them — with sensitive fields redacted.
// Writes check visibility today only (findPerson).
func (d *DB) FindPerson(ctx context.Context, id int64) (*canbo.Person, error) {
	p, err := d.findPerson(ctx, d.db, id, true)
	if asked := canbo.AsOfFromContext(ctx); canbo.ErrorCode(err) == canbo.ENOTFOUND && !asked.IsZero() && day(asked) != day(d.Now()) {
		return d.findPersonOn(ctx, d.db, id, true, day(asked))
	}
	return p, err
}

func (d *DB) findPerson(ctx context.Context, db queryer, id int64, redacted bool) (*canbo.Person, error) {
	return d.findPersonOn(ctx, db, id, redacted, day(d.Now()))
}

// findPersonOn returns the person if the caller's scope sees them on the day on.
func (d *DB) findPersonOn(ctx context.Context, db queryer, id int64, redacted bool, on string) (*canbo.Person, error) {
	var visible fragment
	if s := canbo.ScopeFromContext(ctx); !s.All {
		visible = personInScope(s, "p.id", on, false)
	}
	q, args := cat(frag(`SELECT `+personColumns+` FROM people p WHERE p.id = ?`, id), and(visible)).bind(d.dialect)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.person.notfound")
	}
	p, err := scanPerson(rows)
	if err != nil {
		return nil, err
	}
	if redacted {
		redact(ctx, p)
	}
	return p, nil
}

// personWords lists the folded search words of a person.
func personWords(p *canbo.Person) [][2]string {
	seen := map[[2]string]bool{}
	var out [][2]string
	add := func(kind, text string) {
		for _, w := range searchTokens(text) {
			if k := [2]string{w, kind}; !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	add("name", p.FullName+" "+p.OtherNames)
	add("code", p.StaffCode)
	add("identity", p.IdentityNumber)
	return out
}

// personWordRows are the person_words rows of a person with sort key key: (word, person,
// kind, sort key, words, identity words). Name entries carry the sort key and all the person's
// words, which searches walk and check; code and identity entries carry neither.
func personWordRows(p *canbo.Person, key []byte) [][]any {
	words := personWords(p)
	var names, ids []string
	for _, w := range words {
		if w[1] == "identity" {
			ids = append(ids, w[0])
		} else {
			names = append(names, w[0])
		}
	}
	rows := make([][]any, len(words))
	for i, w := range words {
		rows[i] = []any{w[0], p.ID, w[1], nil, nil, nil}
		if w[1] == "name" {
			rows[i][3], rows[i][4], rows[i][5] = key, strings.Join(names, " "), nullIfEmpty(strings.Join(ids, " "))
		}
	}
	return rows
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// personCols are the columns of people a write sets, besides id and version.
var personCols = []string{"family_name", "middle_name", "given_name", "full_name", "sort_key", "other_names", "sex", "birth_date", "birth_first",
	"birth_place", "home_town", "residence", "phone", "staff_type", "staff_code", "identity_number",
	"ethnicity", "religion", "health", "edu_general", "edu_professional", "edu_field", "edu_political", "edu_state", "edu_languages", "edu_it", "updated_at",
	"birth_place_unit_id", "home_town_unit_id", "form_2c"}

// personValues returns p's values for personCols, and its sort key.
func personValues(p *canbo.Person) (vals []any, key []byte, err error) {
	birthFirst := ""
	if b, err := vn.ParseDate(p.BirthDate); err == nil && !b.IsZero() {
		birthFirst = day(b.First())
	}
	key = vn.PersonKey(p.FamilyName, p.MiddleName, p.GivenName, p.BirthDate)
	e := p.Education
	form2c, err := json.Marshal(p.Form2C)
	if err != nil {
		return nil, nil, err
	}
	return []any{p.FamilyName, p.MiddleName, p.GivenName, p.FullName, key, p.OtherNames, string(p.Sex), p.BirthDate, birthFirst,
		p.BirthPlace, p.HomeTown, p.Residence, p.Phone, string(p.StaffType), p.StaffCode, nullIfEmpty(p.IdentityNumber),
		p.Ethnicity, p.Religion, p.Health, e.General, e.Professional, e.Field, e.PoliticalTheory, e.StateManagement, e.Languages, e.IT,
		p.UpdatedAt.Format(time.RFC3339), nullIfZero(p.BirthPlaceUnitID), nullIfZero(p.HomeTownUnitID), string(form2c)}, key, nil
}

// writePerson inserts (p.ID == 0) or updates the row and its search words.
func (d *DB) writePerson(ctx context.Context, tx *Tx, p *canbo.Person) error {
	p.UpdatedAt = d.Now()
	vals, key, err := personValues(p)
	if err != nil {
		return err
	}
	if err := checkPlaces(ctx, tx, p); err != nil {
		return err
	}
	// Look before writing: on PostgreSQL a failed insert aborts the transaction, and the
	// message should name the existing record.
	if p.IdentityNumber != "" {
		var other int64
		err := tx.queryRow(ctx, `SELECT id FROM people WHERE identity_number = ? AND id <> ?`, p.IdentityNumber, p.ID).Scan(&other)
		if err == nil {
			return d.duplicateIdentity(ctx, tx, p, other)
		} else if err != sql.ErrNoRows {
			return err
		}
	}
	if p.ID == 0 {
		p.Version = 1
		p.ID, err = tx.insert(ctx, `INSERT INTO people (`+strings.Join(personCols, ", ")+`, version) VALUES (`+placeholders(len(vals))+`, 1)`, vals...)
	} else {
		set := strings.Join(personCols, " = ?, ") + " = ?"
		var res sql.Result
		res, err = tx.exec(ctx, `UPDATE people SET `+set+`, version = version + 1 WHERE id = ? AND version = ?`, append(vals, p.ID, p.Version)...)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return canbo.Errork(canbo.ECONFLICT, "err.sqlstore.person.conflict")
			}
			p.Version++
		}
	}
	if err != nil {
		if canbo.ErrorCode(mapError(err)) == canbo.ECONFLICT {
			return canbo.Invalid("identity_number", "err.sqlstore.person.identity_number", p.IdentityNumber)
		}
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM person_words WHERE person_id = ?`, p.ID); err != nil {
		return err
	}
	// One statement for all the person's words: an import writes thousands of people in a row.
	rows := personWordRows(p, key)
	if len(rows) == 0 {
		return nil
	}
	var args []any
	for _, row := range rows {
		args = append(args, row...)
	}
	_, err = tx.exec(ctx, `INSERT INTO person_words (word, person_id, kind, sort_key, words, identity_words) VALUES `+
		strings.TrimSuffix(strings.Repeat(`(?, ?, ?, ?, ?, ?), `, len(rows)), ", "), args...)
	return err
}

// sensitiveGrants refuses a new record carrying a sensitive field the caller has no grant for,
// as PATCH refuses changing one: a caller who may not read an identity number may not write
// one either (nor take another person's), and the same holds for background and health.
func sensitiveGrants(ctx context.Context, p *canbo.Person) error {
	for _, f := range []struct {
		field, value, class string
	}{{"identity_number", p.IdentityNumber, canbo.GrantIdentity}, {"ethnicity", p.Ethnicity, canbo.GrantBackground},
		{"religion", p.Religion, canbo.GrantBackground}, {"health", p.Health, canbo.GrantHealth}} {
		if strings.TrimSpace(f.value) != "" && !canSee(ctx, f.class) {
			return canbo.Invalid(f.field, "err.sqlstore.person.field_hidden", f.field).WithCode(canbo.EFORBIDDEN)
		}
	}
	return nil
}

// creatableIn checks, before the new person is looked up or written, that the caller may record
// people where the first post or party cell puts them. Done first so that nothing else a create
// answers — above all whether an identity number is already taken — can be learned by a caller
// whose request would be refused anyway. insertPost and insertMembership check again, in full.
func (d *DB) creatableIn(ctx context.Context, tx *Tx, post *canbo.Post, party *canbo.Membership) error {
	if post != nil {
		from, err := validate.Day("post.from", post.From)
		if err != nil {
			return err
		}
		if from.IsZero() {
			return canbo.Invalid("post.from", "err.sqlstore.person.post_from")
		}
		if _, err := d.editableUnit(ctx, tx, "post.unit_id", post.UnitID, from); err != nil {
			return err
		}
	}
	if party != nil {
		if len(party.Cells) != 1 {
			return canbo.Invalid("party.cell_id", "err.sqlstore.person.party_cell_id")
		}
		// The first cell period starts on since, else on admission or today (insertMembership).
		since, err := validate.Day("party.since", party.Cells[0].From)
		if err != nil {
			return err
		}
		days := []time.Time{since}
		if since.IsZero() {
			admitted, err := validate.Day("party.admitted_on", party.AdmittedOn)
			if err != nil {
				return err
			}
			days = []time.Time{admitted, d.Now().Truncate(24 * time.Hour)}
		}
		var first error
		for _, on := range days {
			_, err := d.editableUnit(ctx, tx, "party.cell_id", party.Cells[0].CellID, on)
			if err == nil {
				return nil
			}
			if first == nil {
				first = err
			}
		}
		return first
	}
	return nil
}

// auditClash records a write refused because p's identity number belongs to another record, in
// its own transaction (the write's was rolled back): who tried which record's number is what an
// investigation of identity-number probing needs. Other errors are not recorded here.
func (d *DB) auditClash(ctx context.Context, err error, action string, p *canbo.Person) {
	if canbo.ErrorCode(err) != canbo.ECONFLICT || canbo.ErrorField(err) != "identity_number" {
		return
	}
	var other int64
	_ = d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT id FROM people WHERE identity_number = ?`), p.IdentityNumber).Scan(&other)
	_ = d.Audit(ctx, &audit.Event{Action: action + ".refused", Entity: "person", EntityID: strconv.FormatInt(other, 10),
		Reason: locale.Text("vi", "audit.reason.identity_taken")}) // best effort: the refusal stands either way
}

// duplicateIdentity explains a clash on the identity number, naming the existing record only if
// the caller may see it.
func (d *DB) duplicateIdentity(ctx context.Context, tx *Tx, p *canbo.Person, other int64) error {
	if o, err := d.findPerson(ctx, tx, other, true); err == nil {
		return canbo.Invalid("identity_number", "err.sqlstore.person.identity_seen", p.IdentityNumber, o.ID, o.FullName, o.BirthDate).WithCode(canbo.ECONFLICT)
	}
	return canbo.Invalid("identity_number", "err.sqlstore.person.identity_used", p.IdentityNumber).WithCode(canbo.ECONFLICT)
}

// editableUnit checks that the caller may record people in a unit on a day: it exists then and
// lies in the caller's scope, and the caller may edit.
func (d *DB) editableUnit(ctx context.Context, tx *Tx, field string, unit int64, on time.Time) (*version, error) {
	if err := mayEditPeople(ctx); err != nil {
		return nil, err
	}
	a := &applier{d: d, ctx: ctx, tx: tx, on: day(on), date: on, scope: canbo.ScopeFromContext(ctx)}
	return a.at(field, unit)
}

func (d *DB) insertPost(ctx context.Context, tx *Tx, p *canbo.Post) error {
	from, to, err := validate.Post(p)
	if err != nil {
		return err
	}
	if err := checkPostBounds(from, to, d.Now()); err != nil {
		return err
	}
	if _, err := d.editableUnit(ctx, tx, "post.unit_id", p.UnitID, from); err != nil {
		return err
	}
	if err := checkPostPosition(ctx, tx, p, from, to); err != nil {
		return err
	}
	return writePost(ctx, tx, p, from, to)
}

// postCols are the columns of posts a new post sets.
const postCols = `person_id, unit_id, title, is_primary, valid_from, valid_to, doc_number, doc_date, doc_issuer, position_id`

// postValues are the values of a checked post for postCols.
func postValues(p *canbo.Post, from, to time.Time) []any {
	var position any // NULL: the post names no job position
	if p.PositionID != 0 {
		position = p.PositionID
	}
	return []any{p.PersonID, p.UnitID, p.Title, p.Primary, day(from), day(to),
		vn.Clean(p.Document.Number), isoOrEmpty(p.Document.Date), vn.Clean(p.Document.Issuer), position}
}

// writePost writes a post that insertPost (or an import, with its checks) has checked.
func writePost(ctx context.Context, tx *Tx, p *canbo.Post, from, to time.Time) (err error) {
	p.ID, err = tx.insert(ctx, `INSERT INTO posts (`+postCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, postValues(p, from, to)...)
	return err
}

// insertMembership writes a new membership of a person born on birth (as stored, maybe partial).
func (d *DB) insertMembership(ctx context.Context, tx *Tx, m *canbo.Membership, birth string) error {
	set, err := d.sharedRules(ctx)
	if err != nil {
		return err
	}
	r, err := d.checkMembership(m, birth, memberChecks{rules: set, unit: func(field string, unit int64, on time.Time) (*version, error) {
		return d.editableUnit(ctx, tx, field, unit, on)
	}})
	if err != nil {
		return err
	}
	member, cell := r.values(m.PersonID)
	if _, err := tx.exec(ctx, `INSERT INTO party_members (`+memberCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)`, member...); err != nil {
		return err
	}
	_, err = tx.exec(ctx, cellsInsert+`(?, ?, ?, ?, ?)`, cell...)
	return err
}

// memberCols are the columns of party_members a new membership sets.
const memberCols = `person_id, admitted_on, full_on, card_number, doc_number, doc_date, doc_issuer`

// memberChecks are what checking a new membership reads from the database: whether the caller
// may record people in a unit on a day (editableUnit, or an import's cache of it), and the rule
// set in force.
type memberChecks struct {
	unit  func(field string, unit int64, on time.Time) (*version, error)
	rules *rules.Set
}

// memberRow is a checked new membership: its row and its first (official) cell period.
type memberRow struct {
	admitted, full, card, since string
	cell                        int64
	dec                         canbo.Decision
}

// values are the rows of party_members (memberCols) and party_cells (cellsInsert) of r.
func (r *memberRow) values(person int64) (member, cell []any) {
	return []any{person, r.admitted, r.full, r.card, r.dec.Number, r.dec.Date, r.dec.Issuer},
		[]any{person, r.cell, r.since, day(canbo.Forever), false}
}

// checkMembership makes the checks of a new membership: a full admission day not in the
// future and at the minimum age of the rules in force, full membership after admission, one
// party cell the caller may record people in.
func (d *DB) checkMembership(m *canbo.Membership, birth string, at memberChecks) (*memberRow, error) {
	admitted, err := validate.Day("party.admitted_on", m.AdmittedOn)
	if err != nil {
		return nil, err
	}
	if admitted.IsZero() {
		return nil, canbo.Invalid("party.admitted_on", "err.sqlstore.bulk.party_admitted_on")
	}
	if err := d.notFuture("party.admitted_on", admitted); err != nil {
		return nil, err
	}
	if err := admissionAge(at.rules, birth, admitted); err != nil {
		return nil, err
	}
	full, err := validate.Day("party.full_on", m.FullOn)
	if err != nil {
		return nil, err
	}
	if !full.IsZero() && !admitted.Before(full) {
		return nil, canbo.Invalid("party.full_on", "err.sqlstore.bulk.party_full_on", vn.FormatDay(full), vn.FormatDay(admitted))
	}
	if len(m.Cells) != 1 {
		return nil, canbo.Invalid("party.cell_id", "err.sqlstore.person.party_cell_id")
	}
	// The first cell period starts on the given day, else at admission if the cell existed
	// then, else today: the system knows the membership in that cell from then on.
	c := &m.Cells[0]
	since, err := validate.Day("party.since", c.From)
	if err != nil {
		return nil, err
	}
	if since.IsZero() {
		since = admitted
		if _, err := at.unit("party.cell_id", c.CellID, since); err != nil {
			since = d.Now().Truncate(24 * time.Hour)
		}
	}
	if since.Before(admitted) {
		return nil, canbo.Invalid("party.since", "err.sqlstore.bulk.party_since")
	}
	cell, err := at.unit("party.cell_id", c.CellID, since)
	if err != nil {
		return nil, err
	}
	if cell.hierarchy != canbo.Party {
		return nil, canbo.Invalid("party.cell_id", "err.sqlstore.membership.cell_id", cell.name)
	}
	dec, err := decision("party.decision", m.Decision)
	if err != nil {
		return nil, err
	}
	m.Decision = dec
	return &memberRow{admitted: day(admitted), full: isoOrEmpty(full), card: vn.Clean(m.CardNumber), since: day(since), cell: c.CellID, dec: dec}, nil
}

// CreatePerson stores a new person with an optional first post and party membership, in one
// transaction, audited.
func (d *DB) CreatePerson(ctx context.Context, p *canbo.Person, post *canbo.Post, party *canbo.Membership) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	if !canbo.ScopeFromContext(ctx).All && post == nil && party == nil {
		return canbo.Invalid("post", "err.sqlstore.person.post")
	}
	p.ID = 0
	if err := sensitiveGrants(ctx, p); err != nil {
		return err
	}
	if err := validate.Person(p, d.Now()); err != nil {
		return err
	}
	if err := validate.Codes(p, nil); err != nil {
		return err
	}
	if err := checkBirthBounds(p, d.Now()); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.creatableIn(ctx, tx, post, party); err != nil {
		return mapError(err)
	}
	if err := d.writePerson(ctx, tx, p); err != nil {
		tx.Rollback()
		d.auditClash(ctx, err, "person.create", p)
		return mapError(err)
	}
	if post != nil {
		post.PersonID = p.ID
		if err := d.insertPost(ctx, tx, post); err != nil {
			return mapError(err)
		}
	}
	if party != nil {
		party.PersonID = p.ID
		if err := d.insertMembership(ctx, tx, party, p.BirthDate); err != nil {
			return mapError(err)
		}
	}
	ae := &audit.Event{Action: "person.create", Entity: "person", EntityID: strconv.FormatInt(p.ID, 10),
		After: audit.Redact(map[string]any{"person": p, "post": post, "party": party})}
	if err := tx.audit(ctx, ae); err != nil {
		return mapError(err)
	}
	if err := tx.commitAudit(ae); err != nil {
		return err
	}
	redact(ctx, p)
	return nil
}

// UpdatePerson saves p under optimistic concurrency. Sensitive fields the caller may not see
// keep their stored values: a form that never showed them cannot erase them.
func (d *DB) UpdatePerson(ctx context.Context, p *canbo.Person) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stored, err := d.findPerson(ctx, tx, p.ID, false)
	if err != nil {
		return err
	}
	if err := d.ownRecord(ctx, tx, p.ID); err != nil {
		return err
	}
	if !canSee(ctx, canbo.GrantIdentity) {
		p.IdentityNumber = stored.IdentityNumber
	}
	if !canSee(ctx, canbo.GrantBackground) {
		p.Ethnicity, p.Religion = stored.Ethnicity, stored.Religion
	}
	if !canSee(ctx, canbo.GrantHealth) {
		p.Health = stored.Health
	}
	keepHidden2C(ctx, &p.Form2C, stored.Form2C)
	if err := validate.Person(p, d.Now()); err != nil {
		return err
	}
	if err := validate.Codes(p, stored); err != nil {
		return err
	}
	if err := checkBirthBounds(p, d.Now()); err != nil {
		return err
	}
	if err := d.writePerson(ctx, tx, p); err != nil {
		tx.Rollback()
		d.auditClash(ctx, err, "person.update", p)
		return mapError(err)
	}
	ae := &audit.Event{Action: "person.update", Entity: "person", EntityID: strconv.FormatInt(p.ID, 10),
		Before: audit.Redact(stored), After: audit.Redact(p)}
	if err := tx.audit(ctx, ae); err != nil {
		return mapError(err)
	}
	if err := tx.commitAudit(ae); err != nil {
		return err
	}
	redact(ctx, p)
	return nil
}

// Posts returns a person's posts, newest first, with unit names of their time.
func (d *DB) Posts(ctx context.Context, personID int64) ([]canbo.Post, error) {
	if _, err := d.FindPerson(ctx, personID); err != nil {
		return nil, err
	}
	return d.posts(ctx, personID)
}

// posts reads what Posts returns, for a person the caller was already found to see.
func (d *DB) posts(ctx context.Context, personID int64) ([]canbo.Post, error) {
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT x.id, x.person_id, x.unit_id, x.title, x.is_primary, x.valid_from, x.valid_to,
		x.doc_number, x.doc_date, x.doc_issuer,
		COALESCE((SELECT v.name FROM unit_versions v WHERE v.unit_id = x.unit_id AND v.valid_from <= x.valid_from ORDER BY v.valid_from DESC LIMIT 1), ''),
		x.end_reason, COALESCE(x.position_id, 0), `+carriedColumns+`
		FROM posts x LEFT JOIN events e ON e.id = x.event_id WHERE x.person_id = ? ORDER BY x.valid_from DESC, x.id DESC`), personID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []canbo.Post
	for rows.Next() {
		var p canbo.Post
		var docDate string
		var c carriedScan
		if err := rows.Scan(&p.ID, &p.PersonID, &p.UnitID, &p.Title, &p.Primary, &p.From, &p.To, &p.Document.Number, &docDate,
			&p.Document.Issuer, &p.UnitName, &p.EndReason, &p.PositionID, &c.id, &c.kind, &c.date, &c.number, &c.issuer); err != nil {
			return nil, err
		}
		p.Carried = c.carried()
		if p.To == day(canbo.Forever) {
			p.To = ""
		}
		p.Document.Date, _ = parseDay(docDate)
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddPost records a post of a person, audited.
func (d *DB) AddPost(ctx context.Context, p *canbo.Post) error {
	if _, err := d.findPerson(ctx, d.db, p.PersonID, true); err != nil { // today's scope: a write
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ended, err := d.endPrimary(ctx, tx, p)
	if err != nil {
		return err
	}
	if err := d.insertPost(ctx, tx, p); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "person.post", "person", p.PersonID, ended, p)
}

// endPrimary ends, when a new primary post asks it (EndPrimary), the person's primary posts
// still open on the new post's first day, on that day; it returns them as they were, for the
// audit (nil when none ended). A post that began on or after that day is left for the officer.
func (d *DB) endPrimary(ctx context.Context, tx *Tx, p *canbo.Post) ([]canbo.Post, error) {
	if !p.EndPrimary || !p.Primary {
		return nil, nil
	}
	from, err := validate.Day("post.from", p.From)
	if err != nil || from.IsZero() {
		return nil, nil // insertPost names the field
	}
	rows, err := tx.query(ctx, `SELECT id, unit_id, title, valid_from, valid_to FROM posts WHERE person_id = ? AND is_primary = ? AND valid_from < ? AND valid_to > ?`,
		p.PersonID, true, day(from), day(from))
	if err != nil {
		return nil, mapError(err)
	}
	var ended []canbo.Post
	for rows.Next() {
		e := canbo.Post{PersonID: p.PersonID, Primary: true}
		if err := rows.Scan(&e.ID, &e.UnitID, &e.Title, &e.From, &e.To); err != nil {
			rows.Close()
			return nil, err
		}
		ended = append(ended, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, e := range ended {
		if _, err := d.editableUnit(ctx, tx, "post.unit_id", e.UnitID, from.AddDate(0, 0, -1)); err != nil {
			return nil, err
		}
		if _, err := tx.exec(ctx, `UPDATE posts SET valid_to = ? WHERE id = ?`, day(from), e.ID); err != nil {
			return nil, mapError(err)
		}
	}
	p.EndPrimary = false
	return ended, nil
}

// Membership returns a person's party membership with its cells, or not found.
func (d *DB) Membership(ctx context.Context, personID int64) (*canbo.Membership, error) {
	if _, err := d.FindPerson(ctx, personID); err != nil {
		return nil, err
	}
	return d.membership(ctx, personID)
}

// membership reads what Membership returns, for a person the caller was already found to see.
func (d *DB) membership(ctx context.Context, personID int64) (*canbo.Membership, error) {
	m := canbo.Membership{PersonID: personID}
	err := d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT admitted_on, full_on, card_number, ended_on, end_reason, doc_number, doc_date, doc_issuer FROM party_members WHERE person_id = ?`),
		personID).Scan(&m.AdmittedOn, &m.FullOn, &m.CardNumber, &m.EndedOn, &m.EndReason, &m.Decision.Number, &m.Decision.Date, &m.Decision.Issuer)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.membership.notfound")
	} else if err != nil {
		return nil, mapError(err)
	}
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT c.id, c.cell_id, c.valid_from, c.valid_to, c.temporary, c.doc_number, c.doc_date, c.doc_issuer,
		COALESCE((SELECT v.name FROM unit_versions v WHERE v.unit_id = c.cell_id AND v.valid_from <= c.valid_from ORDER BY v.valid_from DESC LIMIT 1), ''),
		`+carriedColumns+`
		FROM party_cells c LEFT JOIN events e ON e.id = c.event_id WHERE c.person_id = ? ORDER BY c.valid_from`), personID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c canbo.CellPeriod
		var cs carriedScan
		if err := rows.Scan(&c.ID, &c.CellID, &c.From, &c.To, &c.Temporary, &c.Decision.Number, &c.Decision.Date, &c.Decision.Issuer, &c.CellName, &cs.id, &cs.kind, &cs.date, &cs.number, &cs.issuer); err != nil {
			return nil, err
		}
		c.Carried = cs.carried()
		if c.To == day(canbo.Forever) {
			c.To = ""
		}
		m.Cells = append(m.Cells, c)
	}
	return &m, rows.Err()
}

// entries returns a person's timeline entries, leaving out the kinds the caller may not see,
// for a person the caller was already found to see.
func (d *DB) entries(ctx context.Context, personID int64) ([]canbo.Entry, error) {
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT id, person_id, kind, date_from, date_to, title, details, doc_number, doc_date, doc_issuer
		FROM person_entries WHERE person_id = ? ORDER BY date_from DESC, id DESC`), personID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []canbo.Entry
	for rows.Next() {
		var e canbo.Entry
		var details, docDate string
		if err := rows.Scan(&e.ID, &e.PersonID, &e.Kind, &e.From, &e.To, &e.Title, &details, &e.Document.Number, &docDate, &e.Document.Issuer); err != nil {
			return nil, err
		}
		if c := canbo.EntryClass(e.Kind); c != "" && !canSee(ctx, c) {
			continue
		}
		if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
			return nil, fmt.Errorf("entry %d details: %w", e.ID, err)
		}
		e.Document.Date, _ = parseDay(docDate)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Timeline reads a person's posts, entries and party membership (nil for a non-member),
// checking once that the caller sees the person.
func (d *DB) Timeline(ctx context.Context, personID int64) ([]canbo.Post, []canbo.Entry, *canbo.Membership, error) {
	if _, err := d.FindPerson(ctx, personID); err != nil {
		return nil, nil, nil, err
	}
	return d.timeline(ctx, personID)
}

// timeline is Timeline for a person the caller was already found to see.
func (d *DB) timeline(ctx context.Context, personID int64) ([]canbo.Post, []canbo.Entry, *canbo.Membership, error) {
	posts, err := d.posts(ctx, personID)
	if err != nil {
		return nil, nil, nil, err
	}
	entries, err := d.entries(ctx, personID)
	if err != nil {
		return nil, nil, nil, err
	}
	m, err := d.membership(ctx, personID)
	if err != nil && canbo.ErrorCode(err) != canbo.ENOTFOUND {
		return nil, nil, nil, err
	}
	return posts, entries, m, nil
}

// AddEntry records a timeline entry, audited. Entries of a sensitive class need its grant.
func (d *DB) AddEntry(ctx context.Context, e *canbo.Entry) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	if _, err := validate.EntryKind(e.Kind); err != nil {
		return err
	}
	if c := canbo.EntryClass(e.Kind); c != "" && !canSee(ctx, c) {
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.person.group_forbidden")
	}
	person, err := d.findPerson(ctx, d.db, e.PersonID, true) // today's scope: a write
	if err != nil {
		return err
	}
	if err := d.ownRecord(ctx, d.db, e.PersonID); err != nil {
		return err
	}
	if err := checkDetailKeys(e); err != nil {
		return err
	}
	if err := validate.Entry(e, d.Now()); err != nil {
		return err
	}
	if err := checkEntryDates(e, person.BirthDate, d.Now()); err != nil {
		return err
	}
	details, err := json.Marshal(e.Details)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	e.ID, err = tx.insert(ctx, `INSERT INTO person_entries (person_id, kind, date_from, date_to, title, details, doc_number, doc_date, doc_issuer)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.PersonID, e.Kind, e.From, e.To, e.Title, string(details),
		vn.Clean(e.Document.Number), isoOrEmpty(e.Document.Date), vn.Clean(e.Document.Issuer))
	if err != nil {
		return mapError(err)
	}
	if e.Kind == canbo.EntrySecondment {
		// A secondment typed on the timeline (a place, no units) is a secondment record like
		// the migrated ones; e.ID becomes the record's.
		if e.ID, err = adoptSecondmentEntries(ctx, tx); err != nil {
			return err
		}
	}
	return tx.auditCommit(ctx, "person.entry", "person", e.PersonID, nil, e)
}
