package sqlstore

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/vocab"
)

// personCond is one condition a listed person must meet, about the person whose id is the
// column given: p.id where people p are read, d.person_id where a name entry d is walked.
type personCond struct {
	about func(person string) fragment
	// row marks a condition that reads the person's row (p.sex…), not only the id.
	row bool
}

// peopleQuery is a people list before planning: the WITH clauses (scope, subtree) and every
// condition. Whatever plan runs it, every condition is applied, so the plan changes speed,
// never answers.
type peopleQuery struct {
	ctes  []fragment
	conds []personCond
	// units is the condition "in the subtree" (or, without one, "in the caller's scope") that
	// can supply candidates, and its set of units; -1 if none.
	units   int
	unitSet unitSet
	// roots are the set's roots as a scope, so a few people can be tested against it by a walk
	// up (personInScope) rather than by listing it.
	roots   canbo.Scope
	tokens  []string // folded search words
	tokCond []int    // their conditions
	tokN    []int    // their estimated matches, once planned
	kinds   []string // word kinds the caller may match
	on      string
	exact   bool // count every match, not only up to PeopleCountCap + 1
	// bySet tests the caller's scope against its set of units (visibleIn) rather than by a
	// walk up from each candidate (personInScope): for the plans that test many candidates.
	// Walking up costs a recursive statement per candidate (75 µs on the nation file), the
	// set a city's 9,800 units once per statement (12 ms) and an index probe per candidate;
	// a city officer's "ng v" tested some 200,000 candidates by walks: 13.9 s of CPU. Not on
	// PostgreSQL, which ran the city officer's searches of the city file in 1.3–7.6 s with
	// the set, 22–50 ms with the walks.
	bySet bool
}

// Plan thresholds. A search word matching at most smallMatches people supplies them all,
// which are then sorted; a subtree (or scope) holding at most subtreePeople people supplies its
// people likewise (a ward's party committee holds up to 7,000 people, the nation file's
// oversized test ward 46,885; a city 420,000). The bound is on people, not units: what a plan
// reads is people, and units say little about them (the oversized ward has 2,111 units, a
// city's party tree 13,000, and a cell 3 or 300 members). Above it a walk in name order, which
// tests each entry against the set, reads about 1,000 / (the set's share of everyone) entries
// for a page and the capped count — 130,000 for that ward among 6 million people, each a walk
// up the unit tree, where supplying its 46,885 people costs one index probe or two each.
var (
	smallMatches  = 500
	subtreePeople = 60000
)

// FindPeople returns people matching f in official order (given name, family name, middle name,
// birth date), one page at a time, and their number (counted up to PeopleCountCap + 1 when
// that number would need a scan of the whole table).
//
// The plan is chosen in Go, because no single SQL shape is fast for both a ward (a few
// thousand people) and a common name (a third of the city):
//   - a search word matching few people supplies them, and they are checked and sorted;
//   - else a subtree (or a narrow scope) holding at most subtreePeople people supplies them,
//     unless a driving word's people having every search word are under half as many; they
//     are checked and sorted by key alone, the page's people read in full afterwards, and
//     counted exactly;
//   - else a search word that matches a few name words ("nguyen"; "tran" with the misspelt
//     "tranng") drives: the entries of each of its words carry the sort key and the person's
//     other words, so they come out in order, the other search words are checked on the entry
//     itself, and the walk stops after limit+1 people meeting every condition;
//   - else people are read in sort-key order and checked, which finds a page of a common
//     condition at once.
func (d *DB) FindPeople(ctx context.Context, f canbo.PersonFilter) ([]*canbo.Person, int, string, error) {
	q, err := d.peopleQuery(ctx, f)
	if err != nil {
		return nil, 0, "", err
	}
	limit := f.Limit
	if limit > MaxPeople {
		// Refused rather than quietly answered with a default page: a client asking for 501
		// rows and getting 50 would take them for all there is.
		return nil, 0, "", canbo.Invalid("limit", "err.sqlstore.people_find.limit", MaxPeople, limit)
	}
	if limit <= 0 {
		limit = 50
	}
	var after *pageCursor
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, 0, "", err
		}
		after = &pageCursor{key, id}
	}
	plan, err := d.planPeople(ctx, q)
	if err != nil {
		return nil, 0, "", err
	}
	switch {
	case plan.small >= 0:
		return d.peopleFromSet(ctx, q, q.tokCond[plan.small], tokenSource(q, plan.small), after, limit)
	case plan.set:
		return d.peopleFromSet(ctx, q, q.units, peopleIn(q.unitSet, q.on), after, limit)
	}
	q.bySet = plan.sparse() && d.engine != Postgres
	if plan.word.token >= 0 {
		return d.peopleByWord(ctx, q, plan, after, limit)
	}
	return d.peopleInOrder(ctx, q, plan, after, limit)
}

// peoplePlan is what supplies FindPeople's candidates: the few people of search word small
// (if small >= 0), else the subtree's (or scope's) people (set), else the walks of a word
// (word.token >= 0), else everyone in sort-key order.
type peoplePlan struct {
	small int
	set   bool
	word  wordDrive
	// share is the set's share of a sample of everyone (1 without a set).
	share float64
	// setCount counts the matches among the set's people (countFromSet) instead of among the
	// candidates of the walks or of everyone.
	setCount bool
}

// sparse says the set holds a small share of everyone (a province among 34): walking
// everyone's entries, a plan tests many candidates against it for each one it keeps.
func (p peoplePlan) sparse() bool { return p.share < sparseShare }

// sparseShare is the share of everyone under which a set is sparse. Where the set is most of
// everyone (a city officer on the city file), a walk keeps most candidates, and testing them
// by walks up (8–63 ms a search) beat building the set of 13,000 units first (48–400 ms).
const sparseShare = 0.25

// planPeople chooses the plan (FindPeople lists the order of preference).
func (d *DB) planPeople(ctx context.Context, q *peopleQuery) (peoplePlan, error) {
	small, word, err := d.planWords(ctx, q)
	if err != nil || small >= 0 {
		return peoplePlan{small: small, word: word}, err
	}
	// A walk tests each person having every search word against the set (a walk up the unit
	// tree from the person's posts and cells), the set checks each of its people (a probe or
	// two): the set supplies unless it outnumbers those people twice. A rare full name in the
	// nation file's 46,885-member ward walks the 68,357 entries of "an" and tests a few; its
	// "nguyen" (2.3 million) reads the ward.
	bound := subtreePeople
	if word.token >= 0 {
		bound = min(bound, int(2*word.matches))
	}
	people, share, err := d.setPeople(ctx, q, bound)
	// Above the bound the set may still count best. The count goes on to PeopleCountCap + 1
	// matches. Reading the set's people finds them at the density of the matches among
	// everyone, so it reads min(set, cap × everyone / matches) people; a walk tests each
	// person having every search word against the set, and finds the set's share of them,
	// so it tests min(matches, cap × everyone / set) (its other entries fail a word on the
	// entry itself, at no cost). Either way the set counts when the matches outnumber its
	// people: a city officer's "nguyen" (2.3 million matches) then reads some 2,600 of the
	// city's people where the walk tested 21,000, and "le phuong an" (1,900) tests its
	// matches where the city's 250,000 people took 2.5 s. Without a driving word, everyone
	// is read in order, never fewer than the set. PostgreSQL builds a DISTINCT whole (a hash
	// or a sort under the LIMIT: 1.2 s for the city file's 533,000 placements), so there the
	// walks count.
	plan := peoplePlan{small: -1, set: people >= 0 && people <= bound, word: word, share: share}
	plan.setCount = plan.sparse() && d.engine != Postgres && people > bound && (word.token < 0 || word.matches > float64(people))
	return plan, err
}

type pageCursor struct {
	key []byte
	id  int64
}

// peopleQuery turns a filter into WITH clauses and conditions, refusing filters on classes the
// caller may not see.
func (d *DB) peopleQuery(ctx context.Context, f canbo.PersonFilter) (*peopleQuery, error) {
	if f.AsOf.IsZero() {
		f.AsOf = d.Now()
	}
	on := day(f.AsOf)
	q := &peopleQuery{units: -1, on: on, kinds: []string{"name", "code"}, exact: f.ExactCount}
	// about adds a condition on the person's id, row one on the person's row.
	about := func(c func(person string) fragment) { q.conds = append(q.conds, personCond{about: c}) }
	row := func(sql string, args ...any) {
		q.conds = append(q.conds, personCond{about: func(string) fragment { return frag(sql, args...) }, row: true})
	}
	visible := func(units unitSet, root int64) {
		q.ctes, q.units, q.unitSet, q.roots = append(q.ctes, units.cte), len(q.conds), units, canbo.Scope{Roots: []int64{root}}
		about(func(person string) fragment { return visibleIn(person, units, on) })
	}
	if scope, ok, err := d.scopeUnder(ctx, d.db, f.Under, on); err != nil {
		return nil, err
	} else if ok {
		// The scope's set supplies candidates when it is small (planPeople); as a condition it
		// is checked by a walk up from each candidate's units, since a plan checks a page's
		// worth of candidates, up to the count's cap — but the set for an exact count, which
		// checks every match.
		s := canbo.ScopeFromContext(ctx)
		q.ctes, q.units, q.unitSet, q.roots = append(q.ctes, scope.cte), len(q.conds), scope, s
		about(func(person string) fragment {
			if q.exact || q.bySet {
				return visibleIn(person, scope, on)
			}
			return personInScope(s, person, on, false)
		})
	}
	if f.Under != 0 {
		visible(subtreeOf(f.Under, on), f.Under)
	} else if f.PostUnit != 0 {
		// A post in the unit places its holder in the unit's subtree: the implied condition
		// changes no answer and lets the unit's few people supply the candidates. Without it
		// the demo's programmes, asking for a commission's head at nation scale, read all
		// 6 million people in name order for a commission without one (minutes).
		visible(subtreeOf(f.PostUnit, on), f.PostUnit)
	}
	// Only those who may see identity numbers may find people by them.
	if canSee(ctx, canbo.GrantIdentity) {
		q.kinds = append(q.kinds, "identity")
	}
	for _, tok := range searchTokens(f.Q) {
		q.tokens, q.tokCond = append(q.tokens, tok), append(q.tokCond, len(q.conds))
		about(func(person string) fragment {
			return frag(`EXISTS (SELECT 1 FROM person_words w`+d.dialect.indexed("person_words_person")+` WHERE w.person_id = `+person+` AND w.word >= ? AND w.word < ? AND `+q.kindsIn("w")+`)`,
				tok, tok+"\x7f")
		})
	}
	if f.StaffType != "" {
		row(`p.staff_type = ?`, string(f.StaffType))
	}
	if f.Sex != "" {
		row(`p.sex = ?`, string(f.Sex))
	}
	if f.Party != nil {
		not := ""
		if !*f.Party {
			not = "NOT "
		}
		about(func(person string) fragment {
			return frag(not+`EXISTS (SELECT 1 FROM party_members m WHERE m.person_id = `+person+` AND m.admitted_on <= ? AND (m.ended_on = '' OR m.ended_on > ?))`, on, on)
		})
	}
	if f.BornFrom != "" {
		row(`p.birth_first >= ?`, f.BornFrom)
	}
	if f.BornTo != "" {
		row(`p.birth_first < ?`, f.BornTo)
	}
	if f.Ethnicity != "" {
		if !canSee(ctx, canbo.GrantBackground) {
			return nil, canbo.Invalid("ethnicity", "err.sqlstore.people_find.ethnicity").WithCode(canbo.EFORBIDDEN)
		}
		row(`p.ethnicity = ?`, vocab.Ethnicities.Normalize(f.Ethnicity))
	}
	if f.Minority {
		if !canSee(ctx, canbo.GrantBackground) {
			return nil, canbo.Invalid("minority", "err.sqlstore.people_find.ethnicity").WithCode(canbo.EFORBIDDEN)
		}
		row(`p.ethnicity <> '' AND p.ethnicity <> ?`, canbo.MajorityEthnicity)
	}
	if f.Probationary {
		about(func(person string) fragment {
			return frag(`EXISTS (SELECT 1 FROM party_members m WHERE m.person_id = `+person+` AND m.admitted_on <= ? AND (m.ended_on = '' OR m.ended_on > ?)
				AND (m.full_on = '' OR m.full_on > ?))`, on, on, on)
		})
	}
	// A level is compared as its code; the filter may name it (a link, an API caller), and a
	// value no list knows (typed before the lists) is compared as typed.
	for _, e := range []struct{ col, v string }{{"edu_professional", vocab.ProfessionalEducation.Normalize(f.EduProfessional)},
		{"edu_political", vocab.PoliticalTheory.Normalize(f.EduPolitical)}, {"edu_state", vocab.StateManagement.Normalize(f.EduState)},
		{"edu_languages", f.EduLanguages}, {"edu_it", f.EduIT}} {
		if e.v != "" {
			row(`p.`+e.col+` = ?`, e.v)
		}
	}
	if f.PostTitle != "" || f.PostUnit != 0 {
		var post []fragment
		if f.PostTitle != "" {
			post = append(post, frag(d.dialect.contains("x.title"), f.PostTitle))
		}
		if f.PostUnit != 0 {
			post = append(post, frag(`x.unit_id = ?`, f.PostUnit))
		}
		about(func(person string) fragment {
			return cat(frag(`EXISTS (SELECT 1 FROM posts x WHERE x.person_id = `+person+` AND `), validOn("x", on), and(post...), frag(`)`))
		})
	}
	if f.Evaluation != "" {
		if !canSee(ctx, canbo.GrantEvaluation) {
			return nil, canbo.Invalid("evaluation", "err.sqlstore.people_find.evaluation").WithCode(canbo.EFORBIDDEN)
		}
		about(func(person string) fragment {
			return frag(`(SELECT `+d.dialect.jsonText("e.details", canbo.DetailLevel)+` FROM person_entries e WHERE e.person_id = `+person+` AND e.kind = ? AND e.date_from <= ?
			ORDER BY e.date_from DESC, e.id DESC LIMIT 1) = ?`, canbo.EntryEvaluation, on, f.Evaluation)
		})
	}
	if f.Status != "" {
		if !slices.Contains(canbo.PersonStatuses, f.Status) {
			return nil, canbo.Invalid("status", "err.sqlstore.people_find.status", f.Status, strings.Join(canbo.PersonStatuses, ", "))
		}
		about(func(person string) fragment { return cat(statusOf(person, on), frag(` = ?`, f.Status)) })
	}
	return q, nil
}

// kindsIn is the condition "word of alias a is of a kind the caller may match".
func (q *peopleQuery) kindsIn(a string) string {
	return a + `.kind IN ('` + strings.Join(q.kinds, `', '`) + `')`
}

// with returns the WITH clause with extra clauses appended.
func (q *peopleQuery) with(extra ...fragment) fragment {
	return with(append(slices.Clone(q.ctes), extra...)...)
}

// where returns the conditions but those of skip, about the person whose id is column person,
// each after " AND ". The search words come first, rarest first: both engines check conditions
// in the order written, and a rare word rejects most candidates with one index probe.
func (q *peopleQuery) where(person string, skip ...int) fragment {
	order := make([]int, len(q.conds))
	for i := range order {
		order[i] = i
	}
	rank := func(c int) int {
		if t := slices.Index(q.tokCond, c); t >= 0 && t < len(q.tokN) {
			return q.tokN[t]
		}
		return 1 << 62
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rank(a), rank(b)) })
	var conds []fragment
	for _, i := range order {
		if !slices.Contains(skip, i) {
			conds = append(conds, q.conds[i].about(person))
		}
	}
	return and(conds...)
}

// readsRow reports whether a condition but those of skip reads the person's row.
func (q *peopleQuery) readsRow(skip ...int) bool {
	for i, c := range q.conds {
		if c.row && !slices.Contains(skip, i) {
			return true
		}
	}
	return false
}

// wordDrive is a search word that matches a few name words and no other kind of word, the
// words, and the estimated number of people having them.
type wordDrive struct {
	token  int
	words  []string
	counts []int // their people, from person_word_counts (0 if not counted yet)
	n      int
	// matches estimates the people having every search word: those a walk tests against the
	// other conditions (n when the words were not sampled).
	matches float64
}

// driveWords bounds the name words a driving search word may match: one walk each. A prefix
// such as "tran" matches a few words (tran, and misspellings such as tranng), "tu" a dozen
// (tu, tuan, tung, tuyet…); "ng" too many.
var driveWords = 32

// planWords estimates each search word's matches (from person_word_counts, and by counting
// its code and identity matches up to a bound) and returns the index of the rarest one if it
// matches at most smallMatches people, else -1; and, among the search words matching only
// name words, at most driveWords of them (read from the index, so always exact), the one whose
// ordered walks should read the fewest entries (walkCost), if any.
func (d *DB) planWords(ctx context.Context, q *peopleQuery) (int, wordDrive, error) {
	small, smallN := -1, 0
	drive := wordDrive{token: -1}
	var candidates []wordDrive
	other := slices.DeleteFunc(slices.Clone(q.kinds), func(k string) bool { return k == "name" })
	for i, tok := range q.tokens {
		var others, n int
		err := d.db.QueryRowContext(ctx, d.dialect.rebind(`SELECT
			(SELECT COUNT(*) FROM (SELECT 1 FROM person_words`+d.dialect.indexed("person_words_other")+` WHERE kind <> 'name' AND kind IN ('`+strings.Join(other, `', '`)+`')
				AND word >= ? AND word < ? LIMIT ?) t),
			(SELECT COALESCE(SUM(people), 0) FROM person_word_counts WHERE word >= ? AND word < ?)`),
			tok, tok+"\x7f", smallMatches+1, tok, tok+"\x7f").Scan(&others, &n)
		if err != nil {
			return 0, drive, mapError(err)
		}
		n += others
		q.tokN = append(q.tokN, n)
		if n <= smallMatches && (small < 0 || n < smallN) {
			small, smallN = i, n
		}
		if others > 0 {
			continue
		}
		words, counts, err := d.nameWords(ctx, tok)
		if err != nil {
			return 0, drive, err
		}
		if len(words) > 0 && len(words) <= driveWords {
			candidates = append(candidates, wordDrive{i, words, counts, n, float64(n)})
		}
	}
	switch len(candidates) {
	case 0:
	case 1:
		drive = candidates[0]
	default:
		best := -1.0
		for _, c := range candidates {
			cost, matches, err := d.walkCost(ctx, q, c)
			if err != nil {
				return 0, drive, err
			}
			if best < 0 || cost < best {
				c.matches = min(c.matches, matches)
				drive, best = c, cost
			}
		}
	}
	return small, drive, nil
}

// walkSample is how many entries of each of the sampledWords largest words of a search word
// the planner reads to estimate the density of the other search words among them; the
// smaller words are assumed read to their end.
const (
	walkSample   = 40
	sampledWords = 4
)

// walkCost estimates how many entries driving by c reads: for each of its words, until a page
// of matches (or the word's end), then, when a page is full, until the count's cap; and how
// many of its people have every search word (the words not sampled counted whole). The density
// of the other search words is measured on a sample of each word's entries, because names are
// not independent: among the people named Phạm few are also named Nguyễn, among
// those named Tuấn most have the middle name Văn. The sample is taken in id order, which has
// nothing to do with names; the first entries in name order would all be people named An.
func (d *DB) walkCost(ctx context.Context, q *peopleQuery, c wordDrive) (float64, float64, error) {
	checks := d.wordChecks(q, c.token)
	// SQLite would read the whole word from the order index (it holds the words) and sort.
	index := d.dialect.indexed(primaryWords)
	order := make([]int, len(c.words))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(c.counts[b], c.counts[a]) })
	var read, all, unsampled float64
	var parts []fragment
	for k, i := range order {
		if k >= sampledWords {
			read += float64(c.counts[i])
			all += float64(c.counts[i])
			unsampled += float64(c.counts[i])
			continue
		}
		parts = append(parts, cat(frag(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN 1 = 1`), checks, frag(` THEN 1 ELSE 0 END), 0), CAST(? AS BIGINT)
			FROM (SELECT d.words, d.identity_words FROM person_words d`+index+` WHERE d.kind = 'name' AND d.word = ? ORDER BY d.person_id LIMIT ?) d`,
			c.counts[i], c.words[i], walkSample)))
	}
	sql, args := join("\nUNION ALL\n", parts).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return 0, 0, mapError(err)
	}
	defer rows.Close()
	page := float64(50 + 1)
	var matches float64
	for rows.Next() {
		var sampled, hit, counted int
		if err := rows.Scan(&sampled, &hit, &counted); err != nil {
			return 0, 0, err
		}
		n := float64(max(sampled, counted))
		if sampled < walkSample {
			n = float64(sampled) // the whole word was read
		}
		density := (float64(hit) + 0.5) / float64(sampled+1)
		read += min(n, page/density)
		matches += n * density
		all += n
	}
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	if matches > page {
		read += all * min(1, float64(canbo.PeopleCountCap+1)/matches)
	}
	return read, matches + unsampled, nil
}

// nameWords lists the name words starting with prefix, up to driveWords + 1, one index seek
// each, with their counted people.
func (d *DB) nameWords(ctx context.Context, prefix string) ([]string, []int, error) {
	// Each step seeks the next name word after the last one found.
	index := d.dialect.indexed("person_words_order")
	sql, args := cat(with(frag(`name_words(w) AS (
			SELECT MIN(word) FROM person_words`+index+` WHERE kind = 'name' AND word >= ? AND word < ?
			UNION ALL
			SELECT (SELECT MIN(word) FROM person_words`+index+` WHERE kind = 'name' AND word > n.w AND word < ?) FROM name_words n WHERE n.w IS NOT NULL)`,
		prefix, prefix+"\x7f", prefix+"\x7f")),
		frag(`SELECT n.w, (SELECT COALESCE(MAX(c.people), 0) FROM person_word_counts c WHERE c.word = n.w) FROM name_words n WHERE n.w IS NOT NULL LIMIT ?`, driveWords+1)).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, nil, mapError(err)
	}
	defer rows.Close()
	var words []string
	var counts []int
	for rows.Next() {
		var w string
		var n int
		if err := rows.Scan(&w, &n); err != nil {
			return nil, nil, err
		}
		words, counts = append(words, w), append(counts, n)
	}
	return words, counts, rows.Err()
}

// sampledPeople is how many people setPeople tests against a set to tell, without counting
// it, one that holds a large share of everyone (a city officer's scope): the first in name
// order, which has nothing to do with where people are placed.
const sampledPeople = 50

// setPeople returns about how many people the subtree (or scope) that limits the list holds
// (-1 if there is none), and its share of a sample of everyone (1 if none). The people are
// counted (placedPeople) up to subtreePeople + 1, unless the share times everyone (the highest
// id) is over four times the bound: then that estimate is returned, since counting a city
// officer's scope took 30–40 ms whatever the bound (SQLite builds the recursive set of its
// 13,000 units whole), a search there 30–60 ms, and the sample 1–3 ms. The margin keeps a set
// near the bound from being taken for a large one by a sample that happens to hold a few of
// its people. Both are kept a few minutes (setSizes).
func (d *DB) setPeople(ctx context.Context, q *peopleQuery, bound int) (int, float64, error) {
	if q.units < 0 {
		return -1, 1, nil
	}
	key := setSizeKey(q)
	size, ok := d.sizes.get(key)
	if !ok {
		var hits, everyone int
		err := d.queryRow(ctx, cat(frag(`SELECT (SELECT COUNT(*) FROM (SELECT p.id FROM people p ORDER BY p.sort_key, p.id LIMIT ?) p WHERE `, sampledPeople),
			personInScope(q.roots, "p.id", q.on, false), frag(`), (SELECT COALESCE(MAX(id), 0) FROM people)`)), &hits, &everyone)
		if err != nil {
			return -1, 0, mapError(err)
		}
		size = setSize{sampled: hits, estimate: hits * everyone / sampledPeople, counted: -1, at: time.Now()}
	}
	if size.estimate <= 4*bound && size.counted < 0 {
		n, err := d.placedPeople(ctx, q.ctes, q.unitSet, q.on, subtreePeople)
		if err != nil {
			return -1, 0, err
		}
		size.counted = n
	}
	d.sizes.put(key, size)
	share := float64(size.sampled) / sampledPeople
	if size.estimate > 4*bound {
		return size.estimate, share, nil
	}
	return size.counted, share, nil
}

// placedPeople returns how many people the units of set (its common table expression among
// ctes) hold on the day, up to bound + 1. It counts their posts and party cells of the day
// (placements), which can only overcount (a person with a post and a cell counts twice), and
// stops at the bound. A ward of 46,885 costs a few ms.
func (d *DB) placedPeople(ctx context.Context, ctes []fragment, set unitSet, on string, bound int) (int, error) {
	var n int
	err := d.queryRow(ctx, cat(with(ctes...), frag(`SELECT COUNT(*) FROM (`), placements(set, on), frag(` LIMIT ?) t`, bound+1)), &n)
	return n, mapError(err)
}

// placements lists the people (person_id) of the posts and party cells of the day in the
// units of set, a person once per placement, unit by unit: SQLite runs the join as a lookup
// per unit (as IN would), not as a scan of the posts against the set.
func placements(set unitSet, on string) fragment {
	from := func(table, a, col string) fragment {
		if set.list != nil {
			return cat(frag(`SELECT `+a+`.person_id FROM `+table+` `+a+` WHERE `+a+`.`+col+` IN (`), listOf(set.list), frag(`) AND `), validOn(a, on))
		}
		// CROSS JOIN keeps SQLite from scanning the table against the set (versionsIn).
		return cat(frag(`SELECT `+a+`.person_id FROM `+set.name+` s CROSS JOIN `+table+` `+a+` WHERE `+a+`.`+col+` = s.id AND `), validOn(a, on))
	}
	return cat(from("posts", "x", "unit_id"), frag(` UNION ALL `), from("party_cells", "c", "cell_id"))
}

// countFromSet counts the people meeting every condition among the people of the set that
// limits the list (plan.setCount), up to PeopleCountCap + 1 unless exact. DISTINCT drops a
// person placed twice; SQLite keeps it as a B-tree it tests each row against, so LIMIT still
// stops the reading at the cap: a city officer's "nguyen" reads some 2,600 of the city's
// people, where the walk read 21,000 entries of the word.
func (d *DB) countFromSet(ctx context.Context, q *peopleQuery) (int, error) {
	person, from := "t.person_id", ` WHERE 1 = 1`
	if q.readsRow(q.units) {
		person, from = "p.id", ` CROSS JOIN people p WHERE p.id = t.person_id`
	}
	return d.countCapped(ctx, cat(q.with(), frag(`SELECT DISTINCT `+person+` FROM (`), placements(q.unitSet, q.on), frag(`) t`+from),
		q.where(person, q.units)), q.exact)
}

// tokenSource lists the people matching search word i.
func tokenSource(q *peopleQuery, i int) fragment {
	tok := q.tokens[i]
	return frag(`SELECT w.person_id FROM person_words w WHERE w.word >= ? AND w.word < ? AND `+q.kindsIn("w"), tok, tok+"\x7f")
}

// peopleFromSet runs a plan where condition cond supplies every candidate (src): the
// candidates that meet the other conditions are found with their keys alone, sorted, and only
// the page's people are read in full. The count is exact.
func (d *DB) peopleFromSet(ctx context.Context, q *peopleQuery, cond int, src fragment, after *pageCursor, limit int) ([]*canbo.Person, int, string, error) {
	hits := cat(frag(`cand(id) AS MATERIALIZED (SELECT DISTINCT t.person_id FROM (`), src, frag(`) t),
		hits(id, sort_key) AS MATERIALIZED (SELECT p.id, p.sort_key FROM cand CROSS JOIN people p WHERE p.id = cand.id`), q.where("p.id", cond), frag(`)`))
	page := fragment{}
	if after != nil {
		page = frag(` WHERE h.sort_key >= ? AND (h.sort_key > ? OR h.id > ?)`, after.key, after.key, after.id)
	}
	people, keys, total, err := d.scanPeople(ctx, cat(q.with(hits), frag(`SELECT `+personColumns+`, p.sort_key, (SELECT COUNT(*) FROM hits)
		FROM (SELECT h.id, h.sort_key FROM hits h`), page, frag(` ORDER BY h.sort_key, h.id LIMIT ?) h CROSS JOIN people p
		WHERE p.id = h.id ORDER BY h.sort_key, h.id`, limit+1)))
	if err != nil {
		return nil, 0, "", err
	}
	if total < 0 { // an empty page: count apart
		sql, args := cat(q.with(hits), frag(`SELECT COUNT(*) FROM hits`)).bind(d.dialect)
		if err := d.db.QueryRowContext(ctx, sql, args...).Scan(&total); err != nil {
			return nil, 0, "", mapError(err)
		}
	}
	return pageOf(people, keys, total, limit)
}

// wordChecks checks, on a walked name entry d, the search words but token (" AND …" each),
// rarest first.
func (d *DB) wordChecks(q *peopleQuery, token int) fragment {
	order := make([]int, len(q.tokens))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(q.tokN[a], q.tokN[b]) })
	var checks []fragment
	for _, t := range order {
		if t == token {
			continue
		}
		tok := " " + q.tokens[t]
		c := frag(d.dialect.contains(`' ' || d.words`), tok)
		if slices.Contains(q.kinds, "identity") {
			c = cat(frag(`(`), c, frag(` OR `+d.dialect.contains(`' ' || d.identity_words`)+`)`, tok))
		}
		checks = append(checks, c)
	}
	return and(checks...)
}

// peopleByWord walks, for each name word of the driving search word, the people having it in
// sort-key order from its index, each walk stopping after limit+1 people meeting every other
// condition, and merges the walks.
func (d *DB) peopleByWord(ctx context.Context, q *peopleQuery, plan peoplePlan, after *pageCursor, limit int) ([]*canbo.Person, int, string, error) {
	w := plan.word
	// The other search words are checked on the walked entry's list of words, rarest first;
	// the other conditions on the person's id before the person's row is read, since most
	// entries fail them.
	where := cat(d.wordChecks(q, w.token), q.where("d.person_id", q.tokCond...))
	// SQLite would take the primary key for "word = ?" and sort; the order index is the point,
	// and it holds everything the checks read.
	index := d.dialect.indexed("person_words_order")
	page := fragment{}
	if after != nil {
		page = frag(` AND d.sort_key >= ? AND (d.sort_key > ? OR d.person_id > ?)`, after.key, after.key, after.id)
	}
	// One walk per word, all in one statement, each stopping after limit+1 people; merged here
	// by key, the page's people are then read by id. A first page of a word whose matches in
	// the set are estimated few walks each word up to the count's cap instead, and counts
	// itself: its walks read most of the word's entries either way, and the count read them
	// all again (a rare full name as the city officer: 152,000 entries of "phuong", twice).
	whole := after == nil && !q.exact && w.matches*plan.share*2 <= float64(canbo.PeopleCountCap)
	walkLimit := limit + 1
	if whole {
		walkLimit = canbo.PeopleCountCap + 1
	}
	people, joinCond := ``, ``
	if q.readsRow(q.tokCond...) {
		people, joinCond = ` CROSS JOIN people p`, ` AND p.id = d.person_id`
	}
	var walks []fragment
	for i, word := range w.words {
		walks = append(walks, cat(frag(`SELECT w.person_id, w.sort_key, `+strconv.Itoa(i)+` FROM (SELECT d.person_id, d.sort_key FROM person_words d`+index+people+`
			WHERE d.kind = 'name' AND d.word = ?`+joinCond, word), page, where, frag(` ORDER BY d.sort_key, d.person_id LIMIT ?) w`, walkLimit)))
	}
	sql, args := cat(q.with(), join("\nUNION ALL\n", walks)).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, 0, "", mapError(err)
	}
	type hit struct {
		id  int64
		key []byte
	}
	var hits []hit
	seen := map[int64]bool{} // a person may have two of the words ("An" and "Anh")
	walked := make([]int, len(w.words))
	for rows.Next() {
		var h hit
		var walk int
		if err := rows.Scan(&h.id, &h.key, &walk); err != nil {
			rows.Close()
			return nil, 0, "", err
		}
		walked[walk]++
		if !seen[h.id] {
			seen[h.id] = true
			hits = append(hits, h)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, "", mapError(err)
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(bytes.Compare(a.key, b.key), cmp.Compare(a.id, b.id)) })
	matched := len(hits)
	hits = hits[:min(len(hits), limit+1)]
	ids := make([]any, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	found, keys, err := d.peopleByID(ctx, ids)
	if err != nil {
		return nil, 0, "", err
	}
	// A first page that is the whole answer counts itself; else count.
	total := len(found)
	switch {
	case whole && slices.Contains(walked, walkLimit): // a word alone has more than the cap
		total = canbo.PeopleCountCap + 1
	case whole:
		total = matched
	case after == nil && len(found) <= limit:
	case plan.setCount:
		total, err = d.countFromSet(ctx, q)
	default:
		// The people's rows are read only if a condition needs more than their id. One walk
		// per word; a person having two of the words is counted under the first only (the
		// entry lists all the person's words). UNION ALL, unlike UNION, stops at the cap.
		var sel []fragment
		for i, word := range w.words {
			var first []fragment
			for _, prev := range w.words[:i] {
				first = append(first, frag(`NOT `+d.dialect.contains(`' ' || d.words || ' '`), " "+prev+" "))
			}
			sel = append(sel, cat(frag(`SELECT d.person_id FROM person_words d`+index+people+` WHERE d.kind = 'name' AND d.word = ?`, word),
				and(first...), frag(joinCond), where))
		}
		total, err = d.countCapped(ctx, cat(q.with(), join(" UNION ALL ", sel)), q.exact)
	}
	if err != nil {
		return nil, 0, "", err
	}
	return pageOf(found, keys, total, limit)
}

// peopleInOrder reads people in sort-key order and checks each.
func (d *DB) peopleInOrder(ctx context.Context, q *peopleQuery, plan peoplePlan, after *pageCursor, limit int) ([]*canbo.Person, int, string, error) {
	where := q.where("p.id")
	var total int
	var err error
	if plan.setCount {
		total, err = d.countFromSet(ctx, q)
	} else {
		total, err = d.countCapped(ctx, cat(q.with(), frag(`SELECT 1 FROM people p WHERE 1 = 1`), where), q.exact)
	}
	if err != nil {
		return nil, 0, "", err
	}
	page := fragment{}
	if after != nil {
		page = frag(` AND p.sort_key >= ? AND (p.sort_key > ? OR p.id > ?)`, after.key, after.key, after.id)
	}
	people, keys, _, err := d.scanPeople(ctx, cat(q.with(), frag(`SELECT `+personColumns+`, p.sort_key, 0 FROM people p WHERE 1 = 1`), page, where,
		frag(` ORDER BY p.sort_key, p.id LIMIT ?`, limit+1)))
	if err != nil {
		return nil, 0, "", err
	}
	return pageOf(people, keys, total, limit)
}

// primaryWords is SQLite's name for the primary key index of person_words (word, person_id,
// kind).
const primaryWords = "sqlite_autoindex_person_words_1"

// peopleByID reads people in the order of ids, with their sort keys.
func (d *DB) peopleByID(ctx context.Context, ids []any) ([]*canbo.Person, [][]byte, error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	found, keys, _, err := d.scanPeople(ctx, cat(frag(`SELECT `+personColumns+`, p.sort_key, 0 FROM people p WHERE p.id IN (`), listOf(ids), frag(`)`)))
	if err != nil {
		return nil, nil, err
	}
	at := make(map[int64]int, len(found))
	for i, p := range found {
		at[p.ID] = i
	}
	people, ordered := make([]*canbo.Person, 0, len(ids)), make([][]byte, 0, len(ids))
	for _, id := range ids {
		if i, ok := at[id.(int64)]; ok {
			people, ordered = append(people, found[i]), append(ordered, keys[i])
		}
	}
	return people, ordered, nil
}

// countCapped counts the rows of a query up to PeopleCountCap + 1, or all of them if exact.
func (d *DB) countCapped(ctx context.Context, rows fragment, exact bool) (int, error) {
	var n int
	limit := frag(` LIMIT ?) t`, canbo.PeopleCountCap+1)
	if exact {
		limit = frag(`) t`)
	}
	sql, args := cat(frag(`SELECT COUNT(*) FROM (`), rows, limit).bind(d.dialect)
	err := d.db.QueryRowContext(ctx, sql, args...).Scan(&n)
	return n, mapError(err)
}

// scanPeople reads people with their sort key and a count column (total is -1 without rows).
func (d *DB) scanPeople(ctx context.Context, q fragment) ([]*canbo.Person, [][]byte, int, error) {
	sql, args := q.bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, nil, 0, mapError(err)
	}
	defer rows.Close()
	var people []*canbo.Person
	var keys [][]byte
	total := -1
	for rows.Next() {
		var key []byte
		p, err := scanPerson(rows, &key, &total)
		if err != nil {
			return nil, nil, 0, err
		}
		redact(ctx, p)
		people, keys = append(people, p), append(keys, key)
	}
	return people, keys, total, rows.Err()
}

// pageOf cuts the limit+1 rows read to a page and the cursor of the next.
func pageOf(people []*canbo.Person, keys [][]byte, total, limit int) ([]*canbo.Person, int, string, error) {
	next := ""
	if len(people) > limit {
		people, keys = people[:limit], keys[:limit]
		next = encodeCursor(keys[limit-1], people[limit-1].ID)
	}
	return people, total, next, nil
}
