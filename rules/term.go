package rules

import (
	"fmt"
	"time"

	"canbo/vn"
)

// TermParams is one version of the rules on appointment terms: their length, the notice before a
// term ends, and re-appointment close to retirement.
type TermParams struct {
	Version
	Years int `json:"years"` // length of one appointment (5)
	// NoticeWorkingDays: the person is told at least this many working days before the term ends,
	// to prepare re-appointment (90).
	NoticeWorkingDays int `json:"notice_working_days"`
	// FullTermMonths: with at least this much time left before retirement when the term ends,
	// re-appointment is for a full term (60). ExtendBelowMonths: with less than this left (24),
	// the post is extended until retirement instead; in between, the new term ends at retirement.
	FullTermMonths    int `json:"full_term_months"`
	ExtendBelowMonths int `json:"extend_below_months"`
}

// TermEnd returns the end of an appointment that takes effect on start, as the first day no
// longer covered: the term is the half-open range [start, end), like every dated range in the
// system, and its last day is end − 1 day. end is the same day of the month Years later, or the
// last day of that month when it is shorter (29/02/2024 → 28/02/2029), as the Civil Code counts
// periods in years. An appointment effective 01/07/2025 thus runs to 30/06/2030 inclusive and
// TermEnd returns 01/07/2030.
func TermEnd(p TermParams, start time.Time) time.Time { return addMonths(start, p.Years*12) }

// ReappointNotice returns the last day on which the person can be told that their term ends, so
// that at least NoticeWorkingDays working days remain before it: the day D with exactly that many
// working days in [D, termEnd), counted on cal (nil counts weekends only; check cal.Covers for
// the years involved). termEnd is the exclusive end returned by TermEnd.
func ReappointNotice(p TermParams, termEnd time.Time, cal *Calendar) time.Time {
	return cal.WorkingDaysBefore(termEnd, p.NoticeWorkingDays)
}

// NearRetirementKind classifies a re-appointment by the time left before retirement.
type NearRetirementKind string

// The outcomes of NearRetirement.
const (
	FullTerm           NearRetirementKind = "full_term"            // a new full term fits
	UntilRetirement    NearRetirementKind = "until_retirement"     // re-appoint; the term ends at retirement
	ExtendToRetirement NearRetirementKind = "extend_to_retirement" // no re-appointment; the post may be extended to retirement
	RetiresInTerm      NearRetirementKind = "retires_in_term"      // retirement comes before the term ends
)

// NearRetirementResult is the outcome of NearRetirement.
type NearRetirementResult struct {
	Kind NearRetirementKind `json:"kind"`
	// MonthsLeft is the whole months from the end of the current term to retirement.
	MonthsLeft int `json:"months_left"`
	// NewTermEnd is the exclusive end of the new term or extension (zero for RetiresInTerm).
	NewTermEnd  time.Time `json:"new_term_end"`
	Source      Source    `json:"source"`
	Explanation string    `json:"explanation"`
}

// NearRetirement classifies the re-appointment of a person whose term ends on termEnd
// (exclusive, from TermEnd) and whose retirement time is retirement (the last day of the
// retirement month, RetirementResult.Date). The time left is measured from termEnd, when the new
// term would start, to the day after retirement: at least FullTermMonths → a full new term;
// ExtendBelowMonths up to FullTermMonths → re-appointment with the term ending at retirement;
// less than ExtendBelowMonths → the post may be extended to retirement (by secret ballot, more
// than half of the leadership collective, which is not checked here).
func NearRetirement(p TermParams, termEnd, retirement time.Time) NearRetirementResult {
	retireEnd := day(retirement).AddDate(0, 0, 1)
	r := NearRetirementResult{MonthsLeft: monthsBetween(termEnd, retireEnd), Source: p.Source}
	left := fmt.Sprintf("Khi hết nhiệm kỳ (%s) còn %s đến thời điểm nghỉ hưu (%s)",
		vn.FormatDay(day(termEnd).AddDate(0, 0, -1)), monthsText(r.MonthsLeft), vn.FormatDay(retirement))
	switch {
	case !retireEnd.After(day(termEnd)):
		r.Kind = RetiresInTerm
		r.MonthsLeft = 0
		r.Explanation = fmt.Sprintf("Thời điểm nghỉ hưu (%s) đến trước khi hết nhiệm kỳ (%s): không đặt vấn đề bổ nhiệm lại.",
			vn.FormatDay(retirement), vn.FormatDay(day(termEnd).AddDate(0, 0, -1)))
		return r
	case r.MonthsLeft >= p.FullTermMonths:
		r.Kind = FullTerm
		r.NewTermEnd = TermEnd(p, termEnd)
		r.Explanation = fmt.Sprintf("%s, đủ một nhiệm kỳ %d năm: bổ nhiệm lại trọn nhiệm kỳ.", left, p.Years)
	case r.MonthsLeft >= p.ExtendBelowMonths:
		r.Kind = UntilRetirement
		r.NewTermEnd = retireEnd
		r.Explanation = fmt.Sprintf("%s, từ %s đến dưới %s: bổ nhiệm lại, thời hạn đến thời điểm nghỉ hưu (theo %s).",
			left, monthsText(p.ExtendBelowMonths), monthsText(p.FullTermMonths), p.Source.Cite())
	default:
		r.Kind = ExtendToRetirement
		r.NewTermEnd = retireEnd
		r.Explanation = fmt.Sprintf("%s, dưới %s: có thể kéo dài thời gian giữ chức vụ đến thời điểm nghỉ hưu, do tập thể lãnh đạo bỏ phiếu kín, trên 50%% đồng ý (theo %s).",
			left, monthsText(p.ExtendBelowMonths), p.Source.Cite())
	}
	return r
}

// monthsText prints a number of months as "2 năm", "4 năm 11 tháng" or "7 tháng".
func monthsText(n int) string {
	switch {
	case n%12 == 0 && n != 0:
		return fmt.Sprintf("%d năm", n/12)
	case n < 12:
		return fmt.Sprintf("%d tháng", n)
	}
	return fmt.Sprintf("%d năm %d tháng", n/12, n%12)
}
