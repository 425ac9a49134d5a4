package sqlstore

import (
	"context"
	"slices"
	"time"

	"canbo"
	"canbo/validate"
)

// MarkReminder marks a reminder (person, kind, due day) as handled by the caller, or clears
// the mark, audited. A mark is kept by the item's identity, not by a computed row: if the rule
// moves the due day, the new item is not handled.
func (d *DB) MarkReminder(ctx context.Context, personID int64, kind canbo.ReminderKind, due string, handled bool) error {
	if !slices.Contains(canbo.ReminderKinds, kind) {
		return canbo.Invalid("kind", "err.sqlstore.reminder_handled.kind", kind)
	}
	day0, err := validate.RequiredDay("due", "word.reminder_due_day", due)
	if err != nil {
		return err
	}
	u := canbo.UserFromContext(ctx)
	if u == nil || u.ID == 0 {
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.reminder_handled.forbidden")
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.editablePerson(ctx, tx, personID); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM reminders_handled WHERE person_id = ? AND kind = ? AND due = ?`, personID, string(kind), day(day0)); err != nil {
		return mapError(err)
	}
	action := "reminder.unhandled"
	if handled {
		action = "reminder.handled"
		if _, err := tx.exec(ctx, `INSERT INTO reminders_handled (person_id, kind, due, handled_by, handled_at) VALUES (?, ?, ?, ?, ?)`,
			personID, string(kind), day(day0), u.ID, d.Now().UTC().Format(time.RFC3339)); err != nil {
			return mapError(err)
		}
	}
	return tx.auditCommit(ctx, action, "person", personID, nil, map[string]string{"kind": string(kind), "due": day(day0)})
}

// readHandled sets Handled on the items marked, reading the marks of the items' people only.
func (d *DB) readHandled(ctx context.Context, items []canbo.Reminder) error {
	if len(items) == 0 {
		return nil
	}
	var ids []any
	seen := map[int64]bool{}
	for _, it := range items {
		if !seen[it.PersonID] {
			seen[it.PersonID] = true
			ids = append(ids, it.PersonID)
		}
	}
	type key struct {
		person    int64
		kind, due string
	}
	marks := map[key]*canbo.ReminderHandled{}
	for chunk := range slices.Chunk(ids, 500) {
		q, args := cat(frag(`SELECT h.person_id, h.kind, h.due, COALESCE(u.username, ''), h.handled_at FROM reminders_handled h
			LEFT JOIN users u ON u.id = h.handled_by WHERE h.person_id IN (`), listOf(chunk), frag(`)`)).bind(d.dialect)
		rows, err := d.db.QueryContext(ctx, q, args...)
		if err != nil {
			return mapError(err)
		}
		for rows.Next() {
			var k key
			var by, at string
			if err := rows.Scan(&k.person, &k.kind, &k.due, &by, &at); err != nil {
				rows.Close()
				return mapError(err)
			}
			t, _ := time.Parse(time.RFC3339, at)
			marks[k] = &canbo.ReminderHandled{By: by, At: t}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return mapError(err)
		}
	}
	for i := range items {
		items[i].Handled = marks[key{items[i].PersonID, string(items[i].Kind), day(items[i].Due)}]
	}
	return nil
}
