package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"canbo"
	"canbo/vn"
)

var _ canbo.CleaningService = (*DB)(nil)

// nameRatio is how many times more frequent a marked spelling must be than the same name part
// typed without marks before the unmarked one is flagged: "Nguyen" beside a common "Nguyễn" is a
// typing slip, "Lan" beside a rare "Lân" is a name.
const nameRatio = 20

// cleanRec is what finding mistakes needs of a record: no more than identifies it.
type cleanRec struct {
	id       int64
	sex      canbo.Sex
	birth    string    // stored ISO partial date: "1965", "1965-09" or "1965-09-02"
	parts    [3]string // family, middle, given as stored (NFC)
	folds    [3]string // the same, folded
	identity string    // only read for callers granted GrantIdentity
	places   [2]string // birth place and home town, folded: facts of a person that never change
}

// Findings returns the likely mistakes among the people of f.Under's subtree (or the caller's
// whole scope) as of f.AsOf: every kind offered is counted (the tabs of the page), the kinds
// asked are listed. The people are read once, with the same scope conditions as
// FindPeople (never wider), and compared in memory: duplicates are found by blocking — two
// records of one person typed twice share sex, birth year and two of their three folded name
// parts, since a single slip changes one part — so only records of a block are compared.
// Identity numbers are read only for callers granted GrantIdentity; for the others they
// neither show nor weigh in any finding.
func (d *DB) Findings(ctx context.Context, f canbo.CleaningFilter) (*canbo.CleaningReport, error) {
	if f.AsOf.IsZero() {
		f.AsOf = d.Now()
	}
	granted := canSee(ctx, canbo.GrantIdentity)
	rep := &canbo.CleaningReport{Counts: map[canbo.FindingKind]int{}}
	for _, k := range canbo.FindingKinds {
		if k != canbo.FindingIdentity || granted {
			rep.Kinds = append(rep.Kinds, k)
		}
	}
	kinds := f.Kinds
	if len(kinds) == 0 {
		kinds = rep.Kinds
	}
	for _, k := range kinds {
		switch {
		case !slices.Contains(canbo.FindingKinds, k):
			return nil, canbo.FieldError("kind", "Loại rà soát %q không hợp lệ: chọn duplicate, name hoặc identity.", k)
		case !slices.Contains(rep.Kinds, k):
			return nil, canbo.Errorf(canbo.EFORBIDDEN, "Tài khoản không được cấp quyền xem số định danh.")
		}
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
	var all []canbo.Finding
	for _, k := range rep.Kinds {
		var found []canbo.Finding
		switch k {
		case canbo.FindingDuplicate:
			found = duplicates(recs, granted)
		case canbo.FindingName:
			found = unmarkedNames(recs)
		case canbo.FindingIdentity:
			found = identityFindings(recs)
		}
		rep.Counts[k] = len(found)
		if slices.Contains(kinds, k) {
			all = append(all, found...)
		}
	}
	slices.SortStableFunc(all, func(a, b canbo.Finding) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.People[0].ID, b.People[0].ID),
			cmp.Compare(a.People[len(a.People)-1].ID, b.People[len(b.People)-1].ID))
	})
	rep.Total = len(all)
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = 50
	case limit > canbo.MaxFindings:
		limit = canbo.MaxFindings
	}
	from := min(max(f.Offset, 0), len(all))
	rep.Findings = all[from:min(from+limit, len(all))]
	if err := d.findingUnits(ctx, f, rep.Findings); err != nil {
		return nil, err
	}
	return rep, nil
}

// maxListedUnits is the largest subtree whose unit ids are listed in the query rather than
// recomputed inside it: with a list, PostgreSQL reads a ward's posts and cells through their
// indexes (with the recursive CTE it estimated hundreds of units and scanned whole tables).
var maxListedUnits = 2000

// cleaningPeople reads the records of the subtree the caller may see. The candidates come
// from posts and party cells, as in FindPeople; the scope condition is applied on top of the
// subtree, so Under can narrow the scope, never widen it.
func (d *DB) cleaningPeople(ctx context.Context, f canbo.CleaningFilter, granted bool) ([]cleanRec, error) {
	on := day(f.AsOf)
	inUnits := func(units unitSet) fragment { return cat(frag(`p.id IN (`), peopleIn(units, on), frag(`)`)) }
	var ctes, conds []fragment
	scope, scoped := scopeUnits(canbo.ScopeFromContext(ctx), on)
	if scoped {
		ctes = append(ctes, scope.cte)
	}
	if f.Under != 0 {
		under := subtreeOf(f.Under, on)
		units, err := d.listUnits(ctx, under)
		if err != nil {
			return nil, err
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
	idCol := `''`
	if granted {
		idCol = `COALESCE(p.identity_number, '')`
	}
	where := fragment{}
	if len(conds) > 0 {
		where = cat(frag(" WHERE "), join(" AND ", conds))
	}
	q, args := cat(with(ctes...), frag(`SELECT p.id, p.family_name, p.middle_name, p.given_name, p.sex, p.birth_date, p.birth_place, p.home_town, `+idCol+` FROM people p`), where).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	folds := map[string]string{} // names repeat a lot: fold each spelling once
	fold := func(s string) string {
		f, ok := folds[s]
		if !ok {
			f = vn.Fold(s)
			folds[s] = f
		}
		return f
	}
	var recs []cleanRec
	for rows.Next() {
		var r cleanRec
		if err := rows.Scan(&r.id, &r.parts[0], &r.parts[1], &r.parts[2], &r.sex, &r.birth, &r.places[0], &r.places[1], &r.identity); err != nil {
			return nil, err
		}
		for i, p := range r.places {
			r.places[i] = fold(p)
		}
		for i, p := range r.parts {
			r.folds[i] = fold(p)
		}
		recs = append(recs, r)
	}
	return recs, rows.Err()
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

// findingPerson is the record as a finding shows it.
func findingPerson(r *cleanRec) canbo.FindingPerson {
	return canbo.FindingPerson{ID: r.id, FullName: vn.FullName(r.parts[0], r.parts[1], r.parts[2]), Sex: r.sex,
		BirthDate: r.birth, IdentityNumber: r.identity}
}

// compatibleBirth reports whether two stored birth dates can be the same day: equal, or one
// written to a coarser precision that contains the other ("1965" ⊃ "1965-09" ⊃ "1965-09-02").
// An unknown date is compatible with nothing: it cannot support a finding.
func compatibleBirth(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || len(b) > len(a) && b[len(a)] == '-' && b[:len(a)] == a
}

// oneEdit reports whether a and b differ by exactly one letter changed, added or dropped.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	switch len(rb) - len(ra) {
	case 0:
		diff := 0
		for i := range ra {
			if ra[i] != rb[i] {
				diff++
			}
		}
		return diff == 1
	case 1:
		i := 0
		for i < len(ra) && ra[i] == rb[i] {
			i++
		}
		return slices.Equal(ra[i:], rb[i+1:])
	}
	return false
}

// digitsApart counts the positions where two identity numbers of the same length differ; -1
// when either is missing or their lengths differ.
func digitsApart(a, b string) int {
	if a == "" || b == "" || len(a) != len(b) {
		return -1
	}
	n := 0
	for i := range len(a) {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// partNames name the three parts of a name in reasons.
var partNames = [3]string{"Họ", "Tên đệm", "Tên"}

// blockEntry places a record in the block of the two name parts other than part: same sex,
// birth year and those two folded parts (as interned ids, so sorting compares numbers).
type blockEntry struct {
	a, b   int32
	rec    int32
	year   int16
	female bool
	part   uint8
}

func (e *blockEntry) sameBlock(o *blockEntry) bool {
	return e.part == o.part && e.a == o.a && e.b == o.b && e.year == o.year && e.female == o.female
}

// compareEntries orders entries by block, then birth date, then record; it compares no more
// than it must (the sort of a city's million entries is most of the work).
func compareEntries(recs []cleanRec, x, y *blockEntry) int {
	switch {
	case x.part != y.part:
		return cmp.Compare(x.part, y.part)
	case x.a != y.a:
		return cmp.Compare(x.a, y.a)
	case x.b != y.b:
		return cmp.Compare(x.b, y.b)
	case x.year != y.year:
		return cmp.Compare(x.year, y.year)
	case x.female != y.female:
		if x.female {
			return 1
		}
		return -1
	}
	if c := strings.Compare(recs[x.rec].birth, recs[y.rec].birth); c != 0 {
		return c
	}
	return cmp.Compare(x.rec, y.rec)
}

// duplicates finds pairs of records likely to be the same person. Candidates share sex, birth
// year and two folded name parts (the block); a pair is confirmed by compatible birth dates and
// a third part that folds the same or is one letter apart — or, for callers granted
// GrantIdentity, identity numbers one digit apart.
//
// A record typed again differs from the first by one slip, so a name that differs (in its
// marks or by a letter) must come with the same birth date, written the same way: allowing a
// different precision as well multiplies the candidates by the days of a year, and at city
// scale turned up thousands of namesakes for each real copy. Facts that never change rule a
// pair out when both records state them differently: birth place, home town and, for callers
// granted GrantIdentity, complete identity numbers.
func duplicates(recs []cleanRec, granted bool) []canbo.Finding {
	ids := map[string]int32{}
	intern := func(s string) int32 {
		id, ok := ids[s]
		if !ok {
			id = int32(len(ids))
			ids[s] = id
		}
		return id
	}
	entries := make([]blockEntry, 0, 3*len(recs))
	for i := range recs {
		r := &recs[i]
		if len(r.birth) < 4 {
			continue
		}
		year, err := strconv.Atoi(r.birth[:4])
		if err != nil {
			continue
		}
		f := [3]int32{intern(r.folds[0]), intern(r.folds[1]), intern(r.folds[2])}
		for p, o := range [3][2]int32{{f[1], f[2]}, {f[0], f[2]}, {f[0], f[1]}} {
			entries = append(entries, blockEntry{female: r.sex == canbo.Female, year: int16(year), part: uint8(p), a: o[0], b: o[1], rec: int32(i)})
		}
	}
	// Within a block, by birth date: "1965" < "1965-09" < "1965-09-02", so a date's coarser
	// forms come before it.
	slices.SortFunc(entries, func(x, y blockEntry) int { return compareEntries(recs, &x, &y) })
	var found []canbo.Finding
	birth := func(e *blockEntry) string { return recs[e.rec].birth }
	pair := func(x, y *blockEntry) {
		if f, ok := confirmPair(&recs[x.rec], &recs[y.rec], int(x.part), granted); ok {
			found = append(found, f)
		}
	}
	for start := 0; start < len(entries); {
		end := start + 1
		for end < len(entries) && entries[end].sameBlock(&entries[start]) {
			end++
		}
		if end-start > 1 {
			block := entries[start:end]
			// Runs of one birth date; a record meets those of its own date and of its coarser
			// forms only, not the whole block.
			runs := map[string][2]int{}
			for i := 0; i < len(block); {
				j := i + 1
				for j < len(block) && birth(&block[j]) == birth(&block[i]) {
					j++
				}
				runs[birth(&block[i])] = [2]int{i, j}
				i = j
			}
			for i := range block {
				b := birth(&block[i])
				for j := i + 1; j < len(block) && birth(&block[j]) == b; j++ {
					pair(&block[i], &block[j])
				}
				for _, n := range []int{4, 7} {
					if len(b) <= n {
						continue
					}
					r, ok := runs[b[:n]]
					for j := r[0]; ok && j < r[1]; j++ {
						pair(&block[j], &block[i])
					}
				}
			}
		}
		start = end
	}
	return found
}

// confirmPair checks two records of the block of part p (their other parts fold the same).
func confirmPair(a, b *cleanRec, p int, granted bool) (canbo.Finding, bool) {
	if a.id > b.id { // the older record first, in the finding and its reasons
		a, b = b, a
	}
	if !compatibleBirth(a.birth, b.birth) {
		return canbo.Finding{}, false
	}
	apart := -1
	if granted {
		apart = digitsApart(a.identity, b.identity)
		if apart > 1 {
			return canbo.Finding{}, false
		}
	}
	if placesDiffer(a.places[0], b.places[0]) || placesDiffer(a.places[1], b.places[1]) {
		return canbo.Finding{}, false
	}
	if a.folds[p] != b.folds[p] || a.parts != b.parts {
		if a.birth != b.birth && apart != 1 {
			return canbo.Finding{}, false
		}
	}
	var reasons []string
	score := 0
	switch {
	case a.folds[p] == b.folds[p]:
		if p != 0 {
			return canbo.Finding{}, false // all parts fold the same: the block of part 0 reports it
		}
		if a.parts == b.parts {
			reasons, score = append(reasons, "Trùng họ tên"), 50
		} else {
			reasons, score = append(reasons, "Trùng họ tên (khác dấu)"), 45
		}
	case oneEdit(a.folds[p], b.folds[p]):
		reasons, score = append(reasons, fmt.Sprintf("%s khác một ký tự (%s / %s)", partNames[p], a.parts[p], b.parts[p])), 35
	case apart == 1:
		reasons, score = append(reasons, fmt.Sprintf("%s khác (%s / %s)", partNames[p], orBlank(a.parts[p]), orBlank(b.parts[p]))), 15
	default:
		return canbo.Finding{}, false
	}
	switch {
	case a.birth != b.birth:
		reasons, score = append(reasons, fmt.Sprintf("ngày sinh ghi khác độ chính xác (%s / %s)", birthVN(a.birth), birthVN(b.birth))), score+25
	case len(a.birth) == 10:
		reasons, score = append(reasons, "cùng ngày sinh"), score+35
	case len(a.birth) == 7:
		reasons, score = append(reasons, "cùng tháng năm sinh"), score+25
	default:
		reasons, score = append(reasons, "cùng năm sinh"), score+20
	}
	if apart == 1 {
		reasons, score = append(reasons, "Số định danh khác một chữ số"), score+30
	}
	return canbo.Finding{Kind: canbo.FindingDuplicate, People: []canbo.FindingPerson{findingPerson(a), findingPerson(b)},
		Reasons: reasons, Score: min(score, 100)}, true
}

// placesDiffer reports whether two folded place names both given name different places; a
// shorter form contained in a longer one ("ho chi minh", "thanh pho ho chi minh") is the same.
func placesDiffer(a, b string) bool {
	return a != "" && b != "" && !strings.Contains(a, b) && !strings.Contains(b, a)
}

// orBlank shows a name part left out.
func orBlank(s string) string {
	if s == "" {
		return "không ghi"
	}
	return s
}

// birthVN prints a stored partial date as documents do.
func birthVN(s string) string {
	d, err := vn.ParseDate(s)
	if err != nil {
		return s
	}
	return d.VN()
}

// unmarkedNames flags name parts typed entirely without marks while a marked spelling of the
// same fold, in the same position, is at least nameRatio times as frequent among the records.
func unmarkedNames(recs []cleanRec) []canbo.Finding {
	type spelling struct {
		part int
		text string
	}
	counts := map[spelling]int{}
	for i := range recs {
		for p, s := range recs[i].parts {
			counts[spelling{p, s}]++
		}
	}
	// The most frequent marked spelling of each fold and position.
	type usual struct {
		text string
		n    int
	}
	best := map[spelling]usual{}
	for s, n := range counts {
		if isASCII(s.text) {
			continue
		}
		k := spelling{s.part, vn.Fold(s.text)}
		if b := best[k]; n > b.n || n == b.n && s.text < b.text {
			best[k] = usual{s.text, n}
		}
	}
	var found []canbo.Finding
	for i := range recs {
		r := &recs[i]
		var reasons []string
		var suggest [3]string
		ratio := 0
		for p, s := range r.parts {
			if s == "" || !isASCII(s) {
				continue
			}
			n := counts[spelling{p, s}]
			b, ok := best[spelling{p, r.folds[p]}]
			if !ok || b.n < nameRatio*n {
				continue
			}
			reasons = append(reasons, fmt.Sprintf("%s “%s” không có dấu; “%s” có %d hồ sơ, “%s” có %d", partNames[p], s, b.text, b.n, s, n))
			suggest[p] = b.text
			ratio = max(ratio, b.n/n)
		}
		if len(reasons) == 0 {
			continue
		}
		fixed := r.parts
		for p, s := range suggest {
			if s != "" {
				fixed[p] = s
			}
		}
		found = append(found, canbo.Finding{Kind: canbo.FindingName, People: []canbo.FindingPerson{findingPerson(r)},
			Reasons: reasons, Score: 100 * ratio / (ratio + nameRatio), Suggestion: vn.FullName(fixed[0], fixed[1], fixed[2])})
	}
	return found
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// identityFindings flags identity numbers whose structure disagrees with the record's birth year
// or sex (vn.IdentityWarnings). It runs only for callers granted GrantIdentity: others never
// have the numbers read.
func identityFindings(recs []cleanRec) []canbo.Finding {
	var found []canbo.Finding
	for i := range recs {
		r := &recs[i]
		if r.identity == "" {
			continue
		}
		year := 0
		if len(r.birth) >= 4 {
			year, _ = strconv.Atoi(r.birth[:4])
		}
		warns := vn.IdentityWarnings(r.identity, year, r.sex)
		if len(warns) == 0 {
			continue
		}
		for j, w := range warns {
			w, _, _ = strings.Cut(w, "; mã hợp lệ là") // the list of 63 codes belongs in help, not in each finding
			warns[j] = strings.ToUpper(w[:1]) + w[1:]
		}
		found = append(found, canbo.Finding{Kind: canbo.FindingIdentity, People: []canbo.FindingPerson{findingPerson(r)},
			Reasons: warns, Score: min(100, 40+20*len(warns))})
	}
	return found
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
