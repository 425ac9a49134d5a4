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

// Deadlines returns the days the next steps are due: the meeting from receipt, the report from
// the day the implementation finished, the evaluation from the report, each counted with the
// rule version (rules.Set.Innovation, docs/RULES.md §innovation) in force on the day it counts
// from. A step not yet started (zero day) leaves its deadline zero. "Within n working days of
// D" is the n-th working day after D (Calendar.AddWorkingDays), so holidays and exchanged
// Saturdays count as the calendar says. A day no version covers (before NĐ 73/2023 took
// effect) is an error naming the rule.
func Deadlines(cal *rules.Calendar, set *rules.Set, received, finished, reported time.Time) (canbo.ProposalDeadlines, error) {
	var d canbo.ProposalDeadlines
	for _, x := range []struct {
		from time.Time
		days func(rules.InnovationParams) int
		dst  *time.Time
	}{
		{received, func(p rules.InnovationParams) int { return p.MeetingDays }, &d.Meeting},
		{finished, func(p rules.InnovationParams) int { return p.ReportDays }, &d.Report},
		{reported, func(p rules.InnovationParams) int { return p.EvaluationDays }, &d.Evaluation},
	} {
		if x.from.IsZero() {
			continue
		}
		p, err := set.Innovation(x.from)
		if err != nil {
			return canbo.ProposalDeadlines{}, err
		}
		*x.dst = cal.AddWorkingDays(x.from, x.days(p))
	}
	return d, nil
}

// Vote decides the collective's meeting on a proposal by proposer: it passes with votes in
// favour from more than half of the collective (the voters); a tie between for and against goes
// the head's way. The proposer (a deputy) does not vote. Every refusal names its field.
func Vote(m canbo.Meeting, proposer int64) (bool, error) {
	if m.For < 0 {
		return false, canbo.Invalid("for", "err.innovation.vote.for_negative")
	}
	if m.Against < 0 {
		return false, canbo.Invalid("against", "err.innovation.vote.against_negative")
	}
	if len(m.Voters) == 0 {
		return false, canbo.Invalid("voters", "err.innovation.vote.voters")
	}
	seen := map[int64]bool{}
	for _, v := range m.Voters {
		if v <= 0 {
			return false, canbo.Invalid("voters", "err.innovation.vote.voter_id", v)
		}
		if v == proposer {
			return false, canbo.Invalid("voters", "err.innovation.vote.proposer", v)
		}
		if seen[v] {
			return false, canbo.Invalid("voters", "err.innovation.vote.twice", v)
		}
		seen[v] = true
	}
	if m.For+m.Against > len(m.Voters) {
		return false, canbo.Invalid("for", "err.innovation.vote.exceed",
			m.For, m.Against, len(m.Voters))
	}
	if 2*m.For > len(m.Voters) {
		return true, nil
	}
	if m.For == m.Against && m.For > 0 {
		if m.HeadFor == nil {
			return false, canbo.Invalid("head_decides", "err.innovation.vote.head_decides")
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
