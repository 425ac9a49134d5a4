package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"canbo"
	"canbo/audit"
)

// TestMigrateCreatesPrivateFiles: `canbo migrate` creates the SQLite database, its -wal and -shm
// files and the audit folder, key and head readable by the owner alone, even under the usual
// umask 022 (before, the database came out 0644).
func TestMigrateCreatesPrivateFiles(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	db := filepath.Join(t.TempDir(), "data", "canbo.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "--db", db}, nil, &out, &out); err != nil {
		t.Fatal(err, out.String())
	}
	store, err := openStore(context.Background(), db, "")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	// A write, so that the WAL, its index and the audit head exist.
	if err := store.Audit(canbo.SystemContext(context.Background()), &audit.Event{Action: "export", Entity: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{db, db + "-wal", db + "-shm", db + ".audit", filepath.Join(db+".audit", audit.KeyFile),
		filepath.Join(db+".audit", audit.HeadFile), filepath.Dir(db)} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v: others may read it", filepath.Base(p), fi.Mode().Perm())
		}
	}
}
