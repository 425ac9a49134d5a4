package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"canbo"
	"canbo/rules"
	"canbo/vn"
)

// The calibration points of docs/RULES.md §retirement.
func TestRetirementCalibration(t *testing.T) {
	p := retirementParams(t, day(2025, 7, 1))
	tests := []struct {
		name    string
		birth   vn.Date
		sex     canbo.Sex
		month   rules.YearMonth
		age     rules.Age
		pension rules.YearMonth
	}{
		{"man 12/1960 under the old rule", vn.Date{Year: 1960, Month: 12}, canbo.Male, ym(2020, 12), rules.Age{Years: 60}, ym(2021, 1)},
		{"man 01/1961", vn.Date{Year: 1961, Month: 1}, canbo.Male, ym(2021, 4), rules.Age{Years: 60, Months: 3}, ym(2021, 5)},
		{"man 10/1961 skips 2021", vn.Date{Year: 1961, Month: 10}, canbo.Male, ym(2022, 4), rules.Age{Years: 60, Months: 6}, ym(2022, 5)},
		{"man 09/1964", vn.Date{Year: 1964, Month: 9}, canbo.Male, ym(2025, 12), rules.Age{Years: 61, Months: 3}, ym(2026, 1)},
		{"woman 04/1969", vn.Date{Year: 1969, Month: 4}, canbo.Female, ym(2025, 12), rules.Age{Years: 56, Months: 8}, ym(2026, 1)},
		{"man 10/1964", vn.Date{Year: 1964, Month: 10}, canbo.Male, ym(2026, 4), rules.Age{Years: 61, Months: 6}, ym(2026, 5)},
		{"woman 05/1969", vn.Date{Year: 1969, Month: 5}, canbo.Female, ym(2026, 5), rules.Age{Years: 57}, ym(2026, 6)},
		{"full birth date counts by month", vn.Date{Year: 1961, Month: 1, Day: 31}, canbo.Male, ym(2021, 4), rules.Age{Years: 60, Months: 3}, ym(2021, 5)},
		{"year-only birth takes January", vn.Date{Year: 1961}, canbo.Male, ym(2021, 4), rules.Age{Years: 60, Months: 3}, ym(2021, 5)},
		{"man at the cap", vn.Date{Year: 1970, Month: 6}, canbo.Male, ym(2032, 6), rules.Age{Years: 62}, ym(2032, 7)},
		{"woman at the cap", vn.Date{Year: 1980, Month: 2}, canbo.Female, ym(2040, 2), rules.Age{Years: 60}, ym(2040, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := rules.Retirement(p, tt.birth, tt.sex, 0)
			if err != nil {
				t.Fatalf("Retirement error: %v", err)
			}
			if r.Month != tt.month || r.Age != tt.age || rules.MonthOf(r.PensionFrom) != tt.pension {
				t.Errorf("Retirement(%v, %s) = month %v age %v pension %v, want %v %v %v",
					tt.birth, tt.sex, r.Month.VN(), r.Age, vn.FormatDay(r.PensionFrom), tt.month.VN(), tt.age, tt.pension.VN())
			}
			if got, want := r.Date, tt.month.LastDay(); !got.Equal(want) {
				t.Errorf("Date = %v, want %v", vn.FormatDay(got), vn.FormatDay(want))
			}
			if got, want := r.PensionFrom, tt.pension.FirstDay(); !got.Equal(want) {
				t.Errorf("PensionFrom = %v, want %v", vn.FormatDay(got), vn.FormatDay(want))
			}
			if got, want := r.BirthMonthAssumed, tt.birth.Month == 0; got != want {
				t.Errorf("BirthMonthAssumed = %v, want %v", got, want)
			}
		})
	}
}

func TestRetirementDates(t *testing.T) {
	p := retirementParams(t, day(2025, 7, 1))
	r, err := rules.Retirement(p, vn.Date{Year: 1964, Month: 10}, canbo.Male, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want string
	}{
		{"Date", vn.FormatDay(r.Date), "30/04/2026"},
		{"PensionFrom", vn.FormatDay(r.PensionFrom), "01/05/2026"},
		{"NoticeDate", vn.FormatDay(r.NoticeDate), "31/10/2025"},
		{"DecisionDate", vn.FormatDay(r.DecisionDate), "31/01/2026"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
		}
	}
	for _, want := range []string{"Nam, sinh 10/1964", "Nghị định 135/2020/NĐ-CP ngày 18/11/2020 của Chính phủ",
		"năm 2026 là 61 tuổi 6 tháng", "Tháng 04/2026", "hết ngày 30/04/2026", "từ 01/05/2026", "31/10/2025", "31/01/2026",
		"Nghị định 170/2025/NĐ-CP"} {
		if !strings.Contains(r.Explanation, want) {
			t.Errorf("Explanation = %q, want it to contain %q", r.Explanation, want)
		}
	}
	if r.Source.Number != "135/2020/NĐ-CP" {
		t.Errorf("Source = %+v, want NĐ 135/2020", r.Source)
	}
}

func TestRetirementLower(t *testing.T) {
	p := retirementParams(t, day(2025, 7, 1))
	tests := []struct {
		name  string
		birth vn.Date
		sex   canbo.Sex
		lower int
		month rules.YearMonth
		req   rules.Age
	}{
		// 2021 requires 60y3m, lowered by 5: 55y3m, reached in 04/2021.
		{"man 01/1966 minus 5", vn.Date{Year: 1966, Month: 1}, canbo.Male, 5, ym(2021, 4), rules.Age{Years: 55, Months: 3}},
		// 2026 requires 61y6m, lowered by 10: 51y6m; born 04/1975 → 10/2026.
		{"man 04/1975 minus 10", vn.Date{Year: 1975, Month: 4}, canbo.Male, 10, ym(2026, 10), rules.Age{Years: 51, Months: 6}},
		// 2030 requires 58y4m, lowered by 5: 53y4m; born 03/1977 → 07/2030.
		{"woman 03/1977 minus 5", vn.Date{Year: 1977, Month: 3}, canbo.Female, 5, ym(2030, 7), rules.Age{Years: 53, Months: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := rules.Retirement(p, tt.birth, tt.sex, tt.lower)
			if err != nil {
				t.Fatal(err)
			}
			if r.Month != tt.month || r.Required != tt.req {
				t.Errorf("Retirement = %v required %v, want %v required %v", r.Month.VN(), r.Required, tt.month.VN(), tt.req)
			}
			if !strings.Contains(r.Explanation, fmt.Sprintf("thấp hơn %d tuổi", tt.lower)) {
				t.Errorf("Explanation = %q, want mention of the lowering", r.Explanation)
			}
		})
	}
}

func TestRetirementErrors(t *testing.T) {
	p := retirementParams(t, day(2025, 7, 1))
	tests := []struct {
		name  string
		birth vn.Date
		sex   canbo.Sex
		lower int
		field string
	}{
		{"unknown sex", vn.Date{Year: 1965}, "", 0, "sex"},
		{"other sex value", vn.Date{Year: 1965}, canbo.Sex("x"), 0, "sex"},
		{"no birth", vn.Date{}, canbo.Male, 0, "birth"},
		{"invalid birth", vn.Date{Year: 1965, Month: 13}, canbo.Male, 0, "birth"},
		{"future birth", vn.Date{Year: 2199}, canbo.Female, 0, "birth"},
		{"negative lowering", vn.Date{Year: 1965}, canbo.Male, -1, "lower_years"},
		{"too much lowering", vn.Date{Year: 1965}, canbo.Male, 11, "lower_years"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rules.Retirement(p, tt.birth, tt.sex, tt.lower)
			e, ok := err.(*canbo.Error)
			if !ok || e.Code != canbo.EINVALID || e.Field != tt.field || e.Message == "" {
				t.Errorf("Retirement error = %#v, want EINVALID on field %q", err, tt.field)
			}
		})
	}
}

// bruteRetirement is an independent computation: it walks month by month and compares the age,
// from calendar arithmetic, with a requirement table built year by year.
func bruteRetirement(birthYear, birthMonth int, male bool) (year, month int) {
	need := map[int]int{}
	for y := 1900; y <= 2100; y++ {
		switch {
		case male && y < 2021:
			need[y] = 60 * 12
		case male:
			need[y] = 60*12 + 3
			for k := 2022; k <= y && need[y] < 62*12; k++ {
				need[y] += 3
			}
		case y < 2021:
			need[y] = 55 * 12
		default:
			need[y] = 55*12 + 4
			for k := 2022; k <= y && need[y] < 60*12; k++ {
				need[y] += 4
			}
		}
	}
	for y := birthYear + 40; y <= birthYear+70; y++ {
		for m := 1; m <= 12; m++ {
			age := (y-birthYear)*12 + (m - birthMonth)
			if age >= need[y] {
				return y, m
			}
		}
	}
	return 0, 0
}

func TestRetirementAgainstBruteForce(t *testing.T) {
	p := retirementParams(t, day(2025, 7, 1))
	for year := 1960; year <= 1980; year++ {
		for month := 1; month <= 12; month++ {
			for _, sex := range []canbo.Sex{canbo.Male, canbo.Female} {
				r, err := rules.Retirement(p, vn.Date{Year: year, Month: month}, sex, 0)
				if err != nil {
					t.Fatalf("Retirement(%02d/%d, %s) error: %v", month, year, sex, err)
				}
				wy, wm := bruteRetirement(year, month, sex == canbo.Male)
				if r.Month != ym(wy, wm) {
					t.Errorf("Retirement(%02d/%d, %s) = %v, brute force %02d/%d", month, year, sex, r.Month.VN(), wm, wy)
				}
				if got := r.Month.Sub(rules.YearMonth{Year: year, Month: month}); got != r.Age.InMonths() {
					t.Errorf("Retirement(%02d/%d, %s): Age %v is not the months from birth to %v", month, year, sex, r.Age, r.Month.VN())
				}
			}
		}
	}
}

// appendixRow is a row of the roadmap appendix (Phụ lục I) of NĐ 135/2020: people born in the
// months from..to retire at age, in the month birth + age, with pension from the month after.
// The rows were derived from the rule text (docs/RULES.md §retirement), not copied from Phụ lục I.
type appendixRow struct {
	sex      canbo.Sex
	from, to rules.YearMonth
	age      rules.Age
}

var appendix = []appendixRow{
	{canbo.Male, ym(1961, 1), ym(1961, 9), rules.Age{Years: 60, Months: 3}},
	{canbo.Male, ym(1961, 10), ym(1962, 6), rules.Age{Years: 60, Months: 6}},
	{canbo.Male, ym(1962, 7), ym(1963, 3), rules.Age{Years: 60, Months: 9}},
	{canbo.Male, ym(1963, 4), ym(1963, 12), rules.Age{Years: 61}},
	{canbo.Male, ym(1964, 1), ym(1964, 9), rules.Age{Years: 61, Months: 3}},
	{canbo.Male, ym(1964, 10), ym(1965, 6), rules.Age{Years: 61, Months: 6}},
	{canbo.Male, ym(1965, 7), ym(1966, 3), rules.Age{Years: 61, Months: 9}},
	{canbo.Male, ym(1966, 4), ym(1966, 12), rules.Age{Years: 62}},
	{canbo.Female, ym(1966, 1), ym(1966, 8), rules.Age{Years: 55, Months: 4}},
	{canbo.Female, ym(1966, 9), ym(1967, 4), rules.Age{Years: 55, Months: 8}},
	{canbo.Female, ym(1967, 5), ym(1967, 12), rules.Age{Years: 56}},
	{canbo.Female, ym(1968, 1), ym(1968, 8), rules.Age{Years: 56, Months: 4}},
	{canbo.Female, ym(1968, 9), ym(1969, 4), rules.Age{Years: 56, Months: 8}},
	{canbo.Female, ym(1969, 5), ym(1969, 12), rules.Age{Years: 57}},
	{canbo.Female, ym(1970, 1), ym(1970, 8), rules.Age{Years: 57, Months: 4}},
	{canbo.Female, ym(1970, 9), ym(1971, 4), rules.Age{Years: 57, Months: 8}},
	{canbo.Female, ym(1971, 5), ym(1971, 12), rules.Age{Years: 58}},
	{canbo.Female, ym(1972, 1), ym(1972, 8), rules.Age{Years: 58, Months: 4}},
	{canbo.Female, ym(1972, 9), ym(1973, 4), rules.Age{Years: 58, Months: 8}},
	{canbo.Female, ym(1973, 5), ym(1973, 12), rules.Age{Years: 59}},
	{canbo.Female, ym(1974, 1), ym(1974, 8), rules.Age{Years: 59, Months: 4}},
	{canbo.Female, ym(1974, 9), ym(1975, 4), rules.Age{Years: 59, Months: 8}},
	{canbo.Female, ym(1975, 5), ym(1980, 12), rules.Age{Years: 60}},
}

func TestRetirementAppendix(t *testing.T) {
	p := retirementParams(t, day(2025, 7, 1))
	for _, row := range appendix {
		for b := row.from; b.Sub(row.to) <= 0; b = b.AddMonths(1) {
			r, err := rules.Retirement(p, vn.Date{Year: b.Year, Month: b.Month}, row.sex, 0)
			if err != nil {
				t.Fatal(err)
			}
			want := b.AddMonths(row.age.InMonths())
			if r.Age != row.age || r.Month != want || !r.PensionFrom.Equal(want.AddMonths(1).FirstDay()) {
				t.Errorf("%s born %s: retires %s at %v, pension %s; appendix: %s at %v, pension %s",
					row.sex, b.VN(), r.Month.VN(), r.Age, vn.FormatDay(r.PensionFrom), want.VN(), row.age, want.AddMonths(1).VN())
			}
		}
	}
}

func TestRequiredAge(t *testing.T) {
	p := retirementParams(t, day(2025, 7, 1))
	tests := []struct {
		sex  canbo.Sex
		year int
		want rules.Age
	}{
		{canbo.Male, 2020, rules.Age{Years: 60}},
		{canbo.Male, 2021, rules.Age{Years: 60, Months: 3}},
		{canbo.Male, 2027, rules.Age{Years: 61, Months: 9}},
		{canbo.Male, 2028, rules.Age{Years: 62}},
		{canbo.Male, 2040, rules.Age{Years: 62}},
		{canbo.Female, 2020, rules.Age{Years: 55}},
		{canbo.Female, 2021, rules.Age{Years: 55, Months: 4}},
		{canbo.Female, 2034, rules.Age{Years: 59, Months: 8}},
		{canbo.Female, 2035, rules.Age{Years: 60}},
	}
	for _, tt := range tests {
		got, err := p.RequiredAge(tt.sex, tt.year)
		if err != nil || got != tt.want {
			t.Errorf("RequiredAge(%s, %d) = %v, %v, want %v", tt.sex, tt.year, got, err, tt.want)
		}
	}
	if _, err := p.RequiredAge("", 2025); err == nil {
		t.Error("RequiredAge with unknown sex: want error")
	}
}

func TestRetirementForPicksVersion(t *testing.T) {
	s := defaults(t)
	tests := []struct {
		birth     vn.Date
		sex       canbo.Sex
		month     rules.YearMonth
		source    string
		procedure string
	}{
		{vn.Date{Year: 1960, Month: 12}, canbo.Male, ym(2020, 12), "10/2012/QH13", "46/2010/NĐ-CP"},
		{vn.Date{Year: 1961, Month: 1}, canbo.Male, ym(2021, 4), "135/2020/NĐ-CP", "138/2020/NĐ-CP"},
		{vn.Date{Year: 1964, Month: 10}, canbo.Male, ym(2026, 4), "135/2020/NĐ-CP", "170/2025/NĐ-CP"},
		{vn.Date{Year: 1965, Month: 3}, canbo.Female, ym(2020, 3), "10/2012/QH13", "46/2010/NĐ-CP"},
	}
	for _, tt := range tests {
		r, err := s.RetirementFor(tt.birth, tt.sex, 0)
		if err != nil {
			t.Fatalf("RetirementFor(%v) error: %v", tt.birth, err)
		}
		if r.Month != tt.month || r.Source.Number != tt.source || !strings.Contains(r.Explanation, tt.procedure) {
			t.Errorf("RetirementFor(%v, %s) = %v from %s (%q), want %v from %s citing %s",
				tt.birth.VN(), tt.sex, r.Month.VN(), r.Source.Number, r.Explanation, tt.month.VN(), tt.source, tt.procedure)
		}
	}
	if _, err := (&rules.Set{}).RetirementFor(vn.Date{Year: 1965}, canbo.Male, 0); canbo.ErrorCode(err) != canbo.ENOTFOUND {
		t.Errorf("RetirementFor on an empty set error = %v, want not found", err)
	}
}

func FuzzRetirement(f *testing.F) {
	f.Add(1961, 10, 0, true, 0)
	f.Add(1969, 4, 0, false, 5)
	f.Add(0, 13, 40, true, -3)
	p := rules.Defaults().RetirementVersions[2]
	f.Fuzz(func(t *testing.T, y, m, d int, male bool, lower int) {
		sex := canbo.Female
		if male {
			sex = canbo.Male
		}
		birth := vn.Date{Year: y, Month: m, Day: d}
		r, err := rules.Retirement(p, birth, sex, lower)
		if err != nil {
			if canbo.ErrorCode(err) != canbo.EINVALID {
				t.Fatalf("Retirement(%+v) error code %q", birth, canbo.ErrorCode(err))
			}
			return
		}
		if r.Age.InMonths() < r.Required.InMonths() || r.Month.Sub(rules.YearMonth{Year: y, Month: max(m, 1)}) != r.Age.InMonths() {
			t.Fatalf("Retirement(%+v, %s, %d) = %+v: inconsistent age", birth, sex, lower, r)
		}
		if !r.PensionFrom.Equal(r.Date.AddDate(0, 0, 1)) || r.NoticeDate.After(r.DecisionDate) || r.DecisionDate.After(r.Date) {
			t.Fatalf("Retirement(%+v) = %+v: dates out of order", birth, r)
		}
	})
}
