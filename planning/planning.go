// Package planning computes what cadre planning (quy hoạch) and congress personnel work decide
// from records: whether a person may enter a post's pool (docs/RULES.md §planning), when a
// candidate's removal falls due, the composition of a group against the targets of the rule
// version in force, the official ballot order, and who a round of voting elects
// (§congress-composition). It has no database: the store reads the rows and calls it, so the
// same code answers the API, the pages and the tests.
package planning

import (
	"bytes"
	"slices"
	"strings"
	"time"

	"canbo"
	"canbo/rules"
	"canbo/vn"
	"canbo/vocab"
)

// Pool is the leadership post a candidate is checked against.
type Pool struct {
	ID     int64
	UnitID int64
	Title  string
	Level  string
	Rank   int
	Term   string
}

// Held is a post a person holds on the day of planning.
type Held struct {
	UnitID int64
	Title  string
}

// Discipline is a recorded discipline: its level as a rules key (rules.Reprimand…) and the day
// the decision took effect.
type Discipline struct {
	Level string
	On    time.Time
}

// Candidate is what the checks need to know about a person and their other candidacies.
type Candidate struct {
	Name        string
	Birth       vn.Date
	Sex         canbo.Sex
	Held        []Held
	Disciplines []Discipline
	// InPool: already an active candidate of this pool; PoolCount: active candidates of the
	// pool other than the person; LevelPools: other pools of the same level and term the person
	// is an active candidate of; Appointment: an open proposal to appoint the person.
	InPool      bool
	PoolCount   int
	LevelPools  int
	Appointment bool
}

// TermStart returns the month the planned term starts: the congress month of the pool's level
// when the latest congress version is for this term, else January of the term's first year.
func TermStart(set *rules.Set, level, term string) rules.YearMonth {
	first, _, ok := ParseTerm(term)
	if !ok {
		return rules.YearMonth{}
	}
	if c, err := set.LatestCongress(); err == nil {
		if a, _, ok := ParseTerm(c.Term); ok && a == first {
			if l, err := c.Level(level); err == nil {
				return l.Month
			}
		}
	}
	return rules.YM(first, 1)
}

// ParseTerm reads "2025-2030" (or with an en dash) into its years; a term runs five years.
func ParseTerm(s string) (from, to int, ok bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "–", "-")
	a, b, found := strings.Cut(s, "-")
	if !found || len(a) != 4 || len(b) != 4 {
		return 0, 0, false
	}
	from, to = atoi(a), atoi(b)
	if from < 1945 || to != from+5 {
		return 0, 0, false
	}
	return from, to, true
}

// NormalTerm returns the term written with a hyphen, as stored: "2025-2030".
func NormalTerm(s string) string {
	a, b, ok := ParseTerm(s)
	if !ok {
		return strings.TrimSpace(s)
	}
	return itoa(a) + "-" + itoa(b)
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func itoa(n int) string {
	var b [8]byte
	i := len(b)
	for n > 0 || i == len(b) {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Rank returns the place of a leadership title within its unit, 1 the highest: Bí thư 1;
// Phó Bí thư and Chủ tịch 2; Ủy viên Ban Thường vụ and Phó Chủ tịch 3; heads (Trưởng ban,
// Giám đốc, Chánh văn phòng) 4; their deputies 5; any other post 9. It is the default a pool
// takes when none is given, and how a held post is compared with a planned one.
func Rank(title string) int {
	t := vn.Fold(strings.ToLower(strings.TrimSpace(title)))
	switch {
	case strings.HasPrefix(t, "pho bi thu"), strings.HasPrefix(t, "chu tich"):
		return 2
	case strings.HasPrefix(t, "bi thu"):
		return 1
	case strings.HasPrefix(t, "uy vien ban thuong vu"), strings.HasPrefix(t, "pho chu tich"):
		return 3
	case strings.HasPrefix(t, "pho truong"), strings.HasPrefix(t, "pho giam doc"), strings.HasPrefix(t, "pho chanh"):
		return 5
	case strings.HasPrefix(t, "truong"), strings.HasPrefix(t, "giam doc"), strings.HasPrefix(t, "chanh"):
		return 4
	}
	return 9
}

// sameTitle compares titles as typed, ignoring case, marks and spacing.
func sameTitle(a, b string) bool {
	return strings.Join(strings.Fields(vn.Fold(strings.ToLower(a))), " ") == strings.Join(strings.Fields(vn.Fold(strings.ToLower(b))), " ")
}

// Check decides whether a person may enter a pool on day on, in the order a reader would look:
// already in the pool, the post not higher than one held, an open appointment proposal, the
// pool full, the person's pools of this level, age for the planned term, discipline within its
// wait. The error names the rule broken and the document it comes from; nil means allowed.
func Check(set *rules.Set, pool Pool, c Candidate, on time.Time) error {
	p, err := set.Planning(on)
	if err != nil {
		return err
	}
	src := p.Source.Cite()
	if c.InPool {
		return canbo.Invalid("person_id", "err.planning.planning.in_pool", c.Name, pool.Title).WithCode(canbo.ECONFLICT)
	}
	for _, h := range c.Held {
		if sameTitle(h.Title, pool.Title) || (h.UnitID == pool.UnitID && Rank(h.Title) <= pool.Rank) {
			return canbo.Invalid("person_id", "err.planning.planning.not_higher", c.Name, h.Title, pool.Title, src)
		}
	}
	if c.Appointment {
		return canbo.Invalid("person_id", "err.planning.planning.appointment", c.Name, src)
	}
	if c.PoolCount >= p.MaxCandidatesPerPost {
		return canbo.Invalid("person_id", "err.planning.planning.pool_full", pool.Title, c.PoolCount, p.MaxCandidatesPerPost, src)
	}
	if c.LevelPools >= p.MaxPostsPerPerson {
		return canbo.Invalid("person_id", "err.planning.planning.level_full", c.Name, c.LevelPools, p.MaxPostsPerPerson, src)
	}
	ret, err := set.RetirementFor(c.Birth, c.Sex, 0)
	if err != nil {
		// No retirement version covers the person's retirement: it lies before every version
		// known, so no working time is left.
		return canbo.Invalid("person_id", "err.planning.planning.age_unknown", c.Name, canbo.ErrorMessage(err))
	}
	start := TermStart(set, pool.Level, pool.Term)
	if m := rules.MonthOf(on); m.Sub(start) > 0 {
		start = m
	}
	if left := ret.Month.Sub(start); left < p.TermMonths {
		return canbo.Invalid("person_id", "err.planning.planning.age", c.Name, ret.Month.VN(), start.VN(), left, p.TermMonths, src)
	}
	for _, d := range c.Disciplines {
		if d.On.After(on) {
			continue
		}
		dp, err := set.Discipline(d.On)
		if err != nil {
			dp, err = set.Discipline(on)
		}
		if err != nil {
			return err
		}
		if d.Level == rules.Expulsion {
			return canbo.Invalid("person_id", "err.planning.planning.expelled", c.Name)
		}
		until, err := rules.PromotionAllowedFrom(dp, d.Level, d.On)
		if err != nil {
			return err
		}
		if on.Before(until) {
			return canbo.Invalid("person_id", "err.planning.planning.discipline", c.Name, vn.FormatDay(d.On), vn.FormatDay(until), dp.Source.Cite())
		}
	}
	return nil
}

// Removals returns the removals from the plan a candidate in the pool since day from is due
// for: by age on the 1st of the first month from which less than a full term of working time
// is left before retirement, and by discipline on the day each decision of a removing level
// took effect (on or after from). The rule version is the one in force on each day.
func Removals(set *rules.Set, c Candidate, from time.Time) ([]canbo.PlanningDue, error) {
	var out []canbo.PlanningDue
	p, err := set.Planning(from)
	if err != nil {
		return nil, err
	}
	ret, err := set.RetirementFor(c.Birth, c.Sex, 0)
	if err != nil {
		return nil, canbo.Invalid("person_id", "err.planning.planning.age_unknown", c.Name, canbo.ErrorMessage(err))
	}
	due := ret.Month.AddMonths(1 - p.TermMonths)
	day := due.FirstDay()
	if day.Before(from) {
		day = from
	}
	if q, err := set.Planning(day); err == nil {
		p = q
	}
	out = append(out, canbo.PlanningDue{Day: day, Kind: "age",
		Reason: canbo.Say("planning.due_age", ret.Month.VN(), p.TermMonths, p.Source.Cite())})
	for _, d := range c.Disciplines {
		if d.On.Before(from) {
			continue
		}
		q, err := set.Planning(d.On)
		if err != nil {
			q = p
		}
		if q.Removes(d.Level) {
			out = append(out, canbo.PlanningDue{Day: d.On, Kind: "discipline",
				Reason: canbo.Say("planning.due_discipline", vn.FormatDay(d.On), q.Source.Cite())})
		}
	}
	slices.SortStableFunc(out, func(a, b canbo.PlanningDue) int { return a.Day.Compare(b.Day) })
	return out, nil
}

// Member is one person counted in a composition.
type Member struct {
	Birth     vn.Date
	Sex       canbo.Sex
	Ethnicity string // "" when unknown or not granted
	Reelect   bool
}

// Targets are the composition targets and the age limits it is counted with.
type Targets struct {
	YoungAge      int
	YoungPercent  int
	WomenPercent  int
	EthnicPercent int
	Bands         []int
	Source        string
}

// PlanTargets returns the targets of a planning rule version.
func PlanTargets(p rules.PlanningParams) Targets {
	return Targets{YoungAge: p.YoungAge, YoungPercent: p.YoungPercent, WomenPercent: p.WomenPercent,
		EthnicPercent: p.EthnicPercent, Bands: p.AgeBands, Source: p.Source.Cite()}
}

// CongressTargets returns the committee targets of a congress rule version (none when the
// version has no composition).
func CongressTargets(p rules.CongressParams) Targets {
	t := Targets{Source: p.Source.Cite()}
	if c := p.Composition; c != nil {
		t.YoungAge, t.YoungPercent, t.WomenPercent = c.YoungAge, c.YoungPercent, c.WomenPercent
	}
	return t
}

// AgeAt returns the age in whole years on day at of a person born on birth (a partial date
// counts from its first possible day).
func AgeAt(birth vn.Date, at time.Time) int {
	b := birth.First()
	years := at.Year() - b.Year()
	if at.Month() < b.Month() || (at.Month() == b.Month() && at.Day() < b.Day()) {
		years--
	}
	return years
}

// IsMinority reports whether a recorded ethnicity is a minority: any but Kinh, stored as its
// code (canbo.MajorityEthnicity) or, in a record typed before the lists, by a name vocab reads.
func IsMinority(ethnicity string) bool {
	return ethnicity != "" && vocab.Ethnicities.Normalize(ethnicity) != canbo.MajorityEthnicity
}

// Compose counts members as of day at: women, young (under the target's age), ethnic
// minorities (only when ethnicKnown: the caller holds the background grant), re-elected and
// new, and the age bands; Notes word each target not met.
func Compose(members []Member, t Targets, at time.Time, ethnicKnown bool) canbo.Composition {
	c := canbo.Composition{Total: len(members), Bands: make([]int, len(t.Bands)+1), YoungAge: t.YoungAge,
		WomenPercent: t.WomenPercent, YoungPercent: t.YoungPercent, EthnicPercent: t.EthnicPercent}
	ethnic := 0
	for _, m := range members {
		if m.Sex == canbo.Female {
			c.Women++
		}
		age := AgeAt(m.Birth, at)
		if t.YoungAge > 0 && age < t.YoungAge {
			c.Young++
		}
		band := len(t.Bands)
		for i, limit := range t.Bands {
			if age < limit {
				band = i
				break
			}
		}
		c.Bands[band]++
		if IsMinority(m.Ethnicity) {
			ethnic++
		}
		if m.Reelect {
			c.Reelect++
		} else {
			c.New++
		}
	}
	if ethnicKnown {
		c.Ethnic = &ethnic
	}
	if c.Total == 0 {
		return c
	}
	below := func(n, pct int) bool { return n*100 < pct*c.Total }
	if t.WomenPercent > 0 && below(c.Women, t.WomenPercent) {
		c.Notes = append(c.Notes, canbo.Say("planning.below_women", c.Women, c.Total, t.WomenPercent, t.Source))
	}
	if t.YoungPercent > 0 && below(c.Young, t.YoungPercent) {
		c.Notes = append(c.Notes, canbo.Say("planning.below_young", c.Young, c.Total, t.YoungAge, t.YoungPercent, t.Source))
	}
	if ethnicKnown && t.EthnicPercent > 0 && below(ethnic, t.EthnicPercent) {
		c.Notes = append(c.Notes, canbo.Say("planning.below_ethnic", ethnic, c.Total, t.EthnicPercent, t.Source))
	}
	if len(t.Bands) > 0 {
		for _, n := range c.Bands {
			if n == 0 {
				c.Notes = append(c.Notes, canbo.Say("planning.bands", len(c.Bands), t.Source))
				break
			}
		}
	}
	return c
}

// Named is a person to order on a ballot.
type Named struct {
	ID                           int64
	Family, Middle, Given, Birth string
}

// BallotOrder sorts people in the official order of a ballot: given name, family name, middle
// name, then birth date, in Vietnamese collation (vn.PersonKey), then id.
func BallotOrder(people []Named) {
	keys := make(map[int64][]byte, len(people))
	for _, p := range people {
		keys[p.ID] = vn.PersonKey(p.Family, p.Middle, p.Given, p.Birth)
	}
	slices.SortStableFunc(people, func(a, b Named) int {
		if c := bytes.Compare(keys[a.ID], keys[b.ID]); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
}

// Elect decides a round: a candidate is elected with more than abovePercent of the valid
// ballots, in order of votes, up to the seats left; when candidates tied at the last seat would
// overfill it, none of them is elected (a further round decides).
func Elect(votes []int, ballots, abovePercent, seats int) []bool {
	out := make([]bool, len(votes))
	if ballots <= 0 || seats <= 0 {
		return out
	}
	var over []int
	for i, v := range votes {
		if v*100 > abovePercent*ballots {
			over = append(over, i)
		}
	}
	slices.SortStableFunc(over, func(a, b int) int { return votes[b] - votes[a] })
	for k := 0; k < len(over); {
		j := k
		for j < len(over) && votes[over[j]] == votes[over[k]] {
			j++
		}
		if j > seats {
			break
		}
		for _, i := range over[k:j] {
			out[i] = true
		}
		k = j
	}
	return out
}
