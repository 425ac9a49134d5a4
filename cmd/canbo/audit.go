package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
)

const auditDirHelp = "folder of the audit key and head, kept outside the database " +
	"(default: DB.audit beside a SQLite file; $XDG_DATA_HOME/canbo/audit/<database id> for PostgreSQL)"

// auditDir returns the folder holding audit.key and audit.head for the database dsn whose
// identity (sqlstore.DB.InstanceID) is instance: dir when given (--audit-dir,
// CANBO_AUDIT_DIR); beside a SQLite file, so copying the database folder keeps them together;
// for PostgreSQL, one folder per database under the user's data folder, named by the
// database's own random identity — not by the URL, which can name one database in many ways
// (localhost or 127.0.0.1, a default port or not) and would give each spelling a new key. A
// folder named the old way (host-port-database), if it holds a key, is still used.
func auditDir(dsn, dir, instance string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	if !sqlstore.IsPostgres(dsn) {
		return dsn + ".audit", nil
	}
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("--audit-dir is required: no home folder to default to (%v)", err)
		}
		base = filepath.Join(home, ".local", "share")
	}
	if instance == "" {
		return "", errors.New("audit folder: the database has no identity (instance table); run canbo migrate")
	}
	by := filepath.Join(base, "canbo", "audit", instance)
	if _, err := os.Stat(filepath.Join(by, audit.KeyFile)); err == nil {
		return by, nil
	}
	if old, err := legacyAuditDir(base, dsn); err == nil {
		if _, err := os.Stat(filepath.Join(old, audit.KeyFile)); err == nil {
			return old, nil
		}
	}
	return by, nil
}

// legacyAuditDir is where versions before the database identity kept a PostgreSQL database's
// audit folder: named by the URL's host, port and database.
func legacyAuditDir(base, dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("--db: %v", err)
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		host = "localhost"
	}
	if port == "" {
		port = "5432"
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		name = u.User.Username()
	}
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' {
				return r
			}
			return '_'
		}, s)
	}
	return filepath.Join(base, "canbo", "audit", clean(host)+"-"+clean(port)+"-"+clean(name)), nil
}

// openStore opens the database and its audit trail; every command that writes uses it.
func openStore(ctx context.Context, dsn, auditDirFlag string) (*sqlstore.DB, error) {
	store, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := openAudit(store, dsn, auditDirFlag); err != nil {
		store.Close()
		return nil, err
	}
	return store, nil
}

// openAudit configures store to write its audit trail in the folder for dsn (see auditDir),
// creating the folder and key on first use. Every command that writes through the store calls
// it.
func openAudit(store *sqlstore.DB, dsn, dir string) (*audit.Keeper, error) {
	instance, err := store.InstanceID(context.Background())
	if err != nil {
		return nil, fmt.Errorf("database identity: %w", err)
	}
	d, err := auditDir(dsn, dir, instance)
	if err != nil {
		return nil, err
	}
	k, err := store.SetAuditDir(d)
	if err != nil {
		return nil, fmt.Errorf("audit folder %s: %w", d, err)
	}
	return k, nil
}

// cmdAuditVerify implements `canbo audit verify --db DB [--audit-dir DIR]`. It prints a summary
// and returns nil for an intact log; otherwise it returns an error naming the first bad event,
// so the command exits non-zero. It never creates a key: a fresh key would match nothing and
// turn a missing key into a misleading "edited".
func cmdAuditVerify(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("audit verify")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	dir := fs.str("audit-dir", "", auditDirHelp)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if !sqlstore.IsPostgres(*db) {
		// Opening a SQLite path creates the file: a mistyped path would verify as an empty log.
		if _, err := os.Stat(*db); err != nil {
			return fmt.Errorf("--db: %w", err)
		}
	}
	store, err := sqlstore.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	instance, err := store.InstanceID(ctx)
	if err != nil {
		return fmt.Errorf("database identity: %w", err)
	}
	d, err := auditDir(*db, *dir, instance)
	if err != nil {
		return err
	}
	k, err := audit.LoadKeeper(d)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	rep, err := store.VerifyAudit(canbo.SystemContext(ctx), k) // a nil k verifies only an empty log
	if err != nil {
		return err
	}
	switch {
	case rep.Head == nil && rep.Events > 0:
		return fmt.Errorf("audit head file %s missing: %d events verify, but removal of the newest cannot be ruled out",
			filepath.Join(d, audit.HeadFile), rep.Events)
	case rep.Head == nil:
		fmt.Fprintln(stdout, "audit log intact: 0 events, no head yet")
	case rep.Behind > 0:
		fmt.Fprintf(stdout, "audit log intact: %d events, head seq %d (%d newer events not yet covered by the head file)\n",
			rep.Events, rep.Head.Seq, rep.Behind)
	default:
		fmt.Fprintf(stdout, "audit log intact: %d events, head seq %d\n", rep.Events, rep.Head.Seq)
	}
	return nil
}
