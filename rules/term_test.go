package rules_test

import (
	"strings"
	"testing"
	"time"

	"canbo/rules"
)

func termParams(t *testing.T, on time.Time) rules.TermParams {
	t.Helper()
	p, err := defaults(t).Term(on)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTermEnd(t *testing.T) {
	p := termParams(t, day(2025, 11, 1))
	tests := []struct{ start, want time.Time }{
		{day(2025, 7, 1), day(2030, 7, 1)},
		{day(2025, 1, 31), day(2030, 1, 31)},
		{day(2024, 2, 29), day(2029, 2, 28)},
		{time.Date(2025, 7, 1, 15, 0, 0, 0, time.UTC), day(2030, 7, 1)},
	}
	for _, tt := range tests {
		if got := rules.TermEnd(p, tt.start); !got.Equal(tt.want) {
			t.Errorf("TermEnd(%s) = %s, want %s", tt.start.Format(time.DateOnly), got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
}

func TestReappointNotice(t *testing.T) {
	p := termParams(t, day(2025, 11, 1))
	c := rules.DefaultCalendar()
	tests := []struct {
		end  time.Time
		want time.Time
	}{
		{day(2025, 7, 1), day(2025, 2, 20)}, // counted by hand in TestWorkingDayArithmetic
		{day(2030, 7, 1), c.WorkingDaysBefore(day(2030, 7, 1), 90)},
	}
	for _, tt := range tests {
		got := rules.ReappointNotice(p, tt.end, c)
		if !got.Equal(tt.want) || c.WorkingDaysBetween(got, tt.end) != 90 {
			t.Errorf("ReappointNotice(%s) = %s, want %s", tt.end.Format(time.DateOnly), got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
	// Without a calendar only weekends count: 90 working days are exactly 18 weeks.
	if got, want := rules.ReappointNotice(p, day(2031, 6, 2), nil), day(2031, 6, 2).AddDate(0, 0, -18*7); !got.Equal(want) {
		t.Errorf("ReappointNotice without calendar = %s, want %s", got.Format(time.DateOnly), want.Format(time.DateOnly))
	}
}

func TestNearRetirement(t *testing.T) {
	p := termParams(t, day(2025, 11, 1))
	end := day(2030, 7, 1) // the term's last day is 30/06/2030
	tests := []struct {
		name       string
		retirement time.Time
		kind       rules.NearRetirementKind
		left       int
		newEnd     time.Time
	}{
		{"five years left", day(2035, 6, 30), rules.FullTerm, 60, day(2035, 7, 1)},
		{"plenty left", day(2040, 1, 31), rules.FullTerm, 115, day(2035, 7, 1)},
		{"just under five years", day(2035, 5, 31), rules.UntilRetirement, 59, day(2035, 6, 1)},
		{"exactly two years", day(2032, 6, 30), rules.UntilRetirement, 24, day(2032, 7, 1)},
		{"just under two years", day(2032, 5, 31), rules.ExtendToRetirement, 23, day(2032, 6, 1)},
		{"retires as the term ends", day(2030, 6, 30), rules.RetiresInTerm, 0, time.Time{}},
		{"retires during the term", day(2029, 1, 31), rules.RetiresInTerm, 0, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rules.NearRetirement(p, end, tt.retirement)
			if r.Kind != tt.kind || r.MonthsLeft != tt.left || !r.NewTermEnd.Equal(tt.newEnd) {
				t.Errorf("NearRetirement(%s) = %s, %d months, new end %v; want %s, %d, %v",
					tt.retirement.Format(time.DateOnly), r.Kind, r.MonthsLeft, r.NewTermEnd.Format(time.DateOnly), tt.kind, tt.left, tt.newEnd.Format(time.DateOnly))
			}
			if r.Explanation == "" {
				t.Error("empty explanation")
			}
		})
	}
	r := rules.NearRetirement(p, end, day(2032, 5, 31))
	if !strings.Contains(r.Explanation, "bỏ phiếu kín") || !strings.Contains(r.Explanation, "377-QĐ/TW") {
		t.Errorf("Explanation = %q", r.Explanation)
	}
}
