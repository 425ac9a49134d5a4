package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/auth"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestAPITokens: tokens can be listed, expire, are revoked by their owner or an administrator
// (and by nobody else), die with a password change, and their creation is audited with its
// actor, on both engines.
func TestAPITokens(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		hash, _ := auth.HashPassword("ngựa đỏ ăn cỏ xanh")
		admin := &canbo.User{Username: "root", Role: canbo.RoleAdmin}
		other := &canbo.User{Username: "other", Role: canbo.RoleAdmin}
		for _, u := range []*canbo.User{admin, other} {
			if err := db.CreateUser(sys, u, hash); err != nil {
				t.Fatal(err)
			}
		}
		other.Role = canbo.RoleViewer // as seen by the store's checks: not an administrator
		asAdmin := canbo.NewContextWithUser(context.Background(), admin)
		asOther := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: other.ID, Username: "other", Role: canbo.RoleViewer, Scope: []int64{1}})
		now := time.Now().UTC()
		db.Now = func() time.Time { return now }
		id, err := db.CreateTokenUntil(asAdmin, auth.TokenHash("t1"), admin.ID, "ci", now, now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateTokenUntil(asAdmin, auth.TokenHash("t0"), admin.ID, "past", now, now.Add(-time.Hour)); canbo.ErrorCode(err) != canbo.EINVALID {
			t.Errorf("token expiring in the past: %v", err)
		}
		if u, err := db.FindUserByToken(context.Background(), auth.TokenHash("t1")); err != nil || u.ID != admin.ID {
			t.Fatalf("live token: %v", err)
		}
		toks, err := db.ListTokens(asAdmin, admin.ID)
		if err != nil || len(toks) != 1 || toks[0].ID != id || toks[0].Name != "ci" || !toks[0].ExpiresAt.Equal(now.Add(time.Hour).Truncate(time.Second)) {
			t.Errorf("list: %+v %v", toks, err)
		}
		if _, err := db.ListTokens(asOther, admin.ID); err == nil {
			t.Error("another user listed the administrator's tokens")
		}
		if _, err := db.ListTokens(asOther, 0); err == nil {
			t.Error("a non-administrator listed every token")
		}
		if err := db.RevokeToken(asOther, id); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("another user revoking: %v", err)
		}
		// Expiry.
		now = now.Add(2 * time.Hour)
		if _, err := db.FindUserByToken(context.Background(), auth.TokenHash("t1")); canbo.ErrorCode(err) != canbo.EUNAUTHORIZED {
			t.Errorf("expired token: %v", err)
		}
		// Revocation by the owner.
		id2, _ := db.CreateTokenUntil(asAdmin, auth.TokenHash("t2"), admin.ID, "cli", now, time.Time{})
		if err := db.RevokeToken(asAdmin, id2); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindUserByToken(context.Background(), auth.TokenHash("t2")); err == nil {
			t.Error("revoked token still works")
		}
		// A password change revokes every token of the user.
		db.CreateTokenUntil(asAdmin, auth.TokenHash("t3"), admin.ID, "cli", now, time.Time{})
		if err := db.SetPassword(asAdmin, admin.ID, hash); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindUserByToken(context.Background(), auth.TokenHash("t3")); err == nil {
			t.Error("a token survived the password change")
		}
		evs, _, err := db.AuditEvents(sys, audit.Filter{Action: "token.", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var creates, revokes int
		for _, e := range evs {
			switch e.Action {
			case "token.create":
				creates++
				if e.Username != "root" {
					t.Errorf("token.create without its actor: %+v", e)
				}
			case "token.revoke":
				revokes++
			}
		}
		if creates != 3 || revokes != 1 {
			t.Errorf("%d token.create, %d token.revoke events", creates, revokes)
		}
	})
}
