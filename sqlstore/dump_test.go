package sqlstore_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// dumpSource is a small database with every kind of column filled: units and events, people
// with posts (booleans), party cells, a photo (bytes), JSON payloads and a chain of audit
// events.
func dumpSource(t *testing.T, e sqlstore.Engine) *sqlstore.DB {
	t.Helper()
	db := sqltest.MustOpen(t, e)
	f := newCarryFixture(t, db)
	if err := db.SetPhoto(adminCtx, firstIn(f, f.w1), pngOf(t, 60, 80)); err != nil {
		t.Fatal(err)
	}
	appendEvents(t, db, adminCtx, 5)
	return db
}

// restoreInto loads a dump into a fresh database of engine e, writes the dump's audit files
// into a folder of its own, and checks the copy: equal sums, and an audit log that verifies up
// to a head where the copy ends.
func restoreInto(t *testing.T, e sqlstore.Engine, dump []byte, want []sqlstore.TableSum) *sqlstore.DB {
	t.Helper()
	db := sqltest.MustOpen(t, e)
	h, err := db.Load(context.Background(), bytes.NewReader(dump), sqlstore.LoadOptions{})
	if err != nil {
		t.Fatalf("load into %s: %v", e, err)
	}
	got, err := db.Sums(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: sums after the load differ:\n got %v\nwant %v", e, got, want)
	}
	dir := filepath.Join(t.TempDir(), "restored-audit")
	os.MkdirAll(dir, 0o700)
	for name, b := range h.Files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	k, err := audit.LoadKeeper(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := db.VerifyAudit(sys, k)
	if err != nil {
		t.Fatalf("%s: the restored audit log does not verify: %v", e, err)
	}
	if rep.Head == nil || rep.Behind != 0 || rep.Events == 0 {
		t.Errorf("%s: restored audit: %+v", e, rep)
	}
	return db
}

// TestDumpRoundTrips: a dump of either engine loads into either engine with equal row counts
// and checksums per table and an audit chain that verifies; SQLite → PostgreSQL → SQLite ends
// where it began; the loaded database takes new rows (its id sequences moved on).
func TestDumpRoundTrips(t *testing.T) {
	if os.Getenv("CANBO_TEST_POSTGRES") == "" {
		sqltest.DSN(t, sqlstore.Postgres) // skips or fails as the environment asks
	}
	for _, from := range sqltest.Engines {
		src := dumpSource(t, from)
		want, err := src.Sums(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		sums, err := src.Dump(context.Background(), &b, src.AuditKeeper().Dir())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sums, want) {
			t.Errorf("%s: the dump's sums differ from the database's", from)
		}
		for _, to := range sqltest.Engines {
			dst := restoreInto(t, to, b.Bytes(), want)
			if to != from {
				var back bytes.Buffer
				if _, err := dst.Dump(context.Background(), &back, ""); err != nil {
					t.Fatal(err)
				}
				again := sqltest.MustOpen(t, from)
				if _, err := again.Load(context.Background(), &back, sqlstore.LoadOptions{}); err != nil {
					t.Fatalf("%s → %s → %s: %v", from, to, from, err)
				}
				if got, _ := again.Sums(context.Background()); !slices.Equal(got, want) {
					t.Errorf("%s → %s → %s: sums differ", from, to, from)
				}
			}
			p := &canbo.Person{FamilyName: "Võ", GivenName: "Mới", Sex: canbo.Male, BirthDate: "1990"}
			if err := dst.CreatePerson(sys, p, nil, nil); err != nil {
				t.Errorf("%s → %s: a new person after the load: %v", from, to, err)
			}
		}
	}
}

// TestLoadRefusesAndResumes: a database with records is refused, a damaged dump is refused
// naming the table and leaves no half table, and a load given the source's sums keeps the
// tables already equal and reloads the rest.
func TestLoadRefusesAndResumes(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := db.Engine()
		src := dumpSource(t, e)
		want, _ := src.Sums(context.Background())
		var b bytes.Buffer
		if _, err := src.Dump(context.Background(), &b, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := src.Load(context.Background(), bytes.NewReader(b.Bytes()), sqlstore.LoadOptions{}); !errors.Is(err, sqlstore.ErrNotEmpty) {
			t.Errorf("load into a database with records: %v, want ErrNotEmpty", err)
		}

		// A changed byte in a person's row: the dump's checksum catches it.
		damaged := bytes.Replace(b.Bytes(), []byte("Nguyễn Văn Cán"), []byte("Nguyễn Văn Cản"), 1)
		fresh := sqltest.MustOpen(t, e)
		_, err := fresh.Load(context.Background(), bytes.NewReader(damaged), sqlstore.LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), "damaged") {
			t.Fatalf("damaged dump: %v", err)
		}
		var people int
		fresh.SQL().QueryRow(`SELECT COUNT(*) FROM people`).Scan(&people)
		if people != 0 {
			t.Errorf("a damaged dump left %d people", people)
		}

		// The damaged load stopped at the people table; given the source's sums, a load keeps
		// the tables before it and goes on from there.
		if _, err := fresh.Load(context.Background(), bytes.NewReader(b.Bytes()), sqlstore.LoadOptions{Source: want}); err != nil {
			t.Fatal(err)
		}
		var kept, loaded atomic.Int32
		if _, err := fresh.Load(context.Background(), bytes.NewReader(b.Bytes()), sqlstore.LoadOptions{Source: want,
			Progress: func(_ sqlstore.TableSum, k bool) {
				if k {
					kept.Add(1)
				} else {
					loaded.Add(1)
				}
			}}); err != nil {
			t.Fatal(err)
		}
		if loaded.Load() != 0 || int(kept.Load()) != len(want) {
			t.Errorf("a second load of an equal database reloaded %d tables, kept %d of %d", loaded.Load(), kept.Load(), len(want))
		}
		if got, _ := fresh.Sums(context.Background()); !slices.Equal(got, want) {
			t.Errorf("sums differ after the resumed load")
		}
	})
}

// TestDumpUnderWrites: a dump taken while audited writes go on is one moment of the database:
// it loads, and its audit log verifies with the head the dump recorded.
func TestDumpUnderWrites(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		src := dumpSource(t, db.Engine())
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		var wrote atomic.Int64
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					if err := src.Audit(adminCtx, &audit.Event{Action: "person.read", Entity: "person", EntityID: "1"}); err == nil {
						wrote.Add(1)
					}
				}
			}()
		}
		for wrote.Load() < 20 {
			time.Sleep(time.Millisecond)
		}
		var b bytes.Buffer
		sums, err := src.Dump(context.Background(), &b, src.AuditKeeper().Dir())
		cancel()
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		restoreInto(t, db.Engine(), b.Bytes(), sums)
	})
}
