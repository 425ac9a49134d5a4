package rules

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"canbo"
	"canbo/vn"
)

// Calendar is the working-day calendar of state agencies: Monday to Friday, except public
// holidays and the days off the Government adds or moves each year, plus the Saturdays worked
// in exchange. Tết and the Hùng Kings' day follow the lunar calendar and the yearly schedule is
// announced by the Prime Minister, so the calendar is data (holidays.json), not a formula.
type Calendar struct {
	Source    Source    `json:"source"`
	FirstYear int       `json:"first_year"` // years the data covers
	LastYear  int       `json:"last_year"`
	Note      string    `json:"note,omitempty"`
	Holidays  []Holiday `json:"holidays"`  // weekdays off
	WorkDays  []Holiday `json:"work_days"` // weekend days worked in exchange for a day off

	off, work map[time.Time]string
}

// Holiday is one day of the calendar with its reason.
type Holiday struct {
	Date string `json:"date"` // ISO day
	Name string `json:"name"`
	// Kind is "legal" (a holiday of the Labour Code), "compensatory" (a holiday that fell on a
	// weekend, taken on the next working day) or "announced" (moved or added by the yearly
	// schedule).
	Kind string `json:"kind"`
}

//go:embed holidays.json
var holidaysJSON []byte

var defaultCalendar = sync.OnceValues(func() (*Calendar, error) { return ParseCalendar(holidaysJSON) })

// DefaultCalendar returns the calendar shipped with the program (2024–2030). It is shared and
// must not be modified; ParseCalendar builds one from an administrator's data. Should the embedded
// file fail to load (the tests prevent it), it returns a calendar of weekends only.
func DefaultCalendar() *Calendar {
	c, err := defaultCalendar()
	if err != nil {
		return &Calendar{}
	}
	return c
}

// ParseCalendar reads a calendar from JSON in the layout of holidays.json and checks its dates.
func ParseCalendar(data []byte) (*Calendar, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Calendar
	if err := dec.Decode(&c); err != nil {
		return nil, canbo.Errork(canbo.EINVALID, "err.rules.calendar.invalid", err)
	}
	c.off = map[time.Time]string{}
	c.work = map[time.Time]string{}
	for _, list := range []struct {
		days []Holiday
		into map[time.Time]string
	}{{c.Holidays, c.off}, {c.WorkDays, c.work}} {
		for _, h := range list.days {
			t, err := vn.ParseDay(h.Date)
			if err != nil || t.IsZero() {
				return nil, canbo.Errork(canbo.EINVALID, "err.rules.calendar.day_invalid", h.Date, h.Name)
			}
			list.into[t] = h.Name
		}
	}
	for t := range c.off {
		if _, ok := c.work[t]; ok {
			return nil, canbo.Errork(canbo.EINVALID, "err.rules.calendar.day_off_and_workday", vn.FormatDay(t))
		}
	}
	return &c, nil
}

// Covers reports whether the calendar has data for the year of t. Outside it, working days are
// counted with weekends only, and a result should say so.
func (c *Calendar) Covers(t time.Time) bool {
	return c != nil && t.Year() >= c.FirstYear && t.Year() <= c.LastYear && c.FirstYear > 0
}

// IsWorkingDay reports whether t's calendar day is a working day. A nil Calendar knows weekends
// only.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	t = day(t)
	if c != nil {
		if _, ok := c.work[t]; ok {
			return true
		}
		if _, ok := c.off[t]; ok {
			return false
		}
	}
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

// Reason returns why t is a day off or a worked weekend day, or "" for an ordinary day.
func (c *Calendar) Reason(t time.Time) string {
	if c == nil {
		return ""
	}
	t = day(t)
	if r, ok := c.off[t]; ok {
		return r
	}
	return c.work[t]
}

// maxWorkingDays bounds the counts of WorkingDaysBefore and AddWorkingDays (about a century), so
// that a mistyped parameter cannot keep a server busy.
const maxWorkingDays = 100 * 366

// WorkingDaysBefore returns the day D such that the half-open range [D, end) holds exactly n
// working days and D is itself a working day: the latest day that is still "n working days
// before end". n ≤ 0 returns end's day; n above a century of days returns the zero time.
func (c *Calendar) WorkingDaysBefore(end time.Time, n int) time.Time {
	if n > maxWorkingDays {
		return time.Time{}
	}
	t := day(end)
	for n > 0 {
		t = t.AddDate(0, 0, -1)
		if c.IsWorkingDay(t) {
			n--
		}
	}
	return t
}

// WorkingDaysBetween counts the working days in [from, to) (at most a century of days is looked
// at).
func (c *Calendar) WorkingDaysBetween(from, to time.Time) int {
	n := 0
	for t, i := day(from), 0; t.Before(day(to)) && i < maxWorkingDays; t, i = t.AddDate(0, 0, 1), i+1 {
		if c.IsWorkingDay(t) {
			n++
		}
	}
	return n
}

// AddWorkingDays returns the day n working days after t (the n-th working day after it), as
// rules phrased "within 7 working days of receiving" need. n ≤ 0 returns t's day; n above a
// century of days returns the zero time.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	if n > maxWorkingDays {
		return time.Time{}
	}
	t = day(t)
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if c.IsWorkingDay(t) {
			n--
		}
	}
	return t
}

// String summarises the calendar for logs.
func (c *Calendar) String() string {
	if c == nil {
		return "lịch chỉ có ngày nghỉ hằng tuần"
	}
	return fmt.Sprintf("lịch ngày nghỉ %d–%d (%d ngày nghỉ, %d ngày làm bù)", c.FirstYear, c.LastYear, len(c.off), len(c.work))
}
