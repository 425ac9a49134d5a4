package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"canbo"
	"canbo/audit"
)

// Batcher records changes inside a batch's transaction.
type Batcher struct {
	d      *DB
	ctx    context.Context
	tx     *Tx
	events int // recorded so far
}

// batchTables are the tables a batch's events fill.
const batchTables = "units, unit_versions, events, event_links"

// analyzeAfter is how many events a batch records before it refreshes, on PostgreSQL, the
// statistics of the tables its events fill. PostgreSQL plans the batch's statements, and the
// foreign keys' checks, from the statistics the tables have when they first run, and keeps the
// plans; a vacuum after a killed import leaves the statistics of empty tables, so that every
// check and lookup then scanned the growing tables: the administrative units' import took 68 s
// instead of 16 s, and 5–6 minutes in TestFaultKilled. New statistics make PostgreSQL plan
// them again.
const analyzeAfter = 1000

// Event records one event and returns the units it created.
func (b *Batcher) Event(in canbo.EventInput) (created []int64, err error) {
	if b.events++; b.events == analyzeAfter {
		if analyze := b.d.dialect.analyze(batchTables); analyze != "" {
			if _, err := b.tx.exec(b.ctx, analyze); err != nil {
				return nil, err
			}
		}
	}
	_, created, err = b.d.applyEvent(b.ctx, b.tx, in, nil, true)
	return created, err
}

// Link records a cross-link between units of two hierarchies.
func (b *Batcher) Link(l *canbo.UnitLink) error { return b.d.link(b.ctx, b.tx, l) }

// FindCode returns the unit of a hierarchy holding an official code on a day.
func (b *Batcher) FindCode(h canbo.Hierarchy, code string, on time.Time) (int64, error) {
	units, _, err := b.d.findUnits(b.ctx, cachedQueries{b.tx}, canbo.UnitFilter{Hierarchy: h, Code: code, AsOf: on, Limit: 2})
	if err != nil {
		return 0, err
	}
	if len(units) != 1 {
		return 0, canbo.Invalid("code", "err.sqlstore.batch.code", code, vnDay(day(on)))
	}
	return units[0].ID, nil
}

// cachedQueries runs a batch's queries, already bound for the engine, through its statement
// cache: the demo trees look up a territory unit by code for each of their 26,408 local units
// at nation scale, and parsing findUnits' statement again each time was almost a third of
// their CPU (docs/BENCHMARKS-HISTORY.md, "The seed, session 9").
type cachedQueries struct{ tx *Tx }

func (c cachedQueries) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := c.tx.prepared(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.tx.QueryContext(ctx, q, args...)
}

// Batch runs fn in one transaction under the name of an import: all of it is recorded or none
// of it, and a batch whose name was already recorded does nothing (ran reports false), so an
// import run twice changes nothing. Code clashes are checked once at the end, because an import
// may hand a code from a unit ending later in the batch to a unit created earlier in it.
// fn returns a summary stored with the import.
func (d *DB) Batch(ctx context.Context, name string, fn func(b *Batcher) (summary string, err error)) (ran bool, err error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	// A batch is thousands of events through the same few statements: parsing them again
	// for each was almost half of the administrative units' import on SQLite.
	tx.cacheStatements()
	tx.batch = &batchState{kinds: map[string]canbo.Hierarchy{}, versions: map[int64]version{}}
	if done, err := importedIn(ctx, tx, name); err != nil || done {
		return false, err
	}
	summary, err := fn(&Batcher{d: d, ctx: ctx, tx: tx})
	if err == nil {
		err = tx.flushLinks(ctx)
	}
	if err != nil {
		return false, mapError(err)
	}
	// One set-based pass over all codes: a query per code is slow on PostgreSQL, whose
	// statistics still describe the tables as they were before the batch filled them — which
	// is also why they are refreshed first (ANALYZE may run inside a transaction and sees its
	// rows); a plan made on empty-table statistics once took minutes here.
	if analyze := d.dialect.analyze("units, unit_versions"); analyze != "" {
		if _, err := tx.exec(ctx, analyze); err != nil {
			return false, mapError(err)
		}
	}
	if err := checkCode(ctx, tx, ""); err != nil {
		return false, mapError(err)
	}
	return d.commitImport(ctx, tx, name, summary, batchTables+", unit_links")
}

// importedIn reports, inside the load's own transaction, whether a load of that name was
// recorded already: a load runs once.
func importedIn(ctx context.Context, tx *Tx, name string) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM imports WHERE name = ?`, name).Scan(&n)
	return n > 0, mapError(err)
}

// commitImport records a load under its name with its summary, audits it and commits; committed
// reports whether it got that far. On PostgreSQL it then refreshes the statistics of the tables
// the load filled: the planner would otherwise plan for the tables as they were before it (a plan
// made on empty-table statistics once took minutes). A failed refresh is an error, but the load
// stays committed.
func (d *DB) commitImport(ctx context.Context, tx *Tx, name, summary, tables string) (committed bool, err error) {
	if _, err := tx.exec(ctx, `INSERT INTO imports (name, applied_at, summary) VALUES (?, ?, ?)`,
		name, d.Now().Format(time.RFC3339), summary); err != nil {
		return false, mapError(err)
	}
	ae := &audit.Event{Action: "import", Entity: "import", EntityID: name, After: audit.Redact(map[string]string{"summary": summary})}
	if err := tx.audit(ctx, ae); err != nil {
		return false, mapError(err)
	}
	if err := tx.commitAudit(ae); err != nil {
		return false, err
	}
	if analyze := d.dialect.analyze(tables); analyze != "" {
		if _, err := d.execWrite(ctx, analyze); err != nil { // ANALYZE writes statistics: in the write slot
			return true, fmt.Errorf("analyze after import: %w", err)
		}
	}
	return true, nil
}

// Imported reports whether the named import has run.
func (d *DB) Imported(ctx context.Context, name string) (bool, error) {
	var n int
	err := d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT COUNT(*) FROM imports WHERE name = ?`), name).Scan(&n)
	return n > 0, mapError(err)
}

// batchState is what a batch's transaction remembers between its events, to spare round trips.
// A batch is thousands of events — the administrative units' import is ≈ 15,000 — and on
// PostgreSQL each statement is a round trip: that import issued ≈ 171,000 statements (69,000
// with what follows), most of them reading what the batch itself had just written or read (a
// new commune's province, the commune itself when the reform merges it) or one row per
// statement where many fit in one.
// Nothing but the batch's events writes units in its transaction, so what it wrote or read
// once it may trust until it writes again.
type batchState struct {
	// kinds are the unit kinds' hierarchies as read from unit_kinds, which a batch never changes.
	kinds map[string]canbo.Hierarchy
	// versions holds, per unit, the last version of it the batch read or wrote, an exact copy of
	// that row: every write of unit_versions in a batch goes through the applier, which records
	// the row it wrote here (remember).
	versions map[int64]version
	// links are the event links not yet inserted, written dialect.linkRows at a time by one
	// statement; nothing in a batch reads event_links before the batch ends (flushLinks).
	links []any
}

// knownVersion returns the version of a unit valid on day on, if the batch knows it.
func (tx *Tx) knownVersion(unit int64, on string) (version, bool) {
	if tx.batch == nil {
		return version{}, false
	}
	v, ok := tx.batch.versions[unit]
	return v, ok && v.from <= on && on < v.to
}

// remember records a version row the batch has just read or written.
func (tx *Tx) remember(v version) {
	if tx.batch != nil {
		tx.batch.versions[v.unitID] = v
	}
}

// insertLink records an event's link to a unit: at once, or in a batch with the next ones.
func (tx *Tx) insertLink(ctx context.Context, event, unit int64, role string, partial, ended bool) error {
	row := []any{event, unit, role, partial, ended}
	rows := tx.db.dialect.linkRows()
	if tx.batch == nil || rows == 1 {
		return insertLinks(ctx, tx, row)
	}
	tx.batch.links = append(tx.batch.links, row...)
	if len(tx.batch.links) < len(row)*rows {
		return nil
	}
	return tx.flushLinks(ctx)
}

// flushLinks inserts the batch's pending event links.
func (tx *Tx) flushLinks(ctx context.Context) error {
	if len(tx.batch.links) == 0 {
		return nil
	}
	err := insertLinks(ctx, tx, tx.batch.links)
	tx.batch.links = tx.batch.links[:0]
	return err
}

// insertLinks inserts event links, given as five values each, in one statement.
func insertLinks(ctx context.Context, tx *Tx, values []any) error {
	rows := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?), ", len(values)/5), ", ")
	_, err := tx.exec(ctx, `INSERT INTO event_links (event_id, unit_id, role, partial, ended) VALUES `+rows, values...)
	return err
}
