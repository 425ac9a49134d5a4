// Package remind derives the dated facts of a person's records — retirement, salary steps, the
// terms of appointments, probation, secondments, the wait after a discipline — with the rule
// versions in force. The reminders dashboard and the profile page both call it, so a date shown
// on a profile is the date the dashboard lists: one computation, two views. It reads no
// database; the store selects the candidates and hands their records here.
package remind

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/rules"
	"canbo/vn"
)

// Engine computes facts as of one day with one rule set and calendar. It caches retirements by
// birth date and sex: the day of birth does not matter to the rule, but the explanation quotes
// the birth date, so a cache by month gave one person's reasons another's birthday (issue 10
// item 3). A city-wide list still costs one computation per birth date, not per person.
type Engine struct {
	Set  *rules.Set
	Cal  *rules.Calendar
	AsOf time.Time

	retired    map[retireKey]retireResult
	term       []span[rules.TermParams]
	salary     []span[rules.SalaryStepParams]
	probation  []span[rules.ProbationParams]
	discipline []span[rules.DisciplineParams]
}

// span is a rule version with its period parsed once: a city-wide list looks versions up
// hundreds of thousands of times.
type span[T any] struct {
	from, to time.Time // to is zero while in force
	v        T
}

func spans[T interface {
	Period() (time.Time, time.Time, error)
}](vs []T) []span[T] {
	var out []span[T]
	for _, v := range vs {
		if from, to, err := v.Period(); err == nil {
			out = append(out, span[T]{from, to, v})
		}
	}
	return out
}

type retireKey struct {
	birth vn.Date
	sex   canbo.Sex
}

type retireResult struct {
	r   rules.RetirementResult
	err error
}

// New returns an engine over a rule set and a working-day calendar as of a day.
func New(set *rules.Set, cal *rules.Calendar, asOf time.Time) *Engine {
	y, m, d := asOf.Date()
	return &Engine{Set: set, Cal: cal, AsOf: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), retired: map[retireKey]retireResult{},
		term: spans(set.TermVersions), salary: spans(set.SalaryStepVersions), probation: spans(set.ProbationVersions),
		discipline: spans(set.DisciplineVersions)}
}

// version returns the version of a rule in force on day on, or — for a day before the first
// version the set holds (a post taken in 2015, a discipline of 2023) — the version in force on the
// engine's day, whose parameters the older documents shared.
func version[T any](e *Engine, vs []span[T], get func(time.Time) (T, error), on time.Time) (T, error) {
	for _, day := range []time.Time{on, e.AsOf} {
		for _, s := range vs {
			if !day.Before(s.from) && (s.to.IsZero() || day.Before(s.to)) {
				return s.v, nil
			}
		}
	}
	return get(e.AsOf) // none in force: the set's own message says so
}

// Retirement computes the retirement of a person born on birth (stored form, possibly partial)
// of the given sex, with the version in force at the retirement time. A person born before the
// first version's roadmap retires under the version in force on the engine's day.
func (e *Engine) Retirement(birth string, sex canbo.Sex) (rules.RetirementResult, error) {
	b, err := vn.ParseDateField("birth", birth)
	if err != nil {
		return rules.RetirementResult{}, err
	}
	if b.IsZero() {
		return rules.RetirementResult{}, canbo.Invalid("birth", "err.remind.remind.birth")
	}
	if b.First().After(time.Now()) {
		return rules.RetirementResult{}, canbo.Invalid("birth", "err.remind.remind.birth_future", b.VN())
	}
	k := retireKey{b, sex}
	if c, ok := e.retired[k]; ok {
		return c.r, c.err
	}
	r, err := e.Set.RetirementFor(b, sex, 0)
	if err != nil && canbo.ErrorCode(err) == canbo.ENOTFOUND {
		var p rules.RetirementParams
		if p, err = e.Set.Retirement(e.AsOf); err == nil {
			r, err = rules.Retirement(p, b, sex, 0)
		}
	}
	e.retired[k] = retireResult{r, err}
	return r, err
}

// RetirementAges returns the youngest and oldest retirement ages, in months, that any version
// of the set requires of a sex in the calendar years from fromYear to toYear, and the longest
// notice period of any version: a retirement in those years is of someone born between the
// retirement month minus the oldest age and minus the youngest. The store narrows its candidates
// with them.
func RetirementAges(set *rules.Set, sex canbo.Sex, fromYear, toYear int) (minAge, maxAge, maxNotice int) {
	minAge = 1 << 30
	for _, v := range set.RetirementVersions {
		for y := fromYear; y <= toYear; y++ {
			if a, err := v.RequiredAge(sex, y); err == nil {
				minAge, maxAge = min(minAge, a.InMonths()), max(maxAge, a.InMonths())
			}
		}
		maxNotice = max(maxNotice, v.NoticeMonths, v.DecisionMonths)
	}
	if minAge > maxAge {
		minAge = 0
	}
	return minAge, maxAge, maxNotice
}

// RetirementFact is the profile's retirement fact: the retirement time, or — for someone past
// it — the day it happened.
func RetirementFact(r rules.RetirementResult, asOf time.Time) canbo.Fact {
	f := canbo.Fact{Date: r.Date, Past: r.Date.Before(asOf), Text: r.Explanation, Words: r.Words, Source: r.Source.Cite()}
	return f
}

// MonthsLeft returns the whole months from the month of asOf to the retirement month, as the
// congress rule counts them.
func MonthsLeft(r rules.RetirementResult, asOf time.Time) int {
	return r.Month.Sub(rules.MonthOf(asOf))
}

// appointmentTitles begin the titles of posts held by appointment (bổ nhiệm) for a term: heads
// and deputies of agencies and their divisions. Elected posts (Bí thư, Chủ tịch) follow the
// congress or council term instead and are left out by AppointedTitle.
var appointmentTitles = []string{"Trưởng", "Phó", "Giám đốc", "Hiệu trưởng", "Trạm trưởng", "Chánh", "Viện trưởng",
	"Cục trưởng", "Chi cục trưởng", "Tổng biên tập"}

// AppointmentPrefixes returns the title prefixes of appointed posts, for a store's first filter.
func AppointmentPrefixes() []string { return append([]string(nil), appointmentTitles...) }

// AppointedTitle reports whether a post's title is held by appointment for a term.
func AppointedTitle(title string) bool {
	if strings.Contains(title, "Bí thư") || strings.Contains(title, "Chủ tịch") {
		return false
	}
	for _, p := range appointmentTitles {
		if strings.HasPrefix(title, p) {
			return true
		}
	}
	return false
}

// Term is one term of an appointment.
type Term struct {
	Start  time.Time
	End    time.Time // exclusive: the day after the last day
	Notice time.Time // last day to tell the person, NoticeWorkingDays working days before End
	Params rules.TermParams
}

// LastDay returns the last day of the term.
func (t Term) LastDay() time.Time { return t.End.AddDate(0, 0, -1) }

// Explain says how the term was computed.
func (t Term) Explain(cal *rules.Calendar) canbo.Words {
	s := canbo.Say("remind.term", vn.FormatDay(t.Start), t.Params.Years, vn.FormatDay(t.LastDay()), vn.FormatDay(t.Notice), t.Params.NoticeWorkingDays)
	if !cal.Covers(t.Notice) || !cal.Covers(t.End) {
		s = s.And("remind.term.weekends")
	}
	return s
}

// maxTerms bounds the terms followed along one post (a century of five-year terms).
const maxTerms = 20

// Terms returns the terms of an appointment held from from to to (exclusive; canbo.Forever when
// open) whose end lies after after and not after limit: the first starts with the post, and a
// post held past a term's end is taken as re-appointed then, so each term starts where the last
// ended. Terms ending after the post ends (a retirement within the term) are not returned.
func (e *Engine) Terms(from, to, after, limit time.Time) ([]Term, error) {
	var out []Term
	start := from
	for range maxTerms {
		p, err := version(e, e.term, e.Set.Term, start)
		if err != nil {
			return out, err
		}
		end := rules.TermEnd(p, start)
		if end.After(to) || end.After(limit) {
			return out, nil
		}
		if end.After(after) {
			out = append(out, Term{Start: start, End: end, Notice: rules.ReappointNotice(p, end, e.Cal), Params: p})
		}
		start = end
	}
	return out, nil
}

// CurrentTerm returns the term of an appointment running on the engine's day, if the post lasts
// until its end.
func (e *Engine) CurrentTerm(from, to time.Time) (Term, bool, error) {
	terms, err := e.Terms(from, to, e.AsOf, e.AsOf.AddDate(60, 0, 0))
	if len(terms) > 0 {
		return terms[0], true, err
	}
	return Term{}, false, err
}

// disciplineKeys maps the recorded discipline levels (canbo.DisciplineLevels), in lower case,
// to the rules package's keys.
var disciplineKeys = map[string]string{
	strings.ToLower(canbo.DisciplineReprimand): rules.Reprimand, strings.ToLower(canbo.DisciplineWarning): rules.Warning,
	strings.ToLower(canbo.DisciplinePayCut): rules.Demotion, strings.ToLower(canbo.DisciplineDemotion): rules.Demotion,
	strings.ToLower(canbo.DisciplineRemoval): rules.Removal, strings.ToLower(canbo.DisciplineExpulsion): rules.Expulsion,
	strings.ToLower(canbo.DisciplineDismissal): rules.Expulsion,
}

// DisciplineLevel returns the rules package's key of a recorded discipline level, or the level
// itself when it is already a key (or unknown: the rule then says what it knows).
func DisciplineLevel(recorded string) string {
	if k, ok := disciplineKeys[strings.ToLower(strings.TrimSpace(recorded))]; ok {
		return k
	}
	return strings.TrimSpace(recorded)
}

// MaxExtraMonths bounds the recorded extension of a step wait: a larger one is a typing mistake.
const MaxExtraMonths = 60

// salaryStep is a salary entry read for the rule.
type salaryStep struct {
	from    vn.Date
	class   rules.GradeClass
	assumed bool // no class recorded: University taken
	extra   int  // months recorded on the entry
	waits   []string
	added   int // months added by disciplines and "not done" years while in the step
	p       rules.SalaryStepParams
	next    time.Time
}

// salaryStep computes the next regular raise after a salary entry s. history holds the
// person's other entries (only disciplines and evaluations matter): each discipline and each
// year graded "not done" dated while in the step extends the wait by the months of the rule
// (docs/RULES.md §5: "disciplined years extend the wait"). An extension can bring a later
// discipline into the step, so the wait is recomputed until it no longer grows.
func (e *Engine) salaryStep(s canbo.Entry, history []canbo.Entry) (salaryStep, error) {
	var st salaryStep
	from, err := vn.ParseDateField("from", s.From)
	if err != nil || from.IsZero() {
		return st, canbo.Invalid("from", "err.remind.remind.from")
	}
	st.from, st.class = from, rules.GradeClass(s.Details[canbo.DetailGradeClass])
	if st.class == "" {
		st.class, st.assumed = rules.University, true
	}
	if x := strings.TrimSpace(s.Details[canbo.DetailExtraMonths]); x != "" {
		if st.extra, err = strconv.Atoi(x); err != nil || st.extra < 0 || st.extra > MaxExtraMonths {
			return st, canbo.Invalid(canbo.DetailExtraMonths, "err.remind.remind.extension_months", x, MaxExtraMonths)
		}
	}
	if st.p, err = version(e, e.salary, e.Set.SalaryStep, from.First()); err != nil {
		return st, err
	}
	if st.next, err = rules.NextStep(st.p, st.class, from.First(), st.extra); err != nil {
		return st, err
	}
	counted := map[int]bool{}
	for grew := true; grew; {
		grew = false
		for i, x := range history {
			if counted[i] {
				continue
			}
			key, what := "", ""
			switch x.Kind {
			case canbo.EntryDiscipline:
				key, what = DisciplineLevel(x.Details[canbo.DetailLevel]), "kỷ luật "+strings.ToLower(x.Details[canbo.DetailLevel])
			case canbo.EntryEvaluation:
				if x.Details[canbo.DetailLevel] == canbo.EvaluationCodes[len(canbo.EvaluationCodes)-1] {
					key, what = rules.NotDone, "không hoàn thành nhiệm vụ"
				}
			}
			on, err := vn.ParseDate(x.From)
			if key == "" || err != nil || on.IsZero() || on.First().Before(from.First()) || !on.First().Before(st.next) {
				continue
			}
			m, err := st.p.Extension(key)
			if err != nil || m == 0 {
				continue
			}
			counted[i], grew = true, true
			st.added += m
			st.waits = append(st.waits, fmt.Sprintf("%s (%s): kéo dài %d tháng", what, on.VN(), m))
			if st.next, err = rules.NextStep(st.p, st.class, from.First(), st.extra+st.added); err != nil {
				return st, err
			}
		}
	}
	return st, nil
}

// SalaryDue returns the day of the next regular raise after a salary entry, the latest of the
// person's, given the person's disciplines and evaluations: what a list needs to decide,
// before SalaryStep explains it.
func (e *Engine) SalaryDue(s canbo.Entry, history []canbo.Entry) (time.Time, error) {
	st, err := e.salaryStep(s, history)
	return st.next, err
}

// SalaryStep computes the next regular raise after a salary entry, the latest of the person's,
// with the grade and step it concerns (title) and the reasoning. The profile and the reminders
// both call it, so they agree.
func (e *Engine) SalaryStep(s canbo.Entry, history []canbo.Entry) (next time.Time, title, reason canbo.Words, source string, err error) {
	st, err := e.salaryStep(s, history)
	if err != nil {
		return next, nil, nil, "", err
	}
	months, _ := st.p.Interval(st.class)
	title = canbo.Say("remind.salary.title", s.Details[canbo.DetailGrade], s.Details[canbo.DetailStep])
	if s.Details[canbo.DetailGrade] == "" && s.Details[canbo.DetailStep] == "" {
		title = canbo.Say("remind.as_is", s.Title)
	}
	reason = canbo.Say("remind.salary", st.from.VN(), months)
	if st.assumed {
		reason = reason.And("remind.salary.assumed")
	}
	if st.extra > 0 {
		reason = reason.And("remind.salary.extra", st.extra)
	}
	for _, w := range st.waits {
		reason = reason.And("remind.salary.wait", w)
	}
	reason = reason.And("remind.salary.next", vn.FormatDay(st.next))
	if st.next.Before(e.AsOf) {
		reason = reason.And("remind.salary.overdue", vn.FormatDay(st.next))
	}
	return st.next, title, reason, st.p.Source.Cite(), nil
}

// LatestSalary returns the salary entry in force: the one with the latest start (then the
// latest recorded).
func LatestSalary(entries []canbo.Entry) (canbo.Entry, bool) {
	var best canbo.Entry
	found := false
	for _, x := range entries {
		if x.Kind != canbo.EntrySalary {
			continue
		}
		if !found || startOf(x).After(startOf(best)) || startOf(x).Equal(startOf(best)) && x.ID > best.ID {
			best, found = x, true
		}
	}
	return best, found
}

func startOf(x canbo.Entry) time.Time {
	d, _ := vn.ParseDate(x.From)
	return d.First()
}

// ProbationEnd returns when a probationary member admitted on admitted (ISO day) completes
// probation, with the version in force at admission.
func (e *Engine) ProbationEnd(admitted string) (end time.Time, reason canbo.Words, source string, err error) {
	a, err := vn.ParseDayField("admitted_on", admitted)
	if err != nil || a.IsZero() {
		return end, nil, "", canbo.Invalid("admitted_on", "err.remind.admitted_on")
	}
	p, err := version(e, e.probation, e.Set.Probation, a)
	if err != nil {
		return end, nil, "", err
	}
	end = rules.ProbationEnd(p, a)
	return end, canbo.Say("remind.probation", vn.FormatDay(a), p.Months, vn.FormatDay(end)), p.Source.Cite(), nil
}

// SecondmentEnd returns the last day of a secondment (its actual end once recorded); ok is
// false for an open one (a migrated timeline entry without an end).
func SecondmentEnd(s *canbo.Secondment) (end time.Time, reason canbo.Words, ok bool) {
	end, err := time.Parse(time.DateOnly, s.LastDay())
	if err != nil {
		return end, nil, false
	}
	from, _ := time.Parse(time.DateOnly, s.From)
	return end, canbo.Say("remind.secondment", vn.FormatDay(from), vn.FormatDay(end)), true
}

// DisciplineEnd returns the first day a person disciplined by entry s may again be appointed or
// proposed to a higher post.
func (e *Engine) DisciplineEnd(s canbo.Entry) (end time.Time, reason canbo.Words, source string, err error) {
	from, err := vn.ParseDateField("from", s.From)
	if err != nil || from.IsZero() {
		return end, nil, "", canbo.Invalid("from", "err.remind.remind.discipline_no_date")
	}
	p, err := version(e, e.discipline, e.Set.Discipline, from.First())
	if err != nil {
		return end, nil, "", err
	}
	level := DisciplineLevel(s.Details[canbo.DetailLevel])
	if end, err = rules.PromotionAllowedFrom(p, level, from.First()); err != nil {
		return end, nil, "", err
	}
	reason = canbo.Say("remind.discipline", strings.ToLower(s.Details[canbo.DetailLevel]), from.VN(), vn.FormatDay(end), p.WaitMonths[level])
	return end, reason, p.Source.Cite(), nil
}
