package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"canbo"
	"canbo/rules"
	"canbo/sqlstore"
)

// cmdRules answers `canbo rules retirement|congress|versions …` with JSON. Without --db the
// computations use the rule versions shipped in the binary; with --db, those merged with the
// versions administrators stored there, as the server does. `versions` lists every rule's
// versions (and needs no database either).
func cmdRules(ctx context.Context, sub string, args []string, stdout io.Writer) error {
	fs := newFlags("rules " + sub)
	db := fs.str("db", "", "database whose stored rule versions to use (SQLite file or postgres:// URL); default: the versions shipped in the binary")
	sex := fs.String("sex", "", "male or female")
	birth := fs.String("birth", "", "birth date: YYYY, YYYY-MM or YYYY-MM-DD (or dd/mm/yyyy)")
	lower := fs.Int("lower-years", 0, "years by which the retirement age is lowered (hard work, regions)")
	level := fs.String("level", "", "congress level: grassroots, above-grassroots, commune, province, government")
	kind := fs.String("kind", rules.FirstTime, "first (first-time committee member) or reelect")
	if err := fs.Parse(args); err != nil {
		return err
	}
	set, stored, err := ruleSet(ctx, *db)
	if err != nil {
		return err
	}
	var out any
	switch sub {
	case "retirement":
		out, err = rules.AnswerRetirement(set, *sex, *birth, *lower, time.Now())
	case "congress":
		out, err = rules.AnswerCongress(set, *sex, *birth, *level, *kind)
	case "versions":
		out, err = ruleVersions(set, stored)
	default:
		return canbo.Errork(canbo.EINVALID, "err.cmd.rules.unknown", sub)
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ruleSet returns the defaults, or the set stored in the database dsn with the stored versions.
// It only reads: the database is not given an audit folder, and a SQLite path must exist, since
// opening a mistyped path would create an empty database and silently answer with the defaults.
func ruleSet(ctx context.Context, dsn string) (*rules.Set, []rules.StoredVersion, error) {
	if dsn == "" {
		return rules.Defaults(), nil, nil
	}
	if !sqlstore.IsPostgres(dsn) {
		if _, err := os.Stat(dsn); err != nil {
			return nil, nil, fmt.Errorf("--db: %w", err)
		}
	}
	store, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	defer store.Close()
	set, err := store.RuleSet(ctx)
	if err != nil {
		return nil, nil, err
	}
	stored, err := store.RuleVersions(ctx)
	return set, stored, err
}

// ruleVersion is one version in `canbo rules versions`: the version as in defaults.json, and
// who stored it when an administrator did.
type ruleVersion struct {
	rules.VersionView
	StoredBy string `json:"stored_by,omitempty"`
}

func ruleVersions(set *rules.Set, stored []rules.StoredVersion) (map[string][]ruleVersion, error) {
	by := map[string]string{}
	for _, v := range stored {
		by[v.Rule+" "+v.From] = v.CreatedBy
	}
	out := map[string][]ruleVersion{}
	for _, r := range rules.Rules {
		views, err := set.Versions(r.Key)
		if err != nil {
			return nil, err
		}
		for _, v := range views {
			out[r.Key] = append(out[r.Key], ruleVersion{VersionView: v, StoredBy: by[r.Key+" "+v.From]})
		}
	}
	return out, nil
}
