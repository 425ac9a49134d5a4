package remind

import (
	"errors"
	"time"

	"canbo"
	"canbo/locale"
	"canbo/vn"
)

// Facts derives the profile's facts from a person's records as of the engine's day, with the
// same functions the reminders use. posts are the person's posts (To empty while held), m the
// membership or nil, entries the timeline entries the caller may see.
func (e *Engine) Facts(p *canbo.Person, posts []canbo.Post, m *canbo.Membership, entries []canbo.Entry) *canbo.PersonFacts {
	f := &canbo.PersonFacts{AsOf: e.AsOf, Terms: []canbo.TermFact{}, Problems: []string{}}
	problem := func(what locale.Word, err error) {
		var why any = locale.Word("err.internal") // an unexpected error's detail is for the log
		var ce *canbo.Error
		if errors.As(err, &ce) {
			why = ce
		}
		w := canbo.Say("remind.problem", what, why)
		f.Problems = append(f.Problems, w.Local("vi"))
		f.ProblemWords = append(f.ProblemWords, w)
	}
	if r, err := e.Retirement(p.BirthDate, p.Sex); err != nil {
		problem("facts.problem.retirement", err)
	} else {
		fact := RetirementFact(r, e.AsOf)
		if fact.Past {
			fact.Words = append(canbo.Say("remind.retired_since", vn.FormatDay(r.Date)), fact.Words...)
			fact.Text = fact.Words.Local("vi")
		} else {
			left := MonthsLeft(r, e.AsOf)
			f.MonthsLeft = &left
		}
		f.Retirement = &fact
	}
	if s, ok := LatestSalary(entries); ok {
		if next, title, reason, source, err := e.SalaryStep(s, entries); err != nil {
			problem("facts.problem.salary", err)
		} else {
			w := append(title.And("remind.sentence"), reason...)
			f.SalaryStep = &canbo.Fact{Date: next, Past: next.Before(e.AsOf), Text: w.Local("vi"), Words: w, Source: source}
		}
	}
	for _, x := range posts {
		if !AppointedTitle(x.Title) {
			continue
		}
		from, err := vn.ParseDay(x.From)
		if err != nil || from.After(e.AsOf) {
			continue
		}
		to := canbo.Forever
		if x.To != "" {
			if to, err = vn.ParseDay(x.To); err != nil || !to.After(e.AsOf) {
				continue
			}
		}
		t, ok, err := e.CurrentTerm(from, to)
		if err != nil {
			problem("facts.problem.term", err)
			continue
		}
		if !ok {
			continue
		}
		f.Terms = append(f.Terms, canbo.TermFact{PostID: x.ID, Title: x.Title, UnitName: x.UnitName, End: t.LastDay(),
			Notice: t.Notice, Text: t.Explain(e.Cal).Local("vi"), Words: t.Explain(e.Cal), Source: t.Params.Source.Cite()})
	}
	if m != nil && m.FullOn == "" && m.EndedOn == "" {
		if end, reason, source, err := e.ProbationEnd(m.AdmittedOn); err != nil {
			problem("facts.problem.probation", err)
		} else {
			f.Probation = &canbo.Fact{Date: end, Past: !end.After(e.AsOf), Text: reason.Local("vi"), Words: reason, Source: source}
		}
	}
	return f
}

// InRange reports whether day t lies in [from, to], both inclusive.
func InRange(t, from, to time.Time) bool { return !t.Before(from) && !t.After(to) }
