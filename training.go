package canbo

import "context"

// Kinds of training (the lines of a yearly training plan, issue 17): political theory, state
// management, professional, foreign languages, IT, and the courses a post's standards require
// of planned cadres (bồi dưỡng theo chức danh quy hoạch).
const (
	TrainingPolitical    = "political_theory"
	TrainingState        = "state_management"
	TrainingProfessional = "professional"
	TrainingLanguage     = "language"
	TrainingIT           = "it"
	TrainingPlanned      = "planned_cadres"
)

// TrainingKinds lists the kinds in the order of the plan.
var TrainingKinds = []string{TrainingPolitical, TrainingState, TrainingProfessional, TrainingLanguage, TrainingIT, TrainingPlanned}

// Modes of study of a course: full-time (tập trung), part-time (không tập trung), online.
var TrainingModes = []string{"full_time", "part_time", "online"}

// Enrolment statuses.
const (
	EnrolmentEnrolled  = "enrolled"
	EnrolmentCompleted = "completed"
)

// TrainingPlan is a unit's training plan for a year: lines by kind with the people planned, and
// what happened against each line (counted on reading from the courses linked to it).
type TrainingPlan struct {
	ID       int64
	UnitID   int64
	UnitName string
	Year     int
	Note     string
	Lines    []TrainingLine
}

// TrainingPlanSummary is a plan as the list of plans shows it: its unit and year, and its
// totals (lines, people planned, courses, distinct people enrolled and completed).
type TrainingPlanSummary struct {
	ID        int64
	UnitID    int64
	UnitName  string
	Year      int
	Lines     int
	Planned   int
	Courses   int
	Enrolled  int
	Completed int
}

// TrainingLine is one line of a plan: a kind, what is taught (a level code of the kind's vocab
// list where it has one), and the people planned; Enrolled and Completed are the actual.
type TrainingLine struct {
	ID        int64
	PlanID    int64
	Kind      string
	Title     string
	Level     string
	Planned   int
	Enrolled  int // people enrolled in the line's courses (completed ones included)
	Completed int
	Courses   int
}

// Course is a class run by a training institution, linked to a plan line. Level is the level
// it confers (a vocab code of the kind's list), empty when it confers none.
type Course struct {
	ID         int64
	LineID     int64
	PlanID     int64
	UnitID     int64
	UnitName   string
	Year       int
	Title      string
	Provider   string
	From       string
	To         string
	Mode       string
	Kind       string
	Level      string
	Enrolments []Enrolment
}

// Enrolment is a person in a course; a completion carries the result and the certificate, and
// names the timeline entry it wrote and the education level it changed (the source).
type Enrolment struct {
	ID          int64
	CourseID    int64
	PersonID    int64
	FullName    string
	Status      string
	EnrolledOn  string
	CompletedOn string
	Result      string
	Certificate Document
	EntryID     int64
	LevelBefore string // the person's level before the completion raised it ("" if unchanged)
	LevelAfter  string
}

// TrainingGap is a person who holds or is planned for a leadership post without a level its
// standards require: per missing kind, the level required and the level recorded.
type TrainingGap struct {
	PoolID   int64
	PoolName string
	UnitID   int64
	UnitName string
	PersonID int64
	FullName string
	Role     string // "holder" or "candidate"
	Kind     string
	Required string // vocab code
	Recorded string // as recorded on the person's record
	Enrolled int64  // a course the person is enrolled in that would close the gap, or 0
}

// TrainingService keeps training plans, courses and enrolments. Plans and courses belong to
// their unit and are seen and changed through it (the caller's scope today).
type TrainingService interface {
	SaveTrainingPlan(ctx context.Context, p *TrainingPlan) error
	TrainingPlan(ctx context.Context, unitID int64, year int) (*TrainingPlan, error)
	// TrainingPlans lists the plans of the units in the caller's scope today, newest year
	// first, at most limit of them.
	TrainingPlans(ctx context.Context, limit int) ([]TrainingPlanSummary, error)
	CreateCourse(ctx context.Context, c *Course) error
	Course(ctx context.Context, id int64) (*Course, error)
	Courses(ctx context.Context, planID int64) ([]Course, error)
	Enrol(ctx context.Context, courseID, personID int64, on string) (*Enrolment, error)
	CompleteCourse(ctx context.Context, courseID, personID int64, e Enrolment) error
	TrainingGaps(ctx context.Context, unitID int64) ([]TrainingGap, error)
}
