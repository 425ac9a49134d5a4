package rules_test

import (
	"strings"
	"testing"
	"time"

	"canbo/rules"
)

func TestLunarAlgorithmKnownDates(t *testing.T) {
	// Dates announced in past years, to check the algorithm before trusting it for the data.
	known := []struct {
		lDay, lMonth, lYear int
		want                time.Time
	}{
		{1, 1, 2020, day(2020, 1, 25)}, {1, 1, 2021, day(2021, 2, 12)}, {1, 1, 2022, day(2022, 2, 1)},
		{1, 1, 2023, day(2023, 1, 22)}, {1, 1, 2024, day(2024, 2, 10)}, {1, 1, 2025, day(2025, 1, 29)},
		{10, 3, 2022, day(2022, 4, 10)}, {10, 3, 2023, day(2023, 4, 29)}, {10, 3, 2024, day(2024, 4, 18)},
		{10, 3, 2025, day(2025, 4, 7)},
	}
	for _, k := range known {
		d, m, y := lunarToSolar(k.lDay, k.lMonth, k.lYear)
		if got := day(y, m, d); !got.Equal(k.want) {
			t.Errorf("lunar %d/%d/%d = %v, want %v", k.lDay, k.lMonth, k.lYear, got.Format(time.DateOnly), k.want.Format(time.DateOnly))
		}
	}
}

func TestDefaultCalendarHolidays(t *testing.T) {
	c := rules.DefaultCalendar()
	if c.FirstYear != 2024 || c.LastYear != 2030 {
		t.Fatalf("calendar covers %d–%d, want 2024–2030", c.FirstYear, c.LastYear)
	}
	off := map[time.Time]rules.Holiday{}
	for _, h := range c.Holidays {
		d, err := time.Parse(time.DateOnly, h.Date)
		if err != nil {
			t.Fatalf("holiday %+v: %v", h, err)
		}
		if _, dup := off[d]; dup {
			t.Errorf("holiday %s listed twice", h.Date)
		}
		off[d] = h
		switch h.Kind {
		case "legal":
		case "compensatory", "announced":
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("%s day off %s falls on a %v", h.Kind, h.Date, wd)
			}
		default:
			t.Errorf("holiday %s has kind %q", h.Date, h.Kind)
		}
	}
	for y := c.FirstYear; y <= c.LastYear; y++ {
		td, tm, ty := lunarToSolar(1, 1, y)
		tet := day(ty, tm, td)
		gd, gm, gy := lunarToSolar(10, 3, y)
		legal := []struct {
			d    time.Time
			name string
		}{
			{day(y, 1, 1), "Tết Dương lịch"},
			{tet.AddDate(0, 0, -1), "Tết Nguyên đán"}, // the last day of the lunar year
			{tet, "mùng 1"}, {tet.AddDate(0, 0, 1), "mùng 2"}, {tet.AddDate(0, 0, 2), "mùng 3"},
			{day(gy, gm, gd), "Giỗ Tổ Hùng Vương"},
			{day(y, 4, 30), "30/4"}, {day(y, 5, 1), "1/5"}, {day(y, 9, 2), "Quốc khánh"},
		}
		for _, l := range legal {
			h, ok := off[l.d]
			if !ok || h.Kind != "legal" || !strings.Contains(h.Name, l.name) {
				t.Errorf("%d: %s (%s) = %+v, want a legal holiday", y, l.name, l.d.Format(time.DateOnly), h)
			}
		}
		// Five days of Tết, two days of Quốc khánh (2/9 and 1/9 or 3/9).
		tetDays, national := 0, 0
		for d, h := range off {
			if d.Year() == y && h.Kind == "legal" && strings.Contains(h.Name, "Tết Nguyên đán") {
				tetDays++
			}
			if d.Year() == y && h.Kind == "legal" && strings.Contains(h.Name, "Quốc khánh") {
				national++
				if d.Month() != 9 || d.Day() < 1 || d.Day() > 3 {
					t.Errorf("Quốc khánh day %s", d.Format(time.DateOnly))
				}
			}
		}
		if tetDays != 5 || national != 2 {
			t.Errorf("%d: %d Tết days and %d Quốc khánh days, want 5 and 2", y, tetDays, national)
		}
		// Every legal holiday on a weekend is made up on a working day of the same week or the
		// next: count compensatory days against weekend holidays.
		weekendHolidays, comp := 0, 0
		for d, h := range off {
			if d.Year() != y {
				continue
			}
			if wd := d.Weekday(); h.Kind == "legal" && (wd == time.Saturday || wd == time.Sunday) {
				weekendHolidays++
			}
			if h.Kind == "compensatory" {
				comp++
			}
		}
		if weekendHolidays != comp {
			t.Errorf("%d: %d legal holidays on weekends, %d compensatory days", y, weekendHolidays, comp)
		}
	}
	for _, w := range c.WorkDays {
		d, _ := time.Parse(time.DateOnly, w.Date)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			t.Errorf("make-up working day %s is a %v", w.Date, wd)
		}
	}
}

func TestIsWorkingDay(t *testing.T) {
	c := rules.DefaultCalendar()
	tests := []struct {
		d    time.Time
		want bool
	}{
		{day(2025, 1, 29), false}, // mùng 1 Tết
		{day(2025, 1, 27), false}, // 28 tháng Chạp
		{day(2025, 2, 3), true},   // first Monday after Tết
		{day(2025, 4, 7), false},  // Giỗ Tổ
		{day(2025, 4, 26), true},  // Saturday worked in exchange
		{day(2025, 5, 2), false},  // the Friday given in exchange
		{day(2025, 5, 3), false},  // an ordinary Saturday
		{day(2025, 9, 1), false},  // Quốc khánh, adjacent day
		{day(2025, 9, 3), true},
		{day(2024, 2, 14), false}, // compensatory day for Tết on the weekend
		{day(2024, 5, 4), true},   // Saturday worked in exchange for 29/04/2024
		{day(2026, 4, 27), false}, // Giỗ Tổ 2026 falls on Sunday 26/04
		{time.Date(2025, 1, 29, 23, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(tt.d); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v (%s)", tt.d.Format(time.DateOnly), got, tt.want, c.Reason(tt.d))
		}
	}
	var none *rules.Calendar
	if !none.IsWorkingDay(day(2025, 1, 29)) || none.IsWorkingDay(day(2025, 5, 3)) {
		t.Error("nil calendar: want weekends only")
	}
	if !c.Covers(day(2030, 12, 31)) || c.Covers(day(2031, 1, 1)) || none.Covers(day(2025, 1, 1)) {
		t.Error("Covers: want 2024–2030 only")
	}
	if got := c.Reason(day(2025, 1, 29)); !strings.Contains(got, "mùng 1") {
		t.Errorf("Reason(29/01/2025) = %q", got)
	}
}

func TestWorkingDayArithmetic(t *testing.T) {
	c := rules.DefaultCalendar()
	// Counted by hand: from 01/07/2025 back, June has 21 working days, May 20 (1/5 and the
	// exchanged 2/5 off), April 21 (Giỗ Tổ 7/4 and 30/4 off, Saturday 26/4 worked), March 21;
	// the remaining 7 are 20–28 February.
	if got, want := c.WorkingDaysBefore(day(2025, 7, 1), 90), day(2025, 2, 20); !got.Equal(want) {
		t.Errorf("WorkingDaysBefore(01/07/2025, 90) = %s, want %s", got.Format(time.DateOnly), want.Format(time.DateOnly))
	}
	if got := c.WorkingDaysBetween(day(2025, 2, 20), day(2025, 7, 1)); got != 90 {
		t.Errorf("WorkingDaysBetween = %d, want 90", got)
	}
	if got, want := c.AddWorkingDays(day(2025, 1, 24), 1), day(2025, 2, 3); !got.Equal(want) {
		t.Errorf("AddWorkingDays(24/01/2025, 1) = %s, want %s (after Tết)", got.Format(time.DateOnly), want.Format(time.DateOnly))
	}
	if got := c.WorkingDaysBefore(day(2025, 7, 1), 0); !got.Equal(day(2025, 7, 1)) {
		t.Errorf("WorkingDaysBefore(n=0) = %v", got)
	}
	// Property over many days: [D, end) holds exactly n working days and D is a working day.
	for end := day(2024, 3, 1); end.Before(day(2030, 12, 1)); end = end.AddDate(0, 0, 13) {
		d := c.WorkingDaysBefore(end, 90)
		if !c.IsWorkingDay(d) || c.WorkingDaysBetween(d, end) != 90 {
			t.Fatalf("WorkingDaysBefore(%s, 90) = %s: %d working days, working day %v", end.Format(time.DateOnly), d.Format(time.DateOnly), c.WorkingDaysBetween(d, end), c.IsWorkingDay(d))
		}
	}
}

func TestParseCalendar(t *testing.T) {
	bad := []string{
		`{"holidays": [{"date": "2025-02-30", "name": "x", "kind": "legal"}]}`,
		`{"holidays": [{"date": "2025-05-03", "name": "x", "kind": "legal"}], "work_days": [{"date": "2025-05-03", "name": "y", "kind": "announced"}]}`,
		`{"holiday": []}`,
		`not json`,
	}
	for _, in := range bad {
		if _, err := rules.ParseCalendar([]byte(in)); err == nil {
			t.Errorf("ParseCalendar(%s): want error", in)
		}
	}
	c, err := rules.ParseCalendar([]byte(`{"first_year": 2025, "last_year": 2025, "holidays": [{"date": "01/01/2025", "name": "Tết Dương lịch", "kind": "legal"}]}`))
	if err != nil || c.IsWorkingDay(day(2025, 1, 1)) || !c.IsWorkingDay(day(2025, 1, 2)) {
		t.Errorf("ParseCalendar = %v, %v", c, err)
	}
}

func FuzzParseCalendar(f *testing.F) {
	f.Add(`{"holidays": [{"date": "2025-01-01", "name": "x", "kind": "legal"}]}`)
	f.Add(`{"work_days": [{"date": "x"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := rules.ParseCalendar([]byte(s))
		if err != nil {
			return
		}
		_ = c.IsWorkingDay(day(2025, 1, 1))
		_ = c.WorkingDaysBefore(day(2025, 7, 1), 30)
		_ = c.String()
	})
}

func TestWorkingDaysBounded(t *testing.T) {
	c := rules.DefaultCalendar()
	if got := c.WorkingDaysBefore(day(2025, 1, 1), 1<<40); !got.IsZero() {
		t.Errorf("WorkingDaysBefore(huge) = %v, want zero time", got)
	}
	if got := c.AddWorkingDays(day(2025, 1, 1), 1<<40); !got.IsZero() {
		t.Errorf("AddWorkingDays(huge) = %v, want zero time", got)
	}
	if got := c.WorkingDaysBetween(day(1, 1, 1), day(9999, 1, 1)); got <= 0 {
		t.Errorf("WorkingDaysBetween(huge range) = %d", got)
	}
}
