package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"canbo"
	"canbo/locale"
	"canbo/vn"
)

// StaffMember is a person holding a post on a day, with the day their first recorded post began:
// what a generator of service timelines (salary steps) starts from.
type StaffMember struct {
	PersonID  int64
	StaffType canbo.StaffType
	Since     time.Time
}

// StaffOn lists the people holding a post on day on, by id. System work only: it ignores scope.
func (d *DB) StaffOn(ctx context.Context, on time.Time) ([]StaffMember, error) {
	if !canbo.ScopeFromContext(ctx).All || canbo.UserFromContext(ctx) != nil {
		return nil, canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.bulk_entries.forbidden")
	}
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT p.id, p.staff_type, (SELECT MIN(y.valid_from) FROM posts y WHERE y.person_id = p.id)
		FROM people p WHERE EXISTS (SELECT 1 FROM posts x WHERE x.person_id = p.id AND x.valid_from <= ? AND x.valid_to > ?) ORDER BY p.id`), day(on), day(on))
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []StaffMember
	for rows.Next() {
		var s StaffMember
		var since string
		if err := rows.Scan(&s.PersonID, &s.StaffType, &since); err != nil {
			return nil, err
		}
		if s.Since, err = parseDay(since); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// bulkEntryRows is the rows per multi-row INSERT of BulkEntries; entryBound of each row's
// columns are bound (the document's three are empty), entryArgs in a full statement.
const (
	bulkEntryRows = 200
	entryBound    = 6
	entryArgs     = bulkEntryRows * entryBound
)

// BulkEntries adds timeline entries in one transaction recorded as the import name, like
// BulkPeople: all or none, once (ran is false when the name is already recorded), one audit
// event for the whole load. fn calls add once per entry, so a generator need not hold them all
// (the nation seed's 14 million entries, each with its details map, took gigabytes as a slice).
// Kinds and dates are checked as AddEntry checks them. Only system work and administrators may
// load.
func (d *DB) BulkEntries(ctx context.Context, name string, fn func(add func(canbo.Entry) error) error) (ran bool, err error) {
	if !canbo.ScopeFromContext(ctx).All {
		return false, canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.bulk.forbidden")
	}
	conn, restore, err := d.bulkConn(ctx, bulkCacheKiB, true)
	if err != nil {
		return false, err
	}
	defer restore()
	tx, err := d.beginOn(ctx, conn.BeginTx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if done, err := importedIn(ctx, tx, name); err != nil || done {
		return false, err
	}
	deferred, err := deferIndexes(ctx, tx, "person_entries", "person_entries")
	if err != nil {
		return false, mapError(err)
	}
	const row = `(?, ?, ?, ?, ?, ?, '', '', '')`
	insert := func(rows int) string {
		return `INSERT INTO person_entries (person_id, kind, date_from, date_to, title, details, doc_number, doc_date, doc_issuer) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
	}
	// Full statements reuse one prepared statement; the last, shorter one is prepared once.
	full, err := tx.PrepareContext(ctx, d.dialect.rebind(insert(bulkEntryRows)))
	if err != nil {
		return false, mapError(err)
	}
	defer full.Close()
	// The caller's side draws, checks and encodes the entries while the writer executes the
	// statements, a statement's rows at a time: at nation scale (14 million entries) each side
	// takes about 40 s, which they took one after the other.
	w := startWriter(4, func(args []any) error {
		var err error
		if len(args) == entryArgs {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.exec(ctx, insert(len(args)/entryBound), args...)
		}
		return mapError(err)
	})
	args := make([]any, 0, entryArgs)
	n := 0
	add := func(e canbo.Entry) error {
		n++
		if !slices.Contains(canbo.EntryKinds, e.Kind) {
			return canbo.Invalid("kind", "err.sqlstore.bulk_entries.kind", n, e.Kind)
		}
		from, err := vn.ParseDateField("from", e.From)
		if err != nil {
			return err
		}
		to, err := vn.ParseDateField("to", e.To)
		if err != nil {
			return err
		}
		details, err := json.Marshal(e.Details)
		if err != nil {
			return err
		}
		args = append(args, e.PersonID, e.Kind, from.String(), to.String(), vn.Clean(e.Title), string(details))
		if len(args) == entryArgs {
			err := w.send(args)
			args = make([]any, 0, entryArgs) // the writer owns the sent slice
			return err
		}
		return nil
	}
	err = fn(add)
	if err == nil && len(args) > 0 {
		err = w.send(args)
	}
	if werr := w.finish(); err == nil {
		err = werr
	}
	if err != nil {
		return false, err
	}
	if err := createIndexes(ctx, tx, deferred); err != nil {
		return false, mapError(err)
	}
	if _, err := adoptSecondmentEntries(ctx, tx); err != nil {
		return false, err
	}
	summary := locale.Format("vi", "import.summary.entries", n)
	return d.commitImport(ctx, tx, name, summary, "person_entries")
}
