package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"canbo"
	"canbo/locale"
	"canbo/validate"
	"canbo/vn"
)

// BulkAdd is the function BulkPeople hands to its caller: it validates one person with their
// posts and optional party membership and queues them for writing. After the first error it
// returns that error again, so a caller that ignores one still fails the load. It is an alias,
// so callers may spell the function type out.
type BulkAdd = func(p *canbo.Person, posts []canbo.Post, m *canbo.Membership) error

// bulkReport counts what a bulk load wrote, for the import's summary.
type bulkReport struct {
	People, Words, Posts, Members, Cells int
}

// Rows per multi-row INSERT. One statement per row spends most of its time in the driver (and,
// on PostgreSQL, in round trips); a few dozen rows a statement amortize that while staying far
// below either engine's limit on bound parameters (SQLite 32,766; PostgreSQL 65,535). Measured
// with BenchmarkBulkPeople (SQLite, 2 cores, ±8% between runs): 1 row a statement 7,800
// people/s, 25 rows 11,400, 50 rows 12,100, 100 rows 10,700, 400 rows 10,700.
const (
	bulkPeopleRows = 50
	bulkRows       = 200 // the dependent tables: fewer columns, so more rows for the same cost
	// bulkCacheKiB is SQLite's page cache during a load: a city-scale database (≈ 460 MB) fits.
	bulkCacheKiB = 512 << 10
	// indexCacheKiB is the page cache while a load builds its deferred indexes, and so the
	// size of each run SQLite's sorter sorts in memory before writing it to a file.
	indexCacheKiB = 128 << 10
)

// BulkPeople loads many people — generated or imported — in one transaction recorded under the
// name of an import, like Batch: all of them or none, and a name already recorded does nothing
// (ran reports false), so a load run twice changes nothing. The whole load is one audit event,
// not one per person: the event names the import and its counts, as the imports table does.
//
// fn receives add and calls it once per person. add validates the person exactly as
// CreatePerson does (validate.Person), and each post and membership with the same rules as
// AddPost and CreatePerson, except that a membership may list several cell periods (its history)
// and an end. It sets p.ID, so the caller can refer to the people it added. Units are checked
// against a map of every unit's hierarchy and lifetime read once at the start — a post's or cell
// period's unit must exist on its first day and a cell must be a party unit — so that an import
// never writes a dangling reference and the check costs no query per row.
//
// Rows are written by prepared multi-row INSERTs reused across the whole load; people's ids are
// assigned before their rows are written (SQLite: after the largest id, under the write lock the
// transaction holds from its start; PostgreSQL: reserved from the identity sequence), so the
// dependent rows need no RETURNING round trip. Identity numbers are checked against the stored
// ones a batch at a time, so a clash names the number instead of failing on the constraint.
//
// Only system work and administrators (an unlimited scope) may load people: a load bypasses the
// per-person scope checks of CreatePerson.
func (d *DB) BulkPeople(ctx context.Context, name string, fn func(add BulkAdd) error) (ran bool, err error) {
	if err := mayEditPeople(ctx); err != nil {
		return false, err
	}
	if !canbo.ScopeFromContext(ctx).All {
		return false, canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.bulk.forbidden")
	}
	// The load checks every reference it writes itself (units against the map newBulk reads,
	// people by the ids it assigns), so SQLite's foreign-key lookups only repeat that work:
	// ≈ 46 million of them at nation scale (one to five per row written).
	conn, restore, err := d.bulkConn(ctx, bulkCacheKiB, false)
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
	b, err := newBulk(ctx, d, tx)
	if err != nil {
		return false, mapError(err)
	}
	defer b.close()
	err = fn(b.add)
	if err == nil {
		err = b.err
	}
	if err == nil {
		err = b.finish()
	}
	if err != nil {
		return false, mapError(err)
	}
	rep := b.report
	summary := locale.Format("vi", "import.summary.people", rep.People, rep.Posts, rep.Members, rep.Cells)
	return d.commitImport(ctx, tx, name, summary, bulkTables)
}

// bulkConn returns a connection of its own for a large write transaction (a load, an import),
// with SQLite's page cache (cacheKiB) and temporary storage set for it, and the function that
// resets them on that connection and gives it back. Without foreignKeys, SQLite does not check
// foreign keys on it: only for a caller that checks every reference it writes.
func (d *DB) bulkConn(ctx context.Context, cacheKiB int, foreignKeys bool) (conn *sql.Conn, restore func(), err error) {
	conn, err = d.db.Conn(ctx)
	if err != nil {
		return nil, nil, mapError(err)
	}
	restore = func() { conn.Close() }
	if !d.dialect.pageCache() {
		return conn, restore, nil
	}
	// The default cache (2 MB) spills dirty pages to the WAL throughout a large transaction,
	// and the random inserts into the indexes dirty the same pages again and again: with a
	// large cache a load writes each page once, at the commit (100,000 people: 17% less
	// time). The statement journals of multi-row INSERTs go to memory, not temporary files.
	// The indexes a load defers are built by SQLite's sorter, which sorts on helper threads
	// when allowed (none by default).
	var cache, temp, threads, fk int64
	for _, p := range []struct {
		q   string
		dst *int64
	}{{`PRAGMA cache_size`, &cache}, {`PRAGMA temp_store`, &temp}, {`PRAGMA threads`, &threads}, {`PRAGMA foreign_keys`, &fk}} {
		if err := conn.QueryRowContext(ctx, p.q).Scan(p.dst); err != nil {
			conn.Close()
			return nil, nil, mapError(err)
		}
	}
	restore = func() {
		bg := context.WithoutCancel(ctx)
		conn.ExecContext(bg, fmt.Sprintf(`PRAGMA cache_size = %d`, cache))
		conn.ExecContext(bg, fmt.Sprintf(`PRAGMA temp_store = %d`, temp))
		conn.ExecContext(bg, fmt.Sprintf(`PRAGMA threads = %d`, threads))
		conn.ExecContext(bg, fmt.Sprintf(`PRAGMA foreign_keys = %d`, fk))
		conn.Close()
	}
	set := []string{`PRAGMA temp_store = MEMORY`, fmt.Sprintf(`PRAGMA threads = %d`, runtime.NumCPU())}
	if !foreignKeys {
		set = append(set, `PRAGMA foreign_keys = OFF`)
	}
	if cache > 0 || -cache < int64(cacheKiB) { // never smaller than the connection's own (a fill's)
		set = append(set, fmt.Sprintf(`PRAGMA cache_size = %d`, -cacheKiB))
	}
	for _, q := range set {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			restore()
			return nil, nil, mapError(err)
		}
	}
	return conn, restore, nil
}

// ImportsLike returns the names of the recorded imports that start with prefix, in name order,
// so a generator can tell whether a database already holds another of its loads.
func (d *DB) ImportsLike(ctx context.Context, prefix string) ([]string, error) {
	// Filtered here rather than by LIKE or a range: the table is small, and text order differs
	// between engines and PostgreSQL collations.
	rows, err := d.db.QueryContext(ctx, `SELECT name FROM imports ORDER BY name`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		if strings.HasPrefix(n, prefix) {
			names = append(names, n)
		}
	}
	return names, rows.Err()
}

// unitSpan is what a load knows of a unit: its hierarchy and the days it exists, [from, to).
type unitSpan struct {
	hierarchy canbo.Hierarchy
	from, to  string
}

// bulkTable buffers the rows of one table and writes them a statement of rows at a time.
type bulkTable struct {
	insert string // "INSERT INTO t (a, b) VALUES "
	row    string // "(?, ?)"
	cols   int
	rows   int // rows per full statement
	stmt   *sql.Stmt
	buf    []any
}

// The rows of the search words and of cell periods, as a load and an import write them.
const (
	wordsInsert = `INSERT INTO person_words (word, person_id, kind, sort_key, words, identity_words) VALUES `
	cellsInsert = `INSERT INTO party_cells (person_id, cell_id, valid_from, valid_to, temporary) VALUES `
)

// prepare prepares t's statement of t.rows rows in the transaction.
func (t *bulkTable) prepare(ctx context.Context, tx *Tx) (err error) {
	t.row = "(" + placeholders(t.cols) + ")"
	t.stmt, err = tx.PrepareContext(ctx, tx.db.dialect.rebind(t.query(t.rows)))
	t.buf = make([]any, 0, t.cols*t.rows*2)
	return err
}

// flush executes t's full statements and, with tail, one shorter statement for the rest.
func (t *bulkTable) flush(ctx context.Context, tx *Tx, tail bool) error {
	full := t.cols * t.rows
	done := 0
	for len(t.buf)-done >= full {
		if _, err := t.stmt.ExecContext(ctx, t.buf[done:done+full]...); err != nil {
			return err
		}
		done += full
	}
	if tail && len(t.buf) > done {
		rest := t.buf[done:]
		if _, err := tx.ExecContext(ctx, tx.db.dialect.rebind(t.query(len(rest)/t.cols)), rest...); err != nil {
			return err
		}
		done = len(t.buf)
	}
	n := copy(t.buf, t.buf[done:])
	clear(t.buf[n:])
	t.buf = t.buf[:n]
	return nil
}

func (t *bulkTable) query(rows int) string {
	var q strings.Builder
	q.WriteString(t.insert)
	for i := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(t.row)
	}
	return q.String()
}

// bulk is one load in progress. The caller's goroutine draws, validates and encodes people
// (add, queueRows); a writer goroutine executes the statements, a batch of people at a time.
// The two overlap: in the nation seed's people pass (243 s, 2 cores) the writer took 212 s of
// CPU and the caller's side 137 s.
type bulk struct {
	d      *DB
	ctx    context.Context
	tx     *Tx
	units  map[int64]unitSpan
	err    error // the caller's side: sticky, returned by every later add
	report bulkReport
	added  int

	ids *personIDs

	// deferred are the definitions of the indexes dropped for a load into an empty
	// table, recreated at its end.
	deferred []string

	cur  *bulkBatch // rows being built
	w    *asyncWriter[*bulkBatch]
	txMu sync.Mutex // the transaction's connection runs one statement at a time

	// The writer's side.
	people, words, posts, members, cells *bulkTable
	checkStmt                            *sql.Stmt
	written, nextAnalyze                 int // people written; when to refresh statistics next
}

// bulkBatch holds the rows of up to bulkPeopleRows people. Rows of the dependent tables travel
// with their people because foreign keys are checked per statement (PostgreSQL's are not
// deferrable as declared): they are written only after their people.
type bulkBatch struct {
	people   []any
	deps     [4][]any // person_words, posts, party_members, party_cells
	identity []string // identity numbers, for the clash check
	idRows   []int    // their row numbers (1-based, in the order add saw them)
}

func (b *bulk) newBatch() *bulkBatch {
	return &bulkBatch{people: make([]any, 0, b.people.cols*bulkPeopleRows)}
}

const identityCheckRows = bulkPeopleRows

func newBulk(ctx context.Context, d *DB, tx *Tx) (*bulk, error) {
	b := &bulk{d: d, ctx: ctx, tx: tx, units: map[int64]unitSpan{}, nextAnalyze: 1000}
	rows, err := tx.query(ctx, `SELECT u.id, u.hierarchy, MIN(v.valid_from), MAX(v.valid_to)
		FROM units u JOIN unit_versions v ON v.unit_id = u.id GROUP BY u.id, u.hierarchy`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var s unitSpan
		if err := rows.Scan(&id, &s.hierarchy, &s.from, &s.to); err != nil {
			rows.Close()
			return nil, err
		}
		b.units[id] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if b.ids, err = newPersonIDs(ctx, d, tx); err != nil {
		return nil, err
	}
	if b.deferred, err = deferIndexes(ctx, tx, bulkTables, "people"); err != nil {
		return nil, err
	}
	b.people = &bulkTable{insert: `INSERT INTO people (id, family_name, middle_name, given_name, full_name, sort_key, other_names, sex,
		birth_date, birth_first, birth_place, home_town, residence, phone, staff_type, staff_code, identity_number,
		ethnicity, religion, health, edu_general, edu_professional, edu_field, edu_political, edu_state, edu_languages, edu_it,
		updated_at, version) VALUES `, cols: 29, rows: bulkPeopleRows}
	b.words = &bulkTable{insert: wordsInsert, cols: 6, rows: bulkRows}
	b.posts = &bulkTable{insert: `INSERT INTO posts (person_id, unit_id, title, is_primary, valid_from, valid_to, doc_number, doc_date, doc_issuer, staff_type) VALUES `,
		cols: 10, rows: bulkRows}
	b.members = &bulkTable{insert: `INSERT INTO party_members (person_id, admitted_on, full_on, card_number, ended_on, end_reason) VALUES `,
		cols: 6, rows: bulkRows}
	b.cells = &bulkTable{insert: cellsInsert, cols: 5, rows: bulkRows}
	for _, t := range b.tables() {
		if err := t.prepare(ctx, tx); err != nil {
			return nil, err
		}
	}
	b.checkStmt, err = tx.PrepareContext(ctx, d.dialect.rebind(`SELECT identity_number FROM people WHERE identity_number IN (`+
		placeholders(identityCheckRows)+`)`))
	if err != nil {
		return nil, err
	}
	b.cur = b.newBatch()
	b.w = startWriter(4, b.writeBatch)
	return b, nil
}

func (b *bulk) tables() []*bulkTable {
	return []*bulkTable{b.people, b.words, b.posts, b.members, b.cells}
}

// close stops the writer if it still runs and closes the statements.
func (b *bulk) close() {
	if b.w != nil {
		b.w.finish()
	}
	for _, t := range b.tables() {
		if t != nil && t.stmt != nil {
			t.stmt.Close()
		}
	}
	b.ids.close()
	if b.checkStmt != nil {
		b.checkStmt.Close()
	}
}

// finish hands the last rows to the writer, waits for it, and writes what is left in the
// tables' buffers with shorter statements.
func (b *bulk) finish() error {
	if len(b.cur.people) > 0 {
		if err := b.w.send(b.cur); err != nil {
			return err
		}
		b.cur = b.newBatch()
	}
	if err := b.w.finish(); err != nil {
		return err
	}
	for _, t := range b.tables() {
		if err := t.flush(b.ctx, b.tx, true); err != nil {
			return err
		}
	}
	if err := createIndexes(b.ctx, b.tx, b.deferred); err != nil {
		return err
	}
	if err := refreshWordCounts(b.ctx, b.tx); err != nil {
		return err
	}
	// Here rather than in the commit, which would find none left, so that the step is reported.
	Progress(b.ctx, "folding the party cells' tallies")
	if err := b.tx.refreshTallies(b.ctx); err != nil {
		return err
	}
	Progress(b.ctx, "committing")
	return nil
}

// bulkTables are the tables a load of people fills.
const bulkTables = "people, person_words, posts, party_members, party_cells"

// deferIndexes drops every index of tables (a comma-separated list) but the unique ones if
// table first holds no row yet, and returns their definitions as the catalog gives them, for
// createIndexes at the end of the load: building an index by sorting once is far cheaper than
// inserting into it row by row, above all a long key (sort key, words) in random order. All of
// them, read from the catalog rather than listed, so that an index a later migration adds is
// deferred too (at city scale, the indexes added after the first list cost a third of the
// load). Only into an empty table, because on PostgreSQL dropping an index locks the table
// against readers until the load commits. Unique indexes stay: the load relies on them
// (identity numbers, the primary keys).
func deferIndexes(ctx context.Context, tx *Tx, tables, first string) ([]string, error) {
	var stored int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+first+` LIMIT 1) t`).Scan(&stored); err != nil || stored > 0 {
		return nil, err
	}
	rows, err := tx.query(ctx, tx.db.dialect.plainIndexes(tables))
	if err != nil {
		return nil, err
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.exec(ctx, `DROP INDEX `+name); err != nil {
			return nil, fmt.Errorf("index %s: %w", name, err)
		}
	}
	return defs, nil
}

// createIndexes runs the definitions deferIndexes returned. On SQLite the sorter builds them
// with its temporary storage in files and a smaller page cache (the connection is a bulkConn,
// whose restore sets both back): with temp_store=MEMORY SQLite lifts the sorter's memory bound
// and sorts every key in memory, one allocation per row — at nation scale 17.7 GB resident. In
// files, it sorts runs of at most cache_size bytes (one per helper thread and one of its own)
// and merges them from disk; an index is written in key order, so a small cache costs nothing.
func createIndexes(ctx context.Context, tx *Tx, defs []string) error {
	if len(defs) > 0 && tx.db.dialect.pageCache() {
		for _, q := range []string{`PRAGMA temp_store = FILE`, fmt.Sprintf(`PRAGMA cache_size = %d`, -indexCacheKiB)} {
			if _, err := tx.exec(ctx, q); err != nil {
				return err
			}
		}
	}
	for i, def := range defs {
		Progress(ctx, "index %d of %d: %s", i+1, len(defs), strings.Fields(def)[2]) // CREATE INDEX name ON …
		if _, err := tx.exec(ctx, def); err != nil {
			return err
		}
	}
	return nil
}

// refreshWordCounts recounts the people of each name word, the search planner's hint.
func refreshWordCounts(ctx context.Context, tx *Tx) error {
	if _, err := tx.exec(ctx, `DELETE FROM person_word_counts`); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO person_word_counts (word, people)
		SELECT word, COUNT(*) FROM person_words WHERE kind = 'name' GROUP BY word`)
	return err
}

// writeBatch checks a batch's identity numbers, writes its people (all of them: a short last
// batch included), then queues their dependent rows and writes every full statement of them.
func (b *bulk) writeBatch(bt *bulkBatch) error {
	b.txMu.Lock()
	defer b.txMu.Unlock()
	if err := b.checkIdentity(bt); err != nil {
		return err
	}
	b.people.buf = append(b.people.buf, bt.people...)
	if err := b.people.flush(b.ctx, b.tx, true); err != nil {
		return err
	}
	// PostgreSQL plans a prepared statement (and a foreign key's check) once and keeps the plan;
	// planned against the empty tables a load starts with, the checks scan whole tables and a
	// load slows down quadratically (100,000 people: 5 min 43 s). Statistics refreshed as the
	// tables grow fourfold invalidate those plans (23 s; forcing custom plans instead: 32 s).
	b.written += len(bt.people) / b.people.cols
	if analyze := b.d.dialect.analyze(bulkTables); analyze != "" && b.written >= b.nextAnalyze {
		b.nextAnalyze *= 4
		if _, err := b.tx.exec(b.ctx, analyze); err != nil {
			return err
		}
	}
	for i, t := range []*bulkTable{b.words, b.posts, b.members, b.cells} {
		t.buf = append(t.buf, bt.deps[i]...)
		if err := t.flush(b.ctx, b.tx, false); err != nil {
			return err
		}
	}
	return nil
}

// newID returns the id of the next person. Only taking a block of ids from PostgreSQL's
// sequence runs a statement, and only that waits for the writer, which uses the same
// connection: on SQLite, waiting for every id held the caller's side up for the whole of each
// batch the writer wrote, and the two sides ran one after the other instead of side by side.
func (b *bulk) newID() (int64, error) {
	if !b.ids.needQuery() {
		return b.ids.next(b.ctx)
	}
	b.txMu.Lock()
	defer b.txMu.Unlock()
	return b.ids.next(b.ctx)
}

// personIDs hands out the ids of new people before their rows are written, so that their
// posts, words and memberships need no RETURNING round trip: SQLite counts on from the largest
// id (under the write lock the transaction holds from its start, and nothing else inserts
// people in it); PostgreSQL takes them a block at a time from the identity sequence.
type personIDs struct {
	last  int64 // SQLite: the last id handed out
	stmt  *sql.Stmt
	block []int64
}

func newPersonIDs(ctx context.Context, d *DB, tx *Tx) (*personIDs, error) {
	s := &personIDs{}
	var err error
	if seq := d.dialect.idSequence("people"); seq != "" {
		s.stmt, err = tx.PrepareContext(ctx, d.dialect.rebind(seq))
	} else {
		err = tx.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM people`).Scan(&s.last)
	}
	return s, err
}

// needQuery reports whether next must run a statement.
func (s *personIDs) needQuery() bool { return s.stmt != nil && len(s.block) == 0 }

func (s *personIDs) next(ctx context.Context) (int64, error) {
	if s.stmt == nil {
		s.last++
		return s.last, nil
	}
	if len(s.block) == 0 {
		rows, err := s.stmt.QueryContext(ctx, 10*bulkPeopleRows)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, err
			}
			s.block = append(s.block, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	id := s.block[0]
	s.block = s.block[1:]
	return id, nil
}

func (s *personIDs) close() {
	if s != nil && s.stmt != nil {
		s.stmt.Close()
	}
}

// rowError names the person an error is about, keeping its code and field.
func rowError(n int, p *canbo.Person, err error) error {
	e, ok := err.(*canbo.Error)
	if !ok {
		return err
	}
	who := strings.TrimSpace(p.FullName)
	if who == "" {
		who = strings.TrimSpace(p.FamilyName + " " + p.MiddleName + " " + p.GivenName)
	}
	r := canbo.Errork(e.Code, "err.sqlstore.bulk.row", n, who, e)
	r.Field = e.Field
	return r
}

func (b *bulk) add(p *canbo.Person, posts []canbo.Post, m *canbo.Membership) error {
	if b.err != nil {
		return b.err
	}
	if err := b.w.failure(); err != nil {
		b.err = err
		return err
	}
	if err := b.ctx.Err(); err != nil {
		b.err = err
		return err
	}
	b.added++
	if err := b.queueRows(p, posts, m); err != nil {
		b.err = rowError(b.added, p, err)
		return b.err
	}
	if len(b.cur.people) >= b.people.cols*bulkPeopleRows {
		if err := b.w.send(b.cur); err != nil {
			b.err = err
			return err
		}
		b.cur = b.newBatch()
	}
	return nil
}

// queueRows validates one person and adds their rows to the current batch.
func (b *bulk) queueRows(p *canbo.Person, posts []canbo.Post, m *canbo.Membership) error {
	p.ID = 0
	if err := validate.Person(p, b.d.Now()); err != nil {
		return err
	}
	if err := validate.Codes(p, nil); err != nil {
		return err
	}
	// Validate everything before taking an id, so a refused person leaves no trace.
	type postRow struct {
		from, to, title, number, date, issuer string
	}
	prow := make([]postRow, len(posts))
	for i := range posts {
		x := &posts[i]
		from, to, err := validate.Post(x)
		if err != nil {
			return err
		}
		if err := b.unitOn("post.unit_id", x.UnitID, day(from), ""); err != nil {
			return err
		}
		r := postRow{from: day(from), to: day(to), title: x.Title, number: vn.Clean(x.Document.Number), issuer: vn.Clean(x.Document.Issuer)}
		if !x.Document.Date.IsZero() {
			r.date = day(x.Document.Date)
		}
		prow[i] = r
	}
	type cellRow struct{ from, to string }
	var admitted, fullOn, endedOn, reason string
	var crow []cellRow
	if m != nil {
		adm, err := validate.Day("party.admitted_on", m.AdmittedOn)
		if err != nil {
			return err
		}
		if adm.IsZero() {
			return canbo.Invalid("party.admitted_on", "err.sqlstore.bulk.party_admitted_on")
		}
		admitted = day(adm)
		full, err := validate.Day("party.full_on", m.FullOn)
		if err != nil {
			return err
		}
		if !full.IsZero() {
			if !adm.Before(full) {
				return canbo.Invalid("party.full_on", "err.sqlstore.bulk.party_full_on", vn.FormatDay(full), vn.FormatDay(adm))
			}
			fullOn = day(full)
		}
		ended, err := validate.Day("party.ended_on", m.EndedOn)
		if err != nil {
			return err
		}
		if !ended.IsZero() {
			if !adm.Before(ended) {
				return canbo.Invalid("party.ended_on", "err.sqlstore.bulk.party_ended_on", vn.FormatDay(ended), vn.FormatDay(adm))
			}
			endedOn = day(ended)
		}
		if reason, err = validate.Text("party.end_reason", m.EndReason, 50); err != nil {
			return err
		}
		if m.CardNumber, err = validate.Text("party.card_number", m.CardNumber, 30); err != nil {
			return err
		}
		if len(m.Cells) == 0 {
			return canbo.Invalid("party.cell_id", "err.sqlstore.bulk.party_cell_id")
		}
		for i := range m.Cells {
			c := &m.Cells[i]
			since, err := validate.Day("party.since", c.From)
			if err != nil {
				return err
			}
			from := day(since)
			if since.IsZero() {
				// As CreatePerson: from admission, or from the day the cell began if later.
				from = admitted
				if s, ok := b.units[c.CellID]; ok && s.from > from {
					from = s.from
				}
			} else if from < admitted {
				return canbo.Invalid("party.since", "err.sqlstore.bulk.party_since")
			}
			until, err := validate.Day("party.until", c.To)
			if err != nil {
				return err
			}
			to := day(canbo.Forever)
			if !until.IsZero() {
				to = day(until)
			} else if endedOn != "" {
				to = endedOn
			}
			if from >= to {
				return canbo.Invalid("party.until", "err.sqlstore.bulk.party_until", c.CellID, to, from)
			}
			if err := b.unitOn("party.cell_id", c.CellID, from, canbo.Party); err != nil {
				return err
			}
			crow = append(crow, cellRow{from, to})
		}
	}

	id, err := b.newID()
	if err != nil {
		return err
	}
	p.ID, p.Version = id, 1
	p.UpdatedAt = b.d.Now()
	birthFirst := ""
	if bd, err := vn.ParseDate(p.BirthDate); err == nil && !bd.IsZero() {
		birthFirst = day(bd.First())
	}
	e := p.Education
	bt := b.cur
	key := vn.PersonKey(p.FamilyName, p.MiddleName, p.GivenName, p.BirthDate)
	bt.people = append(bt.people, id, p.FamilyName, p.MiddleName, p.GivenName, p.FullName,
		key, p.OtherNames, string(p.Sex), p.BirthDate, birthFirst,
		p.BirthPlace, p.HomeTown, p.Residence, p.Phone, string(p.StaffType), p.StaffCode, nullIfEmpty(p.IdentityNumber),
		p.Ethnicity, p.Religion, p.Health, e.General, e.Professional, e.Field, e.PoliticalTheory, e.StateManagement, e.Languages, e.IT,
		p.UpdatedAt.Format(time.RFC3339), 1)
	if p.IdentityNumber != "" {
		bt.identity = append(bt.identity, p.IdentityNumber)
		bt.idRows = append(bt.idRows, b.added)
	}
	b.report.People++
	for _, row := range personWordRows(p, key) {
		bt.deps[0] = append(bt.deps[0], row...)
		b.report.Words++
	}
	for i, r := range prow {
		posts[i].PersonID = id
		// The holder's staff type, which the posts trigger would otherwise set by an UPDATE
		// of the row just written (at city scale, one for each of 150,000 posts).
		bt.deps[1] = append(bt.deps[1], id, posts[i].UnitID, r.title, posts[i].Primary, r.from, r.to, r.number, r.date, r.issuer, string(p.StaffType))
		b.report.Posts++
	}
	if m != nil {
		m.PersonID = id
		bt.deps[2] = append(bt.deps[2], id, admitted, fullOn, m.CardNumber, endedOn, reason)
		b.report.Members++
		for i, r := range crow {
			bt.deps[3] = append(bt.deps[3], id, m.Cells[i].CellID, r.from, r.to, m.Cells[i].Temporary)
			b.report.Cells++
		}
	}
	return nil
}

// unitOn checks that a unit exists on a day (and belongs to hierarchy h, when given).
func (b *bulk) unitOn(field string, id int64, on string, h canbo.Hierarchy) error {
	s, ok := b.units[id]
	switch {
	case !ok:
		return canbo.Invalid(field, "err.sqlstore.bulk.unit_missing", id)
	case on < s.from || on >= s.to:
		return canbo.Invalid(field, "err.sqlstore.bulk.unit_missing_on", id, vnDay(on))
	case h != "" && s.hierarchy != h:
		return canbo.Invalid(field, "err.sqlstore.bulk.not_party", id)
	}
	return nil
}

// checkIdentity refuses identity numbers already stored or repeated among the people about to
// be written, naming the number and the row.
func (b *bulk) checkIdentity(bt *bulkBatch) error {
	seen := make(map[string]int, len(bt.identity))
	for i, num := range bt.identity {
		if first, ok := seen[num]; ok {
			return canbo.Invalid("identity_number", "err.sqlstore.bulk.identity_twice", num, first, bt.idRows[i]).WithCode(canbo.ECONFLICT)
		}
		seen[num] = bt.idRows[i]
	}
	for start := 0; start < len(bt.identity); start += identityCheckRows {
		args := make([]any, identityCheckRows)
		for i := range args {
			if start+i < len(bt.identity) {
				args[i] = bt.identity[start+i]
			} // else NULL, which IN never matches
		}
		var clash string
		err := b.checkStmt.QueryRowContext(b.ctx, args...).Scan(&clash)
		if err == nil {
			return canbo.Invalid("identity_number", "err.sqlstore.bulk.identity_used", clash, seen[clash]).WithCode(canbo.ECONFLICT)
		} else if err != sql.ErrNoRows {
			return err
		}
	}
	return nil
}
