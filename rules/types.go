package rules

import (
	"fmt"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// Source identifies the legal or party document a parameter set comes from, so every result can
// cite it and users can check it.
type Source struct {
	Kind   string `json:"kind"`   // "Nghị định", "Chỉ thị", "Quy định", "Thông tư", "Bộ luật", "Điều lệ"
	Number string `json:"number"` // "135/2020/NĐ-CP", "45-CT/TW"; empty for the Party Statute
	Issuer string `json:"issuer"` // "Chính phủ", "Bộ Chính trị"
	Date   string `json:"date"`   // day of signing, ISO: "2020-11-18"
	Title  string `json:"title"`
	// Status is "firm" (confirmed in several sources) or "check" (found in secondary sources
	// only: a default that users should verify and may correct), as marked in docs/RULES.md.
	Status string `json:"status"`
}

// Cite returns the usual Vietnamese way to cite the document, as in "Nghị định 135/2020/NĐ-CP
// ngày 18/11/2020 của Chính phủ".
func (s Source) Cite() string {
	var b strings.Builder
	if s.Number != "" {
		b.WriteString(strings.TrimSpace(s.Kind + " " + s.Number))
	} else {
		b.WriteString(s.Title)
	}
	if d, err := vn.ParseDay(s.Date); err == nil && !d.IsZero() {
		b.WriteString(" ngày " + vn.FormatDay(d))
	}
	if s.Issuer != "" {
		b.WriteString(" của " + s.Issuer)
	}
	return b.String()
}

// Version is what every parameter set has in common: the document it comes from and the
// half-open period [From, To) in which it is in force. Embedded in each parameter-set type, it
// gives them the fields Source, From, To, Also and Note.
type Version struct {
	Source Source `json:"source"`
	// Also lists further documents this version relies on (the decree a circular implements,
	// the law an article of which it details).
	Also []Source `json:"also,omitempty"`
	From string   `json:"from"`         // first day in force, ISO
	To   string   `json:"to,omitempty"` // first day no longer in force, ISO; empty while in force
	// Note records what is uncertain or was decided about this version, in Vietnamese, for the
	// users who check it.
	Note string `json:"note,omitempty"`
}

// version lets generic code reach the Version embedded in any parameter-set type.
func (v Version) version() Version { return v }

// Period returns From and To as times (To zero when open) and an error if they do not parse or
// are in the wrong order.
func (v Version) Period() (from, to time.Time, err error) {
	from, err = vn.ParseDay(v.From)
	if err == nil && from.IsZero() {
		err = canbo.Errork(canbo.EINVALID, "err.rules.types.invalid")
	}
	if err != nil {
		return from, to, err
	}
	if to, err = vn.ParseDay(v.To); err != nil {
		return from, to, err
	}
	if !to.IsZero() && !to.After(from) {
		return from, to, canbo.Errork(canbo.EINVALID, "err.rules.types.end_not_after_start", vn.FormatDay(to), vn.FormatDay(from))
	}
	return from, to, nil
}

// InForce reports whether the version is in force on day on.
func (v Version) InForce(on time.Time) bool {
	from, to, err := v.Period()
	if err != nil {
		return false
	}
	return !on.Before(from) && (to.IsZero() || on.Before(to))
}

// Age is an age or a duration in whole years and months, the unit of the retirement law.
type Age struct {
	Years  int `json:"years"`
	Months int `json:"months"`
}

// AgeOfMonths turns a number of months into years and months.
func AgeOfMonths(months int) Age { return Age{Years: months / 12, Months: months % 12} }

// InMonths returns the age as a number of months, the unit the rules compare.
func (a Age) InMonths() int { return a.Years*12 + a.Months }

// String prints the age as Vietnamese documents do: "60 tuổi 3 tháng", "62 tuổi".
func (a Age) String() string { return a.Words().Local("vi") }

// Words is the age in the reader's language, for an explanation that quotes it.
func (a Age) Words() canbo.Words {
	a = AgeOfMonths(a.InMonths())
	if a.Months == 0 {
		return canbo.Say("rules.age.years", a.Years)
	}
	return canbo.Say("rules.age.years_months", a.Years, a.Months)
}

// YearMonth is a calendar month, the resolution of retirement and congress-age rules.
type YearMonth struct {
	Year  int `json:"year"`
	Month int `json:"month"`
}

// YM returns the YearMonth of a year and month, normalising months outside 1..12.
func YM(year, month int) YearMonth { return monthOfIndex(year*12 + month - 1) }

// MonthOf returns the calendar month of t.
func MonthOf(t time.Time) YearMonth { return YearMonth{Year: t.Year(), Month: int(t.Month())} }

func monthOfIndex(i int) YearMonth {
	y, m := i/12, i%12
	if m < 0 {
		y, m = y-1, m+12
	}
	return YearMonth{Year: y, Month: m + 1}
}

func (m YearMonth) index() int { return m.Year*12 + m.Month - 1 }

// IsZero reports whether m is the zero YearMonth (no month).
func (m YearMonth) IsZero() bool { return m == YearMonth{} }

// AddMonths returns the month n months after m (before, if n is negative).
func (m YearMonth) AddMonths(n int) YearMonth { return monthOfIndex(m.index() + n) }

// Sub returns the number of whole months from o to m, as in "months left = retirement month −
// congress month".
func (m YearMonth) Sub(o YearMonth) int { return m.index() - o.index() }

// FirstDay returns the 1st of the month at midnight UTC.
func (m YearMonth) FirstDay() time.Time {
	return time.Date(m.Year, time.Month(m.Month), 1, 0, 0, 0, 0, time.UTC)
}

// LastDay returns the last day of the month at midnight UTC.
func (m YearMonth) LastDay() time.Time { return m.AddMonths(1).FirstDay().AddDate(0, 0, -1) }

// String returns the ISO form "2025-07", used in JSON.
func (m YearMonth) String() string { return fmt.Sprintf("%04d-%02d", m.Year, m.Month) }

// VN returns the form Vietnamese documents print, "07/2025".
func (m YearMonth) VN() string { return fmt.Sprintf("%02d/%04d", m.Month, m.Year) }

// ParseYearMonth parses a month in any form vn.ParseDate accepts with month precision:
// "2025-07" or "07/2025".
func ParseYearMonth(s string) (YearMonth, error) {
	d, err := vn.ParseDate(s)
	if err != nil {
		return YearMonth{}, err
	}
	if d.Precision() != vn.PrecisionMonth {
		return YearMonth{}, canbo.Errork(canbo.EINVALID, "err.rules.types.month_year", s)
	}
	return YearMonth{Year: d.Year, Month: d.Month}, nil
}

// MarshalText encodes the month as "2025-07" so parameter files stay readable.
func (m YearMonth) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText decodes a month written as ParseYearMonth accepts.
func (m *YearMonth) UnmarshalText(b []byte) error {
	v, err := ParseYearMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// day returns t's calendar day at midnight UTC, the representation of days in this package.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// addMonths adds n calendar months to a day, keeping the day of the month and falling back to
// the last day of a shorter month (31/01 + 1 month = 28/02 or 29/02), as the Civil Code counts
// periods in months. time.AddDate would overflow into the next month instead.
func addMonths(t time.Time, n int) time.Time {
	t = day(t)
	target := MonthOf(t).AddMonths(n)
	d := min(t.Day(), target.LastDay().Day())
	return time.Date(target.Year, time.Month(target.Month), d, 0, 0, 0, 0, time.UTC)
}

// monthsBetween returns the number of whole months from a to b: the largest n with
// addMonths(a, n) ≤ b; when b is before a, minus the whole months from b to a.
func monthsBetween(a, b time.Time) int {
	a, b = day(a), day(b)
	if b.Before(a) {
		return -monthsBetween(b, a)
	}
	n := MonthOf(b).Sub(MonthOf(a))
	for n > 0 && addMonths(a, n).After(b) {
		n--
	}
	return n
}

// invalid is canbo.Invalid: key names the words of canbo/locale (a key with no words is its own
// Vietnamese template).
func invalid(field, key string, args ...any) error {
	return canbo.Invalid(field, key, args...)
}
