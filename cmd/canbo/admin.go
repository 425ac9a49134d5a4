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
	"canbo/sqlstore"
)

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("migrate")
	st := fs.store()
	if err := st.parse(fs, args); err != nil {
		return err
	}
	store, err := st.open(ctx) // Open migrates.
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

func cmdImportAdminUnits(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("import admin-units")
	st := fs.store()
	if err := st.parse(fs, args); err != nil {
		return err
	}
	store, err := st.open(ctx)
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
	return strings.TrimRight(line, "\r\n"), nil
}

func cmdUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := newFlags("user add")
	st := fs.store()
	username := fs.String("username", "", "login name")
	role := fs.String("role", "viewer", "admin, officer, leader or viewer")
	scope := fs.String("scope", "", "comma-separated unit ids whose subtrees the user sees")
	grant := fs.String("grant", "", "comma-separated sensitive classes the user may see (identity, background, family, discipline, evaluation, health)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	if err := st.parse(fs, args); err != nil {
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
	if err := auth.CheckNewPassword("password", pw, u.Username, u.Role); err != nil {
		return err
	}
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
	store, err := st.open(ctx)
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
	st := fs.store()
	user := fs.String("user", "", "the user the token acts as")
	name := fs.String("name", "cli", "a label for the token")
	expires := fs.String("expires", "", "when the token stops working: a duration (90d, 12h) or a date (YYYY-MM-DD); default never")
	if err := st.parse(fs, args); err != nil {
		return err
	}
	now := time.Now()
	until, err := parseExpiry(*expires, now)
	if err != nil {
		return err
	}
	store, err := st.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	sys := canbo.SystemContext(ctx) // audited as "(system)": whoever may open the database
	u, _, err := store.FindUserByUsername(sys, *user)
	if err != nil {
		return fmt.Errorf("--user %q: %s", *user, errorText(err))
	}
	token := auth.NewToken()
	if _, err := store.CreateTokenUntil(sys, auth.TokenHash(token), u.ID, *name, now, until); err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// parseExpiry reads --expires: "" (never), a duration with d for days ("90d", "36h"), or a
// date (the token works through that day, UTC).
func parseExpiry(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.Parse("2006-01-02", s); err == nil {
		if !d.AddDate(0, 0, 1).After(now) {
			return time.Time{}, fmt.Errorf("--expires: %s is in the past", s)
		}
		return d.AddDate(0, 0, 1), nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil && days > 0 {
			return now.AddDate(0, 0, days), nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(d), nil
	}
	return time.Time{}, fmt.Errorf("--expires: %q is neither a positive duration (90d, 12h) nor a date (YYYY-MM-DD)", s)
}

// cmdTokenList implements `canbo token list`: every token (or one user's), without the tokens
// themselves, which are never stored.
func cmdTokenList(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("token list")
	st := fs.store()
	user := fs.String("user", "", "only this user's tokens")
	if err := st.parse(fs, args); err != nil {
		return err
	}
	store, err := st.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	sys := canbo.SystemContext(ctx)
	var id int64
	if *user != "" {
		u, _, err := store.FindUserByUsername(sys, *user)
		if err != nil {
			return fmt.Errorf("--user %q: %s", *user, errorText(err))
		}
		id = u.ID
	}
	toks, err := store.ListTokens(sys, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%-6s %-20s %-20s %-20s %s\n", "ID", "USER", "NAME", "CREATED", "EXPIRES")
	for _, t := range toks {
		exp := "never"
		if !t.ExpiresAt.IsZero() {
			exp = t.ExpiresAt.Format(time.RFC3339)
			if !t.ExpiresAt.After(time.Now()) {
				exp += " (expired)"
			}
		}
		fmt.Fprintf(stdout, "%-6d %-20s %-20s %-20s %s\n", t.ID, t.Username, t.Name, t.CreatedAt.Format(time.RFC3339), exp)
	}
	return nil
}

// cmdTokenRevoke implements `canbo token revoke ID`.
func cmdTokenRevoke(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("token revoke")
	st := fs.store()
	if err := st.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: canbo token revoke --db DB ID (see canbo token list)")
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil {
		return fmt.Errorf("token id %q is not a number (see canbo token list)", fs.Arg(0))
	}
	store, err := st.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.RevokeToken(canbo.SystemContext(ctx), id); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "token %d revoked\n", id)
	return nil
}

// cmdUserResetTOTP implements `canbo user reset-totp`: the way back for a user, administrators
// included, who lost the device holding their second factor. It runs on the server, by whoever
// may open the database, so it needs no second factor itself; it is audited.
func cmdUserResetTOTP(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("user reset-totp")
	st := fs.store()
	if err := st.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: canbo user reset-totp --db DB USERNAME")
	}
	return withUser(ctx, st, fs.Arg(0), func(sys context.Context, store *sqlstore.DB, u *canbo.User) error {
		if err := store.ResetTOTP(sys, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "user %s: second factor removed and sessions ended; a new one is enrolled at the next login\n", u.Username)
		return nil
	})
}

// cmdUserPassword implements `canbo user password`: sets a user's password from standard
// input under the one password policy, ending their sessions (and revoking their API tokens,
// as a password change does).
func cmdUserPassword(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := newFlags("user password")
	st := fs.store()
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	if err := st.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || !*pwStdin {
		return fmt.Errorf("usage: canbo user password --db DB --password-stdin USERNAME")
	}
	pw, err := readPassword(stdin)
	if err != nil {
		return err
	}
	return withUser(ctx, st, fs.Arg(0), func(sys context.Context, store *sqlstore.DB, u *canbo.User) error {
		if err := auth.CheckNewPassword("password", pw, u.Username, u.Role); err != nil {
			return err
		}
		hash, err := auth.HashPassword(pw)
		if err != nil {
			return err
		}
		if err := store.SetPassword(sys, u.ID, hash); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "user %s: password set; their sessions ended\n", u.Username)
		return nil
	})
}

func cmdUserDisable(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("user disable")
	st := fs.store()
	if err := st.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("usage: canbo user disable --db DB USERNAME")
	}
	return withUser(ctx, st, fs.Arg(0), func(sys context.Context, store *sqlstore.DB, u *canbo.User) error {
		u.Disabled = true
		if err := store.UpdateUser(sys, u); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "user %s disabled; their sessions and tokens no longer work\n", u.Username)
		return nil
	})
}

// withUser opens the database and runs fn on the user named username, with the system's
// context: the commands that act on one user.
func withUser(ctx context.Context, st storeFlags, username string, fn func(sys context.Context, store *sqlstore.DB, u *canbo.User) error) error {
	store, err := st.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	sys := canbo.SystemContext(ctx)
	u, _, err := store.FindUserByUsername(sys, username)
	if err != nil {
		return fmt.Errorf("user %q: %s", username, errorText(err))
	}
	return fn(sys, store, u)
}
