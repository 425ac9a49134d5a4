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
