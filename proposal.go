package canbo

import (
	"context"
	"time"
)

// Steps of an innovation proposal under NĐ 73/2023 (docs/RULES.md §innovation), in the order
// they happen. A step is recorded with its day; every one is audited.
const (
	StepMeeting      = "meeting"       // the leadership collective's meeting and vote
	StepHeadApproval = "head_approval" // the head's written approval after a rejection
	StepMilestone    = "milestone"     // a milestone of the implementation
	StepFinished     = "finished"      // the implementation finished
	StepReport       = "report"        // the implementer's report
	StepEvaluation   = "evaluation"    // the collective's evaluation
	StepOutcome      = "outcome"       // the protection outcome
)

// ProposalSteps lists the steps recorded with AddProposalStep (the meeting has its own call).
var ProposalSteps = []string{StepHeadApproval, StepMilestone, StepFinished, StepReport, StepEvaluation, StepOutcome}

// Statuses of a proposal: the state its latest step left it in.
const (
	ProposalReceived     = "received"
	ProposalApproved     = "approved"      // the collective voted for it
	ProposalRejected     = "rejected"      // the collective voted against it
	ProposalHeadApproved = "head_approved" // approved by the head in writing after a rejection
	ProposalFinished     = "finished"
	ProposalReported     = "reported"
	ProposalEvaluated    = "evaluated"
	ProposalClosed       = "closed" // the protection outcome is recorded
)

// Protection outcomes (docs/RULES.md §innovation).
const (
	OutcomeNoLiability = "no_liability" // result achieved: no liability
	OutcomeExcluded    = "excluded"     // liability excluded
	OutcomeExempted    = "exempted"     // liability exempted
	OutcomeReduced     = "reduced"      // liability reduced
)

// ProposalSections are the parts a proposal must state.
type ProposalSections struct {
	Need        string `json:"need"`        // the need, the bottleneck it removes
	Content     string `json:"content"`     // content, tasks, solutions
	Scope       string `json:"scope"`       // scope and people affected
	Timeline    string `json:"timeline"`    // timeline and resources
	Feasibility string `json:"feasibility"` // feasibility
	Expected    string `json:"expected"`    // expected results
}

// Meeting is the collective's vote. Voters are the members of the collective who may vote (the
// proposer is not one); HeadFor is the head's side, which decides a tie.
type Meeting struct {
	On      time.Time
	For     int
	Against int
	Voters  []int64
	HeadFor *bool
	Note    string
}

// ProposalStep is one dated step. Details hold what the step records (the vote, the
// evaluation's findings, the outcome).
type ProposalStep struct {
	ID        int64
	Step      string
	On        time.Time
	Note      string
	Achieved  *bool  // evaluation: was the expected result achieved
	Damage    *bool  // evaluation: did damage occur
	Outcome   string // outcome step
	Meeting   *Meeting
	Passed    *bool // meeting
	CreatedBy string
}

// ProposalDeadlines are the days by which the next steps are due, counted in working days on
// the rules' calendar; a zero day is not due yet (its starting step has not happened).
type ProposalDeadlines struct {
	Meeting    time.Time
	Report     time.Time
	Evaluation time.Time
}

// Proposal is an innovation proposal of a dynamic, creative cadre. It belongs to its unit.
type Proposal struct {
	ID         int64
	PersonID   int64
	PersonName string
	UnitID     int64
	UnitName   string
	Title      string
	ReceivedOn time.Time
	Sections   ProposalSections
	Status     string
	Steps      []ProposalStep
	Deadlines  ProposalDeadlines
	// Late lists the steps done after their deadline, or still missing past it on the day read.
	Late []string
}

// ProposalFilter selects proposals of the caller's scope: Q in titles and proposers' names,
// accent-insensitive; Status one status.
type ProposalFilter struct {
	Q      string
	Status string
	Limit  int
	Offset int
}

// ProposalService keeps the innovation proposals and their steps.
type ProposalService interface {
	AddProposal(ctx context.Context, p *Proposal) (int64, error)
	Proposal(ctx context.Context, id int64) (*Proposal, error)
	Proposals(ctx context.Context, f ProposalFilter) ([]*Proposal, int, error)
	RecordMeeting(ctx context.Context, id int64, m Meeting) (bool, error)
	AddProposalStep(ctx context.Context, id int64, s ProposalStep) error
}
