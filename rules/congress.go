package rules

import (
	"strings"

	"canbo"
	"canbo/locale"
	"canbo/vn"
)

// CongressParams is one version of the age rule for committee membership at the party congresses
// of a term: the month each level's congress starts (the month ages are computed at) and the
// working time a candidate must have left before the retirement month.
type CongressParams struct {
	Version
	Term   string          `json:"term"` // "2025–2030"
	Levels []CongressLevel `json:"levels"`
	// FirstTimeMonths: a first-time committee member needs at least one full term left (60);
	// ReelectMonths: a re-elected member needs this many (48 under Chỉ thị 45-CT/TW).
	FirstTimeMonths int `json:"first_time_months"`
	ReelectMonths   int `json:"reelect_months"`
	// Composition holds the targets of the committee to elect and the election thresholds
	// (docs/RULES.md §congress-composition); absent in versions whose figures were not entered.
	Composition *CongressComposition `json:"composition,omitempty"`
}

// CongressComposition is the structure a congress aims at for the committee it elects, and the
// numbers of the election itself: the candidate list exceeds the seats by a margin between
// MarginMinPercent and MarginMaxPercent, and a candidate is elected with more than
// ElectedAbovePercent of the valid ballots.
type CongressComposition struct {
	YoungAge            int `json:"young_age"`
	YoungPercent        int `json:"young_percent"`
	WomenPercent        int `json:"women_percent"`
	MarginMinPercent    int `json:"margin_min_percent"`
	MarginMaxPercent    int `json:"margin_max_percent"`
	ElectedAbovePercent int `json:"elected_above_percent"`
}

// CongressLevel is one level of congress and the month it starts.
type CongressLevel struct {
	Code  string    `json:"code"` // grassroots, above-grassroots, commune, province, government
	Name  string    `json:"name"` // Vietnamese, lower case, as it reads mid-sentence: "đại hội đảng bộ cơ sở"
	Month YearMonth `json:"month"`
}

// The kinds of candidacy Congress distinguishes.
const (
	FirstTime = "first"   // tham gia cấp ủy lần đầu
	Reelect   = "reelect" // tái cử
)

// CongressResult is the outcome of Congress.
type CongressResult struct {
	Eligible   bool      `json:"eligible"`
	MonthsLeft int       `json:"months_left"` // retirement month − congress month
	Required   int       `json:"required"`    // months the kind of candidacy needs
	ComputedAt YearMonth `json:"computed_at"` // the congress month
	Retirement YearMonth `json:"retirement"`
	Level      string    `json:"level"`
	Kind       string    `json:"kind"`
	Source     Source    `json:"source"`
	// Explanation is the reasoning in Vietnamese. The directive has an exception clause that was
	// not retrieved: a documented manual override, recorded in the audit trail, is the caller's.
	Explanation string `json:"explanation"`
	// Words is Explanation in the reader's language.
	Words canbo.Words `json:"-"`
}

// Level returns the congress level with the given code.
func (p CongressParams) Level(code string) (CongressLevel, error) {
	codes := make([]string, 0, len(p.Levels))
	for _, l := range p.Levels {
		if l.Code == code {
			return l, nil
		}
		codes = append(codes, l.Code)
	}
	if len(codes) == 0 {
		return CongressLevel{}, invalid("level", "err.rules.congress.level", p.Source.Cite())
	}
	return CongressLevel{}, invalid("level", "err.rules.congress.level_unknown", code, p.Source.Cite(), strings.Join(codes, ", "))
}

// Congress decides whether a candidate whose retirement month is retirement meets the age rule
// at the congress of a level, for a first-time (FirstTime) or re-elected (Reelect) committee
// member. Months left are counted in whole months from the congress month to the retirement
// month: congress 07/2025 and retirement 07/2030 leave 60 months (eligible for a first term),
// retirement 06/2030 leaves 59 (not eligible).
func Congress(p CongressParams, level string, kind string, retirement YearMonth) (CongressResult, error) {
	l, err := p.Level(level)
	if err != nil {
		return CongressResult{}, err
	}
	var required int
	var what locale.Word
	switch kind {
	case FirstTime:
		required, what = p.FirstTimeMonths, "rules.congress.first_time"
	case Reelect:
		required, what = p.ReelectMonths, "rules.congress.reelect"
	default:
		return CongressResult{}, invalid("kind", "err.rules.congress.kind", kind, FirstTime, Reelect)
	}
	if retirement.IsZero() || retirement.Month < 1 || retirement.Month > 12 {
		return CongressResult{}, invalid("retirement", "err.rules.congress.retirement")
	}
	r := CongressResult{
		MonthsLeft: retirement.Sub(l.Month),
		Required:   required,
		ComputedAt: l.Month,
		Retirement: retirement,
		Level:      level,
		Kind:       kind,
		Source:     p.Source,
	}
	r.Eligible = r.MonthsLeft >= required
	verdict := locale.Word("rules.congress.met")
	if !r.Eligible {
		verdict = "rules.congress.not_met"
	}
	r.Words = canbo.Say("rules.congress.explain", p.Source.Cite(), what, l.Name, l.Month.VN(), required, retirement.VN(), r.MonthsLeft, verdict)
	r.Explanation = r.Words.Local("vi")
	return r, nil
}

// CongressFor computes the retirement month of a person (normal conditions, with the retirement
// version in force at their retirement) and applies Congress with the latest congress version of
// set. To judge a past term, or a person with a lowered retirement age, call Retirement and
// Congress with the parameter sets wanted.
func CongressFor(set *Set, level, kind string, birth vn.Date, sex canbo.Sex) (CongressResult, error) {
	p, err := set.LatestCongress()
	if err != nil {
		return CongressResult{}, err
	}
	ret, err := set.RetirementFor(birth, sex, 0)
	if err != nil {
		return CongressResult{}, err
	}
	r, err := Congress(p, level, kind, ret.Month)
	if err != nil {
		return CongressResult{}, err
	}
	r.Words = append(ret.Words.And("remind.as_is", " "), r.Words...)
	r.Explanation = r.Words.Local("vi")
	return r, nil
}
