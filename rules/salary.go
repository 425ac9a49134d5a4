package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// GradeClass groups civil-service grades (ngạch) and professional titles by the training level
// they require, which decides the interval between regular step raises.
type GradeClass string

// The two classes of NĐ 204/2004 (docs/RULES.md §salary-step); the decree's line is drawn at
// college (cao đẳng) level: University covers every grade that requires college training or
// higher (types A0–A3), Lower the grades requiring secondary vocational training or less and
// service staff (types B, C).
const (
	University GradeClass = "university"
	Lower      GradeClass = "lower"
)

// SalaryStepParams is one version of the rules on salary steps.
type SalaryStepParams struct {
	Version
	// Months is the time in a step before the regular raise, per class (36 and 24).
	Months map[GradeClass]int `json:"months"`
	// EarlyMaxMonths: a raise for outstanding achievement may come up to this many months early
	// (12), for at most EarlyQuotaPercent of the payroll in a year (10), and not twice in a row
	// in the same grade. RetirementEarlyMonths: people who received the retirement notice may be
	// raised up to this many months early (12).
	EarlyMaxMonths        int `json:"early_max_months"`
	EarlyQuotaPercent     int `json:"early_quota_percent"`
	RetirementEarlyMonths int `json:"retirement_early_months"`
	// Seniority allowance beyond the frame (phụ cấp thâm niên vượt khung): after the step
	// interval at the last step, SeniorityFirstPercent (5), then SeniorityStepPercent (1) more
	// every SeniorityStepMonths (12).
	SeniorityFirstPercent int `json:"seniority_first_percent"`
	SeniorityStepPercent  int `json:"seniority_step_percent"`
	SeniorityStepMonths   int `json:"seniority_step_months"`
	// ExtensionMonths is how much a discipline level (Reprimand, Warning, Demotion, Removal) or a
	// year graded "not done" (NotDone) extends the wait for the next step.
	ExtensionMonths map[string]int `json:"extension_months"`
}

// NotDone is the ExtensionMonths key for a year graded "không hoàn thành nhiệm vụ".
const NotDone = "not_done"

// Interval returns the months between regular raises for a class.
func (p SalaryStepParams) Interval(class GradeClass) (int, error) {
	if m, ok := p.Months[class]; ok && m > 0 {
		return m, nil
	}
	return 0, invalid("grade_class", "err.rules.salary.grade_class", class, University, Lower)
}

// Extension returns the months by which a discipline level or a "not done" year extends the wait
// for the next step; the sum over the step is what NextStep takes.
func (p SalaryStepParams) Extension(reason string) (int, error) {
	if m, ok := p.ExtensionMonths[reason]; ok {
		return m, nil
	}
	keys := make([]string, 0, len(p.ExtensionMonths))
	for k := range p.ExtensionMonths {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return 0, invalid("reason", "err.rules.salary.reason", reason, strings.Join(keys, ", "))
}

// NextStep returns the day of the next regular step raise: the interval of the class after the
// last raise (lastRaise, the effective date of the current step), extended by
// disciplineExtraMonths (the sum of Extension over the discipline and "not done" years while in
// the step).
func NextStep(p SalaryStepParams, class GradeClass, lastRaise time.Time, disciplineExtraMonths int) (time.Time, error) {
	m, err := p.Interval(class)
	if err != nil {
		return time.Time{}, err
	}
	if disciplineExtraMonths < 0 {
		return time.Time{}, invalid("extra_months", "err.rules.salary.extra_months")
	}
	return addMonths(lastRaise, m+disciplineExtraMonths), nil
}

// EarliestEarlyStep returns the earliest day an early raise for outstanding achievement can take
// effect: EarlyMaxMonths before NextStep. Whether the person gets it (quota, not twice in a row)
// is the agency's decision.
func EarliestEarlyStep(p SalaryStepParams, class GradeClass, lastRaise time.Time, disciplineExtraMonths int) (time.Time, error) {
	next, err := NextStep(p, class, lastRaise, disciplineExtraMonths)
	if err != nil {
		return time.Time{}, err
	}
	return addMonths(next, -p.EarlyMaxMonths), nil
}

// EarlyStepQuota returns the number of early raises for achievement an agency may grant in a
// year: EarlyQuotaPercent of the people on its payroll, rounded down.
func EarlyStepQuota(p SalaryStepParams, payroll int) int {
	return max(payroll, 0) * p.EarlyQuotaPercent / 100
}

// EarlyStepBeforeRetirement reports whether a person who received the retirement notice on day
// notice may be raised one step early: their next regular raise falls within
// RetirementEarlyMonths after the notice (other conditions — not at the last step, tasks done, no
// discipline — are the caller's).
func EarlyStepBeforeRetirement(p SalaryStepParams, class GradeClass, lastRaise time.Time, disciplineExtraMonths int, notice time.Time) (bool, error) {
	next, err := NextStep(p, class, lastRaise, disciplineExtraMonths)
	if err != nil {
		return false, err
	}
	return next.After(day(notice)) && !next.After(addMonths(notice, p.RetirementEarlyMonths)), nil
}

// SeniorityResult is the seniority allowance beyond the frame on a day.
type SeniorityResult struct {
	Percent     int       `json:"percent"`      // 0 before the first threshold
	Since       time.Time `json:"since"`        // when Percent started (zero if 0)
	Next        time.Time `json:"next"`         // when the next increase comes
	NextPercent int       `json:"next_percent"` // the percent from Next
	Explanation string    `json:"explanation"`
}

// Seniority returns the seniority allowance beyond the frame on day on, for a person who reached
// the last step of their grade on lastStep: SeniorityFirstPercent once the class interval (plus
// disciplineExtraMonths, the extensions so far, which shift the whole schedule) has passed, then
// SeniorityStepPercent more every SeniorityStepMonths.
func Seniority(p SalaryStepParams, class GradeClass, lastStep, on time.Time, disciplineExtraMonths int) (SeniorityResult, error) {
	first, err := NextStep(p, class, lastStep, disciplineExtraMonths)
	if err != nil {
		return SeniorityResult{}, err
	}
	if p.SeniorityStepMonths <= 0 {
		return SeniorityResult{}, invalid("seniority_step_months", "err.rules.salary.seniority_step_months")
	}
	if day(on).Before(first) {
		return SeniorityResult{Next: first, NextPercent: p.SeniorityFirstPercent,
			Explanation: fmt.Sprintf("Chưa hưởng phụ cấp thâm niên vượt khung; từ %s hưởng %d%% (theo %s).", fmtDay(first), p.SeniorityFirstPercent, p.Source.Cite())}, nil
	}
	k := monthsBetween(first, on) / p.SeniorityStepMonths
	r := SeniorityResult{
		Percent:     p.SeniorityFirstPercent + k*p.SeniorityStepPercent,
		Since:       addMonths(first, k*p.SeniorityStepMonths),
		Next:        addMonths(first, (k+1)*p.SeniorityStepMonths),
		NextPercent: p.SeniorityFirstPercent + (k+1)*p.SeniorityStepPercent,
	}
	r.Explanation = fmt.Sprintf("Hưởng phụ cấp thâm niên vượt khung %d%% từ %s; từ %s hưởng %d%% (theo %s).",
		r.Percent, fmtDay(r.Since), fmtDay(r.Next), r.NextPercent, p.Source.Cite())
	return r, nil
}
