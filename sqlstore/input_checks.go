package sqlstore

import (
	"slices"
	"sort"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// Input checks that refuse, with a message naming the field, what used to be stored as given
// (issue 11): detail keys no form has, dates no record can have. (Text that is not UTF-8,
// reorders itself or stacks marks is refused by validate.Text.) Kept apart from the
// field-by-field validation so that they apply to every date the same way.

// checkDetailKeys refuses a detail key the entry's kind does not have (canbo.EntrySpecs):
// arbitrary keys would be stored and exported, and shown by no form.
func checkDetailKeys(e *canbo.Entry) error {
	spec, ok := canbo.EntrySpecOf(e.Kind)
	if !ok {
		return nil // validate.Entry names the bad kind
	}
	var allowed []string
	for _, f := range spec.Fields {
		if f.Detail {
			allowed = append(allowed, f.Key)
		}
	}
	keys := make([]string, 0, len(e.Details))
	for k := range e.Details {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			if len(allowed) == 0 {
				return canbo.Invalid("details."+k, "err.sqlstore.input_checks.details_k", e.Kind, k)
			}
			return canbo.Invalid("details."+k, "err.sqlstore.input_checks.detail_unknown", e.Kind, k, strings.Join(allowed, ", "))
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
		return canbo.Invalid(field, "err.sqlstore.input_checks.date_implausible", d.VN(), recordsFrom, now.Year()+recordsAhead)
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
		return canbo.Invalid(field, "err.sqlstore.input_checks.date_before_birth", d.VN(), b.VN())
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

// checkBirthBounds applies checkDateBounds to a validated person's birth date.
func checkBirthBounds(p *canbo.Person, now time.Time) error {
	b, err := vn.ParseDate(p.BirthDate)
	if err != nil {
		return nil // validate.Person reported it
	}
	return checkDateBounds("birth_date", b, now)
}

// checkEntryDates bounds a validated entry's dates and, except for family entries (about
// relatives), refuses one before the person's birth.
func checkEntryDates(e *canbo.Entry, birth string, now time.Time) error {
	for _, c := range []struct{ field, value string }{{"from", e.From}, {"to", e.To}} {
		d, err := vn.ParseDate(c.value)
		if err != nil {
			continue // validate.Entry reported it
		}
		if err := checkDateBounds(c.field, d, now); err != nil {
			return err
		}
		if e.Kind != canbo.EntryFamily {
			if err := checkAfterBirth(c.field, d, birth); err != nil {
				return err
			}
		}
	}
	return nil
}
