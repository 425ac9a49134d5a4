package sqlstore

import (
	"context"
	"strings"
	"time"

	"canbo"
)

// Party organisation health and statistics (issue 12, docs/RULES.md §11). Both read a party
// subtree as of a day in a handful of set-based statements — units, members per cell, secretary
// posts, territory links — and decide in Go, so a whole city answers in one pass.

// Unit kinds of the party tree as the Charter's rules see them: cells (chi bộ) hold members;
// a committee is grassroots (đảng bộ cơ sở) when cells hang directly under it.
var (
	cellKinds      = map[string]bool{"chi_bo_co_so": true, "chi_bo_truc_thuoc": true}
	committeeKinds = map[string]bool{"dang_bo_co_so": true, "dang_uy": true}
)

// partyUnit is one unit of the subtree with its member counts.
type partyUnit struct {
	id               int64
	name, fold, kind string
	parent           int64
	cellKind         string
	members, full    int
	subMembers       int
	hasCells         bool
	chiefs           int // people holding a secretary post there that day
	linked           bool
}

// partyTree reads the party subtree under a unit the caller sees on a day, with each cell's
// official members and full members, summed up the tree.
//
// counts false leaves the member counts out (the statistics count members in one pass of their
// own and need the units only).
func (d *DB) partyTree(ctx context.Context, tx *Tx, under int64, on time.Time, counts bool) ([]*partyUnit, map[int64]*partyUnit, error) {
	u, err := d.findUnitTx(ctx, tx, under, on)
	if err != nil {
		return nil, nil, err
	}
	if u.Hierarchy != canbo.Party {
		return nil, nil, canbo.Invalid("under", "err.sqlstore.membership.cell_id", u.Name)
	}
	o := day(on)
	cte, args := partySubtree(under, o)
	kinds, err := d.cellKindPrefixes(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	rows, err := tx.query(ctx, `WITH RECURSIVE `+cte+partyUnits, append(args, o, o)...)
	if err != nil {
		return nil, nil, err
	}
	var list []*partyUnit
	byID := map[int64]*partyUnit{}
	for rows.Next() {
		p := &partyUnit{}
		if err := rows.Scan(&p.id, &p.name, &p.fold, &p.kind, &p.parent, &p.cellKind); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if p.cellKind == "" && cellKinds[p.kind] {
			for _, k := range kinds {
				if strings.HasPrefix(p.fold, k[1]) {
					p.cellKind = k[0]
					break
				}
			}
		}
		list = append(list, p)
		byID[p.id] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if !counts {
		for _, p := range list {
			if parent := byID[p.parent]; parent != nil && cellKinds[p.kind] {
				parent.hasCells = true
			}
		}
		return list, byID, nil
	}
	// Official members of each cell that day, and how many of them are full members: the
	// official periods open that day, counted from the covering index party_cells_count (one
	// range per cell, migration 0017), less the periods whose membership does not count that
	// day (not yet admitted, ended) or is not full (probationary, or recognised later). Those
	// few are found through the indexes on the membership's days, so the whole city reads a
	// few thousand membership rows instead of joining all 370,000 (docs/BENCHMARKS.md). It
	// relies on every cell period belonging to a membership, which every writer keeps (a
	// member is created with the membership, a transfer or a carry needs one).
	rows, err = tx.query(ctx, `WITH RECURSIVE `+cte+`
		SELECT c.cell_id, COUNT(*) FROM party_cells c
		WHERE c.cell_id IN (SELECT id FROM subtree_units) AND c.temporary = ? AND c.valid_to > ? AND c.valid_from <= ?
		GROUP BY c.cell_id`, append(args, false, o, o)...)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if p := byID[id]; p != nil {
			p.members, p.full = n, n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	// A non-member's period counts neither as a member nor as full; a probationary member's
	// counts as a member only. "ended_on > ''" is "ended_on <> ''" written as a range, so each
	// term of the OR has its index.
	rows, err = tx.query(ctx, `WITH RECURSIVE `+cte+`
		SELECT c.cell_id, SUM(CASE WHEN pm.admitted_on <= ? AND (pm.ended_on = '' OR pm.ended_on > ?) THEN 0 ELSE 1 END), COUNT(*)
		FROM party_members pm `+d.dialect.orderedJoin()+` party_cells c ON c.person_id = pm.person_id
		WHERE (pm.admitted_on > ? OR (pm.ended_on > '' AND pm.ended_on <= ?) OR pm.full_on = '' OR pm.full_on > ?)
			AND c.cell_id IN (SELECT id FROM subtree_units) AND c.valid_from <= ? AND c.valid_to > ? AND c.temporary = ?
		GROUP BY c.cell_id`, append(args, o, o, o, o, o, o, o, false)...)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id int64
		var notMember, notFull int
		if err := rows.Scan(&id, &notMember, &notFull); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if p := byID[id]; p != nil {
			p.members, p.full = p.members-notMember, p.full-notFull
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for _, p := range list {
		for a := p; a != nil; a = byID[a.parent] {
			a.subMembers += p.members
			if a.id == under {
				break
			}
		}
		if cellKinds[p.kind] {
			if parent := byID[p.parent]; parent != nil {
				parent.hasCells = true
			}
		}
	}
	return list, byID, nil
}

// bigSubtree is the number of units from which a subtree's rows are read by walking a whole
// table in storage order rather than unit by unit (staffing.go): a city's 13,000 units hold
// most of the rows.
var bigSubtree = 500

// cellKindPrefixes returns (code, folded name prefix) of the cell kinds that have one.
func (d *DB) cellKindPrefixes(ctx context.Context, tx *Tx) ([][2]string, error) {
	rows, err := tx.query(ctx, `SELECT code, prefix FROM cell_kinds WHERE prefix <> '' ORDER BY sort`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var k [2]string
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// findUnitTx is FindUnit inside tx: the unit as of a day, if the caller's scope holds it.
func (d *DB) findUnitTx(ctx context.Context, tx *Tx, id int64, on time.Time) (*canbo.Unit, error) {
	units, _, err := d.findUnits(ctx, tx, canbo.UnitFilter{ID: id, AsOf: on, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(units) == 0 {
		return nil, canbo.Invalid("under", "err.sqlstore.party_health.under", id, day(on))
	}
	return units[0], nil
}

// PartyHealth lists the problems of the party organisation under a unit on a day: cells with
// fewer full members than the rule's minimum, grassroots organisations whose kind does not fit
// their size, cells without a secretary, members without a cell, lapsed temporary attachments
// and neighbourhood cells linked to no territory unit.
func (d *DB) PartyHealth(ctx context.Context, under int64, on time.Time) ([]canbo.HealthItem, error) {
	set, err := d.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	rule, err := set.PartyOrg(on)
	if err != nil {
		return nil, err
	}
	tx, err := d.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	list, byID, err := d.partyTree(ctx, tx, under, on, true)
	if err != nil {
		return nil, mapError(err)
	}
	o := day(on)
	cte, args := partySubtree(under, o)
	neighbourhood := map[string]bool{}
	if err := eachRow(ctx, tx, `SELECT code FROM cell_kinds WHERE neighbourhood = ?`, []any{true}, func(s scanner) error {
		var c string
		err := s.Scan(&c)
		neighbourhood[c] = true
		return err
	}); err != nil {
		return nil, mapError(err)
	}
	// Secretaries: people holding a post whose title starts "Bí thư" (not "Phó Bí thư") that day.
	if err := eachRow(ctx, tx, `WITH RECURSIVE `+cte+` SELECT x.unit_id, COUNT(DISTINCT x.person_id) FROM posts x
		WHERE x.unit_id IN (SELECT id FROM subtree_units) AND x.valid_from <= ? AND x.valid_to > ? AND x.title LIKE 'Bí thư%'
		GROUP BY x.unit_id`,
		append(args, o, o), func(s scanner) error {
			var id int64
			var n int
			err := s.Scan(&id, &n)
			if p := byID[id]; p != nil {
				p.chiefs = n
			}
			return err
		}); err != nil {
		return nil, mapError(err)
	}
	if err := eachRow(ctx, tx, `WITH RECURSIVE `+cte+` SELECT l.from_unit FROM unit_links l
		WHERE l.from_unit IN (SELECT id FROM subtree_units) AND l.valid_from <= ? AND l.valid_to > ?
		UNION SELECT l.to_unit FROM unit_links l WHERE l.to_unit IN (SELECT id FROM subtree_units) AND l.valid_from <= ? AND l.valid_to > ?`,
		append(args, o, o, o, o), func(s scanner) error {
			var id int64
			err := s.Scan(&id)
			if p := byID[id]; p != nil {
				p.linked = true
			}
			return err
		}); err != nil {
		return nil, mapError(err)
	}
	var out []canbo.HealthItem
	item := func(p *partyUnit, problem string, why canbo.Words, members, full int) {
		out = append(out, canbo.HealthItem{UnitID: p.id, UnitName: p.name, Kind: p.kind, CellKind: p.cellKind, Problem: problem,
			Members: members, FullMembers: full, Detail: why.Local("vi"), Words: why})
	}
	for _, p := range list {
		isCell := cellKinds[p.kind]
		if isCell && p.full < rule.MinFullMembers {
			item(p, canbo.ProblemFewFullMembers, canbo.Say("health.why.few_full_members", p.full, rule.MinFullMembers, rule.Source.Number),
				p.members, p.full)
		}
		switch {
		case p.kind == "chi_bo_co_so" && p.members >= rule.CommitteeThreshold:
			item(p, canbo.ProblemKindSize, canbo.Say("health.why.cell_too_big", p.members, rule.CommitteeThreshold), p.members, p.full)
		case committeeKinds[p.kind] && p.hasCells && p.subMembers < rule.CommitteeThreshold:
			item(p, canbo.ProblemKindSize, canbo.Say("health.why.committee_too_small", p.subMembers, rule.CommitteeThreshold), p.subMembers, 0)
		}
		if isCell && p.chiefs == 0 {
			item(p, canbo.ProblemNoSecretary, canbo.Say("health.why.no_secretary"), p.members, p.full)
		}
		// A cell has one secretary; two arise when a merge carries the secretaries of both
		// cells with their titles (docs/DESIGN.md, issue 12): the officer decides who stays.
		if isCell && p.chiefs > 1 {
			item(p, canbo.ProblemManySecretaries, canbo.Say("health.why.multiple_secretaries", p.chiefs), p.members, p.full)
		}
		if isCell && neighbourhood[p.cellKind] && !p.linked {
			item(p, canbo.ProblemNoTerritory, canbo.Say("health.why.no_territory_link"), p.members, p.full)
		}
	}
	// Members holding a post in the subtree that day with no official cell.
	if err := eachRow(ctx, tx, `WITH RECURSIVE `+cte+` SELECT DISTINCT p.id, p.full_name, x.unit_id FROM posts x
		JOIN party_members pm ON pm.person_id = x.person_id JOIN people p ON p.id = x.person_id
		WHERE x.unit_id IN (SELECT id FROM subtree_units) AND x.valid_from <= ? AND x.valid_to > ?
		AND pm.admitted_on <= ? AND (pm.ended_on = '' OR pm.ended_on > ?)
		AND NOT EXISTS (SELECT 1 FROM party_cells c WHERE c.person_id = x.person_id AND c.valid_from <= ? AND c.valid_to > ? AND c.temporary = ?)
		ORDER BY 2, 1`, append(args, o, o, o, o, o, o, false), func(s scanner) error {
		var h canbo.HealthItem
		if err := s.Scan(&h.PersonID, &h.PersonName, &h.UnitID); err != nil {
			return err
		}
		h.Problem, h.Words = canbo.ProblemNoCell, canbo.Say("health.why.no_cell")
		h.Detail = h.Words.Local("vi")
		if p := byID[h.UnitID]; p != nil {
			h.UnitName, h.Kind = p.name, p.kind
		}
		out = append(out, h)
		return nil
	}); err != nil {
		return nil, mapError(err)
	}
	// Temporary attachments that ended while the member has no cell at all that day.
	if err := eachRow(ctx, tx, `WITH RECURSIVE `+cte+` SELECT p.id, p.full_name, c.cell_id, c.valid_to FROM party_cells c
		JOIN party_members pm ON pm.person_id = c.person_id JOIN people p ON p.id = c.person_id
		WHERE c.cell_id IN (SELECT id FROM subtree_units) AND c.temporary = ? AND c.valid_to <= ?
		AND pm.admitted_on <= ? AND (pm.ended_on = '' OR pm.ended_on > ?)
		AND NOT EXISTS (SELECT 1 FROM party_cells x WHERE x.person_id = c.person_id AND x.valid_from <= ? AND x.valid_to > ?)
		ORDER BY 2, 1`, append(args, true, o, o, o, o, o), func(s scanner) error {
		var h canbo.HealthItem
		var ended string
		if err := s.Scan(&h.PersonID, &h.PersonName, &h.UnitID, &ended); err != nil {
			return err
		}
		h.Problem, h.Words = canbo.ProblemTemporaryOver, canbo.Say("health.why.temporary_overdue", vnDay(ended))
		h.Detail = h.Words.Local("vi")
		if p := byID[h.UnitID]; p != nil {
			h.UnitName, h.Kind = p.name, p.kind
		}
		out = append(out, h)
		return nil
	}); err != nil {
		return nil, mapError(err)
	}
	return out, nil
}

// partyUnits follows partySubtree's common table expression: the units of the subtree on the
// day (two arguments) with their cell kinds. An IN of the set, not a join with it: see
// versionsIn.
const partyUnits = `
		SELECT v.unit_id, v.name, v.name_fold, v.kind, COALESCE(v.parent_id, 0), COALESCE(k.cell_kind, '')
		FROM unit_versions v LEFT JOIN unit_cell_kinds k ON k.unit_id = v.unit_id
		WHERE v.unit_id IN (SELECT id FROM subtree_units) AND v.valid_from <= ? AND v.valid_to > ?`

// partySubtree is the common table expression subtree_units (a unit and its descendants on the
// day) as text and arguments, for the statements here written as text.
func partySubtree(root int64, on string) (string, []any) {
	s := subtreeOf(root, on)
	return s.cte.sql, s.cte.args
}

// eachRow runs a query in tx and calls fn for each row.
func eachRow(ctx context.Context, tx *Tx, q string, args []any, fn func(scanner) error) error {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CellKinds lists the kinds of party cells (data, not code).
func (d *DB) CellKinds(ctx context.Context) ([]canbo.CellKind, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT code, name, name_en, neighbourhood FROM cell_kinds ORDER BY sort, code`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []canbo.CellKind
	for rows.Next() {
		var k canbo.CellKind
		if err := rows.Scan(&k.Code, &k.Name, &k.NameEN, &k.Neighbourhood); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// PartyStats counts the party organisation under a unit as the periodic report does: members
// (official cell periods) as of on with their age bands, cells and grassroots organisations by
// kind, and within from–to the admissions, full-membership recognitions, ends by reason and
// official transfers across the subtree's border (restructuring carries are not transfers).
// Ethnicity is counted only for a caller with the background grant.
func (d *DB) PartyStats(ctx context.Context, under int64, on, from, to time.Time) (*canbo.PartyStats, error) {
	if to.Before(from) {
		return nil, canbo.Invalid("to", "err.sqlstore.party_health.to", day(to), day(from))
	}
	tx, err := d.beginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	list, _, err := d.partyTree(ctx, tx, under, on, false)
	if err != nil {
		return nil, mapError(err)
	}
	st := &canbo.PartyStats{AgeBands: map[string]int{}, CellsByKind: map[string]int{}, Grassroots: map[string]int{}, Ended: map[string]int{}}
	for _, r := range canbo.EndReasons {
		st.Ended[r] = 0
	}
	for _, p := range list {
		if cellKinds[p.kind] {
			st.Cells++
			k := p.cellKind
			if k == "" {
				k = "other"
			}
			st.CellsByKind[k]++
		}
		if p.kind == "chi_bo_co_so" || (committeeKinds[p.kind] && p.hasCells) {
			st.Grassroots[p.kind]++
		}
	}
	o, f, t := day(on), day(from), day(to)
	cte, args := partySubtree(under, o)
	// The members that day, from the cells' folds (party_tally.go): one row per cell rather
	// than a join per member. A cell still marked stale is folded here from its rows.
	var limits [5]string
	for i := range limits {
		limits[i] = day(on.AddDate(-30-10*i, 0, 0))
	}
	m := memberTally{ethnicity: map[string]int{}}
	err = eachRow(ctx, tx, `WITH RECURSIVE `+cte+` SELECT t.members FROM party_cell_tallies t
		WHERE t.cell_id IN (SELECT id FROM subtree_units) AND NOT EXISTS (SELECT 1 FROM party_cell_stale s WHERE s.cell_id = t.cell_id)
		UNION ALL SELECT `+d.dialect.tallyFold()+tallyFrom(`SELECT s.cell_id FROM party_cell_stale s WHERE s.cell_id IN (SELECT id FROM subtree_units)`),
		args, func(s scanner) error {
			var fold string
			if err := s.Scan(&fold); err != nil {
				return err
			}
			return m.add(fold, o, limits)
		})
	if err != nil {
		return nil, mapError(err)
	}
	st.Members, st.Full, st.Women = m.members, m.full, m.women
	if canSee(ctx, canbo.GrantBackground) {
		st.Ethnicity = m.ethnicity
	}
	st.Under30, st.Probationary = m.bands[0], st.Members-st.Full
	for i, b := range canbo.AgeBands {
		st.AgeBands[b] = m.bands[i]
	}
	// The period: memberships admitted, recognised or ended in it, of people with a cell period
	// in the subtree overlapping it; the few memberships with a day in the period are picked
	// first, then checked for a cell in the subtree.
	inSub := `EXISTS (SELECT 1 FROM party_cells c WHERE c.person_id = pm.person_id AND c.cell_id IN (SELECT id FROM subtree_units)
		AND c.valid_from <= ? AND c.valid_to > ?)`
	err = tx.queryRow(ctx, `WITH RECURSIVE `+cte+` SELECT
		COALESCE(SUM(CASE WHEN pm.admitted_on >= ? AND pm.admitted_on <= ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN pm.full_on >= ? AND pm.full_on <= ? THEN 1 ELSE 0 END), 0)
		FROM party_members pm WHERE ((pm.admitted_on >= ? AND pm.admitted_on <= ?) OR (pm.full_on >= ? AND pm.full_on <= ?)) AND `+inSub,
		append(args, f, t, f, t, f, t, f, t, t, f)...).Scan(&st.Admitted, &st.Recognised)
	if err != nil {
		return nil, mapError(err)
	}
	if err := eachRow(ctx, tx, `WITH RECURSIVE `+cte+` SELECT pm.end_reason, COUNT(*) FROM party_members pm
		WHERE pm.ended_on >= ? AND pm.ended_on <= ? AND `+inSub+` GROUP BY pm.end_reason`, append(args, f, t, t, f), func(s scanner) error {
		var r string
		var n int
		err := s.Scan(&r, &n)
		st.Ended[r] += n
		return err
	}); err != nil {
		return nil, mapError(err)
	}
	// Official transfers: a period opened in the period (not by an event) whose member's
	// previous official period, ending that day, was on the other side of the border. The
	// periods opened in the period drive (party_cells_started): left to itself SQLite walked
	// every period and looked for a successor (0.9 s of CPU for the city).
	err = tx.queryRow(ctx, `WITH RECURSIVE `+cte+` SELECT
		COALESCE(SUM(CASE WHEN n.cell_id IN (SELECT id FROM subtree_units) AND c.cell_id NOT IN (SELECT id FROM subtree_units) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.cell_id IN (SELECT id FROM subtree_units) AND n.cell_id NOT IN (SELECT id FROM subtree_units) THEN 1 ELSE 0 END), 0)
		FROM party_cells n `+d.dialect.orderedJoin()+` party_cells c ON c.person_id = n.person_id AND c.valid_to = n.valid_from AND c.temporary = n.temporary
		WHERE n.valid_from >= ? AND n.valid_from <= ? AND n.temporary = ? AND n.event_id IS NULL`, append(args, f, t, false)...).
		Scan(&st.TransfersIn, &st.TransfersOut)
	if err != nil {
		return nil, mapError(err)
	}
	return st, nil
}
