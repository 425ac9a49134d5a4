package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Discipline levels, as keys of DisciplineParams.WaitMonths and SalaryStepParams.ExtensionMonths.
const (
	Reprimand = "reprimand" // khiển trách
	Warning   = "warning"   // cảnh cáo
	Demotion  = "demotion"  // giáng chức / hạ bậc lương
	Removal   = "removal"   // cách chức
	Expulsion = "expulsion" // khai trừ (party) / buộc thôi việc (state): no promotion follows
)

// DisciplineParams is one version of the rule on how long promotion to a higher post waits after
// a discipline decision.
type DisciplineParams struct {
	Version
	WaitMonths map[string]int `json:"wait_months"` // reprimand 24, warning 36, removal 60
}

// PromotionAllowedFrom returns the first day a person disciplined at level by a decision
// effective on decided may be appointed or proposed to a higher post: decided plus the wait for
// that level.
func PromotionAllowedFrom(p DisciplineParams, level string, decided time.Time) (time.Time, error) {
	if level == Expulsion {
		return time.Time{}, invalid("level", "err.rules.discipline.level")
	}
	m, ok := p.WaitMonths[level]
	if !ok {
		keys := make([]string, 0, len(p.WaitMonths))
		for k := range p.WaitMonths {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return time.Time{}, invalid("level", "err.rules.discipline.level_unknown", level, p.Source.Cite(), strings.Join(keys, ", "))
	}
	return addMonths(decided, m), nil
}

// checks of the remaining parameter sets, used by Set.Validate.

func checkTerm(p TermParams) []string {
	var out []string
	if p.Years <= 0 || p.Years > 50 || p.NoticeWorkingDays < 0 || p.NoticeWorkingDays > 1000 {
		out = append(out, "thời hạn bổ nhiệm phải từ 1 đến 50 năm và số ngày làm việc thông báo từ 0 đến 1000")
	}
	if p.ExtendBelowMonths < 0 || p.FullTermMonths < p.ExtendBelowMonths {
		out = append(out, "ngưỡng kéo dài phải từ 0 và không lớn hơn ngưỡng bổ nhiệm trọn nhiệm kỳ")
	}
	return out
}

func checkSalary(p SalaryStepParams) []string {
	var out []string
	for _, c := range []GradeClass{University, Lower} {
		if p.Months[c] <= 0 {
			out = append(out, fmt.Sprintf("thiếu thời gian giữ bậc của nhóm ngạch %q", c))
		}
	}
	if p.SeniorityStepMonths <= 0 || p.EarlyMaxMonths < 0 || p.EarlyQuotaPercent < 0 || p.EarlyQuotaPercent > 100 {
		out = append(out, "tham số nâng bậc trước thời hạn hoặc phụ cấp thâm niên vượt khung không hợp lệ")
	}
	for k, v := range p.ExtensionMonths {
		if v < 0 {
			out = append(out, fmt.Sprintf("số tháng kéo dài của %q không được âm", k))
		}
	}
	slices.Sort(out)
	return out
}

func checkProbation(p ProbationParams) []string {
	if p.Months <= 0 {
		return []string{"thời gian dự bị phải lớn hơn 0"}
	}
	return nil
}

func checkPartyOrg(p PartyOrgParams) []string {
	var out []string
	if p.AdmissionMinAge.InMonths() <= 0 || p.AdmissionMaxAge.InMonths() < p.AdmissionMinAge.InMonths() {
		out = append(out, "khoảng tuổi kết nạp không hợp lệ")
	}
	if p.MinFullMembers <= 0 || p.CommitteeThreshold < p.MinFullMembers {
		out = append(out, "số đảng viên tối thiểu hoặc ngưỡng lập đảng bộ cơ sở không hợp lệ")
	}
	return out
}

func checkDiscipline(p DisciplineParams) []string {
	var out []string
	for _, k := range []string{Reprimand, Warning, Removal} {
		if _, ok := p.WaitMonths[k]; !ok {
			out = append(out, fmt.Sprintf("thiếu thời gian chờ của hình thức %q", k))
		}
	}
	for k, v := range p.WaitMonths {
		if v < 0 {
			out = append(out, fmt.Sprintf("thời gian chờ của %q không được âm", k))
		}
	}
	slices.Sort(out)
	return out
}
