package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"canbo"
	"canbo/audit"
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
	if err := d.editablePerson(ctx, tx, personID); err != nil {
		return err
	}
	var p canbo.Post
	err = tx.queryRow(ctx, `SELECT id, person_id, unit_id, title, is_primary, valid_from, valid_to, doc_number FROM posts WHERE id = ? AND person_id = ?`, postID, personID).
		Scan(&p.ID, &p.PersonID, &p.UnitID, &p.Title, &p.Primary, &p.From, &p.To, &p.Document.Number)
	if err == sql.ErrNoRows {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.posts.notfound", postID)
	} else if err != nil {
		return mapError(err)
	}
	from, err := parseDay(p.From)
	if err != nil {
		return err
	}
	if _, err := d.editableUnit(ctx, tx, "post.unit_id", p.UnitID, from); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM posts WHERE id = ?`, postID); err != nil {
		return mapError(err)
	}
	return tx.auditRemoval(ctx, "person.post.remove", personID, p, reason)
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
	var e canbo.Entry
	var details string
	err = tx.queryRow(ctx, `SELECT id, person_id, kind, date_from, date_to, title, details, doc_number FROM person_entries WHERE id = ? AND person_id = ?`, entryID, personID).
		Scan(&e.ID, &e.PersonID, &e.Kind, &e.From, &e.To, &e.Title, &details, &e.Document.Number)
	if err == sql.ErrNoRows {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.corrections.entry_notfound", entryID)
	} else if err != nil {
		return mapError(err)
	}
	if c := canbo.EntryClass(e.Kind); c != "" && !canSee(ctx, c) {
		// Not seen, so not found: the caller must not learn that such an entry exists.
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.corrections.entry_notfound", entryID)
	}
	if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM person_entries WHERE id = ?`, entryID); err != nil {
		return mapError(err)
	}
	return tx.auditRemoval(ctx, "person.entry.remove", personID, e, reason)
}

// auditRemoval records the removal of a part of person personID with the part as it was and
// the reason, and commits.
func (tx *Tx) auditRemoval(ctx context.Context, action string, personID int64, before any, reason string) error {
	ae := &audit.Event{Action: action, Entity: "person", EntityID: strconv.FormatInt(personID, 10), Before: audit.Redact(before), Reason: reason}
	if err := tx.audit(ctx, ae); err != nil {
		return mapError(err)
	}
	return tx.commitAudit(ae)
}
