// Package sqlstore implements canbo's services on database/sql, with one code path for SQLite
// (modernc.org/sqlite, the default) and PostgreSQL (pgx). Queries are written once with `?`
// placeholders and rebound for PostgreSQL; dates are ISO text on both engines, so comparisons
// and "as of" predicates behave the same.
package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"canbo"
	"canbo/audit"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations
var migrationsFS embed.FS

// Engine names the database engine behind a DB.
type Engine string

// Supported engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open canbo database.
type DB struct {
	db      *sql.DB
	engine  Engine
	dialect dialect
	// Now returns the current time; tests replace it.
	Now func() time.Time
	// keeper signs audit events and keeps the chain head outside the database.
	keeper *audit.Keeper
	// rules caches the merged rule set (rules.go).
	rules ruleCache
	// writer, on SQLite, is a one-slot semaphore held by the write transaction in progress (see
	// lockWrite); nil on PostgreSQL, whose row locks let writers run together.
	writer chan struct{}
	// appends counts the audit events this process appended, for the operator's metrics.
	appends atomic.Uint64
	// auditGroup commits the events of concurrent DB.Audit calls together (audit_group.go);
	// auditCommits counts its commits.
	auditGroup   auditGroup
	auditCommits atomic.Uint64
	// readOnly refuses every commit and write (Options.ReadOnly).
	readOnly bool
	// sizes keeps the people planner's set sizes a few minutes (setsize.go).
	sizes setSizes
}

// sqliteIdleConns is how many SQLite connections the pool keeps open between requests.
const sqliteIdleConns = 64

// busyTimeout is how long a SQLite statement waits for a lock another process holds (the
// command line beside the server); within a process writes queue in lockWrite instead. Tests
// shorten it to show that nothing depends on it.
var busyTimeout = 10 * time.Second

// IsPostgres reports whether dsn names a PostgreSQL server rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sessionSettings are canbo's PostgreSQL session settings, set on every connection unless the
// URL sets them itself. canbo's statements read a page, a count or one kind of reminder
// through indexes, many requests at a time; the planner's shortcuts for long analytic queries
// cost more than they save on them (EXPLAIN ANALYZE on the city, docs/BENCHMARKS.md):
//   - jit: correlated subqueries (a walk up the units per candidate) are estimated in the
//     millions though they run in milliseconds, and above jit_above_cost the server compiled
//     them first: 2–5 s of compiling for a search that then ran in 50–160 ms.
//   - max_parallel_workers_per_gather: a name walk estimated at a few thousand entries ran
//     in parallel workers; starting them took 270 ms of a statement whose work was 3 ms, and
//     a server answering many requests has no idle core to give them anyway.
var sessionSettings = [][2]string{{"jit", "off"}, {"max_parallel_workers_per_gather", "0"}}

// pgConnector connects to the PostgreSQL server of dsn and applies sessionSettings on each new
// connection. They are SET in the session rather than sent as startup parameters, which
// PgBouncer refuses unless told to ignore them.
func pgConnector(dsn string) (driver.Connector, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	var set []string
	for _, s := range sessionSettings {
		if _, ok := cfg.RuntimeParams[s[0]]; !ok {
			set = append(set, "SET "+s[0]+" = "+s[1])
		}
	}
	return stdlib.GetConnector(*cfg, stdlib.OptionAfterConnect(func(ctx context.Context, c *pgx.Conn) error {
		for _, q := range set {
			if _, err := c.Exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})), nil
}

// Open opens (creating if needed) the database named by dsn — a SQLite file path or a
// postgres:// URL — and applies pending migrations.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return OpenWith(ctx, dsn, Options{})
}

// OpenWith is Open with options (the slow-query log).
func OpenWith(ctx context.Context, dsn string, opt Options) (*DB, error) {
	open := sql.Open
	if opt.SlowQuery > 0 && opt.Log != nil {
		slow := &slowLog{opt.SlowQuery, opt.Log}
		open = func(name, dsn string) (*sql.DB, error) { return openSlow(name, dsn, slow) }
	}
	d := &DB{Now: func() time.Time { return time.Now().UTC() }, readOnly: opt.ReadOnly}
	var err error
	if opt.ReadOnly && !IsPostgres(dsn) {
		return nil, errReadOnlySQLite
	}
	if IsPostgres(dsn) {
		d.engine = Postgres
		var c driver.Connector
		if c, err = pgConnector(dsn); err == nil {
			d.db = openConnector(c, opt)
		}
	} else {
		d.engine = SQLite
		if dir := filepath.Dir(dsn); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("create database folder: %w", err)
			}
		}
		if err := createPrivate(dsn); err != nil {
			return nil, err
		}
		// WAL lets readers run beside the writer; IMMEDIATE transactions take the write lock
		// up front, because a deferred read-then-write fails with SQLITE_BUSY whatever the
		// busy timeout; FULL sync because these records must survive a power cut.
		//
		// No memory map (mmap_size 0): in WAL mode a connection that begins reading after any
		// commit unmaps its whole map and faults every page in again, and every audited profile
		// read commits; under 32 concurrent clients the munmaps and refaults took most of the
		// CPU and the mixed load served half the requests it serves reading pages with pread
		// (docs/BENCHMARKS-HISTORY.md, "Mixed load"). A commit empties every connection's page
		// cache too, so a larger cache than SQLite's 2 MB only cost more to allocate and free
		// again.
		pragmas := []string{"journal_mode(WAL)", "synchronous(FULL)"}
		if opt.Fill {
			// A fill's page cache is a load's for the whole fill, so that a load's end does not
			// shrink it again: SQLite frees a page cache a page at a time, and modernc's allocator
			// returns each page to the system (≈ 45 µs a page: 5.5–6 s for 512 MB in the profile of a
			// 600,000-person seed).
			pragmas = []string{"journal_mode(OFF)", "synchronous(OFF)", fmt.Sprintf("cache_size(%d)", -bulkCacheKiB)}
		}
		q := url.Values{}
		for _, p := range append(pragmas, "foreign_keys(1)", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()), "mmap_size(0)") {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		d.writer = make(chan struct{}, 1)
		d.db, err = open("sqlite", "file:"+dsn+"?"+q.Encode())
		if err == nil {
			// database/sql keeps 2 idle connections by default: under concurrent requests the
			// others were closed after each use and opened again for the next (the schema read
			// again, an empty cache), 38 times in 15 s of the mixed load.
			d.db.SetMaxIdleConns(sqliteIdleConns)
		}
	}
	if err != nil {
		return nil, err
	}
	d.dialect = dialect{d.engine}
	if d.readOnly {
		return d, nil
	}
	if err := d.db.PingContext(ctx); err != nil {
		d.db.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := d.Migrate(ctx); err != nil {
		d.db.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// EndFill closes a database opened with Options.Fill after its last write, leaving an ordinary
// file on disk: WAL mode recorded in its header and every page synced.
func EndFill(ctx context.Context, d *DB, path string) error {
	if err := d.Close(); err != nil {
		return err
	}
	wal, err := Open(ctx, path)
	if err != nil {
		return err
	}
	if err := wal.Close(); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Ping reports whether the database answers (the readiness check).
func (d *DB) Ping(ctx context.Context) error { return d.db.PingContext(ctx) }

// PoolStats are the connection pool's figures (the operator's metrics).
func (d *DB) PoolStats() sql.DBStats { return d.db.Stats() }

// AuditAppends counts the audit events this process appended since it opened the database.
func (d *DB) AuditAppends() uint64 { return d.appends.Load() }

// Engine reports which engine d runs on.
func (d *DB) Engine() Engine { return d.engine }

// SQL returns the underlying handle, for tests and maintenance commands.
func (d *DB) SQL() *sql.DB { return d.db }

// Migrate applies the embedded migrations not yet applied, each in its own transaction. The
// files are append-only and numbered alike for both engines.
func (d *DB) Migrate(ctx context.Context) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := d.ensureInstance(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	dir := "migrations/" + string(d.engine)
	entries, err := fs.ReadDir(migrationsFS, dir)
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		version, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migrate: bad file name %s", e.Name())
		}
		if err := d.applyMigration(ctx, dir, e.Name(), version); err != nil {
			return fmt.Errorf("migrate %s: %w", e.Name(), err)
		}
	}
	return nil
}

// ensureInstance gives the database a random identity on first use (the instance table, one
// row). Things kept outside the database for it — the audit key and head — are found by this
// identity, which a copy, a dump and restore, or a differently spelled URL keep, rather than
// by how the database was named on the command line.
func (d *DB) ensureInstance(ctx context.Context) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS instance (id TEXT NOT NULL)`); err != nil {
		return err
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	// One statement, so two processes migrating together cannot both insert.
	_, err := d.db.ExecContext(ctx, d.dialect.rebind(`INSERT INTO instance (id) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM instance)`), hex.EncodeToString(b))
	return err
}

// InstanceID returns the database's random identity (see ensureInstance).
func (d *DB) InstanceID(ctx context.Context) (string, error) {
	var id string
	err := d.db.QueryRowContext(ctx, `SELECT id FROM instance ORDER BY id LIMIT 1`).Scan(&id)
	return id, err
}

// migrationSteps are the Go parts of migrations, by number: a data change SQL cannot compute
// alike on both engines (typed names to the codes of vocab's lists, matched accent-free), run
// in the migration's transaction right after its SQL, so both are applied or neither.
var migrationSteps = map[int]func(ctx context.Context, d *DB, tx *sql.Tx) error{22: codesStep}

func (d *DB) applyMigration(ctx context.Context, dir, name string, version int) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, d.dialect.rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), version).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	body, err := migrationsFS.ReadFile(dir + "/" + name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if step := migrationSteps[version]; step != nil {
		if err := step(ctx, d, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, d.dialect.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
		version, name, d.Now().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// Tx wraps a transaction with the engine's placeholder style.
type Tx struct {
	*sql.Tx
	db *DB
	// release gives back the SQLite write slot (lockWrite) once the transaction ends.
	release func()
	// stmts, when not nil, keeps each statement prepared once for the transaction: a long
	// batch (an import) runs the same few statements per row, and re-parsing them each time
	// cost a fifth of an import's time on SQLite.
	stmts map[string]*sql.Stmt
	// batch, when not nil, is what a batch remembers between its events (batch.go).
	batch *batchState
	// ctx is the context the transaction began with, for the work Commit does first.
	ctx context.Context
}

// cacheStatements makes the transaction prepare each statement of exec, query and queryRow
// once.
func (tx *Tx) cacheStatements() { tx.stmts = map[string]*sql.Stmt{} }

// prepared returns q prepared in the transaction if it caches statements, else nil.
func (tx *Tx) prepared(ctx context.Context, q string) *sql.Stmt {
	if tx.stmts == nil {
		return nil
	}
	if st, ok := tx.stmts[q]; ok {
		return st
	}
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil // the unprepared call reports the error
	}
	tx.stmts[q] = st
	return st
}

// lockWrite waits, on SQLite, until no other write of this process is in progress, and returns
// the function that ends the wait of the next one. SQLite has one writer at a time; left to
// its busy timeout, writers poll for the lock, and under a few dozen concurrent writers some
// waited longer than any timeout and failed with SQLITE_BUSY ("database is locked") although
// the work was a few milliseconds each. Queued here in-process, a write waits its turn — for
// as long as its request's context allows — and never fails for lack of the lock. Reads take
// no slot: WAL lets them run beside the writer.
func (d *DB) lockWrite(ctx context.Context) (func(), error) {
	if d.writer == nil {
		return func() {}, nil
	}
	select {
	case d.writer <- struct{}{}:
		return func() { <-d.writer }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (d *DB) begin(ctx context.Context) (*Tx, error) {
	return d.beginOn(ctx, d.db.BeginTx)
}

// beginRead starts a read-only transaction: one view of the database for a report's several
// statements. It takes no SQLite write slot — WAL lets it read beside the writer — so a report
// never waits for a write in progress, nor a write for a report.
func (d *DB) beginRead(ctx context.Context) (*Tx, error) {
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, mapError(err)
	}
	return &Tx{Tx: tx, db: d, release: func() {}, ctx: ctx}, nil
}

// beginOn starts a write transaction with begin (a pool's or a connection's BeginTx), holding
// the SQLite write slot until it ends.
func (d *DB) beginOn(ctx context.Context, begin func(context.Context, *sql.TxOptions) (*sql.Tx, error)) (*Tx, error) {
	release, err := d.lockWrite(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := begin(ctx, nil)
	if err != nil {
		release()
		return nil, mapError(err)
	}
	var once sync.Once
	return &Tx{Tx: tx, db: d, release: func() { once.Do(release) }, ctx: ctx}, nil
}

// Commit folds again the party cells the transaction's writes marked stale (party_tally.go),
// commits, and gives back the write slot.
func (tx *Tx) Commit() error {
	defer tx.release()
	if tx.db.readOnly {
		_ = tx.Tx.Rollback()
		return errReadOnly()
	}
	if err := tx.refreshTallies(tx.ctx); err != nil {
		_ = tx.Tx.Rollback()
		return mapError(err)
	}
	return tx.Tx.Commit()
}

// Rollback rolls back (if still open) and gives back the write slot.
func (tx *Tx) Rollback() error {
	defer tx.release()
	return tx.Tx.Rollback()
}

// execWrite runs one write statement outside a transaction, in the SQLite write slot.
func (d *DB) execWrite(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if d.readOnly {
		return nil, errReadOnly()
	}
	release, err := d.lockWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return d.db.ExecContext(ctx, d.dialect.rebind(q), args...)
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = tx.db.dialect.rebind(q)
	if st := tx.prepared(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, q, args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = tx.db.dialect.rebind(q)
	if st := tx.prepared(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, q, args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = tx.db.dialect.rebind(q)
	if st := tx.prepared(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, q, args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// insertID runs an INSERT into a table whose id is its integer primary key and returns the id,
// the cheaper way for the engine (dialect.returningID).
func (tx *Tx) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	if tx.db.dialect.returningID() {
		return tx.insert(ctx, q, args...)
	}
	res, err := tx.exec(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// mapError turns driver errors into domain errors at the store boundary.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	var ce *canbo.Error
	if errors.As(err, &ce) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.db.notfound")
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return canbo.Errork(canbo.ECONFLICT, "err.sqlstore.db.conflict")
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return canbo.Errork(canbo.EINVALID, "err.sqlstore.db.invalid")
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return canbo.Errork(canbo.ECONFLICT, "err.sqlstore.db.conflict")
		case "23503":
			return canbo.Errork(canbo.EINVALID, "err.sqlstore.db.invalid")
		}
	}
	return err
}

const dayLayout = "2006-01-02"

// isoOrEmpty formats an optional date (a document's date, a full-membership date) for storage:
// empty when unknown, unlike day, whose zero is the start of records.
func isoOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return day(t)
}

// day formats a date for storage; the zero time is the start of records.
func day(t time.Time) string {
	if t.IsZero() {
		return "0001-01-01"
	}
	return t.Format(dayLayout)
}

// parseDay reads a stored date. Stored dates are written by day, so a parse failure is
// corruption and is returned as an error rather than guessed around.
func parseDay(s string) (time.Time, error) {
	if s == "0001-01-01" {
		return time.Time{}, nil
	}
	t, err := time.Parse(dayLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored date %q: %w", s, err)
	}
	return t, nil
}
