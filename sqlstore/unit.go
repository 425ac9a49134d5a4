package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// Ensure the service is implemented.
var _ canbo.OrgService = (*DB)(nil)

// Kinds returns the configured unit kinds in display order.
func (d *DB) Kinds(ctx context.Context) ([]canbo.Kind, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT code, hierarchy, tier, name, name_en FROM unit_kinds ORDER BY hierarchy, sort, code`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var kinds []canbo.Kind
	for rows.Next() {
		var k canbo.Kind
		if err := rows.Scan(&k.Code, &k.Hierarchy, &k.Tier, &k.Name, &k.NameEN); err != nil {
			return nil, err
		}
		kinds = append(kinds, k)
	}
	return kinds, rows.Err()
}

// asOf is the predicate "version v is valid on the date bound to both placeholders".
const asOf = `v.valid_from <= ? AND v.valid_to > ?`

// scopeCTE returns a common table expression "scope_units(id)" with the units the scope sees on
// the given day, and its arguments; empty for an unlimited scope. The scope is applied inside
// every query that returns units, so no caller can forget it.
func scopeCTE(s canbo.Scope, on string) (string, []any) {
	if s.All {
		return "", nil
	}
	if len(s.Roots) == 0 {
		return `scope_units(id) AS (SELECT id FROM units WHERE 1 = 0)`, nil
	}
	args := make([]any, 0, len(s.Roots)+4)
	for _, r := range s.Roots {
		args = append(args, r)
	}
	args = append(args, on, on, on, on)
	return `scope_units(id) AS (
		SELECT v.unit_id FROM unit_versions v WHERE v.unit_id IN (` + placeholders(len(s.Roots)) + `) AND ` + asOf + `
		UNION ALL
		SELECT v.unit_id FROM unit_versions v JOIN scope_units s ON v.parent_id = s.id WHERE ` + asOf + `)`, args
}

// subtreeCTE returns a common table expression "sub(id)" with a unit and its descendants on the
// given day, and its arguments: the subtree a list of people is asked for (under=).
func subtreeCTE(root int64, on string) (string, []any) {
	return `sub(id) AS (
		SELECT CAST(? AS BIGINT)
		UNION ALL
		SELECT v.unit_id FROM unit_versions v JOIN sub ON v.parent_id = sub.id WHERE ` + asOf + `)`, []any{root, on, on}
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// unitColumns selects a unit as of a day from version v; it needs the day bound twice for the
// child count.
const unitColumns = `v.unit_id, u.hierarchy, v.code, v.name, v.kind, k.name, k.tier, COALESCE(v.parent_id, 0),
	v.valid_from, v.valid_to,
	(SELECT MIN(x.valid_from) FROM unit_versions x WHERE x.unit_id = v.unit_id),
	(SELECT MAX(x.valid_to) FROM unit_versions x WHERE x.unit_id = v.unit_id),
	(SELECT COUNT(*) FROM unit_versions c WHERE c.parent_id = v.unit_id AND c.valid_from <= ? AND c.valid_to > ?)`

type scanner interface{ Scan(...any) error }

func scanUnit(s scanner, extra ...any) (*canbo.Unit, error) {
	var u canbo.Unit
	var vf, vt, ef, et string
	dest := append([]any{&u.ID, &u.Hierarchy, &u.Code, &u.Name, &u.Kind, &u.KindName, &u.Tier, &u.ParentID,
		&vf, &vt, &ef, &et, &u.Children}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	var err error
	for _, p := range []struct {
		s string
		t *time.Time
	}{{vf, &u.VersionFrom}, {vt, &u.VersionTo}, {ef, &u.ValidFrom}, {et, &u.ValidTo}} {
		if *p.t, err = parseDay(p.s); err != nil {
			return nil, err
		}
	}
	return &u, nil
}

// FindUnit returns the unit as it stood on asOf. A unit that did not exist that day, or that lies
// outside the caller's scope, is not found.
func (d *DB) FindUnit(ctx context.Context, id int64, on time.Time) (*canbo.Unit, error) {
	units, _, err := d.FindUnits(ctx, canbo.UnitFilter{ID: id, AsOf: on, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(units) == 0 {
		return nil, canbo.Errorf(canbo.ENOTFOUND, "Không tìm thấy đơn vị.")
	}
	return units[0], nil
}

// MaxUnits caps one page of units; a whole province's territory fits.
const MaxUnits = 20000

// FindUnits returns the units matching f as of f.AsOf, in Vietnamese order of their names, and
// the total number matching. A subtree (Under) is one recursive query, whatever its depth.
func (d *DB) FindUnits(ctx context.Context, f canbo.UnitFilter) ([]*canbo.Unit, int, error) {
	return d.findUnits(ctx, d.db, f)
}

// queryer is what both *sql.DB and *sql.Tx offer, so reads can run inside a write transaction
// (a preview sees its own uncommitted changes).
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (d *DB) findUnits(ctx context.Context, db queryer, f canbo.UnitFilter) ([]*canbo.Unit, int, error) {
	on := day(f.AsOf)
	var ctes []string
	var args []any
	scopeSQL, scopeArgs := scopeCTE(canbo.ScopeFromContext(ctx), on)
	if scopeSQL != "" {
		ctes = append(ctes, scopeSQL)
		args = append(args, scopeArgs...)
	}
	if f.Under != 0 {
		ctes = append(ctes, `sub(id) AS (
			SELECT v.unit_id FROM unit_versions v WHERE v.parent_id = ? AND `+asOf+`
			UNION ALL
			SELECT v.unit_id FROM unit_versions v JOIN sub ON v.parent_id = sub.id WHERE `+asOf+`)`)
		args = append(args, f.Under, on, on, on, on)
	}
	q := ""
	if len(ctes) > 0 {
		q = "WITH RECURSIVE " + strings.Join(ctes, ",\n") + "\n"
	}
	q += `SELECT ` + unitColumns + `, COUNT(*) OVER ()
	FROM unit_versions v JOIN units u ON u.id = v.unit_id JOIN unit_kinds k ON k.code = v.kind
	WHERE ` + asOf
	args = append(args, on, on, on, on)
	if scopeSQL != "" {
		q += ` AND v.unit_id IN (SELECT id FROM scope_units)`
	}
	if f.Under != 0 {
		q += ` AND v.unit_id IN (SELECT id FROM sub)`
	}
	add := func(cond string, a ...any) {
		q += " AND " + cond
		args = append(args, a...)
	}
	if f.ID != 0 {
		add(`v.unit_id = ?`, f.ID)
	}
	if f.Hierarchy != "" {
		add(`u.hierarchy = ?`, string(f.Hierarchy))
	}
	if f.Parent != 0 {
		add(`v.parent_id = ?`, f.Parent)
	} else if f.Roots {
		add(`v.parent_id IS NULL`)
	}
	if f.Kind != "" {
		add(`v.kind = ?`, f.Kind)
	}
	if f.Tier != "" {
		add(`k.tier = ?`, f.Tier)
	}
	if f.Code != "" {
		add(`v.code = ?`, f.Code)
	}
	if name := vn.Fold(f.Q); name != "" {
		// The search box offers codes too: a code matches exactly, a name by its words.
		add(`(v.name_fold LIKE ? ESCAPE '\' OR v.code = ?)`, "%"+escapeLike(name)+"%", strings.TrimSpace(f.Q))
	}
	limit := f.Limit
	if limit <= 0 || limit > MaxUnits {
		limit = MaxUnits
	}
	q += ` ORDER BY v.sort_key, v.unit_id LIMIT ? OFFSET ?`
	args = append(args, limit, max(f.Offset, 0))
	rows, err := db.QueryContext(ctx, d.rebind(q), args...)
	if err != nil {
		return nil, 0, mapError(err)
	}
	defer rows.Close()
	var units []*canbo.Unit
	total := 0
	for rows.Next() {
		u, err := scanUnit(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		units = append(units, u)
	}
	return units, total, rows.Err()
}

// escapeLike protects the LIKE wildcards in user text.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// UnitVersions returns every version of a unit the caller may see as of on, oldest first.
func (d *DB) UnitVersions(ctx context.Context, id int64, on time.Time) ([]canbo.UnitVersion, error) {
	if _, err := d.FindUnitEver(ctx, id, on); err != nil {
		return nil, err
	}
	rows, err := d.db.QueryContext(ctx, d.rebind(`SELECT valid_from, valid_to, name, code, kind, COALESCE(parent_id, 0), COALESCE(event_id, 0)
		FROM unit_versions WHERE unit_id = ? ORDER BY valid_from`), id)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var vs []canbo.UnitVersion
	for rows.Next() {
		var v canbo.UnitVersion
		var from, to string
		if err := rows.Scan(&from, &to, &v.Name, &v.Code, &v.Kind, &v.ParentID, &v.EventID); err != nil {
			return nil, err
		}
		if v.From, err = parseDay(from); err != nil {
			return nil, err
		}
		if v.To, err = parseDay(to); err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}

// FindUnitEver returns the unit as of on if it existed then, or else as of the last day it
// existed before on (or its first day, for a unit that begins later), so that the page of a
// dissolved unit still shows its history. Scope is checked on the day shown.
func (d *DB) FindUnitEver(ctx context.Context, id int64, on time.Time) (*canbo.Unit, error) {
	u, err := d.FindUnit(ctx, id, on)
	if canbo.ErrorCode(err) != canbo.ENOTFOUND {
		return u, err
	}
	var from, to sql.NullString
	err = d.db.QueryRowContext(ctx, d.rebind(`SELECT MIN(valid_from), MAX(valid_to) FROM unit_versions WHERE unit_id = ?`), id).Scan(&from, &to)
	if err != nil {
		return nil, mapError(err)
	}
	if !from.Valid {
		return nil, canbo.Errorf(canbo.ENOTFOUND, "Không tìm thấy đơn vị.")
	}
	shown := from.String
	if day(on) >= to.String {
		last, _ := parseDay(to.String)
		shown = day(last.AddDate(0, 0, -1))
	}
	t, err := parseDay(shown)
	if err != nil {
		return nil, err
	}
	return d.FindUnit(ctx, id, t)
}
