package planning

import (
	"time"

	"canbo"
	"canbo/remind"
	"canbo/rules"
	"canbo/vn"
)

// RecentYears is how many years of evaluations the candidate view shows: the yearly review of
// the plan looks at the last ones (the quality evaluation itself is §evaluation).
const RecentYears = 5

// Describe computes the candidate view of a person for a pool from their record: age at the
// start of the term and months of working time left (counted like §congress), the evaluations
// of the last RecentYears years before on, each discipline with the end of its wait
// (§discipline-wait) and the posts held on day on.
func Describe(set *rules.Set, pool Pool, p *canbo.Person, posts []canbo.Post, entries []canbo.Entry, on time.Time) canbo.CandidateFacts {
	f := canbo.CandidateFacts{PersonID: p.ID, FullName: p.FullName, BirthDate: p.BirthDate, Sex: p.Sex, Education: p.Education}
	start := TermStart(set, pool.Level, pool.Term)
	if b, err := vn.ParseDate(p.BirthDate); err == nil && !b.IsZero() {
		f.AgeAtStart = AgeAt(b, start.FirstDay())
		f.Age = canbo.Say("planning.fact_age", f.AgeAtStart, start.VN())
		if ret, err := set.RetirementFor(b, p.Sex, 0); err == nil {
			f.MonthsLeft = ret.Month.Sub(start)
			if pp, err := set.Planning(on); err == nil {
				key := "planning.fact_left_ok"
				if f.MonthsLeft < pp.TermMonths {
					key = "planning.fact_left_short"
				}
				f.WorkLeft = canbo.Say(key, f.MonthsLeft, ret.Month.VN(), pp.TermMonths, pp.Source.Cite())
			}
		}
	}
	for _, e := range entries {
		switch e.Kind {
		case canbo.EntryEvaluation:
			if d, err := vn.ParseDate(e.From); err == nil && d.Year > on.Year()-RecentYears && d.Year <= on.Year() {
				f.Evaluations = append(f.Evaluations, e)
			}
		case canbo.EntryDiscipline:
			d, err := vn.ParseDate(e.From)
			if err != nil || d.IsZero() {
				continue
			}
			level := remind.DisciplineLevel(e.Details[canbo.DetailLevel])
			dp, err := set.Discipline(d.First())
			if err != nil {
				dp, err = set.Discipline(on)
			}
			if err != nil {
				f.Discipline = append(f.Discipline, canbo.Say("planning.fact_discipline_norule", e.Details[canbo.DetailLevel], vn.FormatDay(d.First())))
				continue
			}
			until, err := rules.PromotionAllowedFrom(dp, level, d.First())
			if err != nil {
				f.Discipline = append(f.Discipline, canbo.Say("planning.fact_discipline_never", e.Details[canbo.DetailLevel], vn.FormatDay(d.First())))
				continue
			}
			key := "planning.fact_discipline_over"
			if on.Before(until) {
				key = "planning.fact_discipline_wait"
			}
			f.Discipline = append(f.Discipline, canbo.Say(key, e.Details[canbo.DetailLevel], vn.FormatDay(d.First()), vn.FormatDay(until), dp.Source.Cite()))
		}
	}
	for _, x := range posts {
		if x.From <= isoDay(on) && (x.To == "" || x.To > isoDay(on)) {
			f.Posts = append(f.Posts, x)
		}
	}
	return f
}

func isoDay(t time.Time) string { return t.Format(time.DateOnly) }
