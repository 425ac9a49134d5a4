package canbo

import (
	"context"
	"slices"
	"time"
)

// RegulationKind is the kind of a local document of the registry (docs/GLOSSARY.md).
type RegulationKind string

// The kinds of local documents the registry keeps.
const (
	RegQuyDinh  RegulationKind = "quy_dinh"  // quy định
	RegQuyChe   RegulationKind = "quy_che"   // quy chế
	RegQuyTrinh RegulationKind = "quy_trinh" // quy trình
	RegHuongDan RegulationKind = "huong_dan" // hướng dẫn
	RegKeHoach  RegulationKind = "ke_hoach"  // kế hoạch
)

// RegulationKinds lists the kinds in the order forms offer them.
var RegulationKinds = []RegulationKind{RegQuyDinh, RegQuyChe, RegQuyTrinh, RegHuongDan, RegKeHoach}

// Valid reports whether k is a known kind.
func (k RegulationKind) Valid() bool {
	return slices.Contains(RegulationKinds, k)
}

// RegulationStatus is a document's state on a given day, always computed from its dates and
// the documents that replace or amend it (never stored, so it cannot go stale).
type RegulationStatus string

// Statuses of a document on a day.
const (
	RegNotYet   RegulationStatus = "not_yet"  // signed, not yet effective
	RegInForce  RegulationStatus = "in_force" // effective, neither replaced nor expired
	RegAmended  RegulationStatus = "amended"  // in force, amended by a document already effective
	RegReplaced RegulationStatus = "replaced" // a document replacing it has taken effect
	RegExpired  RegulationStatus = "expired"  // past its expiry (hết hiệu lực, bãi bỏ)
)

// InForce reports whether a document of this status applies on the day.
func (s RegulationStatus) InForce() bool { return s == RegInForce || s == RegAmended }

// CentralDoc is a central (or higher) document a local one implements: "14-KL/TW ngày
// 22/9/2021 của Bộ Chính trị".
type CentralDoc struct {
	Number string
	Issuer string
	Date   time.Time
}

// RegLink is another registered document named by a regulation, with its number for display
// and the day it takes effect (when a replacement or an amendment begins to count).
type RegLink struct {
	ID            int64
	Number        string
	Title         string
	EffectiveFrom time.Time
}

// Regulation is one local document of the registry. Replaces and Amends name earlier local
// documents; ReplacedBy and AmendedBy are the same links read the other way. Status is as of
// the day the document was read for.
type Regulation struct {
	ID            int64
	Number        string
	Kind          RegulationKind
	Title         string
	IssuerUnitID  int64
	IssuerName    string
	SignedOn      time.Time
	EffectiveFrom time.Time
	ExpiresOn     time.Time // zero: no end set
	Body          string
	NextReview    time.Time // zero: none planned
	Replaces      []int64
	Amends        []int64
	Implements    []CentralDoc
	Version       int
	Status        RegulationStatus
	ReplacesDocs  []RegLink
	AmendsDocs    []RegLink
	ReplacedBy    []RegLink
	AmendedBy     []RegLink
	// NewerCentral are central documents issued after this one was signed, which other
	// registered documents implement and this one does not: what a review may need to follow.
	NewerCentral []CentralDoc
}

// RegulationFilter selects documents: InForceOn (zero: any) keeps those in force that day; Q
// is searched accent-insensitively in numbers, titles and implemented documents. Status is
// computed as of InForceOn, or AsOf when InForceOn is zero. Full also reads each document's
// issuer name and implemented documents, as its page shows them (the export needs them; the
// page's list does not).
type RegulationFilter struct {
	InForceOn time.Time
	AsOf      time.Time
	Q         string
	Limit     int
	Offset    int
	Full      bool
}

// RegulationVersion is one saved text of a document.
type RegulationVersion struct {
	Version int
	Body    string
	SavedAt time.Time
	SavedBy string
}

// RegulationService keeps the registry of local documents. Every document belongs to its
// issuing unit; callers see and change those of units in their scope.
type RegulationService interface {
	AddRegulation(ctx context.Context, r *Regulation) (int64, error)
	UpdateRegulation(ctx context.Context, r *Regulation) error
	Regulation(ctx context.Context, id int64, on time.Time) (*Regulation, error)
	Regulations(ctx context.Context, f RegulationFilter) ([]*Regulation, int, error)
	RegulationVersions(ctx context.Context, id int64) ([]RegulationVersion, error)
}

// Kinds of registry items due in Nhắc việc.
const (
	DueRegulationReview   = "regulation_review"   // a document's planned review
	DueProposalMeeting    = "proposal_meeting"    // the collective must meet on a proposal
	DueProposalReport     = "proposal_report"     // the implementer must report
	DueProposalEvaluation = "proposal_evaluation" // the collective must evaluate
)

// RegistryDue is a registry item due in a range: a document to review or a proposal's next
// deadline. Path is its page.
type RegistryDue struct {
	Kind     string
	Title    string
	UnitName string
	Due      time.Time
	Path     string
}

// RegistryReminders lists the registry items of the caller's scope due in [from, to].
type RegistryReminders interface {
	RegistryDue(ctx context.Context, from, to time.Time) ([]RegistryDue, error)
}
