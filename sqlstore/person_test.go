package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// people builds a small territory with a party cell per ward and a few people.
type peopleFixture struct {
	tree
	cell1, cell3 int64
	ids          map[string]int64
}

func newPeople(t *testing.T, db *sqlstore.DB) *peopleFixture {
	f := &peopleFixture{tree: smallTree(t, db), ids: map[string]int64{}}
	party := create(t, db, "2000-01-01", "Đảng bộ Thành phố", "", "thanh_uy", 0)
	f.cell1 = create(t, db, "2000-01-01", "Chi bộ Khu phố 1", "", "chi_bo_truc_thuoc", party)
	f.cell3 = create(t, db, "2000-01-01", "Chi bộ Khu phố 3", "", "chi_bo_truc_thuoc", party)
	mustLink(t, db, f.cell1, f.w1)
	for _, p := range []struct {
		name, birth, id string
		sex             canbo.Sex
		unit            int64
		cell            int64
	}{
		{"Nguyễn Phước Lộc", "1965-09-02", "079065000123", canbo.Male, f.w1, f.cell1},
		{"Trần Thị Ánh", "1980", "", canbo.Female, f.w1, 0},
		{"Lê Văn An", "1975-03", "", canbo.Male, f.w2, 0},
		{"Đặng Thị Ân", "1990-01-01", "", canbo.Female, f.w1, 0},
		{"Phạm Ngọc Ư", "1970-05-05", "", canbo.Male, f.w3, f.cell3},
		{"Nguyễn Văn An", "1960", "", canbo.Male, f.w1, 0},
	} {
		fam, mid, giv := split(p.name)
		person := &canbo.Person{FamilyName: fam, MiddleName: mid, GivenName: giv, Sex: p.sex, BirthDate: p.birth, IdentityNumber: p.id,
			StaffType: canbo.StaffCivilServant, Ethnicity: "Kinh", Health: "Tốt"} // Kinh is stored as its code, 01
		post := &canbo.Post{UnitID: p.unit, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}
		var party *canbo.Membership
		if p.cell != 0 {
			party = &canbo.Membership{AdmittedOn: "1995-05-19", FullOn: "1996-05-19", Cells: []canbo.CellPeriod{{CellID: p.cell}}}
		}
		if err := db.CreatePerson(sys, person, post, party); err != nil {
			t.Fatalf("create %s: %v", p.name, err)
		}
		f.ids[p.name] = person.ID
	}
	return f
}

func mustLink(t *testing.T, db *sqlstore.DB, from, to int64) {
	t.Helper()
	if err := db.LinkUnits(sys, &canbo.UnitLink{From: from, To: to, Relation: canbo.RelationBelongsTo, Start: date("2000-01-01")}); err != nil {
		t.Fatal(err)
	}
}

func split(full string) (string, string, string) {
	w := strings.Fields(full)
	return w[0], strings.Join(w[1:len(w)-1], " "), w[len(w)-1]
}

func fullNames(people []*canbo.Person) string {
	var s []string
	for _, p := range people {
		s = append(s, p.FullName)
	}
	return strings.Join(s, ", ")
}

func TestPeopleOrderAndSearch(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		people, total, _, err := db.FindPeople(sys, canbo.PersonFilter{Under: f.province, AsOf: date("2025-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		// By given name (An, An, Ánh, Ân, Lộc, Ư), then family name, middle name, birth date.
		want := "Lê Văn An, Nguyễn Văn An, Trần Thị Ánh, Đặng Thị Ân, Nguyễn Phước Lộc, Phạm Ngọc Ư"
		if got := fullNames(people); got != want || total != 6 {
			t.Errorf("order = %q (%d), want %q", got, total, want)
		}
		for _, c := range []struct{ q, want string }{
			{"nguyen phuoc loc", "Nguyễn Phước Lộc"},
			{"Lộc", "Nguyễn Phước Lộc"},
			{"ng p l", "Nguyễn Phước Lộc"},
			{"NGUYỄN", "Nguyễn Văn An, Nguyễn Phước Lộc"},
			{"dang thi", "Đặng Thị Ân"},
			{"u", "Phạm Ngọc Ư"},
			{"Nguye\u0302\u0303n Phu\u031bo\u031bc", "Nguyễn Phước Lộc"}, // decomposed input
			{"079065", "Nguyễn Phước Lộc"},
			{"xyz", ""},
		} {
			people, _, _, err := db.FindPeople(sys, canbo.PersonFilter{Q: c.q, AsOf: date("2025-01-01")})
			if err != nil {
				t.Fatal(err)
			}
			if got := fullNames(people); got != c.want {
				t.Errorf("search %q = %q, want %q", c.q, got, c.want)
			}
		}
		// Pages follow each other without overlap.
		var seen []string
		cursor := ""
		for range 4 {
			page, _, next, err := db.FindPeople(sys, canbo.PersonFilter{Under: f.province, AsOf: date("2025-01-01"), Limit: 4, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			seen = append(seen, fullNames(page))
			if cursor = next; cursor == "" {
				break
			}
		}
		if got := strings.Join(seen, ", "); got != want {
			t.Errorf("paged = %q", got)
		}
		party := true
		people, _, _, _ = db.FindPeople(sys, canbo.PersonFilter{Party: &party, AsOf: date("2025-01-01")})
		if fullNames(people) != "Nguyễn Phước Lộc, Phạm Ngọc Ư" {
			t.Errorf("party members = %q", fullNames(people))
		}
	})
}

func TestPeopleScopeAndGrants(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		ward := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Role: canbo.RoleOfficer, Scope: []int64{f.w1}})
		people, total, _, err := db.FindPeople(ward, canbo.PersonFilter{AsOf: date("2025-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		if total != 4 || strings.Contains(fullNames(people), "Lê Văn An") || strings.Contains(fullNames(people), "Phạm") {
			t.Errorf("ward officer sees %q", fullNames(people))
		}
		for _, p := range people {
			if p.IdentityNumber != "" || p.Ethnicity != "" || p.Health != "" {
				t.Errorf("sensitive fields without grant: %+v", p)
			}
		}
		for _, name := range []string{"Lê Văn An", "Phạm Ngọc Ư"} {
			if _, err := db.FindPerson(ward, f.ids[name]); canbo.ErrorCode(err) != canbo.ENOTFOUND {
				t.Errorf("%s outside the ward: %v", name, err)
			}
			if _, err := db.Posts(ward, f.ids[name]); canbo.ErrorCode(err) != canbo.ENOTFOUND {
				t.Errorf("posts of %s: %v", name, err)
			}
		}
		// No search by identity number without the grant.
		people, _, _, _ = db.FindPeople(ward, canbo.PersonFilter{Q: "079065000123"})
		if len(people) != 0 {
			t.Errorf("identity search without grant found %q", fullNames(people))
		}
		granted := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Role: canbo.RoleOfficer, Scope: []int64{f.w1},
			Grants: []string{canbo.GrantIdentity}})
		p, err := db.FindPerson(granted, f.ids["Nguyễn Phước Lộc"])
		if err != nil || p.IdentityNumber != "079065000123" || p.Ethnicity != "" {
			t.Errorf("identity grant: %+v %v", p, err)
		}
		// Saving without the grant keeps what the form never showed.
		p, _ = db.FindPerson(ward, f.ids["Nguyễn Phước Lộc"])
		p.Phone = "0909000000"
		if err := db.UpdatePerson(ward, p); err != nil {
			t.Fatal(err)
		}
		full, _ := db.FindPerson(sys, p.ID)
		if full.IdentityNumber != "079065000123" || full.Ethnicity != "01" || full.Phone != "0909000000" {
			t.Errorf("update lost sensitive fields: %+v", full)
		}
		// A stale version is refused.
		p.Version--
		if err := db.UpdatePerson(ward, p); canbo.ErrorCode(err) != canbo.ECONFLICT {
			t.Errorf("stale save: %v", err)
		}
		// Creating someone in a unit outside the scope is refused like a missing unit.
		err = db.CreatePerson(ward, &canbo.Person{FamilyName: "Võ", GivenName: "Hà", Sex: canbo.Female},
			&canbo.Post{UnitID: f.w3, Title: "Chuyên viên", From: "2025-01-01"}, nil)
		if canbo.ErrorCode(err) != canbo.EINVALID || !strings.Contains(canbo.ErrorMessage(err), "không tồn tại") {
			t.Errorf("create outside scope: %v", err)
		}
		// Discipline entries need their grant to be read or written.
		if err := db.AddEntry(sys, &canbo.Entry{PersonID: p.ID, Kind: canbo.EntryDiscipline, From: "2020", Title: "Vi phạm quy chế",
			Details: map[string]string{"level": "khiển trách", "authority": "Đảng ủy phường"}}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddEntry(sys, &canbo.Entry{PersonID: p.ID, Kind: canbo.EntryTraining, From: "2019-09", To: "2020-01", Title: "Trung cấp LLCT"}); err != nil {
			t.Fatal(err)
		}
		_, entries, _, _ := db.Timeline(ward, p.ID)
		if len(entries) != 1 || entries[0].Kind != canbo.EntryTraining {
			t.Errorf("entries without the discipline grant: %+v", entries)
		}
		if err := db.AddEntry(ward, &canbo.Entry{PersonID: p.ID, Kind: canbo.EntryDiscipline, Title: "x"}); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("writing discipline without grant: %v", err)
		}
	})
}

func TestPersonBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		ok := func() *canbo.Person {
			return &canbo.Person{FamilyName: "Võ", GivenName: "Hà", Sex: canbo.Female, BirthDate: "1990"}
		}
		post := func() *canbo.Post { return &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", From: "2025-01-01"} }
		for _, c := range []struct {
			name  string
			edit  func(p *canbo.Person, post *canbo.Post, m **canbo.Membership)
			field string
			msg   string
		}{
			{"31 February", func(p *canbo.Person, _ *canbo.Post, _ **canbo.Membership) { p.BirthDate = "31/02/1990" }, "birth_date", "31/02/1990"},
			{"future birth", func(p *canbo.Person, _ *canbo.Post, _ **canbo.Membership) { p.BirthDate = "2990" }, "birth_date", ""},
			{"identity of 11 digits", func(p *canbo.Person, _ *canbo.Post, _ **canbo.Membership) { p.IdentityNumber = "07906500012" }, "identity_number", "12"},
			{"duplicate identity", func(p *canbo.Person, _ *canbo.Post, _ **canbo.Membership) { p.IdentityNumber = "079065000123" }, "identity_number", "Nguyễn Phước Lộc"},
			{"no given name", func(p *canbo.Person, _ *canbo.Post, _ **canbo.Membership) { p.GivenName = "\u200b " }, "given_name", "Tên"},
			{"unknown sex", func(p *canbo.Person, _ *canbo.Post, _ **canbo.Membership) { p.Sex = "x" }, "sex", ""},
			{"post ending before it starts", func(_ *canbo.Person, po *canbo.Post, _ **canbo.Membership) { po.To = "2024-01-01" }, "post.to", "phải sau"},
			{"full membership before admission", func(_ *canbo.Person, _ *canbo.Post, m **canbo.Membership) {
				*m = &canbo.Membership{AdmittedOn: "2020-01-01", FullOn: "2019-01-01", Cells: []canbo.CellPeriod{{CellID: f.cell1}}}
			}, "party.full_on", "phải sau"},
			{"membership in a ward, not a cell", func(_ *canbo.Person, _ *canbo.Post, m **canbo.Membership) {
				*m = &canbo.Membership{AdmittedOn: "2020-01-01", Cells: []canbo.CellPeriod{{CellID: f.w1}}}
			}, "party.cell_id", "không phải tổ chức đảng"},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := countPeople(t, db)
				p, po := ok(), post()
				var m *canbo.Membership
				c.edit(p, po, &m)
				err := db.CreatePerson(sys, p, po, m)
				e, isErr := err.(*canbo.Error)
				if !isErr || e.Field != c.field || !strings.Contains(e.Message, c.msg) {
					t.Fatalf("got %v, want an error on %s containing %q", err, c.field, c.msg)
				}
				if countPeople(t, db) != before {
					t.Error("half-written")
				}
			})
		}
		// NFD names and control characters are normalized; an inconsistent identity number warns.
		p := &canbo.Person{FamilyName: "Nguye\u0302\u0303n\x07", GivenName: " Lo\u0323\u0302c ", Sex: canbo.Female, BirthDate: "1965", IdentityNumber: "079065999999"}
		if err := db.CreatePerson(sys, p, post(), nil); err != nil {
			t.Fatal(err)
		}
		if p.FullName != "Nguyễn Lộc" || len(p.Warnings) == 0 {
			t.Errorf("normalized = %q, warnings %v", p.FullName, p.Warnings)
		}
	})
}

func countPeople(t *testing.T, db *sqlstore.DB) int {
	var n int
	if err := db.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM people) + (SELECT COUNT(*) FROM posts) + (SELECT COUNT(*) FROM party_members)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
