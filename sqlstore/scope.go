package sqlstore

import (
	"context"

	"canbo"
)

// scopeUnder returns the caller's scope for a question about the subtree of the unit under on
// the day, and false when no scope condition is needed: the caller sees everything, or under
// itself lies in the scope that day — then so does every unit below it, and "placed in the
// subtree" implies "placed in the scope", so the condition is dropped instead of enumerating
// the scope (a whole city's units) for every statement. A unit outside the scope keeps the
// whole condition: a person placed both there and in the scope is still seen, and nobody else.
// under 0 asks about no subtree.
func (d *DB) scopeUnder(ctx context.Context, db queryer, under int64, on string) (unitSet, bool, error) {
	s := canbo.ScopeFromContext(ctx)
	scope, limited := scopeUnits(s, on)
	if !limited || under == 0 {
		return scope, limited, nil
	}
	inside, err := d.unitSeen(ctx, db, s, under, on)
	if err != nil || inside {
		return unitSet{}, false, err
	}
	return scope, true, nil
}

// unitSeen reports whether the unit lies in the limited scope s on the day.
func (d *DB) unitSeen(ctx context.Context, db queryer, s canbo.Scope, unit int64, on string) (bool, error) {
	var n int
	err := queryOne(ctx, d, db, cat(frag(`SELECT CASE WHEN `), scopeHolds(s, frag(`SELECT CAST(? AS BIGINT)`, unit), on), frag(` THEN 1 ELSE 0 END`)), &n)
	return n == 1, err
}

// scopeHolds is the condition "the units seed lists (a SELECT of unit ids, which may read
// the enclosing query's columns) include one that lies, on the day, in a subtree of the
// limited scope s": a walk up from those units through their versions of that day. It agrees
// with scopeUnits — every unit on the way and the root itself must exist on the day — but
// costs a few index probes per unit, where scopeUnits enumerates the scope (a whole city's
// 14,000 units, some 30 ms) to test one. So it serves the checks of a few units or people (a
// profile, a unit's page, a search's page of candidates); a question about many people keeps
// the set, or drops the scope where the asked subtree lies in it (DB.scopeUnder).
func scopeHolds(s canbo.Scope, seed fragment, on string) fragment {
	if len(s.Roots) == 0 {
		return frag(`1 = 0`)
	}
	return cat(frag(`EXISTS (WITH RECURSIVE scope_up(id) AS (`), seed, frag(`
		UNION ALL
		SELECT v.parent_id FROM unit_versions v JOIN scope_up u ON v.unit_id = u.id WHERE `), validOn("v", on), frag(` AND v.parent_id IS NOT NULL)
		SELECT 1 FROM scope_up u JOIN unit_versions r ON r.unit_id = u.id WHERE u.id IN (`), listOf(s.Roots), frag(`) AND `), validOn("r", on), frag(`)`))
}

// unitInScope is scopeHolds for one unit: the column unit of the enclosing query, never user
// input.
func unitInScope(s canbo.Scope, unit, on string) fragment {
	return scopeHolds(s, frag(`SELECT `+unit), on)
}

// personInScope is visibleIn (placedIn when owned) for the caller's limited scope, as a walk up
// from the person's posts and party cells of the day (scopeHolds): for checking a few people.
// person is a column of the enclosing query, never user input.
func personInScope(s canbo.Scope, person, on string, owned bool) fragment {
	cell := fragment{}
	if owned {
		cell = frag(` AND c.temporary = ?`, false)
	}
	return scopeHolds(s, cat(frag(`SELECT x.unit_id FROM posts x WHERE x.person_id = `+person+` AND `), validOn("x", on), frag(`
		UNION ALL
		SELECT c.cell_id FROM party_cells c WHERE c.person_id = `+person+` AND `), validOn("c", on), cell), on)
}
