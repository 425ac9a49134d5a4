package training_test

import (
	"fmt"
	"testing"

	"canbo"
	"canbo/training"
)

func TestRequirements(t *testing.T) {
	for _, c := range []struct{ standards, want string }{
		{"Tốt nghiệp đại học trở lên; cao cấp lý luận chính trị; đã kinh qua chức vụ Phó Bí thư.", "[{professional dh} {political_theory cao_cap}]"},
		{"Tốt nghiệp đại học trở lên; cao cấp hoặc cử nhân lý luận chính trị; ủy viên Ban Thường vụ.", "[{professional dh} {political_theory cao_cap}]"},
		{"Tốt nghiệp đại học trở lên; cao cấp lý luận chính trị; chuyên viên chính; kinh nghiệm quản lý nhà nước ở địa phương.", "[{professional dh} {political_theory cao_cap} {state_management cvc}]"},
		{"Tốt nghiệp đại học trở lên; trung cấp lý luận chính trị trở lên; uy tín trong Nhân dân.", "[{professional dh} {political_theory trung_cap}]"},
		{"TỐT NGHIỆP THẠC SĨ; CHUYÊN VIÊN CAO CẤP", "[{professional ths} {state_management cvcc}]"},
		{"Uy tín, đủ sức khỏe; kinh nghiệm quản lý nhà nước", "[]"},
		{"", "[]"},
	} {
		got := fmt.Sprint(training.Requirements(c.standards))
		if got != c.want {
			t.Errorf("Requirements(%q) = %s, want %s", c.standards, got, c.want)
		}
	}
}

func TestRankAndMissing(t *testing.T) {
	for _, c := range []struct {
		kind, a, b string
		less       bool
	}{
		{canbo.TrainingPolitical, "Trung cấp", "cao_cap", true},
		{canbo.TrainingPolitical, "Cử nhân chính trị", "cao_cap", false},
		{canbo.TrainingPolitical, "", "so_cap", true},
		{canbo.TrainingState, "cvc", "Chuyên viên cao cấp", true},
		{canbo.TrainingProfessional, "Thạc sĩ", "dh", false},
		{canbo.TrainingProfessional, "Chưa qua đào tạo", "sc", true},
	} {
		if got := training.Rank(c.kind, c.a) < training.Rank(c.kind, c.b); got != c.less {
			t.Errorf("Rank(%s, %q) < Rank(%q) = %v, want %v", c.kind, c.a, c.b, got, c.less)
		}
	}
	reqs := training.Requirements("Tốt nghiệp đại học; cao cấp lý luận chính trị; chuyên viên chính")
	e := canbo.Education{Professional: "Thạc sĩ", PoliticalTheory: "Trung cấp", StateManagement: "cvc"}
	if got := fmt.Sprint(training.Missing(reqs, e)); got != "[{political_theory cao_cap}]" {
		t.Errorf("Missing = %s", got)
	}
	e.PoliticalTheory = "cao_cap"
	if got := training.Missing(reqs, e); len(got) != 0 {
		t.Errorf("Missing after the course = %v, want none", got)
	}
	if !training.Raises(canbo.TrainingPolitical, "cao_cap", "Trung cấp") || training.Raises(canbo.TrainingPolitical, "trung_cap", "cao_cap") ||
		training.Raises(canbo.TrainingLanguage, "B1", "") {
		t.Error("Raises disagrees with the ranks")
	}
}
