package web_test

import (
	"fmt"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestStaffingAPI walks the interface the checks use: a quota and a position set through the
// API, people with primary posts, the roll-up over the district on a day; bad input refused
// naming the field; a caller of another district sees nothing; the page and the report answer.
func TestStaffingAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		quota := func(tok string, unit int64, body string) (int, string) {
			return f.api(tok, "POST", fmt.Sprintf("/api/v1/units/%d/quotas", unit), body, nil)
		}
		if code, out := quota(f.adminTok, f.w1, `{"staff_type":"civil_servant","count":2,"from":"2025-01-01","document":{"number":"12/QĐ-UBND","date":"2024-12-20","issuer":"UBND Thành phố"}}`); code != 201 {
			t.Fatalf("quota: %d %s", code, out)
		}
		if code, out := quota(f.adminTok, f.w2, `{"staff_type":"civil_servant","count":3,"from":"2025-01-01","document":{"number":"13/QĐ-UBND","date":"2024-12-20","issuer":"UBND Thành phố"}}`); code != 201 {
			t.Fatalf("quota: %d %s", code, out)
		}
		var pos struct {
			ID int64 `json:"id"`
		}
		if code, out := f.api(f.adminTok, "POST", fmt.Sprintf("/api/v1/units/%d/positions", f.w1),
			`{"name":"Chuyên viên văn hóa","category":"professional","staff_type":"civil_servant","headcount":2,"from":"2025-01-01"}`, &pos); code != 201 || pos.ID == 0 {
			t.Fatalf("position: %d %s", code, out)
		}
		for i, unit := range []int64{f.w1, f.w1, f.w1, f.w2} {
			p := &canbo.Person{FamilyName: "Lý", MiddleName: "Văn", GivenName: fmt.Sprintf("Chức %c", 'A'+i), Sex: canbo.Male, BirthDate: "1990-01-01", StaffType: canbo.StaffCivilServant}
			post := &canbo.Post{UnitID: unit, Title: "Chuyên viên", From: "2025-02-01", Primary: true}
			if i == 0 {
				post.PositionID = pos.ID
			}
			if err := db.CreatePerson(sys, p, post, nil); err != nil {
				t.Fatal(err)
			}
		}
		var st struct {
			UnitID int64  `json:"unit_id"`
			AsOf   string `json:"as_of"`
			Totals struct {
				Allotted, Filled, Vacant, Over int
			} `json:"totals"`
			ByStaffType []struct {
				StaffType string `json:"staff_type"`
				Allotted  int    `json:"allotted"`
				Filled    int    `json:"filled"`
			} `json:"by_staff_type"`
			Children []struct {
				UnitID   int64  `json:"unit_id"`
				Name     string `json:"name"`
				Allotted int    `json:"allotted"`
				Filled   int    `json:"filled"`
			} `json:"children"`
		}
		if code, out := f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/units/%d/staffing?as_of=2025-03-01", f.d1), "", &st); code != 200 {
			t.Fatalf("staffing: %d %s", code, out)
		}
		if st.UnitID != f.d1 || st.AsOf != "2025-03-01" || st.Totals.Allotted != 5 || st.Totals.Filled != 4 || st.Totals.Vacant != 2 || st.Totals.Over != 1 {
			t.Errorf("district on 1/3/2025: %+v", st)
		}
		if len(st.ByStaffType) != 1 || st.ByStaffType[0].StaffType != "civil_servant" || st.ByStaffType[0].Filled != 4 {
			t.Errorf("by staff type: %+v", st.ByStaffType)
		}
		if len(st.Children) != 2 {
			t.Errorf("children: %+v", st.Children)
		}
		// Bad input: refused naming the field.
		for body, field := range map[string]string{
			`{"staff_type":"civil_servant","count":-1,"from":"2025-01-01","document":{"number":"1"}}`: "count",
			`{"staff_type":"wizard","count":1,"from":"2025-01-01","document":{"number":"1"}}`:         "staff_type",
			`{"staff_type":"cadre","count":1,"from":"1990-01-01","document":{"number":"1"}}`:          "unit_id",
		} {
			unit := f.w1
			if field == "unit_id" {
				unit = f.d1 + 1000
			}
			if code, out := quota(f.adminTok, unit, body); code != 400 || !strings.Contains(out, field) {
				t.Errorf("%s: %d %s, want 400 naming %s", body, code, out, field)
			}
		}
		other := f.user("other", canbo.RoleOfficer, []int64{f.d2})
		if code, _ := f.api(other, "GET", fmt.Sprintf("/api/v1/units/%d/staffing", f.d1), "", nil); code != 404 {
			t.Errorf("another district's staffing: %d, want 404", code)
		}
		viewer := f.user("viewer", canbo.RoleViewer, []int64{f.d1})
		if code, _ := quota(viewer, f.w1, `{"staff_type":"cadre","count":1,"from":"2025-01-01","document":{"number":"1"}}`); code != 403 {
			t.Errorf("a viewer setting a quota: %d, want 403", code)
		}
		for page, want := range map[string]string{"/staffing": "staffing-chart", "/staffing.xlsx": "PK"} {
			code, out := f.api(f.adminTok, "GET", fmt.Sprintf("%s?unit=%d&as_of=2025-03-01", page, f.d1), "", nil)
			if code != 200 || !strings.Contains(out, want) {
				t.Errorf("%s: %d, want %q in %.300s", page, code, want, out)
			}
		}
	})
}

// TestStaffingFormsAPI: a merge through the API sets its target's carried quota (and refuses a
// negative one naming quotas); a target is changed and a position ended through the API, bad
// input refused naming the field; the dashboard draws headcount against quota per child unit,
// linking to their staffing pages.
func TestStaffingFormsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		for unit, n := range map[int64]int{f.w1: 3, f.w2: 2} {
			if code, out := f.api(f.adminTok, "POST", fmt.Sprintf("/api/v1/units/%d/quotas", unit),
				fmt.Sprintf(`{"staff_type":"civil_servant","count":%d,"from":"2025-01-01","document":{"number":"12/QĐ-UBND"}}`, n), nil); code != 201 {
				t.Fatalf("quota: %d %s", code, out)
			}
		}
		merge := func(count int) (int, string) {
			return f.api(f.adminTok, "POST", "/api/v1/events", fmt.Sprintf(`{"kind":"merge","date":"2025-07-01","document":{"number":"1656/NQ-UBTVQH15"},
				"sources":[{"unit_id":%d}],"targets":[{"unit_id":%d}],"quotas":[{"staff_type":"civil_servant","count":%d}]}`, f.w1, f.w2, count), nil)
		}
		if code, out := merge(-2); code != 400 || !strings.Contains(out, `"quotas"`) {
			t.Errorf("negative carried quota: %d %s, want 400 naming quotas", code, out)
		}
		if code, out := merge(4); code != 201 {
			t.Fatalf("merge: %d %s", code, out)
		}
		var st struct {
			Totals struct{ Allotted int } `json:"totals"`
		}
		if f.api(f.adminTok, "GET", fmt.Sprintf("/api/v1/units/%d/staffing?as_of=2025-07-01", f.w2), "", &st); st.Totals.Allotted != 4 {
			t.Errorf("Đa Kao after the merge: allotted %d, want the 4 set", st.Totals.Allotted)
		}

		var tg struct {
			ID int64 `json:"id"`
		}
		if code, out := f.api(f.adminTok, "POST", fmt.Sprintf("/api/v1/units/%d/staffing-targets", f.w2),
			`{"percent":10,"base_date":"2025-07-01","due":"2026-12-31"}`, &tg); code != 201 {
			t.Fatalf("target: %d %s", code, out)
		}
		put := func(tok, body string) (int, string) {
			return f.api(tok, "PUT", fmt.Sprintf("/api/v1/staffing-targets/%d", tg.ID), body, nil)
		}
		if code, out := put(f.adminTok, `{"percent":15,"base_date":"2025-07-01","due":"2026-12-31"}`); code != 200 || !strings.Contains(out, `"percent":15`) {
			t.Errorf("target edit: %d %s", code, out)
		}
		if code, out := put(f.adminTok, `{"percent":0,"base_date":"2025-07-01","due":"2026-12-31"}`); code != 400 || !strings.Contains(out, "percent") {
			t.Errorf("target edit with 0%%: %d %s, want 400 naming percent", code, out)
		}
		other := f.user("other", canbo.RoleOfficer, []int64{f.d2})
		if code, _ := put(other, `{"percent":20,"base_date":"2025-07-01","due":"2026-12-31"}`); code != 404 {
			t.Errorf("another district's target: %d, want 404", code)
		}

		var pos struct {
			ID int64 `json:"id"`
		}
		if code, out := f.api(f.adminTok, "POST", fmt.Sprintf("/api/v1/units/%d/positions", f.w2),
			`{"name":"Văn thư","category":"support","staff_type":"civil_servant","headcount":1,"from":"2025-07-01"}`, &pos); code != 201 {
			t.Fatalf("position: %d %s", code, out)
		}
		end := func(body string) (int, string) {
			return f.api(f.adminTok, "POST", fmt.Sprintf("/api/v1/positions/%d/end", pos.ID), body, nil)
		}
		if code, out := end(`{"to":"2025-06-01"}`); code != 400 || !strings.Contains(out, `"to"`) {
			t.Errorf("end before its first day: %d %s, want 400 naming to", code, out)
		}
		if code, out := end(`{"to":"2026-01-01"}`); code != 200 || !strings.Contains(out, `"to":"2026-01-01"`) {
			t.Errorf("end: %d %s", code, out)
		}

		code, out := f.api(f.adminTok, "GET", fmt.Sprintf("/reports?under=%d&as_of=2025-07-01", f.d1), "", nil)
		if code != 200 || !strings.Contains(out, `id="chart-staffing"`) || !strings.Contains(out, fmt.Sprintf(`href="/staffing?unit=%d&amp;as_of=2025-07-01"`, f.w2)) {
			t.Errorf("dashboard: %d, want the staffing chart linking to Đa Kao's page in %.400s", code, out)
		}
	})
}
