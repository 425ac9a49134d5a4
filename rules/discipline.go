package rules

import (
	"slices"
	"strings"
	"time"

	"canbo"
)

// Discipline levels, as keys of DisciplineParams.WaitMonths and SalaryStepParams.ExtensionMonths.
const (
	Reprimand = "reprimand" // khiển trách
	Warning   = "warning"   // cảnh cáo
	Demotion  = "demotion"  // giáng chức / hạ bậc lương
	Removal   = "removal"   // cách chức
	Expulsion = "expulsion" // khai trừ (party) / buộc thôi việc (state): no promotion follows
)

// DisciplineParams is one version of the rule on how long promotion to a higher post waits after
// a discipline decision.
type DisciplineParams struct {
	Version
	WaitMonths map[string]int `json:"wait_months"` // reprimand 24, warning 36, removal 60
}

// PromotionAllowedFrom returns the first day a person disciplined at level by a decision
// effective on decided may be appointed or proposed to a higher post: decided plus the wait for
// that level.
func PromotionAllowedFrom(p DisciplineParams, level string, decided time.Time) (time.Time, error) {
	if level == Expulsion {
		return time.Time{}, invalid("level", "err.rules.discipline.level")
	}
	m, ok := p.WaitMonths[level]
	if !ok {
		keys := make([]string, 0, len(p.WaitMonths))
		for k := range p.WaitMonths {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return time.Time{}, invalid("level", "err.rules.discipline.level_unknown", level, p.Source.Cite(), strings.Join(keys, ", "))
	}
	return addMonths(decided, m), nil
}

// checks of the remaining parameter sets, used by Set.Validate.

func checkTerm(p TermParams) problemList {
	var out problemList
	if p.Years <= 0 || p.Years > 50 || p.NoticeWorkingDays < 0 || p.NoticeWorkingDays > 1000 {
		out = append(out, canbo.Say("err.rules.discipline.term"))
	}
	if p.ExtendBelowMonths < 0 || p.FullTermMonths < p.ExtendBelowMonths {
		out = append(out, canbo.Say("err.rules.discipline.extend"))
	}
	return out
}

func checkSalary(p SalaryStepParams) problemList {
	var out problemList
	for _, c := range []GradeClass{University, Lower} {
		if p.Months[c] <= 0 {
			out = append(out, canbo.Say("err.rules.discipline.step_months", c))
		}
	}
	if p.SeniorityStepMonths <= 0 || p.EarlyMaxMonths < 0 || p.EarlyQuotaPercent < 0 || p.EarlyQuotaPercent > 100 {
		out = append(out, canbo.Say("err.rules.discipline.early"))
	}
	for k, v := range p.ExtensionMonths {
		if v < 0 {
			out = append(out, canbo.Say("err.rules.discipline.extension", k))
		}
	}
	out.sort()
	return out
}

func checkProbation(p ProbationParams) problemList {
	if p.Months <= 0 {
		return problemList{canbo.Say("err.rules.discipline.probation")}
	}
	return nil
}

func checkPartyOrg(p PartyOrgParams) problemList {
	var out problemList
	if p.AdmissionMinAge.InMonths() <= 0 || p.AdmissionMaxAge.InMonths() < p.AdmissionMinAge.InMonths() {
		out = append(out, canbo.Say("err.rules.discipline.admission_ages"))
	}
	if p.MinFullMembers <= 0 || p.CommitteeThreshold < p.MinFullMembers {
		out = append(out, canbo.Say("err.rules.discipline.members"))
	}
	return out
}

func checkDiscipline(p DisciplineParams) problemList {
	var out problemList
	for _, k := range []string{Reprimand, Warning, Removal} {
		if _, ok := p.WaitMonths[k]; !ok {
			out = append(out, canbo.Say("err.rules.discipline.wait_missing", k))
		}
	}
	for k, v := range p.WaitMonths {
		if v < 0 {
			out = append(out, canbo.Say("err.rules.discipline.wait_negative", k))
		}
	}
	out.sort()
	return out
}
