package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// adminCtx is an administrator's request from a known address.
var adminCtx = canbo.NewContextWithUser(audit.WithRequest(context.Background(), "203.0.113.9"),
	&canbo.User{ID: 1, Username: "admin", Role: canbo.RoleAdmin})

// mustAudit gives db an audit folder of its own.
func mustAudit(t testing.TB, db *sqlstore.DB) *audit.Keeper {
	t.Helper()
	k, err := db.SetAuditDir(filepath.Join(t.TempDir(), "audit"))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// account is a before/after payload with secrets that must never reach the log.
type account struct {
	Username string `json:"username"`
	Role     string `json:"role"`
	Password string `json:"password"`
	Session  string `json:"session_id"`
}

// appendEvents appends n user.update events whose payloads carry a password and a session id.
func appendEvents(t testing.TB, db *sqlstore.DB, ctx context.Context, n int) {
	t.Helper()
	for i := range n {
		e := &audit.Event{Action: "user.update", Entity: "user", EntityID: strconv.Itoa(i%3 + 1),
			Before: audit.Redact(account{Username: "lan", Role: "viewer", Password: "hunter2-" + strconv.Itoa(i), Session: "sess-secret"}),
			After:  json.RawMessage(`{"username":"lan","role":"officer","password":"hunter3","nested":{"token":"tok-secret"}}`),
			Reason: "QĐ 12/QĐ-BTC"}
		if err := db.Audit(ctx, e); err != nil {
			t.Fatalf("append %d: %v", i+1, err)
		}
	}
}

// execSQL runs a statement written with ? on either engine, as a tamperer with database access.
func execSQL(t *testing.T, db *sqlstore.DB, q string, args ...any) {
	t.Helper()
	if db.Engine() == sqlstore.Postgres {
		var b strings.Builder
		n := 0
		for _, r := range q {
			if r == '?' {
				n++
				fmt.Fprintf(&b, "$%d", n)
				continue
			}
			b.WriteRune(r)
		}
		q = b.String()
	}
	if _, err := db.SQL().Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func verifyErr(t *testing.T, db *sqlstore.DB, k *audit.Keeper) (audit.Report, *audit.Broken) {
	t.Helper()
	rep, err := db.VerifyAudit(canbo.SystemContext(context.Background()), k)
	var b *audit.Broken
	if err != nil && !errors.As(err, &b) {
		t.Fatalf("VerifyAudit: %v", err)
	}
	return rep, b
}

func TestAuditAppendAndVerify(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		k := mustAudit(t, db)
		appendEvents(t, db, adminCtx, 30)
		rep, b := verifyErr(t, db, k)
		if b != nil {
			t.Fatalf("intact log: %v", b)
		}
		if rep.Events != 30 || rep.LastSeq != 30 || rep.Head == nil || rep.Head.Seq != 30 || rep.Behind != 0 {
			t.Errorf("report %+v, want 30 events with the head at 30", rep)
		}
		// No secret reaches the table, whichever way the payload was given.
		rows, err := db.SQL().Query(`SELECT COALESCE(before_json, ''), COALESCE(after_json, '') FROM audit_events`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var before, after string
			if err := rows.Scan(&before, &after); err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"password", "hunter", "session", "sess-secret", "token", "tok-secret"} {
				if strings.Contains(before+after, s) {
					t.Errorf("stored payload holds %q: %s %s", s, before, after)
				}
			}
			if !strings.Contains(after, `"role":"officer"`) {
				t.Errorf("after lost its content: %s", after)
			}
		}
		evs, total, err := db.AuditEvents(adminCtx, audit.Filter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		e := evs[0]
		if total != 30 || e.Seq != 30 || e.UserID != 1 || e.Username != "admin" || e.Client != "203.0.113.9" ||
			e.Reason != "QĐ 12/QĐ-BTC" || e.At.Location() != time.UTC || time.Since(e.At) > time.Minute {
			t.Errorf("newest event %+v (of %d): who/when/where not recorded", e, total)
		}
	})
}

func TestAuditTamper(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, db *sqlstore.DB)
		kind   audit.Kind
		seq    int64
		msg    string
	}{
		{"untouched", func(t *testing.T, db *sqlstore.DB) {}, "", 0, ""},
		{"edited payload", func(t *testing.T, db *sqlstore.DB) {
			execSQL(t, db, `UPDATE audit_events SET after_json = ? WHERE seq = ?`, `{"role":"admin"}`, 12)
		}, audit.Edited, 12, "audit event 12: MAC mismatch (edited)"},
		{"edited user", func(t *testing.T, db *sqlstore.DB) {
			execSQL(t, db, `UPDATE audit_events SET user_id = 99 WHERE seq = ?`, 3)
		}, audit.Edited, 3, ""},
		{"edited time", func(t *testing.T, db *sqlstore.DB) {
			execSQL(t, db, `UPDATE audit_events SET at = ? WHERE seq = ?`, "2020-01-01 00:00", 7)
		}, audit.Unreadable, 7, ""},
		{"deleted middle", func(t *testing.T, db *sqlstore.DB) {
			execSQL(t, db, `DELETE FROM audit_events WHERE seq = ?`, 12)
		}, audit.Deleted, 13, "audit event 13: event 12 is missing (deleted)"},
		{"reordered", func(t *testing.T, db *sqlstore.DB) {
			swapRows(t, db, 8, 20)
		}, audit.Reordered, 8, ""},
		{"truncated", func(t *testing.T, db *sqlstore.DB) {
			execSQL(t, db, `DELETE FROM audit_events WHERE seq > ?`, 20)
		}, audit.Truncated, 20, "audit log truncated: head file says seq 30, log ends at 20"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
				k := mustAudit(t, db)
				appendEvents(t, db, adminCtx, 30)
				tc.tamper(t, db)
				_, b := verifyErr(t, db, k)
				if tc.kind == "" {
					if b != nil {
						t.Fatalf("untouched log: %v", b)
					}
					return
				}
				if b == nil {
					t.Fatalf("tampering not detected, want %s at %d", tc.kind, tc.seq)
				}
				if b.Kind != tc.kind || b.Seq != tc.seq {
					t.Errorf("got %q, want %s at %d", b, tc.kind, tc.seq)
				}
				if tc.msg != "" && b.Error() != tc.msg {
					t.Errorf("message %q, want %q", b, tc.msg)
				}
				// The writer does not extend a log that disagrees with its head.
				if tc.kind == audit.Truncated {
					err := db.Audit(adminCtx, &audit.Event{Action: "export"})
					if !errors.As(err, &b) || b.Kind != audit.Truncated {
						t.Errorf("append after truncation: %v, want a refusal", err)
					}
				}
			})
		})
	}
}

// swapRows exchanges every column but seq between two events, as someone moving an event to
// another place in the log would.
func swapRows(t *testing.T, db *sqlstore.DB, a, b int64) {
	t.Helper()
	const cols = `at, user_id, username, client, action, entity, entity_id, before_json, after_json, reason, prev, mac`
	read := func(seq int64) []any {
		vals := make([]any, 12)
		ptrs := make([]any, 12)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		q := `SELECT ` + cols + ` FROM audit_events WHERE seq = ` + strconv.FormatInt(seq, 10)
		if err := db.SQL().QueryRow(q).Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		return vals
	}
	va, vb := read(a), read(b)
	set := `UPDATE audit_events SET at = ?, user_id = ?, username = ?, client = ?, action = ?, entity = ?, entity_id = ?,
		before_json = ?, after_json = ?, reason = ?, prev = ?, mac = ? WHERE seq = ?`
	execSQL(t, db, set, append(vb, a)...)
	execSQL(t, db, set, append(va, b)...)
}

// TestAuditHeadBehind: a crash between a commit and its head write leaves the head behind the
// log; that verifies, and the writer carries on.
func TestAuditHeadBehind(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		k := mustAudit(t, db)
		appendEvents(t, db, adminCtx, 20)
		headPath := filepath.Join(k.Dir(), audit.HeadFile)
		old, err := os.ReadFile(headPath)
		if err != nil {
			t.Fatal(err)
		}
		appendEvents(t, db, adminCtx, 5)
		if err := os.WriteFile(headPath, old, 0o600); err != nil { // the last five head writes were lost
			t.Fatal(err)
		}
		k2, err := audit.OpenKeeper(k.Dir()) // the restarted server
		if err != nil {
			t.Fatal(err)
		}
		db.SetAudit(k2)
		rep, b := verifyErr(t, db, k2)
		if b != nil || rep.Head.Seq != 20 || rep.Behind != 5 {
			t.Fatalf("head behind by 5: %+v, %v", rep, b)
		}
		appendEvents(t, db, adminCtx, 1)
		if rep, b := verifyErr(t, db, k2); b != nil || rep.Head.Seq != 26 || rep.Behind != 0 {
			t.Fatalf("after one more event: %+v, %v", rep, b)
		}
	})
}

func TestAuditConcurrent(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		k := mustAudit(t, db)
		const writers, each = 8, 50
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Go(func() {
				ctx := canbo.NewContextWithUser(audit.WithRequest(context.Background(), fmt.Sprintf("198.51.100.%d", w)),
					&canbo.User{ID: int64(w + 1), Username: fmt.Sprintf("user%d", w), Role: canbo.RoleOfficer, Scope: []int64{1}})
				for i := range each {
					e := &audit.Event{Action: "person.read", Entity: "person", EntityID: strconv.Itoa(i)}
					if err := db.Audit(ctx, e); err != nil {
						errs <- fmt.Errorf("writer %d, event %d: %w", w, i, err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		rep, b := verifyErr(t, db, k)
		if b != nil {
			t.Fatalf("concurrent appends broke the chain: %v", b)
		}
		if rep.Events != writers*each || rep.LastSeq != writers*each || rep.Head.Seq != writers*each {
			t.Errorf("report %+v, want %d gap-free events and the head at the last", rep, writers*each)
		}
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(DISTINCT client) FROM audit_events`).Scan(&n); err != nil || n != writers {
			t.Errorf("distinct clients = %d (%v), want %d", n, err, writers)
		}
	})
}

func TestAuditEvents(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		mustAudit(t, db)
		day := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
		now := day
		db.Now = func() time.Time { return now }
		viewer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 5, Username: "xem", Role: canbo.RoleViewer, Scope: []int64{1}})
		add := func(ctx context.Context, e audit.Event) {
			t.Helper()
			now = now.Add(time.Hour)
			if err := db.Audit(ctx, &e); err != nil {
				t.Fatal(err)
			}
		}
		add(adminCtx, audit.Event{Action: "unit.event", Entity: "unit", EntityID: "7"})            // 1, 01:00
		add(adminCtx, audit.Event{Action: "unit.link", Entity: "unit", EntityID: "7"})             // 2, 02:00
		add(viewer, audit.Event{Action: "person.read", Entity: "person", EntityID: "12"})          // 3, 03:00
		add(context.Background(), audit.Event{Action: "login.failed", Username: "nobody"})         // 4, 04:00
		add(viewer, audit.Event{Action: "auth.denied", Entity: "unit", EntityID: "7"})             // 5, 05:00
		add(canbo.SystemContext(context.Background()), audit.Event{Action: "export", Entity: "x"}) // 6, 06:00
		for _, tc := range []struct {
			name string
			f    audit.Filter
			want string
		}{
			{"all, newest first", audit.Filter{}, "6 5 4 3 2 1"},
			{"user", audit.Filter{UserID: 5}, "5 3"},
			{"username of a failed login", audit.Filter{Username: "nobody"}, "4"},
			{"system", audit.Filter{Username: "(system)"}, "6"},
			{"unit", audit.Filter{Entity: "unit", EntityID: "7"}, "5 2 1"},
			{"person", audit.Filter{Entity: "person", EntityID: "12"}, "3"},
			{"action", audit.Filter{Action: "unit.link"}, "2"},
			{"action prefix", audit.Filter{Action: "unit."}, "2 1"},
			{"dates", audit.Filter{From: day.Add(2 * time.Hour), To: day.Add(5 * time.Hour)}, "4 3 2"},
			{"dates in another zone", audit.Filter{From: day.In(time.FixedZone("ICT", 7*3600)).Add(5 * time.Hour)}, "6 5"},
			{"page", audit.Filter{Limit: 2, Offset: 1}, "5 4"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				evs, total, err := db.AuditEvents(adminCtx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, e := range evs {
					got = append(got, strconv.FormatInt(e.Seq, 10))
				}
				if strings.Join(got, " ") != tc.want {
					t.Errorf("got %v, want %s", got, tc.want)
				}
				if want := len(strings.Fields(tc.want)); tc.f.Limit == 0 && total != want {
					t.Errorf("total %d, want %d", total, want)
				}
			})
		}
		if evs, total, _ := db.AuditEvents(adminCtx, audit.Filter{Limit: 2, Offset: 1}); total != 6 || len(evs) != 2 {
			t.Errorf("paged: total %d, %d events; want 6 and 2", total, len(evs))
		}
		var seqs []int64
		err := db.EachAuditEvent(adminCtx, audit.Filter{UserID: 5}, func(e *audit.Event) error {
			seqs = append(seqs, e.Seq)
			return nil
		})
		if err != nil || fmt.Sprint(seqs) != "[5 3]" {
			t.Errorf("EachAuditEvent: %v, %v", seqs, err)
		}
		for name, call := range map[string]func() error{
			"AuditEvents":    func() error { _, _, err := db.AuditEvents(viewer, audit.Filter{}); return err },
			"EachAuditEvent": func() error { return db.EachAuditEvent(viewer, audit.Filter{}, nil) },
			"VerifyAudit":    func() error { _, err := db.VerifyAudit(viewer, db.AuditKeeper()); return err },
		} {
			if err := call(); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
				t.Errorf("%s for a viewer: %v, want forbidden", name, err)
			}
		}
	})
}

// TestAuditNotConfigured: a store without a Keeper refuses to write unaudited.
func TestAuditNotConfigured(t *testing.T) {
	db := sqltest.MustOpen(t, sqlstore.SQLite)
	db.SetAudit(nil)
	if err := db.Audit(adminCtx, &audit.Event{Action: "export"}); err == nil {
		t.Fatal("Audit without a Keeper succeeded")
	}
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_events`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d events stored (%v)", n, err)
	}
	if err := db.Audit(adminCtx, &audit.Event{}); err == nil {
		t.Error("an event without an action was accepted")
	}
}

// BenchmarkAuditAppend measures d.Audit: one transaction, one event, the head file rewritten.
func BenchmarkAuditAppend(b *testing.B) {
	for _, e := range sqltest.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := sqltest.MustOpen(b, e)
			mustAudit(b, db)
			after := audit.Redact(map[string]any{"name": "Phường Sài Gòn", "code": "26740", "parent_id": 79})
			b.ResetTimer()
			for b.Loop() {
				if err := db.Audit(adminCtx, &audit.Event{Action: "unit.event", Entity: "unit", EntityID: "42", After: after}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAuditVerify measures verification speed over a 10,000-event log.
func BenchmarkAuditVerify(b *testing.B) {
	for _, e := range sqltest.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := sqltest.MustOpen(b, e)
			k := mustAudit(b, db)
			fill(b, db, 10000)
			ctx := canbo.SystemContext(context.Background())
			b.ResetTimer()
			for b.Loop() {
				if rep, err := db.VerifyAudit(ctx, k); err != nil || rep.Events != 10000 {
					b.Fatal(rep, err)
				}
			}
		})
	}
}

// fill appends n events quickly: signed here and inserted in one transaction, then the head
// recorded, as the store would.
func fill(b *testing.B, db *sqlstore.DB, n int) {
	k := db.AuditKeeper()
	tx, err := db.SQL().Begin()
	if err != nil {
		b.Fatal(err)
	}
	q := `INSERT INTO audit_events (seq, at, user_id, username, client, action, entity, entity_id, before_json, after_json, reason, prev, mac)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if db.Engine() == sqlstore.Postgres {
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", "$"+strconv.Itoa(i), 1)
		}
	}
	prev := audit.Genesis()
	var last audit.Event
	at := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= n; i++ {
		e := audit.Event{Seq: int64(i), At: at.Add(time.Duration(i) * time.Second), UserID: 1, Username: "admin", Client: "203.0.113.9",
			Action: "person.read", Entity: "person", EntityID: strconv.Itoa(i), After: json.RawMessage(`{"name":"Nguyễn Văn A","unit":12}`)}
		k.Sign(prev, &e)
		if _, err := tx.Exec(q, e.Seq, e.At.Format("2006-01-02T15:04:05.000000Z07:00"), e.UserID, e.Username, e.Client, e.Action,
			e.Entity, e.EntityID, nil, string(e.After), e.Reason, e.Prev, e.MAC); err != nil {
			b.Fatal(err)
		}
		prev, last = e.MAC, e
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if err := k.Committed(last.Seq, last.MAC); err != nil {
		b.Fatal(err)
	}
}
