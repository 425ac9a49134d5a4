package sqlstore

import (
	"context"
	"slices"
	"strings"

	"canbo"
	"canbo/validate"
)

// statusOf is a person's status on the day on (docs/DESIGN.md "Person status"): deceased if
// their party membership ended by death by then, else the latest recorded status from a day
// not after on, else working.
func statusOf(person, on string) fragment {
	return frag(`(CASE WHEN EXISTS (SELECT 1 FROM party_members sm WHERE sm.person_id = `+person+` AND sm.end_reason = ? AND sm.ended_on <> '' AND sm.ended_on <= ?)
		THEN ? ELSE COALESCE((SELECT ps.status FROM person_status ps WHERE ps.person_id = `+person+` AND ps.since <= ? ORDER BY ps.since DESC LIMIT 1), ?) END)`,
		canbo.EndDeath, on, canbo.StatusDeceased, on, canbo.StatusWorking)
}

// SetStatus records the person's status from a day on, audited. The day may not be in the
// future: a status says what happened (a retirement decision takes effect when it does).
func (d *DB) SetStatus(ctx context.Context, personID int64, status, since string) error {
	if !slices.Contains(canbo.PersonStatuses, status) {
		return canbo.Invalid("status", "err.sqlstore.status.status", status, strings.Join(canbo.PersonStatuses, ", "))
	}
	from, err := validate.RequiredDay("since", "word.status_since", since)
	if err != nil {
		return err
	}
	if err := d.notFuture("since", from); err != nil {
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
	if _, err := tx.exec(ctx, `DELETE FROM person_status WHERE person_id = ? AND since = ?`, personID, day(from)); err != nil {
		return mapError(err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO person_status (person_id, since, status) VALUES (?, ?, ?)`, personID, day(from), status); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "person.status", "person", personID, nil, map[string]string{"status": status, "since": day(from)})
}
