package canbo

import (
	"context"
	"time"
)

// Placement says where one person of a unit that an event ends goes: to UnitID, or to the
// Target-th target of the event (1-based, for targets the event itself creates), or nowhere
// (End), their posts ending on the event's date for Reason. A merge places everybody in its
// target unless told otherwise; a split or a dissolution must place everybody.
type Placement struct {
	PersonID int64  `json:"person_id"`
	UnitID   int64  `json:"unit_id,omitempty"`
	Target   int    `json:"target,omitempty"`
	End      bool   `json:"end,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// CarriedQuota is a merge target's quota of one staff type from the event's date. By default
// it is the target's own quota in force plus those of the sources the merge ends; the deciding
// document often allots less (streamlining rides on restructuring), so the officer may set
// Count. Own and Carried are the default's parts, filled by PreviewQuotas for the form. The
// row written names the event, and the rows it continues are closed, never changed: history
// stays.
type CarriedQuota struct {
	StaffType StaffType `json:"staff_type"`
	Count     int       `json:"count"`
	Own       int       `json:"own,omitempty"`
	Carried   int       `json:"carried,omitempty"`
}

// Carried names the restructuring event that carried a post or a cell period: its kind, day
// and document, which the timeline shows ("chuyển theo sáp nhập …").
type Carried struct {
	EventID  int64     `json:"event_id"`
	Kind     EventKind `json:"kind"`
	Date     string    `json:"date"`
	Document Document  `json:"document"`
}

// Move counts what an event carries from one ended unit to one other unit: posts and party
// members (people with a cell period there). ToID 0 means the posts were ended, not carried.
type Move struct {
	FromID   int64  `json:"from_id"`
	FromName string `json:"from_name"`
	ToID     int64  `json:"to_id"`
	ToName   string `json:"to_name"`
	Posts    int    `json:"posts"`
	Members  int    `json:"members"`
}

// Stranded is a post or cell period still open in a unit that has ended, found by the repair:
// where the recorded successors would carry it (SuccessorID), or 0 when the unit has none.
type Stranded struct {
	PersonID      int64  `json:"person_id"`
	PersonName    string `json:"person_name"`
	Kind          string `json:"kind"` // post or cell
	RowID         int64  `json:"row_id"`
	UnitID        int64  `json:"unit_id"`
	UnitName      string `json:"unit_name"`
	EndedOn       string `json:"ended_on"`
	EventID       int64  `json:"event_id"`
	SuccessorID   int64  `json:"successor_id"`
	SuccessorName string `json:"successor_name"`
}

// CarryService answers what restructuring does to people: the moves an event would make, the
// people an event would leave without a unit, and the repair of rows left open in ended units.
type CarryService interface {
	// PreviewCarry applies the event in a transaction that is rolled back and counts the
	// posts and party members it would carry from each ended unit to each receiving unit.
	PreviewCarry(ctx context.Context, in EventInput) ([]Move, error)
	// EndedPeople lists the people with a post or cell period in the units the event would
	// end, one row per person.
	EndedPeople(ctx context.Context, in EventInput) ([]Stranded, error)
	// StrandedRows lists the posts and cell periods still open in units that have ended, in
	// the caller's scope, with the successor the repair would carry each to.
	StrandedRows(ctx context.Context) ([]Stranded, error)
	// RepairCarry carries the stranded rows along their units' recorded successors (a
	// merge's target, a split's largest target) and returns what it carried and what has no
	// successor; dryRun writes nothing.
	RepairCarry(ctx context.Context, dryRun bool) (carried, left []Stranded, err error)
	// PreviewQuotas applies a merge in a transaction that is rolled back and returns, per
	// staff type, the quota its target would hold from the event's date with its parts (the
	// requested Quotas applied); empty for any other event.
	PreviewQuotas(ctx context.Context, in EventInput) ([]CarriedQuota, error)
}

// UnplacedService lists the people restructuring left without a unit.
type UnplacedService interface {
	// Unplaced lists, as of a day, the people in the caller's scope whose post or cell period
	// ended with its unit and who hold no post and no cell since, and the rows still open in
	// ended units that have no successor.
	Unplaced(ctx context.Context, on time.Time) ([]Stranded, error)
}
