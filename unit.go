package canbo

import (
	"context"
	"time"
)

// Hierarchy names one of the separate trees of units. A person can be a member in one tree and
// hold posts in another at the same time, so the trees are never mixed in one parent chain.
type Hierarchy string

// The hierarchies canbo knows.
const (
	Party     Hierarchy = "party"     // Thành ủy → đảng ủy → chi bộ → tổ đảng
	State     Hierarchy = "state"     // UBND → sở/ban → phòng; public service units
	Territory Hierarchy = "territory" // tỉnh → (huyện, until 2025) → xã/phường → khu phố/ấp
)

// Hierarchies lists the hierarchies in display order.
var Hierarchies = []Hierarchy{Party, State, Territory}

// Valid reports whether h is a known hierarchy.
func (h Hierarchy) Valid() bool { return h == Party || h == State || h == Territory }

// Tiers of the territory hierarchy; units of other hierarchies have an empty tier.
const (
	TierProvince = "province"
	TierDistrict = "district"
	TierCommune  = "commune"
	TierBelow    = "below"
)

// Kind is a kind of unit from the configurable list (Thành ủy, Phường, Chi bộ cơ sở…). The tier
// belongs to the kind, so that "communes as of a date" is a question about kinds, not names.
type Kind struct {
	Code      string    `json:"code"`
	Hierarchy Hierarchy `json:"hierarchy"`
	Tier      string    `json:"tier,omitempty"`
	Name      string    `json:"name"`
	NameEN    string    `json:"name_en"`
}

// Forever is the open end of a validity range. Storing it instead of NULL keeps every "as of"
// predicate one comparison on both engines.
var Forever = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// Unit is one unit of a hierarchy as it stood on a given date: its name, code, kind and parent are
// those of the version valid that day. Its identity (ID) never changes, whatever its code does.
type Unit struct {
	ID        int64     `json:"id"`
	Hierarchy Hierarchy `json:"hierarchy"`
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	KindName  string    `json:"kind_name"`
	Tier      string    `json:"tier"`
	ParentID  int64     `json:"parent_id"`
	// ValidFrom and ValidTo bound the unit's whole existence; zero ValidFrom means it existed
	// before the records start, Forever ValidTo that it still exists.
	ValidFrom time.Time `json:"-"`
	ValidTo   time.Time `json:"-"`
	// VersionFrom and VersionTo bound the version shown (this name, code, kind and parent).
	VersionFrom time.Time `json:"-"`
	VersionTo   time.Time `json:"-"`
	// Children counts the unit's children on the same date, so a tree knows what can expand.
	Children int `json:"children"`
}

// UnitVersion is one effective-dated state of a unit, opened by an event.
type UnitVersion struct {
	From, To time.Time
	Name     string
	Code     string
	Kind     string
	ParentID int64
	EventID  int64
}

// UnitFilter selects units as of a date. Parent selects direct children (0 with Roots for the top
// level); Under selects the whole subtree below a unit.
type UnitFilter struct {
	ID        int64
	Hierarchy Hierarchy
	AsOf      time.Time
	Parent    int64
	Roots     bool
	Under     int64
	Kind      string
	Tier      string
	Code      string
	Q         string
	Limit     int
	Offset    int
}

// Document is the deciding text of a restructuring or a rule: "1656/NQ-UBTVQH15 ngày 16/6/2025
// của Ủy ban Thường vụ Quốc hội".
type Document struct {
	Number string    `json:"number"`
	Date   time.Time `json:"-"`
	Issuer string    `json:"issuer"`
}

// EventKind is the kind of a restructuring event.
type EventKind string

// Restructuring event kinds. Every change to a unit's name, code, kind or parent, and every
// beginning and end of a unit, is one of these, dated and documented.
const (
	EventCreate     EventKind = "create"
	EventRename     EventKind = "rename" // name and/or official code
	EventChangeKind EventKind = "change_kind"
	EventMove       EventKind = "move"
	EventMerge      EventKind = "merge"
	EventSplit      EventKind = "split"
	EventDissolve   EventKind = "dissolve"
)

// EventKinds lists the kinds in the order forms offer them.
var EventKinds = []EventKind{EventCreate, EventRename, EventChangeKind, EventMove, EventMerge, EventSplit, EventDissolve}

// Roles of a unit in an event.
const (
	RoleSubject     = "subject"     // renamed, re-kinded, moved, created or dissolved
	RolePredecessor = "predecessor" // a source of a merge or split
	RoleSuccessor   = "successor"   // a target of a merge or split
)

// Event is a recorded restructuring: what happened on which date by which document, and to
// which units. Nothing is overwritten: the units' versions before the event stay as history.
type Event struct {
	ID        int64       `json:"id"`
	Kind      EventKind   `json:"kind"`
	Date      time.Time   `json:"-"`
	Document  Document    `json:"document"`
	Note      string      `json:"note"`
	Links     []EventLink `json:"units"`
	CreatedAt time.Time   `json:"-"`
}

// EventLink is one unit's part in an event. Name is the unit's name on the day that matters: the
// day before for predecessors and dissolved units, the event's day for the others.
type EventLink struct {
	UnitID  int64  `json:"unit_id"`
	Role    string `json:"role"`
	Partial bool   `json:"partial"`
	Ended   bool   `json:"ended"`
	Name    string `json:"name"`
	Code    string `json:"code"`
}

// NewUnit describes a unit an event creates.
type NewUnit struct {
	Hierarchy Hierarchy `json:"hierarchy"`
	Name      string    `json:"name"`
	Code      string    `json:"code"`
	Kind      string    `json:"kind"`
	ParentID  int64     `json:"parent_id"`
}

// Source is a predecessor of a merge or split. Partial means only part of it (territory,
// population, members) goes; a partial source continues to exist unless End says otherwise,
// which is how a unit divided among several new ones ends with the last of them.
type Source struct {
	UnitID  int64 `json:"unit_id"`
	Partial bool  `json:"partial"`
	End     bool  `json:"end"`
}

// Target is a successor of a merge or split: an existing unit (UnitID) or a new one.
type Target struct {
	UnitID int64    `json:"unit_id"`
	New    *NewUnit `json:"new"`
}

// EventInput is a request to record a restructuring event.
//
//   - create: New (the unit).
//   - rename: UnitID, Name and/or Code.
//   - change_kind: UnitID, Kind.
//   - move: UnitID, ParentID.
//   - merge: Sources (one or more), Targets (exactly one, existing or new). Whole sources end;
//     their remaining children move to the target.
//   - split: Sources (exactly one), Targets (two or more). The source ends unless it is partial;
//     it must have no children left on that date.
//   - dissolve: UnitID; it must have no children left on that date.
type EventInput struct {
	Kind     EventKind `json:"kind"`
	Date     time.Time `json:"-"`
	Document Document  `json:"document"`
	Note     string    `json:"note"`
	UnitID   int64     `json:"unit_id"`
	Name     string    `json:"name"`
	Code     *string   `json:"code"`
	UnitKind string    `json:"unit_kind"`
	ParentID int64     `json:"parent_id"`
	New      *NewUnit  `json:"new"`
	Sources  []Source  `json:"sources"`
	Targets  []Target  `json:"targets"`
	// Placements say where the people of a unit the event ends go (see Placement).
	Placements []Placement `json:"placements"`
	// Quotas set a merge target's quotas from the event's date in place of the default (its
	// own plus the ended sources'), one per staff type named (see CarriedQuota).
	Quotas []CarriedQuota `json:"quotas,omitempty"`
}

// Relations between units of different trees.
const (
	// RelationBelongsTo: a party or state unit belongs to a territory unit (the ward's party
	// committee and people's committee belong to the ward; a cell to a neighbourhood).
	RelationBelongsTo = "belongs_to"
)

// UnitLink is a dated cross-link between units of different hierarchies.
type UnitLink struct {
	ID       int64     `json:"id"`
	From     int64     `json:"from_unit"`
	To       int64     `json:"to_unit"`
	Relation string    `json:"relation"`
	Start    time.Time `json:"-"`
	End      time.Time `json:"-"`
	// Other is the linked unit seen from the unit asked about, as of the date asked.
	Other *Unit `json:"-"`
}

// OrgService keeps the unit trees and their restructuring history. Every method applies the
// caller's scope from ctx: units outside it are not found.
type OrgService interface {
	Kinds(ctx context.Context) ([]Kind, error)
	FindUnit(ctx context.Context, id int64, asOf time.Time) (*Unit, error)
	// FindUnitEver returns the unit as of asOf, or as of the nearest day it existed, so that a
	// dissolved unit's page still shows what it was.
	FindUnitEver(ctx context.Context, id int64, asOf time.Time) (*Unit, error)
	FindUnits(ctx context.Context, f UnitFilter) ([]*Unit, int, error)
	UnitVersions(ctx context.Context, id int64, asOf time.Time) ([]UnitVersion, error)
	UnitHistory(ctx context.Context, id int64, asOf time.Time) ([]*Event, error)
	RecordEvent(ctx context.Context, in EventInput) (*Event, error)
	// PreviewEvent applies the event in a transaction that is rolled back, and returns the
	// children, on the event's date, of every parent the event touches.
	PreviewEvent(ctx context.Context, in EventInput) (map[int64][]*Unit, error)
	// LinkUnits records a cross-link from a unit to a unit of another hierarchy, valid from
	// l.Start; both must exist that day.
	LinkUnits(ctx context.Context, l *UnitLink) error
	// UnitLinks returns the cross-links of a unit in both directions valid on asOf, with the
	// other unit; links to units outside the caller's scope are left out.
	UnitLinks(ctx context.Context, id int64, asOf time.Time) ([]*UnitLink, error)
}
