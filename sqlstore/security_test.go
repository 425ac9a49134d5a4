package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// officerIn is a user context of an officer scoped to units with the given grants.
func officerIn(grants []string, units ...int64) context.Context {
	return canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Username: "canbo9", Role: canbo.RoleOfficer,
		Scope: units, Grants: grants})
}

var allGrants = []string{canbo.GrantIdentity, canbo.GrantBackground, canbo.GrantHealth}

// TestCreateIdentityNoOracle: creating a person in a unit outside the caller's scope answers the
// same whether the identity number is used (in or out of scope) or free, so the create route
// cannot test numbers; and a clash the caller is allowed to hit is audited.
func TestCreateIdentityNoOracle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		officer := officerIn(allGrants, f.w3) // Lộc (079065000123) is in w1: out of scope
		try := func(number string, unit int64) error {
			p := &canbo.Person{FamilyName: "Thử", GivenName: "Dò", Sex: canbo.Male, BirthDate: "1965-01-01", IdentityNumber: number}
			return db.CreatePerson(officer, p, &canbo.Post{UnitID: unit, Title: "Chuyên viên", From: "2024-01-01"}, nil)
		}
		free := try("079065999999", f.w1)
		if free == nil {
			t.Fatal("created a person in a unit outside the scope")
		}
		for _, number := range []string{"079065000123", "079070000555"} {
			err := try(number, f.w1)
			if canbo.ErrorCode(err) != canbo.ErrorCode(free) || canbo.ErrorMessage(err) != canbo.ErrorMessage(free) ||
				canbo.ErrorField(err) != canbo.ErrorField(free) {
				t.Errorf("used number %q out of scope: %v; a free number answers %v", number, err, free)
			}
		}
		// In scope, the clash is refused and the refusal audited.
		err := try("079065000123", f.w3)
		if canbo.ErrorCode(err) != canbo.ECONFLICT || canbo.ErrorField(err) != "identity_number" {
			t.Fatalf("clash in scope: %v", err)
		}
		evs, _, err := db.AuditEvents(sys, audit.Filter{Action: "person.create.refused"})
		if err != nil || len(evs) != 1 || evs[0].Username != "canbo9" {
			t.Fatalf("refusal audit: %v %+v", err, evs)
		}
	})
}

// TestCreateNeedsGrants: a create carrying a sensitive field needs the grant PATCH needs, and
// writes nothing when refused.
func TestCreateNeedsGrants(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		for _, tc := range []struct {
			field string
			set   func(*canbo.Person)
		}{
			{"identity_number", func(p *canbo.Person) { p.IdentityNumber = "079065000123" }}, // also: no squatting
			{"identity_number", func(p *canbo.Person) { p.IdentityNumber = "079070000555" }},
			{"ethnicity", func(p *canbo.Person) { p.Ethnicity = "Kinh" }},
			{"religion", func(p *canbo.Person) { p.Religion = "Phật giáo" }},
			{"health", func(p *canbo.Person) { p.Health = "Tốt" }},
		} {
			before, _, _, _ := db.FindPeople(sys, canbo.PersonFilter{Under: f.province, AsOf: date("2025-01-01")})
			p := &canbo.Person{FamilyName: "Thử", GivenName: "Quyền", Sex: canbo.Male, BirthDate: "1970-01-01"}
			tc.set(p)
			err := db.CreatePerson(officerIn(nil, f.w1), p, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", From: "2024-01-01"}, nil)
			if canbo.ErrorCode(err) != canbo.EFORBIDDEN || canbo.ErrorField(err) != tc.field {
				t.Errorf("%s without grant: %v", tc.field, err)
			}
			after, _, _, _ := db.FindPeople(sys, canbo.PersonFilter{Under: f.province, AsOf: date("2025-01-01")})
			if len(after) != len(before) {
				t.Errorf("%s: a refused create wrote a person", tc.field)
			}
		}
		// With the grants, the same create works.
		p := &canbo.Person{FamilyName: "Thử", GivenName: "Quyền", Sex: canbo.Male, BirthDate: "1970-01-01", IdentityNumber: "079070000555",
			Ethnicity: "Kinh", Religion: "Không", Health: "Tốt"}
		if err := db.CreatePerson(officerIn(allGrants, f.w1), p, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", From: "2024-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
	})
}

// TestWarningsRedacted: consistency warnings quote digits of the identity number; a caller
// without the identity grant never gets them, on update or create.
func TestWarningsRedacted(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		for _, grants := range [][]string{nil, {canbo.GrantBackground, canbo.GrantHealth}} {
			ctx := officerIn(grants, f.w1)
			p, err := db.FindPerson(ctx, f.ids["Nguyễn Phước Lộc"])
			if err != nil {
				t.Fatal(err)
			}
			p.Sex, p.BirthDate = canbo.Female, "1971-02-03" // both disagree with 079065000123
			if err := db.UpdatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			if len(p.Warnings) != 0 || p.IdentityNumber != "" {
				t.Errorf("grants %v: warnings %q, identity %q", grants, p.Warnings, p.IdentityNumber)
			}
			p.Sex, p.BirthDate = canbo.Male, "1965-09-02"
			if err := db.UpdatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		// With the grant the warnings are there (the test can fail).
		ctx := officerIn(allGrants, f.w1)
		p, _ := db.FindPerson(ctx, f.ids["Nguyễn Phước Lộc"])
		p.Sex = canbo.Female
		if err := db.UpdatePerson(ctx, p); err != nil || len(p.Warnings) == 0 {
			t.Errorf("granted: %v, warnings %q", err, p.Warnings)
		}
	})
}

// TestNoCycleOnLaterDays: a move recorded late (back-dated) is refused when, together with a
// change already recorded for a later day, it would make two units each other's ancestors on
// some day; the same move after the later change ends is fine.
func TestNoCycleOnLaterDays(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMove, Date: date("2020-01-01"), UnitID: tr.d2, ParentID: tr.d1})
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMove, Date: date("2022-01-01"), UnitID: tr.d2, ParentID: tr.province})
		for _, tc := range []struct {
			name string
			in   canbo.EventInput
		}{
			{"back-dated move under a unit that later sits below it", canbo.EventInput{Kind: canbo.EventMove, Date: date("2010-01-01"), UnitID: tr.d1, ParentID: tr.d2}},
			{"back-dated move under its later grandchild", canbo.EventInput{Kind: canbo.EventMove, Date: date("2010-01-01"), UnitID: tr.d1, ParentID: tr.w3}},
			{"back-dated merge that hangs a child under its own descendant",
				canbo.EventInput{Kind: canbo.EventMerge, Date: date("2021-01-01"), Sources: []canbo.Source{{UnitID: tr.province}},
					Targets: []canbo.Target{{UnitID: tr.w3}}}},
		} {
			_, err := db.RecordEvent(sys, tc.in)
			if err == nil || !strings.Contains(canbo.ErrorMessage(err), "vòng lặp") {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		// Subtree queries still end, on every day.
		for _, on := range []string{"2010-06-01", "2020-06-01", "2023-06-01"} {
			if _, _, _, err := db.FindPeople(sys, canbo.PersonFilter{Under: tr.province, AsOf: date(on)}); err != nil {
				t.Fatal(err)
			}
		}
		// From 2023 on d2 no longer sits below d1: d1 may go under d2 then.
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMove, Date: date("2023-01-01"), UnitID: tr.d1, ParentID: tr.d2})
	})
}

// TestImplausibleInputRefused: each bad input is refused with a message naming the field, and
// nothing is written.
func TestImplausibleInputRefused(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		loc := f.ids["Nguyễn Phước Lộc"] // born 1965-09-02
		for _, tc := range []struct {
			name, field string
			entry       *canbo.Entry
			person      func(*canbo.Person)
			post        *canbo.Post
		}{
			{"training in 2100", "from", &canbo.Entry{Kind: canbo.EntryTraining, From: "2100-01-01", Title: "Học viện"}, nil, nil},
			{"training ending in 2100", "to", &canbo.Entry{Kind: canbo.EntryTraining, From: "2020-01-01", To: "2100-01", Title: "Học viện"}, nil, nil},
			{"training before birth", "from", &canbo.Entry{Kind: canbo.EntryTraining, From: "1960-09", To: "1964", Title: "Học viện"}, nil, nil},
			{"reward in the year before birth", "from", &canbo.Entry{Kind: canbo.EntryReward, From: "1964", Title: "Bằng khen"}, nil, nil},
			{"unknown detail key", "details.password", &canbo.Entry{Kind: canbo.EntryTraining, From: "2020", Title: "Học viện",
				Details: map[string]string{"password": "x"}}, nil, nil},
			{"detail key of another kind", "details.relation", &canbo.Entry{Kind: canbo.EntryReward, From: "2020", Title: "Bằng khen",
				Details: map[string]string{"relation": "Cha"}}, nil, nil},
			{"RTL override in an entry title", "title", &canbo.Entry{Kind: canbo.EntryReward, From: "2020", Title: "Bằng \u202ekhen"}, nil, nil},
			{"invalid UTF-8 in details", "authority", &canbo.Entry{Kind: canbo.EntryReward, From: "2020", Title: "Bằng khen",
				Details: map[string]string{"authority": "UBND \xff\xfe"}}, nil, nil},
			{"RTL override in a name", "given_name", nil, func(p *canbo.Person) { p.GivenName = "L\u202eộc" }, nil},
			{"isolate in a name", "family_name", nil, func(p *canbo.Person) { p.FamilyName = "\u2067Nguyễn" }, nil},
			{"40 stacked marks", "given_name", nil, func(p *canbo.Person) { p.GivenName = "L" + strings.Repeat("\u0301", 40) + "ộc" }, nil},
			{"invalid UTF-8 in a name", "middle_name", nil, func(p *canbo.Person) { p.MiddleName = "Ph\xc3\x28ước" }, nil},
			{"born in 1850", "birth_date", nil, func(p *canbo.Person) { p.BirthDate = "1850" }, nil},
			{"post ending in 2100", "post.to", nil, nil, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", From: "2024-01-01", To: "2100-01-01"}},
			{"post from 1800", "post.from", nil, nil, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", From: "1800-01-01"}},
		} {
			before := countPeople(t, db)
			var err error
			switch {
			case tc.entry != nil:
				tc.entry.PersonID = loc
				err = db.AddEntry(sys, tc.entry)
				if _, entries, _, _ := db.Timeline(sys, loc); len(entries) != 0 {
					t.Errorf("%s: an entry was written", tc.name)
				}
			case tc.person != nil:
				p := &canbo.Person{FamilyName: "Trần", GivenName: "Bình", Sex: canbo.Male, BirthDate: "1970"}
				tc.person(p)
				err = db.CreatePerson(sys, p, nil, nil)
			default:
				p := &canbo.Person{FamilyName: "Trần", GivenName: "Bình", Sex: canbo.Male, BirthDate: "1970"}
				err = db.CreatePerson(sys, p, tc.post, nil)
			}
			if canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != tc.field {
				t.Errorf("%s: %v, want a refusal of %s", tc.name, err, tc.field)
			}
			if countPeople(t, db) != before {
				t.Errorf("%s: a person was written", tc.name)
			}
		}
		// What is plausible still goes in: a partial date in the year of birth, two marks.
		ok := &canbo.Entry{PersonID: loc, Kind: canbo.EntryTraining, From: "1965", Title: "Nhà trẻ", Details: map[string]string{"degree": "—"}}
		if err := db.AddEntry(sys, ok); err != nil {
			t.Errorf("plausible entry: %v", err)
		}
		if _, _, _, err := db.FindPeople(sys, canbo.PersonFilter{Under: f.province, AsOf: date("2025-01-01"), Limit: sqlstore.MaxPeople + 1}); canbo.ErrorField(err) != "limit" {
			t.Errorf("limit %d: %v", sqlstore.MaxPeople+1, err)
		}
	})
}

// TestVisibilityPolicy: one rule for lists and profiles (docs/DESIGN.md, "What a scope
// shows"): a list dated D shows whom the scope sees on D, and the profile opened for D shows
// the same person; today's profile needs today's scope; no day widens a write.
func TestVisibilityPolicy(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		retiree := &canbo.Person{FamilyName: "Võ", GivenName: "Hưu", Sex: canbo.Male, BirthDate: "1960-01-01", Phone: "0909"}
		if err := db.CreatePerson(sys, retiree, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", From: "2010-01-01", To: "2023-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
		officer := officerIn(nil, f.w1)
		inList := func(on string) bool {
			people, _, _, err := db.FindPeople(officer, canbo.PersonFilter{Under: f.w1, AsOf: date(on), Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range people {
				if p.ID == retiree.ID {
					return true
				}
			}
			return false
		}
		for _, tc := range []struct {
			asOf        string // "" = today
			list, shown bool
		}{{"2022-06-01", true, true}, {"2024-06-01", false, false}, {"", false, false}} {
			ctx := officer
			if tc.asOf != "" {
				ctx = canbo.WithAsOf(officer, date(tc.asOf))
				if got := inList(tc.asOf); got != tc.list {
					t.Errorf("list on %s shows the retiree: %v", tc.asOf, got)
				}
			}
			p, err := db.FindPerson(ctx, retiree.ID)
			if (err == nil) != tc.shown {
				t.Errorf("profile as of %q: %v", tc.asOf, err)
			}
			if _, _, _, err := db.Timeline(ctx, retiree.ID); (err == nil) != tc.shown {
				t.Errorf("timeline as of %q: %v", tc.asOf, err)
			}
			if tc.shown && p.Phone != "0909" {
				t.Errorf("profile as of %q: phone %q", tc.asOf, p.Phone)
			}
		}
		// A day in the past never widens a write.
		past := canbo.WithAsOf(officer, date("2022-06-01"))
		err := db.AddEntry(past, &canbo.Entry{PersonID: retiree.ID, Kind: canbo.EntryReward, From: "2022-01-01", Title: "Giấy khen"})
		if canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("entry through a past day: %v", err)
		}
	})
}
