package canbo

import (
	"context"
	"time"
)

// WorkforceCounts are the figures of Biểu 01 (numbers and quality of the workforce, TT 11/2012
// and TT 07/2019 of the Ministry of Home Affairs) for one set of people: the people a people list
// for the same unit and day shows. Qualification maps are keyed by the level as recorded (an
// empty level is not counted). Ethnicity and EthnicMinority are filled only for a caller granted
// GrantBackground: counting a field one may not see would reveal it.
type WorkforceCounts struct {
	Total           int               `json:"total"`
	Women           int               `json:"women"`
	Party           int               `json:"party"`
	Probationary    int               `json:"probationary"`
	EthnicMinority  *int              `json:"ethnic_minority,omitempty"`
	Ethnicity       map[string]int    `json:"ethnicity,omitempty"`
	StaffType       map[StaffType]int `json:"staff_type"`
	StaffTypeWomen  map[StaffType]int `json:"staff_type_women"`
	AgeBands        map[string]int    `json:"age_bands"`
	AgeBandsWomen   map[string]int    `json:"age_bands_women"`
	EduProfessional map[string]int    `json:"edu_professional"`
	EduPolitical    map[string]int    `json:"edu_political"`
	EduState        map[string]int    `json:"edu_state"`
	EduLanguages    map[string]int    `json:"edu_languages"`
	EduIT           map[string]int    `json:"edu_it"`
}

// NewWorkforceCounts returns empty counts, every map made (a report with nobody still shows
// its columns).
func NewWorkforceCounts() WorkforceCounts {
	return WorkforceCounts{StaffType: map[StaffType]int{}, StaffTypeWomen: map[StaffType]int{}, AgeBands: map[string]int{},
		AgeBandsWomen: map[string]int{}, EduProfessional: map[string]int{}, EduPolitical: map[string]int{}, EduState: map[string]int{},
		EduLanguages: map[string]int{}, EduIT: map[string]int{}}
}

// Bieu01Row is one line of Biểu 01: a unit directly under the report's unit, counting the
// people of its subtree (those of GET /people?under=UnitID on the day).
type Bieu01Row struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	WorkforceCounts
}

// Bieu01 is the report for a unit's subtree on a day: the totals and one row per unit directly
// under it, in the tree's order.
type Bieu01 struct {
	UnitID   int64           `json:"unit_id"`
	UnitName string          `json:"unit_name"`
	AsOf     string          `json:"as_of"`
	Totals   WorkforceCounts `json:"totals"`
	Rows     []Bieu01Row     `json:"rows"`
}

// Bieu02Row is one person of Biểu 02 (the named list with salary) on the day: the primary post
// (or the first other one), and the latest salary entry from on or before the day.
type Bieu02Row struct {
	PersonID    int64     `json:"person_id"`
	FullName    string    `json:"full_name"`
	BirthDate   string    `json:"birth_date"`
	Sex         Sex       `json:"sex"`
	StaffType   StaffType `json:"staff_type"`
	PostTitle   string    `json:"post_title"`
	UnitName    string    `json:"unit_name"`
	GradeTitle  string    `json:"grade_title"`
	GradeCode   string    `json:"grade_code"`
	Step        string    `json:"step"`
	Coefficient string    `json:"coefficient"`
	SalaryFrom  string    `json:"salary_from"`
	Allowances  string    `json:"allowances"`
}

// MaxBieu02 bounds the named list: a longer one is refused with a message asking for a smaller
// unit rather than written half.
const MaxBieu02 = 50000

// WaveYear is one year of the retirement wave: how many people of the scope reach retirement in
// it under the rules (docs/RULES.md §retirement), by sex, and the birth days [from, before)
// that retire in it, per sex, so a figure can link to the people behind it.
type WaveYear struct {
	Year        int    `json:"year"`
	Men         int    `json:"men"`
	Women       int    `json:"women"`
	MenFrom     string `json:"men_born_from"`
	MenBefore   string `json:"men_born_before"`
	WomenFrom   string `json:"women_born_from"`
	WomenBefore string `json:"women_born_before"`
}

// AgeBand is an age band of the reports: ages From to To in whole years on the day (To 0: no
// upper end).
type AgeBand struct {
	Code     string
	From, To int
}

// ReportAgeBands are Biểu 01's age bands, in column order.
var ReportAgeBands = []AgeBand{{"upto30", 0, 30}, {"31-40", 31, 40}, {"41-50", 41, 50}, {"51-60", 51, 60}, {"over60", 61, 0}}

// Born returns the birth days [from, before) of the people in the band on the day, as ISO days.
// The open band still has a lower bound (the first day there is), so people whose birth date is
// unknown fall in no band.
func (b AgeBand) Born(on time.Time) (from, before string) {
	before = on.AddDate(-b.From, 0, 1).Format(time.DateOnly)
	from = "0001-01-01"
	if b.To > 0 {
		from = on.AddDate(-b.To-1, 0, 1).Format(time.DateOnly)
	}
	return from, before
}

// MajorityEthnicity is the code of the ethnic group that is not a minority (Kinh, 01 in
// vocab.Ethnicities); every other recorded ethnicity counts as an ethnic minority (dân tộc
// thiểu số).
const MajorityEthnicity = "01"

// ReportService answers the official statistics and the dashboards for a unit's subtree on a
// day, over exactly the people a people list for that unit and day shows to the caller.
type ReportService interface {
	Bieu01(ctx context.Context, under int64, on time.Time) (*Bieu01, error)
	Bieu02(ctx context.Context, under int64, on time.Time) ([]Bieu02Row, error)
	// RetirementWave counts the retirements of the next years (from on's year on) by sex.
	RetirementWave(ctx context.Context, under int64, on time.Time, years int) ([]WaveYear, error)
}
