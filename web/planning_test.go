package web_test

import (
	"fmt"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestPlanningAPI walks the interface of issue 14 on both engines: a pool (201 with id), three
// candidates and a fourth refused with the rule named and nothing written, the pool with its
// composition, a congress with its candidates' eligibility and the ballot in the official order;
// a viewer may read but not write, and another scope sees nothing.
func TestPlanningAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		ids := map[string]int64{}
		for _, p := range []struct{ family, middle, given, birth string }{
			{"Vương", "Thị", "Yến", "1986-02-02"}, {"Kiều", "Văn", "Bảo", "1983-05-05"}, {"Lạc", "Minh", "Ân", "1985-07-07"},
			{"Mạc", "Thị", "Giang", "1987-09-09"}, {"Khổng", "Văn", "Cường", "1962-01-01"},
		} {
			person := &canbo.Person{FamilyName: p.family, MiddleName: p.middle, GivenName: p.given, Sex: canbo.Male, BirthDate: p.birth}
			if p.middle == "Thị" {
				person.Sex = canbo.Female
			}
			if err := db.CreatePerson(sys, person, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}, nil); err != nil {
				t.Fatal(err)
			}
			ids[p.given] = person.ID
		}
		var created struct {
			ID int64 `json:"id"`
		}
		body := fmt.Sprintf(`{"term":"2025-2030","unit_id":%d,"title":"Bí thư Đảng ủy","level":"commune"}`, f.w1)
		if code, b := f.api(f.adminTok, "POST", "/api/v1/planning/pools", body, &created); code != 201 || created.ID == 0 {
			t.Fatalf("create pool: %d %s", code, b)
		}
		viewer := f.user("xem", canbo.RoleViewer, []int64{f.d1})
		if code, _ := f.api(viewer, "POST", "/api/v1/planning/pools", body, nil); code != 403 {
			t.Errorf("viewer creates a pool: %d", code)
		}
		pool := fmt.Sprintf("/api/v1/planning/pools/%d", created.ID)
		add := func(name string) (int, string) {
			return f.api(f.adminTok, "POST", pool+"/candidates",
				fmt.Sprintf(`{"person_id":%d,"from":"2025-11-01","document":{"number":"12-TTr/ĐU","date":"2025-10-30","issuer":"Đảng ủy","title":"Tờ trình"}}`, ids[name]), nil)
		}
		for _, n := range []string{"Yến", "Bảo", "Ân"} {
			if code, b := add(n); code != 201 {
				t.Fatalf("add %s: %d %s", n, code, b)
			}
		}
		var before int
		if err := db.SQL().QueryRow("SELECT COUNT(*) FROM planning_candidates").Scan(&before); err != nil {
			t.Fatal(err)
		}
		code, b := add("Giang")
		if code < 400 || code >= 500 || !strings.Contains(b, "tối đa 3 người một chức danh") || !strings.Contains(b, `"field":"person_id"`) {
			t.Errorf("fourth candidate: %d %s", code, b)
		}
		var after int
		if err := db.SQL().QueryRow("SELECT COUNT(*) FROM planning_candidates").Scan(&after); err != nil || after != before {
			t.Errorf("refused candidate written: %d → %d (%v)", before, after, err)
		}
		var got struct {
			ID         int64 `json:"id"`
			Candidates []struct {
				PersonID int64  `json:"person_id"`
				FullName string `json:"full_name"`
			} `json:"candidates"`
			Composition struct {
				Candidates int `json:"candidates"`
				Women      int `json:"women"`
			} `json:"composition"`
		}
		if code, b := f.api(viewer, "GET", pool, "", &got); code != 200 || len(got.Candidates) != 3 || got.Composition.Candidates != 3 || got.Composition.Women != 1 {
			t.Errorf("pool: %d %s", code, b)
		}
		other := f.user("khac", canbo.RoleViewer, []int64{f.d2})
		if code, _ := f.api(other, "GET", pool, "", nil); code != 404 {
			t.Errorf("out of scope pool: %d", code)
		}

		body = fmt.Sprintf(`{"unit_id":%d,"level":"commune","date":"2025-07-20","term":"2025-2030","committee_size":2}`, f.w1)
		if code, b := f.api(f.adminTok, "POST", "/api/v1/congresses", body, &created); code != 201 || created.ID == 0 {
			t.Fatalf("create congress: %d %s", code, b)
		}
		cg := fmt.Sprintf("/api/v1/congresses/%d", created.ID)
		for name, want := range map[string]bool{"Yến": true, "Bảo": true, "Ân": true, "Cường": false} {
			var res struct {
				Eligible bool     `json:"eligible"`
				Reasons  []string `json:"reasons"`
			}
			code, b := f.api(f.adminTok, "POST", cg+"/candidates", fmt.Sprintf(`{"person_id":%d,"kind":"first"}`, ids[name]), &res)
			if code != 201 || res.Eligible != want || len(res.Reasons) == 0 {
				t.Errorf("%s: %d %s, want eligible %v", name, code, b, want)
			}
		}
		var ballot struct {
			Items []struct {
				FullName string `json:"full_name"`
			} `json:"items"`
		}
		if code, b := f.api(viewer, "GET", cg+"/ballot", "", &ballot); code != 200 {
			t.Fatalf("ballot: %d %s", code, b)
		}
		var names []string
		for _, it := range ballot.Items {
			names = append(names, it.FullName)
		}
		if got, want := strings.Join(names, ", "), "Lạc Minh Ân, Kiều Văn Bảo, Vương Thị Yến"; got != want {
			t.Errorf("ballot %q, want %q", got, want)
		}
		if code, b := f.api(f.adminTok, "POST", "/api/v1/congresses", `{"unit_id":1,"level":"village","date":"2025-07-20","term":"2025-2030","committee_size":2}`, nil); code != 422 && code != 400 || !strings.Contains(b, `"field":"level"`) {
			t.Errorf("bad level: %d %s", code, b)
		}
	})
}
