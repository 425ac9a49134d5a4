package main

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/remind"
	"canbo/rules"
	"canbo/sqlstore"
	"canbo/vn"
)

// rawDB answers the bench's questions with the best single SQL statement we know for each,
// straight on the store's connection pool: the floor canbo's handler is measured against.
// Each answer is a short text (counts and ids) compared with the handler's for equality, so a
// fast raw query that answers something else shows up as a mismatch, not as a good ratio.
type rawDB struct {
	db *sql.DB
	pg bool
	on string // today, ISO
}

// query runs a statement written with ? placeholders on either engine.
func (r rawDB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if r.pg {
		var b strings.Builder
		n := 0
		for _, c := range q {
			if c == '?' {
				n++
				b.WriteString("$" + strconv.Itoa(n))
				continue
			}
			b.WriteRune(c)
		}
		q = b.String()
	}
	return r.db.QueryContext(ctx, q, args...)
}

// ints runs q and returns its first column.
func (r rawDB) ints(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := r.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// subtree is the recursive common table expression name(id) of the units under roots on the
// day: the scope a caller sees, or the subtree a list asks for.
func subtreeCTE(name string, roots []int64, on string) (string, []any) {
	ids := make([]string, len(roots))
	for i, id := range roots {
		ids[i] = strconv.FormatInt(id, 10)
	}
	return name + `(id) AS (SELECT unit_id FROM unit_versions WHERE unit_id IN (` + strings.Join(ids, ",") + `) AND valid_from <= ? AND valid_to > ?
		UNION ALL SELECT v.unit_id FROM unit_versions v JOIN ` + name + ` s ON v.parent_id = s.id WHERE ` + validRow("v") + `)`,
		[]any{on, on, on, on}
}

// inUnits is the condition that person (a column) holds a post or a party cell in a unit of
// the set name on the day.
func inUnits(person, name, on string) (string, []any) {
	return `(EXISTS (SELECT 1 FROM posts x WHERE x.person_id = ` + person + ` AND ` + validRow("x") + ` AND x.unit_id IN (SELECT id FROM ` + name + `))
		OR EXISTS (SELECT 1 FROM party_cells c WHERE c.person_id = ` + person + ` AND ` + validRow("c") + ` AND c.cell_id IN (SELECT id FROM ` + name + `)))`,
		[]any{on, on, on, on}
}

// listAnswer is the answer of a people list: its count (capped as the API caps it) and the
// ids of its page.
func listAnswer(total int, ids []int64) string {
	if total > canbo.PeopleCountCap+1 {
		total = canbo.PeopleCountCap + 1
	}
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return fmt.Sprintf("total=%d ids=%s", total, strings.Join(s, ","))
}

// rawDrive is the shape of a raw people query: what supplies the candidates.
type rawDrive int

const (
	driveOrder rawDrive = iota // people walked in sort-key order, stopped after the page (a common word)
	driveWord                  // the people of every word, intersected (a rare name)
	driveUnits                 // the people of the subtree, or of a narrow scope (a ward)
)

// people lists, as FindPeople does, the people matching the folded words of q (each word a
// prefix of a name word, staff code or — with identity — identity number) within under and
// the caller's scope, in official order: the page's ids and the count up to the cap. drive
// picks the shape we found fastest for the question; every shape applies every condition.
func (r rawDB) people(ctx context.Context, scope []int64, under int64, q string, identity bool, limit int, drive rawDrive) (string, error) {
	var ctes, conds []string
	var cteArgs, args []any
	for _, u := range []struct {
		name  string
		roots []int64
	}{{"scope_units", scope}, {"subtree_units", func() []int64 {
		if under != 0 {
			return []int64{under}
		}
		return nil
	}()}} {
		if u.roots == nil {
			continue
		}
		c, a := subtreeCTE(u.name, u.roots, r.on)
		ctes, cteArgs = append(ctes, c), append(cteArgs, a...)
		cond, a := inUnits("p.id", u.name, r.on)
		conds, args = append(conds, cond), append(args, a...)
	}
	kinds := `'name', 'code'`
	if identity {
		kinds += `, 'identity'`
	}
	toks := strings.FieldsFunc(vn.Fold(q), func(c rune) bool { return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') })
	for _, tok := range toks {
		conds = append(conds, `EXISTS (SELECT 1 FROM person_words w WHERE w.person_id = p.id AND w.word >= ? AND w.word < ? AND w.kind IN (`+kinds+`))`)
		args = append(args, tok, tok+"\x7f")
	}
	switch {
	case drive == driveWord && len(toks) > 0:
		// The people of every word, intersected: the words' index entries alone.
		var sets []string
		for _, tok := range toks {
			sets = append(sets, `SELECT w.person_id FROM person_words w WHERE w.word >= ? AND w.word < ? AND w.kind IN (`+kinds+`)`)
			args = append(args, tok, tok+"\x7f")
		}
		conds = append(conds, `p.id IN (`+strings.Join(sets, " INTERSECT ")+`)`)
	case drive == driveUnits && len(ctes) > 0:
		set := "subtree_units"
		if under == 0 {
			set = "scope_units"
		}
		conds = append(conds, `p.id IN (`+placedIn(set)+`)`)
		args = append(args, r.on, r.on, r.on, r.on)
	}
	with := ""
	if len(ctes) > 0 {
		with = "WITH RECURSIVE " + strings.Join(ctes, ", ") + " "
	}
	where := "1 = 1"
	if len(conds) > 0 {
		where = strings.Join(conds, " AND ")
	}
	all := append(append([]any{}, cteArgs...), args...)
	ids, err := r.ints(ctx, with+`SELECT p.id FROM people p WHERE `+where+` ORDER BY p.sort_key, p.id LIMIT `+strconv.Itoa(limit), all...)
	if err != nil {
		return "", err
	}
	n, err := r.ints(ctx, with+`SELECT COUNT(*) FROM (SELECT 1 FROM people p WHERE `+where+` LIMIT `+strconv.Itoa(canbo.PeopleCountCap+1)+`) t`, all...)
	if err != nil {
		return "", err
	}
	return listAnswer(int(n[0]), ids), nil
}

// profile reads a person's row if the caller sees the person today.
func (r rawDB) profile(ctx context.Context, scope []int64, id int64) (string, error) {
	q, args := `SELECT p.version FROM people p WHERE p.id = ?`, []any{id}
	if scope != nil {
		c, a := subtreeCTE("scope_units", scope, r.on)
		cond, a2 := inUnits("p.id", "scope_units", r.on)
		q, args = `WITH RECURSIVE `+c+` SELECT p.version FROM people p WHERE p.id = ? AND `+cond, append(append(a, id), a2...)
	}
	v, err := r.ints(ctx, q, args...)
	if err != nil || len(v) == 0 {
		return "not found", err
	}
	return fmt.Sprintf("id=%d version=%d", id, v[0]), nil
}

// units counts the units under a unit on a day (the unit itself excluded, as the list does),
// within the caller's scope.
func (r rawDB) units(ctx context.Context, scope []int64, under int64, on string) (string, error) {
	c, a := subtreeCTE("subtree_units", []int64{under}, on)
	q := `WITH RECURSIVE ` + c + ` SELECT COUNT(*) FROM subtree_units WHERE id <> ` + strconv.FormatInt(under, 10)
	if scope != nil {
		c2, a2 := subtreeCTE("scope_units", scope, on)
		q, a = `WITH RECURSIVE `+c+`, `+c2+` SELECT COUNT(*) FROM subtree_units WHERE id <> `+strconv.FormatInt(under, 10)+` AND id IN (SELECT id FROM scope_units)`, append(a, a2...)
	}
	n, err := r.ints(ctx, q, a...)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("units=%d", n[0]), nil
}

// placedIn lists the people holding a post or a party cell in a unit of the set units (a
// common table expression) on the day, bound four times after it.
func placedIn(units string) string {
	return `SELECT x.person_id FROM posts x WHERE x.unit_id IN (SELECT id FROM ` + units + `) AND ` + validRow("x") + `
			UNION SELECT c.person_id FROM party_cells c WHERE c.cell_id IN (SELECT id FROM ` + units + `) AND ` + validRow("c")
}

// peopleSet is the WITH clause of set(id): the people holding a post or a party cell in
// under's subtree on the day, and in the caller's scope.
func (r rawDB) peopleSet(scope []int64, under int64) (string, []any) {
	with, args := subtreeCTE("subtree_units", []int64{under}, r.on)
	set := placedIn("subtree_units")
	args4 := []any{r.on, r.on, r.on, r.on}
	var setArgs = args4
	if scope != nil {
		c, a := subtreeCTE("scope_units", scope, r.on)
		with, args = with+", "+c, append(args, a...)
		set, setArgs = `SELECT person_id FROM (`+set+`) t WHERE person_id IN (`+placedIn("scope_units")+`)`, append(args4, args4...)
	}
	return "WITH RECURSIVE " + with + ", people_set(id) AS (" + set + ") ", append(args, setArgs...)
}

// probations counts the probationary members of under's subtree whose twelve months of
// probation end in [from, to]: the reminders' probation_end figure.
func (r rawDB) probations(ctx context.Context, scope []int64, under int64, from, to string) (string, error) {
	with, args := r.peopleSet(scope, under)
	end := `date(m.admitted_on, '+12 months')`
	if r.pg {
		end = `to_char(m.admitted_on::date + interval '12 months', 'YYYY-MM-DD')`
	}
	n, err := r.ints(ctx, with+`SELECT COUNT(*) FROM people_set s JOIN party_members m ON m.person_id = s.id
		WHERE m.full_on = '' AND m.ended_on = '' AND `+end+` >= ? AND `+end+` <= ?`, append(args, from, to)...)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("probation_end=%d", n[0]), nil
}

// reminders reads, in one statement over the people of under's subtree in the caller's scope,
// what the reminders need of every kind that dominates their cost: the probations and the
// secondments ending in [from, to] (exact counts, compared), the latest salary entry of each
// person dated where a raise of 24 or 36 months would fall in the range, and the people in
// service born where a retirement of the default rules could fall in it (candidates, read and
// counted but not compared: the rule versions decide them in Go). A raw side reading probations
// alone made the ratio compare one kind with all of them.
func (r rawDB) reminders(ctx context.Context, scope []int64, under int64, few bool, from, to string) (string, error) {
	lo, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return "", err
	}
	hi, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return "", err
	}
	with, args := r.peopleSet(scope, under)
	end := `date(m.admitted_on, '+12 months')`
	if r.pg {
		end = `to_char(m.admitted_on::date + interval '12 months', 'YYYY-MM-DD')`
	}
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	var born []string
	set := rules.Defaults()
	_, _, notice := remind.RetirementAges(set, canbo.Male, lo.Year(), lo.Year())
	first, last := lo.AddDate(0, -1, 0), hi.AddDate(0, notice+1, 0)
	for _, sex := range []canbo.Sex{canbo.Male, canbo.Female} {
		minAge, maxAge, _ := remind.RetirementAges(set, sex, first.Year(), last.Year())
		born = append(born, fmt.Sprintf(`(p.sex = '%s' AND p.birth_first >= '%s' AND p.birth_first <= '%s')`, sex,
			day(first.AddDate(0, -maxAge-1, 0)), day(last.AddDate(0, 1-minAge, 0))))
	}
	// A ward's people drive each read (CROSS JOIN keeps SQLite to that order); the city's are
	// too many, and each kind's date index drives instead.
	read := func(table, alias, person string) string {
		if few {
			return `people_set s CROSS JOIN ` + table + ` ` + alias + ` WHERE ` + alias + `.` + person + ` = s.id`
		}
		return table + ` ` + alias + ` WHERE ` + alias + `.` + person + ` IN (SELECT id FROM people_set)`
	}
	rows, err := r.query(ctx, strings.Replace(with, "people_set(id) AS (", "people_set(id) AS MATERIALIZED (", 1)+`SELECT
		(SELECT COUNT(*) FROM `+read("party_members", "m", "person_id")+`
			AND m.full_on = '' AND m.ended_on = '' AND `+end+` >= ? AND `+end+` <= ?),
		(SELECT COUNT(*) FROM `+read("secondments", "x", "person_id")+` AND x.last_day >= ? AND x.last_day <= ?),
		(SELECT COUNT(*) FROM `+read("person_entries", "e", "person_id")+`
			AND e.kind = 'salary' AND e.date_from >= ? AND e.date_from <= ?
			AND NOT EXISTS (SELECT 1 FROM person_entries e2 WHERE e2.person_id = e.person_id AND e2.kind = e.kind
				AND (e2.date_from > e.date_from OR (e2.date_from = e.date_from AND e2.id > e.id)))),
		(SELECT COUNT(*) FROM `+read("people", "p", "id")+` AND (`+strings.Join(born, " OR ")+`)
			AND EXISTS (SELECT 1 FROM posts x WHERE x.person_id = p.id AND `+validRow("x")+`))`,
		append(args, from, to, from, to, day(lo.AddDate(0, -36, -4)), day(hi.AddDate(0, -24, 4)), to, from)...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var probation, secondment, salary, retirement int
	if rows.Next() {
		err = rows.Scan(&probation, &secondment, &salary, &retirement)
	}
	if err == nil {
		err = rows.Err()
	}
	return reminderCounts(probation, secondment), err
}

// workforce computes Biểu 01 of under's subtree on the day in one statement: every person of
// the subtree (in the caller's scope) with the rows (units directly under under) they are
// placed in, read once with the values the form counts — sex, staff type, age band,
// ethnicity, the five education codes, party membership — and grouped by rows and values, as
// the form needs them: the whole form's work, so that the ratio compares like with like (a
// count of people and members is a fifth of it). The answer is the totals' people, party
// members and women.
func (r rawDB) workforce(ctx context.Context, scope []int64, under int64) (string, error) {
	on, err := time.Parse(time.DateOnly, r.on)
	if err != nil {
		return "", err
	}
	band, bandArgs := `CASE`, []any{}
	for i, b := range canbo.ReportAgeBands {
		from, before := b.Born(on)
		band += ` WHEN p.birth_first >= ? AND p.birth_first < ? THEN '` + strconv.Itoa(i) + `'`
		bandArgs = append(bandArgs, from, before)
	}
	band += ` ELSE '' END`
	sep, tops, people := ` || chr(31) || `, `string_agg(CAST(top AS TEXT), ',')`, `people p`
	if !r.pg {
		sep, tops, people = ` || char(31) || `, `group_concat(top)`, `people p INDEXED BY people_workforce`
	}
	var with string
	var args []any
	inScope := ``
	if scope != nil {
		// The scope's people as a set, as peopleSet has them: a test per person (inUnits) ran
		// for minutes on PostgreSQL.
		c, a := subtreeCTE("scope_units", scope, r.on)
		with, args = c+`, `, a
		inScope = ` WHERE person_id IN (` + placedIn("scope_units") + `)`
	}
	with += `report_units(id, top) AS (SELECT CAST(? AS BIGINT), CAST(0 AS BIGINT)
		UNION ALL SELECT v.unit_id, CASE WHEN s.top = 0 THEN v.unit_id ELSE s.top END FROM unit_versions v JOIN report_units s ON v.parent_id = s.id WHERE ` + validRow("v") + `),
	placed(person_id, top) AS (SELECT x.person_id, u.top FROM report_units u CROSS JOIN posts x WHERE x.unit_id = u.id AND ` + validRow("x") + `
		UNION SELECT c.person_id, u.top FROM report_units u CROSS JOIN party_cells c WHERE c.cell_id = u.id AND ` + validRow("c") + `),
	people_tops(person_id, tops) AS (SELECT person_id, ` + tops + ` FROM placed` + inScope + ` GROUP BY person_id)`
	args = append(args, under, r.on, r.on, r.on, r.on, r.on, r.on)
	if scope != nil {
		args = append(args, r.on, r.on, r.on, r.on)
	}
	args = append(append(args, bandArgs...), r.on, r.on, r.on)
	rows, err := r.query(ctx, `WITH RECURSIVE `+with+` SELECT t.tops, p.sex, p.sex`+sep+`p.staff_type`+sep+band+sep+`p.ethnicity`+sep+`p.edu_professional`+sep+
		`p.edu_political`+sep+`p.edu_state`+sep+`p.edu_languages`+sep+`p.edu_it`+sep+`COALESCE((SELECT CASE WHEN m.full_on <> '' AND m.full_on <= ? THEN '2' ELSE '1' END
			FROM party_members m WHERE m.person_id = p.id AND m.admitted_on <= ? AND (m.ended_on = '' OR m.ended_on > ?)), '0') AS packed, COUNT(*)
		FROM people_tops t CROSS JOIN `+people+` WHERE p.id = t.person_id GROUP BY t.tops, p.sex, packed`, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var n, party, women int
	for rows.Next() {
		var tops, sex, packed string
		var k int
		if err := rows.Scan(&tops, &sex, &packed, &k); err != nil {
			return "", err
		}
		n += k
		if !strings.HasSuffix(packed, "\x1f0") {
			party += k
		}
		if canbo.Sex(sex) == canbo.Female {
			women += k
		}
	}
	return fmt.Sprintf("total=%d party=%d women=%d", n, party, women), rows.Err()
}

// members counts the party members whose official cell lies in under's subtree on the day:
// the party statistics' headline.
func (r rawDB) members(ctx context.Context, scope []int64, under int64) (string, error) {
	c, args := subtreeCTE("subtree_units", []int64{under}, r.on)
	n, err := r.ints(ctx, `WITH RECURSIVE `+c+` SELECT COUNT(DISTINCT c.person_id) FROM party_cells c JOIN party_members m ON m.person_id = c.person_id
		WHERE c.cell_id IN (SELECT id FROM subtree_units) AND `+validRow("c")+` AND c.temporary = ?
		AND m.admitted_on <= ? AND (m.ended_on = '' OR m.ended_on > ?)`, append(args, r.on, r.on, false, r.on, r.on)...)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("members=%d", n[0]), nil
}

// validRow is the condition that row a (unit version, post, cell period, quota) is in force
// on the day bound twice after it.
func validRow(a string) string { return a + `.valid_from <= ? AND ` + a + `.valid_to > ?` }

// rollUp computes the staffing roll-up's totals of under's subtree on the day in one
// statement: each unit's primary-post holders (a person once per unit) and quotas in force by
// staff type, the vacancies and excess of each unit and type, summed. The flags, the unit's own
// positions and its targets, which canbo adds, are not computed here.
func (r rawDB) rollUp(ctx context.Context, under int64) (string, error) {
	units, args := subtreeCTE("units", []int64{under}, r.on)
	rows, err := r.query(ctx, `WITH RECURSIVE `+units+`,
	held(unit_id, staff_type) AS (SELECT x.unit_id, MIN(x.staff_type) FROM units u CROSS JOIN posts x
		WHERE x.unit_id = u.id AND x.is_primary = ? AND `+validRow("x")+` GROUP BY x.unit_id, x.person_id),
	counts(unit_id, staff_type, filled, allotted) AS (
		SELECT unit_id, staff_type, COUNT(*), 0 FROM held GROUP BY unit_id, staff_type
		UNION ALL SELECT q.unit_id, q.staff_type, 0, q.allotted FROM units u CROSS JOIN quotas q WHERE q.unit_id = u.id AND `+validRow("q")+`),
	per(filled, allotted) AS (SELECT SUM(filled), SUM(allotted) FROM counts GROUP BY unit_id, staff_type)
	SELECT COALESCE(SUM(filled), 0), COALESCE(SUM(allotted), 0), COALESCE(SUM(CASE WHEN allotted > filled THEN allotted - filled ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN filled > allotted THEN filled - allotted ELSE 0 END), 0) FROM per`,
		append(args, true, r.on, r.on, r.on, r.on)...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var t canbo.StaffingTotals
	if rows.Next() {
		err = rows.Scan(&t.Filled, &t.Allotted, &t.Vacant, &t.Over)
	}
	if err == nil {
		err = rows.Err()
	}
	return staffingTotals(t), err
}

// items counts a programme's items not cancelled: the completion's scheduled and arising
// totals.
func (r rawDB) items(ctx context.Context, programme int64) (string, error) {
	n, err := r.ints(ctx, `SELECT COUNT(*) FROM programme_items i WHERE i.programme_id = ? AND i.parent_item_id IS NULL
		AND NOT EXISTS (SELECT 1 FROM programme_item_statuses s WHERE s.item_id = i.id AND s.status = ? AND s.on_day <= ?)`, programme, "cancelled", r.on)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("items=%d", n[0]), nil
}

// engineIsPG reports whether the store runs on PostgreSQL.
func engineIsPG(s *sqlstore.DB) bool { return s.Engine() == sqlstore.Postgres }
