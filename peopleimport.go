package canbo

import "context"

// ImportRow is one person read from a sheet row (package importer), ready for the store: the
// record as the file gives it, and the post that places the person in a unit.
type ImportRow struct {
	Sheet  string
	Row    int // the sheet's row number, as Excel shows it
	Person Person
	Post   *Post // nil when the file names no unit for the row
	// Party is the membership the row's party columns give (admission, cell, card), nil when
	// they are empty: recorded for a new member, checked against a stored one.
	Party *Membership
	// Cells names the cell each field came from ("identity_number" → "H12"), keyed by the
	// field names store errors carry, so a refusal is reported on the cell that caused it.
	Cells map[string]string
	// Values are the cells' texts as read, by the same keys, for the report.
	Values map[string]string
}

// ImportProblem is one bad cell (or row) of an import: where, what was there, and why, in the
// reader's language through Key and Args; Message is the Vietnamese text.
type ImportProblem struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Cell    string `json:"cell"` // "C7"; "" when the row as a whole is refused
	Field   string `json:"field"`
	Value   string `json:"value"`
	Message string `json:"message"`
	Key     string `json:"-"`
	Args    []any  `json:"-"`
}

// ImportOptions steer an import. Hash (SHA-256 of the file) and File name the file in the
// audit trail; DryRun checks and counts everything and writes nothing; Progress, if set, is
// called as rows are done (from the importing goroutine).
type ImportOptions struct {
	File     string
	Hash     string
	DryRun   bool
	Progress func(done, total int)
}

// ImportResult counts what an import did (or, for a dry run, would do). Every row that is not
// imported, updated or unchanged has at least one problem; an import with problems writes
// nothing.
type ImportResult struct {
	Rows      int             `json:"rows"`
	Imported  int             `json:"imported"`
	Updated   int             `json:"updated"`
	Unchanged int             `json:"unchanged"`
	Errors    int             `json:"errors"` // rows with problems
	Problems  []ImportProblem `json:"problems"`
	Written   bool            `json:"written"`
}

// ImportService writes imported people in one transaction: all rows or none.
type ImportService interface {
	// ImportPeople matches each row to a stored person by identity number, else staff code:
	// a match is updated with the fields the file gives (unchanged if they are the same), other
	// rows are created with their post. Rows placing people in units outside the caller's
	// scope are refused, naming the row.
	ImportPeople(ctx context.Context, rows []ImportRow, opt ImportOptions) (*ImportResult, error)
}
