package web_test

import (
	"fmt"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestTrainingAPI walks the training API on both engines: a plan with two lines, a course, two
// enrolments (a third out of the officer's scope refused on person_id), a completion that
// raises the record's level, the plan against actual, the gap gone; bad input names its field
// and writes nothing; a viewer may read but not write, and another scope sees nothing.
func TestTrainingAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		var ids []int64
		for i, unit := range []int64{f.w1, f.w1, f.w2} {
			p := &canbo.Person{FamilyName: "Lý", MiddleName: "Văn", GivenName: []string{"Học", "Tập", "Xa"}[i], Sex: canbo.Male, BirthDate: "1985-03-03",
				Education: canbo.Education{PoliticalTheory: "Trung cấp"}}
			if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: unit, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}, nil); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		pool := &canbo.PlanningPool{Term: "2025-2030", UnitID: f.w1, Title: "Bí thư Đảng ủy", Level: "commune", Standards: "Cao cấp lý luận chính trị"}
		if err := db.CreatePool(sys, pool); err != nil {
			t.Fatal(err)
		}
		if err := db.AddPoolCandidate(sys, &canbo.PoolCandidate{PoolID: pool.ID, PersonID: ids[0], From: "2024-01-01"}); err != nil {
			t.Fatal(err)
		}
		officer := f.user("dao.tao", canbo.RoleOfficer, []int64{f.w1})
		var plan struct {
			ID      int64   `json:"id"`
			LineIDs []int64 `json:"line_ids"`
		}
		body := fmt.Sprintf(`{"unit_id":%d,"year":2025,"lines":[{"kind":"political_theory","title":"Cao cấp LLCT","level":"Cao cấp","planned":2},{"kind":"it","title":"Tin học","planned":5}]}`, f.w1)
		if code, b := f.api(officer, "POST", "/api/v1/training/plans", body, &plan); code != 201 || len(plan.LineIDs) != 2 {
			t.Fatalf("plan: %d %s", code, b)
		}
		viewer := f.user("xem.dao.tao", canbo.RoleViewer, []int64{f.w1})
		if code, _ := f.api(viewer, "POST", "/api/v1/training/plans", body, nil); code != 403 {
			t.Errorf("viewer saves a plan: %d", code)
		}
		count := func() int {
			var n int
			for _, tb := range []string{"training_courses", "training_enrolments", "person_entries", "audit_events"} {
				var c int
				if err := db.SQL().QueryRow("SELECT COUNT(*) FROM " + tb).Scan(&c); err != nil {
					t.Fatal(err)
				}
				n += c
			}
			return n
		}
		before := count()
		for _, c := range []struct{ path, body, field string }{
			{"/api/v1/training/courses", fmt.Sprintf(`{"line_id":%d,"title":"K1","provider":"HV","from":"2025-05-01","to":"2025-04-01","mode":"online"}`, plan.LineIDs[0]), "to"},
			{"/api/v1/training/courses", fmt.Sprintf(`{"line_id":%d,"title":"K1","provider":"HV","from":"2025-03-01","to":"2025-04-01","mode":"online","level":"Tiến sĩ"}`, plan.LineIDs[0]), "level"},
			{"/api/v1/training/courses", fmt.Sprintf(`{"line_id":%d,"title":"K1","provider":"HV","from":"2025-03-01","to":"2025-04-01","mode":"online","kind":"cooking"}`, plan.LineIDs[0]), "kind"},
		} {
			if code, b := f.api(officer, "POST", c.path, c.body, nil); code != 400 || !strings.Contains(b, `"field":"`+c.field+`"`) {
				t.Errorf("%s: %d %s, want 400 on %s", c.body, code, b, c.field)
			}
		}
		if after := count(); after != before {
			t.Errorf("refused courses wrote %d rows", after-before)
		}
		var course struct {
			ID int64 `json:"id"`
		}
		body = fmt.Sprintf(`{"line_id":%d,"title":"Lớp cao cấp K9","provider":"Học viện Chính trị khu vực II","from":"2025-03-01","to":"2025-09-30","mode":"part_time","level":"cao_cap"}`, plan.LineIDs[0])
		if code, b := f.api(officer, "POST", "/api/v1/training/courses", body, &course); code != 201 || course.ID == 0 {
			t.Fatalf("course: %d %s", code, b)
		}
		enrol := func(person int64) (int, string) {
			return f.api(officer, "POST", fmt.Sprintf("/api/v1/training/courses/%d/enrolments", course.ID), fmt.Sprintf(`{"person_id":%d}`, person), nil)
		}
		for _, p := range ids[:2] {
			if code, b := enrol(p); code != 201 {
				t.Fatalf("enrol %d: %d %s", p, code, b)
			}
		}
		before = count()
		if code, b := enrol(ids[2]); code != 400 || !strings.Contains(b, `"field":"person_id"`) {
			t.Errorf("out of scope: %d %s", code, b)
		}
		if code, b := enrol(ids[0]); code != 409 || !strings.Contains(b, `"field":"person_id"`) {
			t.Errorf("enrolled twice: %d %s", code, b)
		}
		complete := fmt.Sprintf("/api/v1/training/courses/%d/enrolments/%d/complete", course.ID, ids[0])
		if code, b := f.api(officer, "POST", complete, `{"completed_on":"2025-02-01","result":"Giỏi"}`, nil); code != 400 || !strings.Contains(b, `"field":"completed_on"`) {
			t.Errorf("completed before the start: %d %s", code, b)
		}
		if after := count(); after != before {
			t.Errorf("refused enrolments wrote %d rows", after-before)
		}
		var gaps struct {
			Items []struct {
				PersonID int64 `json:"person_id"`
				Enrolled int64 `json:"enrolled_course_id"`
			} `json:"items"`
		}
		if code, b := f.api(viewer, "GET", "/api/v1/training/gaps?unit_id="+fmt.Sprint(f.w1), "", &gaps); code != 200 || len(gaps.Items) != 1 || gaps.Items[0].Enrolled != course.ID {
			t.Fatalf("gaps before: %d %s", code, b)
		}
		if code, b := f.api(officer, "POST", complete, `{"completed_on":"2025-09-30","result":"Giỏi","certificate":{"number":"CC-1","date":"2025-10-05"}}`, nil); code != 200 {
			t.Fatalf("complete: %d %s", code, b)
		}
		if code, b := f.api(viewer, "GET", "/api/v1/training/gaps?unit_id="+fmt.Sprint(f.w1), "", &gaps); code != 200 || len(gaps.Items) != 0 {
			t.Errorf("gaps after: %d %s", code, b)
		}
		var got struct {
			Lines []struct {
				Planned, Enrolled, Completed int
			} `json:"lines"`
		}
		if code, b := f.api(viewer, "GET", "/api/v1/training/plans?unit_id="+fmt.Sprint(f.w1)+"&year=2025", "", &got); code != 200 || len(got.Lines) != 2 ||
			got.Lines[0].Planned != 2 || got.Lines[0].Enrolled != 2 || got.Lines[0].Completed != 1 || got.Lines[1].Enrolled != 0 {
			t.Errorf("plan: %d %s", code, b)
		}
		var c struct {
			Enrolments []struct {
				PersonID   int64  `json:"person_id"`
				LevelAfter string `json:"level_after"`
			} `json:"enrolments"`
		}
		if code, b := f.api(viewer, "GET", fmt.Sprintf("/api/v1/training/courses/%d", course.ID), "", &c); code != 200 || len(c.Enrolments) != 2 {
			t.Errorf("course: %d %s", code, b)
		}
		other := f.user("khac.dao.tao", canbo.RoleViewer, []int64{f.d2})
		if code, _ := f.api(other, "GET", fmt.Sprintf("/api/v1/training/courses/%d", course.ID), "", nil); code != 404 {
			t.Errorf("out of scope course: %d", code)
		}
		if code, _ := f.api(other, "GET", "/api/v1/training/plans?unit_id="+fmt.Sprint(f.w1)+"&year=2025", "", nil); code != 404 {
			t.Errorf("out of scope plan: %d", code)
		}
	})
}
