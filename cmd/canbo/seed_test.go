package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSeedNewFile: a seed into a new SQLite file fills DB.seeding (deleting what a killed seed
// left there) and renames it to DB, with its audit folder, only when complete: an ordinary WAL
// database whose integrity and audit log check. Killed while writing, it leaves no file at DB.
func TestSeedNewFile(t *testing.T) {
	if testing.Short() {
		t.Skip("imports every administrative unit")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "new.db")
	// What a killed seed leaves.
	if err := os.WriteFile(db+".seeding", []byte("half a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(db+".seeding.audit", 0o700); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	if err := run(context.Background(), []string{"seed", "--scale", "demo", "--people", "300", "--db", db}, strings.NewReader(""), &out, &errs); err != nil {
		t.Fatalf("seed: %v\n%s\n%s", err, out.String(), errs.String())
	}
	for _, want := range []string{"administrative units", "people: 300 of 300 queued", "timelines", "done"} {
		if !strings.Contains(errs.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, errs.String())
		}
	}
	left, _ := filepath.Glob(db + ".seeding*")
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	store, err := openStore(context.Background(), db, "")
	if err != nil {
		t.Fatal(err)
	}
	var mode, ok string
	var people int
	q := store.SQL()
	if err := q.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	if err := q.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check = %q, %v", ok, err)
	}
	if err := q.QueryRow(`SELECT COUNT(*) FROM people`).Scan(&people); err != nil || people != 300 {
		t.Errorf("people = %d, %v; want 300", people, err)
	}
	store.Close()
	out.Reset()
	if err := run(context.Background(), []string{"audit", "verify", "--db", db}, strings.NewReader(""), &out, &out); err != nil {
		t.Errorf("audit verify: %v\n%s", err, out.String())
	}

	killed := filepath.Join(dir, "killed.db")
	writing := func() bool {
		st, err := os.Stat(killed + ".seeding")
		return err == nil && st.Size() > 8<<20 // the units are written: the load is under way
	}
	killWhileWriting(t, []string{"seed", "--scale", "demo", "--people", "300000", "--db", killed}, writing, time.Second)
	for _, p := range []string{killed, killed + ".audit"} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("a killed seed into a new file left %s (%v)", p, err)
		}
	}
}
