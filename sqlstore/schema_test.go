package sqlstore_test

import (
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// schema is what the migrations of one engine end up with, in terms both engines share.
type schema struct {
	// columns maps "table.column" to a type class (integer, text, bytes, boolean, real, json).
	columns map[string]string
	// primary maps a table to its primary key columns.
	primary map[string]string
	// indexes maps an index to "unique? columns (partial?)". Indexes made by CREATE INDEX go by
	// their name; those a UNIQUE constraint makes (named by each engine its own way) by
	// "table unique(columns)".
	indexes map[string]string
}

// deliberate lists the differences the two migration trees make on purpose, each with its
// reason: such an object must exist on both engines, but may differ. Anything else is drift.
var deliberate = map[string]string{
	"index person_entries_kind_from": "on SQLite it covers the columns the reminders read; a PostgreSQL B-tree entry " +
		"must stay under about 2.7 kB, which long details could pass (0008_reminders.sql)",
}

// TestMigrationsAgree migrates a fresh database of each engine and compares the tables, columns
// (name, type class), primary keys and indexes (name, columns, uniqueness, partial or not) they
// end up with: the two migration trees are written apart, and only this notices when they drift.
func TestMigrationsAgree(t *testing.T) {
	lite := readSQLiteSchema(t, sqltest.MustOpen(t, sqlstore.SQLite).SQL())
	pg := readPostgresSchema(t, sqltest.MustOpen(t, sqlstore.Postgres).SQL())
	if len(lite.columns) < 50 || len(lite.indexes) < 10 {
		t.Fatalf("read %d columns and %d indexes from SQLite: the catalog queries are wrong", len(lite.columns), len(lite.indexes))
	}
	compare := func(what string, a, b map[string]string) {
		t.Helper()
		for _, k := range slices.Sorted(maps.Keys(a)) {
			v, ok := b[k]
			_, meant := deliberate[what+" "+k]
			switch {
			case !ok:
				t.Errorf("%s %s: on SQLite only (%s)", what, k, a[k])
			case v != a[k] && !meant:
				t.Errorf("%s %s: %s on SQLite, %s on PostgreSQL", what, k, a[k], v)
			case v == a[k] && meant:
				t.Errorf("%s %s: listed as a deliberate difference but the same on both engines: take it off the list", what, k)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(b)) {
			if _, ok := a[k]; !ok {
				t.Errorf("%s %s: on PostgreSQL only (%s)", what, k, b[k])
			}
		}
	}
	compare("table", tables(lite), tables(pg))
	compare("column", lite.columns, pg.columns)
	compare("primary key of", lite.primary, pg.primary)
	compare("index", lite.indexes, pg.indexes)
}

// tables lists the tables of a schema's columns.
func tables(s schema) map[string]string {
	out := map[string]string{}
	for c := range s.columns {
		table, _, _ := strings.Cut(c, ".")
		out[table] = "present"
	}
	return out
}

// typeClass maps a declared type to what both engines store alike.
func typeClass(t *testing.T, declared string) string {
	t.Helper()
	switch d := strings.ToLower(declared); {
	case strings.Contains(d, "int") || strings.Contains(d, "serial"):
		return "integer"
	case strings.Contains(d, "char") || d == "text":
		return "text"
	case d == "blob" || d == "bytea":
		return "bytes"
	case strings.Contains(d, "bool"):
		return "boolean"
	case strings.Contains(d, "real") || strings.Contains(d, "double") || strings.Contains(d, "numeric"):
		return "real"
	case d == "json" || d == "jsonb":
		return "json"
	}
	t.Fatalf("type %q has no class: add it to typeClass", declared)
	return ""
}

func indexValue(unique bool, cols []string, partial bool) string {
	v := "(" + strings.Join(cols, ", ") + ")"
	if unique {
		v = "unique " + v
	}
	if partial {
		v += " partial"
	}
	return v
}

func readSQLiteSchema(t *testing.T, db *sql.DB) schema {
	s := schema{columns: map[string]string{}, primary: map[string]string{}, indexes: map[string]string{}}
	names := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	for _, table := range names {
		rows, err := db.Query(`SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid`, table)
		if err != nil {
			t.Fatal(err)
		}
		pk := map[int]string{}
		for rows.Next() {
			var name, typ string
			var k int
			if err := rows.Scan(&name, &typ, &k); err != nil {
				t.Fatal(err)
			}
			s.columns[table+"."+name] = typeClass(t, typ)
			if k > 0 {
				pk[k] = name
			}
		}
		rows.Close()
		var keys []string
		for _, k := range slices.Sorted(maps.Keys(pk)) {
			keys = append(keys, pk[k])
		}
		if len(keys) > 0 {
			s.primary[table] = strings.Join(keys, ", ")
		}
		type index struct {
			name, origin    string
			unique, partial bool
		}
		var idx []index
		rows, err = db.Query(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var i index
			if err := rows.Scan(&i.name, &i.unique, &i.origin, &i.partial); err != nil {
				t.Fatal(err)
			}
			idx = append(idx, i)
		}
		rows.Close()
		for _, i := range idx {
			if i.origin == "pk" {
				continue // compared as the primary key
			}
			cols := queryStrings(t, db, `SELECT COALESCE(name, '<expression>') FROM pragma_index_info(?) ORDER BY seqno`, i.name)
			key := i.name
			if i.origin == "u" {
				key = table + " unique(" + strings.Join(cols, ", ") + ")"
			}
			s.indexes[key] = indexValue(i.unique, cols, i.partial)
		}
	}
	return s
}

func readPostgresSchema(t *testing.T, db *sql.DB) schema {
	s := schema{columns: map[string]string{}, primary: map[string]string{}, indexes: map[string]string{}}
	rows, err := db.Query(`SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
		WHERE c.table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, name, typ string
		if err := rows.Scan(&table, &name, &typ); err != nil {
			t.Fatal(err)
		}
		s.columns[table+"."+name] = typeClass(t, typ)
	}
	rows.Close()
	rows, err = db.Query(`SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary,
			EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid),
			ix.indpred IS NOT NULL,
			(SELECT string_agg(COALESCE(a.attname, '<expression>'), ', ' ORDER BY k.n)
				FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, n)
				LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum > 0
				WHERE k.n <= ix.indnkeyatts)
		FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, name, cols string
		var unique, primary, constraint, partial bool
		if err := rows.Scan(&table, &name, &unique, &primary, &constraint, &partial, &cols); err != nil {
			t.Fatal(err)
		}
		switch {
		case primary:
			s.primary[table] = cols
		case constraint:
			s.indexes[table+" unique("+cols+")"] = indexValue(unique, strings.Split(cols, ", "), partial)
		default:
			s.indexes[name] = indexValue(unique, strings.Split(cols, ", "), partial)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return s
}

func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(fmt.Errorf("%s: %w", q, err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
