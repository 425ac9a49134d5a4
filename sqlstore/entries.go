package sqlstore

import (
	"strconv"
	"strings"
	"time"

	"canbo"
)

// Discipline levels (docs/GLOSSARY.md §people): party and state forms.
var disciplineLevels = []string{"Khiển trách", "Cảnh cáo", "Hạ bậc lương", "Giáng chức", "Cách chức", "Khai trừ", "Buộc thôi việc"}

// checkEntry checks the fields of an entry's kind, once they are cleaned: what the Mẫu 2C table
// of that kind needs, and numbers that are numbers. Fields are named as the API names them
// (details.step), so the form can mark the box.
func checkEntry(e *canbo.Entry, now time.Time) error {
	need := func(key, label string) error {
		if strings.TrimSpace(e.Details[key]) == "" {
			return canbo.FieldError("details."+key, "Thiếu %s.", label)
		}
		return nil
	}
	if e.Kind != canbo.EntrySalary && e.Title == "" {
		return canbo.FieldError("title", "Thiếu nội dung (%s).", map[string]string{
			canbo.EntryTraining: "tên khóa học hoặc trường", canbo.EntryEvaluation: "mức xếp loại", canbo.EntryReward: "hình thức khen thưởng",
			canbo.EntryDiscipline: "nội dung vi phạm", canbo.EntryFamily: "họ và tên", canbo.EntrySecondment: "nơi biệt phái"}[e.Kind])
	}
	if e.From == "" && e.Kind != canbo.EntryFamily {
		return canbo.FieldError("from", "Thiếu ngày (từ).")
	}
	switch e.Kind {
	case canbo.EntrySalary:
		if err := need("grade_code", "mã ngạch"); err != nil {
			return err
		}
		if n, err := strconv.Atoi(e.Details["step"]); err != nil || n < 1 || n > 20 {
			return canbo.FieldError("details.step", "Bậc lương phải là số nguyên từ 1 đến 20, không phải %q.", e.Details["step"])
		}
		c, err := strconv.ParseFloat(strings.Replace(e.Details["coefficient"], ",", ".", 1), 64)
		if err != nil || c <= 0 || c > 20 {
			return canbo.FieldError("details.coefficient", "Hệ số lương phải là số dương (ví dụ 4,98), không phải %q.", e.Details["coefficient"])
		}
		e.Details["coefficient"] = strconv.FormatFloat(c, 'f', 2, 64)
	case canbo.EntryDiscipline:
		level := e.Details["level"]
		for _, l := range disciplineLevels {
			if strings.EqualFold(l, level) {
				e.Details["level"] = l
				return need("authority", "cấp quyết định kỷ luật")
			}
		}
		return canbo.FieldError("details.level", "Hình thức kỷ luật %q không hợp lệ (%s).", level, strings.Join(disciplineLevels, ", "))
	case canbo.EntryFamily:
		if err := need("relation", "quan hệ"); err != nil {
			return err
		}
		if y := e.Details["birth_year"]; y != "" {
			if n, err := strconv.Atoi(y); err != nil || n < 1850 || n > now.Year() {
				return canbo.FieldError("details.birth_year", "Năm sinh phải là năm có bốn chữ số, không phải %q.", y)
			}
		}
	}
	return nil
}
