package canbo

// The one vocabulary of timeline entries: their kinds, the fields of each kind (the columns of
// the Mẫu 2C tables and the details the rules read), which are required, how each is typed, and
// the levels an evaluation or a discipline records. The store validates with it (package
// validate), the profile lays out its tables and forms with it, the rules and the demo name
// details with its constants. A new kind or field (staffing, training, planning…) is one more
// line in EntrySpecs, plus the words of its labels.

// Entry kinds of the service timeline besides posts and membership.
const (
	EntrySalary     = "salary"
	EntryTraining   = "training"
	EntryEvaluation = "evaluation" // GrantEvaluation
	EntryReward     = "reward"
	EntryDiscipline = "discipline" // GrantDiscipline
	EntryFamily     = "family"     // GrantFamily
	EntrySecondment = "secondment"
)

// Keys of the details of entries, as the API and the JSON column name them (details.KEY on a
// form). Details not listed here may be stored (an import keeps its columns); no rule reads them.
const (
	DetailGrade       = "grade_code"   // salary: the grade (ngạch) code
	DetailStep        = "step"         // salary: the step (bậc)
	DetailCoefficient = "coefficient"  // salary: the coefficient (hệ số), stored with two decimals
	DetailGradeClass  = "grade_class"  // salary: "university" or "lower" (docs/RULES.md §salary-step)
	DetailExtraMonths = "extra_months" // salary: months the wait was extended (docs/RULES.md §salary-extension)
	DetailField       = "field"        // training: field of study
	DetailMode        = "mode"         // training: mode of study
	DetailDegree      = "degree"       // training: degree or certificate
	DetailAuthority   = "authority"    // reward, discipline: who decided
	DetailLevel       = "level"        // discipline: one of DisciplineLevels; evaluation: one of EvaluationCodes
	DetailRelation    = "relation"     // family
	DetailBirthYear   = "birth_year"   // family
	DetailHomeTown    = "home_town"    // family
	DetailOccupation  = "occupation"   // family
	DetailWorkplace   = "workplace"    // family
	DetailHistory     = "history"      // family: political history
)

// Discipline levels (docs/GLOSSARY.md §people), party and state forms, as a discipline entry
// records them in its level detail.
const (
	DisciplineReprimand = "Khiển trách"
	DisciplineWarning   = "Cảnh cáo"
	DisciplinePayCut    = "Hạ bậc lương"
	DisciplineDemotion  = "Giáng chức"
	DisciplineRemoval   = "Cách chức"
	DisciplineExpulsion = "Khai trừ"       // Party
	DisciplineDismissal = "Buộc thôi việc" // State
)

// DisciplineLevels lists the discipline levels, lightest first.
var DisciplineLevels = []string{DisciplineReprimand, DisciplineWarning, DisciplinePayCut, DisciplineDemotion,
	DisciplineRemoval, DisciplineExpulsion, DisciplineDismissal}

// EvaluationCodes are the levels of the annual quality evaluation (đánh giá, xếp loại chất
// lượng), best first, as an evaluation entry records them in its level detail and the people
// list's filter names them: one list, so that what the form saves is what the filter finds.
// They are the codes of vocab.Evaluations (which reads names accent-free); the root cannot
// import vocab, and vocab's test keeps the two equal.
var EvaluationCodes = []string{"excellent", "good", "done", "not_done"}

// EvaluationLevels are the Vietnamese names of EvaluationCodes, in the same order.
var EvaluationLevels = []string{
	"Hoàn thành xuất sắc nhiệm vụ",
	"Hoàn thành tốt nhiệm vụ",
	"Hoàn thành nhiệm vụ",
	"Không hoàn thành nhiệm vụ",
}

// FieldType says how the text of an entry field is read.
type FieldType int

// The field types.
const (
	TextField    FieldType = iota // free text
	IntField                      // a whole number from Min to Max
	DecimalField                  // a positive number at most Max, decimal comma or point; stored with two decimals
	YearField                     // a year from Min to the current year
	ChoiceField                   // one of Choices, in any case; stored as listed
)

// EntryField is a field of a kind of entry. Key is "from", "to", "title" or "doc_number" for
// the fields every entry has, else a detail key (Detail set). Fields with a Label are the
// columns of the kind's table and the boxes of its form, in the order of the printed form; the
// others are details only the API writes and the rules read.
type EntryField struct {
	Key    string
	Detail bool
	// Label is the message key of the column ("ef.grade_code"); "" for a detail no form shows.
	Label string
	// Noun is the message key of the words naming the field in messages, lower case
	// ("noun.grade_code": "mã ngạch", "grade code"), so an error reads in either language.
	Noun     string
	Required bool
	Type     FieldType
	Min, Max int
	Choices  []string
	Example  string // a valid value, shown when a DecimalField is refused
}

// Name is the field's name on a form and in error messages: details.KEY for a detail.
func (f EntryField) Name() string {
	if f.Detail {
		return "details." + f.Key
	}
	return f.Key
}

// EntrySpec describes a kind of entry: its sensitive class (a grant needed to read or write
// it; "" for none) and its fields.
type EntrySpec struct {
	Kind   string
	Class  string
	Fields []EntryField
}

// Columns returns the fields of the kind's table and form, in order.
func (s EntrySpec) Columns() []EntryField {
	var out []EntryField
	for _, f := range s.Fields {
		if f.Label != "" {
			out = append(out, f)
		}
	}
	return out
}

// Field returns the field of the kind with the key, common or detail.
func (s EntrySpec) Field(key string) (EntryField, bool) {
	for _, f := range s.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return EntryField{}, false
}

// EntrySpecs lists the kinds of entries in display order, each with its fields.
var EntrySpecs = []EntrySpec{
	{Kind: EntrySalary, Fields: []EntryField{
		{Key: "from", Label: "ef.month", Noun: "noun.from", Required: true},
		{Key: DetailGrade, Detail: true, Label: "ef.grade_code", Noun: "noun.grade_code", Required: true},
		{Key: "title", Label: "ef.grade", Noun: "noun.grade"},
		{Key: DetailStep, Detail: true, Label: "ef.step", Noun: "noun.step", Required: true, Type: IntField, Min: 1, Max: 20},
		{Key: DetailCoefficient, Detail: true, Label: "ef.coefficient", Noun: "noun.coefficient", Required: true, Type: DecimalField, Max: 20, Example: "4,98"},
		{Key: DetailGradeClass, Detail: true, Noun: "noun.grade_class"},
		{Key: DetailExtraMonths, Detail: true, Noun: "noun.extra_months"},
	}},
	{Kind: EntryTraining, Fields: []EntryField{
		{Key: "from", Label: "ef.from", Noun: "noun.from", Required: true},
		{Key: "to", Label: "ef.to", Noun: "noun.to"},
		{Key: "title", Label: "ef.school", Noun: "noun.school", Required: true},
		{Key: DetailField, Detail: true, Label: "ef.field", Noun: "noun.field"},
		{Key: DetailMode, Detail: true, Label: "ef.mode", Noun: "noun.mode"},
		{Key: DetailDegree, Detail: true, Label: "ef.degree", Noun: "noun.degree"},
	}},
	{Kind: EntryEvaluation, Class: GrantEvaluation, Fields: []EntryField{
		{Key: "from", Label: "ef.year", Noun: "noun.from", Required: true},
		{Key: "title", Label: "ef.rating", Noun: "noun.rating", Required: true},
		// The people list filters on it (PersonFilter.Evaluation): one of EvaluationCodes.
		{Key: DetailLevel, Detail: true, Noun: "noun.level"},
	}},
	{Kind: EntryReward, Fields: []EntryField{
		{Key: "from", Label: "ef.date", Noun: "noun.from", Required: true},
		{Key: "title", Label: "ef.reward", Noun: "noun.reward", Required: true},
		{Key: DetailAuthority, Detail: true, Label: "ef.authority", Noun: "noun.reward_authority"},
	}},
	{Kind: EntryDiscipline, Class: GrantDiscipline, Fields: []EntryField{
		{Key: "from", Label: "ef.date", Noun: "noun.from", Required: true},
		{Key: DetailLevel, Detail: true, Label: "ef.level", Noun: "noun.discipline_level", Required: true, Type: ChoiceField, Choices: DisciplineLevels},
		{Key: DetailAuthority, Detail: true, Label: "ef.authority", Noun: "noun.discipline_authority", Required: true},
		{Key: "title", Label: "ef.reason", Noun: "noun.violation", Required: true},
		{Key: "to", Label: "ef.until", Noun: "noun.to"},
	}},
	{Kind: EntryFamily, Class: GrantFamily, Fields: []EntryField{
		{Key: DetailRelation, Detail: true, Label: "ef.relation", Noun: "noun.relation", Required: true},
		{Key: "title", Label: "ef.name", Noun: "noun.relative_name", Required: true},
		{Key: DetailBirthYear, Detail: true, Label: "ef.birth_year", Noun: "noun.birth_year", Type: YearField, Min: 1850},
		{Key: DetailHomeTown, Detail: true, Label: "ef.home_town", Noun: "noun.home_town"},
		{Key: DetailOccupation, Detail: true, Label: "ef.occupation", Noun: "noun.occupation"},
		{Key: DetailWorkplace, Detail: true, Label: "ef.workplace", Noun: "noun.workplace"},
		{Key: DetailHistory, Detail: true, Label: "ef.history", Noun: "noun.history"},
	}},
	{Kind: EntrySecondment, Fields: []EntryField{
		{Key: "from", Label: "ef.from", Noun: "noun.from", Required: true},
		{Key: "to", Label: "ef.to", Noun: "noun.to"},
		{Key: "title", Label: "ef.place", Noun: "noun.secondment_place", Required: true},
		{Key: "doc_number", Label: "ef.doc", Noun: "noun.doc_number"},
	}},
}

// EntryKinds lists the timeline entry kinds in display order.
var EntryKinds = func() []string {
	out := make([]string, len(EntrySpecs))
	for i, s := range EntrySpecs {
		out[i] = s.Kind
	}
	return out
}()

// EntrySpecOf returns the description of an entry kind; ok is false for an unknown kind.
func EntrySpecOf(kind string) (spec EntrySpec, ok bool) {
	for _, s := range EntrySpecs {
		if s.Kind == kind {
			return s, true
		}
	}
	return EntrySpec{}, false
}

// EntryClass returns the sensitive class of an entry kind, or "".
func EntryClass(kind string) string {
	s, _ := EntrySpecOf(kind)
	return s.Class
}

// Entry is one dated line of a person's timeline: a salary step, a course, an evaluation, a
// reward, a discipline, a family member, a secondment. Details hold the kind's own fields
// (EntrySpecs).
type Entry struct {
	ID       int64             `json:"id"`
	PersonID int64             `json:"person_id"`
	Kind     string            `json:"kind"`
	From     string            `json:"from"`
	To       string            `json:"to"`
	Title    string            `json:"title"`
	Details  map[string]string `json:"details"`
	Document Document          `json:"document"`
}
