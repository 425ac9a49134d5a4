package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

var adminCtx = canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "admin", Role: canbo.RoleAdmin})

// addPeople records n people through the store, audited as a server would.
func addPeople(db *sqlstore.DB, from, n int) error {
	for i := range n {
		p := &canbo.Person{FamilyName: "Nguyễn", MiddleName: "Văn", GivenName: fmt.Sprintf("Sao Lưu %d", from+i), Sex: canbo.Male, BirthDate: "1980-01-02"}
		if err := db.CreatePerson(adminCtx, p, nil, nil); err != nil {
			return err
		}
	}
	return nil
}

func sumsOf(t *testing.T, dsn string) []sqlstore.TableSum {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.Sums(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBackupUnderWritesRestores: a backup taken while people are being recorded restores into
// a new database whose tables equal the backup's moment and whose audit log verifies; the
// folder keeps the newest --keep backups; a restore over an existing file is refused.
func TestBackupUnderWritesRestores(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "live.db")
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	k, err := openAudit(db, dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := addPeople(db, 0, 20); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 100; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := addPeople(db, i, 1); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	}()
	for written.Load() < 5 {
		time.Sleep(time.Millisecond)
	}
	backups := filepath.Join(dir, "backups")
	var path string
	var sums []sqlstore.TableSum
	for range 3 {
		if path, sums, err = backup(ctx, db, k.Dir(), backups+"/", 2); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if files, _ := filepath.Glob(filepath.Join(backups, backupPattern)); len(files) != 2 || files[1] != path {
		t.Errorf("the folder keeps %v, want the newest 2 ending with %s", files, path)
	}

	restored := filepath.Join(dir, "restored.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"restore", "--from", path, "--db", restored}, nil, &out, &out); err != nil {
		t.Fatalf("restore: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "audit log intact") {
		t.Errorf("restore says: %s", out.String())
	}
	if got := sumsOf(t, restored); !slices.Equal(got, sums) {
		t.Errorf("the restored tables differ from the backup's moment")
	}
	out.Reset()
	if err := run(ctx, []string{"audit", "verify", "--db", restored}, nil, &out, &out); err != nil {
		t.Errorf("audit verify after the restore: %v", err)
	}
	if err := run(ctx, []string{"restore", "--from", path, "--db", restored}, nil, &out, &out); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a restore over an existing database: %v", err)
	}
	if err := run(ctx, []string{"restore", "--from", dsn, "--db", filepath.Join(dir, "x.db")}, nil, &out, &out); err == nil {
		t.Error("a restore from a file that is not a backup was accepted")
	}
}

// TestBackupCommandAndMigrateData: `canbo backup` writes a file `canbo restore` reads; and
// migrate-data copies SQLite → PostgreSQL → SQLite with equal checksums, each audit log
// verifying, refusing a target that holds other records.
func TestBackupCommandAndMigrateData(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "source.db")
	func() {
		db, err := sqlstore.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := openAudit(db, dsn, ""); err != nil {
			t.Fatal(err)
		}
		if err := addPeople(db, 0, 30); err != nil {
			t.Fatal(err)
		}
	}()
	want := sumsOf(t, dsn)
	var out bytes.Buffer
	file := filepath.Join(dir, "one.dump.gz")
	if err := run(ctx, []string{"backup", "--db", dsn, "--to", file}, nil, &out, &out); err != nil {
		t.Fatalf("backup: %v %s", err, out.String())
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v %v, want mode 0600", st, err)
	}
	if err := run(ctx, []string{"restore", "--from", file, "--db", filepath.Join(dir, "r.db")}, nil, &out, &out); err != nil {
		t.Fatalf("restore: %v %s", err, out.String())
	}

	pg := sqltest.DSN(t, sqlstore.Postgres)
	pgAudit := filepath.Join(dir, "pg-audit")
	out.Reset()
	if err := run(ctx, []string{"migrate-data", "--from", dsn, "--to", pg, "--to-audit-dir", pgAudit}, nil, &out, &out); err != nil {
		t.Fatalf("SQLite → PostgreSQL: %v\n%s", err, out.String())
	}
	if got := sumsOf(t, pg); !slices.Equal(got, want) {
		t.Errorf("PostgreSQL after migrate-data differs from the SQLite source")
	}
	if err := run(ctx, []string{"audit", "verify", "--db", pg, "--audit-dir", pgAudit}, nil, &out, &out); err != nil {
		t.Errorf("audit verify on PostgreSQL: %v", err)
	}
	back := filepath.Join(dir, "back.db")
	if err := run(ctx, []string{"migrate-data", "--from", pg, "--from-audit-dir", pgAudit, "--to", back}, nil, &out, &out); err != nil {
		t.Fatalf("PostgreSQL → SQLite: %v\n%s", err, out.String())
	}
	if got := sumsOf(t, back); !slices.Equal(got, want) {
		t.Errorf("the round trip SQLite → PostgreSQL → SQLite changed the data")
	}
	if err := run(ctx, []string{"audit", "verify", "--db", back}, nil, &out, &out); err != nil {
		t.Errorf("audit verify after the round trip: %v", err)
	}
	// A target holding another database's records is not overwritten.
	other := filepath.Join(dir, "other.db")
	func() {
		db, err := sqlstore.Open(ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := openAudit(db, other, ""); err != nil {
			t.Fatal(err)
		}
		if err := addPeople(db, 0, 1); err != nil {
			t.Fatal(err)
		}
	}()
	if err := run(ctx, []string{"migrate-data", "--from", dsn, "--to", other}, nil, &out, &out); err == nil ||
		!strings.Contains(err.Error(), "already holds records") {
		t.Errorf("migrate-data over a database with other records: %v", err)
	}
}
