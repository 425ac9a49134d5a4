package canbo

import "context"

// ImportMapping is a saved column mapping of the people import (a profile): the fields a user
// gave the columns of a file, kept under a name so the next file of the same form needs no
// mapping again. Signature identifies the form by its headers (importer.Layout.Signature): an
// upload whose sheet has the same headers gets the profile on its own. Profiles belong to the
// user who saved them (docs/DESIGN.md "Importing people").
type ImportMapping struct {
	ID        int64          `json:"id"`
	Name      string         `json:"name"`
	Signature string         `json:"signature"`
	Columns   []MappedColumn `json:"columns"`
	SavedAt   string         `json:"saved_at"`
}

// MappedColumn is a column of a profile: the header as the file printed it and the field
// (an importer.Field; "" for a column to ignore).
type MappedColumn struct {
	Header string `json:"header"`
	Field  string `json:"field"`
}

// ImportMappingService keeps the import's mapping profiles.
type ImportMappingService interface {
	// ImportMappings returns the caller's profiles, the latest saved first; system work (the
	// command line) sees every user's.
	ImportMappings(ctx context.Context) ([]*ImportMapping, error)
	// SaveImportMapping stores a profile under its name, replacing the caller's profile of that
	// name; audited.
	SaveImportMapping(ctx context.Context, m *ImportMapping) error
	// DeleteImportMapping removes one of the caller's profiles; audited.
	DeleteImportMapping(ctx context.Context, id int64) error
}
