// Command canbo runs canbo: the web server, the demo, migrations, imports and account set-up.
//
// Every flag has a CANBO_* environment variable (--db ↔ CANBO_DB, --addr ↔ CANBO_ADDR, …);
// a flag given on the command line wins.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"canbo"
	"canbo/sqlstore"
	"canbo/web"
)

const usage = `canbo — phần mềm công tác tổ chức, cán bộ (organization and cadre work)

Usage:
  canbo demo [--addr ADDR]                 run the demo (creates or reuses a demo database)
  canbo serve --db DB [--addr ADDR] [--tls-cert F --tls-key F | --behind-tls-proxy] [--trusted-proxies CIDR,…]
              [--backup-dir DIR --backup-every 24h --backup-keep 7] [--metrics-addr 127.0.0.1:9090] [--slow-request 2s]
  canbo migrate --db DB                    apply database migrations
  canbo import admin-units --db DB         load Vietnam's administrative units and the 2025 reform
  canbo import people --db DB --file F.xlsx [--as-of DAY] [--under UNIT_ID] [--dry-run] [--report errors.xlsx]   people from a spreadsheet, all rows or none
  canbo user add --db DB --username U --role admin|officer|leader|viewer [--scope ID,…] [--grant CLASS,…] --password-stdin
  canbo user disable --db DB USERNAME
  canbo user password --db DB --password-stdin USERNAME   set a password (ends the user's sessions)
  canbo user reset-totp --db DB USERNAME   remove a lost second factor (ends the user's sessions)
  canbo token create --db DB --user U [--name NAME] [--expires 90d|YYYY-MM-DD]
  canbo token list --db DB [--user U]      tokens (never the tokens themselves), with expiry
  canbo token revoke --db DB ID            a token stops working at once
  canbo audit verify --db DB [--audit-dir DIR]   check the audit log; a non-zero exit names the first bad event
  canbo backup --db DB --to FILE|DIR [--keep N]   an online backup: one consistent moment, the audit key and head included
  canbo restore --from FILE --db DB        into a new database; then the audit log is verified
  canbo migrate-data --from DB --to DB     copy everything between SQLite and PostgreSQL, checked table by table; resumable
  canbo rules retirement --sex male|female --birth YYYY[-MM[-DD]] [--lower-years N] [--db DB]
  canbo rules congress --sex male|female --birth … --level grassroots|above-grassroots|commune|province|government --kind first|reelect [--db DB]
  canbo rules versions [--db DB]           every rule's parameter versions (with --db: and those administrators stored)
  canbo seed --db DB --scale demo|city|nation [--seed N] [--people N] [--cpuprofile F]   synthetic people (progress on stderr)
  canbo repair carry --db DB [--dry-run]   carry posts and party cells left in ended units to their successors
  canbo bench --db DB [--n 30] [--only TEXT] [--caller admin|ward|city] [--cpuprofile F]   the fixed workload, each operation beside its raw SQL query
  canbo bench --db DB --load 60s [--clients 32] [--load-mix full|search]   the mixed load (5% If-Match writes), then the same mix raw
  canbo version

DB is a SQLite file path or a postgres:// URL (env CANBO_DB). Logs: CANBO_LOG_LEVEL=debug,
CANBO_LOG_FORMAT=json.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "canbo:", errorText(err))
		os.Exit(1)
	}
}

// errorText shows a domain error by its message (and field), anything else as it is.
func errorText(err error) string {
	var e *canbo.Error
	if errors.As(err, &e) {
		if e.Field != "" {
			return e.Field + ": " + e.Message
		}
		return e.Message
	}
	return err.Error()
}

// run dispatches a command line; tests call it directly. Asking for help (-h, --help, or
// "help" after a command group) prints that command's usage and succeeds: only a wrong
// command line is an error.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := dispatch(ctx, args, stdin, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) && wantsHelp(args) {
		return nil
	}
	return err
}

// wantsHelp reports whether the command line asks for help rather than being incomplete.
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			return true
		}
	}
	return false
}

// groupUsage prints the usage lines of one command group (the lines of usage that start with
// "canbo CMD "), for `canbo CMD --help` and a missing or unknown subcommand.
func groupUsage(w io.Writer, cmd string) bool {
	found := false
	for _, line := range strings.Split(usage, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "canbo "+cmd+" ") {
			if !found {
				fmt.Fprintln(w, "Usage:")
			}
			fmt.Fprintln(w, line)
			found = true
		}
	}
	return found
}

func dispatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	cmd, rest := args[0], args[1:]
	sub := ""
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		sub = rest[0]
	}
	// A command group asked for help, or given no subcommand: show its subcommands.
	if isGroup(cmd) && (len(rest) == 0 || rest[0] == "help" || wantsHelp(rest[:1])) {
		if len(rest) == 0 {
			groupUsage(stderr, cmd)
			return flag.ErrHelp // incomplete command line
		}
		groupUsage(stdout, cmd)
		return nil
	}
	switch {
	case cmd == "serve":
		return cmdServe(ctx, rest, stderr)
	case cmd == "demo":
		return cmdDemo(ctx, rest, stdout, stderr)
	case cmd == "migrate":
		return cmdMigrate(ctx, rest, stdout)
	case cmd == "import" && sub == "admin-units":
		return cmdImportAdminUnits(ctx, rest[1:], stdout)
	case cmd == "import" && sub == "people":
		return cmdImportPeople(ctx, rest[1:], stdout)
	case cmd == "user" && sub == "add":
		return cmdUserAdd(ctx, rest[1:], stdin, stdout)
	case cmd == "user" && sub == "reset-totp":
		return cmdUserResetTOTP(ctx, rest[1:], stdout)
	case cmd == "user" && sub == "password":
		return cmdUserPassword(ctx, rest[1:], stdin, stdout)
	case cmd == "user" && sub == "disable":
		return cmdUserDisable(ctx, rest[1:], stdout)
	case cmd == "audit" && sub == "verify":
		return cmdAuditVerify(ctx, rest[1:], stdout)
	case cmd == "backup":
		return cmdBackup(ctx, rest, stdout)
	case cmd == "restore":
		return cmdRestore(ctx, rest, stdout)
	case cmd == "migrate-data":
		return cmdMigrateData(ctx, rest, stdout)
	case cmd == "token" && sub == "create":
		return cmdTokenCreate(ctx, rest[1:], stdout)
	case cmd == "token" && sub == "list":
		return cmdTokenList(ctx, rest[1:], stdout)
	case cmd == "token" && sub == "revoke":
		return cmdTokenRevoke(ctx, rest[1:], stdout)
	case cmd == "rules" && (sub == "retirement" || sub == "congress" || sub == "versions"):
		return cmdRules(ctx, sub, rest[1:], stdout)
	case cmd == "seed":
		return cmdSeed(ctx, rest, stdout, stderr)
	case cmd == "repair" && sub == "carry":
		return cmdRepair(ctx, sub, rest[1:], stdout)
	case cmd == "bench":
		return cmdBench(ctx, rest, stdout)
	case cmd == "version":
		fmt.Fprintln(stdout, "canbo", version())
		return nil
	case cmd == "help" || cmd == "-h" || cmd == "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	if !groupUsage(stderr, cmd) {
		fmt.Fprint(stderr, usage)
	}
	return fmt.Errorf("unknown command %q", strings.Join(args[:min(2, len(args))], " "))
}

// isGroup reports a command that only names a group of subcommands.
func isGroup(cmd string) bool {
	switch cmd {
	case "import", "user", "token", "audit", "rules":
		return true
	}
	return false
}

// version is the module version, or the VCS revision for a build from a checkout.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v
}

// flags is a flag set whose defaults come from CANBO_* variables.
type flags struct{ *flag.FlagSet }

func newFlags(name string) flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	return flags{fs}
}

// storeFlags are the flags of a command that opens the database: --db and --audit-dir.
type storeFlags struct{ db, auditDir *string }

// store declares the database flags on f.
func (f flags) store() storeFlags {
	return storeFlags{db: f.str("db", "", "database: SQLite file or postgres:// URL"), auditDir: f.str("audit-dir", "", auditDirHelp)}
}

// parse parses args and insists on --db before the command checks its other arguments, so a
// command run without a database says so first.
func (s storeFlags) parse(fs flags, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	return requireDB(*s.db)
}

// open opens (and migrates) the database with its audit log.
func (s storeFlags) open(ctx context.Context) (*sqlstore.DB, error) {
	return openStore(ctx, *s.db, *s.auditDir)
}

func env(name, def string) string {
	if v, ok := os.LookupEnv("CANBO_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))); ok {
		return v
	}
	return def
}

func (f flags) str(name, def, help string) *string {
	return f.String(name, env(name, def), help+" (env CANBO_"+strings.ToUpper(strings.ReplaceAll(name, "-", "_"))+")")
}

// boolean is a boolean flag whose default comes from its CANBO_* variable (1, true, yes, on).
func (f flags) boolean(name string, def bool, help string) *bool {
	if v := env(name, ""); v != "" {
		def = v == "1" || strings.EqualFold(v, "true") || strings.EqualFold(v, "yes") || strings.EqualFold(v, "on")
	}
	return f.Bool(name, def, help+" (env CANBO_"+strings.ToUpper(strings.ReplaceAll(name, "-", "_"))+")")
}

// newLogger logs at CANBO_LOG_LEVEL (info, or debug) in CANBO_LOG_FORMAT (text, or json for a
// log collector), each line of a request carrying its request id.
func newLogger(w io.Writer) *slog.Logger {
	opt := &slog.HandlerOptions{Level: slog.LevelInfo}
	if env("log-level", "") == "debug" {
		opt.Level = slog.LevelDebug
	}
	var h slog.Handler = slog.NewTextHandler(w, opt)
	if env("log-format", "") == "json" {
		h = slog.NewJSONHandler(w, opt)
	}
	return slog.New(web.LogHandler(h))
}

func requireDB(db string) error {
	if db == "" {
		return errors.New("--db (or CANBO_DB) is required: a SQLite file path or a postgres:// URL")
	}
	return nil
}
