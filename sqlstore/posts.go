package sqlstore

import (
	"context"
	"database/sql"

	"canbo"
	"canbo/validate"
	"canbo/vn"
)

// EndPost sets the end of a post, audited: a post ends after it starts, and the caller must be
// able to edit the person and the post's unit.
func (d *DB) EndPost(ctx context.Context, personID, postID int64, to string) error {
	end, err := validate.RequiredDay("post.to", "word.post_end_day", to)
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
	err = tx.queryRow(ctx, `SELECT id, person_id, unit_id, title, valid_from, valid_to FROM posts WHERE id = ? AND person_id = ?`, postID, personID).
		Scan(&p.ID, &p.PersonID, &p.UnitID, &p.Title, &p.From, &p.To)
	if err == sql.ErrNoRows {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.posts.notfound", postID)
	} else if err != nil {
		return mapError(err)
	}
	from, err := parseDay(p.From)
	if err != nil {
		return err
	}
	if !from.Before(end) {
		return canbo.Invalid("post.to", "err.sqlstore.posts.post_to", vn.FormatDay(end), vn.FormatDay(from))
	}
	// The unit is checked on the post's last day, or on its first if the unit has not lasted.
	if _, err := d.editableUnit(ctx, tx, "post.unit_id", p.UnitID, end.AddDate(0, 0, -1)); err != nil {
		if _, err2 := d.editableUnit(ctx, tx, "post.unit_id", p.UnitID, from); err2 != nil {
			return err
		}
	}
	before := p
	if _, err := tx.exec(ctx, `UPDATE posts SET valid_to = ? WHERE id = ?`, day(end), postID); err != nil {
		return mapError(err)
	}
	p.To = day(end)
	return tx.auditCommit(ctx, "person.post.end", "person", personID, before, p)
}
