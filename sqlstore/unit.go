package sqlstore

import (
	"cmp"
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

// unitColumns selects a unit as of a day from version v, with its children that day.
func unitColumns(on string) fragment {
	return frag(`v.unit_id, u.hierarchy, v.code, v.name, v.kind, k.name, k.tier, COALESCE(v.parent_id, 0),
	v.valid_from, v.valid_to,
	(SELECT MIN(x.valid_from) FROM unit_versions x WHERE x.unit_id = v.unit_id),
	(SELECT MAX(x.valid_to) FROM unit_versions x WHERE x.unit_id = v.unit_id),
	(SELECT COUNT(*) FROM unit_versions c WHERE c.parent_id = v.unit_id AND c.valid_from <= ? AND c.valid_to > ?)`, on, on)
}

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
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.unit.notfound")
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

// queryIDs runs a query (already bound for the engine) whose one column is an id and returns
// the ids, closing the rows before returning so the caller may query again on the same
// connection.
func queryIDs(ctx context.Context, db queryer, query string, args ...any) ([]int64, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (d *DB) findUnits(ctx context.Context, db queryer, f canbo.UnitFilter) ([]*canbo.Unit, int, error) {
	on := day(f.AsOf)
	var ctes, conds []fragment
	// One unit is checked by a walk up from it; a list below a unit in scope needs no check;
	// any other list is checked against the scope's set.
	s := canbo.ScopeFromContext(ctx)
	if f.ID != 0 && !s.All {
		conds = append(conds, unitInScope(s, "v.unit_id", on))
	} else if scope, ok, err := d.scopeUnder(ctx, db, cmp.Or(f.Under, f.Parent), on); err != nil {
		return nil, 0, err
	} else if ok {
		ctes, conds = append(ctes, scope.cte), append(conds, cat(frag(`v.unit_id IN (`), scope.in(), frag(`)`)))
	}
	if f.Under != 0 {
		under := descendantsOf(f.Under, on)
		ctes, conds = append(ctes, under.cte), append(conds, cat(frag(`v.unit_id IN (`), under.in(), frag(`)`)))
	}
	add := func(cond string, a ...any) { conds = append(conds, frag(cond, a...)) }
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
	q, args := cat(with(ctes...), frag(`SELECT `), unitColumns(on), frag(`, COUNT(*) OVER ()
	FROM unit_versions v JOIN units u ON u.id = v.unit_id JOIN unit_kinds k ON k.code = v.kind
	WHERE `), validOn("v", on), and(conds...),
		frag(` ORDER BY v.sort_key, v.unit_id LIMIT ? OFFSET ?`, limit, max(f.Offset, 0))).bind(d.dialect)
	rows, err := db.QueryContext(ctx, q, args...)
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
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT valid_from, valid_to, name, code, kind, COALESCE(parent_id, 0), COALESCE(event_id, 0)
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
	err = d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT MIN(valid_from), MAX(valid_to) FROM unit_versions WHERE unit_id = ?`), id).Scan(&from, &to)
	if err != nil {
		return nil, mapError(err)
	}
	if !from.Valid {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.unit.notfound")
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
