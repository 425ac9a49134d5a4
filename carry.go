package canbo

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
