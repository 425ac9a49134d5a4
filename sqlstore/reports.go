package sqlstore

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// The official statistics (Biểu 01, Biểu 02) and the dashboards' counts (issue 19). Each reads,
// in one statement, the people a people list for the unit and day shows — a post or a party
// cell in the unit's subtree that day, and visible through the caller's scope (peopleIn and
// visibleIn, the list's own fragments) — with the columns it counts, and counts in Go: a city
// is one pass over its people instead of one GROUP BY per column.

// reportTop is the common table expression report_units(id, top): the unit under and its
// descendants on the day, each with the unit directly under `under` it lies in (0 for under
// itself), so one pass counts the totals and every row.
func reportTop(under int64, on string) fragment {
	return cat(frag(`report_units(id, top) AS (
		SELECT CAST(? AS BIGINT), CAST(0 AS BIGINT)
		UNION ALL
		SELECT v.unit_id, CASE WHEN s.top = 0 THEN v.unit_id ELSE s.top END
		FROM unit_versions v JOIN report_units s ON v.parent_id = s.id WHERE `, under), validOn("v", on), frag(`)`))
}

// reportChunk is how many people one statement of reportPeople reads by id (one prepared
// statement serves every chunk). (Reading the whole
// table in storage order instead was measured no faster for the city's party tree, 370,000 of
// 420,000 people, and twice as slow for its state tree.)
const reportChunk = 500

// reportPeople calls each for every person of the report — the people of
// peopleIn(subtreeOf(under)), the people list's source, restricted by visibleIn to the caller's
// scope as the list is — with a scan of the columns (p.id first) and, by person id, the rows
// (units directly under `under`, 0 for under itself) each person counts in. It reads in three steps whose plans
// do not depend on the planner's mood: the units with their rows; the posts and cell periods of
// those units that day (as peopleIn reads them); the people by id, a chunk at a time, in id
// order. One statement joining all three let SQLite scan every cell period of the city to
// build a Bloom filter, 0.3–0.8 s even for a ward. index, if not "", names the index of people
// SQLite must read them from: people_workforce holds the columns that Biểu 01 and the
// retirement wave count, keyed by id, in a sixth of the table's pages, and a province's people
// are spread over the whole table (SQLite's planner prefers the table's own key).
func (d *DB) reportPeople(ctx context.Context, under int64, on string, columns fragment, index string, each func(scan func(dest ...any) error, tops map[int64][]int64) error) error {
	units := reportTop(under, on)
	sql, args := cat(with(units), frag(`SELECT id, top FROM report_units`)).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return mapError(err)
	}
	top := map[int64]int64{}
	for rows.Next() {
		var id, t int64
		if err := rows.Scan(&id, &t); err != nil {
			rows.Close()
			return err
		}
		top[id] = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return mapError(err)
	}
	in := unitSet{name: "report_units", cte: units}
	sql, args = cat(with(units), frag(`SELECT x.person_id, x.unit_id FROM posts x WHERE x.unit_id IN (`), in.in(), frag(`) AND `), validOn("x", on), frag(`
		UNION ALL SELECT c.person_id, c.cell_id FROM party_cells c WHERE c.cell_id IN (`), in.in(), frag(`) AND `), validOn("c", on)).bind(d.dialect)
	rows, err = d.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return mapError(err)
	}
	tops := map[int64][]int64{}
	for rows.Next() {
		var person, unit int64
		if err := rows.Scan(&person, &unit); err != nil {
			rows.Close()
			return err
		}
		t := top[unit]
		if !slices.Contains(tops[person], t) {
			tops[person] = append(tops[person], t)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return mapError(err)
	}
	ids := make([]int64, 0, len(tops))
	for id := range tops {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var scope, cond fragment
	if s, ok, err := d.scopeUnder(ctx, d.db, under, on); err != nil {
		return err
	} else if ok {
		scope, cond = s.cte, and(visibleIn("p.id", s, on))
	}
	// Every chunk has reportChunk ids (the last one repeated to fill it), so one prepared
	// statement serves them all: preparing a statement of 500 placeholders per chunk was a
	// tenth of a city's time.
	if len(ids) == 0 {
		return nil
	}
	people := `people p`
	if index != "" {
		people += d.dialect.indexed(index)
	}
	head := cat(with(scope), frag(`SELECT `), columns, frag(` FROM `+people+` WHERE p.id IN (`))
	at := len(head.args) // where the ids go among the arguments
	sql, args = cat(head, listOf(make([]int64, min(len(ids), reportChunk))), frag(`)`), cond).bind(d.dialect)
	stmt, err := d.db.PrepareContext(ctx, sql)
	if err != nil {
		return mapError(err)
	}
	defer stmt.Close()
	for chunk := range slices.Chunk(ids, reportChunk) {
		for i := range min(len(ids), reportChunk) {
			args[at+i] = chunk[min(i, len(chunk)-1)]
		}
		rows, err := stmt.QueryContext(ctx, args...)
		if err != nil {
			return mapError(err)
		}
		for rows.Next() {
			if err := each(rows.Scan, tops); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return mapError(err)
		}
	}
	return nil
}

// reportUnit checks that the caller sees the unit on the day and lists the units directly
// under it, in the tree's order.
func (d *DB) reportUnit(ctx context.Context, under int64, on time.Time) (*canbo.Unit, []*canbo.Unit, error) {
	u, err := d.FindUnit(ctx, under, on)
	if err != nil {
		return nil, nil, err
	}
	children, _, err := d.FindUnits(ctx, canbo.UnitFilter{Parent: under, AsOf: on, Limit: MaxUnits})
	if err != nil {
		return nil, nil, err
	}
	return u, children, nil
}

// Bieu01 counts the workforce of a unit's subtree on a day, in total and for each unit directly
// under it.
func (d *DB) Bieu01(ctx context.Context, under int64, on time.Time) (*canbo.Bieu01, error) {
	u, children, err := d.reportUnit(ctx, under, on)
	if err != nil {
		return nil, err
	}
	o := day(on)
	background := canSee(ctx, canbo.GrantBackground)
	ethnicity := `''`
	if background {
		ethnicity = `p.ethnicity`
	}
	rep := &canbo.Bieu01{UnitID: u.ID, UnitName: u.Name, AsOf: o, Totals: canbo.NewWorkforceCounts()}
	at := map[int64]int{}
	for i, c := range children {
		at[c.ID] = i
		rep.Rows = append(rep.Rows, canbo.Bieu01Row{UnitID: c.ID, UnitName: c.Name, WorkforceCounts: canbo.NewWorkforceCounts()})
	}
	bands := make([][2]string, len(canbo.ReportAgeBands))
	for i, b := range canbo.ReportAgeBands {
		bands[i][0], bands[i][1] = b.Born(on)
	}
	// The membership condition is the list's party filter; full members are those the
	// probationary filter leaves out.
	if background {
		zero := 0
		rep.Totals.EthnicMinority, rep.Totals.Ethnicity = &zero, map[string]int{}
		for i := range rep.Rows {
			z := 0
			rep.Rows[i].EthnicMinority, rep.Rows[i].Ethnicity = &z, map[string]int{}
		}
	}
	// Each person is read as one text of the values counted (the age band decided in SQL), and
	// people with the same text are counted together: a city's 370,000 people are a few
	// thousand distinct texts, so the counting is per text, and the driver converts two
	// columns a person instead of eleven (docs/BENCHMARKS.md).
	band := `CASE`
	var bandArgs []any
	for i, b := range bands {
		band += ` WHEN p.birth_first >= ? AND p.birth_first < ? THEN '` + strconv.Itoa(i) + `'`
		bandArgs = append(bandArgs, b[0], b[1])
	}
	band += ` ELSE '' END`
	sep := ` || ` + d.dialect.char(31) + ` || `
	packed := frag(`p.id, p.sex`+sep+`p.staff_type`+sep+band+sep+ethnicity+sep+`p.edu_professional`+sep+`p.edu_political`+sep+
		`p.edu_state`+sep+`p.edu_languages`+sep+`p.edu_it`+sep+`COALESCE((SELECT CASE WHEN m.full_on <> '' AND m.full_on <= ? THEN '2' ELSE '1' END
			FROM party_members m WHERE m.person_id = p.id AND m.admitted_on <= ? AND (m.ended_on = '' OR m.ended_on > ?)), '0')`,
		append(bandArgs, o, o, o)...)
	// Each distinct text gets a number k; n[k*w] counts it in the totals, n[k*w+1+i] in row i.
	w := len(rep.Rows) + 1
	known := map[string]int{}
	var texts []string
	var n []int32
	err = d.reportPeople(ctx, under, o, packed, "people_workforce", func(scan func(...any) error, tops map[int64][]int64) error {
		var id int64
		var text string
		if err := scan(&id, &text); err != nil {
			return err
		}
		k, ok := known[text]
		if !ok {
			k = len(texts)
			known[text] = k
			texts = append(texts, text)
			n = append(n, make([]int32, w)...)
		}
		// A person counts once in the totals and once in each row they are found in.
		n[k*w]++
		for _, top := range tops[id] {
			if i, ok := at[top]; ok {
				n[k*w+1+i]++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for k, text := range texts {
		var p workforcePerson
		if err := p.parse(text); err != nil {
			return nil, err
		}
		p.count(&rep.Totals, int(n[k*w]))
		for i := range rep.Rows {
			if c := n[k*w+1+i]; c > 0 {
				p.count(&rep.Rows[i].WorkforceCounts, int(c))
			}
		}
	}
	return rep, nil
}

// workforcePerson is what Biểu 01 counts of one person.
type workforcePerson struct {
	sex, staffType, band, ethnicity string // band: the index in canbo.ReportAgeBands, "" for none
	prof, pol, state, lang, it      string
	party                           string // "0" none, "1" probationary, "2" full
}

// parse reads the person's text as Bieu01 selects it: the fields in order, separated by
// char(31) (recorded text holds no control characters, vn.Clean).
func (p *workforcePerson) parse(text string) error {
	f := strings.Split(text, "\x1f")
	if len(f) != 10 {
		return fmt.Errorf("bieu01: %d fields in a person's text, want 10", len(f))
	}
	p.sex, p.staffType, p.band, p.ethnicity, p.prof, p.pol, p.state, p.lang, p.it, p.party = f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]
	return nil
}

// count adds n people like p to c. The conditions are those of the people list's filters (the
// figure's link), so a figure and its list cannot disagree.
func (p workforcePerson) count(c *canbo.WorkforceCounts, n int) {
	c.Total += n
	women := canbo.Sex(p.sex) == canbo.Female
	if women {
		c.Women += n
	}
	if p.party != "0" {
		c.Party += n
	}
	if p.party == "1" {
		c.Probationary += n
	}
	if c.Ethnicity != nil && p.ethnicity != "" {
		c.Ethnicity[p.ethnicity] += n
		if p.ethnicity != canbo.MajorityEthnicity {
			*c.EthnicMinority += n
		}
	}
	c.StaffType[canbo.StaffType(p.staffType)] += n
	if women {
		c.StaffTypeWomen[canbo.StaffType(p.staffType)] += n
	}
	if i, err := strconv.Atoi(p.band); err == nil {
		c.AgeBands[canbo.ReportAgeBands[i].Code] += n
		if women {
			c.AgeBandsWomen[canbo.ReportAgeBands[i].Code] += n
		}
	}
	for _, e := range []struct {
		m map[string]int
		v string
	}{{c.EduProfessional, p.prof}, {c.EduPolitical, p.pol}, {c.EduState, p.state}, {c.EduLanguages, p.lang}, {c.EduIT, p.it}} {
		if e.v != "" {
			e.m[e.v] += n
		}
	}
}

// Bieu02 lists the people of a unit's subtree on a day with their post and their salary: the
// latest salary entry from on or before the day, and the allowances of the personal-history
// form, in the official order of names. A list longer than canbo.MaxBieu02 is refused. Reading
// salaries of many people at once is a read of their records: the caller (web) audits it like
// an export.
func (d *DB) Bieu02(ctx context.Context, under int64, on time.Time) ([]canbo.Bieu02Row, error) {
	if _, _, err := d.reportUnit(ctx, under, on); err != nil {
		return nil, err
	}
	o := day(on)
	type listed struct {
		row   canbo.Bieu02Row
		key   []byte
		entry int64
	}
	var list []listed
	err := d.reportPeople(ctx, under, o, frag(`p.id, p.full_name, p.sort_key, p.birth_date, p.sex, p.staff_type, COALESCE(`+d.dialect.jsonText("p.form_2c", "allowances")+`, ''),
		COALESCE((SELECT e.id FROM person_entries e WHERE e.person_id = p.id AND e.kind = ? AND e.date_from <= ? ORDER BY e.date_from DESC, e.id DESC LIMIT 1), 0)`,
		canbo.EntrySalary, o), "", func(scan func(...any) error, tops map[int64][]int64) error {
		var l listed
		if err := scan(&l.row.PersonID, &l.row.FullName, &l.key, &l.row.BirthDate, &l.row.Sex, &l.row.StaffType, &l.row.Allowances, &l.entry); err != nil {
			return err
		}
		if list = append(list, l); len(list) > canbo.MaxBieu02 {
			return canbo.Invalid("under", "err.sqlstore.reports.bieu02_long", canbo.MaxBieu02)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(a, b listed) int {
		return cmp.Or(bytes.Compare(a.key, b.key), cmp.Compare(a.row.PersonID, b.row.PersonID))
	})
	out := make([]canbo.Bieu02Row, len(list))
	byEntry := map[int64]*canbo.Bieu02Row{}
	var ids []int64
	var entries []any
	for i, l := range list {
		out[i] = l.row
		ids = append(ids, l.row.PersonID)
		if l.entry != 0 {
			byEntry[l.entry] = &out[i]
			entries = append(entries, l.entry)
		}
	}
	// The post the list shows (Standings), and the salary entries, a batch at a time: SQLite
	// binds at most 32,766 arguments.
	for chunk := range slices.Chunk(ids, 1000) {
		st, err := d.Standings(ctx, chunk, on)
		if err != nil {
			return nil, err
		}
		for i := range out {
			if s, ok := st[out[i].PersonID]; ok {
				out[i].PostTitle, out[i].UnitName = s.PostTitle, s.UnitName
			}
		}
	}
	for chunk := range slices.Chunk(entries, 1000) {
		sql, args := cat(frag(`SELECT e.id, e.title, e.date_from, COALESCE(`+d.dialect.jsonText("e.details", canbo.DetailGrade)+`, ''),
			COALESCE(`+d.dialect.jsonText("e.details", canbo.DetailStep)+`, ''), COALESCE(`+d.dialect.jsonText("e.details", canbo.DetailCoefficient)+`, '')
			FROM person_entries e WHERE e.id IN (`), listOf(chunk), frag(`)`)).bind(d.dialect)
		rows, err := d.db.QueryContext(ctx, sql, args...)
		if err != nil {
			return nil, mapError(err)
		}
		for rows.Next() {
			var id int64
			var r canbo.Bieu02Row
			if err := rows.Scan(&id, &r.GradeTitle, &r.SalaryFrom, &r.GradeCode, &r.Step, &r.Coefficient); err != nil {
				rows.Close()
				return nil, err
			}
			if p := byEntry[id]; p != nil {
				p.GradeTitle, p.SalaryFrom, p.GradeCode, p.Step, p.Coefficient = r.GradeTitle, r.SalaryFrom, r.GradeCode, r.Step, r.Coefficient
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, mapError(err)
		}
	}
	return out, nil
}

// RetirementWave counts the people of a unit's subtree on a day who reach retirement in each
// of the years from on's year on, by sex: each person's retirement month comes from the rules
// (rules.Set.RetirementFor, the computation reminders and profiles use), with no lowering of
// the age (which the record does not carry). People without a sex or a birth date are not
// counted.
func (d *DB) RetirementWave(ctx context.Context, under int64, on time.Time, years int) ([]canbo.WaveYear, error) {
	if _, _, err := d.reportUnit(ctx, under, on); err != nil {
		return nil, err
	}
	set, err := d.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	first := on.Year()
	wave := make([]canbo.WaveYear, years)
	for i := range wave {
		wave[i].Year = first + i
	}
	// The retirement year of a birth month, per sex, computed once: a city has 420,000 people
	// born in a few hundred months.
	type born struct {
		sex         canbo.Sex
		year, month int
	}
	memo := map[born]int{}
	retires := func(b born) int {
		y, ok := memo[b]
		if !ok {
			if r, err := set.RetirementFor(vn.Date{Year: b.year, Month: b.month}, b.sex, 0); err == nil {
				y = r.Month.Year
			}
			memo[b] = y
		}
		return y
	}
	o := day(on)
	err = d.reportPeople(ctx, under, o, frag(`p.id, p.sex, p.birth_first`), "people_workforce", func(scan func(...any) error, tops map[int64][]int64) error {
		var id int64
		var sex, birth string
		if err := scan(&id, &sex, &birth); err != nil {
			return err
		}
		if len(birth) < 7 || (canbo.Sex(sex) != canbo.Male && canbo.Sex(sex) != canbo.Female) {
			return nil
		}
		b := born{canbo.Sex(sex), atoi(birth[:4]), atoi(birth[5:7])}
		if i := retires(b) - first; i >= 0 && i < years {
			if b.sex == canbo.Female {
				wave[i].Women++
			} else {
				wave[i].Men++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The birth months retiring in each year, a contiguous range since the required age never
	// falls: the figure's link to the people list (sex and birth days).
	for _, sex := range []canbo.Sex{canbo.Male, canbo.Female} {
		for y := first - 80; y <= first; y++ {
			for m := 1; m <= 12; m++ {
				i := retires(born{sex, y, m}) - first
				if i < 0 || i >= years {
					continue
				}
				from := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
				before := time.Date(y, time.Month(m)+1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
				w := &wave[i]
				lo, hi := &w.MenFrom, &w.MenBefore
				if sex == canbo.Female {
					lo, hi = &w.WomenFrom, &w.WomenBefore
				}
				if *lo == "" {
					*lo = from
				}
				*hi = before
			}
		}
	}
	return wave, nil
}

// atoi reads the digits of a part of an ISO day (0 if they are not digits).
func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
