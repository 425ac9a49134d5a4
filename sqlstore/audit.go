package sqlstore

import (
	"context"
	"crypto/hmac"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"canbo"
	"canbo/audit"
)

// SetAudit makes d write audit events, signed and headed by k. Without a Keeper, appending an
// event fails rather than silently writing nothing: every change must be audited, so a server
// that forgot to configure the trail must not look as if it worked.
func (d *DB) SetAudit(k *audit.Keeper) { d.keeper = k }

// SetAuditDir opens (creating if needed) the audit folder dir and calls SetAudit with it. A
// new key is made only for a database without audit events: when events exist and dir has no
// key, the folder was lost, moved or mistyped, and a fresh key would sign a chain that fails
// verification from its first new event on, for ever — so it refuses, telling what to do.
func (d *DB) SetAuditDir(dir string) (*audit.Keeper, error) {
	if _, err := os.Stat(filepath.Join(dir, audit.KeyFile)); errors.Is(err, fs.ErrNotExist) {
		var n int64
		if err := d.db.QueryRow(`SELECT COUNT(*) FROM audit_events`).Scan(&n); err != nil {
			return nil, fmt.Errorf("audit: count events: %w", err)
		}
		if n > 0 {
			return nil, fmt.Errorf("audit key %s not found, but the database holds %d signed audit events: "+
				"restore the audit folder (%s and %s) from the backup into %s, or give its location with --audit-dir "+
				"(CANBO_AUDIT_DIR); refusing to create a new key, which would match none of them",
				filepath.Join(dir, audit.KeyFile), n, audit.KeyFile, audit.HeadFile, dir)
		}
	}
	k, err := audit.OpenKeeper(dir)
	if err != nil {
		return nil, err
	}
	d.SetAudit(k)
	return k, nil
}

// AuditKeeper returns the Keeper set by SetAudit, or nil.
func (d *DB) AuditKeeper() *audit.Keeper { return d.keeper }

// errAuditOff is returned by every audited write on a DB without a Keeper.
var errAuditOff = errors.New("audit trail not configured (sqlstore.DB.SetAudit): refusing an unaudited write")

// auditLock is the PostgreSQL advisory lock that serializes appends ("canboAud" in ASCII). Two
// transactions reading the same last event would otherwise both sign seq+1 and fork the chain;
// the primary key would refuse the second insert, but only after it had done its work.
const auditLock = 0x63616e626f417564

// auditTime is how times are stored: UTC with six fractional digits, fixed width so that text
// order is time order on both engines.
const auditTime = "2006-01-02T15:04:05.000000Z07:00"

// audit appends e to the log inside tx, the caller's write transaction, so the event is
// committed exactly when the change it describes is. It sets At (now) and fills in what the
// caller left empty: the user (from canbo.UserFromContext; "(system)" for system work) and the
// client (audit.ClientFrom). It sets e.Seq, e.Prev and e.MAC. After committing, pass e to
// d.auditCommitted (or commit with tx.commitAudit) to move the head file.
//
// Appends are serialized: SQLite write transactions begin IMMEDIATE, so they already hold the
// write lock; on PostgreSQL an advisory lock held to the end of the transaction does it. Call
// audit as late as possible in a transaction, because it holds that lock until the commit.
func (tx *Tx) audit(ctx context.Context, e *audit.Event) error {
	d := tx.db
	k := d.AuditKeeper()
	if k == nil {
		return errAuditOff
	}
	if strings.TrimSpace(e.Action) == "" {
		return errors.New("audit: event without an action")
	}
	if lock := d.dialect.lock(auditLock); lock != "" {
		if _, err := tx.exec(ctx, lock); err != nil {
			return err
		}
	}
	var last int64
	var prev []byte
	err := tx.queryRow(ctx, `SELECT seq, mac FROM audit_events ORDER BY seq DESC LIMIT 1`).Scan(&last, &prev)
	if errors.Is(err, sql.ErrNoRows) {
		last, prev = 0, audit.Genesis()
	} else if err != nil {
		return err
	}
	if err := tx.checkAuditHead(ctx, k.Head(), last, prev); err != nil {
		return fmt.Errorf("audit: refusing to append: %w", err)
	}
	e.At = d.Now() // when it was recorded, by the server's clock: never a caller's date
	fillActor(ctx, e)
	e.Seq = last + 1
	k.Sign(prev, e)
	_, err = tx.exec(ctx, `INSERT INTO audit_events (seq, at, user_id, username, client, action, entity, entity_id,
		before_json, after_json, reason, prev, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.At.Format(auditTime), e.UserID, e.Username, e.Client, e.Action, e.Entity, e.EntityID,
		nullJSON(e.Before), nullJSON(e.After), e.Reason, e.Prev, e.MAC)
	return err
}

// fillActor fills in what the caller of an audited action left empty: the user (from
// canbo.UserFromContext; "(system)" for system work) and the client (audit.ClientFrom).
func fillActor(ctx context.Context, e *audit.Event) {
	if e.UserID == 0 && e.Username == "" {
		if u := canbo.UserFromContext(ctx); u != nil {
			e.UserID, e.Username = u.ID, u.Username
		} else if canbo.ScopeFromContext(ctx).All {
			e.Username = "(system)"
		}
	}
	if e.Client == "" {
		e.Client = audit.ClientFrom(ctx)
	}
}

// checkAuditHead refuses to extend a log that disagrees with the head this process knows: a log
// shorter than the head was truncated, and a different MAC at the head's seq means the events
// from there on were replaced. Appending anyway would, once the log grew past the old head,
// overwrite the only evidence of it in the head file.
func (tx *Tx) checkAuditHead(ctx context.Context, h *audit.Head, last int64, lastMAC []byte) error {
	if h == nil {
		return nil
	}
	mac := lastMAC
	switch {
	case h.Seq > last:
		return &audit.Broken{Kind: audit.Truncated, Seq: last, Want: h.Seq}
	case h.Seq < last:
		// The head is behind (a lost head write, or another process appended): look at the
		// event it names.
		err := tx.queryRow(ctx, `SELECT mac FROM audit_events WHERE seq = ?`, h.Seq).Scan(&mac)
		if errors.Is(err, sql.ErrNoRows) {
			mac = nil // deleted, and later events kept: fails the comparison below
		} else if err != nil {
			return err
		}
	}
	if !hmac.Equal(mac, h.MAC) {
		return &audit.Broken{Kind: audit.Rewritten, Seq: h.Seq, Want: h.Seq}
	}
	return nil
}

func nullJSON(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// auditCommitted moves the head file to the newest of evs, which were appended in a
// transaction that has just committed. Best-effort by design: the change is committed, so a
// failed head write must not report it as failed (the Keeper logs it, and verification then
// sees the head behind, which it accepts).
func (d *DB) auditCommitted(evs ...*audit.Event) {
	k := d.AuditKeeper()
	var newest *audit.Event
	for _, e := range evs {
		if e != nil && e.Seq > 0 && (newest == nil || e.Seq > newest.Seq) {
			newest = e
		}
	}
	for _, e := range evs {
		if e != nil && e.Seq > 0 {
			d.appends.Add(1)
		}
	}
	if k == nil || newest == nil {
		return
	}
	_ = k.Committed(newest.Seq, newest.MAC) // logged by the Keeper
}

// commitAudit commits tx and then moves the audit head to the newest of evs, the events tx
// appended: use it instead of tx.Commit in every transaction that called tx.audit.
func (tx *Tx) commitAudit(evs ...*audit.Event) error {
	if err := tx.Commit(); err != nil {
		return mapError(err)
	}
	tx.db.auditCommitted(evs...)
	return nil
}

// MaxAuditEvents caps one page of audit events; exports use EachAuditEvent.
const MaxAuditEvents = 1000

// auditWhere turns a filter into SQL conditions.
func auditWhere(f audit.Filter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if f.UserID != 0 {
		add(`user_id = ?`, f.UserID)
	}
	if f.Username != "" {
		add(`username = ?`, f.Username)
	}
	if prefix, ok := strings.CutSuffix(f.Action, "."); ok {
		// substr rather than LIKE: action names may hold _ or %, and substr means the same on
		// both engines.
		conds = append(conds, `substr(action, 1, ?) = ?`)
		args = append(args, utf8.RuneCountInString(prefix)+1, prefix+".")
	} else if f.Action != "" {
		add(`action = ?`, f.Action)
	}
	if f.Entity != "" {
		add(`entity = ?`, f.Entity)
	}
	if f.EntityID != "" {
		add(`entity_id = ?`, f.EntityID)
	}
	if !f.From.IsZero() {
		add(`at >= ?`, f.From.UTC().Truncate(time.Microsecond).Format(auditTime))
	}
	if !f.To.IsZero() {
		add(`at < ?`, f.To.UTC().Truncate(time.Microsecond).Format(auditTime))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// auditAdmin refuses callers who are not administrators (or system work): the audit log names
// every person read and every change, across all scopes.
func auditAdmin(ctx context.Context) error {
	if !canbo.ScopeFromContext(ctx).All {
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.audit.forbidden")
	}
	return nil
}

// AuditEvents returns one page of the events matching f, newest first, and how many match.
// Administrators only.
func (d *DB) AuditEvents(ctx context.Context, f audit.Filter) ([]audit.Event, int, error) {
	if err := auditAdmin(ctx); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, MaxAuditEvents)
	f.Offset = max(f.Offset, 0)
	where, args := auditWhere(f)
	var total int
	if err := d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT COUNT(*) FROM audit_events`+where), args...).Scan(&total); err != nil {
		return nil, 0, mapError(err)
	}
	evs := []audit.Event{}
	for e, err := range d.scanAudit(ctx, `SELECT `+auditColumns+` FROM audit_events`+where+` ORDER BY seq DESC LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...) {
		if err != nil {
			return nil, 0, err
		}
		evs = append(evs, *e)
	}
	return evs, total, nil
}

// EachAuditEvent calls fn for every event matching f (Limit and Offset ignored), newest first,
// one at a time, so an export of the whole log runs in constant memory. fn's error stops the
// walk and is returned. Administrators only.
func (d *DB) EachAuditEvent(ctx context.Context, f audit.Filter, fn func(*audit.Event) error) error {
	if err := auditAdmin(ctx); err != nil {
		return err
	}
	where, args := auditWhere(f)
	for e, err := range d.scanAudit(ctx, `SELECT `+auditColumns+` FROM audit_events`+where+` ORDER BY seq DESC`, args...) {
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// VerifyAudit checks the whole log against k's key and head (see audit.Verify), reading it in
// seq order one row at a time. The head is read before the log, so that a head written by a
// concurrent commit is never newer than the log read and mistaken for a truncation. A nil k
// verifies an empty log only. Administrators and system work only.
func (d *DB) VerifyAudit(ctx context.Context, k *audit.Keeper) (audit.Report, error) {
	if err := auditAdmin(ctx); err != nil {
		return audit.Report{}, err
	}
	var head *audit.Head
	if k != nil {
		var err error
		if head, err = k.ReadHead(); err != nil {
			return audit.Report{}, err
		}
		// This process may know a newer head than the file (a failed head write).
		if mem := k.Head(); mem != nil && (head == nil || mem.Seq > head.Seq) {
			head = mem
		}
	}
	return k.Verify(d.scanAudit(ctx, `SELECT `+auditColumns+` FROM audit_events ORDER BY seq`), head)
}

const auditColumns = `seq, at, user_id, username, client, action, entity, entity_id, before_json, after_json, reason, prev, mac`

// scanAudit runs q and yields its events one at a time. A row whose time cannot be read back
// was not written by canbo; it is yielded as an audit.Broken error naming the row, so a
// verifier reports it as the first bad event instead of failing with a parse error.
func (d *DB) scanAudit(ctx context.Context, q string, args ...any) iter.Seq2[*audit.Event, error] {
	return func(yield func(*audit.Event, error) bool) {
		rows, err := d.db.QueryContext(ctx, d.dialect.rebind(q), args...)
		if err != nil {
			yield(nil, mapError(err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			e := new(audit.Event)
			var at string
			var before, after sql.NullString
			if err := rows.Scan(&e.Seq, &at, &e.UserID, &e.Username, &e.Client, &e.Action, &e.Entity, &e.EntityID,
				&before, &after, &e.Reason, &e.Prev, &e.MAC); err != nil {
				yield(nil, err)
				return
			}
			t, err := time.Parse(auditTime, at)
			if err != nil || t.Format(auditTime) != at {
				yield(nil, &audit.Broken{Kind: audit.Unreadable, Seq: e.Seq, Detail: fmt.Sprintf("stored time %q is not canbo's (edited)", at)})
				return
			}
			e.At = t.UTC()
			if before.Valid {
				e.Before = []byte(before.String)
			}
			if after.Valid {
				e.After = []byte(after.String)
			}
			if !yield(e, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, err)
		}
	}
}
