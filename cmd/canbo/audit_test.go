package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// auditFixture is a database of one engine with its audit folder: the default beside a SQLite
// file, an explicit --audit-dir for PostgreSQL, as a deployment would have.
type auditFixture struct {
	dsn, dir string
	args     []string
}

func newAuditFixture(t *testing.T, engine sqlstore.Engine) *auditFixture {
	f := &auditFixture{dsn: sqltest.DSN(t, engine)}
	f.args = []string{"--db", f.dsn}
	if engine == sqlstore.Postgres {
		f.dir = filepath.Join(t.TempDir(), "audit")
		f.args = append(f.args, "--audit-dir", f.dir)
	}
	f.with(t, func(*sqlstore.DB) {}) // create and migrate
	return f
}

func (f *auditFixture) with(t *testing.T, fn func(db *sqlstore.DB)) {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), f.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fn(db)
}

// record appends n events as the server would, through the default audit folder.
func (f *auditFixture) record(t *testing.T, n int) {
	f.with(t, func(db *sqlstore.DB) {
		if _, err := openAudit(db, f.dsn, f.dir); err != nil {
			t.Fatal(err)
		}
		ctx := canbo.SystemContext(context.Background())
		for range n {
			if err := db.Audit(ctx, &audit.Event{Action: "export", Entity: "person"}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func (f *auditFixture) verify() (string, error) {
	var out bytes.Buffer
	err := cmdAuditVerify(context.Background(), f.args, &out)
	return out.String(), err
}

// TestAuditVerify runs `canbo audit verify` on an intact log and after each kind of tampering,
// on both engines.
func TestAuditVerify(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			t.Run("empty", func(t *testing.T) {
				f := newAuditFixture(t, engine)
				if out, err := f.verify(); err != nil || out != "audit log intact: 0 events, no head yet\n" {
					t.Fatalf("empty log: %q, %v", out, err)
				}
				var dir string
				f.with(t, func(db *sqlstore.DB) {
					id, _ := db.InstanceID(context.Background())
					dir, _ = auditDir(f.dsn, f.dir, id)
				})
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Errorf("verify created the audit folder %s (%v)", dir, err)
				}
			})
			for _, tc := range []struct{ name, sql, want string }{
				{"intact", "", ""},
				{"edited", `UPDATE audit_events SET reason = 'sửa' WHERE seq = 3`, "audit event 3: MAC mismatch (edited)"},
				{"deleted", `DELETE FROM audit_events WHERE seq = 3`, "audit event 4: event 3 is missing (deleted)"},
				{"truncated", `DELETE FROM audit_events WHERE seq > 15`, "audit log truncated: head file says seq 25, log ends at 15"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					f := newAuditFixture(t, engine)
					f.record(t, 25)
					if tc.sql == "" {
						if out, err := f.verify(); err != nil || out != "audit log intact: 25 events, head seq 25\n" {
							t.Errorf("intact log: %q, %v", out, err)
						}
						return
					}
					f.with(t, func(db *sqlstore.DB) {
						if _, err := db.SQL().Exec(tc.sql); err != nil {
							t.Fatal(err)
						}
					})
					out, err := f.verify()
					if err == nil || err.Error() != tc.want {
						t.Errorf("got %q, %v; want the error %q", out, err, tc.want)
					}
				})
			}
		})
	}
}

func TestAuditVerifyRefuses(t *testing.T) {
	ctx := context.Background()
	if err := cmdAuditVerify(ctx, nil, new(bytes.Buffer)); err == nil || !strings.Contains(err.Error(), "--db") {
		t.Errorf("no --db: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "typo.db")
	if err := cmdAuditVerify(ctx, []string{"--db", missing}, new(bytes.Buffer)); err == nil {
		t.Error("a missing SQLite file verified")
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Error("verify created the missing database file")
	}

	// Events but no head file: truncation cannot be ruled out, so that is not "intact".
	dsn := filepath.Join(t.TempDir(), "canbo.db")
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	k, err := openAudit(db, dsn, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Audit(canbo.SystemContext(ctx), &audit.Event{Action: "export"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Remove(filepath.Join(k.Dir(), audit.HeadFile)); err != nil {
		t.Fatal(err)
	}
	if err := cmdAuditVerify(ctx, []string{"--db", dsn}, new(bytes.Buffer)); err == nil || !strings.Contains(err.Error(), "head file") {
		t.Errorf("missing head: %v", err)
	}
	// Events but no key: nothing can be verified.
	if err := os.Remove(filepath.Join(k.Dir(), audit.KeyFile)); err != nil {
		t.Fatal(err)
	}
	if err := cmdAuditVerify(ctx, []string{"--db", dsn}, new(bytes.Buffer)); err == nil || !strings.Contains(err.Error(), "no audit key") {
		t.Errorf("missing key: %v", err)
	}
}

func TestAuditDir(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	// A folder named the old way, by URL, is still found when it holds a key.
	legacy := filepath.Join(data, "canbo", "audit", "old.example-5432-prod")
	if err := os.MkdirAll(legacy, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(legacy, audit.KeyFile), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ dsn, flag, want string }{
		{"/srv/canbo.db", "", "/srv/canbo.db.audit"},
		{"canbo.db", "/secure/audit", "/secure/audit"},
		// Named by the database's identity: every spelling of the URL finds the same folder.
		{"postgres://canbo@db.example:5433/canbo?sslmode=require", "", data + "/canbo/audit/0123abcd"},
		{"postgresql://u@10.0.0.5/prod", "", data + "/canbo/audit/0123abcd"},
		{"postgres://u@localhost:5432/prod", "", data + "/canbo/audit/0123abcd"},
		{"postgres://u@/", "", data + "/canbo/audit/0123abcd"},
		{"postgres://u@old.example/prod", "", legacy},
	} {
		got, err := auditDir(tc.dsn, tc.flag, "0123abcd")
		if err != nil || got != tc.want {
			t.Errorf("auditDir(%q, %q) = %q, %v; want %q", tc.dsn, tc.flag, got, err, tc.want)
		}
	}
}

// TestAuditKeyMissing: a database that holds audit events never gets a fresh key — not when
// the folder is lost or moved, and not when the PostgreSQL URL is spelled another way — and
// the refusal tells the operator what to do.
func TestAuditKeyMissing(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	for _, engine := range sqltest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newAuditFixture(t, engine)
			f.dir = "" // the default folder, as a server started without --audit-dir uses
			f.record(t, 3)
			ctx := context.Background()
			if engine == sqlstore.Postgres {
				// Another spelling of the same database finds the same key.
				other := strings.Replace(f.dsn, "127.0.0.1", "localhost", 1)
				if other == f.dsn {
					t.Fatalf("cannot respell %s", f.dsn)
				}
				store, err := openStore(ctx, other, "")
				if err != nil {
					t.Fatalf("respelled URL: %v", err)
				}
				err = store.Audit(canbo.SystemContext(ctx), &audit.Event{Action: "export", Entity: "person"})
				store.Close()
				if err != nil {
					t.Fatal(err)
				}
				if err := cmdAuditVerify(ctx, []string{"--db", f.dsn}, new(bytes.Buffer)); err != nil {
					t.Fatal(err)
				}
			}
			var dir string
			f.with(t, func(db *sqlstore.DB) {
				id, _ := db.InstanceID(ctx)
				dir, _ = auditDir(f.dsn, "", id)
			})
			if err := os.Rename(dir, dir+".moved"); err != nil {
				t.Fatal(err)
			}
			_, err := openStore(ctx, f.dsn, "")
			if err == nil || !strings.Contains(err.Error(), "signed audit events") || !strings.Contains(err.Error(), "--audit-dir") {
				t.Fatalf("moved folder: %v", err)
			}
			if _, err := os.Stat(filepath.Join(dir, audit.KeyFile)); !os.IsNotExist(err) {
				t.Errorf("a new key was created: %v", err)
			}
			// Pointed at the moved folder, it opens.
			store, err := openStore(ctx, f.dsn, dir+".moved")
			if err != nil {
				t.Fatal(err)
			}
			store.Close()
		})
	}
}
