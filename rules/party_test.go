package rules_test

import (
	"testing"
	"time"

	"canbo"
	"canbo/rules"
	"canbo/vn"
)

func TestProbationEnd(t *testing.T) {
	p, err := defaults(t).Probation(day(2024, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ admitted, want time.Time }{
		{day(2024, 3, 15), day(2025, 3, 15)},
		{day(2024, 2, 29), day(2025, 2, 28)},
		{day(2024, 12, 31), day(2025, 12, 31)},
	}
	for _, tt := range tests {
		if got := rules.ProbationEnd(p, tt.admitted); !got.Equal(tt.want) {
			t.Errorf("ProbationEnd(%s) = %s, want %s", tt.admitted.Format(time.DateOnly), got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
}

func TestAdmissionAge(t *testing.T) {
	p, err := defaults(t).PartyOrg(day(2025, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		birth    vn.Date
		decided  time.Time
		eligible bool
		age      rules.Age
	}{
		{vn.Date{Year: 2007, Month: 5, Day: 10}, day(2025, 5, 9), false, rules.Age{Years: 17, Months: 11}},
		{vn.Date{Year: 2007, Month: 5, Day: 10}, day(2025, 5, 10), true, rules.Age{Years: 18}},
		{vn.Date{Year: 1965, Month: 5, Day: 10}, day(2025, 6, 9), true, rules.Age{Years: 60}},
		{vn.Date{Year: 1965, Month: 5, Day: 10}, day(2025, 6, 10), false, rules.Age{Years: 60, Months: 1}},
		{vn.Date{Year: 2007}, day(2025, 1, 1), true, rules.Age{Years: 18}},                         // year only: from 1 January
		{vn.Date{Year: 2007, Month: 6}, day(2025, 5, 31), false, rules.Age{Years: 17, Months: 11}}, // month only: from the 1st
	}
	for _, tt := range tests {
		r, err := rules.AdmissionAge(p, tt.birth, tt.decided)
		if err != nil || r.Eligible != tt.eligible || r.Age != tt.age {
			t.Errorf("AdmissionAge(%s, %s) = %v %v (%v), want %v %v", tt.birth.VN(), tt.decided.Format(time.DateOnly), r.Eligible, r.Age, err, tt.eligible, tt.age)
		}
	}
	if _, err := rules.AdmissionAge(p, vn.Date{}, day(2025, 1, 1)); canbo.ErrorCode(err) != canbo.EINVALID {
		t.Errorf("AdmissionAge without birth error = %v", err)
	}
}

func TestGrassrootsKind(t *testing.T) {
	p, err := defaults(t).PartyOrg(day(2025, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		members, full int
		want          string
		ok            bool
	}{
		{3, 3, rules.GrassrootsCell, true},
		{29, 20, rules.GrassrootsCell, true},
		{30, 25, rules.GrassrootsCommittee, true},
		{120, 110, rules.GrassrootsCommittee, true},
		{5, 2, "", false},  // fewer than 3 full members
		{5, 6, "", false},  // more full members than members
		{5, -1, "", false}, // nonsense
	}
	for _, tt := range tests {
		got, err := rules.GrassrootsKind(p, tt.members, tt.full)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("GrassrootsKind(%d, %d) = %q, %v, want %q ok=%v", tt.members, tt.full, got, err, tt.want, tt.ok)
		}
	}
}

func TestPromotionAllowedFrom(t *testing.T) {
	p, err := defaults(t).Discipline(day(2025, 11, 1))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		level string
		want  time.Time
	}{
		{rules.Reprimand, day(2027, 3, 15)},
		{rules.Warning, day(2028, 3, 15)},
		{rules.Removal, day(2030, 3, 15)},
	}
	for _, tt := range tests {
		got, err := rules.PromotionAllowedFrom(p, tt.level, day(2025, 3, 15))
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("PromotionAllowedFrom(%s) = %s, %v, want %s", tt.level, got.Format(time.DateOnly), err, tt.want.Format(time.DateOnly))
		}
	}
	for _, level := range []string{rules.Expulsion, "fine", ""} {
		if _, err := rules.PromotionAllowedFrom(p, level, day(2025, 3, 15)); canbo.ErrorCode(err) != canbo.EINVALID {
			t.Errorf("PromotionAllowedFrom(%q) error = %v, want EINVALID", level, err)
		}
	}
}
