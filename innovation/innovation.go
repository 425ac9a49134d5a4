// Package innovation holds the pure rules of innovation proposals under Nghị định 73/2023/NĐ-CP
// (docs/RULES.md §innovation): the deadlines of each step, counted in working days on the
// rules' calendar, the collective's vote, and which protection outcomes an evaluation allows.
// No database: the store records the steps and asks here.
package innovation

import (
	"time"

	"canbo"
	"canbo/rules"
)

// Params are the rule's numbers.
type Params struct {
	MeetingDays    int // the collective meets within this many working days of receipt
	ReportDays     int // the implementer reports within this many working days of finishing
	EvaluationDays int // the collective evaluates within this many working days of the report
}

// Defaults are the numbers of NĐ 73/2023/NĐ-CP (docs/RULES.md §innovation). They are not yet a
// rule version of rules/defaults.json (see docs/RULES.md §gaps).
var Defaults = Params{MeetingDays: 7, ReportDays: 5, EvaluationDays: 7}

// Deadlines returns the days the next steps are due: the meeting from receipt, the report from
// the day the implementation finished, the evaluation from the report. A step not yet started
// (zero day) leaves its deadline zero. "Within n working days of D" is the n-th working day
// after D (Calendar.AddWorkingDays), so holidays and exchanged Saturdays count as the calendar
// says.
func Deadlines(cal *rules.Calendar, p Params, received, finished, reported time.Time) canbo.ProposalDeadlines {
	var d canbo.ProposalDeadlines
	if !received.IsZero() {
		d.Meeting = cal.AddWorkingDays(received, p.MeetingDays)
	}
	if !finished.IsZero() {
		d.Report = cal.AddWorkingDays(finished, p.ReportDays)
	}
	if !reported.IsZero() {
		d.Evaluation = cal.AddWorkingDays(reported, p.EvaluationDays)
	}
	return d
}

// Vote decides the collective's meeting on a proposal by proposer: it passes with votes in
// favour from more than half of the collective (the voters); a tie between for and against goes
// the head's way. The proposer (a deputy) does not vote. Every refusal names its field.
func Vote(m canbo.Meeting, proposer int64) (bool, error) {
	if m.For < 0 {
		return false, canbo.FieldError("for", "Số phiếu tán thành (for) không được âm.")
	}
	if m.Against < 0 {
		return false, canbo.FieldError("against", "Số phiếu không tán thành (against) không được âm.")
	}
	if len(m.Voters) == 0 {
		return false, canbo.FieldError("voters", "Cần ghi các thành viên tập thể lãnh đạo được biểu quyết (voters).")
	}
	seen := map[int64]bool{}
	for _, v := range m.Voters {
		if v <= 0 {
			return false, canbo.FieldError("voters", "voters: %d không phải số hiệu hồ sơ.", v)
		}
		if v == proposer {
			return false, canbo.FieldError("voters", "voters: người đề xuất (hồ sơ %d) không tham gia biểu quyết đề xuất của mình.", v)
		}
		if seen[v] {
			return false, canbo.FieldError("voters", "voters: hồ sơ %d được ghi hai lần.", v)
		}
		seen[v] = true
	}
	if m.For+m.Against > len(m.Voters) {
		return false, canbo.FieldError("for", "Số phiếu (for %d + against %d) vượt quá số thành viên tập thể lãnh đạo được biểu quyết (voters: %d).",
			m.For, m.Against, len(m.Voters))
	}
	if 2*m.For > len(m.Voters) {
		return true, nil
	}
	if m.For == m.Against && m.For > 0 {
		if m.HeadFor == nil {
			return false, canbo.FieldError("head_decides", "Số phiếu ngang nhau: cần ghi ý kiến của người đứng đầu (head_decides).")
		}
		return *m.HeadFor, nil
	}
	return false, nil
}

// Outcomes lists the protection outcomes an evaluation allows: achieved without damage, no
// liability; not achieved without damage, liability excluded; damage done, liability excluded,
// exempted or reduced, as the competent authority decides.
func Outcomes(achieved, damage bool) []string {
	switch {
	case damage:
		return []string{canbo.OutcomeExcluded, canbo.OutcomeExempted, canbo.OutcomeReduced}
	case achieved:
		return []string{canbo.OutcomeNoLiability}
	}
	return []string{canbo.OutcomeExcluded}
}
