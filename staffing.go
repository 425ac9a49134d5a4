package canbo

import (
	"context"
	"time"
)

// Staffing (biên chế) and job positions (vị trí việc làm), issue 13. A quota is the number of
// people of one staff type a unit may employ from a day, set by a document; a later quota of
// the same unit and staff type from a later day adjusts it. Who fills the quota is read from the
// posts of the people records (a primary post held that day), never copied.

// PositionCategory is the group a job position belongs to (Nghị định 62/2020/NĐ-CP Art. 4).
type PositionCategory string

// The four categories of job positions.
const (
	PositionLeadership   PositionCategory = "leadership"   // lãnh đạo, quản lý
	PositionProfessional PositionCategory = "professional" // chuyên môn, nghiệp vụ
	PositionShared       PositionCategory = "shared"       // chuyên môn dùng chung
	PositionSupport      PositionCategory = "support"      // hỗ trợ, phục vụ
)

// PositionCategories lists the categories in the order forms offer them.
var PositionCategories = []PositionCategory{PositionLeadership, PositionProfessional, PositionShared, PositionSupport}

// QuotaStaffTypes are the staff types a quota may be set for: every staff type but "none",
// which is no payroll at all.
var QuotaStaffTypes = []StaffType{StaffCadre, StaffCivilServant, StaffPublicEmployee, StaffArmedForces, StaffContract}

// StaffingDocument is the document that sets a quota or a position: number, ISO day, issuer.
type StaffingDocument struct {
	Number string `json:"number"`
	Date   string `json:"date"`
	Issuer string `json:"issuer"`
}

// Quota is the number of posts of one staff type allotted to a unit over [From, To); To is
// empty while in force. EventID names the restructuring event that made it (a merge adding
// its sources' quotas), 0 for a quota set by a decision.
type Quota struct {
	ID        int64            `json:"id"`
	UnitID    int64            `json:"unit_id"`
	StaffType StaffType        `json:"staff_type"`
	Count     int              `json:"count"`
	From      string           `json:"from"`
	To        string           `json:"to,omitempty"`
	Document  StaffingDocument `json:"document"`
	EventID   int64            `json:"event_id,omitempty"`
}

// Position is a job position of a unit over [From, To): what the post is, the grade or
// professional title it needs (ngạch / chức danh nghề nghiệp, a grade code as the salary
// entries store it), and how many people it needs.
type Position struct {
	ID          int64            `json:"id"`
	UnitID      int64            `json:"unit_id"`
	UnitName    string           `json:"unit_name,omitempty"`
	Name        string           `json:"name"`
	Category    PositionCategory `json:"category"`
	Grade       string           `json:"grade"`
	StaffType   StaffType        `json:"staff_type"`
	Headcount   int              `json:"headcount"`
	Description string           `json:"description"`
	Competency  string           `json:"competency"`
	From        string           `json:"from"`
	To          string           `json:"to,omitempty"`
	Document    StaffingDocument `json:"document"`
	EventID     int64            `json:"event_id,omitempty"`
	// Filled is the number of people whose primary post names the position on the day asked.
	Filled int `json:"filled"`
}

// StaffingTarget is a streamlining target (tinh giản biên chế): reduce a unit's allotted
// quota (of one staff type, or all when StaffType is empty) by Percent against the quota in
// force on BaseDate, by Due.
type StaffingTarget struct {
	ID        int64            `json:"id"`
	UnitID    int64            `json:"unit_id"`
	StaffType StaffType        `json:"staff_type,omitempty"`
	Percent   float64          `json:"percent"`
	BaseDate  string           `json:"base_date"`
	Due       string           `json:"due"`
	Document  StaffingDocument `json:"document"`
	// Computed on read for the day asked: the subtree's allotted quota on BaseDate and that
	// day, and the reduction reached, in percent of the base.
	Base     int     `json:"base"`
	Current  int     `json:"current"`
	Achieved float64 `json:"achieved"`
}

// StaffingTotals are allotted, filled, vacant and over summed unit by unit and staff type by
// staff type: one unit's vacancy does not absorb another's excess.
type StaffingTotals struct {
	Allotted int `json:"allotted"`
	Filled   int `json:"filled"`
	Vacant   int `json:"vacant"`
	Over     int `json:"over"`
}

// StaffTypeCount is a subtree's figures for one staff type.
type StaffTypeCount struct {
	StaffType StaffType `json:"staff_type"`
	StaffingTotals
}

// StaffingChild is the figures of one child unit's whole subtree.
type StaffingChild struct {
	UnitID int64  `json:"unit_id"`
	Name   string `json:"name"`
	StaffingTotals
	// ByStaffType is the child subtree's figures per staff type, for the chart and the report.
	ByStaffType []StaffTypeCount `json:"by_staff_type"`
	// Flagged: some unit of the child's subtree is over its quota for some staff type.
	Flagged bool `json:"over_quota"`
}

// StaffingFlag points at something the officer should look at: a unit over its quota for a
// staff type, a position held by someone without its required grade, a person with a primary
// post that names no position.
type StaffingFlag struct {
	Kind       string    `json:"kind"` // over_quota, grade, no_position
	UnitID     int64     `json:"unit_id"`
	UnitName   string    `json:"unit_name"`
	StaffType  StaffType `json:"staff_type,omitempty"`
	Count      int       `json:"count,omitempty"`
	PersonID   int64     `json:"person_id,omitempty"`
	PersonName string    `json:"person_name,omitempty"`
	PositionID int64     `json:"position_id,omitempty"`
	Position   string    `json:"position,omitempty"`
}

// Staffing is headcount against quota over a unit's whole subtree on a day.
type Staffing struct {
	UnitID      int64             `json:"unit_id"`
	UnitName    string            `json:"unit_name"`
	AsOf        string            `json:"as_of"`
	Totals      StaffingTotals    `json:"totals"`
	ByStaffType []StaffTypeCount  `json:"by_staff_type"`
	Children    []StaffingChild   `json:"children"`
	Flags       []StaffingFlag    `json:"flags"`
	Positions   []*Position       `json:"positions"`
	Quotas      []*Quota          `json:"quotas"`
	Targets     []*StaffingTarget `json:"targets"`
}

// StaffingService records quotas, positions and targets and computes headcount against quota.
// Every method applies the caller's scope; every change is audited.
type StaffingService interface {
	AddQuota(ctx context.Context, q *Quota) error
	AddPosition(ctx context.Context, p *Position) error
	AddStaffingTarget(ctx context.Context, t *StaffingTarget) error
	UpdateStaffingTarget(ctx context.Context, t *StaffingTarget) error
	// EndPosition ends a job position on a day nobody holds it past, and returns it.
	EndPosition(ctx context.Context, id int64, to string) (*Position, error)
	// Positions lists a unit's job positions a post over [from, to) may name.
	Positions(ctx context.Context, unit int64, from, to time.Time) ([]*Position, error)
	Staffing(ctx context.Context, unitID int64, on time.Time) (*Staffing, error)
	AssignPosition(ctx context.Context, personID, postID, positionID int64) error
}
