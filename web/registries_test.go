package web_test

import (
	"fmt"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

type regList struct {
	Items []struct {
		ID     int64  `json:"id"`
		Number string `json:"number"`
		Title  string `json:"title"`
		Status string `json:"status"`
	} `json:"items"`
	Total int `json:"total"`
}

func (l regList) numbers() string {
	var s []string
	for _, r := range l.Items {
		s = append(s, r.Number)
	}
	return strings.Join(s, ", ")
}

// TestAPIRegulations walks the interface of issue 16: register, supersede and amend documents,
// list those in force on several days, search without accents; bad input is 400 naming the
// field; a viewer may read, not write; an officer elsewhere sees nothing.
func TestAPIRegulations(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		officer := f.user("q1", canbo.RoleOfficer, []int64{f.d1})
		viewer := f.user("xem", canbo.RoleViewer, []int64{f.d1})
		elsewhere := f.user("q3", canbo.RoleOfficer, []int64{f.d2})
		add := func(tok, body string) (int, string, int64) {
			var out struct {
				ID int64 `json:"id"`
			}
			code, b := f.api(tok, "POST", "/api/v1/regulations", body, &out)
			return code, b, out.ID
		}
		code, body, a := add(officer, fmt.Sprintf(`{"number":"01/2024/QĐ-UBND","kind":"quy_che","title":"Quy chế làm việc","issuer_unit_id":%d,
			"signed_on":"2024-01-05","effective_from":"2024-01-15","implements":[{"number":"14-KL/TW","issuer":"Bộ Chính trị","date":"2021-09-22"}]}`, f.w1))
		if code != 201 || a == 0 {
			t.Fatalf("create: %d %s", code, body)
		}
		code, body, b := add(officer, fmt.Sprintf(`{"number":"07/2025/QĐ-UBND","kind":"quy_che","title":"Quy chế làm việc mới","issuer_unit_id":%d,
			"signed_on":"2025-06-01","effective_from":"2025-07-01","replaces":[%d]}`, f.w1, a))
		if code != 201 {
			t.Fatalf("replacement: %d %s", code, body)
		}
		for on, want := range map[string]string{"2024-01-14": "", "2024-06-01": "01/2024/QĐ-UBND", "2025-07-01": "07/2025/QĐ-UBND"} {
			var l regList
			f.api(viewer, "GET", "/api/v1/regulations?in_force_on="+on, "", &l)
			if l.numbers() != want || l.Total != len(l.Items) {
				t.Errorf("in force on %s: %q (total %d), want %q", on, l.numbers(), l.Total, want)
			}
		}
		var l regList
		f.api(viewer, "GET", "/api/v1/regulations?q=quy+che+lam+viec+moi", "", &l)
		if l.numbers() != "07/2025/QĐ-UBND" {
			t.Errorf("search: %q", l.numbers())
		}
		f.api(viewer, "GET", "/api/v1/regulations?q=14-KL", "", &l)
		if l.numbers() != "01/2024/QĐ-UBND" || l.Items[0].ID != a {
			t.Errorf("search by the central document: %q", l.numbers())
		}
		var one struct {
			Status     string `json:"status"`
			ReplacedBy []struct {
				ID int64 `json:"id"`
			} `json:"replaced_by"`
		}
		f.api(viewer, "GET", fmt.Sprintf("/api/v1/regulations/%d?as_of=2025-07-01", a), "", &one)
		if one.Status != "replaced" || len(one.ReplacedBy) != 1 || one.ReplacedBy[0].ID != b {
			t.Errorf("replaced document: %+v", one)
		}
		bad := []struct{ body, field string }{
			{fmt.Sprintf(`{"number":"09/2023/QĐ-UBND","kind":"quy_che","title":"x","issuer_unit_id":%d,"signed_on":"2023-01-01","effective_from":"2023-01-01","replaces":[%d]}`, f.w1, a), "replaces"},
			{fmt.Sprintf(`{"number":"09/2023/QĐ-UBND","kind":"quy_che","title":"x","issuer_unit_id":%d,"signed_on":"2023-01-01","effective_from":"2023-13-01"}`, f.w1), "effective_from"},
			{fmt.Sprintf(`{"number":"x","kind":"quy_che","title":"x","issuer_unit_id":%d,"signed_on":"2023-01-01","effective_from":"2023-01-01"}`, f.w1), "number"},
			{fmt.Sprintf(`{"number":"09/2023/QĐ-UBND","kind":"quy_che","title":"x","issuer_unit_id":%d,"signed_on":"2023-01-01","effective_from":"2023-01-01"}`, f.w3), "issuer_unit_id"},
		}
		for _, c := range bad {
			code, body, _ := add(officer, c.body)
			if code != 400 || !strings.Contains(body, `"field":"`+c.field+`"`) {
				t.Errorf("%s: %d %s", c.field, code, body)
			}
		}
		// A loop: a made to replace b, which replaces a.
		code, body = f.api(officer, "PUT", fmt.Sprintf("/api/v1/regulations/%d", a), fmt.Sprintf(`{"number":"01/2024/QĐ-UBND","kind":"quy_che","title":"Quy chế làm việc",
			"issuer_unit_id":%d,"signed_on":"2024-01-05","effective_from":"2025-07-01","replaces":[%d]}`, f.w1, b), nil)
		if code != 400 || !strings.Contains(body, `"field":"replaces"`) {
			t.Errorf("cycle: %d %s", code, body)
		}
		if code, _, _ := add(viewer, `{}`); code != 403 {
			t.Errorf("viewer POST: %d", code)
		}
		f.api(elsewhere, "GET", "/api/v1/regulations", "", &l)
		if l.Total != 0 {
			t.Errorf("officer of Quận 3 sees %d documents", l.Total)
		}
		if code, _ := f.api(elsewhere, "GET", fmt.Sprintf("/api/v1/regulations/%d", a), "", nil); code != 404 {
			t.Errorf("out of scope: %d", code)
		}
	})
}

// TestAPIProposals runs the proposal interface: deadlines over Tết, the vote's refusals, a
// passing vote and the steps to the outcome.
func TestAPIProposals(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		officer := f.user("q1", canbo.RoleOfficer, []int64{f.d1})
		var ids []int64
		for _, name := range []string{"An", "Bình", "Cường", "Dũng"} {
			p := &canbo.Person{FamilyName: "Lê", GivenName: name, Sex: canbo.Female}
			if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: f.w1, Title: "Phó Chủ tịch", From: "2020-01-01"}, nil); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		var created struct {
			ID int64 `json:"id"`
		}
		code, body := f.api(officer, "POST", "/api/v1/proposals", fmt.Sprintf(`{"person_id":%d,"unit_id":%d,"title":"Số hóa hồ sơ","received_on":"2026-02-13"}`, ids[0], f.w1), &created)
		if code != 201 {
			t.Fatalf("create: %d %s", code, body)
		}
		path := fmt.Sprintf("/api/v1/proposals/%d", created.ID)
		var p struct {
			Status    string             `json:"status"`
			Deadlines map[string]*string `json:"deadlines"`
		}
		f.api(officer, "GET", path, "", &p)
		if m := p.Deadlines["meeting"]; m == nil || *m != "2026-03-03" {
			t.Errorf("meeting deadline %v, want 2026-03-03 (Tết 16–20/2 off)", m)
		}
		// Nhắc việc lists the meeting due, for the unit's officer.
		if code, page := f.get(officer, "/reminders?from=2026-02-13&to=2026-03-31&as_of=2026-02-13"); code != 200 ||
			!strings.Contains(string(page), `id="registry-due"`) || !strings.Contains(string(page), "Số hóa hồ sơ") || !strings.Contains(string(page), "03/03/2026") {
			t.Errorf("reminders page: %d, registry item missing", code)
		}
		voters := fmt.Sprintf("[%d,%d,%d]", ids[1], ids[2], ids[3])
		for _, c := range []struct{ body, field string }{
			{`{"on":"2026-02-12","for":2,"against":1,"voters":` + voters + `}`, "on"},
			{`{"on":"2026-02-24","for":3,"against":1,"voters":` + voters + `}`, "for"},
			{fmt.Sprintf(`{"on":"2026-02-24","for":2,"against":0,"voters":[%d,%d]}`, ids[0], ids[1]), "voters"},
		} {
			code, body := f.api(officer, "POST", path+"/meeting", c.body, nil)
			if code != 400 || !strings.Contains(body, `"field":"`+c.field+`"`) {
				t.Errorf("%s: %d %s", c.field, code, body)
			}
		}
		var vote struct {
			Passed bool `json:"passed"`
		}
		code, body = f.api(officer, "POST", path+"/meeting", `{"on":"2026-02-24","for":2,"against":1,"voters":`+voters+`,"head_decides":false}`, &vote)
		if code != 201 || !vote.Passed {
			t.Fatalf("meeting: %d %s", code, body)
		}
		for _, s := range []string{`{"step":"finished","on":"2026-04-24"}`, `{"step":"report","on":"2026-05-04"}`,
			`{"step":"evaluation","on":"2026-05-12","achieved":false,"damage":false}`, `{"step":"outcome","on":"2026-05-20","outcome":"excluded"}`} {
			if code, body := f.api(officer, "POST", path+"/steps", s, nil); code != 201 {
				t.Fatalf("%s: %d %s", s, code, body)
			}
		}
		f.api(officer, "GET", path, "", &p)
		if p.Status != "closed" || p.Deadlines["report"] == nil || *p.Deadlines["report"] != "2026-05-06" {
			t.Errorf("after the outcome: %+v", p)
		}
	})
}

// TestAPIGoodModels: record, review and publish a good model; the published feed lists it; a
// viewer cannot write; a sensitive item stays out of an officer's list.
func TestAPIGoodModels(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		officer := f.user("q1", canbo.RoleOfficer, []int64{f.d1})
		viewer := f.user("xem", canbo.RoleViewer, []int64{f.d1})
		var created struct {
			ID int64 `json:"id"`
		}
		if code, body := f.api(officer, "POST", "/api/v1/good-models", fmt.Sprintf(`{"unit_id":%d,"title":"Chợ 4.0","description":"Thanh toán không tiền mặt"}`, f.w1), &created); code != 201 {
			t.Fatalf("create: %d %s", code, body)
		}
		if code, body := f.api(officer, "POST", "/api/v1/good-models", fmt.Sprintf(`{"unit_id":%d,"title":"Đối thoại","description":"x","sensitive":true}`, f.w1), nil); code != 201 {
			t.Fatalf("create sensitive: %d %s", code, body)
		}
		if code, body := f.api(officer, "POST", fmt.Sprintf("/api/v1/good-models/%d/publish", created.ID), `{"on":"2026-03-01"}`, nil); code != 400 || !strings.Contains(body, `"field":"status"`) {
			t.Errorf("publish before review: %d %s", code, body)
		}
		for _, step := range []string{`review`, `publish`} {
			if code, body := f.api(officer, "POST", fmt.Sprintf("/api/v1/good-models/%d/%s", created.ID, step), `{"on":"2026-03-01","approve":true}`, nil); code != 200 {
				t.Fatalf("%s: %d %s", step, code, body)
			}
		}
		var feed struct {
			Items []struct {
				Title string `json:"title"`
			} `json:"items"`
			Total int `json:"total"`
		}
		f.api(viewer, "GET", "/api/v1/good-models?status=published&q=cho", "", &feed)
		if feed.Total != 1 || feed.Items[0].Title != "Chợ 4.0" {
			t.Errorf("feed: %+v", feed)
		}
		f.api(officer, "GET", "/api/v1/good-models", "", &feed)
		if feed.Total != 1 {
			t.Errorf("an officer sees %d items, the sensitive one included", feed.Total)
		}
		f.api(f.adminTok, "GET", "/api/v1/good-models", "", &feed)
		if feed.Total != 2 {
			t.Errorf("an administrator sees %d items", feed.Total)
		}
		if code, _ := f.api(viewer, "POST", "/api/v1/good-models", `{}`, nil); code != 403 {
			t.Errorf("viewer POST: %d", code)
		}
	})
}
