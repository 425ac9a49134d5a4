package web

import (
	"net/http"

	"canbo"
)

// form2CField is one of the Mẫu 2C fields kept in canbo.Form2C: its key (the JSON name, and
// "form_2c.KEY" as form field and error field), the grant that guards it (empty: none), whether
// it is a (possibly partial) date, a long text, and where it lives.
type form2CField struct {
	Key, Grant string
	Date, Long bool
	at         func(*canbo.Form2C) *string
}

// form2CFields are the fields in the order of the printed form.
var form2CFields = []form2CField{
	{Key: "recruited_on", Date: true, at: func(f *canbo.Form2C) *string { return &f.RecruitedOn }},
	{Key: "recruiting_agency", at: func(f *canbo.Form2C) *string { return &f.RecruitingAgency }},
	{Key: "occupation_before", at: func(f *canbo.Form2C) *string { return &f.OccupationBefore }},
	{Key: "permanent_residence", at: func(f *canbo.Form2C) *string { return &f.PermanentResidence }},
	{Key: "allowances", at: func(f *canbo.Form2C) *string { return &f.Allowances }},
	{Key: "youth_union_on", Date: true, at: func(f *canbo.Form2C) *string { return &f.YouthUnionOn }},
	{Key: "mass_org", at: func(f *canbo.Form2C) *string { return &f.MassOrg }},
	{Key: "mass_org_on", Date: true, at: func(f *canbo.Form2C) *string { return &f.MassOrgOn }},
	{Key: "enlisted_on", Date: true, at: func(f *canbo.Form2C) *string { return &f.EnlistedOn }},
	{Key: "discharged_on", Date: true, at: func(f *canbo.Form2C) *string { return &f.DischargedOn }},
	{Key: "military_rank", at: func(f *canbo.Form2C) *string { return &f.MilitaryRank }},
	{Key: "titles", at: func(f *canbo.Form2C) *string { return &f.Titles }},
	{Key: "strengths", at: func(f *canbo.Form2C) *string { return &f.Strengths }},
	{Key: "social_insurance", Grant: canbo.GrantIdentity, at: func(f *canbo.Form2C) *string { return &f.SocialInsurance }},
	{Key: "height", Grant: canbo.GrantHealth, at: func(f *canbo.Form2C) *string { return &f.Height }},
	{Key: "weight", Grant: canbo.GrantHealth, at: func(f *canbo.Form2C) *string { return &f.Weight }},
	{Key: "blood_type", Grant: canbo.GrantHealth, at: func(f *canbo.Form2C) *string { return &f.BloodType }},
	{Key: "policy_family", Grant: canbo.GrantBackground, at: func(f *canbo.Form2C) *string { return &f.PolicyFamily }},
	{Key: "political_history", Grant: canbo.GrantBackground, Long: true, at: func(f *canbo.Form2C) *string { return &f.PoliticalHistory }},
	{Key: "spouse_family", Grant: canbo.GrantFamily, Long: true, at: func(f *canbo.Form2C) *string { return &f.SpouseFamily }},
	{Key: "agency_assessment", Long: true, at: func(f *canbo.Form2C) *string { return &f.AgencyAssessment }},
}

// form2CRow is a field as a page shows it: form name, message key of its label, the value
// (dates the Vietnamese way), and whether it is a long text.
type form2CRow struct {
	Name, Label, Value string
	Long               bool
}

// form2CRows lays out the fields u may see, with their values in f.
func form2CRows(f canbo.Form2C, u *canbo.User) []form2CRow {
	var rows []form2CRow
	for _, fd := range form2CFields {
		if fd.Grant != "" && !u.Can(fd.Grant) {
			continue
		}
		v := *fd.at(&f)
		if fd.Date {
			v = vnDate(v)
		}
		rows = append(rows, form2CRow{Name: "form_2c." + fd.Key, Label: "f2c." + fd.Key, Value: v, Long: fd.Long})
	}
	return rows
}

// readForm2C reads the fields from the profile form; the store validates them and keeps the
// sensitive ones the caller was not shown.
func readForm2C(r *http.Request) canbo.Form2C {
	var f canbo.Form2C
	for _, fd := range form2CFields {
		*fd.at(&f) = r.PostFormValue("form_2c." + fd.Key)
	}
	return f
}
