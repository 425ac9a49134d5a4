package vn

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"canbo"
)

// The range of years ParseDate accepts. Records of living people and of the documents about them
// fall well inside it; anything outside is a typing error (0965 for 1965, 20255 for 2025).
const (
	MinYear = 1900
	MaxYear = 2200
)

// Date is a calendar date that may be known only to the year or to the month, as birth dates in
// cadre records often are ("1965", "09/1965"). Month and Day are 0 when unknown; the zero Date
// means the date is unknown altogether. A Date has no time of day and no time zone.
type Date struct {
	Year, Month, Day int
}

// Precision tells how much of a Date is known. Rules use it: a retirement computed from a
// year-only birth date is itself only as exact as the law's convention for that case.
type Precision int

// The precisions of a Date, from unknown to a full day.
const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
)

// String returns the English name of the precision ("year", "month", "day", or "" for none), as
// used in JSON and logs.
func (p Precision) String() string {
	switch p {
	case PrecisionYear:
		return "year"
	case PrecisionMonth:
		return "month"
	case PrecisionDay:
		return "day"
	}
	return ""
}

// DateOf returns the full Date of the calendar day of t (in t's own location), so that a
// time.Time from a form or the clock can be compared with partial dates.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	return Date{Year: y, Month: int(m), Day: d}
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d == Date{} }

// Precision reports how much of the date is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return PrecisionNone
	case d.Month == 0:
		return PrecisionYear
	case d.Day == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

// Validate checks a Date built in code rather than parsed: parts in range, no day without a
// month, and a day that exists in its month. It returns an EINVALID *canbo.Error without Field.
func (d Date) Validate() error {
	switch {
	case d.IsZero():
		return nil
	case d.Year < MinYear || d.Year > MaxYear:
		return dateError("err.vn.date.1", d.Year, MinYear, MaxYear)
	case d.Month < 0 || d.Month > 12:
		return dateError("err.vn.date.2", d.Month)
	case d.Day < 0 || d.Day > 0 && d.Month == 0:
		return dateError("err.vn.date.3")
	case d.Day > daysIn(d.Year, d.Month):
		return dateError("err.vn.date.4", d.Day, d.Month, d.Year)
	}
	return nil
}

// daysIn returns the number of days in a month of the Gregorian calendar.
func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String returns the ISO 8601 form with only the known parts: "1965", "1965-09" or "1965-09-02",
// and "" for the zero Date. This is the form stored in the database and sent in JSON; it sorts
// correctly as text among dates of the same precision.
func (d Date) String() string {
	switch d.Precision() {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// VN returns the form Vietnamese documents print: "1965", "09/1965" or "02/09/1965", and "" for
// the zero Date.
func (d Date) VN() string {
	switch d.Precision() {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%02d/%04d", d.Month, d.Year)
	case PrecisionDay:
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
	}
	return ""
}

// First returns the first day the date can mean, at midnight UTC: 1 January for a year-only
// date, the 1st for a month-only date. This is the convention of the retirement law (NĐ
// 135/2020 Art. 3.3 takes January when only the year of birth is known) and the one every
// computation on partial dates uses. The zero Date gives the zero time.Time.
func (d Date) First() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
}

// Compare compares d and o by First and returns -1, 0 or +1; "1965" and "1965-01-01" compare
// equal. The zero Date is before every known date.
func (d Date) Compare(o Date) int { return d.First().Compare(o.First()) }

// Before reports whether d is before o by First.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// MarshalText implements encoding.TextMarshaler with the ISO partial form of String.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDate, so form values and CSV cells
// decode with the same rules as everything else.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON encodes the date as its ISO partial string, or null when unknown.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON accepts null, "" (both unknown) or a string in any form ParseDate accepts.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return dateError("err.vn.date.5")
	}
	return d.UnmarshalText([]byte(s))
}

// ParseDate parses a possibly partial date. It accepts the ISO forms "1965", "1965-09" and
// "1965-09-02" and the Vietnamese day-month-year order "09/1965", "9/1965", "02/09/1965" and
// "2/9/1965" (with "/", "." or "-" between the parts). Years must have four digits: "2/9/65" is
// refused, because guessing the century of a birth year is the importer's decision, with the
// context it has. The empty string (after cleaning) is the zero Date and no error: callers that
// require a date check IsZero.
//
// Errors are EINVALID *canbo.Error values with a Vietnamese message and no Field; ParseDateField
// fills it in.
func ParseDate(s string) (Date, error) {
	s = Clean(s)
	if s == "" {
		return Date{}, nil
	}
	parts, sep, ok := splitDate(s)
	if !ok {
		return Date{}, badDate(s)
	}
	var d Date
	switch last := parts[len(parts)-1]; {
	case len(parts[0]) == 4 && len(parts) > 1 && sep != '-':
		return Date{}, badDate(s)
	case len(parts[0]) == 4:
		// ISO: year first, then two-digit month and day.
		for _, p := range parts[1:] {
			if len(p) != 2 {
				return Date{}, badDate(s)
			}
		}
		d.Year = atoi(parts[0])
		if len(parts) > 1 {
			d.Month = atoi(parts[1])
		}
		if len(parts) > 2 {
			d.Day = atoi(parts[2])
		}
	case len(parts) > 1 && len(last) == 4:
		// Vietnamese order: [day/]month/year.
		for _, p := range parts[:len(parts)-1] {
			if len(p) > 2 {
				return Date{}, badDate(s)
			}
		}
		d.Year = atoi(last)
		d.Month = atoi(parts[len(parts)-2])
		if len(parts) == 3 {
			d.Day = atoi(parts[0])
		}
	case len(parts) > 1 && len(last) <= 2:
		return Date{}, dateError("err.vn.date.6", short(s))
	default:
		return Date{}, badDate(s)
	}
	if d.Month == 0 && len(parts) > 1 || d.Day == 0 && len(parts) > 2 {
		return Date{}, badDate(s)
	}
	if err := d.Validate(); err != nil {
		return Date{}, err
	}
	return d, nil
}

// ParseDateField is ParseDate with the error's Field set, for form and import handlers.
func ParseDateField(field, s string) (Date, error) {
	d, err := ParseDate(s)
	return d, canbo.OnField(field, err)
}

// ParseDay parses a full calendar day, "2025-07-01" or "01/07/2025" (also "1/7/2025"), into a
// time.Time at midnight UTC, the representation of full dates throughout the system. Partial
// dates are refused: decision dates and effective dates are always full. The empty string gives
// the zero time and no error, as in ParseDate.
func ParseDay(s string) (time.Time, error) {
	d, err := ParseDate(s)
	switch {
	case err != nil:
		return time.Time{}, err
	case d.IsZero():
		return time.Time{}, nil
	case d.Precision() != PrecisionDay:
		return time.Time{}, dateError("err.vn.date.7", short(Clean(s)))
	}
	return d.First(), nil
}

// ParseDayField is ParseDay with the error's Field set.
func ParseDayField(field, s string) (time.Time, error) {
	t, err := ParseDay(s)
	return t, canbo.OnField(field, err)
}

// FormatDay prints a full day as Vietnamese documents do, "01/07/2025"; the zero time prints as
// "".
func FormatDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}

// splitDate splits s into runs of ASCII digits separated by one kind of separator.
func splitDate(s string) (parts []string, sep byte, ok bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '-' || c == '/' || c == '.' {
			if sep != 0 && c != sep {
				return nil, 0, false
			}
			sep = c
		} else if c < '0' || c > '9' {
			return nil, 0, false
		}
	}
	if sep == 0 {
		parts = []string{s}
	} else {
		parts = strings.Split(s, string(sep))
	}
	if len(parts) > 3 {
		return nil, 0, false
	}
	for _, p := range parts {
		if p == "" || len(p) > 4 {
			return nil, 0, false
		}
	}
	return parts, sep, true
}

// atoi converts a run of at most four ASCII digits, already checked by splitDate.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func dateError(key string, args ...any) *canbo.Error {
	return canbo.Errork(canbo.EINVALID, key, args...)
}

func badDate(s string) *canbo.Error {
	return dateError("err.vn.date.8", short(s))
}

// short cuts user input quoted in a message, so a pasted paragraph does not become the message.
func short(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
