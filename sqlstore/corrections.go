package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"canbo"
	"canbo/audit"
	"canbo/validate"
	"canbo/vn"
)

// Corrections: a post or a timeline entry recorded by mistake is removed, never silently — the
// caller gives a reason, and the audit event of the removal keeps the row as it was, so an
// administrator can see what was removed, by whom, when and why (docs/DESIGN.md, "every
// change audited").

// correctionReason checks the reason a removal must give.
func correctionReason(reason string) (string, error) {
	reason = vn.Clean(reason)
	switch {
	case reason == "":
		return "", canbo.Invalid("reason", "err.sqlstore.corrections.reason")
	case utf8.RuneCountInString(reason) > 500:
		return "", canbo.Invalid("reason", "err.sqlstore.corrections.reason_long", 500)
	}
	return reason, nil
}

// RemovePost removes a post recorded by mistake (a post that ended is ended with EndPost, not
// removed). The caller must be able to edit the person and the post's unit.
func (d *DB) RemovePost(ctx context.Context, personID, postID int64, reason string) error {
	reason, err := correctionReason(reason)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	p, err := d.editablePost(ctx, tx, personID, postID)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM posts WHERE id = ?`, postID); err != nil {
		return mapError(err)
	}
	return tx.auditCorrection(ctx, "person.post.remove", personID, p, nil, reason)
}

// RemoveEntry removes a timeline entry (a salary step, a training, a family member…) recorded
// by mistake. An entry of a sensitive kind needs the grant of its class, as adding it does.
func (d *DB) RemoveEntry(ctx context.Context, personID, entryID int64, reason string) error {
	reason, err := correctionReason(reason)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.editablePerson(ctx, tx, personID); err != nil {
		return err
	}
	e, err := storedEntry(ctx, tx, personID, entryID)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM person_entries WHERE id = ?`, entryID); err != nil {
		return mapError(err)
	}
	return tx.auditCorrection(ctx, "person.entry.remove", personID, e, nil, reason)
}

// auditCorrection records a correction of a part of person personID — the part before and
// after (after nil for a removal) and the reason — and commits.
func (tx *Tx) auditCorrection(ctx context.Context, action string, personID int64, before, after any, reason string) error {
	ae := &audit.Event{Action: action, Entity: "person", EntityID: strconv.FormatInt(personID, 10), Before: audit.Redact(before), Reason: reason}
	if after != nil {
		ae.After = audit.Redact(after)
	}
	if err := tx.audit(ctx, ae); err != nil {
		return mapError(err)
	}
	return tx.commitAudit(ae)
}

// editablePost reads a post the caller may correct: the person editable by the caller, the
// post theirs, and its unit editable on the post's first day.
func (d *DB) editablePost(ctx context.Context, tx *Tx, personID, postID int64) (*canbo.Post, error) {
	if err := d.editablePerson(ctx, tx, personID); err != nil {
		return nil, err
	}
	p, err := storedPost(ctx, tx, personID, postID)
	if err != nil {
		return nil, err
	}
	from, err := parseDay(p.From)
	if err != nil {
		return nil, err
	}
	if _, err := d.editableUnit(ctx, tx, "post.unit_id", p.UnitID, from); err != nil {
		return nil, err
	}
	return p, nil
}

// storedPost reads a post of the person inside tx, with its document.
func storedPost(ctx context.Context, tx *Tx, personID, postID int64) (*canbo.Post, error) {
	var p canbo.Post
	var docDate string
	err := tx.queryRow(ctx, `SELECT id, person_id, unit_id, title, is_primary, valid_from, valid_to, doc_number, doc_date, doc_issuer FROM posts WHERE id = ? AND person_id = ?`, postID, personID).
		Scan(&p.ID, &p.PersonID, &p.UnitID, &p.Title, &p.Primary, &p.From, &p.To, &p.Document.Number, &docDate, &p.Document.Issuer)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.posts.notfound", postID)
	} else if err != nil {
		return nil, mapError(err)
	}
	if p.To == day(canbo.Forever) {
		p.To = ""
	}
	p.Document.Date, _ = parseDay(docDate)
	return &p, nil
}

// EditPost corrects a post's unit, title, primary flag, days and document number, audited with
// the old and the new values and the reason. The caller must be able to edit the person, the
// post's unit on its first day and the new unit on the new first day.
func (d *DB) EditPost(ctx context.Context, personID, postID int64, p *canbo.Post, reason string) error {
	reason, err := correctionReason(reason)
	if err != nil {
		return err
	}
	from, to, err := validate.Post(p)
	if err != nil {
		return err
	}
	if err := checkPostBounds(from, to, d.Now()); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	before, err := d.editablePost(ctx, tx, personID, postID)
	if err != nil {
		return err
	}
	if _, err := d.editableUnit(ctx, tx, "post.unit_id", p.UnitID, from); err != nil {
		return err
	}
	// The document's day is not sent by the form nor the API (canbo.Document hides it from
	// JSON): it keeps the stored one.
	if _, err := tx.exec(ctx, `UPDATE posts SET unit_id = ?, title = ?, is_primary = ?, valid_from = ?, valid_to = ?, doc_number = ?, doc_issuer = ? WHERE id = ?`,
		p.UnitID, p.Title, p.Primary, day(from), day(to), vn.Clean(p.Document.Number), vn.Clean(p.Document.Issuer), postID); err != nil {
		return mapError(err)
	}
	after := *before
	after.UnitID, after.Title, after.Primary, after.From, after.To = p.UnitID, p.Title, p.Primary, day(from), ""
	if !to.Equal(canbo.Forever) {
		after.To = day(to)
	}
	after.Document.Number, after.Document.Issuer = vn.Clean(p.Document.Number), vn.Clean(p.Document.Issuer)
	*p = after
	return tx.auditCorrection(ctx, "person.post.edit", personID, before, after, reason)
}

// EditEntry corrects a timeline entry (its days, title, details and document number; its kind
// stays), checked as adding it is and audited with the old and the new values and the reason.
func (d *DB) EditEntry(ctx context.Context, personID, entryID int64, e *canbo.Entry, reason string) error {
	reason, err := correctionReason(reason)
	if err != nil {
		return err
	}
	person, err := d.findPerson(ctx, d.db, personID, true) // today's scope: a write
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.editablePerson(ctx, tx, personID); err != nil {
		return err
	}
	if err := d.ownRecord(ctx, tx, personID); err != nil {
		return err
	}
	before, err := storedEntry(ctx, tx, personID, entryID)
	if err != nil {
		return err
	}
	e.ID, e.PersonID, e.Kind = entryID, personID, before.Kind
	if e.Details == nil {
		e.Details = map[string]string{}
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
	if _, err := tx.exec(ctx, `UPDATE person_entries SET date_from = ?, date_to = ?, title = ?, details = ?, doc_number = ?, doc_issuer = ? WHERE id = ?`,
		e.From, e.To, e.Title, string(details), vn.Clean(e.Document.Number), vn.Clean(e.Document.Issuer), entryID); err != nil {
		return mapError(err)
	}
	return tx.auditCorrection(ctx, "person.entry.edit", personID, before, e, reason)
}

// storedEntry reads an entry of the person inside tx; one of a class the caller may not see is
// not found, so the caller does not learn that it exists.
func storedEntry(ctx context.Context, tx *Tx, personID, entryID int64) (*canbo.Entry, error) {
	var e canbo.Entry
	var details string
	err := tx.queryRow(ctx, `SELECT id, person_id, kind, date_from, date_to, title, details, doc_number, doc_issuer FROM person_entries WHERE id = ? AND person_id = ?`, entryID, personID).
		Scan(&e.ID, &e.PersonID, &e.Kind, &e.From, &e.To, &e.Title, &details, &e.Document.Number, &e.Document.Issuer)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.corrections.entry_notfound", entryID)
	} else if err != nil {
		return nil, mapError(err)
	}
	if c := canbo.EntryClass(e.Kind); c != "" && !canSee(ctx, c) {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.corrections.entry_notfound", entryID)
	}
	if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
		return nil, err
	}
	return &e, nil
}

// cellRow is a stored cell period, read for a correction.
type cellRow struct {
	ID        int64           `json:"id"`
	CellID    int64           `json:"cell_id"`
	From      string          `json:"from"`
	To        string          `json:"to"`
	Temporary bool            `json:"temporary"`
	Decision  canbo.Decision  `json:"decision"`
	Previous  *cellRowVersion `json:"previous,omitempty"`
}

// cellRowVersion is the period a transfer closed: its id and the day it ended.
type cellRowVersion struct {
	ID int64  `json:"id"`
	To string `json:"to"`
}

// storedTransfer reads a cell period of the member and the period of the same kind it
// followed (the one that ended on its first day), nil for the first.
func storedTransfer(ctx context.Context, tx *Tx, personID, periodID int64) (*cellRow, error) {
	var c cellRow
	err := tx.queryRow(ctx, `SELECT id, cell_id, valid_from, valid_to, temporary, doc_number, doc_date, doc_issuer FROM party_cells WHERE id = ? AND person_id = ?`, periodID, personID).
		Scan(&c.ID, &c.CellID, &c.From, &c.To, &c.Temporary, &c.Decision.Number, &c.Decision.Date, &c.Decision.Issuer)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.corrections.transfer_notfound", periodID)
	} else if err != nil {
		return nil, mapError(err)
	}
	var prev cellRowVersion
	err = tx.queryRow(ctx, `SELECT id, valid_to FROM party_cells WHERE person_id = ? AND temporary = ? AND valid_to = ? AND id <> ?`, personID, c.Temporary, c.From, c.ID).
		Scan(&prev.ID, &prev.To)
	if err == nil {
		c.Previous = &prev
	} else if err != sql.ErrNoRows {
		return nil, mapError(err)
	}
	return &c, nil
}

// decision checks and cleans a transfer's or an admission's paper; field prefixes its fields.
func decision(field string, dec canbo.Decision) (canbo.Decision, error) {
	t, err := validate.Day(field+".date", dec.Date)
	if err != nil {
		return dec, err
	}
	return canbo.Decision{Number: vn.Clean(dec.Number), Date: isoOrEmpty(t), Issuer: vn.Clean(dec.Issuer)}, nil
}

// EditTransfer corrects a transfer: its cell, its day (the period it closed then ends on the
// new day), the end of a temporary attachment, and its paper; audited with the old and new
// values and the reason. The first official period comes with the admission: its day is the
// admission's, so only its cell and paper may change here.
func (d *DB) EditTransfer(ctx context.Context, personID, periodID int64, t *canbo.Transfer, reason string) error {
	reason, err := correctionReason(reason)
	if err != nil {
		return err
	}
	on, err := validate.RequiredDay("on", "word.transfer_day", t.On)
	if err != nil {
		return err
	}
	until, err := validate.Day("until", t.Until)
	if err != nil {
		return err
	}
	dec, err := decision("decision", t.Decision)
	if err != nil {
		return err
	}
	if err := checkTransferBounds(on, until, d.Now()); err != nil {
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
	before, err := storedTransfer(ctx, tx, personID, periodID)
	if err != nil {
		return err
	}
	oldFrom, err := parseDay(before.From)
	if err != nil {
		return err
	}
	if _, err := d.editableUnit(ctx, tx, "cell_id", before.CellID, oldFrom); err != nil {
		return err
	}
	to := before.To
	switch {
	case !before.Temporary && !until.IsZero():
		return canbo.Invalid("until", "err.sqlstore.membership.until")
	case !until.IsZero():
		to = day(until)
	}
	if before.Previous == nil && !before.Temporary && day(on) != before.From {
		return canbo.Invalid("on", "err.sqlstore.corrections.first_period", vnDay(before.From))
	}
	if on.Before(m.admitted) {
		return canbo.Invalid("on", "err.sqlstore.membership.transfer_before_admission", vn.FormatDay(on), vn.FormatDay(m.admitted))
	}
	if day(on) >= to {
		return canbo.Invalid("on", "err.sqlstore.corrections.on_after_end", vn.FormatDay(on), vnDay(to))
	}
	if before.Previous != nil {
		var prevFrom string
		if err := tx.queryRow(ctx, `SELECT valid_from FROM party_cells WHERE id = ?`, before.Previous.ID).Scan(&prevFrom); err != nil {
			return mapError(err)
		}
		if day(on) <= prevFrom {
			return canbo.Invalid("on", "err.sqlstore.membership.transfer_before_cell", vn.FormatDay(on), vnDay(prevFrom))
		}
	}
	cell, err := d.editableUnit(ctx, tx, "cell_id", t.CellID, on)
	if err != nil {
		return err
	}
	if cell.hierarchy != canbo.Party {
		return canbo.Invalid("cell_id", "err.sqlstore.membership.cell_id", cell.name)
	}
	if before.Previous != nil {
		if _, err := tx.exec(ctx, `UPDATE party_cells SET valid_to = ? WHERE id = ?`, day(on), before.Previous.ID); err != nil {
			return mapError(err)
		}
	}
	if _, err := tx.exec(ctx, `UPDATE party_cells SET cell_id = ?, valid_from = ?, valid_to = ?, doc_number = ?, doc_date = ?, doc_issuer = ? WHERE id = ?`,
		t.CellID, day(on), to, dec.Number, dec.Date, dec.Issuer, periodID); err != nil {
		return mapError(err)
	}
	after := cellRow{ID: periodID, CellID: t.CellID, From: day(on), To: to, Temporary: before.Temporary, Decision: dec}
	if before.Previous != nil {
		after.Previous = &cellRowVersion{ID: before.Previous.ID, To: day(on)}
	}
	return tx.auditCorrection(ctx, "person.party.transfer.edit", personID, before, after, reason)
}

// RemoveTransfer removes a transfer recorded by mistake: the period it opened goes, and the
// period it closed runs on to where the removed one ended, as if the transfer never happened.
// The first official period is the admission's and cannot be removed here.
func (d *DB) RemoveTransfer(ctx context.Context, personID, periodID int64, reason string) error {
	reason, err := correctionReason(reason)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := d.editableMember(ctx, tx, personID); err != nil {
		return err
	}
	c, err := storedTransfer(ctx, tx, personID, periodID)
	if err != nil {
		return err
	}
	from, err := parseDay(c.From)
	if err != nil {
		return err
	}
	if _, err := d.editableUnit(ctx, tx, "cell_id", c.CellID, from); err != nil {
		return err
	}
	if c.Previous == nil && !c.Temporary {
		return canbo.Invalid("transfer", "err.sqlstore.corrections.first_period_remove")
	}
	if _, err := tx.exec(ctx, `DELETE FROM party_cells WHERE id = ?`, periodID); err != nil {
		return mapError(err)
	}
	if c.Previous != nil {
		if _, err := tx.exec(ctx, `UPDATE party_cells SET valid_to = ? WHERE id = ?`, c.To, c.Previous.ID); err != nil {
			return mapError(err)
		}
	}
	return tx.auditCorrection(ctx, "person.party.transfer.remove", personID, c, nil, reason)
}
