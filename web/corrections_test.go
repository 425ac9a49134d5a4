package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestCorrectionsAPI walks the correction routes: status, a post's edit, merge, not-duplicate
// and delete; each refusal names its field and leaves the record as it was.
func TestCorrectionsAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		a := f.addPerson(f.adminTok, `{"family_name":"Nguyễn","middle_name":"Văn","given_name":"Hùng","sex":"male","birth_date":"1975-04-02"}`, f.w1)
		b := f.addPerson(f.adminTok, `{"family_name":"Nguyễn","middle_name":"Văn","given_name":"Hùng","sex":"male","birth_date":"1975-04-02","phone":"0909000111"}`, f.w1)
		pa, pb := "/api/v1/people/"+strconv.FormatInt(a.ID, 10), "/api/v1/people/"+strconv.FormatInt(b.ID, 10)

		// Status: refused with the field named, then recorded and carried by the list.
		if code, body := f.api(f.adminTok, "PUT", pa+"/status", `{"status":"sleeping","since":"01/01/2024"}`, nil); code != 400 || !strings.Contains(body, `"field":"status"`) {
			t.Errorf("bad status: %d %s", code, body)
		}
		if code, body := f.api(f.adminTok, "PUT", pa+"/status", `{"status":"retired","since":"01/01/2024"}`, nil); code != 204 {
			t.Fatalf("status: %d %s", code, body)
		}
		var list struct {
			Items []struct {
				ID     int64  `json:"id"`
				Status string `json:"status"`
			} `json:"items"`
		}
		f.api(f.adminTok, "GET", "/api/v1/people?under="+strconv.FormatInt(f.w1, 10), "", &list)
		statuses := map[int64]string{}
		for _, it := range list.Items {
			statuses[it.ID] = it.Status
		}
		if statuses[a.ID] != canbo.StatusRetired || statuses[b.ID] != canbo.StatusWorking {
			t.Errorf("list statuses: %v", statuses)
		}

		// A post's edit: no reason is refused; a good one is saved.
		var tl struct {
			Posts []canbo.Post `json:"posts"`
		}
		f.api(f.adminTok, "GET", pa+"/timeline", "", &tl)
		post := pa + "/posts/" + strconv.FormatInt(tl.Posts[0].ID, 10)
		body := `{"unit_id":` + strconv.FormatInt(f.w1, 10) + `,"title":"Trưởng phòng","from":"2024-01-01","primary":true`
		if code, res := f.api(f.adminTok, "PUT", post, body+`}`, nil); code != 400 || !strings.Contains(res, `"field":"reason"`) {
			t.Errorf("edit without reason: %d %s", code, res)
		}
		if code, res := f.api(f.adminTok, "PUT", post, body+`,"reason":"Nhập nhầm chức danh"}`, nil); code != 200 || !strings.Contains(res, "Trưởng phòng") {
			t.Errorf("edit: %d %s", code, res)
		}

		// The pair is listed, then marked as two people and no longer listed.
		cleaning := func() string {
			_, res := f.api(f.adminTok, "GET", "/api/v1/cleaning?kind=duplicate", "", nil)
			return res
		}
		if !strings.Contains(cleaning(), `"id":`+strconv.FormatInt(b.ID, 10)) {
			t.Fatalf("the pair is not listed: %s", cleaning())
		}
		pair := `{"a":` + strconv.FormatInt(a.ID, 10) + `,"b":` + strconv.FormatInt(b.ID, 10) + `}`
		if code, res := f.api(f.adminTok, "POST", "/api/v1/cleaning/not-duplicates", pair, nil); code != 204 {
			t.Fatalf("not duplicate: %d %s", code, res)
		}
		if res := cleaning(); strings.Contains(res, `"id":`+strconv.FormatInt(b.ID, 10)) {
			t.Errorf("a pair marked not duplicate is still listed: %s", res)
		}

		// Merge b into a, taking b's phone; b is gone.
		if code, res := f.api(f.adminTok, "POST", pa+"/merge", `{"drop":`+strconv.FormatInt(b.ID, 10)+`,"take":["phone"],"reason":"Nhập trùng"}`, nil); code != 200 || !strings.Contains(res, "0909000111") {
			t.Fatalf("merge: %d %s", code, res)
		}
		if code, _ := f.api(f.adminTok, "GET", pb, "", nil); code != 404 {
			t.Errorf("merged-in record: %d", code)
		}

		// Delete: an officer without every grant is refused; the administrator deletes.
		officer := f.user("cb", canbo.RoleOfficer, []int64{f.w1})
		if code, _ := f.api(officer, "DELETE", pa, `{"reason":"nhầm"}`, nil); code != 403 {
			t.Errorf("officer delete: %d", code)
		}
		if code, res := f.api(f.adminTok, "DELETE", pa, `{"reason":"Tạo nhầm"}`, nil); code != 204 {
			t.Fatalf("delete: %d %s", code, res)
		}
		if code, _ := f.api(f.adminTok, "GET", pa, "", nil); code != 404 {
			t.Errorf("deleted record: %d", code)
		}
	})
}

// TestCorrectionForms: the profile offers the correction forms, a post's edit form saves with
// the notice naming what was saved, and a refused edit shows its message beside the posts.
func TestCorrectionForms(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		a := f.addPerson(f.adminTok, `{"family_name":"Trần","given_name":"Mai","sex":"female","birth_date":"1980"}`, f.w1)
		id := strconv.FormatInt(a.ID, 10)
		var tl struct {
			Posts []canbo.Post `json:"posts"`
		}
		f.api(f.adminTok, "GET", "/api/v1/people/"+id+"/timeline", "", &tl)
		post := strconv.FormatInt(tl.Posts[0].ID, 10)
		code, _, page := f.do(f.adminTok, "GET", "/people/"+id, "", nil)
		for _, want := range []string{`id="post-edit-` + post + `"`, `id="person-delete"`, `id="post-end-primary"`} {
			if code != 200 || !strings.Contains(string(page), want) {
				t.Errorf("profile (%d) lacks %s", code, want)
			}
		}
		v := url.Values{"unit_id": {strconv.FormatInt(f.w1, 10)}, "title": {"Phó trưởng phòng"}, "from": {"01/01/2024"}, "to": {"01/01/2023"}, "reason": {"nhầm"}}
		if code, _, page := f.form(f.adminTok, "/people/"+id+"/posts/"+post+"/edit", v); code != 422 || !strings.Contains(page, `id="posts-error"`) {
			t.Errorf("refused edit: %d", code)
		}
		v.Set("to", "")
		code, h, _ := f.form(f.adminTok, "/people/"+id+"/posts/"+post+"/edit", v)
		if code != 303 || !strings.Contains(h.Get("Location"), "saved=posts") {
			t.Fatalf("edit: %d %s", code, h.Get("Location"))
		}
		_, _, page = f.do(f.adminTok, "GET", "/people/"+id+"?saved=posts", "", nil)
		if !strings.Contains(string(page), "Đã lưu chức vụ.") || !strings.Contains(string(page), "Phó trưởng phòng") {
			t.Error("the saved notice or the corrected title is missing")
		}
	})
}
