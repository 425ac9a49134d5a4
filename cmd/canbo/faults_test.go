package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"canbo"
	"canbo/demo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestFaultChild is a canbo command run as a child process by the fault tests, with the
// arguments in CANBO_FAULT_CHILD; it does nothing in a normal test run.
func TestFaultChild(t *testing.T) {
	spec := os.Getenv("CANBO_FAULT_CHILD")
	if spec == "" {
		t.Skip("run by the fault tests")
	}
	var args []string
	if err := json.Unmarshal([]byte(spec), &args); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &out)
	t.Fatalf("the command finished before it was killed: %v\n%s", err, out.String())
}

// killWhileWriting runs `canbo args…` in a child process, waits until its transaction has
// begun writing (writing, asked every 100 ms), lets it write for settle more and kills it with
// SIGKILL.
func killWhileWriting(t *testing.T, args []string, writing func() bool, settle time.Duration) {
	t.Helper()
	spec, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestFaultChild$", "-test.v")
	cmd.Env = append(os.Environ(), "CANBO_FAULT_CHILD="+string(spec))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(5 * time.Minute)
wait:
	for {
		select {
		case err := <-done:
			t.Fatalf("the child ended before it was killed: %v\n%s", err, out.String())
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("the child never started writing\n%s", out.String())
		case <-time.After(100 * time.Millisecond):
			if writing() {
				break wait
			}
		}
	}
	time.Sleep(settle)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child: %v, want killed\n%s", err, out.String())
	}
}

// writeProbe returns a test of whether another process's transaction is writing to the
// fixture's database: on SQLite the write-ahead log has grown by a megabyte since the probe
// was made; on PostgreSQL another session holds a transaction id (given at its first write).
func writeProbe(t *testing.T, f *auditFixture, engine sqlstore.Engine) func() bool {
	t.Helper()
	if engine == sqlstore.SQLite {
		size := func() int64 {
			st, err := os.Stat(f.dsn + "-wal")
			if err != nil {
				return 0
			}
			return st.Size()
		}
		start := size()
		return func() bool { return size() > start+1<<20 }
	}
	db, err := sqlstore.Open(context.Background(), f.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return func() bool {
		var n int
		err := db.SQL().QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`).Scan(&n)
		return err == nil && n > 0
	}
}

// faultTables are the tables a restructuring or a seed writes, and the audit log.
var faultTables = []string{"units", "unit_versions", "events", "event_links", "imports", "people", "person_words", "posts",
	"party_members", "party_cells", "person_entries", "audit_events"}

// rowCounts counts the rows of every table of faultTables.
func rowCounts(t *testing.T, f *auditFixture) map[string]int {
	t.Helper()
	counts := map[string]int{}
	f.with(t, func(db *sqlstore.DB) {
		for _, tb := range faultTables {
			var n int
			if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + tb).Scan(&n); err != nil {
				t.Fatal(err)
			}
			counts[tb] = n
		}
		if db.Engine() == sqlstore.SQLite {
			var ok string
			if err := db.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
				t.Errorf("integrity_check = %q, %v", ok, err)
			}
		}
	})
	return counts
}

// TestFaultKilled (issue 20 item 8): a restructuring — the 2025 reform's ≈ 15,000 events,
// one transaction — and a seed of people killed with SIGKILL while writing leave the database
// as it was before them, with an intact SQLite file; the restructuring then runs to the end.
// A seed is several all-or-nothing steps (its new party cells, then its people): the step
// killed leaves nothing, so the people tables are as before, and the units only ever grow by
// a whole recorded step. On both engines.
func TestFaultKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("imports every administrative unit")
	}
	for _, engine := range sqltest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newAuditFixture(t, engine)
			f.with(t, func(db *sqlstore.DB) {
				if _, err := openAudit(db, f.dsn, f.dir); err != nil {
					t.Fatal(err)
				}
			})
			before := rowCounts(t, f)
			// Killed as soon as it writes: on SQLite the whole import takes about 2 s, so a
			// second's wait after its write-ahead log passed a megabyte could outlast it.
			killWhileWriting(t, append([]string{"import", "admin-units"}, f.args...), writeProbe(t, f, engine), 0)
			if after := rowCounts(t, f); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Fatalf("restructuring killed: after %v, before %v", after, before)
			}
			var out bytes.Buffer
			if err := run(context.Background(), append([]string{"import", "admin-units"}, f.args...), strings.NewReader(""), &out, &out); err != nil {
				t.Fatalf("the restructuring again: %v\n%s", err, out.String())
			}
			f.with(t, func(db *sqlstore.DB) {
				if _, err := openAudit(db, f.dsn, f.dir); err != nil {
					t.Fatal(err)
				}
				if _, err := demo.Trees(canbo.SystemContext(context.Background()), db); err != nil {
					t.Fatal(err)
				}
			})
			before = rowCounts(t, f)
			killWhileWriting(t, append([]string{"seed", "--scale", "demo", "--seed", "7", "--people", "300000"}, f.args...), writeProbe(t, f, engine), time.Second)
			after := rowCounts(t, f)
			for _, tb := range []string{"people", "person_words", "posts", "party_members", "party_cells", "person_entries"} {
				if after[tb] != before[tb] {
					t.Errorf("seed killed: %s has %d rows, had %d", tb, after[tb], before[tb])
				}
			}
			if grew := after["imports"] - before["imports"]; grew > 1 || grew == 0 && fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("seed killed: after %v, before %v: more than one whole step", after, before)
			}
			var out2 bytes.Buffer
			if err := run(context.Background(), append([]string{"audit", "verify"}, f.args...), strings.NewReader(""), &out2, &out2); err != nil {
				t.Errorf("audit verify after the kills: %v\n%s", err, out2.String())
			}
		})
	}
}
