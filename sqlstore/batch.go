package sqlstore

import (
	"context"
	"time"

	"canbo"
)

// Apply records one event inside a batch and returns the units it created.
type Apply func(in canbo.EventInput) (created []int64, err error)

// Batch runs fn in one transaction under the name of an import: all of it is recorded or none
// of it, and a batch whose name was already recorded does nothing (ran reports false), so an
// import run twice changes nothing. Code clashes are checked once at the end, because an import
// may hand a code from a unit ending later in the batch to a unit created earlier in it.
// fn returns a summary stored with the import.
func (d *DB) Batch(ctx context.Context, name string, fn func(apply Apply) (summary string, err error)) (ran bool, err error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM imports WHERE name = ?`, name).Scan(&n); err != nil {
		return false, mapError(err)
	} else if n > 0 {
		return false, nil
	}
	codes := map[string]bool{}
	summary, err := fn(func(in canbo.EventInput) ([]int64, error) {
		_, created, err := d.applyEvent(ctx, tx, in, codes, true)
		return created, err
	})
	if err != nil {
		return false, mapError(err)
	}
	if err := checkCodes(ctx, tx, codes); err != nil {
		return false, mapError(err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO imports (name, applied_at, summary) VALUES (?, ?, ?)`,
		name, d.Now().Format(time.RFC3339), summary); err != nil {
		return false, mapError(err)
	}
	return true, mapError(tx.Commit())
}

// Imported reports whether the named import has run.
func (d *DB) Imported(ctx context.Context, name string) (bool, error) {
	var n int
	err := d.db.QueryRowContext(ctx, d.rebind(`SELECT COUNT(*) FROM imports WHERE name = ?`), name).Scan(&n)
	return n > 0, mapError(err)
}
