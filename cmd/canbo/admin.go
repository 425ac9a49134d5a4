package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/adminunits"
	"canbo/auth"
)

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("migrate")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	auditDirFlag := fs.str("audit-dir", "", auditDirHelp)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	store, err := openStore(ctx, *db, *auditDirFlag) // Open migrates.
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

func cmdImportAdminUnits(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("import admin-units")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	auditDirFlag := fs.str("audit-dir", "", auditDirHelp)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	store, err := openStore(ctx, *db, *auditDirFlag)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	rep, err := adminunits.Import(canbo.SystemContext(ctx), store)
	if err != nil {
		return err
	}
	if !rep.Ran {
		fmt.Fprintln(stdout, "administrative units already imported; nothing changed")
		return nil
	}
	fmt.Fprintf(stdout, "%s\n(%.1fs)\n", rep.Summary, time.Since(start).Seconds())
	return nil
}

// readPassword reads one line from stdin, for --password-stdin: passwords never appear in
// process lists or shell history.
func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if len([]rune(pw)) < 8 {
		return "", fmt.Errorf("password: at least 8 characters")
	}
	return pw, nil
}

func cmdUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := newFlags("user add")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	auditDirFlag := fs.str("audit-dir", "", auditDirHelp)
	username := fs.String("username", "", "login name")
	role := fs.String("role", "viewer", "admin, officer, leader or viewer")
	scope := fs.String("scope", "", "comma-separated unit ids whose subtrees the user sees")
	grant := fs.String("grant", "", "comma-separated sensitive classes the user may see (identity, background, family, discipline, evaluation, health)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if !*pwStdin {
		return fmt.Errorf("--password-stdin is required: passwords are not taken as arguments")
	}
	pw, err := readPassword(stdin)
	if err != nil {
		return err
	}
	u := &canbo.User{Username: *username, Role: canbo.Role(*role)}
	for _, g := range strings.Split(*grant, ",") {
		if g = strings.TrimSpace(g); g != "" {
			u.Grants = append(u.Grants, g)
		}
	}
	for _, s := range strings.Split(*scope, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("--scope: %q is not a unit id", s)
		}
		u.Scope = append(u.Scope, id)
	}
	store, err := openStore(ctx, *db, *auditDirFlag)
	if err != nil {
		return err
	}
	defer store.Close()
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := store.CreateUser(canbo.SystemContext(ctx), u, hash); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %s (%s) created, id %d\n", u.Username, u.Role, u.ID)
	return nil
}

func cmdTokenCreate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("token create")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	auditDirFlag := fs.str("audit-dir", "", auditDirHelp)
	user := fs.String("user", "", "the user the token acts as")
	name := fs.String("name", "cli", "a label for the token")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	store, err := openStore(ctx, *db, *auditDirFlag)
	if err != nil {
		return err
	}
	defer store.Close()
	u, _, err := store.FindUserByUsername(ctx, *user)
	if err != nil {
		return fmt.Errorf("--user %q: %s", *user, errorText(err))
	}
	token := auth.NewToken()
	if err := store.CreateToken(ctx, auth.TokenHash(token), u.ID, *name, time.Now()); err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

func cmdUserDisable(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("user disable")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	auditDirFlag := fs.str("audit-dir", "", auditDirHelp)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: canbo user disable --db DB USERNAME")
	}
	store, err := openStore(ctx, *db, *auditDirFlag)
	if err != nil {
		return err
	}
	defer store.Close()
	sys := canbo.SystemContext(ctx)
	u, _, err := store.FindUserByUsername(sys, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("user %q: %s", fs.Arg(0), errorText(err))
	}
	u.Disabled = true
	if err := store.UpdateUser(sys, u); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %s disabled; their sessions and tokens no longer work\n", u.Username)
	return nil
}
