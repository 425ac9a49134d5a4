package sqlstore

import (
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"canbo"
	"canbo/remind"
	"canbo/vn"

	"golang.org/x/text/unicode/norm"
)

// Input checks that refuse, with a message naming the field, what used to be stored as given or
// silently changed (issue 11): text that is not UTF-8, text that reorders itself on screen, a
// letter under a tower of marks, detail keys no form has, dates no record can have. Kept apart
// from the field-by-field validation so that they apply to every text and date the same way.

// maxMarks is the most combining marks one letter may carry after NFC: Vietnamese needs none
// (every letter with its marks is precomposed), other scripts one or two.
const maxMarks = 2

// checkText refuses invalid UTF-8 (which would otherwise be replaced by U+FFFD without a word),
// bidirectional controls (an RTL override makes "Lộc" display as something else in every list
// and export) and more than maxMarks combining marks on one letter (text that spills over the
// lines above and below it).
func checkText(field, s string) error {
	if !utf8.ValidString(s) {
		return canbo.FieldError(field, "%s chứa dữ liệu không phải UTF-8 hợp lệ; hãy gõ lại hoặc lưu tệp nguồn dạng UTF-8.", field)
	}
	marks := 0
	for _, r := range norm.NFC.String(s) {
		if isBidiControl(r) {
			return canbo.FieldError(field, "%s chứa ký tự điều khiển hướng viết (U+%04X), không được phép.", field, r)
		}
		if unicode.Is(unicode.Mn, r) {
			if marks++; marks > maxMarks {
				return canbo.FieldError(field, "%s có quá %d dấu chồng lên một chữ.", field, maxMarks)
			}
		} else {
			marks = 0
		}
	}
	return nil
}

// isBidiControl reports the Unicode bidirectional formatting characters: embeddings, overrides,
// isolates and marks.
func isBidiControl(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

// entryDetailKeys are the detail keys each entry kind may carry: those of its form
// (web entryFields) and those the store and reminders read (remind.Detail*, evaluation level).
var entryDetailKeys = map[string][]string{
	canbo.EntrySalary:     {remind.DetailGrade, remind.DetailStep, "coefficient", remind.DetailGradeClass, remind.DetailExtra},
	canbo.EntryTraining:   {"field", "mode", "degree"},
	canbo.EntryEvaluation: {"level"}, // the rating code the evaluation filter reads (people_find.go)
	canbo.EntryReward:     {"authority"},
	canbo.EntryDiscipline: {remind.DetailLevel, "authority"},
	canbo.EntryFamily:     {"relation", "birth_year", "home_town", "occupation", "workplace", "history"},
	canbo.EntrySecondment: {},
}

// checkDetailKeys refuses a detail key the entry's kind does not have: arbitrary keys would be
// stored, exported and shown to nobody's form.
func checkDetailKeys(e *canbo.Entry) error {
	allowed := entryDetailKeys[e.Kind]
	keys := make([]string, 0, len(e.Details))
	for k := range e.Details {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			if len(allowed) == 0 {
				return canbo.FieldError("details."+k, "Mục loại %s không có trường chi tiết nào (nhận %q).", e.Kind, k)
			}
			return canbo.FieldError("details."+k, "Mục loại %s không có trường chi tiết %q; các trường có: %s.", e.Kind, k, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// recordsFrom and recordsAhead bound every date of a record: nothing in a cadre's file happened
// before 1900, and nothing is planned more than ten years ahead (a term, a secondment, a
// discipline's end); a year like 2100 is a typing error.
const (
	recordsFrom  = 1900
	recordsAhead = 10
)

// checkDateBounds refuses a date outside [recordsFrom, now + recordsAhead years].
func checkDateBounds(field string, d vn.Date, now time.Time) error {
	if d.IsZero() {
		return nil
	}
	if d.Year < recordsFrom || d.Year > now.Year()+recordsAhead {
		return canbo.FieldError(field, "Ngày %s không hợp lý: năm phải từ %d đến %d.", d.VN(), recordsFrom, now.Year()+recordsAhead)
	}
	return nil
}

// checkAfterBirth refuses a date of the person's own life before they were born (a course, a
// reward, a post). Family entries are about relatives and are not checked.
func checkAfterBirth(field string, d vn.Date, birth string) error {
	b, err := vn.ParseDate(birth)
	if err != nil || b.IsZero() || d.IsZero() {
		return nil
	}
	if lastDay(d).Before(b.First()) {
		return canbo.FieldError(field, "Ngày %s trước ngày sinh (%s).", d.VN(), b.VN())
	}
	return nil
}

// lastDay is the last day a partial date may stand for: 1965 → 31/12/1965, 09/1965 → 30/09/1965.
func lastDay(d vn.Date) time.Time {
	switch {
	case d.Month == 0:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case d.Day == 0:
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return d.First()
}

// checkPostBounds applies checkDateBounds to a post's days (an open end is not a date).
func checkPostBounds(from, to, now time.Time) error {
	if err := checkDateBounds("post.from", vn.DateOf(from), now); err != nil {
		return err
	}
	if to.Equal(canbo.Forever) {
		return nil
	}
	return checkDateBounds("post.to", vn.DateOf(to), now)
}
