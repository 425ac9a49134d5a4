package canbo

import "context"

// EvaluationField names the evaluation ratings among the coded fields: they are kept in the
// level detail of evaluation entries (GrantEvaluation), not in a column of people.
const EvaluationField = "evaluation"

// CodeFinding is a value of a coded field (a people column such as ethnicity or
// edu_professional, or EvaluationField) that the field's list does not know — typed before
// the lists — with the number of records of the caller's scope holding it: a "không khớp danh
// mục" finding of the cleaning page, until an officer picks its code.
type CodeFinding struct {
	Field string `json:"field"`
	Value string `json:"value"`
	Count int    `json:"count"`
}

// CodeService lists the stored values no list knows and replaces one by the code an officer
// picks, for the records of the caller's scope (f.Under narrows it). Ethnicity and religion
// need GrantBackground, ratings GrantEvaluation, as everywhere else.
type CodeService interface {
	CodeFindings(ctx context.Context, f CleaningFilter) ([]CodeFinding, error)
	// PickCode stores code for every record of the scope holding value in field, audited, and
	// returns how many changed.
	PickCode(ctx context.Context, f CleaningFilter, field, value, code string) (int, error)
}
