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
	// Files are the model's document bundle and photos (metadata only), oldest first.
	Files []ModelFile
}

// Kinds of a good model's files: the documents of its bundle (reports, decisions: what
// evidences the results) and its photos.
const (
	ModelFileDocument = "document"
	ModelFilePhoto    = "photo"
)

// MaxModelFiles caps the files of one good model, and MaxModelFileBytes one file (the same cap
// as a programme item's evidence): a bundle the Propaganda Commission can open and mail on.
const (
	MaxModelFiles     = 30
	MaxModelFileBytes = MaxEvidenceBytes
)

// ModelFile is a file of a good model. Its content type is recognised from its bytes (a photo
// must be JPEG or PNG), and its SHA-256 recorded so a copy can be checked later.
type ModelFile struct {
	ID          int64     `json:"id"`
	ModelID     int64     `json:"model_id"`
	Kind        string    `json:"kind"`
	Name        string    `json:"name"`
	Caption     string    `json:"caption,omitempty"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedAt  time.Time `json:"uploaded_at"`
	UploadedBy  string    `json:"uploaded_by"`
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
	// AddModelFile attaches a document or a photo to a model still in draft or returned.
	AddModelFile(ctx context.Context, f *ModelFile, data []byte) error
	// ModelFile returns a file of a model the caller sees, and audits the download.
	ModelFile(ctx context.Context, modelID, fileID int64) (*ModelFile, []byte, error)
	// GoodModelBundle returns the models the filter selects with every file's bytes (by file
	// id), audited as one export: the bundle sent to the Propaganda Commission.
	GoodModelBundle(ctx context.Context, f GoodModelFilter) ([]*GoodModel, map[int64][]byte, error)
}
