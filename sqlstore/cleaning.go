package sqlstore

import (
	"context"
	"slices"

	"canbo"
	"canbo/cleaning"
)

var _ canbo.CleaningService = (*DB)(nil)

// Findings returns the likely mistakes among the people of f.Under's subtree (or the caller's
// whole scope) as of f.AsOf: every kind offered is counted (the tabs of the page), the kinds
// asked are listed. The people are read once, with the same scope conditions as FindPeople
// (never wider), and compared in memory by package cleaning. Identity numbers are read only for
// callers granted GrantIdentity; for the others they neither show nor weigh in any finding.
func (d *DB) Findings(ctx context.Context, f canbo.CleaningFilter) (*canbo.CleaningReport, error) {
	if f.AsOf.IsZero() {
		f.AsOf = d.Now()
	}
	granted := canSee(ctx, canbo.GrantIdentity)
	offered, kinds, err := cleaning.Kinds(f.Kinds, granted)
	if err != nil {
		return nil, err
	}
	if f.Under != 0 {
		if _, err := d.FindUnit(ctx, f.Under, f.AsOf); err != nil {
			return nil, err
		}
	}
	recs, err := d.cleaningPeople(ctx, f, granted)
	if err != nil {
		return nil, err
	}
	dismissed, err := d.dismissedPairs(ctx)
	if err != nil {
		return nil, err
	}
	counts, all := cleaning.FindExcept(recs, offered, kinds, granted, dismissed)
	rep := &canbo.CleaningReport{Kinds: offered, Counts: counts, Total: len(all), Findings: cleaning.Page(all, f.Offset, f.Limit)}
	if err := d.findingUnits(ctx, f, rep.Findings); err != nil {
		return nil, err
	}
	return rep, nil
}

// maxListedUnits is the largest subtree whose unit ids are listed in the query rather than
// recomputed inside it: with a list, PostgreSQL reads a ward's posts and cells through their
// indexes (with the recursive CTE it estimated hundreds of units and scanned whole tables).
var maxListedUnits = 2000

// cleaningPeople reads the records of the subtree the caller may see.
func (d *DB) cleaningPeople(ctx context.Context, f canbo.CleaningFilter, granted bool) ([]cleaning.Record, error) {
	ctes, cond, err := d.cleaningScope(ctx, f)
	if err != nil {
		return nil, err
	}
	idCol := `''`
	if granted {
		idCol = `COALESCE(p.identity_number, '')`
	}
	q, args := cat(with(ctes...), frag(`SELECT p.id, p.family_name, p.middle_name, p.given_name, p.sex, p.birth_date, p.birth_place, p.home_town, `+idCol+` FROM people p WHERE `), cond).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	fold := cleaning.Folder{}
	var recs []cleaning.Record
	for rows.Next() {
		var id int64
		var sex canbo.Sex
		var birth, identity string
		var parts [3]string
		var places [2]string
		if err := rows.Scan(&id, &parts[0], &parts[1], &parts[2], &sex, &birth, &places[0], &places[1], &identity); err != nil {
			return nil, err
		}
		recs = append(recs, fold.Record(id, sex, birth, parts, places, identity))
	}
	return recs, rows.Err()
}

// cleaningScope is the condition (with its CTEs) on people p that keeps the records of the
// subtree the caller may see. The candidates come from posts and party cells, as in
// FindPeople; the scope condition is applied on top of the subtree, so Under can narrow the
// scope, never widen it.
func (d *DB) cleaningScope(ctx context.Context, f canbo.CleaningFilter) ([]fragment, fragment, error) {
	on := day(f.AsOf)
	inUnits := func(units unitSet) fragment { return cat(frag(`p.id IN (`), peopleIn(units, on), frag(`)`)) }
	var ctes, conds []fragment
	scope, scoped, err := d.scopeUnder(ctx, d.db, f.Under, on)
	if err != nil {
		return nil, fragment{}, err
	}
	if scoped {
		ctes = append(ctes, scope.cte)
	}
	if f.Under != 0 {
		under := subtreeOf(f.Under, on)
		units, err := d.listUnits(ctx, under)
		if err != nil {
			return nil, fragment{}, err
		}
		if units == nil {
			ctes, conds = append(ctes, under.cte), append(conds, inUnits(under))
		} else {
			conds = append(conds, inUnits(listedUnits(units)))
		}
		if scoped {
			conds = append(conds, visibleIn("p.id", scope, on))
		}
	} else if scoped {
		conds = append(conds, inUnits(scope))
	}
	if len(conds) == 0 {
		return ctes, frag(`1 = 1`), nil
	}
	return ctes, join(" AND ", conds), nil
}

// listUnits returns the ids of the units of a set, or nil when there are more than
// maxListedUnits.
func (d *DB) listUnits(ctx context.Context, units unitSet) ([]any, error) {
	q, args := cat(with(units.cte), units.in(), frag(` LIMIT ?`, maxListedUnits+1)).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) > maxListedUnits {
		return nil, nil
	}
	return ids, nil
}

// findingUnits fills in, for the people of a page of findings, the units of the caller's scope
// where they hold a post or party membership on the day: where the officer will find them.
func (d *DB) findingUnits(ctx context.Context, f canbo.CleaningFilter, page []canbo.Finding) error {
	var ids []any
	seen := map[int64]bool{}
	for _, x := range page {
		for _, p := range x.People {
			if !seen[p.ID] {
				seen[p.ID] = true
				ids = append(ids, p.ID)
			}
		}
	}
	units := map[int64][]string{}
	// Both engines cap the parameters of a statement: ask for the people a batch at a time.
	const batch = 400
	for len(ids) > 0 {
		n := min(batch, len(ids))
		if err := d.unitsOf(ctx, day(f.AsOf), ids[:n], units); err != nil {
			return err
		}
		ids = ids[n:]
	}
	for i := range page {
		for j := range page[i].People {
			page[i].People[j].Units = units[page[i].People[j].ID]
		}
	}
	return nil
}

// unitsOf adds to units the names of the cells and post units of the caller's scope of each
// person of ids on the day: cells first, then the primary post, then others.
func (d *DB) unitsOf(ctx context.Context, on string, ids []any, units map[int64][]string) error {
	var cte fragment
	inScope := func(col string) fragment { return fragment{} }
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), on); ok {
		cte = scope.cte
		inScope = func(col string) fragment { return cat(frag(" AND "+col+" IN ("), scope.in(), frag(")")) }
	}
	q, args := cat(with(cte), frag(`SELECT c.person_id, v.name, 0 FROM party_cells c JOIN unit_versions v ON v.unit_id = c.cell_id AND `), validOn("v", on), frag(`
		WHERE c.person_id IN (`), listOf(ids), frag(`) AND `), validOn("c", on), inScope("c.cell_id"), frag(`
	UNION ALL
	SELECT x.person_id, v.name, CASE WHEN x.is_primary THEN 1 ELSE 2 END FROM posts x JOIN unit_versions v ON v.unit_id = x.unit_id AND `), validOn("v", on), frag(`
		WHERE x.person_id IN (`), listOf(ids), frag(`) AND `), validOn("x", on), inScope("x.unit_id"), frag(`
	ORDER BY 1, 3, 2`)).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		var rank int
		if err := rows.Scan(&id, &name, &rank); err != nil {
			return err
		}
		if !slices.Contains(units[id], name) {
			units[id] = append(units[id], name)
		}
	}
	return rows.Err()
}
