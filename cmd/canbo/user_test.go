package main

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/auth"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestUserAddPasswordPolicy: the command line applies the web's password policy (it accepted
// 8 characters, and blanks, for an administrator).
func TestUserAddPasswordPolicy(t *testing.T) {
	f := newAuditFixture(t, sqlstore.SQLite)
	for _, pw := range []string{"12345678", strings.Repeat(" ", 16), "password12345678", "dài mười bốn ký"} {
		var out bytes.Buffer
		args := append([]string{"user", "add", "--username", "root2", "--role", "admin", "--password-stdin"}, f.args...)
		if err := run(context.Background(), args, strings.NewReader(pw+"\n"), &out, &out); err == nil {
			t.Errorf("admin password %q accepted", pw)
		}
	}
	var out bytes.Buffer
	args := append([]string{"user", "add", "--username", "root2", "--role", "admin", "--password-stdin"}, f.args...)
	if err := run(context.Background(), args, strings.NewReader("ngựa đỏ ăn cỏ xanh bên sông\n"), &out, &out); err != nil {
		t.Errorf("a good passphrase: %v", err)
	}
}

// TestUserResetTOTP: `canbo user reset-totp` removes a lost second factor, ends the user's
// sessions and is audited, on both engines.
func TestUserResetTOTP(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newAuditFixture(t, engine)
			var id int64
			f.with(t, func(db *sqlstore.DB) {
				if _, err := openAudit(db, f.dsn, f.dir); err != nil {
					t.Fatal(err)
				}
				hash, _ := auth.HashPassword("ngựa đỏ ăn cỏ xanh")
				u := &canbo.User{Username: "root", Role: canbo.RoleAdmin}
				if err := db.CreateUser(sys(), u, hash); err != nil {
					t.Fatal(err)
				}
				id = u.ID
				if err := db.SetTOTP(sys(), u.ID, "JBSWY3DPEHPK3PXP"); err != nil {
					t.Fatal(err)
				}
				if err := db.CreateSession(context.Background(), &canbo.Session{TokenHash: auth.TokenHash("s"), UserID: u.ID, CreatedAt: time.Now()}); err != nil {
					t.Fatal(err)
				}
			})
			var out bytes.Buffer
			if err := run(context.Background(), append(append([]string{"user", "reset-totp"}, f.args...), "root"), nil, &out, &out); err != nil {
				t.Fatal(err, out.String())
			}
			f.with(t, func(db *sqlstore.DB) {
				u, cred, err := db.FindUserByUsername(sys(), "root")
				if err != nil || u.TOTPEnabled || cred.TOTPSecret != "" {
					t.Errorf("after reset: %+v %v", u, err)
				}
				if _, _, err := db.TouchSession(context.Background(), auth.TokenHash("s"), time.Now(), time.Hour, time.Hour); err == nil {
					t.Error("the session survived the reset")
				}
				evs, _, err := db.AuditEvents(sys(), audit.Filter{Action: "user.totp_reset"})
				if err != nil || len(evs) != 1 || evs[0].EntityID != strconv.FormatInt(id, 10) || evs[0].Username != "(system)" {
					t.Errorf("audit: %+v %v", evs, err)
				}
			})
			if err := run(context.Background(), append(append([]string{"user", "reset-totp"}, f.args...), "nobody"), nil, &out, &out); err == nil {
				t.Error("reset-totp of an unknown user succeeded")
			}
		})
	}
}

func sys() context.Context { return canbo.SystemContext(context.Background()) }

// TestTokenCommands: `canbo token create --expires`, `list` and `revoke`, audited as the
// command line's work, on both engines.
func TestTokenCommands(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newAuditFixture(t, engine)
			f.with(t, func(db *sqlstore.DB) {
				if _, err := openAudit(db, f.dsn, f.dir); err != nil {
					t.Fatal(err)
				}
				hash, _ := auth.HashPassword("ngựa đỏ ăn cỏ xanh")
				if err := db.CreateUser(sys(), &canbo.User{Username: "root", Role: canbo.RoleAdmin}, hash); err != nil {
					t.Fatal(err)
				}
			})
			cmd := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := run(context.Background(), append(append(args[:2:2], f.args...), args[2:]...), nil, &out, &out)
				return out.String(), err
			}
			tok, err := cmd("token", "create", "--user", "root", "--name", "ci", "--expires", "30d")
			if err != nil {
				t.Fatal(err, tok)
			}
			if _, err := cmd("token", "create", "--user", "root", "--expires", "2001-01-01"); err == nil {
				t.Error("--expires in the past accepted")
			}
			list, err := cmd("token", "list")
			if err != nil || !strings.Contains(list, "root") || !strings.Contains(list, "ci") || strings.Contains(list, strings.TrimSpace(tok)) {
				t.Fatalf("list: %q %v", list, err)
			}
			id := strings.Fields(strings.Split(list, "\n")[1])[0]
			f.with(t, func(db *sqlstore.DB) {
				toks, _ := db.ListTokens(sys(), 0)
				if len(toks) != 1 || time.Until(toks[0].ExpiresAt) < 29*24*time.Hour {
					t.Errorf("stored: %+v", toks)
				}
			})
			if out, err := cmd("token", "revoke", id); err != nil {
				t.Fatal(err, out)
			}
			f.with(t, func(db *sqlstore.DB) {
				if _, err := db.FindUserByToken(context.Background(), auth.TokenHash(strings.TrimSpace(tok))); err == nil {
					t.Error("revoked token still works")
				}
				evs, _, _ := db.AuditEvents(sys(), audit.Filter{Action: "token.", Limit: 10})
				if len(evs) != 2 || evs[0].Username != "(system)" || evs[1].Username != "(system)" {
					t.Errorf("token events: %+v", evs)
				}
			})
		})
	}
}
