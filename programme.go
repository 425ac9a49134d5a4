package canbo

import (
	"context"
	"slices"
	"time"
)

// ItemKind is the kind of a work-programme item. The list covers what the annual reviews count;
// an owner body may name a kind of its own, which is kept as typed.
type ItemKind string

// The usual kinds of items.
const (
	ItemContent    ItemKind = "content"    // nội dung
	ItemProject    ItemKind = "project"    // đề án
	ItemReport     ItemKind = "report"     // báo cáo
	ItemConference ItemKind = "conference" // hội nghị
	ItemDocument   ItemKind = "document"   // văn bản
	ItemOther      ItemKind = "other"      // khác
)

// ItemKinds lists the usual kinds in the order forms offer them.
var ItemKinds = []ItemKind{ItemContent, ItemProject, ItemReport, ItemConference, ItemDocument, ItemOther}

// ItemStatus is one step of an item's status history.
type ItemStatus string

// Item statuses. An item without any is planned; done and cancelled end its history.
const (
	StatusInProgress ItemStatus = "in_progress" // đang thực hiện
	StatusSubmitted  ItemStatus = "submitted"   // đã trình
	StatusDone       ItemStatus = "done"        // hoàn thành
	StatusPostponed  ItemStatus = "postponed"   // lùi thời hạn (with a new deadline and reason)
	StatusCancelled  ItemStatus = "cancelled"   // không thực hiện (with a reason)
)

// ItemStatuses lists the statuses in board order.
var ItemStatuses = []ItemStatus{StatusInProgress, StatusSubmitted, StatusPostponed, StatusDone, StatusCancelled}

// Valid reports whether s is a known status.
func (s ItemStatus) Valid() bool {
	return slices.Contains(ItemStatuses, s)
}

// Programme is the annual work programme of one owner body (Thành ủy, Ban Thường vụ, a
// commission, a ward's party committee) for one year, with the year's theme.
type Programme struct {
	ID            int64  `json:"id"`
	OwnerUnitID   int64  `json:"owner_unit_id"`
	OwnerUnitName string `json:"owner_unit_name"`
	Year          int    `json:"year"`
	Title         string `json:"title"`
	Theme         string `json:"theme"`
	// Items is filled when one programme is read; lists leave it empty.
	Items []*ProgrammeItem `json:"items,omitempty"`
	// ItemCount is the number of items the caller sees, in lists.
	ItemCount int `json:"item_count"`
}

// ProgrammeItem is one item of a programme, tied to one accountable head (cá thể hóa trách
// nhiệm người đứng đầu). Created is the day it entered the programme: the programme's first
// day unless recorded otherwise (an arising item arises on a day of its own); no status may be
// dated before it, and the head must hold a post on it.
type ProgrammeItem struct {
	ID                int64    `json:"id"`
	ProgrammeID       int64    `json:"programme_id"`
	ParentItemID      int64    `json:"parent_item_id"` // the item of a superior body's programme this one was delegated from
	Title             string   `json:"title"`
	Kind              ItemKind `json:"kind"`
	Arising           bool     `json:"arising"`
	Due               string   `json:"due"`
	Created           string   `json:"created_on"`
	HeadPersonID      int64    `json:"head_person_id"`
	HeadName          string   `json:"head_name"`
	HeadPost          string   `json:"head_post"` // the post the head holds on the day shown
	PresidingUnitID   int64    `json:"presiding_unit_id"`
	PresidingUnitName string   `json:"presiding_unit_name"`
	CoordinatingUnits []int64  `json:"coordinating_unit_ids"`
	Product           string   `json:"product"`
	// Statuses is the status history, oldest first.
	Statuses []ItemStatusChange `json:"statuses"`
	// Notes and Files are filled when one item is read.
	Notes []ItemNote     `json:"notes,omitempty"`
	Files []EvidenceFile `json:"files,omitempty"`
	// SubItems are the items delegated from this one to subordinate bodies' programmes (those
	// the caller sees), and SubCompletion their figures rolled up, when one item is read.
	SubItems      []*ProgrammeItem  `json:"sub_items,omitempty"`
	SubCompletion *CompletionCounts `json:"sub_completion,omitempty"`
}

// ItemStatusChange is one dated status of an item; NewDue only for a postponement.
type ItemStatusChange struct {
	ID     int64      `json:"id"`
	ItemID int64      `json:"item_id"`
	Status ItemStatus `json:"status"`
	On     string     `json:"on"`
	NewDue string     `json:"new_due,omitempty"`
	Note   string     `json:"note"`
}

// ItemNote is a dated progress note on an item.
type ItemNote struct {
	ID     int64  `json:"id"`
	ItemID int64  `json:"item_id"`
	On     string `json:"on"`
	Text   string `json:"text"`
	By     string `json:"by"`
}

// EvidenceFile is a file attached to an item as evidence of its product; its content type is
// recognised from its bytes, and its SHA-256 recorded so a copy can be checked later.
type EvidenceFile struct {
	ID          int64     `json:"id"`
	ItemID      int64     `json:"item_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedAt  time.Time `json:"uploaded_at"`
	UploadedBy  string    `json:"uploaded_by"`
}

// MaxEvidenceBytes caps one evidence file: a scanned decision or a report fits.
const MaxEvidenceBytes = 10 << 20

// CompletionCounts are the figures of a set of items as of a day, as defined in
// docs/RULES.md §programme-completion.
type CompletionCounts struct {
	Total      int     `json:"total"` // items not cancelled
	Due        int     `json:"due"`
	DoneOnTime int     `json:"done_on_time"`
	DoneLate   int     `json:"done_late"`
	Overdue    int     `json:"overdue"`
	Postponed  int     `json:"postponed"` // postponed at least once, not cancelled
	Cancelled  int     `json:"cancelled"`
	Rate       float64 `json:"rate"` // (done on time + done late) / due; 1 when nothing is due
}

// HeadCompletion is one head's figures over a programme's items, scheduled and arising.
type HeadCompletion struct {
	PersonID int64   `json:"person_id"`
	Name     string  `json:"name"`
	Due      int     `json:"due"`
	Done     int     `json:"done"`
	Overdue  int     `json:"overdue"`
	Rate     float64 `json:"rate"`
}

// UnitCompletion is one presiding unit's figures, scheduled and arising apart.
type UnitCompletion struct {
	UnitID    int64            `json:"unit_id"`
	Name      string           `json:"name"`
	Scheduled CompletionCounts `json:"scheduled"`
	Arising   CompletionCounts `json:"arising"`
}

// Completion is a programme's figures as of a day.
type Completion struct {
	AsOf      string           `json:"as_of"`
	Scheduled CompletionCounts `json:"scheduled"`
	Arising   CompletionCounts `json:"arising"`
	ByHead    []HeadCompletion `json:"by_head"`
	ByUnit    []UnitCompletion `json:"by_unit"`
}

// ProgrammeFilter selects programmes: of a year, of an owner unit, or those with items headed by
// a person (a head's own list).
type ProgrammeFilter struct {
	Year        int
	OwnerUnitID int64
}

// ItemFilter selects items across the programmes the caller sees: one head's (việc của tôi),
// or those not done whose deadline in force falls in [From, To] (overdue and upcoming).
type ItemFilter struct {
	HeadPersonID int64
	From, To     time.Time
	Open         bool // only items neither done nor cancelled by AsOf
	AsOf         time.Time
	Limit        int
}

// ProgrammeService keeps work programmes, their items and evidence. Every method applies the
// caller's scope: a programme is seen by callers whose scope holds its owner unit, and its
// items also by callers whose scope holds the item's presiding unit; anything else is not
// found. Every change is audited, and so is every evidence download.
type ProgrammeService interface {
	CreateProgramme(ctx context.Context, p *Programme) error
	// Programme returns a programme with the items the caller sees, heads shown as of asOf.
	Programme(ctx context.Context, id int64, asOf time.Time) (*Programme, error)
	Programmes(ctx context.Context, f ProgrammeFilter) ([]*Programme, error)
	AddItem(ctx context.Context, it *ProgrammeItem) error
	Item(ctx context.Context, id int64, asOf time.Time) (*ProgrammeItem, error)
	Items(ctx context.Context, f ItemFilter) ([]*ProgrammeItem, error)
	AddStatus(ctx context.Context, s *ItemStatusChange) error
	AddNote(ctx context.Context, n *ItemNote) error
	// AddEvidence stores a file on an item; the content type is recognised from the bytes.
	AddEvidence(ctx context.Context, f *EvidenceFile, data []byte) error
	// Evidence returns a file of an item the caller sees, and audits the download.
	Evidence(ctx context.Context, itemID, fileID int64) (*EvidenceFile, []byte, error)
	Completion(ctx context.Context, programmeID int64, asOf time.Time) (*Completion, error)
	// LinkAccount ties an account to its holder's personal record (administrators only, audited;
	// personID 0 removes the link); AccountPerson returns the signed-in caller's, or 0.
	LinkAccount(ctx context.Context, userID, personID int64) error
	AccountPerson(ctx context.Context) (int64, error)
}
