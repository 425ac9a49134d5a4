package rules

import (
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// RetirementAnswer is a retirement result as the command line and the API give it: dates as
// "YYYY-MM-DD", the month as "YYYY-MM".
type RetirementAnswer struct {
	RetirementMonth   string      `json:"retirement_month"`
	RetirementDate    string      `json:"retirement_date"` // the last day of the retirement month
	PensionFrom       string      `json:"pension_from"`
	AgeAtRetirement   Age         `json:"age_at_retirement"`
	NoticeDate        string      `json:"notice_date"`
	DecisionDate      string      `json:"decision_date"`
	AlreadyRetired    bool        `json:"already_retired"` // the retirement date is before today
	BirthMonthAssumed bool        `json:"birth_month_assumed"`
	Source            Source      `json:"source"`
	Explanation       string      `json:"explanation"`
	Words             canbo.Words `json:"-"` // Explanation in the reader's language
}

const isoDay = "2006-01-02"

// Answer shapes r for output; today decides whether the retirement already happened.
func (r RetirementResult) Answer(today time.Time) RetirementAnswer {
	return RetirementAnswer{RetirementMonth: r.Month.String(), RetirementDate: r.Date.Format(isoDay),
		PensionFrom: r.PensionFrom.Format(isoDay), AgeAtRetirement: r.Age, NoticeDate: r.NoticeDate.Format(isoDay),
		DecisionDate: r.DecisionDate.Format(isoDay), AlreadyRetired: r.Date.Before(today),
		BirthMonthAssumed: r.BirthMonthAssumed, Source: r.Source, Explanation: r.Explanation, Words: r.Words}
}

// CongressAnswer is a congress-eligibility result as the command line and the API give it.
type CongressAnswer struct {
	Eligible        bool        `json:"eligible"`
	MonthsLeft      int         `json:"months_left"`
	Required        int         `json:"required"`
	ComputedAt      string      `json:"computed_at"` // the congress month, "YYYY-MM"
	RetirementMonth string      `json:"retirement_month"`
	Level           string      `json:"level"`
	Kind            string      `json:"kind"`
	Source          Source      `json:"source"`
	Explanation     string      `json:"explanation"`
	Words           canbo.Words `json:"-"` // Explanation in the reader's language
}

// Answer shapes r for output.
func (r CongressResult) Answer() CongressAnswer {
	return CongressAnswer{Eligible: r.Eligible, MonthsLeft: r.MonthsLeft, Required: r.Required, ComputedAt: r.ComputedAt.String(),
		RetirementMonth: r.Retirement.String(), Level: r.Level, Kind: r.Kind, Source: r.Source, Explanation: r.Explanation, Words: r.Words}
}

// AnswerRetirement computes retirement from text inputs, as the command line and the API take
// them, with the rule versions of set.
func AnswerRetirement(set *Set, sex, birth string, lowerYears int, today time.Time) (RetirementAnswer, error) {
	b, s, err := personInputs(sex, birth)
	if err != nil {
		return RetirementAnswer{}, err
	}
	r, err := set.RetirementFor(b, s, lowerYears)
	if err != nil {
		return RetirementAnswer{}, err
	}
	return r.Answer(today), nil
}

// AnswerCongress computes congress eligibility from text inputs with the versions of set.
func AnswerCongress(set *Set, sex, birth, level, kind string) (CongressAnswer, error) {
	b, s, err := personInputs(sex, birth)
	if err != nil {
		return CongressAnswer{}, err
	}
	r, err := CongressFor(set, level, kind, b, s)
	if err != nil {
		return CongressAnswer{}, err
	}
	return r.Answer(), nil
}

func personInputs(sex, birth string) (vn.Date, canbo.Sex, error) {
	s := canbo.Sex(strings.ToLower(strings.TrimSpace(sex)))
	if s != canbo.Male && s != canbo.Female {
		return vn.Date{}, "", canbo.Invalid("sex", "err.rules.answer.sex")
	}
	b, err := vn.ParseDateField("birth", birth)
	if err != nil {
		return vn.Date{}, "", err
	}
	if b.IsZero() {
		return vn.Date{}, "", canbo.Invalid("birth", "err.rules.answer.birth")
	}
	return b, s, nil
}
