package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// storedColumns reads columns of a people row as stored, bypassing the store.
func storedColumns(t *testing.T, db *sqlstore.DB, id int64, cols string, dst ...any) {
	t.Helper()
	q := `SELECT ` + cols + ` FROM people WHERE id = $1`
	if db.Engine() == sqlstore.SQLite {
		q = `SELECT ` + cols + ` FROM people WHERE id = ?`
	}
	if err := db.SQL().QueryRow(q, id).Scan(dst...); err != nil {
		t.Fatal(err)
	}
}

// rawExec runs a statement written with ? on either engine, as an old version of canbo or a
// hand edit would have left the data.
func rawExec(t *testing.T, db *sqlstore.DB, q string, args ...any) {
	t.Helper()
	if db.Engine() == sqlstore.Postgres {
		n := 0
		out := []byte{}
		for i := 0; i < len(q); i++ {
			if q[i] == '?' {
				n++
				out = append(out, []byte("$"+string(rune('0'+n)))...)
				continue
			}
			out = append(out, q[i])
		}
		q = string(out)
	}
	if _, err := db.SQL().Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// TestCodesMigration: migration 0022 turns the names typed before the lists into codes (any
// case, without marks, an alias), in people and in evaluation entries, and leaves a value no
// list knows as typed; the cleaning page lists that value, saving the record's other fields
// keeps it, and picking its code changes exactly the records of the caller's scope, audited.
func TestCodesMigration(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		loc, an, w2 := f.ids["Nguyễn Phước Lộc"], f.ids["Nguyễn Văn An"], f.ids["Lê Văn An"]
		ev := &canbo.Entry{PersonID: loc, Kind: canbo.EntryEvaluation, From: "2024", Title: "good"}
		if err := db.AddEntry(sys, ev); err != nil {
			t.Fatal(err)
		}
		// The data as it was before the lists.
		rawExec(t, db, `UPDATE people SET ethnicity = ?, religion = ?, edu_professional = ?, edu_political = ?, edu_state = ? WHERE id = ?`,
			"kinh", "Thiên Chúa giáo", "Thạc sĩ", "cao cap", "CVC", loc)
		rawExec(t, db, `UPDATE people SET ethnicity = ? WHERE id IN (?, ?)`, "Người Kinh gốc Hoa", an, w2)
		rawExec(t, db, `UPDATE people SET ethnicity = ? WHERE id NOT IN (?, ?, ?)`, "", loc, an, w2)
		rawExec(t, db, `UPDATE person_entries SET title = ?, details = ? WHERE id = ?`, "hoàn thành tốt nhiệm vụ", "{}", ev.ID)
		rawExec(t, db, `DROP INDEX person_entries_kind`)
		rawExec(t, db, `DELETE FROM schema_migrations WHERE version = ?`, 22)
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		var eth, rel, prof, pol, state string
		storedColumns(t, db, loc, `ethnicity, religion, edu_professional, edu_political, edu_state`, &eth, &rel, &prof, &pol, &state)
		if eth != "01" || rel != "cong_giao" || prof != "ths" || pol != "cao_cap" || state != "cvc" {
			t.Errorf("migrated %q %q %q %q %q, want 01 cong_giao ths cao_cap cvc", eth, rel, prof, pol, state)
		}
		storedColumns(t, db, an, `ethnicity`, &eth)
		if eth != "Người Kinh gốc Hoa" {
			t.Errorf("unmatched ethnicity became %q, want it kept as typed", eth)
		}
		_, entries, _, err := db.Timeline(sys, loc)
		var rated []canbo.Entry
		for _, e := range entries {
			if e.Kind == canbo.EntryEvaluation {
				rated = append(rated, e)
			}
		}
		if err != nil || len(rated) != 1 || rated[0].Details[canbo.DetailLevel] != "good" || rated[0].Title != "Hoàn thành tốt nhiệm vụ" {
			t.Errorf("migrated evaluation %+v, %v; want level good and the list's name", rated, err)
		}
		// The filters compare codes: by name or by code alike.
		for _, pf := range []canbo.PersonFilter{{Ethnicity: "Kinh"}, {Ethnicity: "01"}, {EduPolitical: "Cao cấp"}, {Evaluation: "good", AsOf: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}} {
			people, _, _, err := db.FindPeople(sys, pf)
			if err != nil || len(people) != 1 || people[0].ID != loc {
				t.Errorf("filter %+v found %v, %v; want Lộc alone", pf, people, err)
			}
		}

		// The cleaning page lists the unmatched value, with the records holding it.
		found, err := db.CodeFindings(sys, canbo.CleaningFilter{})
		if err != nil || len(found) != 1 || found[0] != (canbo.CodeFinding{Field: "ethnicity", Value: "Người Kinh gốc Hoa", Count: 2}) {
			t.Fatalf("findings %+v, %v; want the one unmatched ethnicity held twice", found, err)
		}
		// Without the background grant, ethnicity is neither listed nor changed.
		blind := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 7, Username: "cb", Role: canbo.RoleOfficer, Scope: []int64{f.w1}})
		if found, err := db.CodeFindings(blind, canbo.CleaningFilter{}); err != nil || len(found) != 0 {
			t.Errorf("findings without the grant %+v, %v; want none", found, err)
		}
		if _, err := db.PickCode(blind, canbo.CleaningFilter{}, "ethnicity", "Người Kinh gốc Hoa", "04"); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("pick without the grant: %v, want forbidden", err)
		}

		// Saving the record's other fields keeps the old value; typing a new unknown one is refused.
		p, err := db.FindPerson(sys, an)
		if err != nil {
			t.Fatal(err)
		}
		p.Phone = "0909111222"
		if err := db.UpdatePerson(sys, p); err != nil {
			t.Fatalf("saving with an old unmatched value: %v", err)
		}
		p.Ethnicity = "Người Sài Gòn"
		if err := db.UpdatePerson(sys, p); canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != "ethnicity" {
			t.Errorf("unknown ethnicity: %v, want invalid naming ethnicity", err)
		}

		// An officer of ward 1 picks the code: the record of ward 2 stays listed for its own officer.
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 8, Username: "cb1", Role: canbo.RoleOfficer,
			Scope: []int64{f.w1}, Grants: []string{canbo.GrantBackground}})
		for _, bad := range []struct{ field, value, code, want string }{
			{"ethnicity", "Người Kinh gốc Hoa", "99", "code"}, {"ethnicity", "01", "04", "value"}, {"phone", "x", "04", "field"},
		} {
			if _, err := db.PickCode(officer, canbo.CleaningFilter{}, bad.field, bad.value, bad.code); canbo.ErrorField(err) != bad.want {
				t.Errorf("pick %+v: %v, want an error naming %s", bad, err, bad.want)
			}
		}
		n, err := db.PickCode(officer, canbo.CleaningFilter{}, "ethnicity", "Người Kinh gốc Hoa", "04")
		if err != nil || n != 1 {
			t.Fatalf("pick: %d, %v; want 1 record changed", n, err)
		}
		storedColumns(t, db, an, `ethnicity`, &eth)
		var other string
		storedColumns(t, db, w2, `ethnicity`, &other)
		if eth != "04" || other != "Người Kinh gốc Hoa" {
			t.Errorf("after the pick: ward 1 %q, ward 2 %q; want 04 and the typed value", eth, other)
		}
		evs, _, err := db.AuditEvents(sys, audit.Filter{Action: "person.code"})
		if err != nil || len(evs) != 1 || evs[0].Username != "cb1" {
			t.Errorf("audit of the pick: %+v, %v", evs, err)
		}
		if found, _ := db.CodeFindings(sys, canbo.CleaningFilter{}); len(found) != 1 || found[0].Count != 1 {
			t.Errorf("findings after the pick %+v, want ward 2's record only", found)
		}
	})
}

// TestPersonCodes: a write takes a code or a name and stores the code; a name no list knows is
// refused naming the field, with nothing written.
func TestPersonCodes(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		before := countPeople(t, db)
		for _, c := range []struct {
			set   func(p *canbo.Person)
			field string
		}{
			{func(p *canbo.Person) { p.Ethnicity = "Kinh Hoa" }, "ethnicity"},
			{func(p *canbo.Person) { p.Religion = "Đạo ông bà" }, "religion"},
			{func(p *canbo.Person) { p.Education.General = "13/12" }, "education.general"},
			{func(p *canbo.Person) { p.Education.Professional = "Thạc sĩ Quản lý công" }, "education.professional"},
			{func(p *canbo.Person) { p.Education.PoliticalTheory = "Cao cấp chính trị" }, "education.political_theory"},
			{func(p *canbo.Person) { p.Education.StateManagement = "Chuyên viên chính trị" }, "education.state_management"},
		} {
			p := &canbo.Person{FamilyName: "Võ", GivenName: "Mai", Sex: canbo.Female, BirthDate: "1980"}
			c.set(p)
			err := db.CreatePerson(sys, p, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}, nil)
			if canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != c.field {
				t.Errorf("%s: %v, want invalid naming %s", c.field, err, c.field)
			}
		}
		if n := countPeople(t, db); n != before {
			t.Errorf("%d people after refused writes, want %d", n, before)
		}
		p := &canbo.Person{FamilyName: "Võ", GivenName: "Mai", Sex: canbo.Female, BirthDate: "1980", Ethnicity: "khmer", Religion: "Phật giáo",
			Education: canbo.Education{General: "12/12", Professional: "Cử nhân", PoliticalTheory: "trung cap", StateManagement: "cv"}}
		if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
		var eth, rel, gen, prof, pol, state string
		storedColumns(t, db, p.ID, `ethnicity, religion, edu_general, edu_professional, edu_political, edu_state`, &eth, &rel, &gen, &prof, &pol, &state)
		if eth != "05" || rel != "phat_giao" || gen != "12/12" || prof != "dh" || pol != "trung_cap" || state != "cv" {
			t.Errorf("stored %q %q %q %q %q %q, want 05 phat_giao 12/12 dh trung_cap cv", eth, rel, gen, prof, pol, state)
		}
	})
}

// TestBieu01CountsByCode: Biểu 01 counts a level by its code, however it was typed, and its
// figure is the people list's count for that code.
func TestBieu01CountsByCode(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		for i, typed := range []string{"Đại học", "dh", "Cử nhân", "Thạc sĩ"} {
			p := &canbo.Person{FamilyName: "Võ", MiddleName: "Thị", GivenName: "Mai" + string(rune('A'+i)), Sex: canbo.Female, BirthDate: "1980",
				Education: canbo.Education{Professional: typed}}
			if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}, nil); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := db.Bieu01(sys, f.w1, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.Totals.EduProfessional; got["dh"] != 3 || got["ths"] != 1 || len(got) != 2 {
			t.Errorf("professional counts %v, want dh 3 and ths 1", got)
		}
		_, total, _, err := db.FindPeople(sys, canbo.PersonFilter{Under: f.w1, EduProfessional: "dh", Limit: 50})
		if err != nil || total != 3 {
			t.Errorf("list of dh: %d, %v; want 3 like the figure", total, err)
		}
	})
}
