package sqlstore

import (
	"slices"
	"strings"

	"canbo"
)

// fragment is a piece of SQL with `?` placeholders and the arguments they bind, in the order of
// the text. Pieces are composed into a statement by concatenation, so arguments can never drift
// from their placeholders (a day bound four times is bound by whoever wrote the four
// placeholders), and the whole is rebound for the engine once, at the end (bind).
type fragment struct {
	sql  string
	args []any
}

// frag returns the fragment of sql and its arguments.
func frag(sql string, args ...any) fragment { return fragment{sql, args} }

// cat concatenates fragments, text and arguments alike.
func cat(parts ...fragment) fragment {
	var b strings.Builder
	var args []any
	for _, p := range parts {
		b.WriteString(p.sql)
		args = append(args, p.args...)
	}
	return fragment{b.String(), args}
}

// join concatenates the non-empty fragments with sep between them.
func join(sep string, parts []fragment) fragment {
	var kept []fragment
	for _, p := range parts {
		if p.sql == "" {
			continue
		}
		if len(kept) > 0 {
			kept = append(kept, frag(sep))
		}
		kept = append(kept, p)
	}
	return cat(kept...)
}

// and prefixes each non-empty condition with " AND ", for appending to a WHERE clause.
func and(conds ...fragment) fragment {
	var parts []fragment
	for _, c := range conds {
		if c.sql != "" {
			parts = append(parts, frag(" AND "), c)
		}
	}
	return cat(parts...)
}

// with returns the WITH clause of the non-empty common table expressions, or nothing. Every one
// is declared RECURSIVE-capable: the unit sets are recursive, and the keyword is harmless on
// the others.
func with(ctes ...fragment) fragment {
	body := join(",\n", ctes)
	if body.sql == "" {
		return fragment{}
	}
	return cat(frag("WITH RECURSIVE "), body, frag("\n"))
}

// bind returns the statement rebound for dialect dl and its arguments (a copy: appending to
// them leaves f alone).
func (f fragment) bind(dl dialect) (string, []any) {
	return dl.rebind(f.sql), slices.Clone(f.args)
}

// listOf is a comma-separated list of placeholders binding ids.
func listOf[T any](ids []T) fragment {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return frag(placeholders(len(ids)), args...)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// validOn is the condition "row a (alias) is valid on the day", for the tables dated by
// [valid_from, valid_to).
func validOn(a, on string) fragment {
	return frag(a+`.valid_from <= ? AND `+a+`.valid_to > ?`, on, on)
}

// unitSet is a set of unit ids as of a day: either a common table expression (cte, named name)
// the statement must declare, or a list of ids bound inline.
type unitSet struct {
	name string
	cte  fragment
	list []any
}

// The names of the unit sets' common table expressions.
const (
	scopeUnitsName      = "scope_units"      // what the caller's scope sees
	subtreeUnitsName    = "subtree_units"    // a unit and its descendants
	descendantUnitsName = "descendant_units" // a unit's descendants, itself excluded
	descendantWalkName  = "descendant_walk"  // the walk descendant_units drops the unit from
)

// scopeUnits returns the units the scope sees on the day, and false for an unlimited scope. The
// scope is applied inside every query that returns units or people, so no caller can forget it.
func scopeUnits(s canbo.Scope, on string) (unitSet, bool) {
	if s.All {
		return unitSet{}, false
	}
	if len(s.Roots) == 0 {
		return unitSet{name: scopeUnitsName, cte: frag(scopeUnitsName + `(id) AS (SELECT id FROM units WHERE 1 = 0)`)}, true
	}
	return unitSet{name: scopeUnitsName, cte: cat(
		frag(scopeUnitsName+`(id) AS (
		SELECT v.unit_id FROM unit_versions v WHERE v.unit_id IN (`), listOf(s.Roots), frag(`) AND `), validOn("v", on), frag(`
		UNION ALL
		SELECT v.unit_id FROM unit_versions v JOIN `+scopeUnitsName+` s ON v.parent_id = s.id WHERE `), validOn("v", on), frag(`)`))}, true
}

// subtreeOf returns a unit and its descendants on the day: the subtree a list is asked for
// (under=).
func subtreeOf(root int64, on string) unitSet {
	return unitSet{name: subtreeUnitsName, cte: cat(frag(subtreeUnitsName+`(id) AS (
		SELECT CAST(? AS BIGINT)
		UNION ALL
		SELECT v.unit_id FROM unit_versions v JOIN `+subtreeUnitsName+` s ON v.parent_id = s.id WHERE `, root), validOn("v", on), frag(`)`))}
}

// descendantsOf returns the descendants of a unit on the day, the unit itself excluded: the
// units listed under a unit. The walk starts from the unit itself, as subtreeOf's does, and
// drops it after: PostgreSQL estimates a walk that starts from one bound id at a few rows and
// probes the parent index per unit, but one that starts from the unit's children at ten times
// their estimated number and hash-joins every unit version (a city's subtree as of a day: the
// walk took 62 ms of a 76 ms statement on the city file, 0.65 ms of 12.9 ms from the unit; the
// nation file has ten times the versions).
func descendantsOf(parent int64, on string) unitSet {
	return unitSet{name: descendantUnitsName, cte: cat(
		frag(descendantWalkName+`(id) AS (
		SELECT CAST(? AS BIGINT)
		UNION ALL
		SELECT v.unit_id FROM unit_versions v JOIN `+descendantWalkName+` s ON v.parent_id = s.id WHERE `, parent), validOn("v", on), frag(`),
	`+descendantUnitsName+`(id) AS (SELECT id FROM `+descendantWalkName+` WHERE id <> ?)`, parent))}
}

// ancestorsFrom is the common table expression ancestors(id, f, t): a unit and the units above
// it on any day from the day from on, each with the period [f, t) in which the chain up to it
// holds (the intersection of the versions' periods), so only chains that exist on one same day
// count. The walk does not go above stop; UNION, not UNION ALL, ends it even on data that
// already has a cycle. It is how a move is refused that would make a loop on some later day.
func ancestorsFrom(unit int64, from string, stop int64) fragment {
	return frag(`ancestors(id, f, t) AS (
		SELECT CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT)
		UNION
		SELECT v.parent_id,
			CASE WHEN v.valid_from > a.f THEN v.valid_from ELSE a.f END,
			CASE WHEN v.valid_to < a.t THEN v.valid_to ELSE a.t END
		FROM unit_versions v JOIN ancestors a ON v.unit_id = a.id
		WHERE v.parent_id IS NOT NULL AND v.valid_from < a.t AND v.valid_to > a.f AND a.id <> ?)`,
		unit, from, day(canbo.Forever), stop)
}

// versionsIn is the condition "the unit version v is of a unit of the set, on the day", for
// "… FROM unit_versions v WHERE " + versionsIn. It is an IN of the set and not a join with it:
// SQLite (modernc's, with or without statistics) plans "set JOIN unit_versions" as a scan of
// every unit version probing an automatic index on the set, whatever the set's size — 2 s a
// statement on the nation file's 405,963 versions, for a ward's subtree as for the country —
// where IN looks each unit of the set up by unit_versions_unit (0.14 s for 12,056 units).
func versionsIn(units unitSet, on string) fragment {
	return cat(frag(`v.unit_id IN (`), units.in(), frag(`) AND `), validOn("v", on))
}

// listedUnits is a set of units given by their ids.
func listedUnits(ids []any) unitSet { return unitSet{list: ids} }

// in is the list of the set's ids, for "… IN (" + in + ")".
func (u unitSet) in() fragment {
	if u.list != nil {
		return listOf(u.list)
	}
	return frag(`SELECT id FROM ` + u.name)
}

// visibleIn is the condition "the person whose id is the column person has, on the day, a post
// or a party membership in a unit of the set": how people are seen through units. person is a
// column of the enclosing query (p.id, e.person_id…), never user input.
func visibleIn(person string, units unitSet, on string) fragment {
	return placedIn(person, units, on, false)
}

// placedIn is visibleIn, without temporary party attachments when owned is set: the units that
// keep a person's record are those of the person's posts and official party cell. A cell
// hosting a member temporarily (sinh hoạt tạm thời) sees the member in its list but does not
// keep the record, so its officers may not edit it (issue 10 item 8).
func placedIn(person string, units unitSet, on string, owned bool) fragment {
	cell := frag(`
		AND c.cell_id IN (`)
	if owned {
		cell = frag(`
		AND c.temporary = ? AND c.cell_id IN (`, false)
	}
	return cat(
		frag(`(EXISTS (SELECT 1 FROM posts x WHERE x.person_id = `+person+` AND `), validOn("x", on), frag(`
		AND x.unit_id IN (`), units.in(), frag(`))
	OR EXISTS (SELECT 1 FROM party_cells c WHERE c.person_id = `+person+` AND `), validOn("c", on), cell, units.in(), frag(`)))`))
}

// peopleIn lists the people with a post or a party membership in a unit of the set on the day:
// visibleIn turned round, for when the set is small enough to supply the people.
func peopleIn(units unitSet, on string) fragment {
	return cat(
		frag(`SELECT x.person_id FROM posts x WHERE x.unit_id IN (`), units.in(), frag(`) AND `), validOn("x", on), frag(`
		UNION SELECT c.person_id FROM party_cells c WHERE c.cell_id IN (`), units.in(), frag(`) AND `), validOn("c", on))
}
