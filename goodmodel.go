package canbo

import (
	"context"
	"time"
)

// Statuses of a good model: recorded, reviewed (ready to publish), returned by the review, and
// published to the Propaganda Commission.
const (
	ModelDraft     = "draft"
	ModelReviewed  = "reviewed"
	ModelReturned  = "returned"
	ModelPublished = "published"
)

// GoodModel is a good model or creative practice of a unit (mô hình hay, cách làm sáng tạo).
// Sensitive marks a "phức tạp, nhạy cảm" item, which only leaders and administrators see and
// only administrators publish.
type GoodModel struct {
	ID          int64
	UnitID      int64
	UnitName    string
	Title       string
	Description string
	Results     string
	Evidence    string
	Sensitive   bool
	Status      string
	ReviewNote  string
	ReviewedOn  time.Time
	PublishedOn time.Time
}

// GoodModelFilter selects good models of the caller's scope: Q accent-insensitive in titles,
// descriptions and results; Status one status.
type GoodModelFilter struct {
	Q      string
	Status string
	Limit  int
	Offset int
}

// GoodModelService keeps the good-models registry.
type GoodModelService interface {
	AddGoodModel(ctx context.Context, m *GoodModel) (int64, error)
	GoodModel(ctx context.Context, id int64) (*GoodModel, error)
	GoodModels(ctx context.Context, f GoodModelFilter) ([]*GoodModel, int, error)
	ReviewGoodModel(ctx context.Context, id int64, on time.Time, approve bool, note string) error
	PublishGoodModel(ctx context.Context, id int64, on time.Time) error
}
