package canbo

import (
	"context"
	"time"
)

// FindingKind is what a data-cleaning finding is about.
type FindingKind string

// The kinds of findings. Identity findings read identity numbers, so only callers granted
// GrantIdentity are offered them; the others are never computed for anyone else.
const (
	FindingDuplicate FindingKind = "duplicate" // two records that are likely the same person
	FindingIdentity  FindingKind = "identity"  // an identity number inconsistent with birth year or sex
	FindingName      FindingKind = "name"      // a name part typed without its marks
)

// FindingKinds lists the kinds in display order.
var FindingKinds = []FindingKind{FindingDuplicate, FindingName, FindingIdentity}

// MaxFindings caps one page of findings; an export asks for this many.
const MaxFindings = 100000

// CleaningFilter asks for the findings about the people of a subtree (Under, 0 for the caller's
// whole scope) as of a day. Kinds empty means every kind the caller is offered; Offset and Limit
// page the findings of the kinds asked, strongest first.
type CleaningFilter struct {
	Under         int64
	AsOf          time.Time
	Kinds         []FindingKind
	Offset, Limit int
}

// FindingPerson is a record as a finding shows it: what identifies the record and where the
// caller sees it, nothing more, so listing findings is not a full-profile read.
type FindingPerson struct {
	ID             int64  `json:"id"`
	FullName       string `json:"full_name"`
	Sex            Sex    `json:"sex"`
	BirthDate      string `json:"birth_date"`
	IdentityNumber string `json:"identity_number,omitempty"` // GrantIdentity
	// Units are the names of the units in the caller's scope where the person holds a post or
	// party membership on the day asked.
	Units []string `json:"units"`
}

// Finding is one thing an officer should check: a pair of records for a duplicate, one record
// otherwise. Reasons are in Vietnamese, for the officer; Score (1–100) orders findings, strongest
// first.
type Finding struct {
	Kind    FindingKind     `json:"kind"`
	People  []FindingPerson `json:"people"`
	Reasons []string        `json:"reasons"`
	Score   int             `json:"score"`
	// Suggestion is the usual spelling of a name part flagged as mistyped.
	Suggestion string `json:"suggestion,omitempty"`
}

// CleaningReport is one page of findings of the kinds asked, with the number of findings of
// every kind offered.
type CleaningReport struct {
	Kinds    []FindingKind       `json:"kinds"` // the kinds offered to the caller
	Counts   map[FindingKind]int `json:"counts"`
	Total    int                 `json:"total"` // findings of the kinds asked
	Findings []Finding           `json:"findings"`
}

// CleaningService finds likely mistakes in the people records of the caller's scope.
type CleaningService interface {
	Findings(ctx context.Context, f CleaningFilter) (*CleaningReport, error)
}
