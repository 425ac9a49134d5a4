package validate

import (
	"canbo"
	"canbo/locale"
	"canbo/vn"
)

// Form2C cleans the Mẫu 2C fields and checks their lengths and dates (partial dates
// allowed, as the form is often filled from memory), naming the first bad field.
func Form2C(f *canbo.Form2C) error {
	var err error
	for _, t := range []struct {
		name string
		v    *string
		max  int
	}{{"form_2c.recruiting_agency", &f.RecruitingAgency, 300}, {"form_2c.occupation_before", &f.OccupationBefore, 200},
		{"form_2c.permanent_residence", &f.PermanentResidence, 300}, {"form_2c.allowances", &f.Allowances, 200},
		{"form_2c.mass_org", &f.MassOrg, 200}, {"form_2c.military_rank", &f.MilitaryRank, 100}, {"form_2c.titles", &f.Titles, 300},
		{"form_2c.strengths", &f.Strengths, 500}, {"form_2c.agency_assessment", &f.AgencyAssessment, 2000},
		{"form_2c.social_insurance", &f.SocialInsurance, 20}, {"form_2c.blood_type", &f.BloodType, 10},
		{"form_2c.political_history", &f.PoliticalHistory, 2000}, {"form_2c.policy_family", &f.PolicyFamily, 300},
		{"form_2c.spouse_family", &f.SpouseFamily, 2000}} {
		if *t.v, err = Text(t.name, *t.v, t.max); err != nil {
			return err
		}
	}
	for _, t := range []struct {
		name string
		v    *string
	}{{"form_2c.recruited_on", &f.RecruitedOn}, {"form_2c.youth_union_on", &f.YouthUnionOn}, {"form_2c.mass_org_on", &f.MassOrgOn},
		{"form_2c.enlisted_on", &f.EnlistedOn}, {"form_2c.discharged_on", &f.DischargedOn}} {
		d, err := vn.ParseDateField(t.name, *t.v)
		if err != nil {
			return err
		}
		*t.v = d.String()
	}
	for _, t := range []struct {
		name, label string
		v           *string
		max         int
	}{{"form_2c.height", "f2c.height", &f.Height, 250}, {"form_2c.weight", "f2c.weight", &f.Weight, 300}} {
		if *t.v, err = Text(t.name, *t.v, 5); err != nil {
			return err
		}
		if *t.v == "" {
			continue
		}
		n := 0
		for _, r := range *t.v {
			if r < '0' || r > '9' {
				return canbo.Invalid(t.name, "err.validate.form2c.whole_number", locale.Word(t.label))
			}
			n = n*10 + int(r-'0')
		}
		if n <= 0 || n > t.max {
			return canbo.Invalid(t.name, "err.validate.form2c.implausible", locale.Word(t.label), *t.v)
		}
	}
	if f.SocialInsurance != "" {
		for _, r := range f.SocialInsurance {
			if r < '0' || r > '9' {
				return canbo.Invalid("form_2c.social_insurance", "err.validate.form2c.insurance_digits")
			}
		}
		if len(f.SocialInsurance) != 10 {
			return canbo.Invalid("form_2c.social_insurance", "err.validate.form2c.insurance_length")
		}
	}
	return nil
}
