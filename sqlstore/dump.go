package sqlstore

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo/audit"
)

// A dump is every table of the database as seen by one read transaction, written as JSON lines
// in a form both engines read back: a header line, then per table a line naming its columns,
// one JSON array per row (in primary-key order), and a line with the row count and a SHA-256
// of the rows' lines. Values are typed by column kind, not by driver, so a boolean is true on
// both engines and a checksum computed on SQLite equals the one computed on PostgreSQL for the
// same data. One format serves the backup (a dump to a file), the restore (a load from it) and
// the move between engines (a dump piped into a load), and every table's checksum proves the
// copy.

// DumpFormat is the version of the dump format, in its header.
const DumpFormat = 1

// DumpHeader is the first line of a dump.
type DumpHeader struct {
	Format   int       `json:"canbo_dump"`
	Engine   Engine    `json:"engine"`
	Schema   int       `json:"schema"` // the highest migration applied
	Instance string    `json:"instance"`
	Taken    time.Time `json:"taken"`
	// Files are small files kept with the data (the audit key and head), by name.
	Files map[string][]byte `json:"files,omitempty"`
}

// TableSum is what a dump says of one table.
type TableSum struct {
	Table  string `json:"table"`
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
}

// colKind is how a column's values are written: the declared types of the two engines' schemas
// map onto these.
type colKind int

const (
	kindText colKind = iota
	kindInt
	kindBool
	kindBytes
	kindReal
	kindJSON
)

func kindOf(declared string) colKind {
	t := strings.ToUpper(declared)
	switch {
	case strings.Contains(t, "BOOL"):
		return kindBool
	case strings.Contains(t, "INT"):
		return kindInt
	case strings.Contains(t, "BLOB"), strings.Contains(t, "BYTEA"):
		return kindBytes
	case strings.Contains(t, "JSON"):
		return kindJSON
	case strings.Contains(t, "REAL"), strings.Contains(t, "DOUBLE"), strings.Contains(t, "NUMERIC"), strings.Contains(t, "FLOAT"):
		return kindReal
	}
	return kindText
}

type column struct {
	name string
	kind colKind
	key  int // position in the primary key, 0 when not part of it
}

type table struct {
	name string
	cols []column
	refs []string // tables its foreign keys point to
}

// schemaTables reads the tables (migrations' bookkeeping aside), their columns and foreign
// keys, in an order where every table comes after the tables it refers to.
func schemaTables(ctx context.Context, q queryer, dl dialect) ([]table, error) {
	names, err := strings1(ctx, q, dl.tablesQuery())
	if err != nil {
		return nil, err
	}
	byName := map[string]*table{}
	for _, n := range names {
		// party_cell_stale is the marks of a transaction in progress, made again by the
		// triggers of whatever the copy writes (party_tally.go).
		if n == "schema_migrations" || n == "party_cell_stale" {
			continue
		}
		t := &table{name: n}
		rows, err := q.QueryContext(ctx, dl.rebind(dl.columnsQuery()), n)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var c column
			var declared string
			if err := rows.Scan(&c.name, &declared, &c.key); err != nil {
				rows.Close()
				return nil, err
			}
			c.kind = kindOf(declared)
			t.cols = append(t.cols, c)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, err
		}
		if t.refs, err = strings1(ctx, q, dl.rebind(dl.foreignKeysQuery()), n); err != nil {
			return nil, err
		}
		slices.Sort(t.refs) // the catalogs list them in no set order; the tables' order must be one
		byName[n] = t
	}
	// Depth-first: a table is placed after everything it refers to (itself aside).
	var out []table
	placed := map[string]bool{}
	var place func(n string, path map[string]bool) error
	place = func(n string, path map[string]bool) error {
		t, ok := byName[n]
		if !ok || placed[n] {
			return nil
		}
		if path[n] {
			return fmt.Errorf("foreign keys form a cycle through %s", n)
		}
		path[n] = true
		for _, r := range t.refs {
			if r != n {
				if err := place(r, path); err != nil {
					return err
				}
			}
		}
		delete(path, n)
		placed[n] = true
		out = append(out, *t)
		return nil
	}
	slices.Sort(names)
	for _, n := range names {
		if err := place(n, map[string]bool{}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// strings1 reads a one-column result.
func strings1(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// selectAll is the statement reading every row of t in primary-key order (every column's order
// for a table without one), JSON columns as text.
func (t table) selectAll(dl dialect) string {
	var cols, keys, all []string
	for _, c := range t.cols {
		cols = append(cols, dl.readColumn(c))
		if c.kind != kindJSON {
			all = append(all, quoteIdent(c.name))
		}
	}
	ks := slices.Clone(t.cols)
	slices.SortFunc(ks, func(a, b column) int { return a.key - b.key })
	for _, c := range ks {
		if c.key > 0 {
			keys = append(keys, quoteIdent(c.name))
		}
	}
	if len(keys) == 0 {
		keys = all
	}
	return `SELECT ` + strings.Join(cols, ", ") + ` FROM ` + quoteIdent(t.name) + ` ORDER BY ` + strings.Join(keys, ", ")
}

func quoteIdent(s string) string { return `"` + s + `"` }

// encode turns a scanned value into its JSON form for the column's kind.
func encode(c column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.kind {
	case kindInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		}
	case kindBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		}
	case kindBytes:
		switch x := v.(type) {
		case []byte:
			return base64.StdEncoding.EncodeToString(x), nil
		case string:
			return base64.StdEncoding.EncodeToString([]byte(x)), nil
		}
	case kindReal:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	default:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		case time.Time:
			return x.UTC().Format(time.RFC3339Nano), nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		}
	}
	return nil, fmt.Errorf("column %s: unexpected %T", c.name, v)
}

// decode turns a JSON value of a dump back into the argument the column takes.
func decode(c column, raw json.RawMessage) (any, error) {
	if string(raw) == "null" {
		return nil, nil
	}
	switch c.kind {
	case kindInt:
		return strconv.ParseInt(string(raw), 10, 64)
	case kindBool:
		var b bool
		err := json.Unmarshal(raw, &b)
		return b, err
	case kindReal:
		return strconv.ParseFloat(string(raw), 64)
	case kindBytes:
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return base64.StdEncoding.DecodeString(s)
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// tableLine and endLine frame a table in the dump.
type tableLine struct {
	Table   string   `json:"table"`
	Columns []string `json:"columns"`
}

type endLine struct {
	End string `json:"end"`
	TableSum
}

// Dump writes every table as one read transaction sees it. With auditDir, the audit key from
// that folder and the head of the log as the transaction sees it go into the header: a restored
// database then verifies with them, and its head is exactly where the copied log ends.
func (d *DB) Dump(ctx context.Context, w io.Writer, auditDir string) ([]TableSum, error) {
	tx, err := d.db.BeginTx(ctx, d.dialect.snapshotOptions())
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	tables, err := schemaTables(ctx, tx, d.dialect)
	if err != nil {
		return nil, err
	}
	h := DumpHeader{Format: DumpFormat, Engine: d.engine, Taken: time.Now().UTC()}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&h.Schema); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT id FROM instance`).Scan(&h.Instance); err != nil {
		return nil, err
	}
	if auditDir != "" {
		if h.Files, err = auditFiles(ctx, tx, auditDir); err != nil {
			return nil, err
		}
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(h); err != nil {
		return nil, err
	}
	var sums []TableSum
	for _, t := range tables {
		sum, err := dumpTable(ctx, tx, d.dialect, t, bw)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", t.name, err)
		}
		sums = append(sums, sum)
	}
	return sums, bw.Flush()
}

// auditFiles reads the audit key and makes the head of the log as tx sees it.
func auditFiles(ctx context.Context, tx *sql.Tx, dir string) (map[string][]byte, error) {
	key, err := os.ReadFile(filepath.Join(dir, audit.KeyFile))
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	files := map[string][]byte{audit.KeyFile: key}
	var h audit.Head
	err = tx.QueryRowContext(ctx, `SELECT seq, mac FROM audit_events ORDER BY seq DESC LIMIT 1`).Scan(&h.Seq, &h.MAC)
	if errors.Is(err, sql.ErrNoRows) {
		return files, nil
	} else if err != nil {
		return nil, err
	}
	if files[audit.HeadFile], err = h.MarshalText(); err != nil {
		return nil, err
	}
	return files, nil
}

// dumpTable writes one table's lines; with w nil it only computes the sum.
func dumpTable(ctx context.Context, q queryer, dl dialect, t table, w io.Writer) (TableSum, error) {
	if w != nil {
		names := make([]string, len(t.cols))
		for i, c := range t.cols {
			names[i] = c.name
		}
		if err := writeLine(w, tableLine{Table: t.name, Columns: names}); err != nil {
			return TableSum{}, err
		}
	}
	rows, err := q.QueryContext(ctx, t.selectAll(dl))
	if err != nil {
		return TableSum{}, err
	}
	defer rows.Close()
	sum := sha256.New()
	n := int64(0)
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := make([]any, len(t.cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableSum{}, err
		}
		for i, c := range t.cols {
			if out[i], err = encode(c, vals[i]); err != nil {
				return TableSum{}, err
			}
		}
		line, err := json.Marshal(out)
		if err != nil {
			return TableSum{}, err
		}
		line = append(line, '\n')
		sum.Write(line)
		if w != nil {
			if _, err := w.Write(line); err != nil {
				return TableSum{}, err
			}
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return TableSum{}, err
	}
	s := TableSum{Table: t.name, Rows: n, SHA256: hex.EncodeToString(sum.Sum(nil))}
	if w != nil {
		if err := writeLine(w, endLine{End: t.name, TableSum: s}); err != nil {
			return TableSum{}, err
		}
	}
	return s, nil
}

func writeLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Sums computes every table's row count and checksum as one read transaction sees them: a
// restored or moved database is proven equal to its source when these agree.
func (d *DB) Sums(ctx context.Context) ([]TableSum, error) {
	tx, err := d.db.BeginTx(ctx, d.dialect.snapshotOptions())
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	tables, err := schemaTables(ctx, tx, d.dialect)
	if err != nil {
		return nil, err
	}
	var sums []TableSum
	for _, t := range tables {
		s, err := dumpTable(ctx, tx, d.dialect, t, nil)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", t.name, err)
		}
		sums = append(sums, s)
	}
	return sums, nil
}

// LoadOptions say how Load treats a database that already holds data.
type LoadOptions struct {
	// Source, when given, are the sums of the database the dump comes from (a move between
	// engines knows them before it starts). Leading tables whose rows in this database already
	// equal the source's are kept, so a move interrupted between tables goes on where it
	// stopped; without Source the database must hold no records.
	Source []TableSum
	// Progress, if set, is told each table as it is loaded or kept.
	Progress func(s TableSum, kept bool)
}

// ErrNotEmpty is returned by Load for a database that holds records: a restore goes into a
// fresh database, never over one in use.
var ErrNotEmpty = errors.New("the target database already holds records (people, users or audit events): restore into a fresh one")

// HasRecords reports whether the database holds people, accounts or audit events: anything
// beyond what its migrations seed.
func (d *DB) HasRecords(ctx context.Context) (bool, error) {
	for _, t := range []string{"people", "users", "audit_events"} {
		var n int
		if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteIdent(t)).Scan(&n); err != nil {
			return false, err
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// Load reads a dump into this database, which must be migrated to the dump's schema. The rows
// its migrations seed (unit kinds, cell kinds) are replaced. Each table is streamed in its own
// transaction and checked twice — the rows read against the dump's checksum, the rows stored
// against the same checksum recomputed from the table — so an interrupted or damaged load
// leaves whole, proven tables or none. It returns the dump's header.
func (d *DB) Load(ctx context.Context, r io.Reader, opt LoadOptions) (*DumpHeader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var h DumpHeader
	if err := readLine(br, &h); err != nil || h.Format != DumpFormat {
		return nil, fmt.Errorf("not a canbo dump (format %d): %v", h.Format, err)
	}
	var schema int
	if err := d.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&schema); err != nil {
		return nil, err
	}
	if schema != h.Schema {
		return nil, fmt.Errorf("the dump has schema %d, this database %d: use the canbo version that wrote it", h.Schema, schema)
	}
	tables, err := schemaTables(ctx, d.db, d.dialect)
	if err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	if opt.Source == nil {
		if has, err := d.HasRecords(ctx); err != nil {
			return nil, err
		} else if has {
			return nil, ErrNotEmpty
		}
	} else {
		have, err := d.Sums(ctx)
		if err != nil {
			return nil, err
		}
		for i, s := range opt.Source {
			if i >= len(have) || have[i] != s {
				break
			}
			keep[s.Table] = true
		}
	}
	for i := len(tables) - 1; i >= 0; i-- { // dependants first
		if !keep[tables[i].name] {
			if _, err := d.db.ExecContext(ctx, `DELETE FROM `+quoteIdent(tables[i].name)); err != nil {
				return nil, fmt.Errorf("emptying %s: %w", tables[i].name, err)
			}
		}
	}
	byName := map[string]table{}
	for _, t := range tables {
		byName[t.name] = t
	}
	for {
		var tl tableLine
		if err := readLine(br, &tl); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		t, ok := byName[tl.Table]
		if !ok {
			return nil, fmt.Errorf("the dump has a table %q this database lacks", tl.Table)
		}
		cols, err := t.columnsNamed(tl.Columns)
		if err != nil {
			return nil, err
		}
		sum, err := d.loadTable(ctx, br, t, cols, keep[t.name])
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", t.name, err)
		}
		if opt.Progress != nil {
			opt.Progress(sum, keep[t.name])
		}
	}
	return &h, d.dialect.afterLoad(ctx, d.db, tables)
}

func (t table) columnsNamed(names []string) ([]column, error) {
	var out []column
	for _, n := range names {
		i := slices.IndexFunc(t.cols, func(c column) bool { return c.name == n })
		if i < 0 {
			return nil, fmt.Errorf("table %s has no column %q", t.name, n)
		}
		out = append(out, t.cols[i])
	}
	if len(out) != len(t.cols) {
		return nil, fmt.Errorf("table %s: the dump has %d columns, this database %d", t.name, len(out), len(t.cols))
	}
	return out, nil
}

// loadTable streams one table's rows from the dump into the table (or, kept, only reads them
// past), checking the dump's checksum and then the stored rows' own.
func (d *DB) loadTable(ctx context.Context, br *bufio.Reader, t table, cols []column, kept bool) (TableSum, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return TableSum{}, err
	}
	defer tx.Rollback()
	sum := sha256.New()
	var batch [][]json.RawMessage
	per := max(1, 30000/len(cols)) // under both engines' limits on bound parameters
	flush := func() error {
		if kept || len(batch) == 0 {
			batch = batch[:0]
			return nil
		}
		err := insertRows(ctx, tx, d.dialect, t.name, cols, batch)
		batch = batch[:0]
		return err
	}
	n := int64(0)
	var end endLine
	for {
		line, err := br.ReadBytes('\n')
		if err != nil {
			return TableSum{}, fmt.Errorf("the dump ends inside the table: %w", err)
		}
		if line[0] == '{' {
			if err := json.Unmarshal(line, &end); err != nil || end.End != t.name {
				return TableSum{}, fmt.Errorf("bad end of table: %.200s", line)
			}
			break
		}
		sum.Write(line)
		var r []json.RawMessage
		if err := json.Unmarshal(line, &r); err != nil || len(r) != len(cols) {
			return TableSum{}, fmt.Errorf("row %d is damaged", n+1)
		}
		n++
		batch = append(batch, r)
		if len(batch) == per {
			if err := flush(); err != nil {
				return TableSum{}, err
			}
		}
	}
	if err := flush(); err != nil {
		return TableSum{}, err
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != end.SHA256 || n != end.Rows {
		return TableSum{}, fmt.Errorf("the dump is damaged: %d rows with checksum %s, its end line says %d and %s", n, got, end.Rows, end.SHA256)
	}
	if kept {
		return end.TableSum, nil
	}
	got, err := dumpTable(ctx, tx, d.dialect, t, nil)
	if err != nil {
		return TableSum{}, err
	}
	if got != end.TableSum {
		return TableSum{}, fmt.Errorf("the stored rows differ from the dump: %d rows %s, want %d %s", got.Rows, got.SHA256, end.Rows, end.SHA256)
	}
	return got, tx.Commit()
}

// insertRows inserts rows in statements of many rows each, under both engines' limits on
// bound parameters.
func insertRows(ctx context.Context, tx *sql.Tx, dl dialect, name string, cols []column, rows [][]json.RawMessage) error {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = quoteIdent(c.name)
	}
	per := max(1, 30000/len(cols))
	for len(rows) > 0 {
		batch := rows[:min(per, len(rows))]
		rows = rows[len(batch):]
		var b strings.Builder
		args := make([]any, 0, len(batch)*len(cols))
		b.WriteString(`INSERT INTO ` + quoteIdent(name) + ` (` + strings.Join(names, ", ") + `) VALUES `)
		place := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
		for i, r := range batch {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(place)
			for j, c := range cols {
				v, err := decode(c, r[j])
				if err != nil {
					return fmt.Errorf("column %s: %w", c.name, err)
				}
				args = append(args, v)
			}
		}
		if _, err := tx.ExecContext(ctx, dl.rebind(b.String()), args...); err != nil {
			return err
		}
	}
	return nil
}

func readLine(br *bufio.Reader, v any) error {
	line, err := br.ReadBytes('\n')
	if err == io.EOF && len(line) == 0 {
		return io.EOF
	}
	if err != nil && err != io.EOF {
		return err
	}
	return json.Unmarshal(line, v)
}
