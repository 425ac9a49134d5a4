package web_test

import (
	"fmt"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestPlanAPI: a plan created, proposed, previewed and applied through the API; a conflicting
// plan refused whole.
func TestPlanAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		p := &canbo.Person{FamilyName: "Lý", MiddleName: "Văn", GivenName: "Kế", Sex: canbo.Male, BirthDate: "1980-01-01"}
		if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: f.w1, Title: "Chuyên viên", From: "2015-01-01", Primary: true}, nil); err != nil {
			t.Fatal(err)
		}
		body := fmt.Sprintf(`{"name":"Đề án phường","events":[{"kind":"merge","date":"2025-07-01","sources":[{"unit_id":%d}],"targets":[{"unit_id":%d}]}]}`, f.w1, f.w2)
		var plan canbo.Plan
		if code, out := f.api(f.adminTok, "POST", "/api/v1/plans", body, &plan); code != 201 {
			t.Fatalf("create: %d %s", code, out)
		}
		var pre canbo.PlanPreview
		if code, out := f.api(f.adminTok, "POST", fmt.Sprintf("/api/v1/plans/%d/preview", plan.ID), "", &pre); code != 200 || len(pre.Moves) != 1 || pre.Moves[0].Posts != 1 {
			t.Fatalf("preview: %d %s", code, out)
		}
		if code, out := f.api(f.adminTok, "POST", fmt.Sprintf("/api/v1/plans/%d/apply", plan.ID), `{"document":{"number":"1656/NQ-UBTVQH15"}}`, nil); code != 200 {
			t.Fatalf("apply: %d %s", code, out)
		}
		var list idList
		f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/people?under=%d&as_of=2025-07-01", f.w2), "", &list)
		if !list.has(p.ID) {
			t.Errorf("applied plan did not carry the person: %v", list)
		}
		body = fmt.Sprintf(`{"name":"Sai","events":[{"kind":"dissolve","date":"2025-08-01","unit_id":%d},{"kind":"dissolve","date":"2025-08-01","unit_id":%d}]}`, f.w3, f.w3)
		if code, out := f.api(f.adminTok, "POST", "/api/v1/plans", body, &plan); code != 201 {
			t.Fatalf("create: %d %s", code, out)
		}
		code, out := f.api(f.adminTok, "POST", fmt.Sprintf("/api/v1/plans/%d/apply", plan.ID), `{"document":{"number":"2/QĐ"}}`, nil)
		if code != 400 || !strings.Contains(out, "Sự kiện thứ 2") {
			t.Errorf("conflicting plan: %d %s", code, out)
		}
		var u struct {
			ID int64 `json:"id"`
		}
		if code, _ := f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/units/%d?as_of=2025-08-01", f.w3), "", &u); code != 200 {
			t.Errorf("the refused plan wrote: %d", code)
		}
	})
}
