package rules

import (
	"time"

	"canbo"
	"canbo/locale"
	"canbo/vn"
)

// RetirementParams is one version of the retirement-age rule (normal working conditions) and of
// the procedure around it.
type RetirementParams struct {
	Version
	// StartYear is the first calendar year of the roadmap (2021 for NĐ 135/2020); before it the
	// Previous ages apply.
	StartYear int             `json:"start_year"`
	Male      RetirementTrack `json:"male"`
	Female    RetirementTrack `json:"female"`
	// NoticeMonths and DecisionMonths: the written notice of retirement is due this many months
	// before the retirement time, the retirement decision that many (6 and 3 under NĐ 170/2025).
	NoticeMonths   int `json:"notice_months"`
	DecisionMonths int `json:"decision_months"`
	// Procedure is the document that sets the notice and decision periods, when it is not the
	// one in Source.
	Procedure *Source `json:"procedure,omitempty"`
}

// RetirementTrack is the roadmap for one sex: the age before StartYear, the age in StartYear,
// the yearly step and the final age.
type RetirementTrack struct {
	Previous   Age `json:"previous"`
	Base       Age `json:"base"`
	StepMonths int `json:"step_months"`
	Cap        Age `json:"cap"`
}

// Track returns the roadmap of a sex.
func (p RetirementParams) Track(sex canbo.Sex) (RetirementTrack, error) {
	switch sex {
	case canbo.Male:
		return p.Male, nil
	case canbo.Female:
		return p.Female, nil
	}
	return RetirementTrack{}, invalid("sex", "err.rules.retirement.sex")
}

// RequiredAge returns the retirement age in normal conditions for a sex in a calendar year: the
// Previous age before StartYear, then Base rising by StepMonths a year up to Cap.
func (p RetirementParams) RequiredAge(sex canbo.Sex, year int) (Age, error) {
	t, err := p.Track(sex)
	if err != nil {
		return Age{}, err
	}
	return AgeOfMonths(t.required(p.StartYear, year)), nil
}

func (t RetirementTrack) required(start, year int) int {
	if year < start {
		return t.Previous.InMonths()
	}
	m := t.Base.InMonths() + (year-start)*t.StepMonths
	return min(m, t.Cap.InMonths())
}

// RetirementResult is the outcome of Retirement, with everything a reminder list, a notice or a
// decision needs.
type RetirementResult struct {
	// Month is the retirement month: the first month in which the person's age reaches the age
	// required in that calendar year.
	Month YearMonth `json:"month"`
	// Date is the retirement time, the last day of Month (NĐ 135/2020 Art. 3: the end of that
	// day).
	Date time.Time `json:"date"`
	// PensionFrom is the 1st of the month after Month.
	PensionFrom time.Time `json:"pension_from"`
	// Age is the person's age in whole months at Month; Required the age the rule required in
	// that calendar year, after lowering.
	Age      Age `json:"age"`
	Required Age `json:"required"`
	// NoticeDate is the last day on which the written notice of retirement can be issued: the
	// retirement time moved back NoticeMonths whole months. The retirement time is the end of a
	// month, so this is the last day of the month NoticeMonths before Month (retirement 30/04/2026
	// → notice by 31/10/2025). DecisionDate is the same with DecisionMonths (by 31/01/2026).
	NoticeDate   time.Time `json:"notice_date"`
	DecisionDate time.Time `json:"decision_date"`
	// BirthMonthAssumed is true when only the birth year was known and January was taken.
	BirthMonthAssumed bool   `json:"birth_month_assumed"`
	Source            Source `json:"source"`
	Explanation       string `json:"explanation"`
	// Words is Explanation in the reader's language (Explanation is its Vietnamese).
	Words canbo.Words `json:"-"`
}

// MaxLowerYears bounds the lowering of the retirement age: the laws know 5 and 10 years.
const MaxLowerYears = 10

// Retirement computes the retirement of a person born on birth (a partial date: a year-only date
// counts as January, Art. 3.3 of NĐ 135/2020) of the given sex, whose retirement age is lowered by
// lowerYears years (hard or hazardous work, some regions, streamlining under NĐ 29/2023; 0 for
// normal conditions). The lowered age is the requirement of the same calendar year minus
// lowerYears.
//
// The retirement month M is the first month in which the age in whole months, M − birth month,
// is at least the age required in the calendar year of M. Because the requirement jumps at each
// new year, some birth months "skip" (a man born 10/1961 misses 60y3m in 12/2021 and retires in
// 04/2022 at 60y6m). Before StartYear the Previous ages apply, so a man born 12/1960 retired in
// 12/2020 at 60.
//
// Errors (EINVALID): unknown sex, unknown or invalid birth date, a birth date in the future,
// lowerYears outside 0..MaxLowerYears, or parameters that give no retirement month.
func Retirement(p RetirementParams, birth vn.Date, sex canbo.Sex, lowerYears int) (RetirementResult, error) {
	track, err := p.Track(sex)
	if err != nil {
		return RetirementResult{}, err
	}
	switch {
	case birth.IsZero():
		return RetirementResult{}, invalid("birth", "err.rules.retirement.birth")
	case birth.Validate() != nil:
		return RetirementResult{}, invalid("birth", "err.rules.retirement.birth_invalid", canbo.ErrorMessage(birth.Validate()))
	case birth.First().After(time.Now()):
		return RetirementResult{}, invalid("birth", "err.rules.retirement.birth_future", birth.VN())
	case lowerYears < 0 || lowerYears > MaxLowerYears:
		return RetirementResult{}, invalid("lower_years", "err.rules.retirement.lower_years", MaxLowerYears, lowerYears)
	}
	born := YM(birth.Year, max(birth.Month, 1))
	required := func(year int) int { return max(track.required(p.StartYear, year)-lowerYears*12, 0) }

	// The requirement only grows with the year, so the first year whose own requirement is met
	// within the year holds the answer; one century of search is far more than any roadmap.
	var m YearMonth
	found := false
	for year := born.Year; year <= born.Year+150 && !found; year++ {
		earliest := born.AddMonths(required(year))
		if earliest.Year < year {
			earliest = YM(year, 1)
		}
		if earliest.Year == year {
			m, found = earliest, true
		}
	}
	if !found {
		return RetirementResult{}, canbo.Errork(canbo.EINVALID, "err.rules.retirement.invalid", p.Source.Cite())
	}
	r := RetirementResult{
		Month:             m,
		Date:              m.LastDay(),
		PensionFrom:       m.AddMonths(1).FirstDay(),
		Age:               AgeOfMonths(m.Sub(born)),
		Required:          AgeOfMonths(required(m.Year)),
		NoticeDate:        m.AddMonths(-p.NoticeMonths).LastDay(),
		DecisionDate:      m.AddMonths(-p.DecisionMonths).LastDay(),
		BirthMonthAssumed: birth.Month == 0,
		Source:            p.Source,
	}
	r.Words = explainRetirement(p, r, birth, sex, lowerYears, AgeOfMonths(track.required(p.StartYear, m.Year)))
	r.Explanation = r.Words.Local("vi")
	return r, nil
}

func explainRetirement(p RetirementParams, r RetirementResult, birth vn.Date, sex canbo.Sex, lowerYears int, normal Age) canbo.Words {
	who := map[canbo.Sex]locale.Word{canbo.Male: "sex.male", canbo.Female: "sex.female"}[sex]
	w := canbo.Say("rules.retirement.who", who, birth.VN())
	if r.BirthMonthAssumed {
		w = w.And("rules.retirement.month_assumed")
	}
	if r.Month.Year < p.StartYear {
		w = w.And("rules.retirement.before_start", p.Source.Cite(), p.StartYear, normal.Words())
	} else {
		w = w.And("rules.retirement.normal", p.Source.Cite(), r.Month.Year, normal.Words())
	}
	if lowerYears > 0 {
		w = w.And("rules.retirement.lower", lowerYears, r.Required.Words())
	}
	w = w.And("rules.retirement.month", r.Month.VN(), r.Age.Words())
	w = w.And("rules.retirement.date", vn.FormatDay(r.Date), vn.FormatDay(r.PensionFrom))
	proc := p.Source
	if p.Procedure != nil {
		proc = *p.Procedure
	}
	return w.And("rules.retirement.notice", vn.FormatDay(r.NoticeDate), p.NoticeMonths, vn.FormatDay(r.DecisionDate), p.DecisionMonths, proc.Cite())
}
