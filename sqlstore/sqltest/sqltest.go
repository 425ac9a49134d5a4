// Package sqltest opens real, throw-away canbo databases for tests: a SQLite file in the test's
// temporary folder, and a fresh PostgreSQL database on the server named by CANBO_TEST_POSTGRES.
// With CANBO_REQUIRE_POSTGRES=1 (set by the test script and CI) a missing server fails the test
// instead of skipping it.
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"canbo"

	"canbo/sqlstore"
)

// Engines lists the engines every contract test runs on.
var Engines = []sqlstore.Engine{sqlstore.SQLite, sqlstore.Postgres}

// Each runs f as a subtest on a fresh database of every engine.
func Each(t *testing.T, f func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	for _, e := range Engines {
		t.Run(string(e), func(t *testing.T) { f(t, MustOpen(t, e)) })
	}
}

// MustOpen returns a migrated, empty database of the engine, removed when the test ends. It is
// a copy of one migrated once per test binary: applying every migration to each test's
// database cost more than many of the tests themselves.
func MustOpen(tb testing.TB, e sqlstore.Engine) *sqlstore.DB {
	tb.Helper()
	return Copy(tb, e, "migrated", func(*sqlstore.DB) error { return nil })
}

// builds holds the databases Copy and Shared built, by kind, engine and name.
var builds = struct {
	sync.Mutex
	m map[string]*built
}{m: map[string]*built{}}

// A built database is made once per test binary: a new database of the engine, migrated, given
// an audit folder of its own and loaded. Copy's are closed, so that they can be copied: a
// SQLite file and its audit folder, or a PostgreSQL database (which CREATE DATABASE … TEMPLATE
// copies only while nobody is connected to it) and its audit folder. Shared's stay open.
type built struct {
	once  sync.Once
	db    *sqlstore.DB
	dsn   string
	audit string
	err   error
}

// build returns the database built under key by load, building it on the first call; keepOpen
// leaves it open (Shared) instead of closing it (Copy). It outlives the test that asked first;
// the test binary's exit (and the test script's throw-away server) cleans it up.
func build(tb testing.TB, e sqlstore.Engine, key string, keepOpen bool, load func(db *sqlstore.DB) error) *built {
	tb.Helper()
	if e == sqlstore.Postgres {
		needPostgres(tb) // before the once: a skip inside it would leave the build marked done
	}
	builds.Lock()
	b := builds.m[string(e)+"/"+key]
	if b == nil {
		b = &built{}
		builds.m[string(e)+"/"+key] = b
	}
	builds.Unlock()
	b.once.Do(func() {
		k := &keep{tb}
		b.dsn, b.audit = DSN(k, e), filepath.Join(k.TempDir(), "audit")
		b.db, b.err = sqlstore.Open(context.Background(), b.dsn)
		if b.err != nil {
			return
		}
		if _, b.err = b.db.SetAuditDir(b.audit); b.err == nil {
			b.err = load(b.db)
		}
		if !keepOpen {
			if err := b.db.Close(); b.err == nil {
				b.err = err
			}
		}
	})
	if b.err != nil {
		tb.Fatalf("%s on %s: %v", key, e, b.err)
	}
	return b
}

// Copy returns a fresh database of the engine, removed when the test ends, holding what load
// wrote into a migrated, empty database — load runs once per name and engine in the test
// binary, and every later call copies its result, audit folder included (the copy's audit
// chain verifies). Use it where many tests start from the same slow fixture and then write.
func Copy(tb testing.TB, e sqlstore.Engine, name string, load func(db *sqlstore.DB) error) *sqlstore.DB {
	tb.Helper()
	tp := build(tb, e, "template "+name, false, load)
	dir := tb.TempDir()
	audit := filepath.Join(dir, "audit")
	if err := copyDir(tp.audit, audit); err != nil {
		tb.Fatal(err)
	}
	var dsn string
	if e == sqlstore.SQLite {
		dsn = filepath.Join(dir, "canbo.db")
		if err := copyFile(tp.dsn, dsn); err != nil {
			tb.Fatal(err)
		}
	} else {
		dsn = pgDatabase(tb, "TEMPLATE "+pgName(tb, tp.dsn))
	}
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open %s: %v", e, err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.SetAuditDir(audit); err != nil {
		tb.Fatalf("audit folder: %v", err)
	}
	return db
}

// copyFile copies a closed SQLite file (closing it checkpointed its write-ahead log).
func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}

// copyDir copies the files of an audit folder.
func copyDir(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o700); err != nil {
		return err
	}
	for _, en := range entries {
		if err := copyFile(filepath.Join(from, en.Name()), filepath.Join(to, en.Name())); err != nil {
			return err
		}
	}
	return nil
}

// Shared returns one database of the engine per name, filled once by load and shared by the
// tests of a package that only read it (the administrative units take seconds to import). It
// outlives the first test that asked for it; the test binary's exit (and the test script's
// throw-away server) cleans it up.
func Shared(tb testing.TB, e sqlstore.Engine, name string, load func(db *sqlstore.DB) error) *sqlstore.DB {
	tb.Helper()
	return build(tb, e, "shared "+name, true, load).db
}

// keep is a testing.TB whose cleanups never run, so a shared database survives its first test.
type keep struct{ testing.TB }

func (keep) Cleanup(func()) {}

// TempDir is a folder of its own: the test's would be removed when that test ends.
func (k keep) TempDir() string {
	dir, err := os.MkdirTemp("", "canbo-shared-")
	if err != nil {
		k.Fatal(err)
	}
	return dir
}

// DSN creates an empty database of the engine and returns its name for sqlstore.Open.
func DSN(tb testing.TB, e sqlstore.Engine) string {
	tb.Helper()
	if e == sqlstore.SQLite {
		return filepath.Join(tb.TempDir(), "canbo.db")
	}
	needPostgres(tb)
	return pgDatabase(tb, "")
}

// needPostgres skips the test without a PostgreSQL server, or fails it if one is required.
func needPostgres(tb testing.TB) {
	tb.Helper()
	if os.Getenv("CANBO_TEST_POSTGRES") == "" {
		if os.Getenv("CANBO_REQUIRE_POSTGRES") == "1" {
			tb.Fatal("CANBO_TEST_POSTGRES is not set but CANBO_REQUIRE_POSTGRES=1: PostgreSQL tests cannot be skipped")
		}
		tb.Skip("CANBO_TEST_POSTGRES not set; run the test script to start a PostgreSQL server")
	}
}

// pgDatabase creates a PostgreSQL database on the server named by CANBO_TEST_POSTGRES, with the
// options given (e.g. a template), dropped when the test ends, and returns its URL.
func pgDatabase(tb testing.TB, options string) string {
	tb.Helper()
	admin := os.Getenv("CANBO_TEST_POSTGRES")
	b := make([]byte, 6)
	rand.Read(b)
	name := "canbo_test_" + hex.EncodeToString(b)
	adm, err := sql.Open("pgx", admin)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := adm.Exec("CREATE DATABASE " + name + " " + options); err != nil {
		adm.Close()
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		adm.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		adm.Close()
	})
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// pgName is the database name of a URL pgDatabase returned.
func pgName(tb testing.TB, dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}

// CountUnits counts the units f finds, as the system sees them (without fetching them).
func CountUnits(tb testing.TB, db *sqlstore.DB, f canbo.UnitFilter) int {
	tb.Helper()
	f.Limit = 1
	_, total, err := db.FindUnits(canbo.SystemContext(context.Background()), f)
	if err != nil {
		tb.Fatal(err)
	}
	return total
}

// UnitByCode returns the one territory unit with the official code on the ISO day on, failing
// the test unless exactly one has it.
func UnitByCode(tb testing.TB, db *sqlstore.DB, code, on string) *canbo.Unit {
	tb.Helper()
	day, err := time.Parse(time.DateOnly, on)
	if err != nil {
		tb.Fatal(err)
	}
	units, _, err := db.FindUnits(canbo.SystemContext(context.Background()), canbo.UnitFilter{Hierarchy: canbo.Territory, Code: code, AsOf: day})
	if err != nil {
		tb.Fatal(err)
	}
	if len(units) != 1 {
		tb.Fatalf("code %s on %s: %d units", code, on, len(units))
	}
	return units[0]
}
