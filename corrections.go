package canbo

import "context"

// Corrections of records (issue 10, item 12): every one names a reason, is refused whole on
// bad input, and is audited with the values before and after in the same transaction.
type Corrector interface {
	// EditPost corrects a post's unit, title, primary flag, days and document number.
	EditPost(ctx context.Context, personID, postID int64, p *Post, reason string) error
	// EditEntry corrects a timeline entry's days, title, details and document (not its kind).
	EditEntry(ctx context.Context, personID, entryID int64, e *Entry, reason string) error
	// EditTransfer corrects a cell period opened by a transfer (CellPeriod.ID): cell, day,
	// end of a temporary attachment, paper; the period it closed follows the new day.
	EditTransfer(ctx context.Context, personID, periodID int64, t *Transfer, reason string) error
	// RemoveTransfer removes a transfer recorded by mistake; the period it closed runs on.
	RemoveTransfer(ctx context.Context, personID, periodID int64, reason string) error
	// DeletePerson deletes a record created by mistake; the audit event keeps the whole
	// record. Refused while another module's record refers to the person.
	DeletePerson(ctx context.Context, personID int64, reason string) error
	// MergePeople folds record drop into record keep: keep's personal fields, except those
	// named in take (MergeFields), which come from drop; drop's posts, entries, membership,
	// statuses and references move to keep; drop is deleted. Returns keep as saved.
	MergePeople(ctx context.Context, keep, drop int64, take []string, reason string) (*Person, error)
	// DismissDuplicate records that two records are two people, so that the cleaning page
	// stops reporting the pair.
	DismissDuplicate(ctx context.Context, a, b int64) error
}

// MergeFields are the personal fields a merge may take from either record, by JSON name.
var MergeFields = []string{"family_name", "middle_name", "given_name", "other_names", "sex", "birth_date", "birth_place",
	"home_town", "residence", "phone", "staff_type", "staff_code", "identity_number", "ethnicity", "religion", "health",
	"edu_general", "edu_professional", "edu_field", "edu_political", "edu_state", "edu_languages", "edu_it"}

// MergeField points at field name of p (one of MergeFields), nil for another name.
func MergeField(p *Person, name string) *string {
	e := &p.Education
	return map[string]*string{"family_name": &p.FamilyName, "middle_name": &p.MiddleName, "given_name": &p.GivenName,
		"other_names": &p.OtherNames, "sex": (*string)(&p.Sex), "birth_date": &p.BirthDate, "birth_place": &p.BirthPlace,
		"home_town": &p.HomeTown, "residence": &p.Residence, "phone": &p.Phone, "staff_type": (*string)(&p.StaffType),
		"staff_code": &p.StaffCode, "identity_number": &p.IdentityNumber, "ethnicity": &p.Ethnicity, "religion": &p.Religion,
		"health": &p.Health, "edu_general": &e.General, "edu_professional": &e.Professional, "edu_field": &e.Field,
		"edu_political": &e.PoliticalTheory, "edu_state": &e.StateManagement, "edu_languages": &e.Languages, "edu_it": &e.IT}[name]
}
