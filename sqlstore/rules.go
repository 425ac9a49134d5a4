package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/rules"
)

// ruleCache keeps the merged rule set, so that pages which compute for many people do not
// re-read and re-merge the stored versions each time. It is keyed by the count and largest id of
// rule_versions, read on every call: rows are only ever added, so that pair changes exactly when
// the stored versions do, whichever process (another server, the command line) added them.
type ruleCache struct {
	mu    sync.Mutex
	count int64
	maxID int64
	set   *rules.Set
}

// ruleLock serializes additions of rule versions on PostgreSQL ("canboRul" in ASCII): each
// addition checks the new version against the stored ones, so two at once must not both pass.
// SQLite write transactions begin IMMEDIATE and are serialized already.
const ruleLock = 0x63616e626f52756c

// RuleSet returns the rule parameter versions the computations must use: the embedded defaults
// with the administrators' stored versions merged in (rules.Merge). The caller gets its own copy
// and may change it.
func (d *DB) RuleSet(ctx context.Context) (*rules.Set, error) {
	set, err := d.sharedRules(ctx)
	if err != nil {
		return nil, err
	}
	return set.Clone(), nil
}

// sharedRules is RuleSet without the copy, for the store's own checks that only read the set:
// a copy parses every rule again, and an import checks thousands of admissions.
func (d *DB) sharedRules(ctx context.Context) (*rules.Set, error) {
	var count, maxID int64
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM rule_versions`).Scan(&count, &maxID); err != nil {
		return nil, mapError(err)
	}
	c := &d.rules
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set == nil || c.count != count || c.maxID != maxID {
		stored, err := d.RuleVersions(ctx)
		if err != nil {
			return nil, err
		}
		set, err := rules.Merge(stored)
		if err != nil {
			return nil, err
		}
		c.set, c.count, c.maxID = set, count, maxID
	}
	return c.set, nil
}

// RuleVersions returns the versions administrators added, oldest first, with who added them.
// Every signed-in user may read them: they are the legal basis of the results everyone sees.
func (d *DB) RuleVersions(ctx context.Context) ([]rules.StoredVersion, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, rule, version_json, valid_from, valid_to, doc_kind, doc_number, doc_date,
		doc_issuer, created_name, created_at FROM rule_versions ORDER BY id`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []rules.StoredVersion
	for rows.Next() {
		var v rules.StoredVersion
		var raw, at string
		if err := rows.Scan(&v.ID, &v.Rule, &raw, &v.From, &v.To, &v.Source.Kind, &v.Source.Number, &v.Source.Date,
			&v.Source.Issuer, &v.CreatedBy, &at); err != nil {
			return nil, err
		}
		v.Version = json.RawMessage(raw)
		if v.CreatedAt, err = time.Parse(time.RFC3339, at); err != nil {
			return nil, fmt.Errorf("rule version %d: stored time %q: %w", v.ID, at, err)
		}
		if err := json.Unmarshal(v.Version, &struct {
			Source *rules.Source `json:"source"`
		}{&v.Source}); err != nil {
			return nil, fmt.Errorf("rule version %d: %w", v.ID, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AddRuleVersion stores a new version of a rule (its JSON as in defaults.json) after checking it
// on its own and against the versions in force (see rules.Set.Add for how it fits in), and
// audits it in the same transaction. Administrators only. It returns the stored version.
func (d *DB) AddRuleVersion(ctx context.Context, rule string, version json.RawMessage) (*rules.StoredVersion, error) {
	if !canbo.ScopeFromContext(ctx).All {
		return nil, canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.rules.forbidden")
	}
	v, err := rules.NewStoredVersion(rule, version)
	if err != nil {
		return nil, err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if lock := d.dialect.lock(ruleLock); lock != "" {
		if _, err := tx.exec(ctx, lock); err != nil {
			return nil, mapError(err)
		}
	}
	// Check against what is stored now, inside the transaction that holds the lock.
	set, err := d.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	if err := set.Add(rule, v.Version); err != nil {
		return nil, err
	}
	if err := set.Validate(); err != nil {
		return nil, canbo.FieldError("version", "%s", canbo.ErrorMessage(err))
	}
	v.CreatedAt = d.Now().UTC().Truncate(time.Second)
	var uid int64
	if u := canbo.UserFromContext(ctx); u != nil {
		uid, v.CreatedBy = u.ID, u.Username
	} else {
		v.CreatedBy = "(system)"
	}
	v.ID, err = tx.insert(ctx, `INSERT INTO rule_versions (rule, version_json, valid_from, valid_to, doc_kind, doc_number, doc_date,
		doc_issuer, created_by, created_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.Rule, string(v.Version), v.From, v.To, v.Source.Kind, v.Source.Number, v.Source.Date, v.Source.Issuer,
		uid, v.CreatedBy, v.CreatedAt.Format(time.RFC3339))
	if err != nil {
		return nil, mapError(err)
	}
	e := &audit.Event{Action: "rule.version", Entity: "rule", EntityID: rule + "/" + strconv.FormatInt(v.ID, 10),
		After: audit.Redact(v.Version), Reason: v.Source.Cite()}
	if err := tx.audit(ctx, e); err != nil {
		return nil, mapError(err)
	}
	if err := tx.commitAudit(e); err != nil {
		return nil, err
	}
	return &v, nil
}
