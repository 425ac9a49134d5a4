package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"canbo"
	"canbo/rules"
	"canbo/validate"
	"canbo/vn"
)

// Membership changes keep the history: a transfer closes a cell period and opens another, an
// end closes the open periods on its day. Because people are visible through their cell
// periods, a member stops counting in (and being seen from) a cell the day the period closes.

// member is the stored row of a membership, read for an edit.
type member struct {
	admitted, full, ended time.Time
	card                  string
}

// editableMember checks that the caller may edit the person, and reads the membership inside tx.
func (d *DB) editableMember(ctx context.Context, tx *Tx, personID int64) (*member, error) {
	if err := d.editablePerson(ctx, tx, personID); err != nil {
		return nil, err
	}
	var m member
	var admitted, full, ended string
	err := tx.queryRow(ctx, `SELECT admitted_on, full_on, ended_on, card_number FROM party_members WHERE person_id = ?`, personID).
		Scan(&admitted, &full, &ended, &m.card)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.membership.notfound")
	} else if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		s string
		t *time.Time
	}{{admitted, &m.admitted}, {full, &m.full}, {ended, &m.ended}} {
		if f.s != "" {
			if *f.t, err = parseDay(f.s); err != nil {
				return nil, err
			}
		}
	}
	return &m, nil
}

// notFuture refuses a day after today: changes are recorded once they happened.
func (d *DB) notFuture(field string, t time.Time) error {
	if t.After(d.Now()) {
		return canbo.Invalid(field, "err.sqlstore.membership.date_future", vn.FormatDay(t))
	}
	return nil
}

// period is a cell period being edited; transfers audit the periods they close.
type period struct {
	ID     int64  `json:"id"`
	CellID int64  `json:"cell_id"`
	From   string `json:"from"`
}

// openPeriods lists a member's cell periods of one kind that have not ended by day on.
func openPeriods(ctx context.Context, tx *Tx, personID int64, temporary bool, on string) ([]period, error) {
	rows, err := tx.query(ctx, `SELECT id, cell_id, valid_from FROM party_cells WHERE person_id = ? AND temporary = ? AND valid_to > ?
		ORDER BY valid_from`, personID, temporary, on)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []period
	for rows.Next() {
		var p period
		if err := rows.Scan(&p.ID, &p.CellID, &p.From); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// TransferMembership records a transfer to another cell (chuyển sinh hoạt Đảng), audited. An
// official transfer closes the official period open on that day and opens one in the new cell;
// a temporary transfer closes a temporary period still open then and opens a new one, keeping
// the official cell; a temporary transfer to the official cell is the return from temporary
// membership. The caller must be able to edit the person and the target cell that day.
func (d *DB) TransferMembership(ctx context.Context, personID int64, t *canbo.Transfer) error {
	on, err := validate.RequiredDay("on", "word.transfer_day", t.On)
	if err != nil {
		return err
	}
	until, err := validate.Day("until", t.Until)
	if err != nil {
		return err
	}
	if !until.IsZero() && (!t.Temporary || !on.Before(until)) {
		if !t.Temporary {
			return canbo.Invalid("until", "err.sqlstore.membership.until")
		}
		return canbo.Invalid("until", "err.sqlstore.membership.temporary_end_before_start", vn.FormatDay(until), vn.FormatDay(on))
	}
	if err := checkTransferBounds(on, until, d.Now()); err != nil {
		return err
	}
	dec, err := decision("decision", t.Decision)
	if err != nil {
		return err
	}
	t.Decision = dec
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	m, err := d.editableMember(ctx, tx, personID)
	if err != nil {
		return err
	}
	if !m.ended.IsZero() {
		return canbo.Invalid("on", "err.sqlstore.membership.on", vn.FormatDay(m.ended))
	}
	if on.Before(m.admitted) {
		return canbo.Invalid("on", "err.sqlstore.membership.transfer_before_admission", vn.FormatDay(on), vn.FormatDay(m.admitted))
	}
	cell, err := d.editableUnit(ctx, tx, "cell_id", t.CellID, on)
	if err != nil {
		return err
	}
	if cell.hierarchy != canbo.Party {
		return canbo.Invalid("cell_id", "err.sqlstore.membership.cell_id", cell.name)
	}
	official, err := openPeriods(ctx, tx, personID, false, day(on))
	if err != nil {
		return mapError(err)
	}
	temporary, err := openPeriods(ctx, tx, personID, true, day(on))
	if err != nil {
		return mapError(err)
	}
	// Transfers are recorded in date order: every period still open on the day began before it.
	for _, p := range append(slices.Clone(official), temporary...) {
		if p.From >= day(on) {
			return canbo.Invalid("on", "err.sqlstore.membership.transfer_before_cell",
				vn.FormatDay(on), vnDay(p.From))
		}
	}
	inCell := func(p period) bool { return p.CellID == t.CellID }
	back := t.Temporary && slices.ContainsFunc(official, inCell)
	switch {
	case back && len(temporary) == 0:
		return canbo.Invalid("cell_id", "err.sqlstore.membership.not_temporary", cell.name)
	case back && !until.IsZero():
		return canbo.Invalid("until", "err.sqlstore.membership.return_no_end")
	case !t.Temporary && slices.ContainsFunc(official, inCell):
		return canbo.Invalid("cell_id", "err.sqlstore.membership.already_official", cell.name)
	}
	// A temporary transfer ends the temporary membership open then (a return to the official
	// cell ends it and opens nothing); an official one ends the official period, and a temporary
	// period in the new cell, which the transfer makes official.
	closing := temporary
	if !t.Temporary {
		closing = append(official, slices.DeleteFunc(temporary, func(p period) bool { return !inCell(p) })...)
	}
	for _, p := range closing {
		if _, err := tx.exec(ctx, `UPDATE party_cells SET valid_to = ? WHERE id = ?`, day(on), p.ID); err != nil {
			return mapError(err)
		}
	}
	if back {
		t.On, t.Until = day(on), ""
		return tx.auditCommit(ctx, "person.party.transfer", "person", personID, closing, t)
	}
	to := canbo.Forever
	if !until.IsZero() {
		to = until
	}
	if _, err := tx.exec(ctx, `INSERT INTO party_cells (person_id, cell_id, valid_from, valid_to, temporary, doc_number, doc_date, doc_issuer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		personID, t.CellID, day(on), day(to), t.Temporary, dec.Number, dec.Date, dec.Issuer); err != nil {
		return mapError(err)
	}
	t.On, t.Until = day(on), ""
	if !until.IsZero() {
		t.Until = day(until)
	}
	return tx.auditCommit(ctx, "person.party.transfer", "person", personID, closing, t)
}

// checkTransferBounds bounds a transfer's days as a post's are (checkDateBounds): a transfer,
// like an appointment, is decided ahead and takes effect on its day, so both may be recorded
// up to recordsAhead years ahead and previewed as of a later day (docs/DESIGN.md, effective
// dating). Admissions, ends of membership and statuses record what happened and stay refused
// in the future (notFuture).
func checkTransferBounds(on, until, now time.Time) error {
	if err := checkDateBounds("on", vn.DateOf(on), now); err != nil {
		return err
	}
	if until.IsZero() {
		return nil
	}
	return checkDateBounds("until", vn.DateOf(until), now)
}

// vnDay prints a stored ISO day as dd/mm/yyyy.
func vnDay(s string) string {
	t, err := parseDay(s)
	if err != nil {
		return s
	}
	return vn.FormatDay(t)
}

// UpdateMembership records the full-membership date and the card number, audited. Full
// membership comes at the end of probation (rules: 12 months after admission), not before,
// and not after the membership ended; an empty date clears a wrong one.
func (d *DB) UpdateMembership(ctx context.Context, personID int64, p *canbo.MembershipPatch) error {
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	m, err := d.editableMember(ctx, tx, personID)
	if err != nil {
		return err
	}
	before := map[string]string{"full_on": isoOrEmpty(m.full), "card_number": m.card}
	full, card := m.full, m.card
	if p.FullOn != nil {
		if full, err = validate.Day("full_on", *p.FullOn); err != nil {
			return err
		}
		if err := d.checkFull(ctx, m, full); err != nil {
			return err
		}
	}
	if p.CardNumber != nil {
		if card, err = validate.Text("card_number", *p.CardNumber, 30); err != nil {
			return err
		}
	}
	after := map[string]string{"full_on": isoOrEmpty(full), "card_number": card}
	if _, err := tx.exec(ctx, `UPDATE party_members SET full_on = ?, card_number = ? WHERE person_id = ?`, after["full_on"], card, personID); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "person.party.update", "person", personID, before, after)
}

// admissionAge refuses an admission before the minimum age of the rule in force that day
// (18 years under the Party's Statute). The maximum age is not enforced: older admissions happen
// with the approval of a higher committee, which the record does not hold. The caller passes
// the rule set (sharedRules), so an import reads it once.
func admissionAge(set *rules.Set, birth string, admitted time.Time) error {
	b, err := vn.ParseDate(birth)
	if err != nil || b.IsZero() {
		return nil // the person's own record validates the birth date
	}
	rule, err := set.PartyOrg(admitted)
	if canbo.ErrorCode(err) == canbo.ENOTFOUND {
		return nil // no text in force that day: the store enforces no rule it has no text for
	} else if err != nil {
		return err
	}
	r, err := rules.AdmissionAge(rule, b, admitted)
	if err != nil {
		return err
	}
	if r.Age.InMonths() < rule.AdmissionMinAge.InMonths() {
		return canbo.Invalid("party.admitted_on", "remind.as_is", r.Words)
	}
	return nil
}

// checkFull checks a full-membership date against admission, probation, end and today.
func (d *DB) checkFull(ctx context.Context, m *member, full time.Time) error {
	if full.IsZero() {
		return nil
	}
	if !m.admitted.Before(full) {
		return canbo.Invalid("full_on", "err.sqlstore.bulk.party_full_on", vn.FormatDay(full), vn.FormatDay(m.admitted))
	}
	set, err := d.sharedRules(ctx)
	if err != nil {
		return err
	}
	// Admissions before the first known version of the rule are checked only against the
	// admission day: the store enforces no rule it has no text for.
	rule, err := set.Probation(m.admitted)
	if err != nil && canbo.ErrorCode(err) != canbo.ENOTFOUND {
		return err
	}
	if err != nil {
		rule.Months = 0
	}
	if end := rules.ProbationEnd(rule, m.admitted); rule.Months > 0 && full.Before(end) {
		return canbo.Invalid("full_on", "err.sqlstore.membership.full_on", vn.FormatDay(full), rule.Months, vn.FormatDay(end))
	}
	if !m.ended.IsZero() && full.After(m.ended) {
		return canbo.Invalid("full_on", "err.sqlstore.membership.full_after_leaving", vn.FormatDay(full), vn.FormatDay(m.ended))
	}
	return d.notFuture("full_on", full)
}

// AdmitMember records the admission (kết nạp) of a person already on file, with the cell where
// they hold membership from then on. A person has one membership record: a former member's is
// kept with its history, so a second admission is refused rather than written over it.
func (d *DB) AdmitMember(ctx context.Context, m *canbo.Membership) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	p, err := d.findPerson(ctx, tx, m.PersonID, true)
	if err != nil {
		return err
	}
	if err := d.ownRecord(ctx, tx, m.PersonID); err != nil {
		return err
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM party_members WHERE person_id = ?`, m.PersonID).Scan(&n); err != nil {
		return mapError(err)
	}
	if n > 0 {
		return canbo.Invalid("party.admitted_on", "err.sqlstore.membership.party_admitted_on")
	}
	if err := d.insertMembership(ctx, tx, m, p.BirthDate); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "person.party.admit", "person", m.PersonID, nil, m)
}

// EndMembership ends a membership (từ trần, khai trừ, xóa tên, ra khỏi Đảng) on a day,
// audited: the record stays, and every cell period still open then closes that day.
func (d *DB) EndMembership(ctx context.Context, personID int64, on, reason string) error {
	if !slices.Contains(canbo.EndReasons, reason) {
		return canbo.Invalid("reason", "err.sqlstore.membership.reason", reason)
	}
	end, err := validate.RequiredDay("on", "word.end_day", on)
	if err != nil {
		return err
	}
	if err := d.notFuture("on", end); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	m, err := d.editableMember(ctx, tx, personID)
	if err != nil {
		return err
	}
	if !m.ended.IsZero() {
		return canbo.Invalid("on", "err.sqlstore.membership.ended", vn.FormatDay(m.ended))
	}
	if !m.admitted.Before(end) {
		return canbo.Invalid("on", "err.sqlstore.membership.end_before_admission", vn.FormatDay(end), vn.FormatDay(m.admitted))
	}
	if !m.full.IsZero() && end.Before(m.full) {
		return canbo.Invalid("on", "err.sqlstore.membership.end_before_full", vn.FormatDay(end), vn.FormatDay(m.full))
	}
	var last string
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(valid_from), '') FROM party_cells WHERE person_id = ? AND valid_to > ?`, personID, day(end)).Scan(&last); err != nil {
		return mapError(err)
	}
	if last >= day(end) {
		return canbo.Invalid("on", "err.sqlstore.membership.end_before_cell", vn.FormatDay(end), vnDay(last))
	}
	if _, err := tx.exec(ctx, `UPDATE party_members SET ended_on = ?, end_reason = ? WHERE person_id = ?`, day(end), reason, personID); err != nil {
		return mapError(err)
	}
	if _, err := tx.exec(ctx, `UPDATE party_cells SET valid_to = ? WHERE person_id = ? AND valid_to > ?`, day(end), personID, day(end)); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "person.party.end", "person", personID, nil, map[string]string{"ended_on": day(end), "reason": reason})
}
