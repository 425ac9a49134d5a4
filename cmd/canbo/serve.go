package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"canbo/auth"
	"canbo/sqlstore"
	"canbo/web"
)

func cmdServe(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("serve")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	auditDirFlag := fs.str("audit-dir", "", auditDirHelp)
	addr := fs.str("addr", "127.0.0.1:8080", "listen address")
	cert := fs.str("tls-cert", "", "TLS certificate file (PEM)")
	key := fs.str("tls-key", "", "TLS private key file (PEM)")
	adminTOTP := fs.Bool("admin-totp", true, "require a second factor (TOTP) for administrators")
	failures := fs.Int("lockout-failures", 5, "failed logins (per account and client) before a lock")
	lockout := fs.Duration("lockout", 15*time.Minute, "how long a lock lasts")
	behindTLS := fs.boolean("behind-tls-proxy", false, "the server is reached over HTTPS through a TLS-terminating reverse proxy: "+
		"Secure __Host- cookies and HSTS although it listens on plain HTTP")
	proxies := fs.str("trusted-proxies", "", "comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For is trusted")
	backupDir := fs.str("backup-dir", "", "write a backup into this folder every --backup-every (see canbo backup)")
	backupEvery := fs.Duration("backup-every", 24*time.Hour, "how often to back up into --backup-dir")
	backupKeep := fs.Int("backup-keep", 7, "how many backups to keep in --backup-dir")
	metricsAddr := fs.str("metrics-addr", "", "serve /metrics (Prometheus text format) on this address, e.g. 127.0.0.1:9090")
	slow := fs.Duration("slow-request", 2*time.Second, "log requests slower than this as warnings (0: never)")
	readDB := fs.str("read-db", "", "postgres:// URL of a streaming standby on which to compute the reports (Biểu 01/02, dashboards, party statistics and health, "+
		"the staffing workbook, programme completion); writes, audit, profiles and sessions stay on --db. PostgreSQL only")
	readMaxLag := fs.Duration("read-db-max-lag", 30*time.Second, "compute reports on the primary while --read-db is further behind than this")
	slowQuery := fs.Duration("slow-query", 0, "log SQL statements slower than this as warnings: text, duration, request id, never the arguments (0: never)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *backupDir != "" && (*backupEvery < time.Minute || *backupKeep < 1) {
		return fmt.Errorf("--backup-every must be at least 1m and --backup-keep at least 1")
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return fmt.Errorf("--tls-cert and --tls-key go together")
	}
	if *readDB != "" && !(sqlstore.IsPostgres(*db) && sqlstore.IsPostgres(*readDB)) {
		return fmt.Errorf("--read-db is a PostgreSQL standby of a PostgreSQL --db: a SQLite file has no standby (its readers already run beside the writer)")
	}
	store, err := sqlstore.OpenWith(ctx, *db, sqlstore.Options{SlowQuery: *slowQuery, Log: newLogger(stderr)})
	if err != nil {
		return err
	}
	defer store.Close()
	var reads *sqlstore.DB
	if *readDB != "" {
		if reads, err = sqlstore.OpenWith(ctx, *readDB, sqlstore.Options{SlowQuery: *slowQuery, Log: newLogger(stderr), ReadOnly: true}); err != nil {
			return fmt.Errorf("--read-db: %w", err)
		}
		defer reads.Close()
	}
	k, err := openAudit(store, *db, *auditDirFlag)
	if err != nil {
		return err
	}
	if *backupDir != "" {
		go scheduleBackups(ctx, store, k.Dir(), *backupDir, *backupEvery, *backupKeep, newLogger(stderr))
	}
	if *failures < 1 || *lockout <= 0 {
		return fmt.Errorf("--lockout-failures and --lockout must be positive")
	}
	if *behindTLS && *cert != "" {
		return fmt.Errorf("--behind-tls-proxy is for a proxy that ends TLS; with --tls-cert the server ends it itself")
	}
	opt := serveOptions{addr: *addr, cert: *cert, key: *key, adminTOTP: *adminTOTP, behindTLSProxy: *behindTLS,
		metricsAddr: *metricsAddr, slow: *slow, readDB: reads, readMaxLag: *readMaxLag,
		lockout: auth.Policy{MaxFailures: *failures, Lockout: *lockout, Window: *lockout}}
	for _, p := range strings.Split(*proxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			p += map[bool]string{true: "/128", false: "/32"}[strings.Contains(p, ":")]
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			return fmt.Errorf("--trusted-proxies: %q: %v", p, err)
		}
		opt.proxies = append(opt.proxies, prefix)
	}
	return serve(ctx, store, opt, stderr, nil)
}

// serveOptions configure the web server.
type serveOptions struct {
	addr, cert, key string
	adminTOTP       bool
	// behindTLSProxy: users reach the server over HTTPS, ended by a reverse proxy.
	behindTLSProxy bool
	proxies        []netip.Prefix
	lockout        auth.Policy   // zero: the default
	metricsAddr    string        // "": no metrics listener
	slow           time.Duration // requests slower than this are logged as warnings
	// readDB, if set, is a read-only store on a standby for the reports, used while at most
	// readMaxLag behind (web/readdb.go).
	readDB     *sqlstore.DB
	readMaxLag time.Duration
}

// serve runs the web server on store until ctx ends; ready, if set, is called with the URL
// once the server listens.
func serve(ctx context.Context, store *sqlstore.DB, opt serveOptions, stderr io.Writer, ready func(url string)) error {
	log := newLogger(stderr)
	srv, err := web.New(store, log)
	if err != nil {
		return err
	}
	srv.TLS = opt.cert != "" || opt.behindTLSProxy
	srv.RequireAdminTOTP = opt.adminTOTP
	srv.TrustedProxies = opt.proxies
	if opt.lockout.MaxFailures > 0 {
		srv.SetLockout(opt.lockout)
	}
	srv.SlowRequest = opt.slow
	if opt.readDB != nil {
		srv.SetReadReplica(opt.readDB, opt.readMaxLag)
		// Said once at start, so a mistyped URL shows before the first report falls back.
		if lag, err := opt.readDB.ReplicaLag(ctx); err != nil {
			log.Warn("read-db does not answer yet, reports on the primary until it does", "err", err)
		} else {
			log.Info("read-db answers", "lag", lag.String(), "max_lag", opt.readMaxLag.String())
		}
	}
	ln, err := net.Listen("tcp", opt.addr)
	if err != nil {
		return err
	}
	if opt.metricsAddr != "" {
		// Metrics on a listener of their own, which the operator keeps off the users' network:
		// they name routes and timings, not people, but need no login.
		mln, err := net.Listen("tcp", opt.metricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", srv.MetricsHandler())
		ms := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		go ms.Serve(mln)
		go func() { <-ctx.Done(); ms.Close() }()
		log.Info("metrics listening", "url", "http://"+mln.Addr().String()+"/metrics")
	}
	scheme := "http"
	if opt.cert != "" {
		scheme = "https"
	}
	host := ln.Addr().String()
	if strings.HasPrefix(host, "0.0.0.0:") || strings.HasPrefix(host, "[::]:") {
		host = "localhost:" + host[strings.LastIndex(host, ":")+1:]
	}
	url := scheme + "://" + host
	log.Info("canbo listening", "url", url, "engine", store.Engine())
	if ready != nil {
		ready(url)
	}
	return srv.Serve(ctx, ln, opt.cert, opt.key)
}
