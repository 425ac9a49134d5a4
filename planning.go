package canbo

import (
	"context"
	"time"
)

// Statuses of a candidate in a planning pool (quy hoạch): proposed by the unit, approved by the
// competent body (with its document), proposed for appointment, or removed (with a reason).
// A yearly review is recorded as a dated change and keeps the status.
const (
	CandidateProposed    = "proposed"
	CandidateApproved    = "approved"
	CandidateAppointment = "appointment"
	CandidateRemoved     = "removed"
)

// Planning levels: the level a leadership post belongs to, for the limit of posts per person
// per level. They are the congress levels of rules (grassroots, above-grassroots, commune,
// province, government) so that the term's start month is the congress month of the level.
var PlanningLevels = []string{"grassroots", "above-grassroots", "commune", "province", "government"}

// PlanningPool is a leadership post (chức danh) of a unit, planned for a term, with its pool of
// candidates. Rank orders posts within a unit (1 Bí thư, 2 Phó Bí thư, Chủ tịch…), so that a
// person is planned only for a post higher than the one held.
type PlanningPool struct {
	ID         int64
	Term       string // "2025-2030"
	UnitID     int64
	UnitName   string
	Title      string
	Level      string
	Rank       int
	Standards  string // the post's standards text (tiêu chuẩn chức danh)
	Holders    []PostHolder
	Candidates []PoolCandidate
	// Composition counts the active candidates (not removed) as of the start of the term.
	Composition Composition
	// Warnings are the board's flags: too few candidates, composition below a target.
	Warnings []Words
	Version  int
}

// PostHolder is a person holding the pool's post (same unit, same title) on the day asked.
type PostHolder struct {
	PersonID int64
	FullName string
	From     string
}

// PoolCandidate is one person in a pool, with the facts the checks were made on and the
// removals now due (age, discipline) that the yearly review must act on.
type PoolCandidate struct {
	ID            int64
	PoolID        int64
	PersonID      int64
	FullName      string
	BirthDate     string
	Sex           Sex
	Status        string
	From          string // day proposed
	Document      Document
	ApprovedOn    string
	ApprovalDoc   Document
	ReviewedOn    string
	RemovedOn     string
	RemovalReason string
	Due           []PlanningDue
}

// DuePlanningRemoval is the kind of a Nhắc việc item: a removal from the plan due that day.
const DuePlanningRemoval = "planning_removal"

// PlanningDue is a removal from the plan that a rule makes due on a day, with its reason.
type PlanningDue struct {
	Day    time.Time
	Kind   string // "age" or "discipline"
	Reason Words
}

// Composition is the make-up of a group of people (a pool, a plan, a committee) against the
// targets of the rule version in force. Ethnic is nil when the caller lacks the background grant.
type Composition struct {
	Total   int
	Women   int
	Young   int
	Ethnic  *int
	Bands   []int // per age band of the rule, youngest first
	Reelect int
	New     int
	// Targets in percent, from the rule version (0: none); Notes explain each shortfall.
	YoungAge      int
	WomenPercent  int
	YoungPercent  int
	EthnicPercent int
	Notes         []Words
}

// PlanningChange is one entry of a pool's history.
type PlanningChange struct {
	At       time.Time
	Action   string
	PersonID int64
	FullName string
	Note     string
}

// CandidateFacts is what the candidate view shows for one person and one post: age at the
// start of the term, months of working time left, qualifications beside the post's standards,
// evaluations of recent years, discipline and its wait, posts held; each computed line says
// the rule it comes from.
type CandidateFacts struct {
	PersonID    int64
	FullName    string
	BirthDate   string
	Sex         Sex
	Education   Education
	AgeAtStart  int
	MonthsLeft  int
	Age         Words
	WorkLeft    Words
	Evaluations []Entry
	Discipline  []Words
	Posts       []Post
}

// Congress levels and kinds are the rules package's (rules.FirstTime, rules.Reelect).
const (
	CongressFirst   = "first"
	CongressReelect = "reelect"
)

// Congress is the preparation of a party organisation's congress for a term: its date and level
// (which sets the month ages are computed at), the committee to elect and its planned
// composition, the candidates with their eligibility, the rounds of voting and the result.
type Congress struct {
	ID            int64
	UnitID        int64
	UnitName      string
	Level         string
	Date          time.Time
	Term          string
	CommitteeSize int
	StandingSize  int
	Deputies      int
	// Planned composition, in people: women, young, ethnic minority, re-elected.
	PlanWomen   int
	PlanYoung   int
	PlanEthnic  int
	PlanReelect int
	Documents   []CongressDocument
	Candidates  []CongressCandidate
	Rounds      []CongressRound
	// Margin is the eligible candidates beyond the seats; MarginNote compares it with the rule.
	Margin      int
	MarginNote  Words
	Achieved    Composition
	Composition Composition // of the candidate list
	Version     int
}

// CongressDocument is the document of one step of the preparation.
type CongressDocument struct {
	Step     string
	Document Document
}

// CongressCandidate is a person on a congress's list: first time or re-election, with the
// eligibility computed by rules.CongressFor and its reasons.
type CongressCandidate struct {
	ID        int64
	PersonID  int64
	FullName  string
	BirthDate string
	Sex       Sex
	Kind      string
	Eligible  bool
	Reasons   []string
	Words     []Words
	Elected   bool
	Votes     int // votes of the round that decided
	Round     int
}

// CongressRound is one round of voting: the valid ballots and each candidate's votes.
type CongressRound struct {
	Number  int
	Ballots int
	Votes   []RoundVote
}

// RoundVote is one candidate's votes in a round; Elected is computed (above the threshold and
// within the seats).
type RoundVote struct {
	PersonID int64
	FullName string
	Votes    int
	Percent  float64
	Elected  bool
}

// PlanningService keeps planning pools and congress preparations. Every pool and congress
// belongs to its unit; callers see and change those of units in their scope.
type PlanningService interface {
	CreatePool(ctx context.Context, p *PlanningPool) error
	Pool(ctx context.Context, id int64, on time.Time) (*PlanningPool, error)
	Pools(ctx context.Context, unitID int64, term string, on time.Time) ([]*PlanningPool, error)
	AddPoolCandidate(ctx context.Context, c *PoolCandidate) error
	ApprovePoolCandidate(ctx context.Context, poolID, personID int64, on time.Time, doc Document) error
	ReviewPoolCandidate(ctx context.Context, poolID, personID int64, on time.Time) error
	RemovePoolCandidate(ctx context.Context, poolID, personID int64, on time.Time, reason string) error
	ProposeAppointment(ctx context.Context, poolID, personID int64, on time.Time) error
	PoolHistory(ctx context.Context, id int64) ([]PlanningChange, error)
	PlanningDue(ctx context.Context, from, to time.Time) ([]RegistryDue, error)

	CreateCongress(ctx context.Context, c *Congress) error
	Congress(ctx context.Context, id int64) (*Congress, error)
	Congresses(ctx context.Context, unitID int64) ([]*Congress, error)
	AddCongressCandidate(ctx context.Context, congressID int64, c *CongressCandidate) error
	AddCongressDocument(ctx context.Context, congressID int64, d CongressDocument) error
	Ballot(ctx context.Context, congressID int64) ([]CongressCandidate, error)
	RecordRound(ctx context.Context, congressID int64, r *CongressRound) error
}
