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

// MustOpen returns a migrated, empty database of the engine, removed when the test ends.
func MustOpen(tb testing.TB, e sqlstore.Engine) *sqlstore.DB {
	tb.Helper()
	dsn := DSN(tb, e)
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("open %s: %v", e, err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.SetAuditDir(filepath.Join(tb.TempDir(), "audit")); err != nil {
		tb.Fatalf("audit folder: %v", err)
	}
	return db
}

// shared holds the databases Shared made, by engine and name.
var shared = struct {
	sync.Mutex
	dbs map[string]*sharedDB
}{dbs: map[string]*sharedDB{}}

type sharedDB struct {
	once sync.Once
	db   *sqlstore.DB
	err  error
}

// Shared returns one database of the engine per name, filled once by load and shared by the
// tests of a package that only read it (the administrative units take seconds to import). It
// outlives the first test that asked for it; the test binary's exit (and the test script's
// throw-away server) cleans it up.
func Shared(tb testing.TB, e sqlstore.Engine, name string, load func(db *sqlstore.DB) error) *sqlstore.DB {
	tb.Helper()
	shared.Lock()
	s := shared.dbs[string(e)+"/"+name]
	if s == nil {
		s = &sharedDB{}
		shared.dbs[string(e)+"/"+name] = s
	}
	shared.Unlock()
	s.once.Do(func() {
		dsn := DSN(&keep{tb}, e)
		db, err := sqlstore.Open(context.Background(), dsn)
		var auditDir string
		if err == nil {
			auditDir, err = os.MkdirTemp("", "canbo-"+name+"-audit-")
		}
		if err == nil {
			_, err = db.SetAuditDir(filepath.Join(auditDir, "audit"))
		}
		if err == nil {
			err = load(db)
		}
		s.db, s.err = db, err
	})
	if s.err != nil {
		tb.Fatalf("%s on %s: %v", name, e, s.err)
	}
	return s.db
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
	admin := os.Getenv("CANBO_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("CANBO_REQUIRE_POSTGRES") == "1" {
			tb.Fatal("CANBO_TEST_POSTGRES is not set but CANBO_REQUIRE_POSTGRES=1: PostgreSQL tests cannot be skipped")
		}
		tb.Skip("CANBO_TEST_POSTGRES not set; run the test script to start a PostgreSQL server")
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "canbo_test_" + hex.EncodeToString(b)
	adm, err := sql.Open("pgx", admin)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := adm.Exec("CREATE DATABASE " + name); err != nil {
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
