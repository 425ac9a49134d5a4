package rules_test

import (
	"testing"
	"time"

	"canbo"
	"canbo/rules"
)

func salaryParams(t *testing.T) rules.SalaryStepParams {
	t.Helper()
	p, err := defaults(t).SalaryStep(day(2025, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestNextStep(t *testing.T) {
	p := salaryParams(t)
	tests := []struct {
		class rules.GradeClass
		last  time.Time
		extra int
		want  time.Time
	}{
		{rules.University, day(2022, 1, 1), 0, day(2025, 1, 1)},
		{rules.Lower, day(2022, 1, 1), 0, day(2024, 1, 1)},
		{rules.University, day(2022, 1, 1), 6, day(2025, 7, 1)},
		{rules.Lower, day(2022, 3, 1), 12 + 6, day(2025, 9, 1)},
		{rules.University, day(2021, 8, 31), 6, day(2025, 2, 28)},
	}
	for _, tt := range tests {
		got, err := rules.NextStep(p, tt.class, tt.last, tt.extra)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("NextStep(%s, %s, +%d) = %s, %v, want %s", tt.class, tt.last.Format(time.DateOnly), tt.extra, got.Format(time.DateOnly), err, tt.want.Format(time.DateOnly))
		}
	}
	if _, err := rules.NextStep(p, "college", day(2022, 1, 1), 0); canbo.ErrorCode(err) != canbo.EINVALID {
		t.Errorf("NextStep with unknown class error = %v, want EINVALID", err)
	}
	if _, err := rules.NextStep(p, rules.Lower, day(2022, 1, 1), -1); canbo.ErrorCode(err) != canbo.EINVALID {
		t.Errorf("NextStep with negative extension error = %v, want EINVALID", err)
	}
}

func TestSalaryExtensions(t *testing.T) {
	p := salaryParams(t)
	for reason, want := range map[string]int{rules.Reprimand: 6, rules.Warning: 6, rules.Demotion: 6, rules.Removal: 12, rules.NotDone: 12} {
		if got, err := p.Extension(reason); err != nil || got != want {
			t.Errorf("Extension(%q) = %d, %v, want %d", reason, got, err, want)
		}
	}
	if _, err := p.Extension("praise"); err == nil {
		t.Error("Extension(praise): want error")
	}
}

func TestEarlySteps(t *testing.T) {
	p := salaryParams(t)
	got, err := rules.EarliestEarlyStep(p, rules.University, day(2022, 4, 1), 0)
	if err != nil || !got.Equal(day(2024, 4, 1)) {
		t.Errorf("EarliestEarlyStep = %s, %v, want 2024-04-01", got.Format(time.DateOnly), err)
	}
	for payroll, want := range map[int]int{0: 0, 9: 0, 10: 1, 95: 9, 100: 10, -5: 0} {
		if got := rules.EarlyStepQuota(p, payroll); got != want {
			t.Errorf("EarlyStepQuota(%d) = %d, want %d", payroll, got, want)
		}
	}
	// Next regular raise 01/01/2025 (36 months after 01/01/2022).
	for _, tt := range []struct {
		notice time.Time
		want   bool
	}{
		{day(2024, 1, 1), true},    // exactly 12 months before
		{day(2023, 12, 31), false}, // more than 12 months before
		{day(2024, 10, 1), true},
		{day(2025, 1, 1), false}, // the raise is already due
	} {
		got, err := rules.EarlyStepBeforeRetirement(p, rules.University, day(2022, 1, 1), 0, tt.notice)
		if err != nil || got != tt.want {
			t.Errorf("EarlyStepBeforeRetirement(notice %s) = %v, %v, want %v", tt.notice.Format(time.DateOnly), got, err, tt.want)
		}
	}
}

func TestSeniority(t *testing.T) {
	p := salaryParams(t)
	last := day(2020, 1, 1) // reached the last step
	tests := []struct {
		on            time.Time
		extra         int
		percent, next int
		nextDay       time.Time
	}{
		{day(2022, 12, 31), 0, 0, 5, day(2023, 1, 1)},
		{day(2023, 1, 1), 0, 5, 6, day(2024, 1, 1)},
		{day(2025, 6, 1), 0, 7, 8, day(2026, 1, 1)},
		{day(2025, 6, 1), 6, 6, 7, day(2025, 7, 1)}, // extension shifts the schedule: 5% from 01/07/2023
	}
	for _, tt := range tests {
		r, err := rules.Seniority(p, rules.University, last, tt.on, tt.extra)
		if err != nil || r.Percent != tt.percent || r.NextPercent != tt.next || !r.Next.Equal(tt.nextDay) {
			t.Errorf("Seniority(on %s, +%d) = %d%% → %d%% from %s (%v), want %d%% → %d%% from %s",
				tt.on.Format(time.DateOnly), tt.extra, r.Percent, r.NextPercent, r.Next.Format(time.DateOnly), err, tt.percent, tt.next, tt.nextDay.Format(time.DateOnly))
		}
		if r.Explanation == "" {
			t.Error("empty explanation")
		}
	}
	r, _ := rules.Seniority(p, rules.Lower, last, day(2022, 1, 1), 0)
	if r.Percent != 5 || !r.Since.Equal(day(2022, 1, 1)) {
		t.Errorf("Seniority(lower, 2022-01-01) = %d%% since %s, want 5%% since 2022-01-01", r.Percent, r.Since.Format(time.DateOnly))
	}
}
