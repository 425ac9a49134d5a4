// Package cleaning finds likely mistakes among personal records: the same person typed twice,
// a name part typed without its marks, an identity number that disagrees with the record. It
// reads no database: the store selects the records the caller may see and hands them here, the
// way package remind works, so the matching is tested on tables of records (docs/DESIGN.md,
// data cleaning).
package cleaning

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"canbo"
	"canbo/vn"
)

// nameRatio is how many times more frequent a marked spelling must be than the same name part
// typed without marks before the unmarked one is flagged: "Nguyen" beside a common "Nguyễn" is a
// typing slip, "Lan" beside a rare "Lân" is a name.
const nameRatio = 20

// Record is what finding mistakes needs of a record: no more than identifies it. A Folder
// makes it.
type Record struct {
	id       int64
	sex      canbo.Sex
	birth    string    // stored ISO partial date: "1965", "1965-09" or "1965-09-02"
	parts    [3]string // family, middle, given as stored (NFC)
	folds    [3]string // the same, folded
	identity string    // only read for callers granted GrantIdentity
	places   [2]string // birth place and home town, folded: facts of a person that never change
}

// Folder makes Records, folding each spelling once: names and places repeat a lot, and a
// city's records are read at once.
type Folder map[string]string

func (f Folder) fold(s string) string {
	x, ok := f[s]
	if !ok {
		x = vn.Fold(s)
		f[s] = x
	}
	return x
}

// Record returns the record of a person as stored: parts are the family, middle and given
// names, places the birth place and home town, identity the identity number — empty unless the
// caller is granted GrantIdentity, so that it neither shows nor weighs for the others.
func (f Folder) Record(id int64, sex canbo.Sex, birth string, parts [3]string, places [2]string, identity string) Record {
	r := Record{id: id, sex: sex, birth: birth, parts: parts, identity: identity}
	for i, p := range places {
		r.places[i] = f.fold(p)
	}
	for i, p := range parts {
		r.folds[i] = f.fold(p)
	}
	return r
}

// Kinds returns the kinds of findings offered to a caller — identity findings only to callers
// granted GrantIdentity — and the kinds asked (every kind offered when none is asked), refusing
// an unknown kind or one not offered.
func Kinds(asked []canbo.FindingKind, granted bool) (offered, kinds []canbo.FindingKind, err error) {
	for _, k := range canbo.FindingKinds {
		if k != canbo.FindingIdentity || granted {
			offered = append(offered, k)
		}
	}
	kinds = asked
	if len(kinds) == 0 {
		kinds = offered
	}
	for _, k := range kinds {
		switch {
		case !slices.Contains(canbo.FindingKinds, k):
			return nil, nil, canbo.Invalid("kind", "err.cleaning.cleaning.kind", k)
		case !slices.Contains(offered, k):
			return nil, nil, canbo.Errork(canbo.EFORBIDDEN, "err.cleaning.cleaning.identity_forbidden")
		}
	}
	return offered, kinds, nil
}

// Find compares the records: it counts the findings of every kind offered and returns those of
// the kinds asked, strongest first (then by the records' ids). Duplicates are found by
// blocking — two records of one person typed twice share sex, birth year and two of their three
// folded name parts, since a single slip changes one part — so only records of a block are
// compared. granted says whether identity numbers were read (and may weigh in a finding).
func Find(recs []Record, offered, kinds []canbo.FindingKind, granted bool) (counts map[canbo.FindingKind]int, found []canbo.Finding) {
	return FindExcept(recs, offered, kinds, granted, nil)
}

// FindExcept is Find leaving out the duplicate pairs an officer marked as two people
// (dismissed, keyed by the smaller id first), from the counts as from the findings.
func FindExcept(recs []Record, offered, kinds []canbo.FindingKind, granted bool, dismissed map[[2]int64]bool) (counts map[canbo.FindingKind]int, found []canbo.Finding) {
	counts = map[canbo.FindingKind]int{}
	for _, k := range offered {
		var fs []canbo.Finding
		switch k {
		case canbo.FindingDuplicate:
			fs = slices.DeleteFunc(duplicates(recs, granted), func(f canbo.Finding) bool {
				a, b := f.People[0].ID, f.People[len(f.People)-1].ID
				return dismissed[[2]int64{min(a, b), max(a, b)}]
			})
		case canbo.FindingName:
			fs = unmarkedNames(recs)
		case canbo.FindingIdentity:
			fs = identityFindings(recs)
		}
		counts[k] = len(fs)
		if slices.Contains(kinds, k) {
			found = append(found, fs...)
		}
	}
	slices.SortStableFunc(found, func(a, b canbo.Finding) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.People[0].ID, b.People[0].ID),
			cmp.Compare(a.People[len(a.People)-1].ID, b.People[len(b.People)-1].ID))
	})
	return counts, found
}

// Page returns the findings from offset on, at most limit of them: 50 when limit is not
// positive, never more than canbo.MaxFindings.
func Page(all []canbo.Finding, offset, limit int) []canbo.Finding {
	switch {
	case limit <= 0:
		limit = 50
	case limit > canbo.MaxFindings:
		limit = canbo.MaxFindings
	}
	from := min(max(offset, 0), len(all))
	return all[from:min(from+limit, len(all))]
}

// findingPerson is the record as a finding shows it.
func findingPerson(r *Record) canbo.FindingPerson {
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
func compareEntries(recs []Record, x, y *blockEntry) int {
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
func duplicates(recs []Record, granted bool) []canbo.Finding {
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
func confirmPair(a, b *Record, p int, granted bool) (canbo.Finding, bool) {
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
func unmarkedNames(recs []Record) []canbo.Finding {
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
func identityFindings(recs []Record) []canbo.Finding {
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
