package remind_test

import (
	"slices"
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
