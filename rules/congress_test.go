package rules_test

import (
	"strings"
	"testing"

	"canbo"
	"canbo/rules"
	"canbo/vn"
)

func congressParams(t *testing.T) rules.CongressParams {
	t.Helper()
	p, err := defaults(t).Congress(day(2025, 5, 1))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCongressLevels(t *testing.T) {
	p := congressParams(t)
	if p.Source.Number != "45-CT/TW" || p.FirstTimeMonths != 60 || p.ReelectMonths != 48 {
		t.Fatalf("congress version in force 01/05/2025 = %s %d/%d, want 45-CT/TW 60/48", p.Source.Number, p.FirstTimeMonths, p.ReelectMonths)
	}
	for code, want := range map[string]rules.YearMonth{
		"grassroots": ym(2025, 4), "above-grassroots": ym(2025, 6), "commune": ym(2025, 7),
		"province": ym(2025, 9), "government": ym(2026, 3),
	} {
		l, err := p.Level(code)
		if err != nil || l.Month != want {
			t.Errorf("Level(%q) = %v, %v, want month %v", code, l.Month, err, want.VN())
		}
	}
}

func TestCongressBoundaries(t *testing.T) {
	p := congressParams(t)
	tests := []struct {
		name       string
		level      string
		kind       string
		retirement rules.YearMonth
		left       int
		eligible   bool
	}{
		// docs/RULES.md §congress: congress 07/2025.
		{"rules example 60 months", "commune", rules.FirstTime, ym(2030, 7), 60, true},
		{"rules example 59 months", "commune", rules.FirstTime, ym(2030, 6), 59, false},
		{"reelect 48 months", "commune", rules.Reelect, ym(2029, 7), 48, true},
		{"reelect 47 months", "commune", rules.Reelect, ym(2029, 6), 47, false},
		{"first time at grassroots", "grassroots", rules.FirstTime, ym(2030, 4), 60, true},
		{"first time at province", "province", rules.FirstTime, ym(2030, 8), 59, false},
		{"reelect at government", "government", rules.Reelect, ym(2030, 3), 48, true},
		{"already retired", "province", rules.Reelect, ym(2025, 6), -3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := rules.Congress(p, tt.level, tt.kind, tt.retirement)
			if err != nil {
				t.Fatal(err)
			}
			if r.MonthsLeft != tt.left || r.Eligible != tt.eligible {
				t.Errorf("Congress(%s, %s, %s) = %d months, eligible %v; want %d, %v", tt.level, tt.kind, tt.retirement.VN(), r.MonthsLeft, r.Eligible, tt.left, tt.eligible)
			}
			if r.Source.Number != "45-CT/TW" || !strings.Contains(r.Explanation, "Chỉ thị 45-CT/TW ngày 14/04/2025 của Bộ Chính trị") {
				t.Errorf("Congress source/explanation = %s / %q", r.Source.Number, r.Explanation)
			}
		})
	}
}

func TestCongressErrors(t *testing.T) {
	p := congressParams(t)
	for _, tt := range []struct {
		level, kind string
		ret         rules.YearMonth
		field       string
	}{
		{"district", rules.FirstTime, ym(2030, 1), "level"},
		{"commune", "second", ym(2030, 1), "kind"},
		{"commune", rules.Reelect, rules.YearMonth{}, "retirement"},
	} {
		_, err := rules.Congress(p, tt.level, tt.kind, tt.ret)
		if e, ok := err.(*canbo.Error); !ok || e.Field != tt.field || e.Code != canbo.EINVALID {
			t.Errorf("Congress(%q, %q, %v) error = %#v, want EINVALID on %s", tt.level, tt.kind, tt.ret, err, tt.field)
		}
	}
	// The historic version has no schedule: it can be cited but not computed with.
	old, err := defaults(t).Congress(day(2024, 12, 1))
	if err != nil || old.Source.Number != "35-CT/TW" || old.ReelectMonths != 30 {
		t.Fatalf("congress version of 12/2024 = %+v, %v, want 35-CT/TW with 30 months", old.Source, err)
	}
	if _, err := rules.Congress(old, "commune", rules.Reelect, ym(2030, 1)); err == nil || !strings.Contains(canbo.ErrorMessage(err), "chưa có lịch") {
		t.Errorf("Congress with the 35-CT/TW version error = %v, want no schedule", err)
	}
}

// The 2020–2025 cutoffs were computed the same way: provincial first-timers had to be men born
// from 09/1965, who reached the then retirement age of 60 in 09/2025, 60 months after the
// congress of 09/2020.
func TestCongress2020Cutoff(t *testing.T) {
	s := defaults(t)
	old, err := s.Retirement(day(2020, 9, 1))
	if err != nil || old.Source.Number != "10/2012/QH13" {
		t.Fatalf("retirement version of 09/2020 = %+v, %v", old.Source, err)
	}
	p := rules.CongressParams{
		Version:         rules.Version{Source: rules.Source{Kind: "Chỉ thị", Number: "35-CT/TW", Issuer: "Bộ Chính trị", Date: "2019-05-30", Status: "check"}, From: "2019-05-30"},
		Levels:          []rules.CongressLevel{{Code: "province", Name: "đại hội đảng bộ tỉnh", Month: ym(2020, 9)}},
		FirstTimeMonths: 60, ReelectMonths: 30,
	}
	for _, tt := range []struct {
		birth    vn.Date
		eligible bool
	}{
		{vn.Date{Year: 1965, Month: 9}, true},
		{vn.Date{Year: 1965, Month: 8}, false},
	} {
		ret, err := rules.Retirement(old, tt.birth, canbo.Male, 0)
		if err != nil {
			t.Fatal(err)
		}
		r, err := rules.Congress(p, "province", rules.FirstTime, ret.Month)
		if err != nil || r.Eligible != tt.eligible {
			t.Errorf("man born %s at the 09/2020 congress: retirement %s, eligible %v (%v), want %v", tt.birth.VN(), ret.Month.VN(), r.Eligible, err, tt.eligible)
		}
	}
}

func TestCongressFor(t *testing.T) {
	s := defaults(t)
	tests := []struct {
		name     string
		level    string
		kind     string
		birth    vn.Date
		sex      canbo.Sex
		left     int
		eligible bool
	}{
		// Man born 09/1964 retires 12/2025: 3 months after the 09/2025 congress.
		{"retires soon", "province", rules.Reelect, vn.Date{Year: 1964, Month: 9}, canbo.Male, 3, false},
		// Man born 01/1970 retires at 62 in 01/2032: 78 months after 07/2025.
		{"young man", "commune", rules.FirstTime, vn.Date{Year: 1970, Month: 1}, canbo.Male, 78, true},
		// Woman born 07/1972 retires at 58y4m in 11/2030: 64 months after 07/2025.
		{"woman first time", "commune", rules.FirstTime, vn.Date{Year: 1972, Month: 7}, canbo.Female, 64, true},
		// Woman born 1973 (year only → January) retires at 58y8m in 09/2031: 66 months after 03/2026.
		{"year-only birth", "government", rules.FirstTime, vn.Date{Year: 1973}, canbo.Female, 66, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := rules.CongressFor(s, tt.level, tt.kind, tt.birth, tt.sex)
			if err != nil {
				t.Fatal(err)
			}
			if r.MonthsLeft != tt.left || r.Eligible != tt.eligible {
				t.Errorf("CongressFor = %d months (retirement %s), eligible %v; want %d, %v", r.MonthsLeft, r.Retirement.VN(), r.Eligible, tt.left, tt.eligible)
			}
			if !strings.Contains(r.Explanation, "135/2020/NĐ-CP") || !strings.Contains(r.Explanation, "45-CT/TW") {
				t.Errorf("Explanation = %q, want both sources", r.Explanation)
			}
		})
	}
	if _, err := rules.CongressFor(s, "commune", rules.FirstTime, vn.Date{}, canbo.Male); err == nil {
		t.Error("CongressFor without birth: want error")
	}
}
