package canbo

import (
	"context"
	"time"
)

// Role is what a user may do within their scope.
type Role string

// Roles. An administrator sees and edits everything; the others act within their scope.
const (
	RoleAdmin   Role = "admin"   // system administrator
	RoleOfficer Role = "officer" // organization officer: edits within scope
	RoleLeader  Role = "leader"  // reads within scope, approves
	RoleViewer  Role = "viewer"  // reads within scope
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleOfficer || r == RoleLeader || r == RoleViewer
}

// CanEdit reports whether the role may record changes.
func (r Role) CanEdit() bool { return r == RoleAdmin || r == RoleOfficer }

// User is an account. Scope lists the units whose subtrees the user sees (ignored for admins).
type User struct {
	ID        int64     `json:"id"`
	Username  string    `json:"username"`
	Role      Role      `json:"role"`
	Scope     []int64   `json:"scope"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// Scope is the set of subtrees a query may return. The zero Scope sees nothing, so a query that
// forgot to ask for one leaks nothing.
type Scope struct {
	All   bool
	Roots []int64
}

type contextKey int

const (
	userKey contextKey = iota
	systemKey
)

// NewContextWithUser returns a context carrying the authenticated user; stores read the scope
// from it, so handlers cannot forget to pass one.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// UserFromContext returns the authenticated user, or nil.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userKey).(*User)
	return u
}

// SystemContext marks work done by the system itself (imports, seeding, migrations from the
// command line), which sees every unit.
func SystemContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, systemKey, true)
}

// ScopeFromContext returns the scope for queries made on behalf of ctx.
func ScopeFromContext(ctx context.Context) Scope {
	if sys, _ := ctx.Value(systemKey).(bool); sys {
		return Scope{All: true}
	}
	u := UserFromContext(ctx)
	switch {
	case u == nil || u.Disabled:
		return Scope{}
	case u.Role == RoleAdmin:
		return Scope{All: true}
	}
	return Scope{Roots: u.Scope}
}

// Session is a server-side login session. The cookie carries a random token; only its hash is
// stored, so a stolen database cannot be replayed as sessions.
type Session struct {
	UserID    int64
	CreatedAt time.Time
	LastSeen  time.Time
}

// UserService keeps accounts, sessions and API tokens.
type UserService interface {
	CreateUser(ctx context.Context, u *User, passwordHash string) error
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUserByUsername(ctx context.Context, username string) (*User, string, error)
	CreateSession(ctx context.Context, tokenHash []byte, userID int64, now time.Time) error
	// TouchSession returns the session's user if the session is neither idle for longer than
	// idle nor older than absolute, and records now as its last use.
	TouchSession(ctx context.Context, tokenHash []byte, now time.Time, idle, absolute time.Duration) (*User, error)
	DeleteSession(ctx context.Context, tokenHash []byte) error
	CreateToken(ctx context.Context, tokenHash []byte, userID int64, name string, now time.Time) error
	FindUserByToken(ctx context.Context, tokenHash []byte) (*User, error)
}
