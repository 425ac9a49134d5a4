package sqlstore_test

import (
	"context"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestForm2C: the Mẫu 2C fields are stored and read back; the sensitive ones are redacted for a
// caller without their grant, kept when such a caller saves the record, and bad values are
// refused with the field named and nothing written.
func TestForm2C(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.ids["Trần Thị Ánh"]
		officer := func(grants ...string) context.Context {
			return canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 7, Username: "cb", Role: canbo.RoleOfficer, Scope: []int64{f.w1}, Grants: grants})
		}
		all := officer(canbo.GrantIdentity, canbo.GrantHealth, canbo.GrantBackground, canbo.GrantFamily)
		p, err := db.FindPerson(all, id)
		if err != nil {
			t.Fatal(err)
		}
		want := canbo.Form2C{RecruitedOn: "2003-08-15", RecruitingAgency: "Ủy ban nhân dân Quận 1", OccupationBefore: "Giáo viên",
			PermanentResidence: "12 Lê Lợi, Phường Sài Gòn", Allowances: "Phụ cấp chức vụ 0,2", YouthUnionOn: "1996-03-26",
			MassOrg: "Công đoàn Việt Nam", MassOrgOn: "2003-09", EnlistedOn: "1998-02", DischargedOn: "2000-02", MilitaryRank: "Thượng sĩ",
			Titles: "Chiến sĩ thi đua cơ sở", Strengths: "Tổng hợp, văn bản", AgencyAssessment: "Hoàn thành tốt nhiệm vụ",
			SocialInsurance: "7912345678", Height: "158", Weight: "52", BloodType: "O", PoliticalHistory: "Không",
			PolicyFamily: "Con liệt sĩ", SpouseFamily: "Bố vợ: nông dân"}
		p.Form2C = want
		if err := db.UpdatePerson(all, p); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindPerson(all, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Form2C != want {
			t.Fatalf("stored Mẫu 2C fields:\n got %+v\nwant %+v", got.Form2C, want)
		}

		// Without grants: the sensitive groups are empty, the others shown.
		plain := officer()
		seen, err := db.FindPerson(plain, id)
		if err != nil {
			t.Fatal(err)
		}
		hidden := want
		hidden.SocialInsurance, hidden.Height, hidden.Weight, hidden.BloodType = "", "", "", ""
		hidden.PoliticalHistory, hidden.PolicyFamily, hidden.SpouseFamily = "", "", ""
		if seen.Form2C != hidden {
			t.Errorf("seen without grants:\n got %+v\nwant %+v", seen.Form2C, hidden)
		}
		// Saved by that caller, with another strength: the hidden fields stay as stored.
		seen.Form2C.Strengths = "Tổ chức cán bộ"
		if err := db.UpdatePerson(plain, seen); err != nil {
			t.Fatal(err)
		}
		after, err := db.FindPerson(all, id)
		if err != nil {
			t.Fatal(err)
		}
		want.Strengths = "Tổ chức cán bộ"
		if after.Form2C != want {
			t.Errorf("after a save without grants:\n got %+v\nwant %+v", after.Form2C, want)
		}

		for _, c := range []struct {
			field string
			set   func(*canbo.Form2C)
		}{
			{"form_2c.height", func(x *canbo.Form2C) { x.Height = "1m58" }},
			{"form_2c.weight", func(x *canbo.Form2C) { x.Weight = "0" }},
			{"form_2c.social_insurance", func(x *canbo.Form2C) { x.SocialInsurance = "79123" }},
			{"form_2c.recruited_on", func(x *canbo.Form2C) { x.RecruitedOn = "31/02/2003" }},
		} {
			bad := *after
			c.set(&bad.Form2C)
			err := db.UpdatePerson(all, &bad)
			if canbo.ErrorField(err) != c.field {
				t.Errorf("%s: got %v (field %q), want a refusal naming %s", c.field, err, canbo.ErrorField(err), c.field)
			}
		}
		unchanged, err := db.FindPerson(all, id)
		if err != nil {
			t.Fatal(err)
		}
		if unchanged.Form2C != want || unchanged.Version != after.Version {
			t.Errorf("refused saves changed the record: %+v (version %d, was %d)", unchanged.Form2C, unchanged.Version, after.Version)
		}
	})
}
