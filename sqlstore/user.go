package sqlstore

import (
	"context"
	"database/sql"
	"regexp"
	"time"

	"canbo"
)

var _ canbo.UserService = (*DB)(nil)

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)

// CreateUser adds an account with its scope; u.ID is set.
func (d *DB) CreateUser(ctx context.Context, u *canbo.User, passwordHash string) error {
	if !usernamePattern.MatchString(u.Username) {
		return canbo.FieldError("username", "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch (2–64 ký tự).")
	}
	if !u.Role.Valid() {
		return canbo.FieldError("role", "Vai trò %q không hợp lệ (admin, officer, leader, viewer).", u.Role)
	}
	if u.Role != canbo.RoleAdmin && len(u.Scope) == 0 {
		return canbo.FieldError("scope", "Người dùng không phải quản trị viên cần ít nhất một đơn vị trong phạm vi.")
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	u.CreatedAt = d.Now()
	u.ID, err = tx.insert(ctx, `INSERT INTO users (username, password_hash, role, disabled, created_at) VALUES (?, ?, ?, ?, ?)`,
		u.Username, passwordHash, string(u.Role), u.Disabled, u.CreatedAt.Format(time.RFC3339))
	if err != nil {
		if canbo.ErrorCode(mapError(err)) == canbo.ECONFLICT {
			return canbo.FieldError("username", "Tên đăng nhập %q đã có người dùng.", u.Username)
		}
		return mapError(err)
	}
	for _, unit := range u.Scope {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM units WHERE id = ?`, unit).Scan(&n); err != nil {
			return mapError(err)
		} else if n == 0 {
			return canbo.FieldError("scope", "Đơn vị #%d không tồn tại.", unit)
		}
		if _, err := tx.exec(ctx, `INSERT INTO user_scopes (user_id, unit_id) VALUES (?, ?)`, u.ID, unit); err != nil {
			return mapError(err)
		}
	}
	return mapError(tx.Commit())
}

const userColumns = `u.id, u.username, u.role, u.disabled, u.created_at`

func (d *DB) scanUser(ctx context.Context, row *sql.Row, extra ...any) (*canbo.User, error) {
	var u canbo.User
	var created string
	if err := row.Scan(append([]any{&u.ID, &u.Username, &u.Role, &u.Disabled, &created}, extra...)...); err != nil {
		if err == sql.ErrNoRows {
			return nil, canbo.Errorf(canbo.ENOTFOUND, "Không tìm thấy người dùng.")
		}
		return nil, mapError(err)
	}
	u.CreatedAt, _ = time.Parse(time.RFC3339, created)
	rows, err := d.db.QueryContext(ctx, d.rebind(`SELECT unit_id FROM user_scopes WHERE user_id = ? ORDER BY unit_id`), u.ID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		u.Scope = append(u.Scope, id)
	}
	return &u, rows.Err()
}

// FindUserByID returns an account.
func (d *DB) FindUserByID(ctx context.Context, id int64) (*canbo.User, error) {
	return d.scanUser(ctx, d.db.QueryRowContext(ctx, d.rebind(`SELECT `+userColumns+` FROM users u WHERE u.id = ?`), id))
}

// FindUserByUsername returns an account and its password hash, for login.
func (d *DB) FindUserByUsername(ctx context.Context, username string) (*canbo.User, string, error) {
	var hash string
	u, err := d.scanUser(ctx, d.db.QueryRowContext(ctx, d.rebind(`SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.username = ?`), username), &hash)
	return u, hash, err
}

// CreateSession stores a new session by the hash of its token.
func (d *DB) CreateSession(ctx context.Context, tokenHash []byte, userID int64, now time.Time) error {
	ts := now.UTC().Format(time.RFC3339)
	_, err := d.db.ExecContext(ctx, d.rebind(`INSERT INTO sessions (token_hash, user_id, created_at, last_seen) VALUES (?, ?, ?, ?)`),
		tokenHash, userID, ts, ts)
	return mapError(err)
}

// TouchSession returns the live session's user and records its use; an idle or too old session
// is deleted and reported as unauthorized.
func (d *DB) TouchSession(ctx context.Context, tokenHash []byte, now time.Time, idle, absolute time.Duration) (*canbo.User, error) {
	var userID int64
	var created, seen string
	err := d.db.QueryRowContext(ctx, d.rebind(`SELECT user_id, created_at, last_seen FROM sessions WHERE token_hash = ?`), tokenHash).
		Scan(&userID, &created, &seen)
	if err == sql.ErrNoRows {
		return nil, canbo.Errorf(canbo.EUNAUTHORIZED, "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.")
	} else if err != nil {
		return nil, mapError(err)
	}
	c, _ := time.Parse(time.RFC3339, created)
	s, _ := time.Parse(time.RFC3339, seen)
	if now.Sub(s) > idle || now.Sub(c) > absolute {
		_ = d.DeleteSession(ctx, tokenHash)
		return nil, canbo.Errorf(canbo.EUNAUTHORIZED, "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.")
	}
	u, err := d.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		_ = d.DeleteSession(ctx, tokenHash)
		return nil, canbo.Errorf(canbo.EUNAUTHORIZED, "Tài khoản đã bị khóa.")
	}
	// Writing last_seen on every request would serialize readers behind the writer; a minute
	// of resolution is plenty for a 15-minute idle timeout.
	if now.Sub(s) > time.Minute {
		if _, err := d.db.ExecContext(ctx, d.rebind(`UPDATE sessions SET last_seen = ? WHERE token_hash = ?`),
			now.UTC().Format(time.RFC3339), tokenHash); err != nil {
			return nil, mapError(err)
		}
	}
	return u, nil
}

// DeleteSession ends a session.
func (d *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	_, err := d.db.ExecContext(ctx, d.rebind(`DELETE FROM sessions WHERE token_hash = ?`), tokenHash)
	return mapError(err)
}

// CreateToken stores an API token by its hash.
func (d *DB) CreateToken(ctx context.Context, tokenHash []byte, userID int64, name string, now time.Time) error {
	_, err := d.db.ExecContext(ctx, d.rebind(`INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?)`),
		tokenHash, userID, name, now.UTC().Format(time.RFC3339))
	return mapError(err)
}

// FindUserByToken returns the enabled user an API token belongs to.
func (d *DB) FindUserByToken(ctx context.Context, tokenHash []byte) (*canbo.User, error) {
	var userID int64
	err := d.db.QueryRowContext(ctx, d.rebind(`SELECT user_id FROM api_tokens WHERE token_hash = ?`), tokenHash).Scan(&userID)
	if err == sql.ErrNoRows {
		return nil, canbo.Errorf(canbo.EUNAUTHORIZED, "Mã truy cập không hợp lệ.")
	} else if err != nil {
		return nil, mapError(err)
	}
	u, err := d.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, canbo.Errorf(canbo.EUNAUTHORIZED, "Tài khoản đã bị khóa.")
	}
	return u, nil
}
