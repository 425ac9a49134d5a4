package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"log/slog"
	"reflect"
	"strings"
	"time"
)

// Options are the optional settings of OpenWith.
type Options struct {
	// SlowQuery logs every statement that takes longer (0: never) as a warning on Log: the
	// statement's text (never its arguments, which can be personal data), its duration and,
	// through the context, the request id of the request that ran it. A query's time runs
	// until its rows are closed, so a statement that streams slowly counts too.
	SlowQuery time.Duration
	Log       *slog.Logger
	// Fill opens a new SQLite file that is being filled from nothing and is renamed to its
	// real name only once complete (canbo seed into a new file): no rollback journal and no
	// fsync, so every page is written once, into the file itself, instead of into the WAL
	// and again by the checkpoint. A crash leaves a file that must be deleted, never one in
	// use; rolling back is undefined, so a failed fill must be deleted too. EndFill turns the
	// file into an ordinary (WAL) one.
	Fill bool
	// ReadOnly opens a PostgreSQL standby (or any server) for reading only: no migration, no
	// connection at open (the standby may be down; ReplicaLag finds out), and every commit or
	// write refused (readonly.go).
	ReadOnly bool
}

// slowConnector wraps an engine's connector so that every statement of its connections is
// timed. It is used only with Options.SlowQuery, so a server without the log runs the
// drivers untouched.
type slowConnector struct {
	driver.Connector
	slow *slowLog
}

// slowLog is the threshold and the logger.
type slowLog struct {
	after time.Duration
	log   *slog.Logger
}

// done logs the statement if it ran longer than the threshold.
func (s *slowLog) done(ctx context.Context, query string, start time.Time) {
	if took := time.Since(start); took > s.after {
		s.log.LogAttrs(ctx, slog.LevelWarn, "slow query", slog.Int64("ms", took.Milliseconds()),
			slog.String("statement", strings.Join(strings.Fields(query), " ")))
	}
}

// openConnector opens a pool on c, timing its statements when opt asks for the slow-query log.
func openConnector(c driver.Connector, opt Options) *sql.DB {
	if opt.SlowQuery > 0 && opt.Log != nil {
		return sql.OpenDB(slowConnector{c, &slowLog{opt.SlowQuery, opt.Log}})
	}
	return sql.OpenDB(c)
}

// openSlow opens the pool of driverName on dsn with every statement timed.
func openSlow(driverName, dsn string, slow *slowLog) (*sql.DB, error) {
	probe, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	probe.Close()
	var c driver.Connector = dsnConnector{drv, dsn}
	if dc, ok := drv.(driver.DriverContext); ok {
		if c, err = dc.OpenConnector(dsn); err != nil {
			return nil, err
		}
	}
	return sql.OpenDB(slowConnector{c, slow}), nil
}

// dsnConnector is the connector of a driver that has none of its own.
type dsnConnector struct {
	drv driver.Driver
	dsn string
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

func (c slowConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &slowConn{conn, c.slow}, nil
}

// slowConn times its statements and passes everything else to the engine's connection,
// answering driver.ErrSkip (database/sql's "do it the default way") where the engine has no
// method of its own.
type slowConn struct {
	driver.Conn
	slow *slowLog
}

func (c *slowConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *slowConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var st driver.Stmt
	var err error
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = c.Conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &slowStmt{st, query, c.slow}, nil
}

func (c *slowConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	//lint:ignore SA1019 the fallback database/sql itself uses for a driver without the context method
	return c.Conn.Begin()
}

func (c *slowConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	defer c.slow.done(ctx, query, time.Now())
	return e.ExecContext(ctx, query, args)
}

func (c *slowConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	start := time.Now()
	rows, err := q.QueryContext(ctx, query, args)
	if err != nil {
		c.slow.done(ctx, query, start)
		return nil, err
	}
	return &slowRows{rows, ctx, query, start, c.slow}, nil
}

func (c *slowConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *slowConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *slowConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *slowConn) CheckNamedValue(v *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

// slowStmt times a prepared statement's runs.
type slowStmt struct {
	driver.Stmt
	query string
	slow  *slowLog
}

func (s *slowStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	defer s.slow.done(ctx, s.query, time.Now())
	if e, ok := s.Stmt.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	//lint:ignore SA1019 the fallback database/sql itself uses for a driver without the context method
	return s.Stmt.Exec(values(args))
}

func (s *slowStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	start := time.Now()
	var rows driver.Rows
	var err error
	if q, ok := s.Stmt.(driver.StmtQueryContext); ok {
		rows, err = q.QueryContext(ctx, args)
	} else {
		//lint:ignore SA1019 the fallback database/sql itself uses for a driver without the context method
		rows, err = s.Stmt.Query(values(args))
	}
	if err != nil {
		s.slow.done(ctx, s.query, start)
		return nil, err
	}
	return &slowRows{rows, ctx, s.query, start, s.slow}, nil
}

func (s *slowStmt) CheckNamedValue(v *driver.NamedValue) error {
	if n, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

// values turns named arguments into the positional ones of the old driver interface.
func values(named []driver.NamedValue) []driver.Value {
	v := make([]driver.Value, len(named))
	for i, n := range named {
		v[i] = n.Value
	}
	return v
}

// slowRows ends its statement's time when closed, and passes the column types through
// (backups read them).
type slowRows struct {
	driver.Rows
	ctx   context.Context
	query string
	start time.Time
	slow  *slowLog
}

func (r *slowRows) Close() error {
	err := r.Rows.Close()
	r.slow.done(r.ctx, r.query, r.start)
	return err
}

func (r *slowRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *slowRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *slowRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *slowRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *slowRows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}
