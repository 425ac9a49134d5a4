package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// dialect holds every difference between the two engines, so that the rest of the store is
// written once: a query that needs an engine's own spelling asks its dialect for it. This is
// the only place that compares engines.
type dialect struct {
	engine Engine
}

func (dl dialect) postgres() bool { return dl.engine == Postgres }

// rebind turns `?` placeholders into PostgreSQL's `$n`. Queries contain no literal question
// marks, so no quoting rules are needed.
func (dl dialect) rebind(q string) string {
	if !dl.postgres() {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// linkRows is how many event links one statement of a batch inserts. On PostgreSQL each
// statement is a round trip, so 1,000 rows go in one (5,000 parameters, well inside its limit
// of 65,535). On SQLite a statement is a function call, and one inserting several rows keeps a
// statement journal (the old contents of the pages it changes, written to a temporary file, to
// undo it alone if a row fails): ≈ 77,000 more writes in the administrative units' import, so
// one row each.
func (dl dialect) linkRows() int {
	if dl.postgres() {
		return 1000
	}
	return 1
}

// returningID reports whether an INSERT returns its row's id by RETURNING id (PostgreSQL: in
// the same round trip) or the id is the connection's last row id (SQLite, where RETURNING on
// unit_versions made each insert keep a statement journal: ≈ 110,000 writes in the
// administrative units' import).
func (dl dialect) returningID() bool { return dl.postgres() }

// contains is the condition "column contains the text bound to its placeholder", case
// included, the same on both engines (LIKE ignores ASCII case on SQLite only).
func (dl dialect) contains(col string) string {
	if dl.postgres() {
		return `strpos(` + col + `, ?) > 0`
	}
	return `instr(` + col + `, ?) > 0`
}

// jsonText returns the SQL for the text of a key of a JSON column. key is a constant of this
// package, never user input.
func (dl dialect) jsonText(col, key string) string {
	if dl.postgres() {
		return `(` + col + `::json ->> '` + key + `')`
	}
	return `json_extract(` + col + `, '$.` + key + `')`
}

// indexed names the index SQLite must use for a table: its planner, with statistics or
// without, takes the wrong one for some of the people list's and reminders' shapes (the primary
// key for "word = ?" where the order index is the point, a range of words where one person's
// words are checked, a full index where a partial one holds far fewer rows), and a wrong choice
// costs a scan of every entry of a common word. PostgreSQL plans them well: nothing there.
func (dl dialect) indexed(name string) string {
	if dl.postgres() {
		return ``
	}
	return ` INDEXED BY ` + name
}

// notIndexed tells SQLite to use no index for a table, so that a rowid list drives (the list
// stays a lookup by rowid, which NOT INDEXED allows). PostgreSQL: nothing.
func (dl dialect) notIndexed() string {
	if dl.postgres() {
		return ``
	}
	return ` NOT INDEXED`
}

// char is the one-character text of code point n (a separator inside a text built in SQL).
func (dl dialect) char(n int) string {
	if dl.postgres() {
		return "chr(" + strconv.Itoa(n) + ")"
	}
	return "char(" + strconv.Itoa(n) + ")"
}

// prefix is the condition "column starts with prefix". On SQLite it is a range of the column's
// index (byte order, so prefix ≤ text < prefix + U+10FFFF holds exactly the texts with the
// prefix); on PostgreSQL, whose collation need not order text by bytes, LIKE. prefix must hold
// no LIKE wildcards.
func (dl dialect) prefix(col, prefix string) fragment {
	if dl.postgres() {
		return frag(col+` LIKE ?`, prefix+"%")
	}
	return frag(`(`+col+` >= ? AND `+col+` < ?)`, prefix, prefix+"\U0010FFFF")
}

// lock returns the statement that serializes the transactions taking lock key until they end,
// or "" where none is needed: SQLite's IMMEDIATE transactions hold the database's one write
// lock from their start; PostgreSQL takes an advisory lock held to the end of the transaction.
func (dl dialect) lock(key int64) string {
	if dl.postgres() {
		return fmt.Sprintf(`SELECT pg_advisory_xact_lock(%d)`, key)
	}
	return ``
}

// analyze returns the statement refreshing the planner's statistics of tables (a comma-separated
// list), or "" where it is not needed. PostgreSQL plans for the statistics it last gathered, so
// after a load it would plan for empty tables (a plan made so once took minutes); SQLite's
// planner does well here without them.
func (dl dialect) analyze(tables string) string {
	if dl.postgres() {
		return `ANALYZE ` + tables
	}
	return ``
}

// pointLookups returns the statement that keeps PostgreSQL on its indexes for the rest of a
// long write transaction, or "" where it is not needed. An import looks people up by identity
// number and staff code row after row while it fills the tables: the plans PostgreSQL made
// for the empty tables of a new deployment scan them, and a scan per row made 10,000 rows take
// ten minutes. SQLite plans every statement with its indexes here.
func (dl dialect) pointLookups() string {
	if dl.postgres() {
		return `SET LOCAL enable_seqscan = off`
	}
	return ``
}

// plainIndexes is the query listing the name and the creating statement, as the engine's
// catalog gives it, of every index of tables (a comma-separated list of plain names) that is
// neither unique nor a primary key's.
func (dl dialect) plainIndexes(tables string) string {
	in := "'" + strings.ReplaceAll(tables, ", ", "', '") + "'"
	if dl.postgres() {
		return `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (` + in + `)
			AND indexdef NOT LIKE 'CREATE UNIQUE %' ORDER BY indexname`
	}
	return `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN (` + in + `) AND sql IS NOT NULL
		AND sql NOT LIKE 'CREATE UNIQUE %' ORDER BY name`
}

// idSequence returns the statement drawing as many ids of table as bound to its placeholder from
// the table's sequence, or "" on an engine where a bulk load numbers rows itself, on from the
// largest id stored (SQLite, where the load's transaction holds the only write lock).
func (dl dialect) idSequence(table string) string {
	if dl.postgres() {
		return `SELECT nextval(pg_get_serial_sequence('` + table + `', 'id')) FROM generate_series(1, ?)`
	}
	return ``
}

// pageCache reports whether a connection's page cache and temporary storage can be set for a
// bulk load (SQLite's PRAGMA cache_size and temp_store); PostgreSQL's are the server's.
func (dl dialect) pageCache() bool { return !dl.postgres() }

// orderedJoin is the join that keeps the written order of its tables: SQLite's planner keeps it
// only for CROSS JOIN (the party counts walk memberships in storage order, party_health.go);
// PostgreSQL, which has no such hint and plans the join well, spells it JOIN.
func (dl dialect) orderedJoin() string {
	if dl.postgres() {
		return "JOIN"
	}
	return "CROSS JOIN"
}

// tablesQuery lists the database's own tables by name.
func (dl dialect) tablesQuery() string {
	if dl.postgres() {
		return `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	return `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'`
}

// columnsQuery lists the columns of the table bound to its placeholder: name, declared type
// and position in the primary key (0 for none), in the table's order.
func (dl dialect) columnsQuery() string {
	if dl.postgres() {
		return `SELECT c.column_name, c.data_type, COALESCE(k.ordinal_position, 0)
			FROM information_schema.columns c
			LEFT JOIN information_schema.table_constraints t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY'
			LEFT JOIN information_schema.key_column_usage k ON k.constraint_schema = t.constraint_schema AND k.constraint_name = t.constraint_name AND k.column_name = c.column_name
			WHERE c.table_schema = current_schema() AND c.table_name = ? ORDER BY c.ordinal_position`
	}
	return `SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid`
}

// foreignKeysQuery lists the tables that the table bound to its placeholder refers to.
func (dl dialect) foreignKeysQuery() string {
	if dl.postgres() {
		return `SELECT DISTINCT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND conrelid = ?::regclass`
	}
	return `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`
}

// readColumn is how a dump selects a column: PostgreSQL's driver decodes JSON into Go values,
// so JSON is read as the text that was stored.
func (dl dialect) readColumn(c column) string {
	if dl.postgres() && c.kind == kindJSON {
		return quoteIdent(c.name) + `::text`
	}
	return quoteIdent(c.name)
}

// snapshotOptions start the read transaction of a dump: one consistent view of every table.
// SQLite in WAL mode gives any read transaction one; PostgreSQL needs REPEATABLE READ.
func (dl dialect) snapshotOptions() *sql.TxOptions {
	if dl.postgres() {
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return &sql.TxOptions{ReadOnly: true}
}

// afterLoad moves PostgreSQL's identity sequences past the ids a load inserted, so the next
// row gets a fresh id; SQLite numbers on from the largest id by itself.
func (dl dialect) afterLoad(ctx context.Context, db *sql.DB, tables []table) error {
	if !dl.postgres() {
		return nil
	}
	for _, t := range tables {
		for _, c := range t.cols {
			if c.key == 0 || c.kind != kindInt {
				continue
			}
			var seq sql.NullString
			if err := db.QueryRowContext(ctx, `SELECT pg_get_serial_sequence($1, $2)`, t.name, c.name).Scan(&seq); err != nil {
				return err
			}
			if !seq.Valid {
				continue
			}
			q := `SELECT setval($1, COALESCE((SELECT MAX(` + quoteIdent(c.name) + `) FROM ` + quoteIdent(t.name) + `), 0) + 1, false)`
			if _, err := db.ExecContext(ctx, q, seq.String); err != nil {
				return err
			}
		}
	}
	return nil
}

// replicaState returns the statement ReplicaLag reads: whether the server is a standby, whether
// it has replayed all it received, the seconds since the commit of the last transaction it
// replayed, and the schema version. SQLite is never a standby.
func (dl dialect) replicaState() string {
	const schema = `(SELECT MAX(version) FROM schema_migrations)`
	if dl.postgres() {
		return `SELECT pg_is_in_recovery(), pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(),
			EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8, ` + schema
	}
	return `SELECT 0, 1, NULL, ` + schema
}
