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

// Classes of sensitive fields. Without a grant for a class, its fields are left out of every
// answer — HTML, JSON, spreadsheets and search — not merely hidden.
const (
	GrantIdentity   = "identity"   // identity numbers, social insurance number
	GrantBackground = "background" // ethnicity, religion, family background, political history
	GrantFamily     = "family"     // family relations and their political history
	GrantDiscipline = "discipline" // discipline records
	GrantEvaluation = "evaluation" // annual evaluations
	GrantHealth     = "health"     // health records
)

// GrantClasses lists the sensitive classes in display order.
var GrantClasses = []string{GrantIdentity, GrantBackground, GrantFamily, GrantDiscipline, GrantEvaluation, GrantHealth}

// User is an account. Scope lists the units whose subtrees the user sees (ignored for admins);
// Grants the sensitive classes the user may see.
type User struct {
	ID          int64     `json:"id"`
	Username    string    `json:"username"`
	Role        Role      `json:"role"`
	Scope       []int64   `json:"scope"`
	Grants      []string  `json:"grants"`
	Disabled    bool      `json:"disabled"`
	TOTPEnabled bool      `json:"totp_enabled"`
	CreatedAt   time.Time `json:"created_at"`
	Version     int64     `json:"version"`
}

// Can reports whether the user may see fields of a sensitive class. Administrators may.
func (u *User) Can(class string) bool {
	if u == nil {
		return false
	}
	if u.Role == RoleAdmin {
		return true
	}
	for _, g := range u.Grants {
		if g == class {
			return true
		}
	}
	return false
}

// Credentials are what login checks; they never leave the store and the login handler.
type Credentials struct {
	PasswordHash string
	TOTPSecret   string // empty when the second factor is not set up
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

// Session stages: a session is "password" between the password and the second factor, and
// "full" once the user is fully signed in. Only full sessions authorize anything but the TOTP step.
const (
	StagePassword = "password"
	StageFull     = "full"
)

// Session is a server-side login session. The cookie carries a random token; only its hash is
// stored, so a stolen database cannot be replayed as sessions.
type Session struct {
	ID        int64  `json:"id"`
	TokenHash []byte `json:"-"`
	UserID    int64  `json:"user_id"`
	Username  string `json:"username"`
	Stage     string `json:"stage"`
	// PendingTOTP is the secret offered for enrolment during the password stage.
	PendingTOTP string    `json:"-"`
	Client      string    `json:"client"`
	UserAgent   string    `json:"user_agent"`
	CreatedAt   time.Time `json:"created_at"`
	LastSeen    time.Time `json:"last_seen"`
}

// UserService keeps accounts, sessions and API tokens. Methods that list or change other
// users' accounts require an administrator in ctx.
type UserService interface {
	CreateUser(ctx context.Context, u *User, passwordHash string) error
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUserByUsername(ctx context.Context, username string) (*User, *Credentials, error)
	ListUsers(ctx context.Context) ([]*User, error)
	// UpdateUser changes role, scope, grants and the disabled flag; u.Version must match the
	// stored one. Disabling ends the user's sessions at once.
	UpdateUser(ctx context.Context, u *User) error
	// SetPassword replaces the password hash and ends every session of the user.
	SetPassword(ctx context.Context, userID int64, passwordHash string) error
	// SetTOTP sets (or, with "", removes) the TOTP secret.
	SetTOTP(ctx context.Context, userID int64, secret string) error
	// UseTOTPStep records that a code of the time step was used, and reports false if a code of
	// that step or a later one was already used: a code works once.
	UseTOTPStep(ctx context.Context, userID int64, step int64) (bool, error)

	CreateSession(ctx context.Context, s *Session) error
	// TouchSession returns the session and its user if the session is neither idle for longer
	// than idle nor older than absolute, and records now as its last use.
	TouchSession(ctx context.Context, tokenHash []byte, now time.Time, idle, absolute time.Duration) (*Session, *User, error)
	// PromoteSession marks a session fully signed in (after the second factor) under a new
	// token hash, so a token seen before the second factor is worthless after it.
	PromoteSession(ctx context.Context, oldHash, newHash []byte) error
	// OfferTOTP keeps the secret offered for enrolment on a password-stage session.
	OfferTOTP(ctx context.Context, tokenHash []byte, secret string) error
	DeleteSession(ctx context.Context, tokenHash []byte) error
	ListSessions(ctx context.Context) ([]*Session, error)
	RevokeSession(ctx context.Context, id int64) error

	// CreateToken stores an API token that does not expire (tests, the benchmark).
	CreateToken(ctx context.Context, tokenHash []byte, userID int64, name string, now time.Time) error
	// CreateTokenUntil stores an API token valid until expires (the zero time: no expiry) and
	// returns its id; the audit event names whoever ctx holds as its creator.
	CreateTokenUntil(ctx context.Context, tokenHash []byte, userID int64, name string, now, expires time.Time) (int64, error)
	// FindUserByToken returns the enabled user of a live (unexpired, unrevoked) token.
	FindUserByToken(ctx context.Context, tokenHash []byte) (*User, error)
	// ListTokens returns the tokens of one user (0: of everyone, administrators only), newest
	// first; users may list their own.
	ListTokens(ctx context.Context, userID int64) ([]*APIToken, error)
	// RevokeToken deletes a token; its owner or an administrator may.
	RevokeToken(ctx context.Context, id int64) error
}

// APIToken describes an API token; the token itself is shown once, at creation, and only its
// hash is kept.
type APIToken struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Username  string    `json:"username"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"` // zero: never
}
