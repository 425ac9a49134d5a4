package rules

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"canbo"
	"canbo/locale"
	"canbo/vn"
)

// Set holds every version of every rule. It is plain data: it marshals to and from the JSON of
// defaults.json, so an administrator's additions can be stored and reloaded.
type Set struct {
	RetirementVersions []RetirementParams `json:"retirement"`
	CongressVersions   []CongressParams   `json:"congress"`
	TermVersions       []TermParams       `json:"term"`
	SalaryStepVersions []SalaryStepParams `json:"salary_step"`
	ProbationVersions  []ProbationParams  `json:"probation"`
	PartyOrgVersions   []PartyOrgParams   `json:"party_org"`
	DisciplineVersions []DisciplineParams `json:"discipline"`
	PlanningVersions   []PlanningParams   `json:"planning"`
	InnovationVersions []InnovationParams `json:"innovation"`
	SecondmentVersions []SecondmentParams `json:"secondment"`
}

//go:embed defaults.json
var defaultsJSON []byte

var defaultSet = sync.OnceValues(func() (*Set, error) { return Parse(defaultsJSON) })

// Defaults returns the rule versions shipped with the program (defaults.json, with the documents
// listed in docs/RULES.md). Each call returns a fresh copy that the caller may change. The embedded
// file is checked by the tests; should it ever fail to load, Defaults returns an empty Set, whose
// lookups report that no version is in force rather than crash a server.
func Defaults() *Set {
	s, err := defaultSet()
	if err != nil {
		return &Set{}
	}
	return s.Clone()
}

// Parse reads a Set from JSON, refusing unknown fields so that a misspelt parameter in an
// administrator's file is an error, not a silently ignored value. It does not call Validate.
func Parse(data []byte) (*Set, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Set
	if err := dec.Decode(&s); err != nil {
		return nil, canbo.Errork(canbo.EINVALID, "err.rules.set.invalid", err)
	}
	return &s, nil
}

// Clone returns a deep copy of s.
func (s *Set) Clone() *Set {
	b, err := json.Marshal(s)
	if err != nil {
		return &Set{}
	}
	c, err := Parse(b)
	if err != nil {
		return &Set{}
	}
	return c
}

// The keys of the rules (RuleInfo.Key); messages name a rule by the word "rule.<key>".
const (
	ruleRetirement = "retirement"
	ruleCongress   = "congress"
	ruleTerm       = "term"
	ruleSalary     = "salary_step"
	ruleProbation  = "probation"
	rulePartyOrg   = "party_org"
	ruleDiscipline = "discipline"
	rulePlanning   = "planning"
	ruleInnovation = "innovation"
	ruleSecondment = "secondment"
)

type versioned interface{ version() Version }

// pick returns the version in force on day on.
func pick[T versioned](rule string, vs []T, on time.Time) (T, error) {
	for _, v := range vs {
		if v.version().InForce(on) {
			return v, nil
		}
	}
	var zero T
	return zero, canbo.Errork(canbo.ENOTFOUND, "err.rules.set.notfound", ruleName(rule), vn.FormatDay(on))
}

// latest returns the version that starts last.
func latest[T versioned](rule string, vs []T) (T, error) {
	var best T
	var bestFrom time.Time
	found := false
	for _, v := range vs {
		from, _, err := v.version().Period()
		if err == nil && (!found || from.After(bestFrom)) {
			best, bestFrom, found = v, from, true
		}
	}
	if !found {
		return best, canbo.Errork(canbo.ENOTFOUND, "err.rules.set.no_version", ruleName(rule))
	}
	return best, nil
}

// Retirement returns the retirement rule in force on day on.
func (s *Set) Retirement(on time.Time) (RetirementParams, error) {
	return pick(ruleRetirement, s.RetirementVersions, on)
}

// Congress returns the congress age rule in force on day on.
func (s *Set) Congress(on time.Time) (CongressParams, error) {
	return pick(ruleCongress, s.CongressVersions, on)
}

// LatestCongress returns the congress age rule that took effect last: the one for the coming
// (or current) congress season.
func (s *Set) LatestCongress() (CongressParams, error) {
	return latest(ruleCongress, s.CongressVersions)
}

// Term returns the appointment-term rule in force on day on.
func (s *Set) Term(on time.Time) (TermParams, error) { return pick(ruleTerm, s.TermVersions, on) }

// SalaryStep returns the salary-step rule in force on day on.
func (s *Set) SalaryStep(on time.Time) (SalaryStepParams, error) {
	return pick(ruleSalary, s.SalaryStepVersions, on)
}

// Probation returns the party-probation rule in force on day on.
func (s *Set) Probation(on time.Time) (ProbationParams, error) {
	return pick(ruleProbation, s.ProbationVersions, on)
}

// PartyOrg returns the admission-age and organisation-size rule in force on day on.
func (s *Set) PartyOrg(on time.Time) (PartyOrgParams, error) {
	return pick(rulePartyOrg, s.PartyOrgVersions, on)
}

// Discipline returns the rule on waits after discipline in force on day on.
func (s *Set) Discipline(on time.Time) (DisciplineParams, error) {
	return pick(ruleDiscipline, s.DisciplineVersions, on)
}

// Innovation returns the deadlines of the innovation-proposal procedure in force on day on.
func (s *Set) Innovation(on time.Time) (InnovationParams, error) {
	return pick(ruleInnovation, s.InnovationVersions, on)
}

// Secondment returns the limit on a secondment's period in force on day on.
func (s *Set) Secondment(on time.Time) (SecondmentParams, error) {
	return pick(ruleSecondment, s.SecondmentVersions, on)
}

// RetirementFor computes a retirement with the version in force at the retirement time itself
// (a retirement that happened in 2020 follows the law of 2020). It starts from the latest version
// and moves to the version in force on the computed retirement day until they agree.
func (s *Set) RetirementFor(birth vn.Date, sex canbo.Sex, lowerYears int) (RetirementResult, error) {
	p, err := latest(ruleRetirement, s.RetirementVersions)
	if err != nil {
		return RetirementResult{}, err
	}
	for range len(s.RetirementVersions) + 1 {
		r, err := Retirement(p, birth, sex, lowerYears)
		if err != nil {
			return RetirementResult{}, err
		}
		if p.InForce(r.Date) {
			return r, nil
		}
		if p, err = s.Retirement(r.Date); err != nil {
			return RetirementResult{}, err
		}
	}
	return RetirementResult{}, canbo.Errork(canbo.EINVALID, "err.rules.set.versions_disagree", ruleName(ruleRetirement))
}

// Validate checks the Set: every version has a source and a valid period, the versions of each
// rule neither overlap nor leave a gap between them, and the parameters are usable. It returns
// nil or an EINVALID *canbo.Error whose message lists every problem in Vietnamese, one a line,
// naming the rule and the dates.
func (s *Set) Validate() error {
	var problems problemList
	problems = append(problems, checkVersions(ruleRetirement, s.RetirementVersions, checkRetirement)...)
	problems = append(problems, checkVersions(ruleCongress, s.CongressVersions, checkCongress)...)
	problems = append(problems, checkVersions(ruleTerm, s.TermVersions, checkTerm)...)
	problems = append(problems, checkVersions(ruleSalary, s.SalaryStepVersions, checkSalary)...)
	problems = append(problems, checkVersions(ruleProbation, s.ProbationVersions, checkProbation)...)
	problems = append(problems, checkVersions(rulePartyOrg, s.PartyOrgVersions, checkPartyOrg)...)
	problems = append(problems, checkVersions(ruleDiscipline, s.DisciplineVersions, checkDiscipline)...)
	problems = append(problems, checkVersions(rulePlanning, s.PlanningVersions, checkPlanning)...)
	problems = append(problems, checkVersions(ruleInnovation, s.InnovationVersions, checkInnovation)...)
	problems = append(problems, checkVersions(ruleSecondment, s.SecondmentVersions, checkSecondment)...)
	if len(problems) == 0 {
		return nil
	}
	return canbo.Errork(canbo.EINVALID, "err.rules.set.problems", problems)
}

// checkVersions checks one rule's versions: each on its own, then in order of From for overlaps
// and gaps.
func checkVersions[T versioned](rule string, vs []T, check func(T) problemList) problemList {
	var problems problemList
	name := ruleName(rule)
	if len(vs) == 0 {
		return problemList{canbo.Say("err.rules.set.none", name)}
	}
	type span struct {
		from, to time.Time
		name     any // the version's source, or a phrase naming it by its start
	}
	var spans []span
	for _, v := range vs {
		ver := v.version()
		var version any = ver.Source.Cite()
		if ver.Source.Number == "" && ver.Source.Title == "" {
			problems = append(problems, canbo.Say("err.rules.set.no_source", name, ver.From))
			version = canbo.Say("err.rules.set.version_from", ver.From)
		}
		if st := ver.Source.Status; st != "firm" && st != "check" {
			problems = append(problems, canbo.Say("err.rules.set.in_version", name, version, canbo.Say("err.rules.set.status", st)))
		}
		from, to, err := ver.Period()
		if err != nil {
			problems = append(problems, canbo.Say("err.rules.set.in_version", name, version, canbo.Say("err.rules.set.period", err)))
			continue
		}
		for _, p := range check(v) {
			problems = append(problems, canbo.Say("err.rules.set.in_version", name, version, p))
		}
		spans = append(spans, span{from, to, version})
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from.Compare(b.from) })
	for i := 1; i < len(spans); i++ {
		a, b := spans[i-1], spans[i]
		switch {
		case a.to.IsZero() || a.to.After(b.from):
			end := canbo.Say("err.rules.set.open_ended")
			if !a.to.IsZero() {
				end = canbo.Say("err.rules.set.until", vn.FormatDay(a.to.AddDate(0, 0, -1)))
			}
			problems = append(problems, canbo.Say("err.rules.set.overlap",
				name, a.name, vn.FormatDay(a.from), end, b.name, vn.FormatDay(b.from)))
		case a.to.Before(b.from):
			problems = append(problems, canbo.Say("err.rules.set.gap",
				name, vn.FormatDay(a.to), vn.FormatDay(b.from.AddDate(0, 0, -1)), a.name, b.name))
		}
	}
	return problems
}

func checkRetirement(p RetirementParams) problemList {
	var out problemList
	for sex, t := range map[locale.Word]RetirementTrack{"err.rules.set.men": p.Male, "err.rules.set.women": p.Female} {
		switch {
		case t.Previous.InMonths() <= 0 || t.Base.InMonths() <= 0 || t.Cap.InMonths() <= 0:
			out = append(out, canbo.Say("err.rules.set.retirement_age", sex))
		case t.StepMonths < 0 || t.Cap.InMonths() < t.Base.InMonths():
			out = append(out, canbo.Say("err.rules.set.retirement_steps", sex))
		}
	}
	if p.StartYear < vn.MinYear || p.StartYear > vn.MaxYear {
		out = append(out, canbo.Say("err.rules.set.start_year", p.StartYear))
	}
	if p.NoticeMonths < 0 || p.DecisionMonths < 0 {
		out = append(out, canbo.Say("err.rules.set.notice"))
	}
	out.sort()
	return out
}

func checkCongress(p CongressParams) problemList {
	var out problemList
	if p.FirstTimeMonths <= 0 || p.ReelectMonths <= 0 {
		out = append(out, canbo.Say("err.rules.set.congress_months"))
	}
	seen := map[string]bool{}
	for _, l := range p.Levels {
		if l.Code == "" || seen[l.Code] {
			out = append(out, canbo.Say("err.rules.set.congress_level", l.Code))
		}
		seen[l.Code] = true
		if l.Month.Month < 1 || l.Month.Month > 12 {
			out = append(out, canbo.Say("err.rules.set.congress_month", l.Code))
		}
	}
	return out
}

// problemList holds the problems of a rule set, each a sentence worded in the reader's language
// (an argument of one error, which words it with Local).
type problemList []canbo.Words

// Local words the problems in lang, one a line.
func (l problemList) Local(lang string) string { return l.join(lang, "\n") }

func (l problemList) join(lang, sep string) string {
	out := make([]string, len(l))
	for i, w := range l {
		out[i] = w.Local(lang)
	}
	return strings.Join(out, sep)
}

// sort orders problems found by walking a map by their Vietnamese text, so a message is the same
// every time.
func (l problemList) sort() {
	slices.SortFunc(l, func(a, b canbo.Words) int { return strings.Compare(a.Local("vi"), b.Local("vi")) })
}
