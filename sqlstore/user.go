package sqlstore

import (
	"context"
	"database/sql"
	"regexp"
	"slices"
	"strconv"
	"time"

	"canbo"
	"canbo/audit"
)

var _ canbo.UserService = (*DB)(nil)

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)

// requireAdmin refuses account administration to anyone but an administrator (or the system,
// for the command line).
func requireAdmin(ctx context.Context) error {
	if !canbo.ScopeFromContext(ctx).All {
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.user.forbidden")
	}
	return nil
}

// requireSelfOrAdmin lets users change their own credentials, and administrators anyone's.
func requireSelfOrAdmin(ctx context.Context, userID int64) error {
	if u := canbo.UserFromContext(ctx); u != nil && u.ID == userID {
		return nil
	}
	return requireAdmin(ctx)
}

func validateUser(u *canbo.User) error {
	if !u.Role.Valid() {
		return canbo.Invalid("role", "err.sqlstore.user.role", u.Role)
	}
	if u.Role != canbo.RoleAdmin && len(u.Scope) == 0 {
		return canbo.Invalid("scope", "err.sqlstore.user.scope")
	}
	for _, g := range u.Grants {
		if !slices.Contains(canbo.GrantClasses, g) {
			return canbo.Invalid("grants", "err.sqlstore.user.grants", g)
		}
	}
	return nil
}

// CreateUser adds an account with its scope and grants; u.ID is set.
func (d *DB) CreateUser(ctx context.Context, u *canbo.User, passwordHash string) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	if !usernamePattern.MatchString(u.Username) {
		return canbo.Invalid("username", "err.sqlstore.user.username")
	}
	if err := validateUser(u); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	u.CreatedAt, u.Version = d.Now(), 1
	u.ID, err = tx.insert(ctx, `INSERT INTO users (username, password_hash, role, disabled, created_at, version) VALUES (?, ?, ?, ?, ?, 1)`,
		u.Username, passwordHash, string(u.Role), u.Disabled, u.CreatedAt.Format(time.RFC3339))
	if err != nil {
		if canbo.ErrorCode(mapError(err)) == canbo.ECONFLICT {
			return canbo.Invalid("username", "err.sqlstore.user.username_taken", u.Username)
		}
		return mapError(err)
	}
	if err := writeScopeAndGrants(ctx, tx, u); err != nil {
		return err
	}
	return tx.auditCommit(ctx, "user.create", "user", u.ID, nil, u)
}

// auditCommit appends one audit event about an account and commits.
func (tx *Tx) auditCommit(ctx context.Context, action, entity string, id int64, before, after any) error {
	ae := &audit.Event{Action: action, Entity: entity, EntityID: strconv.FormatInt(id, 10)}
	if before != nil {
		ae.Before = audit.Redact(before)
	}
	if after != nil {
		ae.After = audit.Redact(after)
	}
	if err := tx.audit(ctx, ae); err != nil {
		return mapError(err)
	}
	return tx.commitAudit(ae)
}

func writeScopeAndGrants(ctx context.Context, tx *Tx, u *canbo.User) error {
	for _, q := range []string{`DELETE FROM user_scopes WHERE user_id = ?`, `DELETE FROM user_grants WHERE user_id = ?`} {
		if _, err := tx.exec(ctx, q, u.ID); err != nil {
			return mapError(err)
		}
	}
	for _, unit := range u.Scope {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM units WHERE id = ?`, unit).Scan(&n); err != nil {
			return mapError(err)
		} else if n == 0 {
			return canbo.Invalid("scope", "err.sqlstore.bulk.unit_missing", unit)
		}
		if _, err := tx.exec(ctx, `INSERT INTO user_scopes (user_id, unit_id) VALUES (?, ?)`, u.ID, unit); err != nil {
			return mapError(err)
		}
	}
	for _, g := range u.Grants {
		if _, err := tx.exec(ctx, `INSERT INTO user_grants (user_id, class) VALUES (?, ?)`, u.ID, g); err != nil {
			return mapError(err)
		}
	}
	return nil
}

const userColumns = `u.id, u.username, u.role, u.disabled, u.totp_secret <> '', u.created_at, u.version`

// loadUser scans one user row and loads its scope and grants.
func (d *DB) loadUser(ctx context.Context, row scanner, extra ...any) (*canbo.User, error) {
	var u canbo.User
	var created string
	if err := row.Scan(append([]any{&u.ID, &u.Username, &u.Role, &u.Disabled, &u.TOTPEnabled, &created, &u.Version}, extra...)...); err != nil {
		if err == sql.ErrNoRows {
			return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.user.notfound")
		}
		return nil, mapError(err)
	}
	u.CreatedAt, _ = time.Parse(time.RFC3339, created)
	for _, q := range []struct {
		sql  string
		scan func(*sql.Rows) error
	}{
		{`SELECT unit_id FROM user_scopes WHERE user_id = ? ORDER BY unit_id`, func(r *sql.Rows) error {
			var id int64
			err := r.Scan(&id)
			u.Scope = append(u.Scope, id)
			return err
		}},
		{`SELECT class FROM user_grants WHERE user_id = ? ORDER BY class`, func(r *sql.Rows) error {
			var c string
			err := r.Scan(&c)
			u.Grants = append(u.Grants, c)
			return err
		}},
	} {
		rows, err := d.db.QueryContext(ctx, d.dialect.rebind(q.sql), u.ID)
		if err != nil {
			return nil, mapError(err)
		}
		for rows.Next() {
			if err := q.scan(rows); err != nil {
				rows.Close()
				return nil, err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return &u, nil
}

// FindUserByID returns an account.
func (d *DB) FindUserByID(ctx context.Context, id int64) (*canbo.User, error) {
	return d.loadUser(ctx, d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT `+userColumns+` FROM users u WHERE u.id = ?`), id))
}

// FindUserByUsername returns an account and its credentials, for login.
func (d *DB) FindUserByUsername(ctx context.Context, username string) (*canbo.User, *canbo.Credentials, error) {
	var c canbo.Credentials
	u, err := d.loadUser(ctx, d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT `+userColumns+`, u.password_hash, u.totp_secret FROM users u WHERE u.username = ?`), username),
		&c.PasswordHash, &c.TOTPSecret)
	if err != nil {
		return nil, nil, err
	}
	return u, &c, nil
}

// ListUsers returns every account, by username.
func (d *DB) ListUsers(ctx context.Context) ([]*canbo.User, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	ids, err := queryIDs(ctx, d.db, `SELECT id FROM users ORDER BY username`)
	if err != nil {
		return nil, err
	}
	users := make([]*canbo.User, 0, len(ids))
	for _, id := range ids {
		u, err := d.FindUserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, nil
}

// UpdateUser changes role, scope, grants and the disabled flag under optimistic concurrency.
func (d *DB) UpdateUser(ctx context.Context, u *canbo.User) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	if err := validateUser(u); err != nil {
		return err
	}
	before, err := d.FindUserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.exec(ctx, `UPDATE users SET role = ?, disabled = ?, version = version + 1 WHERE id = ? AND version = ?`,
		string(u.Role), u.Disabled, u.ID, u.Version)
	if err != nil {
		return mapError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return canbo.Errork(canbo.ECONFLICT, "err.sqlstore.user.conflict")
	}
	if err := writeScopeAndGrants(ctx, tx, u); err != nil {
		return err
	}
	if u.Disabled {
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
			return mapError(err)
		}
	}
	after := *u
	after.Version++
	after.Username, after.CreatedAt, after.TOTPEnabled = before.Username, before.CreatedAt, before.TOTPEnabled
	if err := tx.auditCommit(ctx, "user.update", "user", u.ID, before, after); err != nil {
		return err
	}
	u.Version++
	return nil
}

// SetPassword replaces a password and ends all the user's sessions and revokes their API
// tokens: a password is changed because it may be known to someone else, and whoever knew it
// could have made a token; a token kept would outlive the change the way a session would.
func (d *DB) SetPassword(ctx context.Context, userID int64, passwordHash string) error {
	if err := requireSelfOrAdmin(ctx, userID); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, version = version + 1 WHERE id = ?`, passwordHash, userID)
	if err != nil {
		return mapError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.user.notfound")
	}
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return mapError(err)
	}
	res, err = tx.exec(ctx, `DELETE FROM api_tokens WHERE user_id = ?`, userID)
	if err != nil {
		return mapError(err)
	}
	var after any
	if n, _ := res.RowsAffected(); n > 0 {
		after = map[string]int64{"tokens_revoked": n}
	}
	return tx.auditCommit(ctx, "user.password", "user", userID, nil, after)
}

// SetTOTP sets or removes the user's TOTP secret.
func (d *DB) SetTOTP(ctx context.Context, userID int64, secret string) error {
	if err := requireSelfOrAdmin(ctx, userID); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.exec(ctx, `UPDATE users SET totp_secret = ?, totp_last_step = 0, version = version + 1 WHERE id = ?`, secret, userID); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "user.totp", "user", userID, nil, map[string]bool{"enabled": secret != ""})
}

// ResetTOTP removes the user's second factor and ends their sessions, for a user who lost
// the device (administrators or the command line only). The user enrols a new one at their
// next login if one is required.
func (d *DB) ResetTOTP(ctx context.Context, userID int64) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.exec(ctx, `UPDATE users SET totp_secret = '', totp_last_step = 0, version = version + 1 WHERE id = ?`, userID)
	if err != nil {
		return mapError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.user.notfound")
	}
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "user.totp_reset", "user", userID, nil, map[string]bool{"enabled": false})
}

// UseTOTPStep consumes a TOTP time step in one conditional update, so two concurrent logins
// with the same code cannot both succeed.
func (d *DB) UseTOTPStep(ctx context.Context, userID int64, step int64) (bool, error) {
	res, err := d.execWrite(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, userID, step)
	if err != nil {
		return false, mapError(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// CreateSession stores a new session by the hash of its token.
func (d *DB) CreateSession(ctx context.Context, s *canbo.Session) error {
	ts := s.CreatedAt.UTC().Format(time.RFC3339)
	if s.Stage == "" {
		s.Stage = canbo.StageFull
	}
	var err error
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s.ID, err = tx.insert(ctx, `INSERT INTO sessions (token_hash, user_id, stage, client, user_agent, created_at, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.TokenHash, s.UserID, s.Stage, s.Client, truncate(s.UserAgent, 200), ts, ts)
	if err != nil {
		return mapError(err)
	}
	return mapError(tx.Commit())
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

const sessionColumns = `s.id, s.user_id, u.username, s.stage, s.totp_pending, s.client, s.user_agent, s.created_at, s.last_seen`

func scanSession(row scanner) (*canbo.Session, error) {
	var s canbo.Session
	var created, seen string
	if err := row.Scan(&s.ID, &s.UserID, &s.Username, &s.Stage, &s.PendingTOTP, &s.Client, &s.UserAgent, &created, &seen); err != nil {
		return nil, err
	}
	s.CreatedAt, _ = time.Parse(time.RFC3339, created)
	s.LastSeen, _ = time.Parse(time.RFC3339, seen)
	return &s, nil
}

// TouchSession returns the live session and its user and records its use; an idle or too old
// session is deleted and reported as unauthorized.
func (d *DB) TouchSession(ctx context.Context, tokenHash []byte, now time.Time, idle, absolute time.Duration) (*canbo.Session, *canbo.User, error) {
	expired := canbo.Errork(canbo.EUNAUTHORIZED, "err.sqlstore.user.unauthorized")
	s, err := scanSession(d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT `+sessionColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`), tokenHash))
	if err == sql.ErrNoRows {
		return nil, nil, expired
	} else if err != nil {
		return nil, nil, mapError(err)
	}
	if now.Sub(s.LastSeen) > idle || now.Sub(s.CreatedAt) > absolute {
		_ = d.DeleteSession(ctx, tokenHash)
		return nil, nil, expired
	}
	u, err := d.FindUserByID(ctx, s.UserID)
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		_ = d.DeleteSession(ctx, tokenHash)
		return nil, nil, canbo.Errork(canbo.EUNAUTHORIZED, "err.sqlstore.user.locked")
	}
	// Writing last_seen on every request would serialize readers behind the writer; a
	// resolution of a few seconds is plenty for an idle timeout of minutes.
	if now.Sub(s.LastSeen) > 5*time.Second {
		if _, err := d.execWrite(ctx, `UPDATE sessions SET last_seen = ? WHERE token_hash = ?`,
			now.UTC().Format(time.RFC3339), tokenHash); err != nil {
			return nil, nil, mapError(err)
		}
	}
	return s, u, nil
}

// PromoteSession turns a password-stage session into a full one under a new token.
func (d *DB) PromoteSession(ctx context.Context, oldHash, newHash []byte) error {
	res, err := d.execWrite(ctx, `UPDATE sessions SET token_hash = ?, stage = ?, totp_pending = '' WHERE token_hash = ? AND stage = ?`,
		newHash, canbo.StageFull, oldHash, canbo.StagePassword)
	if err != nil {
		return mapError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return canbo.Errork(canbo.EUNAUTHORIZED, "err.sqlstore.user.unauthorized")
	}
	return nil
}

// OfferTOTP keeps the enrolment secret on a password-stage session.
func (d *DB) OfferTOTP(ctx context.Context, tokenHash []byte, secret string) error {
	_, err := d.execWrite(ctx, `UPDATE sessions SET totp_pending = ? WHERE token_hash = ? AND stage = ?`,
		secret, tokenHash, canbo.StagePassword)
	return mapError(err)
}

// DeleteSession ends a session.
func (d *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	_, err := d.execWrite(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return mapError(err)
}

// ListSessions returns every session, most recently used first (administrators only).
func (d *DB) ListSessions(ctx context.Context) ([]*canbo.Session, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	rows, err := d.db.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions s JOIN users u ON u.id = s.user_id ORDER BY s.last_seen DESC`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []*canbo.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// RevokeSession ends a session by its id (administrators only).
func (d *DB) RevokeSession(ctx context.Context, id int64) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE id = ?`, id); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "session.revoke", "session", id, nil, nil)
}

// CreateToken stores an API token by its hash, without expiry.
func (d *DB) CreateToken(ctx context.Context, tokenHash []byte, userID int64, name string, now time.Time) error {
	_, err := d.CreateTokenUntil(ctx, tokenHash, userID, name, now, time.Time{})
	return err
}

// CreateTokenUntil stores an API token by its hash, valid until expires (zero: no expiry). The
// audit event's user is whoever ctx holds (the web's signed-in user, "(system)" for the
// command line); the token's owner is its entity.
func (d *DB) CreateTokenUntil(ctx context.Context, tokenHash []byte, userID int64, name string, now, expires time.Time) (int64, error) {
	var exp any
	after := map[string]any{"name": name}
	if !expires.IsZero() {
		if !expires.After(now) {
			return 0, canbo.Invalid("expires", "err.sqlstore.user.expires")
		}
		exp = expires.UTC().Format(time.RFC3339)
		after["expires_at"] = exp
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	id, err := tx.insert(ctx, `INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		tokenHash, userID, name, now.UTC().Format(time.RFC3339), exp)
	if err != nil {
		return 0, mapError(err)
	}
	after["token_id"] = id
	return id, tx.auditCommit(ctx, "token.create", "user", userID, nil, after)
}

// ListTokens returns the tokens of userID, or of everyone for 0 (administrators only).
func (d *DB) ListTokens(ctx context.Context, userID int64) ([]*canbo.APIToken, error) {
	q, args := `SELECT t.id, t.user_id, u.username, t.name, t.created_at, COALESCE(t.expires_at, '')
		FROM api_tokens t JOIN users u ON u.id = t.user_id`, []any{}
	if userID == 0 {
		if err := requireAdmin(ctx); err != nil {
			return nil, err
		}
	} else {
		if err := requireSelfOrAdmin(ctx, userID); err != nil {
			return nil, err
		}
		q, args = q+` WHERE t.user_id = ?`, append(args, userID)
	}
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(q+` ORDER BY t.id DESC`), args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []*canbo.APIToken
	for rows.Next() {
		var t canbo.APIToken
		var created, expires string
		if err := rows.Scan(&t.ID, &t.UserID, &t.Username, &t.Name, &created, &expires); err != nil {
			return nil, mapError(err)
		}
		t.CreatedAt, _ = time.Parse(time.RFC3339, created)
		t.ExpiresAt, _ = time.Parse(time.RFC3339, expires)
		out = append(out, &t)
	}
	return out, rows.Err()
}

// RevokeToken deletes a token: its owner or an administrator may. Another user's token answers
// like a missing one.
func (d *DB) RevokeToken(ctx context.Context, id int64) error {
	var owner int64
	err := d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT user_id FROM api_tokens WHERE id = ?`), id).Scan(&owner)
	if err == nil && requireSelfOrAdmin(ctx, owner) != nil {
		err = sql.ErrNoRows
	}
	if err == sql.ErrNoRows {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.user.token_notfound")
	} else if err != nil {
		return mapError(err)
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.exec(ctx, `DELETE FROM api_tokens WHERE id = ?`, id); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "token.revoke", "user", owner, nil, map[string]any{"token_id": id})
}

// FindUserByToken returns the enabled user a live API token belongs to; an expired token is
// refused like an unknown one.
func (d *DB) FindUserByToken(ctx context.Context, tokenHash []byte) (*canbo.User, error) {
	var userID int64
	var expires string
	err := d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT user_id, COALESCE(expires_at, '') FROM api_tokens WHERE token_hash = ?`), tokenHash).Scan(&userID, &expires)
	if err == nil && expires != "" && expires <= d.Now().UTC().Format(time.RFC3339) {
		err = sql.ErrNoRows
	}
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.EUNAUTHORIZED, "err.sqlstore.user.token_invalid")
	} else if err != nil {
		return nil, mapError(err)
	}
	u, err := d.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, canbo.Errork(canbo.EUNAUTHORIZED, "err.sqlstore.user.locked")
	}
	return u, nil
}
