package validate

import (
	"slices"
	"time"

	"canbo"
)

// QuotaStaffType refuses a staff type no quota can be set for.
func QuotaStaffType(field string, s canbo.StaffType) error {
	if !slices.Contains(canbo.QuotaStaffTypes, s) {
		return canbo.Invalid(field, "err.validate.staffing.staff_type", string(s))
	}
	return nil
}

// StaffingDocument normalizes the document that sets a quota, a position or a target. The
// number is required: a quota without its decision is not a quota.
func StaffingDocument(field string, d *canbo.StaffingDocument, required bool) error {
	var err error
	if d.Number, err = Text(field+".number", d.Number, 100); err != nil {
		return err
	}
	if required && d.Number == "" {
		return canbo.Invalid(field+".number", "err.validate.staffing.document")
	}
	if d.Issuer, err = Text(field+".issuer", d.Issuer, 300); err != nil {
		return err
	}
	t, err := Day(field+".date", d.Date)
	if err != nil {
		return err
	}
	d.Date = ""
	if !t.IsZero() {
		d.Date = t.Format(time.DateOnly)
	}
	return nil
}

// Quota checks a quota and returns the day it takes effect.
func Quota(q *canbo.Quota) (time.Time, error) {
	if err := QuotaStaffType("staff_type", q.StaffType); err != nil {
		return time.Time{}, err
	}
	if q.Count < 0 {
		return time.Time{}, canbo.Invalid("count", "err.validate.staffing.count", q.Count)
	}
	from, err := RequiredDay("from", "word.staffing_from", q.From)
	if err != nil {
		return from, err
	}
	q.From = from.Format(time.DateOnly)
	return from, StaffingDocument("document", &q.Document, true)
}

// Position checks a job position and returns its period (to is canbo.Forever when open).
func Position(p *canbo.Position) (from, to time.Time, err error) {
	if p.Name, err = Text("name", p.Name, 300); err != nil {
		return
	}
	if p.Name == "" {
		return from, to, canbo.Invalid("name", "err.validate.staffing.position_name")
	}
	if !slices.Contains(canbo.PositionCategories, p.Category) {
		return from, to, canbo.Invalid("category", "err.validate.staffing.category", string(p.Category))
	}
	if err = QuotaStaffType("staff_type", p.StaffType); err != nil {
		return
	}
	if p.Headcount < 0 {
		return from, to, canbo.Invalid("headcount", "err.validate.staffing.headcount", p.Headcount)
	}
	if p.Grade, err = Text("grade", p.Grade, 50); err != nil {
		return
	}
	if p.Description, err = Text("description", p.Description, 4000); err != nil {
		return
	}
	if p.Competency, err = Text("competency", p.Competency, 4000); err != nil {
		return
	}
	if from, err = RequiredDay("from", "word.staffing_from", p.From); err != nil {
		return
	}
	if to, err = Day("to", p.To); err != nil {
		return
	}
	if to.IsZero() {
		to = canbo.Forever
		p.To = ""
	} else if !from.Before(to) {
		return from, to, canbo.Invalid("to", "err.validate.person.post_to", to.Format("02/01/2006"), from.Format("02/01/2006"))
	} else {
		p.To = to.Format(time.DateOnly)
	}
	p.From = from.Format(time.DateOnly)
	return from, to, StaffingDocument("document", &p.Document, false)
}

// StaffingTarget checks a streamlining target and returns its base day.
func StaffingTarget(t *canbo.StaffingTarget) (time.Time, error) {
	if t.StaffType != "" {
		if err := QuotaStaffType("staff_type", t.StaffType); err != nil {
			return time.Time{}, err
		}
	}
	if !(t.Percent > 0 && t.Percent <= 100) {
		return time.Time{}, canbo.Invalid("percent", "err.validate.staffing.percent")
	}
	base, err := RequiredDay("base_date", "word.staffing_base", t.BaseDate)
	if err != nil {
		return base, err
	}
	due, err := RequiredDay("due", "word.staffing_due", t.Due)
	if err != nil {
		return base, err
	}
	if !base.Before(due) {
		return base, canbo.Invalid("due", "err.validate.person.post_to", due.Format("02/01/2006"), base.Format("02/01/2006"))
	}
	t.BaseDate, t.Due = base.Format(time.DateOnly), due.Format(time.DateOnly)
	return base, StaffingDocument("document", &t.Document, false)
}
