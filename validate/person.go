package validate

import (
	"slices"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// Person normalizes p in place and checks every field, naming the first bad one; now bounds
// the birth date. Warnings (identity number inconsistent with birth year or sex) are set, never
// refused.
func Person(p *canbo.Person, now time.Time) error {
	var err error
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"family_name", &p.FamilyName, 50}, {"middle_name", &p.MiddleName, 80}, {"given_name", &p.GivenName, 50},
		{"other_names", &p.OtherNames, 200}, {"birth_place", &p.BirthPlace, 300}, {"home_town", &p.HomeTown, 300},
		{"residence", &p.Residence, 300}, {"phone", &p.Phone, 30}, {"staff_code", &p.StaffCode, 30},
		{"ethnicity", &p.Ethnicity, 50}, {"religion", &p.Religion, 50}, {"health", &p.Health, 300},
		{"education.general", &p.Education.General, 20}, {"education.professional", &p.Education.Professional, 100},
		{"education.field", &p.Education.Field, 200}, {"education.political_theory", &p.Education.PoliticalTheory, 50},
		{"education.state_management", &p.Education.StateManagement, 50}, {"education.languages", &p.Education.Languages, 200},
		{"education.it", &p.Education.IT, 100}} {
		if *f.v, err = Text(f.name, *f.v, f.max); err != nil {
			return err
		}
	}
	normalizeCodes(p)
	if err := Form2C(&p.Form2C); err != nil {
		return err
	}
	switch {
	case p.FamilyName == "":
		return canbo.Invalid("family_name", "err.validate.person.family_name")
	case p.GivenName == "":
		return canbo.Invalid("given_name", "err.validate.person.given_name")
	case p.Sex != canbo.Male && p.Sex != canbo.Female:
		return canbo.Invalid("sex", "err.validate.person.sex")
	}
	if p.StaffType == "" {
		p.StaffType = canbo.StaffNone
	}
	if !slices.Contains(canbo.StaffTypes, p.StaffType) {
		return canbo.Invalid("staff_type", "err.validate.person.staff_type", p.StaffType)
	}
	p.FullName = vn.FullName(p.FamilyName, p.MiddleName, p.GivenName)
	birth, err := vn.ParseDateField("birth_date", p.BirthDate)
	if err != nil {
		return err
	}
	if !birth.IsZero() && birth.First().After(now) {
		return canbo.Invalid("birth_date", "err.validate.person.birth_date", birth.VN())
	}
	p.BirthDate = birth.String()
	p.Warnings = nil
	if p.IdentityNumber = strings.TrimSpace(p.IdentityNumber); p.IdentityNumber != "" {
		if err := vn.CheckIdentity(p.IdentityNumber); err != nil {
			return canbo.OnField("identity_number", err)
		}
		p.Warnings = vn.IdentityWarnings(p.IdentityNumber, birth.Year, p.Sex)
	}
	return nil
}

// Post checks a post's dates and title (cleaning the title in place) and returns its validity
// range; an open end is canbo.Forever.
func Post(p *canbo.Post) (from, to time.Time, err error) {
	if from, err = Day("post.from", p.From); err != nil {
		return
	}
	if from.IsZero() {
		return from, to, canbo.Invalid("post.from", "err.validate.person.post_from")
	}
	if to, err = Day("post.to", p.To); err != nil {
		return
	}
	if to.IsZero() {
		to = canbo.Forever
	} else if !from.Before(to) {
		return from, to, canbo.Invalid("post.to", "err.validate.person.post_to", vn.FormatDay(to), vn.FormatDay(from))
	}
	if p.Title, err = Text("post.title", p.Title, 200); err != nil {
		return
	}
	if p.Title == "" {
		return from, to, canbo.Invalid("post.title", "err.validate.person.post_title")
	}
	return from, to, nil
}
