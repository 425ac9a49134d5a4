package canbo

import (
	"context"
	"slices"
	"strings"
	"time"

	"canbo/locale"
)

// ReminderKind is a kind of due item on the reminders dashboard (nhắc việc).
type ReminderKind string

// The reminder kinds, each computed by the rules package from the records.
const (
	RemindRetirementNotice   ReminderKind = "retirement_notice"    // written notice of retirement due
	RemindRetirementDecision ReminderKind = "retirement_decision"  // retirement decision due
	RemindRetirement         ReminderKind = "retirement"           // the retirement time itself
	RemindSalaryStep         ReminderKind = "salary_step"          // regular salary step raise
	RemindTermEnd            ReminderKind = "term_end"             // an appointment's term ends
	RemindReappointNotice    ReminderKind = "reappointment_notice" // last day to announce the term's end
	RemindProbationEnd       ReminderKind = "probation_end"        // a party member's probation ends
	RemindSecondmentEnd      ReminderKind = "secondment_end"       // a secondment ends
	RemindDisciplineEnd      ReminderKind = "discipline_end"       // the wait after a discipline ends
)

// ReminderKinds lists the kinds in display order.
var ReminderKinds = []ReminderKind{RemindRetirementNotice, RemindRetirementDecision, RemindRetirement, RemindSalaryStep,
	RemindTermEnd, RemindReappointNotice, RemindProbationEnd, RemindSecondmentEnd, RemindDisciplineEnd}

// Class returns the sensitive class a kind's items reveal, or "": discipline reminders show that
// a person was disciplined, so they need the discipline grant.
func (k ReminderKind) Class() string {
	if k == RemindDisciplineEnd {
		return EntryClass(EntryDiscipline)
	}
	return ""
}

// Valid reports whether k is a known kind.
func (k ReminderKind) Valid() bool {
	return slices.Contains(ReminderKinds, k)
}

// Reminder is one due item: what is due (Kind) for whom, on which day (Due), about which event
// (Event: the retirement time, the end of the term…), and the reasoning with its legal source.
type Reminder struct {
	Kind       ReminderKind `json:"kind"`
	PersonID   int64        `json:"person_id"`
	PersonName string       `json:"person_name"`
	BirthDate  string       `json:"birth_date"`
	UnitID     int64        `json:"unit_id"`
	UnitName   string       `json:"unit_name"`
	// Title is what the item is about besides the person: the post of a term, the grade and
	// step of a raise, the title of a secondment.
	Title  string    `json:"title"`
	Due    time.Time `json:"due"`
	Event  time.Time `json:"event"`
	Reason string    `json:"reason"`
	Source string    `json:"source"`
	Words  Words     `json:"-"` // Reason in the reader's language
	// Handled is set once an officer marked the item (person, kind, due day) as dealt with.
	Handled *ReminderHandled `json:"handled,omitempty"`
}

// ReminderHandled says who marked a reminder as handled, and when.
type ReminderHandled struct {
	By string    `json:"by"` // username
	At time.Time `json:"at"`
}

// MaxReminderDays bounds a reminders horizon: three years is more than any planning needs and
// keeps one request's work bounded.
const MaxReminderDays = 3 * 366

// ReminderFilter selects due items: those whose Due day lies in [From, To] (both inclusive),
// for the people the caller sees on AsOf, under a unit if Under is set. No Kinds means every kind
// the caller may see. Limit caps the items returned per kind (0: all) after skipping the first
// Offset of each kind, so that a long list can be read page by page; counts are never capped.
type ReminderFilter struct {
	Kinds    []ReminderKind
	From, To time.Time
	Under    int64
	AsOf     time.Time
	Limit    int
	Offset   int
}

// Reminders is the answer to a ReminderFilter: the items by due day and the full count per kind.
type Reminders struct {
	Items  []Reminder           `json:"items"`
	Counts map[ReminderKind]int `json:"counts"`
}

// Fact is one derived fact on a profile: its day, whether it already happened, and the text that
// explains it with its source.
type Fact struct {
	Date   time.Time `json:"date"`
	Past   bool      `json:"past"`
	Text   string    `json:"text"`
	Source string    `json:"source"`
	Words  Words     `json:"-"` // Text in the reader's language, when it was worded from keys
}

// TermFact is the current term of one appointment: its last day and the last day to announce it.
type TermFact struct {
	PostID   int64     `json:"post_id"`
	Title    string    `json:"title"`
	UnitName string    `json:"unit_name"`
	End      time.Time `json:"end"`    // last day of the term
	Notice   time.Time `json:"notice"` // last day to tell the person, for re-appointment
	Text     string    `json:"text"`
	Source   string    `json:"source"`
	Words    Words     `json:"-"` // Text in the reader's language
}

// PersonFacts are the facts the rules derive from a person's records as of a day. A fact the
// records do not allow (no birth date, a birth date in the future) is nil, with the reason in
// Problems.
type PersonFacts struct {
	AsOf       time.Time  `json:"as_of"`
	Retirement *Fact      `json:"retirement"`
	MonthsLeft *int       `json:"months_left"` // whole months to the retirement month; nil when retired or unknown
	SalaryStep *Fact      `json:"salary_step"`
	Terms      []TermFact `json:"terms"`
	Probation  *Fact      `json:"probation"`
	Problems   []string   `json:"problems"`
	// ProblemWords are the Problems in the reader's language, one for one.
	ProblemWords []Words `json:"-"`
}

// ReminderService computes due items and derived facts. Both apply the caller's scope and
// grants.
type ReminderService interface {
	Reminders(ctx context.Context, f ReminderFilter) (*Reminders, error)
	PersonFacts(ctx context.Context, personID int64, asOf time.Time) (*PersonFacts, error)
	// MarkReminder marks the item (person, kind, due day) handled by the caller, or clears the
	// mark; audited. The person must be one the caller may edit.
	MarkReminder(ctx context.Context, personID int64, kind ReminderKind, due string, handled bool) error
}

// Phrase is a piece of a sentence worded from canbo/locale: a key and its fmt arguments, like an
// Error's. Words is a sentence made of phrases, so a computed explanation (a reminder's reason,
// a profile fact) reads in the reader's language; Local("vi") is its Vietnamese text.
type Phrase struct {
	Key  string
	Args []any
}

// Words is a sentence of phrases, worded one after the other.
type Words []Phrase

// Say returns a one-phrase sentence.
func Say(key string, args ...any) Words { return Words{{Key: key, Args: args}} }

// And returns w followed by the phrase key.
func (w Words) And(key string, args ...any) Words {
	return append(w[:len(w):len(w)], Phrase{Key: key, Args: args})
}

// Local words the sentence in lang.
func (w Words) Local(lang string) string {
	var b strings.Builder
	for _, p := range w {
		b.WriteString(locale.Format(lang, p.Key, p.Args...))
	}
	return b.String()
}
