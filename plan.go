package canbo

import (
	"context"
	"time"
)

// Plan statuses: a draft is edited and previewed; applying or discarding it ends it.
const (
	PlanDraft     = "draft"
	PlanApplied   = "applied"
	PlanDiscarded = "discarded"
)

// Plan is a consolidation plan (đề án kiện toàn): a draft list of restructuring events in one
// day's reorganisation, edited and previewed together, then applied atomically under one
// document, or discarded.
type Plan struct {
	ID        int64       `json:"id"`
	Name      string      `json:"name"`
	Status    string      `json:"status"`
	Events    []PlanEvent `json:"events"`
	CreatedAt time.Time   `json:"-"`
	AppliedAt string      `json:"applied_at,omitempty"`
}

// PlanEvent is one event of a plan; Date is its ISO day (the document comes at apply time).
// Proposed marks an event the plan proposed (mirroring a territory event) rather than typed.
type PlanEvent struct {
	EventInput
	Date     string `json:"date"`
	Proposed bool   `json:"proposed,omitempty"`
}

// PlanPreview is what applying a plan would do: the moves of people and members, and per unit
// that receives people or survives the plan's events, its people and members afterwards.
type PlanPreview struct {
	Moves []Move       `json:"moves"`
	Units []PlanResult `json:"units"`
}

// PlanResult is one unit after a plan: people with a post and party members there on the day.
type PlanResult struct {
	UnitID  int64  `json:"unit_id"`
	Name    string `json:"name"`
	People  int    `json:"people"`
	Members int    `json:"members"`
	// Secretaries counts the people holding a post titled "Bí thư…" there after the plan: a
	// merge carries every secretary with the title, so two cells merged give two, which the
	// preview flags for the officer to settle (the health page reports it too).
	Secretaries int `json:"secretaries"`
}

// PlanService keeps consolidation plans.
type PlanService interface {
	CreatePlan(ctx context.Context, p *Plan) error
	UpdatePlan(ctx context.Context, p *Plan) error
	FindPlan(ctx context.Context, id int64) (*Plan, error)
	Plans(ctx context.Context) ([]*Plan, error)
	// ProposePlan appends to a draft the events of the other trees that mirror its territory
	// merges: the cells and committees, and the state units, linked to merged units.
	ProposePlan(ctx context.Context, id int64) (*Plan, error)
	PreviewPlan(ctx context.Context, id int64) (*PlanPreview, error)
	// ApplyPlan records every event of the plan under doc in one transaction, or none.
	ApplyPlan(ctx context.Context, id int64, doc Document) ([]*Event, error)
	DiscardPlan(ctx context.Context, id int64) error
}
