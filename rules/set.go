package rules

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"canbo"
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

// The Vietnamese names of the rules, used in messages.
const (
	ruleRetirement = "tuổi nghỉ hưu"
	ruleCongress   = "tuổi tham gia cấp ủy tại đại hội"
	ruleTerm       = "thời hạn bổ nhiệm"
	ruleSalary     = "nâng bậc lương"
	ruleProbation  = "thời gian dự bị của đảng viên"
	rulePartyOrg   = "tuổi kết nạp và quy mô tổ chức đảng"
	ruleDiscipline = "thời gian chờ bổ nhiệm sau kỷ luật"
	rulePlanning   = "quy hoạch cán bộ"
	ruleInnovation = "thời hạn xử lý đề xuất đổi mới, sáng tạo"
	ruleSecondment = "thời hạn biệt phái"
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
	return zero, canbo.Errork(canbo.ENOTFOUND, "err.rules.set.notfound", rule, vn.FormatDay(on))
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
		return best, canbo.Errork(canbo.ENOTFOUND, "err.rules.set.no_version", rule)
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
	return RetirementResult{}, canbo.Errork(canbo.EINVALID, "err.rules.set.versions_disagree", ruleRetirement)
}

// Validate checks the Set: every version has a source and a valid period, the versions of each
// rule neither overlap nor leave a gap between them, and the parameters are usable. It returns
// nil or an EINVALID *canbo.Error whose message lists every problem in Vietnamese, one a line,
// naming the rule and the dates.
func (s *Set) Validate() error {
	var problems []string
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
	return canbo.Errorf(canbo.EINVALID, "%s", strings.Join(problems, "\n"))
}

// checkVersions checks one rule's versions: each on its own, then in order of From for overlaps
// and gaps.
func checkVersions[T versioned](rule string, vs []T, check func(T) []string) []string {
	var problems []string
	if len(vs) == 0 {
		return []string{fmt.Sprintf("quy định về %s: chưa có phiên bản nào", rule)}
	}
	type span struct {
		from, to time.Time
		name     string
	}
	var spans []span
	for _, v := range vs {
		ver := v.version()
		name := ver.Source.Cite()
		if ver.Source.Number == "" && ver.Source.Title == "" {
			problems = append(problems, fmt.Sprintf("quy định về %s: phiên bản từ %s thiếu số hiệu và tên văn bản", rule, ver.From))
			name = "phiên bản từ " + ver.From
		}
		if st := ver.Source.Status; st != "firm" && st != "check" {
			problems = append(problems, fmt.Sprintf("quy định về %s, %s: trạng thái nguồn phải là \"firm\" hoặc \"check\", không phải %q", rule, name, st))
		}
		from, to, err := ver.Period()
		if err != nil {
			problems = append(problems, fmt.Sprintf("quy định về %s, %s: thời gian hiệu lực sai: %s", rule, name, canbo.ErrorMessage(err)))
			continue
		}
		for _, p := range check(v) {
			problems = append(problems, fmt.Sprintf("quy định về %s, %s: %s", rule, name, p))
		}
		spans = append(spans, span{from, to, name})
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from.Compare(b.from) })
	for i := 1; i < len(spans); i++ {
		a, b := spans[i-1], spans[i]
		switch {
		case a.to.IsZero() || a.to.After(b.from):
			end := "không thời hạn"
			if !a.to.IsZero() {
				end = "đến hết ngày " + vn.FormatDay(a.to.AddDate(0, 0, -1))
			}
			problems = append(problems, fmt.Sprintf("quy định về %s: %s (hiệu lực từ %s, %s) chồng lên %s (hiệu lực từ %s)",
				rule, a.name, vn.FormatDay(a.from), end, b.name, vn.FormatDay(b.from)))
		case a.to.Before(b.from):
			problems = append(problems, fmt.Sprintf("quy định về %s: khoảng trống từ %s đến hết ngày %s giữa %s và %s",
				rule, vn.FormatDay(a.to), vn.FormatDay(b.from.AddDate(0, 0, -1)), a.name, b.name))
		}
	}
	return problems
}

func checkRetirement(p RetirementParams) []string {
	var out []string
	for sex, t := range map[string]RetirementTrack{"nam": p.Male, "nữ": p.Female} {
		switch {
		case t.Previous.InMonths() <= 0 || t.Base.InMonths() <= 0 || t.Cap.InMonths() <= 0:
			out = append(out, fmt.Sprintf("tuổi nghỉ hưu của %s phải lớn hơn 0", sex))
		case t.StepMonths < 0 || t.Cap.InMonths() < t.Base.InMonths():
			out = append(out, fmt.Sprintf("lộ trình của %s phải tăng dần (bước ≥ 0, tuổi cuối ≥ tuổi năm đầu)", sex))
		}
	}
	if p.StartYear < vn.MinYear || p.StartYear > vn.MaxYear {
		out = append(out, fmt.Sprintf("năm bắt đầu lộ trình %d không hợp lệ", p.StartYear))
	}
	if p.NoticeMonths < 0 || p.DecisionMonths < 0 {
		out = append(out, "số tháng thông báo và ra quyết định nghỉ hưu không được âm")
	}
	slices.Sort(out)
	return out
}

func checkCongress(p CongressParams) []string {
	var out []string
	if p.FirstTimeMonths <= 0 || p.ReelectMonths <= 0 {
		out = append(out, "số tháng công tác còn lại khi tham gia lần đầu và khi tái cử phải lớn hơn 0")
	}
	seen := map[string]bool{}
	for _, l := range p.Levels {
		if l.Code == "" || seen[l.Code] {
			out = append(out, fmt.Sprintf("mã cấp đại hội %q trống hoặc trùng", l.Code))
		}
		seen[l.Code] = true
		if l.Month.Month < 1 || l.Month.Month > 12 {
			out = append(out, fmt.Sprintf("cấp %q: tháng đại hội không hợp lệ", l.Code))
		}
	}
	return out
}
