package canbo

import (
	"context"
	"time"
)

// Purposes of a secondment (biệt phái): to carry out a task at the host, or on-the-job training
// there (the Hanoi case of issue 17: ward cadres trained at a city department).
const (
	SecondmentTask     = "task"
	SecondmentTraining = "training"
)

// SecondmentPurposes lists the purposes in display order.
var SecondmentPurposes = []string{SecondmentTask, SecondmentTraining}

// Kinds of a secondment's notes: work the host assigns, and the host's assessments.
const (
	NoteTask       = "task"
	NoteAssessment = "assessment"
)

// Secondment is one person seconded from a sending unit to a host over [From, To] (To is the
// last day, as the deciding document words it; EndedOn, once recorded, is the actual last day).
// The person keeps the primary post at the sending unit, so the sending unit's quota and lists
// keep counting them (docs/RULES.md §secondment). A record migrated from the old timeline
// entries may have no host unit: HostName then holds the place as it was typed.
type Secondment struct {
	ID           int64  `json:"id"`
	CohortID     int64  `json:"cohort_id,omitempty"`
	PersonID     int64  `json:"person_id"`
	PersonName   string `json:"person_name,omitempty"`
	FromUnitID   int64  `json:"from_unit_id"`
	FromUnitName string `json:"from_unit_name,omitempty"`
	ToUnitID     int64  `json:"to_unit_id"`
	ToUnitName   string `json:"to_unit_name,omitempty"`
	HostName     string `json:"host_name,omitempty"`
	Purpose      string `json:"purpose"`
	From         string `json:"from"`
	To           string `json:"to"`
	// Document is the deciding document; Exception marks a period over the rule's limit,
	// allowed by ExceptionDocument (a sector the Government lists).
	Document          StaffingDocument  `json:"document"`
	Exception         bool              `json:"exception,omitempty"`
	ExceptionDocument *StaffingDocument `json:"exception_document,omitempty"`
	MentorID          int64             `json:"mentor_id,omitempty"`
	MentorName        string            `json:"mentor_name,omitempty"`
	EndedOn           string            `json:"ended_on,omitempty"`
	Placement         string            `json:"placement,omitempty"`
	Outcome           string            `json:"outcome,omitempty"`
	Notes             []SecondmentNote  `json:"notes,omitempty"`
}

// LastDay is the secondment's last day: the actual end once recorded, else the decided one.
func (s *Secondment) LastDay() string {
	if s.EndedOn != "" {
		return s.EndedOn
	}
	return s.To
}

// Host names the host: the unit's name, or the place typed in an old timeline entry.
func (s *Secondment) Host() string {
	if s.ToUnitName != "" {
		return s.ToUnitName
	}
	return s.HostName
}

// SecondmentNote is a task the host assigns or an assessment it makes, dated. Rating is one of
// EvaluationCodes for an assessment.
type SecondmentNote struct {
	ID     int64  `json:"id"`
	Kind   string `json:"kind"`
	On     string `json:"on"`
	Text   string `json:"text"`
	Rating string `json:"rating,omitempty"`
}

// SecondmentRequest is one decision seconding one person (PersonID) or a cohort (PersonIDs, or
// Members when the people come from several sending units). Without FromUnitID, a person of
// PersonIDs is sent from the unit of their primary post on the first day.
type SecondmentRequest struct {
	PersonID          int64              `json:"person_id"`
	PersonIDs         []int64            `json:"person_ids"`
	Members           []SecondmentMember `json:"members"`
	FromUnitID        int64              `json:"from_unit_id"`
	ToUnitID          int64              `json:"to_unit_id"`
	From              string             `json:"from"`
	To                string             `json:"to"`
	Purpose           string             `json:"purpose"`
	Title             string             `json:"title"`
	Document          StaffingDocument   `json:"document"`
	Exception         bool               `json:"exception"`
	ExceptionDocument *StaffingDocument  `json:"exception_document"`
}

// SecondmentMember is one person of a cohort with the unit sending them.
type SecondmentMember struct {
	PersonID   int64 `json:"person_id"`
	FromUnitID int64 `json:"from_unit_id"`
}

// SecondmentCreated is what a decision recorded: the cohort (0 for a single person) and the
// secondments in the order of the request.
type SecondmentCreated struct {
	ID       int64   `json:"id"`
	CohortID int64   `json:"cohort_id,omitempty"`
	IDs      []int64 `json:"ids"`
}

// Cohort is the people one decision seconds to one host together, with each one's record.
type Cohort struct {
	ID          int64            `json:"id"`
	Title       string           `json:"title"`
	ToUnitID    int64            `json:"to_unit_id"`
	ToUnitName  string           `json:"to_unit_name"`
	Purpose     string           `json:"purpose"`
	From        string           `json:"from"`
	To          string           `json:"to"`
	Document    StaffingDocument `json:"document"`
	Secondments []*Secondment    `json:"secondments"`
}

// UnitSecondments is who is seconded to (incoming) and from (outgoing) a unit on a day.
type UnitSecondments struct {
	UnitID   int64         `json:"unit_id"`
	AsOf     string        `json:"as_of"`
	Incoming []*Secondment `json:"incoming"`
	Outgoing []*Secondment `json:"outgoing"`
}

// SecondmentFlow counts a unit's people seconded in and out on a day (the chart's bars).
type SecondmentFlow struct {
	UnitID   int64  `json:"unit_id"`
	Name     string `json:"name"`
	Incoming int    `json:"incoming"`
	Outgoing int    `json:"outgoing"`
}

// SecondmentEnd is the actual end of a secondment and the placement back at the sending unit.
type SecondmentEnd struct {
	EndedOn   string `json:"ended_on"`
	Placement string `json:"placement"`
	Outcome   string `json:"outcome"`
}

// SecondmentService keeps secondments and cohorts (issue 17). Everything is scoped: a
// secondment is seen and changed by callers whose scope holds its sending or its host unit.
type SecondmentService interface {
	CreateSecondments(ctx context.Context, req *SecondmentRequest) (*SecondmentCreated, error)
	Secondment(ctx context.Context, id int64) (*Secondment, error)
	Cohort(ctx context.Context, id int64) (*Cohort, error)
	Cohorts(ctx context.Context) ([]*Cohort, error)
	UnitSecondments(ctx context.Context, unitID int64, on time.Time) (*UnitSecondments, error)
	SecondmentFlows(ctx context.Context, on time.Time) ([]SecondmentFlow, error)
	PersonSecondments(ctx context.Context, personID int64) ([]*Secondment, error)
	SetMentor(ctx context.Context, id, mentorID int64) error
	AddSecondmentNote(ctx context.Context, id int64, n *SecondmentNote) error
	EndSecondment(ctx context.Context, id int64, end SecondmentEnd) error
}
