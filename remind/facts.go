package remind

import (
	"fmt"
	"time"

	"canbo"
	"canbo/vn"
)

// Facts derives the profile's facts from a person's records as of the engine's day, with the
// same functions the reminders use. posts are the person's posts (To empty while held), m the
// membership or nil, entries the timeline entries the caller may see.
func (e *Engine) Facts(p *canbo.Person, posts []canbo.Post, m *canbo.Membership, entries []canbo.Entry) *canbo.PersonFacts {
	f := &canbo.PersonFacts{AsOf: e.AsOf, Terms: []canbo.TermFact{}, Problems: []string{}}
	problem := func(what string, err error) {
		f.Problems = append(f.Problems, what+": "+canbo.ErrorMessage(err))
	}
	if r, err := e.Retirement(p.BirthDate, p.Sex); err != nil {
		problem("Tuổi nghỉ hưu", err)
	} else {
		fact := RetirementFact(r, e.AsOf)
		if fact.Past {
			fact.Text = fmt.Sprintf("Đã đến tuổi nghỉ hưu từ %s. %s", vn.FormatDay(r.Date), fact.Text)
		} else {
			left := MonthsLeft(r, e.AsOf)
			f.MonthsLeft = &left
		}
		f.Retirement = &fact
	}
	if s, ok := LatestSalary(entries); ok {
		if next, title, reason, source, err := e.SalaryStep(s, entries); err != nil {
			problem("Nâng bậc lương", err)
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
			problem("Thời hạn bổ nhiệm", err)
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
			problem("Dự bị", err)
		} else {
			f.Probation = &canbo.Fact{Date: end, Past: !end.After(e.AsOf), Text: reason.Local("vi"), Words: reason, Source: source}
		}
	}
	return f
}

// InRange reports whether day t lies in [from, to], both inclusive.
func InRange(t, from, to time.Time) bool { return !t.Before(from) && !t.After(to) }
