package main

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
)

// Backups are dumps (sqlstore.Dump: every table of one moment, with per-table checksums, the
// audit key and the head of the log at that moment), gzip-compressed. A file named by --to is
// written as it is; a folder gets canbo-YYYYMMDD-HHMMSS.mmm.dump.gz and keeps the newest --keep.

// backupPattern names the backups canbo writes into a folder, which retention may remove.
const backupPattern = "canbo-*.dump.gz"

// backup writes a backup of store (audit folder auditDir) to the file or folder to, and
// returns the file's path and the dump's sums.
func backup(ctx context.Context, store *sqlstore.DB, auditDir, to string, keep int) (string, []sqlstore.TableSum, error) {
	path := to
	if st, err := os.Stat(to); err == nil && st.IsDir() || strings.HasSuffix(to, string(os.PathSeparator)) {
		if err := os.MkdirAll(to, 0o700); err != nil {
			return "", nil, err
		}
		path = filepath.Join(to, "canbo-"+time.Now().UTC().Format("20060102-150405.000")+".dump.gz")
	}
	// Written beside its final name and renamed when complete: a crash leaves no file that
	// looks like a backup. The file holds the audit key and personal records: owner only.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".canbo-backup-*")
	if err != nil {
		return "", nil, err
	}
	defer os.Remove(tmp.Name())
	zw := gzip.NewWriter(tmp)
	sums, err := store.Dump(ctx, zw, auditDir)
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return "", nil, err
	}
	if keep > 0 && path != to {
		if err := prune(to, keep); err != nil {
			return path, sums, fmt.Errorf("backup written, old ones not removed: %w", err)
		}
	}
	return path, sums, nil
}

// prune keeps the newest keep backups in dir (their names sort by time).
func prune(dir string, keep int) error {
	old, err := filepath.Glob(filepath.Join(dir, backupPattern))
	if err != nil {
		return err
	}
	slices.Sort(old)
	for len(old) > keep {
		if err := os.Remove(old[0]); err != nil {
			return err
		}
		old = old[1:]
	}
	return nil
}

func rowsOf(sums []sqlstore.TableSum) (n int64) {
	for _, s := range sums {
		n += s.Rows
	}
	return n
}

// cmdBackup implements `canbo backup --db DB --to FILE|DIR [--keep N]`. It runs beside a
// serving server: the dump reads one consistent moment without stopping writers.
func cmdBackup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("backup")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	dir := fs.str("audit-dir", "", auditDirHelp)
	to := fs.str("to", "", "backup file, or a folder for canbo-YYYYMMDD-HHMMSS.mmm.dump.gz")
	keep := fs.Int("keep", 0, "with a folder: keep only the newest N backups (0: all)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("--to is required: the backup file or a folder")
	}
	store, err := openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	k, err := openAudit(store, *db, *dir)
	if err != nil {
		return err
	}
	path, sums, err := backup(ctx, store, k.Dir(), *to, *keep)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup %s: %d tables, %d rows\n", path, len(sums), rowsOf(sums))
	return nil
}

// openExisting opens a database that must already exist: a mistyped SQLite path would
// otherwise be created and back up as an empty database.
func openExisting(ctx context.Context, dsn string) (*sqlstore.DB, error) {
	if !sqlstore.IsPostgres(dsn) {
		if _, err := os.Stat(dsn); err != nil {
			return nil, fmt.Errorf("--db: %w", err)
		}
	}
	return sqlstore.Open(ctx, dsn)
}

// readBackup opens a backup file for reading, compressed or not.
func readBackup(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s is not a canbo backup: %w", path, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, f}, nil
}

// cmdRestore implements `canbo restore --from FILE --db DB [--audit-dir DIR]`: into a fresh
// database only, then the audit key and head go into the new database's audit folder and the
// log is verified.
func cmdRestore(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("restore")
	db := fs.str("db", "", "the new database: a SQLite file that does not exist yet, or an empty postgres:// database")
	dir := fs.str("audit-dir", "", auditDirHelp)
	from := fs.str("from", "", "the backup file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if !sqlstore.IsPostgres(*db) {
		if _, err := os.Stat(*db); err == nil {
			return fmt.Errorf("--db: %s exists: restore into a new file", *db)
		}
	}
	r, err := readBackup(*from)
	if err != nil {
		return err
	}
	defer r.Close()
	store, err := sqlstore.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	h, err := store.Load(ctx, r, sqlstore.LoadOptions{})
	if err != nil {
		return err
	}
	return placeAudit(ctx, store, *db, *dir, h, stdout)
}

// placeAudit writes the audit files that came with a dump into the target database's audit
// folder (refusing to replace a key already there) and verifies the log with them.
func placeAudit(ctx context.Context, store *sqlstore.DB, dsn, dirFlag string, h *sqlstore.DumpHeader, stdout io.Writer) error {
	d, err := auditDir(dsn, dirFlag, h.Instance)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(d, audit.KeyFile)); err == nil {
		return fmt.Errorf("%s already holds an audit key: move it aside or name another folder with --audit-dir", d)
	}
	if err := os.MkdirAll(d, 0o700); err != nil {
		return err
	}
	for _, name := range []string{audit.KeyFile, audit.HeadFile} {
		if b, ok := h.Files[name]; ok {
			if err := os.WriteFile(filepath.Join(d, name), b, 0o600); err != nil {
				return err
			}
		}
	}
	k, err := audit.LoadKeeper(d)
	if err != nil {
		return fmt.Errorf("the backup carried no usable audit key: %w", err)
	}
	rep, err := store.VerifyAudit(canbo.SystemContext(ctx), k)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored the database of %s: audit log intact, %d events, audit folder %s\n",
		h.Taken.Format(time.RFC3339), rep.Events, d)
	return nil
}

// cmdMigrateData implements `canbo migrate-data --from DB --to DB`: the whole database copied
// into another (SQLite ↔ PostgreSQL), streamed, each table checked by count and checksum, the
// audit chain verified on the target. Run again after an interruption, it keeps the tables
// already copied. Stop the server first: a source that changes during the copy is refused.
func cmdMigrateData(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("migrate-data")
	from := fs.str("from", "", "the source database")
	to := fs.str("to", "", "the target database (created and migrated if need be)")
	fromDir := fs.str("from-audit-dir", "", "the source's audit folder (default as for --audit-dir)")
	toDir := fs.str("to-audit-dir", "", "the target's audit folder (default as for --audit-dir)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return errors.New("--from and --to are required")
	}
	src, err := openExisting(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	k, err := openAudit(src, *from, *fromDir)
	if err != nil {
		return err
	}
	dst, err := sqlstore.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	// A target with records is only taken up again if it is an interrupted copy of this very
	// source (it then carries the source's identity); anything else would be overwritten.
	if has, err := dst.HasRecords(ctx); err != nil {
		return err
	} else if has {
		a, err := src.InstanceID(ctx)
		if err != nil {
			return err
		}
		if b, err := dst.InstanceID(ctx); err != nil || a != b {
			return fmt.Errorf("--to: %w", sqlstore.ErrNotEmpty)
		}
	}
	want, err := src.Sums(ctx)
	if err != nil {
		return err
	}
	pr, pw := io.Pipe()
	var dumped []sqlstore.TableSum
	go func() {
		var err error
		dumped, err = src.Dump(ctx, pw, k.Dir())
		pw.CloseWithError(err)
	}()
	h, err := dst.Load(ctx, pr, sqlstore.LoadOptions{Source: want, Progress: func(s sqlstore.TableSum, kept bool) {
		what := "copied"
		if kept {
			what = "already there"
		}
		fmt.Fprintf(stdout, "%-28s %9d rows  %s  %s\n", s.Table, s.Rows, s.SHA256[:12], what)
	}})
	pr.CloseWithError(err)
	if err != nil {
		return err
	}
	if !slices.Equal(dumped, want) {
		return errors.New("the source changed during the copy: stop the server and run migrate-data again (copied tables are kept)")
	}
	got, err := dst.Sums(ctx)
	if err != nil {
		return err
	}
	if !slices.Equal(got, want) {
		return errors.New("the target's tables differ from the source's after the copy")
	}
	fmt.Fprintf(stdout, "%d tables, %d rows: counts and checksums equal on both databases\n", len(got), rowsOf(got))
	return placeAudit(ctx, dst, *to, *toDir, h, stdout)
}

// scheduleBackups writes a backup of store into dir every period until ctx ends, keeping the
// newest keep; failures are logged and retried at the next tick.
func scheduleBackups(ctx context.Context, store *sqlstore.DB, auditDir, dir string, every time.Duration, keep int, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			path, sums, err := backup(ctx, store, auditDir, dir+string(os.PathSeparator), keep)
			if err != nil {
				log.Error("scheduled backup failed", "dir", dir, "err", err)
				continue
			}
			log.Info("backup written", "file", path, "tables", len(sums), "rows", rowsOf(sums))
		}
	}
}
