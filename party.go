package canbo

import (
	"context"
	"time"
)

// Problems the party organisation health check reports (docs/RULES.md §11).
const (
	ProblemFewFullMembers = "few_full_members"   // a cell with fewer full members than the rule's minimum (3)
	ProblemKindSize       = "kind_size_mismatch" // a grassroots cell with 30+ members, or a grassroots committee with fewer
	ProblemNoSecretary    = "no_secretary"       // a cell with no post of secretary (Bí thư) held that day
	// ProblemManySecretaries: a cell where two or more people hold a secretary post that day
	// (a merge carries both cells' secretaries with their titles; the officer decides who stays).
	ProblemManySecretaries = "multiple_secretaries"
	ProblemNoCell          = "no_cell"           // a member with a post in the scope and no cell that day
	ProblemTemporaryOver   = "temporary_overdue" // a temporary attachment whose recorded end has passed while the member has no official cell
	ProblemNoTerritory     = "no_territory_link" // a neighbourhood cell (khu phố, ấp, chung cư) linked to no territory unit
)

// HealthItem is one problem of one party unit (or one member, for no_cell and
// temporary_overdue, whose UnitID is the unit where they were found).
type HealthItem struct {
	UnitID      int64  `json:"unit_id"`
	UnitName    string `json:"unit_name"`
	Kind        string `json:"kind"`
	CellKind    string `json:"cell_kind,omitempty"`
	Problem     string `json:"problem"`
	FullMembers int    `json:"full_members"`
	Members     int    `json:"members"`
	PersonID    int64  `json:"person_id,omitempty"`
	PersonName  string `json:"person_name,omitempty"`
	Detail      string `json:"detail"` // in Vietnamese; Words words it in the reader's language
	Words       Words  `json:"-"`
}

// PartyStats are the counts of the periodic party report for a subtree: members, full,
// probationary, women and cells as of a day; admissions, full-membership recognitions, ends by
// reason and transfers within a period. Ethnicity is filled only for a caller with its grant.
type PartyStats struct {
	Members      int            `json:"members"`
	Full         int            `json:"full"`
	Probationary int            `json:"probationary"`
	Women        int            `json:"women"`
	Under30      int            `json:"under_30"`
	AgeBands     map[string]int `json:"age_bands"`
	Ethnicity    map[string]int `json:"ethnicity,omitempty"`
	Cells        int            `json:"cells"`
	CellsByKind  map[string]int `json:"cells_by_kind"`
	Grassroots   map[string]int `json:"grassroots"` // by unit kind: chi_bo_co_so, dang_bo_co_so
	Admitted     int            `json:"admitted"`
	Recognised   int            `json:"recognised"`
	Ended        map[string]int `json:"ended"`
	TransfersIn  int            `json:"transfers_in"`
	TransfersOut int            `json:"transfers_out"`
}

// AgeBands are the age bands of the report, in order (years on the day counted).
var AgeBands = []string{"under_30", "30_39", "40_49", "50_59", "60_69", "70_plus"}

// CellKind is a kind of party cell by where its members work or live (data: cell_kinds).
type CellKind struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	NameEN        string `json:"name_en"`
	Neighbourhood bool   `json:"neighbourhood"`
}

// PartyService answers the party organisation's health and statistics for a subtree the
// caller sees.
type PartyService interface {
	PartyHealth(ctx context.Context, under int64, on time.Time) ([]HealthItem, error)
	PartyStats(ctx context.Context, under int64, on, from, to time.Time) (*PartyStats, error)
	CellKinds(ctx context.Context) ([]CellKind, error)
}
