package sqlstore

import (
	"context"
	"slices"
	"strconv"
	"time"

	"canbo"
)

// RegistryDue lists what the registries ask of the caller's scope in [from, to], for Nhắc việc:
// documents whose planned review falls in the range and which are still in force today, and
// each open proposal's next deadline (the meeting, the report or the evaluation, whichever its
// status waits for) up to the range's end, overdue ones included.
func (d *DB) RegistryDue(ctx context.Context, from, to time.Time) ([]canbo.RegistryDue, error) {
	if to.Before(from) {
		return nil, canbo.Invalid("to", "err.sqlstore.registry_due.to")
	}
	cte, cond := d.visibleRegulations(ctx)
	regs, err := d.scanRegulations(ctx, d.db, cat(with(cte), frag(`SELECT `+regulationColumns+` FROM regulations r
		WHERE r.next_review >= ? AND r.next_review <= ?`, day(from), day(to)), and(cond)))
	if err != nil {
		return nil, err
	}
	if err := d.regulationDetails(ctx, d.db, regs, d.Now(), false); err != nil {
		return nil, err
	}
	var out []canbo.RegistryDue
	for _, r := range regs {
		if r.Status.InForce() || r.Status == canbo.RegNotYet {
			out = append(out, canbo.RegistryDue{Kind: canbo.DueRegulationReview, Title: r.Number + " " + r.Title, Due: r.NextReview,
				Path: "/regulations/" + strconv.FormatInt(r.ID, 10)})
		}
	}
	pcte, pcond := d.visibleProposals(ctx)
	open, err := d.scanProposals(ctx, d.db, cat(with(pcte), frag(`SELECT `+proposalColumns+` FROM proposals p WHERE p.status IN (?, ?, ?)`,
		canbo.ProposalReceived, canbo.ProposalFinished, canbo.ProposalReported), and(pcond)))
	if err != nil {
		return nil, err
	}
	for _, x := range open {
		p, err := d.Proposal(ctx, x.ID)
		if err != nil {
			return nil, err
		}
		kind, due := canbo.DueProposalMeeting, p.Deadlines.Meeting
		switch p.Status {
		case canbo.ProposalFinished:
			kind, due = canbo.DueProposalReport, p.Deadlines.Report
		case canbo.ProposalReported:
			kind, due = canbo.DueProposalEvaluation, p.Deadlines.Evaluation
		}
		if !due.After(to) { // overdue ones too: a step past its deadline is the most urgent
			out = append(out, canbo.RegistryDue{Kind: kind, Title: p.Title, UnitName: p.UnitName, Due: due,
				Path: "/proposals/" + strconv.FormatInt(p.ID, 10)})
		}
	}
	// Removals from the cadre plan fall due on their day (docs/RULES.md §planning).
	planned, err := d.PlanningDue(ctx, from, to)
	if err != nil {
		return nil, err
	}
	out = append(out, planned...)
	slices.SortStableFunc(out, func(a, b canbo.RegistryDue) int { return a.Due.Compare(b.Due) })
	return out, nil
}
