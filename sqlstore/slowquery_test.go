package sqlstore_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// logged keeps the records a logger was given, with the request id their context carried.
type logged struct {
	mu    sync.Mutex
	lines []string
}

type requestKey struct{}

type recordHandler struct{ l *logged }

func (h recordHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h recordHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h recordHandler) WithGroup(string) slog.Handler            { return h }
func (h recordHandler) Handle(ctx context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.Key + "=" + a.Value.String())
		return true
	})
	if id, _ := ctx.Value(requestKey{}).(string); id != "" {
		b.WriteString(" request=" + id)
	}
	h.l.mu.Lock()
	h.l.lines = append(h.l.lines, b.String())
	h.l.mu.Unlock()
	return nil
}

// TestSlowQueryLog: with a threshold every statement slower is logged with its text, its
// duration and the context of the request that ran it (where web's log handler finds the
// request id), never with its arguments; a threshold no statement reaches logs nothing.
func TestSlowQueryLog(t *testing.T) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			for _, c := range []struct {
				name      string
				threshold time.Duration
				want      bool
			}{{"every statement", time.Nanosecond, true}, {"none", time.Hour, false}} {
				t.Run(c.name, func(t *testing.T) {
					l, dsn := &logged{}, sqltest.DSN(t, e)
					db, err := sqlstore.OpenWith(context.Background(), dsn, sqlstore.Options{SlowQuery: c.threshold, Log: slog.New(recordHandler{l})})
					if err != nil {
						t.Fatal(err)
					}
					defer db.Close()
					if _, err := db.SetAuditDir(t.TempDir()); err != nil {
						t.Fatal(err)
					}
					ctx := context.WithValue(canbo.SystemContext(context.Background()), requestKey{}, "req-42")
					// A secret in the arguments: a name search and a new person's identity number.
					if _, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Q: "bimatxyz"}); err != nil {
						t.Fatal(err)
					}
					p := &canbo.Person{FamilyName: "Lê", GivenName: "Lan", Sex: canbo.Female, BirthDate: "1980", IdentityNumber: "079912345678"}
					if err := db.CreatePerson(ctx, p, nil, nil); err != nil {
						t.Fatal(err)
					}
					l.mu.Lock()
					defer l.mu.Unlock()
					var search, insert bool
					for _, line := range l.lines {
						if strings.Contains(line, "bimatxyz") || strings.Contains(line, "079912345678") {
							t.Errorf("an argument was logged: %s", line)
						}
						if !strings.HasPrefix(line, "WARN slow query ms=") {
							continue
						}
						if strings.Contains(line, "person_words") && strings.Contains(line, "request=req-42") {
							search = true
						}
						if strings.Contains(line, "INSERT INTO people") && strings.Contains(line, "request=req-42") {
							insert = true
						}
					}
					if search != c.want || insert != c.want {
						t.Errorf("search logged %v, insert logged %v, want %v; %d lines:\n%s", search, insert, c.want, len(l.lines), strings.Join(l.lines[:min(len(l.lines), 5)], "\n"))
					}
				})
			}
		})
	}
}
