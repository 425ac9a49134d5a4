package rules_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/rules"
)

func TestDefaultsValidate(t *testing.T) {
	s := defaults(t)
	// Every document docs/RULES.md names for §retirement to §party-org is cited by some version.
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, number := range []string{"135/2020/NĐ-CP", "170/2025/NĐ-CP", "45-CT/TW", "35-CT/TW", "138/2020/NĐ-CP",
		"377-QĐ/TW", "204/2004/NĐ-CP", "17/2013/NĐ-CP", "08/2013/TT-BNV", "03/2021/TT-BNV", "24-QĐ/TW"} {
		if !strings.Contains(string(b), `"number":"`+number+`"`) {
			t.Errorf("defaults.json does not cite %s", number)
		}
	}
}

func TestSetPicksVersionInForce(t *testing.T) {
	s := defaults(t)
	tests := []struct {
		on     time.Time
		number string
	}{
		{day(2020, 6, 1), "10/2012/QH13"},
		{day(2020, 12, 31), "10/2012/QH13"},
		{day(2021, 1, 1), "135/2020/NĐ-CP"},
		{day(2030, 1, 1), "135/2020/NĐ-CP"},
	}
	for _, tt := range tests {
		p, err := s.Retirement(tt.on)
		if err != nil || p.Source.Number != tt.number {
			t.Errorf("Retirement(%s) = %s, %v, want %s", tt.on.Format(time.DateOnly), p.Source.Number, err, tt.number)
		}
	}
	if p, _ := s.Retirement(day(2025, 6, 30)); p.Procedure == nil || p.Procedure.Number != "138/2020/NĐ-CP" {
		t.Errorf("Retirement(30/06/2025) procedure = %+v, want 138/2020/NĐ-CP", p.Procedure)
	}
	if p, _ := s.Retirement(day(2025, 7, 1)); p.Procedure == nil || p.Procedure.Number != "170/2025/NĐ-CP" {
		t.Errorf("Retirement(01/07/2025) procedure = %+v, want 170/2025/NĐ-CP", p.Procedure)
	}
	_, err := s.Retirement(day(2000, 1, 1))
	if canbo.ErrorCode(err) != canbo.ENOTFOUND || !strings.Contains(canbo.ErrorMessage(err), "tuổi nghỉ hưu có hiệu lực ngày 01/01/2000") {
		t.Errorf("Retirement(2000) error = %v, want not found naming the rule and date", err)
	}
	if p, err := s.Term(day(2025, 10, 7)); err != nil || p.Source.Number != "138/2020/NĐ-CP" {
		t.Errorf("Term(07/10/2025) = %s, %v", p.Source.Number, err)
	}
	if p, err := s.Term(day(2025, 10, 8)); err != nil || p.Source.Number != "377-QĐ/TW" {
		t.Errorf("Term(08/10/2025) = %s, %v", p.Source.Number, err)
	}
	if p, err := s.LatestCongress(); err != nil || p.Source.Number != "45-CT/TW" {
		t.Errorf("LatestCongress() = %s, %v", p.Source.Number, err)
	}
	for name, f := range map[string]func(time.Time) error{
		"SalaryStep": func(d time.Time) error { _, err := s.SalaryStep(d); return err },
		"Probation":  func(d time.Time) error { _, err := s.Probation(d); return err },
		"PartyOrg":   func(d time.Time) error { _, err := s.PartyOrg(d); return err },
		"Discipline": func(d time.Time) error { _, err := s.Discipline(d); return err },
		"Congress":   func(d time.Time) error { _, err := s.Congress(d); return err },
	} {
		if err := f(day(2026, 1, 1)); err != nil {
			t.Errorf("%s(2026-01-01) error: %v", name, err)
		}
	}
}

func TestValidateReportsOverlapAndGap(t *testing.T) {
	s := defaults(t)
	// A new retirement version that starts before the open-ended one ends.
	v := s.RetirementVersions[2]
	v.From = "2026-01-01"
	v.Source.Number = "999/2026/NĐ-CP"
	s.RetirementVersions = append(s.RetirementVersions, v)
	// A gap between the two term versions.
	s.TermVersions[0].To = "2025-09-01"
	// A period in the wrong order and an unknown status.
	s.DisciplineVersions[0].To = "2025-01-01"
	s.ProbationVersions[0].Source.Status = "maybe"

	err := s.Validate()
	if canbo.ErrorCode(err) != canbo.EINVALID {
		t.Fatalf("Validate() = %v, want EINVALID", err)
	}
	msg := canbo.ErrorMessage(err)
	for _, want := range []string{
		"quy định về tuổi nghỉ hưu: Nghị định 135/2020/NĐ-CP ngày 18/11/2020 của Chính phủ (hiệu lực từ 01/07/2025, không thời hạn) chồng lên Nghị định 999/2026/NĐ-CP",
		"quy định về thời hạn bổ nhiệm: khoảng trống từ 01/09/2025 đến hết ngày 07/10/2025",
		"quy định về thời gian chờ bổ nhiệm sau kỷ luật",
		"không sau ngày bắt đầu",
		`trạng thái nguồn phải là "firm" hoặc "check"`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("Validate() message lacks %q:\n%s", want, msg)
		}
	}
	// A reader who chose English reads every problem in English, the rule's name included.
	en := canbo.LocalMessage("en", err)
	for _, want := range []string{
		"rule on retirement age: Nghị định 135/2020/NĐ-CP ngày 18/11/2020 của Chính phủ (valid from 01/07/2025, open-ended) overlaps Nghị định 999/2026/NĐ-CP",
		"rule on appointment terms: a gap from 01/09/2025 to the end of 07/10/2025",
		`the source status must be "firm" or "check"`,
	} {
		if !strings.Contains(en, want) {
			t.Errorf("Validate() in English lacks %q:\n%s", want, en)
		}
	}
	// Closing the open version where the new one starts resolves the overlap.
	s = defaults(t)
	s.RetirementVersions[2].To = "2026-01-01"
	s.RetirementVersions = append(s.RetirementVersions, v)
	if err := s.Validate(); err != nil {
		t.Errorf("Validate() after closing the old version = %v", err)
	}
	if p, err := s.Retirement(day(2026, 2, 1)); err != nil || p.Source.Number != "999/2026/NĐ-CP" {
		t.Errorf("Retirement(2026-02-01) = %s, %v, want the new version", p.Source.Number, err)
	}
	if err := (&rules.Set{}).Validate(); err == nil || !strings.Contains(canbo.ErrorMessage(err), "chưa có phiên bản nào") {
		t.Errorf("empty Set Validate() = %v", err)
	}
}

func TestValidateParameters(t *testing.T) {
	s := defaults(t)
	s.RetirementVersions[1].Male.StepMonths = -3
	s.CongressVersions[1].Levels = append(s.CongressVersions[1].Levels, rules.CongressLevel{Code: "commune", Month: ym(2025, 8)})
	s.SalaryStepVersions[0].Months = map[rules.GradeClass]int{rules.University: 36}
	s.DisciplineVersions[0].WaitMonths = map[string]int{rules.Reprimand: 24}
	err := s.Validate()
	msg := canbo.ErrorMessage(err)
	for _, want := range []string{"lộ trình của nam", `mã cấp đại hội "commune"`, `nhóm ngạch "lower"`, `hình thức "warning"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("Validate() message lacks %q:\n%s", want, msg)
		}
	}
}

func TestDefaultsAreCopies(t *testing.T) {
	a := rules.Defaults()
	a.RetirementVersions[0].NoticeMonths = 99
	a.SalaryStepVersions[0].Months[rules.University] = 1
	b := rules.Defaults()
	if b.RetirementVersions[0].NoticeMonths == 99 || b.SalaryStepVersions[0].Months[rules.University] == 1 {
		t.Error("changing one Defaults() result changed another")
	}
}

func TestSetJSONRoundTrip(t *testing.T) {
	s := defaults(t)
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := rules.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, back) {
		t.Error("Parse(Marshal(Defaults())) differs from Defaults()")
	}
	if _, err := rules.Parse([]byte(`{"retirement": [{"male": {"step": 3}}]}`)); err == nil {
		t.Error("Parse with an unknown field: want error")
	}
	if _, err := rules.Parse([]byte(`{"congress": [{"levels": [{"month": "2025-13"}]}]}`)); err == nil {
		t.Error("Parse with an invalid month: want error")
	}
}

func TestSourceCite(t *testing.T) {
	tests := []struct {
		s    rules.Source
		want string
	}{
		{rules.Source{Kind: "Nghị định", Number: "135/2020/NĐ-CP", Issuer: "Chính phủ", Date: "2020-11-18"}, "Nghị định 135/2020/NĐ-CP ngày 18/11/2020 của Chính phủ"},
		{rules.Source{Kind: "Chỉ thị", Number: "45-CT/TW", Issuer: "Bộ Chính trị", Date: "2025-04-14"}, "Chỉ thị 45-CT/TW ngày 14/04/2025 của Bộ Chính trị"},
		{rules.Source{Title: "Điều lệ Đảng Cộng sản Việt Nam", Issuer: "Đại hội XI", Date: "2011-01-19"}, "Điều lệ Đảng Cộng sản Việt Nam ngày 19/01/2011 của Đại hội XI"},
		{rules.Source{Number: "1/2025"}, "1/2025"},
	}
	for _, tt := range tests {
		if got := tt.s.Cite(); got != tt.want {
			t.Errorf("Cite() = %q, want %q", got, tt.want)
		}
	}
}

func TestAgeAndYearMonth(t *testing.T) {
	for _, tt := range []struct {
		a    rules.Age
		want string
	}{
		{rules.Age{Years: 60, Months: 3}, "60 tuổi 3 tháng"},
		{rules.Age{Years: 62}, "62 tuổi"},
		{rules.Age{Years: 55, Months: 16}, "56 tuổi 4 tháng"},
	} {
		if got := tt.a.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.a, got, tt.want)
		}
	}
	m := ym(2025, 11)
	if got := m.AddMonths(3); got != ym(2026, 2) {
		t.Errorf("AddMonths(3) = %v", got)
	}
	if got := m.AddMonths(-11); got != ym(2024, 12) {
		t.Errorf("AddMonths(-11) = %v", got)
	}
	if got := ym(2030, 7).Sub(ym(2025, 7)); got != 60 {
		t.Errorf("Sub = %d, want 60", got)
	}
	if got := rules.YM(2025, 0); got != ym(2024, 12) {
		t.Errorf("YM(2025, 0) = %v, want 2024-12", got)
	}
	if got, want := ym(2024, 2).LastDay(), day(2024, 2, 29); !got.Equal(want) {
		t.Errorf("LastDay = %v", got)
	}
	if m.String() != "2025-11" || m.VN() != "11/2025" {
		t.Errorf("String/VN = %q %q", m.String(), m.VN())
	}
	for in, want := range map[string]rules.YearMonth{"2025-07": ym(2025, 7), "07/2025": ym(2025, 7), "7/2025": ym(2025, 7)} {
		if got, err := rules.ParseYearMonth(in); err != nil || got != want {
			t.Errorf("ParseYearMonth(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"2025", "2025-07-01", "13/2025", ""} {
		if _, err := rules.ParseYearMonth(in); err == nil {
			t.Errorf("ParseYearMonth(%q): want error", in)
		}
	}
	b, _ := json.Marshal(struct{ M rules.YearMonth }{m})
	if string(b) != `{"M":"2025-11"}` {
		t.Errorf("Marshal = %s", b)
	}
}

func FuzzParse(f *testing.F) {
	b, _ := json.Marshal(rules.Defaults())
	f.Add(string(b))
	f.Add(`{"retirement": [{"from": "2021-01-01", "male": {"base": {"years": 60}}}]}`)
	f.Add(`{"congress": [{"from": "x", "levels": [{"code": "a", "month": "2025-04"}]}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		set, err := rules.Parse([]byte(s))
		if err != nil {
			return
		}
		_ = set.Validate()
		on := day(2025, 7, 1)
		if p, err := set.Retirement(on); err == nil {
			_, _ = p.RequiredAge(canbo.Male, 2030)
		}
		if p, err := set.Congress(on); err == nil {
			_, _ = rules.Congress(p, "commune", rules.FirstTime, ym(2030, 7))
		}
		if p, err := set.Term(on); err == nil {
			_ = rules.TermEnd(p, on)
			_ = rules.NearRetirement(p, on, on.AddDate(3, 0, 0))
		}
		if p, err := set.SalaryStep(on); err == nil {
			_, _ = rules.Seniority(p, rules.University, on, on.AddDate(5, 0, 0), 0)
		}
		if p, err := set.PartyOrg(on); err == nil {
			_, _ = rules.GrassrootsKind(p, 10, 5)
		}
		if p, err := set.Discipline(on); err == nil {
			_, _ = rules.PromotionAllowedFrom(p, rules.Warning, on)
		}
	})
}

func FuzzParseYearMonth(f *testing.F) {
	f.Add("2025-07")
	f.Add("7/2025")
	f.Add("x")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := rules.ParseYearMonth(s)
		if err != nil {
			return
		}
		if back, err := rules.ParseYearMonth(m.String()); err != nil || back != m {
			t.Fatalf("ParseYearMonth(%q) = %v; round trip %v, %v", s, m, back, err)
		}
		if back, err := rules.ParseYearMonth(m.VN()); err != nil || back != m {
			t.Fatalf("ParseYearMonth(%q) = %v; VN round trip %v, %v", s, m, back, err)
		}
	})
}
