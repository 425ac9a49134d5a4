package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"canbo"
	"canbo/photo"
)

// SetPhoto stores a person's portrait, audited: the upload is validated and re-encoded here (see
// package photo), so no path into the store can keep an unchecked file or its metadata. The
// audit records the stored size, never the image.
func (d *DB) SetPhoto(ctx context.Context, personID int64, upload []byte) error {
	// Refuse whoever may not edit before spending a decode on the upload.
	if err := d.editablePerson(ctx, d.db, personID); err != nil {
		return err
	}
	jpg, w, h, err := photo.Portrait(upload, "")
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
	if _, err := tx.exec(ctx, `DELETE FROM person_photos WHERE person_id = ?`, personID); err != nil {
		return mapError(err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO person_photos (person_id, jpeg, width, height, updated_at) VALUES (?, ?, ?, ?, ?)`,
		personID, jpg, w, h, d.Now().UTC().Format(time.RFC3339)); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "person.photo.set", "person", personID, nil,
		map[string]string{"size": strconv.Itoa(w) + "x" + strconv.Itoa(h), "bytes": strconv.Itoa(len(jpg))})
}

// Photo returns the stored portrait of a person the caller may see.
func (d *DB) Photo(ctx context.Context, personID int64) ([]byte, time.Time, error) {
	if _, err := d.FindPerson(ctx, personID); err != nil {
		return nil, time.Time{}, err
	}
	var jpg []byte
	var at string
	err := d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT jpeg, updated_at FROM person_photos WHERE person_id = ?`), personID).Scan(&jpg, &at)
	if err == sql.ErrNoRows {
		return nil, time.Time{}, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.photo.notfound")
	} else if err != nil {
		return nil, time.Time{}, mapError(err)
	}
	t, _ := time.Parse(time.RFC3339, at)
	return jpg, t, nil
}

// DeletePhoto removes a person's portrait, audited.
func (d *DB) DeletePhoto(ctx context.Context, personID int64) error {
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.editablePerson(ctx, tx, personID); err != nil {
		return err
	}
	res, err := tx.exec(ctx, `DELETE FROM person_photos WHERE person_id = ?`, personID)
	if err != nil {
		return mapError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.photo.notfound")
	}
	return tx.auditCommit(ctx, "person.photo.delete", "person", personID, nil, nil)
}
