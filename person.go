package canbo

import (
	"context"
	"time"
)

// Sex is a person's sex as recorded on official forms.
type Sex string

// The two values official forms know.
const (
	Male   Sex = "male"
	Female Sex = "female"
)

// StaffType is the legal category a person is employed under.
type StaffType string

// Staff types (cán bộ, công chức, viên chức, lực lượng vũ trang, hợp đồng, none).
const (
	StaffCadre          StaffType = "cadre"
	StaffCivilServant   StaffType = "civil_servant"
	StaffPublicEmployee StaffType = "public_employee"
	StaffArmedForces    StaffType = "armed_forces"
	StaffContract       StaffType = "contract"
	StaffNone           StaffType = "none"
)

// StaffTypes lists the staff types in display order.
var StaffTypes = []StaffType{StaffCadre, StaffCivilServant, StaffPublicEmployee, StaffArmedForces, StaffContract, StaffNone}

// Education is the education section of the personal-history form.
type Education struct {
	General         string `json:"general"`          // "12/12"
	Professional    string `json:"professional"`     // tiến sĩ, thạc sĩ, đại học…
	Field           string `json:"field"`            // field of study
	PoliticalTheory string `json:"political_theory"` // cử nhân, cao cấp, trung cấp, sơ cấp
	StateManagement string `json:"state_management"` // chuyên viên cao cấp…
	Languages       string `json:"languages"`
	IT              string `json:"it"`
}

// Person is the personal record (Mẫu 2C). Dates are ISO strings; BirthDate may be partial
// ("1965", "1965-09", "1965-09-02"): only what is known is stored. Fields of sensitive classes
// are empty when the caller has no grant for them, whatever is stored.
type Person struct {
	ID         int64     `json:"id"`
	FamilyName string    `json:"family_name"`
	MiddleName string    `json:"middle_name"`
	GivenName  string    `json:"given_name"`
	FullName   string    `json:"full_name"`
	OtherNames string    `json:"other_names"`
	Sex        Sex       `json:"sex"`
	BirthDate  string    `json:"birth_date"`
	BirthPlace string    `json:"birth_place"`
	HomeTown   string    `json:"home_town"`
	Residence  string    `json:"residence"`
	Phone      string    `json:"phone"`
	StaffType  StaffType `json:"staff_type"`
	StaffCode  string    `json:"staff_code"`
	Education  Education `json:"education"`

	IdentityNumber string `json:"identity_number,omitempty"` // GrantIdentity
	Ethnicity      string `json:"ethnicity,omitempty"`       // GrantBackground
	Religion       string `json:"religion,omitempty"`        // GrantBackground
	Health         string `json:"health,omitempty"`          // GrantHealth

	Version   int64     `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
	// Warnings are consistency hints found on save (an identity number that disagrees with the
	// birth year or sex): reported, never a reason to refuse.
	Warnings []string `json:"warnings,omitempty"`

	// BirthPlaceUnitID and HomeTownUnitID optionally link the places as typed to territory
	// units (0: not linked): the birthplace to a unit that existed on the birth date, the home
	// town to one that existed at any time (old place names stay valid).
	BirthPlaceUnitID int64 `json:"birth_place_unit_id"`
	HomeTownUnitID   int64 `json:"home_town_unit_id"`

	// Form2C are the other fields of the printed form, sensitive ones redacted per class.
	Form2C Form2C `json:"form_2c"`
}

// Redact empties the fields of every sensitive class u may not see. Stores call it on every
// person they return, so no handler, export or search result can forget.
func (p *Person) Redact(u *User) {
	if !u.Can(GrantIdentity) {
		// Every warning compares digits of the identity number with the record: quoted to a
		// reader without the grant they give the number away a digit or two at a time, and
		// even their presence is a hint about it.
		p.IdentityNumber, p.Warnings = "", nil
	}
	if !u.Can(GrantBackground) {
		p.Ethnicity, p.Religion = "", ""
	}
	if !u.Can(GrantHealth) {
		p.Health = ""
	}
	p.Form2C.redact(u)
}

// Post is a dated position of a person in a unit of any hierarchy (work history, quá trình
// công tác): primary or concurrent. To is empty while the post is held.
type Post struct {
	ID       int64    `json:"id"`
	PersonID int64    `json:"person_id"`
	UnitID   int64    `json:"unit_id"`
	UnitName string   `json:"unit_name"`
	Title    string   `json:"title"`
	Primary  bool     `json:"primary"`
	From     string   `json:"from"`
	To       string   `json:"to"`
	Document Document `json:"document"`
	// EndReason is why a post ended when a dissolution ended it rather than carrying it.
	EndReason string `json:"end_reason,omitempty"`
	// Carried names the restructuring event that opened this post by carrying it from a unit
	// the event ended; nil for a post given by appointment.
	Carried *Carried `json:"carried,omitempty"`
	// EndPrimary, on a new primary post, ends the person's primary posts still open on its
	// first day on that day (the officer was offered it): a request flag, never stored.
	EndPrimary bool `json:"end_primary,omitempty"`
	// PositionID names the job position of the unit the post fills (issue 13), 0 for none.
	PositionID int64 `json:"position_id,omitempty"`
}

// Decision is the deciding paper of a party admission (quyết định kết nạp) or a transfer
// (giấy giới thiệu sinh hoạt đảng): number, day (dd/mm/yyyy or ISO in, ISO out) and issuer.
type Decision struct {
	Number string `json:"number"`
	Date   string `json:"date"`
	Issuer string `json:"issuer"`
}

// Membership is a person's party membership: admission, full membership (normally 12 months
// later), card, the cells where they held membership, and its end, if any.
type Membership struct {
	PersonID   int64        `json:"person_id"`
	AdmittedOn string       `json:"admitted_on"`
	FullOn     string       `json:"full_on"`
	CardNumber string       `json:"card_number"`
	EndedOn    string       `json:"ended_on"`
	EndReason  string       `json:"end_reason"` // one of EndReasons
	Cells      []CellPeriod `json:"cells"`
	// Decision is the admission decision.
	Decision Decision `json:"decision"`
}

// Reasons a party membership ends (the record and its history are kept).
const (
	EndDeath     = "death"      // từ trần
	EndExpulsion = "expulsion"  // khai trừ
	EndStruckOff = "struck_off" // xóa tên
	EndLeaving   = "leaving"    // ra khỏi Đảng (xin ra)
)

// EndReasons lists the reasons a membership ends, in display order.
var EndReasons = []string{EndDeath, EndExpulsion, EndStruckOff, EndLeaving}

// Transfer moves a member to another cell on a day (chuyển sinh hoạt Đảng). An official transfer
// closes the official cell period and opens one in the new cell; a temporary one (sinh hoạt tạm
// thời) opens a temporary period, until Until if given, and keeps the official cell; a temporary
// transfer to the official cell ends the temporary membership (the member returns).
type Transfer struct {
	CellID    int64  `json:"cell_id"`
	On        string `json:"on"`
	Temporary bool   `json:"temporary"`
	Until     string `json:"until"`
	// Decision is the transfer paper.
	Decision Decision `json:"decision"`
}

// MembershipPatch changes the full-membership date and the card number; nil leaves a field.
type MembershipPatch struct {
	FullOn     *string `json:"full_on"`
	CardNumber *string `json:"card_number"`
}

// PlaceLink is the territory unit a place of a personal record is linked to: its name on the
// day that counts (birth date for the birthplace) and the units that continue it today (itself
// if it still exists, else the successors of its merges and splits).
type PlaceLink struct {
	Field  string    `json:"field"` // birth_place or home_town
	UnitID int64     `json:"unit_id"`
	Name   string    `json:"name"`
	Now    []UnitRef `json:"now"`
}

// UnitRef names a unit as of today.
type UnitRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// CellPeriod is a period of membership in one cell; transfers close one period and open
// another. Temporary periods (sinh hoạt tạm thời) keep the official cell.
type CellPeriod struct {
	// ID names the period for a correction (edit or remove a transfer).
	ID        int64  `json:"id"`
	CellID    int64  `json:"cell_id"`
	CellName  string `json:"cell_name"`
	From      string `json:"from"`
	To        string `json:"to"`
	Temporary bool   `json:"temporary"`
	// Carried names the event that opened this period by carrying the member from a cell the
	// event ended (an official transfer made by the restructuring); nil for other transfers.
	Carried *Carried `json:"carried,omitempty"`
	// Decision is the transfer paper that opened the period (the admission's for the first).
	Decision Decision `json:"decision"`
}

// PersonFilter selects people as of a date. Under limits to people with a post or a party
// membership in the unit's subtree that day. Q matches word prefixes of the name (accent- and
// case-insensitive), the staff code, and — for callers granted identity — the identity number.
type PersonFilter struct {
	Under     int64
	AsOf      time.Time
	Q         string
	StaffType StaffType
	Sex       Sex
	Party     *bool
	BornFrom  string // first day of birth, inclusive (ISO date): age bands
	BornTo    string // exclusive
	// Ethnicity needs GrantBackground; filtering on a field one may not see would reveal it.
	Ethnicity string
	// Qualification levels as stored (exact): chuyên môn, lý luận chính trị, quản lý nhà nước.
	EduProfessional string
	EduPolitical    string
	EduState        string
	// Languages and IT as recorded (exact), and the ethnic minorities (any recorded ethnicity
	// but MajorityEthnicity; needs GrantBackground): the other columns of Biểu 01.
	EduLanguages string
	EduIT        string
	Minority     bool
	// Probationary narrows to party members who are not yet full members on the day.
	Probationary bool
	// PostTitle and PostUnit select people holding that day a post whose title contains
	// PostTitle (as written, case included) in the unit PostUnit; both apply to the same post.
	PostTitle string
	PostUnit  int64
	// Evaluation is the level of the latest evaluation entry up to that day (one of
	// EvaluationCodes, as recorded in the entry's "level" detail); needs GrantEvaluation.
	Evaluation string
	// Status is one of PersonStatuses as of AsOf ("" for any).
	Status string
	// ExactCount counts every match instead of stopping at PeopleCountCap + 1: asked for on
	// demand, because counting a whole city takes a scan.
	ExactCount bool
	Limit      int
	Cursor     string // opaque, from the previous page
}

// PeopleCountCap bounds the counting of a search that no selective condition narrows: a total
// above it is reported as PeopleCountCap + 1, "more than PeopleCountCap".
const PeopleCountCap = 1000

// PersonService keeps personal records. Every method applies the caller's scope and grants.
type PersonService interface {
	FindPeople(ctx context.Context, f PersonFilter) (people []*Person, total int, next string, err error)
	FindPerson(ctx context.Context, id int64) (*Person, error)
	// CreatePerson stores a new person, with an initial post and/or party membership so that
	// the person appears under that unit at once.
	CreatePerson(ctx context.Context, p *Person, post *Post, party *Membership) error
	// UpdatePerson saves p if p.Version is the stored version (else ECONFLICT); fields of
	// classes the caller may not see keep their stored values.
	UpdatePerson(ctx context.Context, p *Person) error
	// MayEditPerson tells whether the caller may change the record of a person it sees: not
	// when it sees the person only through a temporary party attachment.
	MayEditPerson(ctx context.Context, id int64) bool
	Posts(ctx context.Context, personID int64) ([]Post, error)
	AddPost(ctx context.Context, p *Post) error
	Membership(ctx context.Context, personID int64) (*Membership, error)
	// Timeline reads a person's posts, entries and membership (nil for a non-member) at once.
	Timeline(ctx context.Context, personID int64) ([]Post, []Entry, *Membership, error)
	AddEntry(ctx context.Context, e *Entry) error

	// EndPost ends a post on the day to (after its start); an ended post may be corrected.
	EndPost(ctx context.Context, personID, postID int64, to string) error
	// RemovePost and RemoveEntry remove a post or a timeline entry recorded by mistake; the
	// reason is required and the audit keeps what was removed.
	RemovePost(ctx context.Context, personID, postID int64, reason string) error
	RemoveEntry(ctx context.Context, personID, entryID int64, reason string) error
	// AdmitMember records the admission of a person on file who has no membership record.
	AdmitMember(ctx context.Context, m *Membership) error
	// TransferMembership records a move to another cell; the caller must be able to edit
	// the person and the target cell.
	TransferMembership(ctx context.Context, personID int64, t *Transfer) error
	// UpdateMembership records the full-membership date (not before probation ends) and card.
	UpdateMembership(ctx context.Context, personID int64, p *MembershipPatch) error
	// EndMembership ends a membership on a day for a reason, closing its open cell periods.
	EndMembership(ctx context.Context, personID int64, on, reason string) error
	// SetStatus records the person's status from a day on (retired, transferred, or working
	// again); death is recorded by ending the membership, or here for a non-member.
	SetStatus(ctx context.Context, personID int64, status, since string) error
	// Places returns the territory units the birthplace and home town are linked to.
	Places(ctx context.Context, personID int64) ([]PlaceLink, error)
	// SetPhoto stores a JPEG or PNG upload, re-encoded as a portrait JPEG without metadata.
	SetPhoto(ctx context.Context, personID int64, upload []byte) error
	// Photo returns the stored JPEG and its time, or ENOTFOUND.
	Photo(ctx context.Context, personID int64) ([]byte, time.Time, error)
	DeletePhoto(ctx context.Context, personID int64) error
	Corrector
}
