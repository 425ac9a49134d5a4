package remind_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/remind"
	"canbo/rules"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCurrentTerm(t *testing.T) {
	e := remind.New(rules.Defaults(), rules.DefaultCalendar(), day("2026-01-01"))
	for _, c := range []struct {
		name, from, to, end string // end "" : no term running
	}{
		{"first term", "2024-01-01", "", "2028-12-31"},
		{"held past a term: re-appointed then", "2015-03-01", "", "2030-02-28"},
		{"retires within the term", "2024-01-01", "2027-06-01", ""},
		{"ends with the term", "2021-07-01", "2026-07-01", "2026-06-30"},
	} {
		to := canbo.Forever
		if c.to != "" {
			to = day(c.to)
		}
		term, ok, err := e.CurrentTerm(day(c.from), to)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if ok {
			got = term.LastDay().Format(time.DateOnly)
			if !term.Notice.Before(term.End) || term.End.Sub(term.Notice) < 90*24*time.Hour {
				t.Errorf("%s: notice %s is not 90 working days before %s", c.name, term.Notice.Format(time.DateOnly), got)
			}
		}
		if got != c.end {
			t.Errorf("%s: term ends %q, want %q", c.name, got, c.end)
		}
	}
}

func TestAppointedTitle(t *testing.T) {
	for title, want := range map[string]bool{"Trưởng phòng Văn hóa": true, "Phó Giám đốc Sở": true, "Hiệu trưởng": true,
		"Chuyên viên": false, "Phó Chủ tịch Ủy ban nhân dân": false, "Bí thư Đảng ủy": false, "Phó Bí thư Đảng ủy": false} {
		if got := remind.AppointedTitle(title); got != want {
			t.Errorf("%s: %v, want %v", title, got, want)
		}
	}
}

func TestDisciplineEnd(t *testing.T) {
	e := remind.New(rules.Defaults(), rules.DefaultCalendar(), day("2026-01-01"))
	for level, want := range map[string]string{"Khiển trách": "2026-06-01", "cảnh cáo": "2027-06-01", "reprimand": "2026-06-01", "Cách chức": "2029-06-01"} {
		end, _, _, err := e.DisciplineEnd(canbo.Entry{Kind: canbo.EntryDiscipline, From: "2024-06-01", Details: map[string]string{canbo.DetailLevel: level}})
		if err != nil || end.Format(time.DateOnly) != want {
			t.Errorf("%s: %s %v, want %s", level, end.Format(time.DateOnly), err, want)
		}
	}
	if _, _, _, err := e.DisciplineEnd(canbo.Entry{Kind: canbo.EntryDiscipline, From: "2024-06-01", Details: map[string]string{canbo.DetailLevel: "Khai trừ"}}); canbo.ErrorField(err) != "level" {
		t.Errorf("expulsion: %v", err)
	}
}

// Every level a discipline entry may record (canbo.DisciplineLevels) is known to the rule: a
// level added to the vocabulary fails here until remind maps it.
func TestDisciplineLevels(t *testing.T) {
	keys := []string{rules.Reprimand, rules.Warning, rules.Demotion, rules.Removal, rules.Expulsion}
	for _, l := range canbo.DisciplineLevels {
		if k := remind.DisciplineLevel(l); !slices.Contains(keys, k) {
			t.Errorf("%s maps to %q, not a rule key", l, k)
		}
	}
	if got := remind.DisciplineLevel(" KHIỂN TRÁCH "); got != rules.Reprimand {
		t.Errorf("case and spaces: %q", got)
	}
}

func TestRetirementProblems(t *testing.T) {
	e := remind.New(rules.Defaults(), rules.DefaultCalendar(), day("2026-01-01"))
	for birth, field := range map[string]string{"": "birth", "2999-01-01": "birth", "1965-13": "birth"} {
		if _, err := e.Retirement(birth, canbo.Male); canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != field {
			t.Errorf("birth %q: %v", birth, err)
		}
	}
	if _, err := e.Retirement("1965", ""); canbo.ErrorField(err) != "sex" {
		t.Errorf("unknown sex: %v", err)
	}
	r, err := e.Retirement("1950-02", canbo.Female)
	if err != nil || !remind.RetirementFact(r, e.AsOf).Past || r.Date.Format(time.DateOnly) != "2005-02-28" {
		t.Errorf("retired long ago: %+v %v", r.Date, err)
	}
}

// TestSalaryStepDiscipline (issue 10 item 9): a reprimand while in a step extends the wait by
// the rule's months, a reprimand before the step does not; the profile's fact and the
// reminders' due day are one computation; a raise past due says it is overdue.
func TestSalaryStepDiscipline(t *testing.T) {
	e := remind.New(rules.Defaults(), rules.DefaultCalendar(), day("2026-01-01"))
	step := canbo.Entry{Kind: canbo.EntrySalary, From: "2024-03-01", Details: map[string]string{canbo.DetailGradeClass: "university", canbo.DetailStep: "3"}}
	before := canbo.Entry{Kind: canbo.EntryDiscipline, From: "2023-05-01", Details: map[string]string{canbo.DetailLevel: "Khiển trách"}}
	during := canbo.Entry{Kind: canbo.EntryDiscipline, From: "2025-05-01", Details: map[string]string{canbo.DetailLevel: "Khiển trách"}}
	notDone := canbo.Entry{Kind: canbo.EntryEvaluation, From: "2026", Details: map[string]string{canbo.DetailLevel: "not_done"}}
	for _, c := range []struct {
		name    string
		history []canbo.Entry
		want    string
	}{
		{"no discipline", nil, "2027-03-01"},
		{"reprimand before the step", []canbo.Entry{before}, "2027-03-01"},
		{"reprimand in the step", []canbo.Entry{before, during}, "2027-09-01"},
		{"and a year not done", []canbo.Entry{during, notDone}, "2028-09-01"},
	} {
		due, err := e.SalaryDue(step, c.history)
		if err != nil {
			t.Fatal(err)
		}
		if got := due.Format(time.DateOnly); got != c.want {
			t.Errorf("%s: next step %s, want %s", c.name, got, c.want)
		}
		facts := e.Facts(&canbo.Person{BirthDate: "1980-01-01", Sex: canbo.Male}, nil, nil, append([]canbo.Entry{step}, c.history...))
		if facts.SalaryStep == nil || !facts.SalaryStep.Date.Equal(due) {
			t.Errorf("%s: profile says %v, reminders %s", c.name, facts.SalaryStep, c.want)
		}
	}
	late := remind.New(rules.Defaults(), rules.DefaultCalendar(), day("2027-06-01"))
	if _, _, reason, _, _ := late.SalaryStep(step, nil); !strings.Contains(reason.Local("vi"), "quá hạn") {
		t.Errorf("a raise due 01/03/2027, seen on 01/06/2027: %q", reason)
	}
}
