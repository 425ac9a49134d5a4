package web_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// do sends a request with a bearer token and returns the status, headers and body.
func (f *fixture) do(tok, method, path, contentType string, body io.Reader) (int, http.Header, []byte) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

// form posts a URL-encoded profile form.
func (f *fixture) form(tok, path string, v url.Values) (int, http.Header, string) {
	f.t.Helper()
	code, h, b := f.do(tok, "POST", path, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
	return code, h, string(b)
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multipartPhoto is a form with one file part "photo" of the given declared type.
func multipartPhoto(t *testing.T, data []byte, declared string) (string, io.Reader) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="photo"; filename="a.jpg"`}
	h["Content-Type"] = []string{declared}
	part, err := mw.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	mw.Close()
	return mw.FormDataContentType(), &b
}

func TestPhotoAPIAndUI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		p := f.addPerson(f.adminTok, `{"family_name":"Nguyễn","given_name":"Lan","sex":"female","birth_date":"1980"}`, f.w1)
		path := "/api/v1/people/" + strconv.FormatInt(p.ID, 10) + "/photo"
		if code, _, _ := f.do(f.adminTok, "GET", path, "", nil); code != 404 {
			t.Errorf("no photo yet: %d", code)
		}
		// Refused: bytes that are not an image, a type that lies, an oversize body.
		for _, c := range []struct {
			ct   string
			body []byte
		}{
			{"image/jpeg", []byte("<html>not a photo</html>")},
			{"image/jpeg", testPNG(t, 20, 20)},
			{"image/png", append(testPNG(t, 20, 20), make([]byte, 5<<20)...)},
		} {
			code, _, b := f.do(f.adminTok, "PUT", path, c.ct, bytes.NewReader(c.body))
			if code != 400 || !strings.Contains(string(b), `"field":"photo"`) || !strings.Contains(string(b), "Ảnh") {
				t.Errorf("PUT %s (%d bytes): %d %s", c.ct, len(c.body), code, b)
			}
		}
		if code, _, _ := f.do(f.adminTok, "GET", path, "", nil); code != 404 {
			t.Errorf("a refused upload was stored: %d", code)
		}
		if code, _, b := f.do(f.adminTok, "PUT", path, "image/png", bytes.NewReader(testPNG(t, 800, 1000))); code != 204 {
			t.Fatalf("PUT: %d %s", code, b)
		}
		code, h, b := f.do(f.adminTok, "GET", path, "", nil)
		if code != 200 || h.Get("Content-Type") != "image/jpeg" || !strings.Contains(h.Get("Cache-Control"), "no-store") {
			t.Fatalf("GET: %d %v", code, h)
		}
		if cfg, err := jpeg.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width != 480 || cfg.Height != 600 {
			t.Errorf("served %+v %v", cfg, err)
		}
		// Scope: an officer of another ward gets the same 404 as for a missing person; a viewer
		// of the ward sees the photo but may not change it.
		other := f.user("other", canbo.RoleOfficer, []int64{f.w3})
		for _, m := range []string{"GET", "DELETE"} {
			if code, _, _ := f.do(other, m, path, "", nil); code != 404 {
				t.Errorf("%s outside the scope: %d", m, code)
			}
		}
		if code, _, _ := f.do(other, "GET", "/people/"+strconv.FormatInt(p.ID, 10)+"/photo", "", nil); code != 404 {
			t.Errorf("UI photo outside the scope: %d", code)
		}
		viewer := f.user("viewer", canbo.RoleViewer, []int64{f.w1})
		if code, _, _ := f.do(viewer, "GET", path, "", nil); code != 200 {
			t.Errorf("viewer GET: %d", code)
		}
		if code, _, _ := f.do(viewer, "PUT", path, "image/png", bytes.NewReader(testPNG(t, 10, 10))); code != 403 {
			t.Errorf("viewer PUT: %d", code)
		}
		_, n, _ := db.AuditEvents(sys, audit.Filter{Action: "person.photo.read", EntityID: strconv.FormatInt(p.ID, 10)})
		if n != 2 {
			t.Errorf("photo reads audited %d times, want 2", n)
		}

		// The profile form: an upload that lies about its type is refused beside the form,
		// a good one replaces the photo, and the profile shows it.
		ui := "/people/" + strconv.FormatInt(p.ID, 10) + "/photo"
		ct, body := multipartPhoto(t, testPNG(t, 30, 30), "image/jpeg")
		code, _, page := f.do(f.adminTok, "POST", ui, ct, body)
		if code != 422 || !strings.Contains(string(page), `id="photo-error"`) {
			t.Errorf("lying upload: %d", code)
		}
		ct, body = multipartPhoto(t, testPNG(t, 30, 40), "image/png")
		if code, h, _ := f.do(f.adminTok, "POST", ui, ct, body); code != 303 || !strings.HasSuffix(h.Get("Location"), "#photo") {
			t.Errorf("upload: %d %v", code, h)
		}
		_, _, b = f.do(f.adminTok, "GET", path, "", nil)
		if cfg, _ := jpeg.DecodeConfig(bytes.NewReader(b)); cfg.Width != 30 || cfg.Height != 40 {
			t.Errorf("replaced photo %+v", cfg)
		}
		_, _, page = f.do(f.adminTok, "GET", "/people/"+strconv.FormatInt(p.ID, 10), "", nil)
		if !strings.Contains(string(page), `id="photo-img"`) {
			t.Error("profile does not show the photo")
		}
		if code, _, _ := f.do(f.adminTok, "DELETE", path, "", nil); code != 204 {
			t.Errorf("DELETE: %d", code)
		}
		if code, _, _ := f.do(f.adminTok, "GET", path, "", nil); code != 404 {
			t.Errorf("after DELETE: %d", code)
		}
	})
}

// partyFixture adds a party committee with two cells and a member of the first, admitted
// 2012-03-01, with a post in w1 since 2010.
func (f *fixture) partyFixture(db *sqlstore.DB) (cell1, cell2 int64, member apiPerson) {
	f.t.Helper()
	mk := func(name, kind string, parent int64) int64 {
		ev, err := db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: day("2000-01-01"),
			New: &canbo.NewUnit{Hierarchy: canbo.Party, Name: name, Kind: kind, ParentID: parent}})
		if err != nil {
			f.t.Fatal(err)
		}
		return ev.Links[0].UnitID
	}
	committee := mk("Đảng bộ Phường Bến Nghé", "dang_bo_co_so", 0)
	cell1, cell2 = mk("Chi bộ Khu phố 1", "chi_bo_truc_thuoc", committee), mk("Chi bộ Khu phố 2", "chi_bo_truc_thuoc", committee)
	body := `{"family_name":"Trần","middle_name":"Văn","given_name":"Hải","sex":"male","birth_date":"1985-04-05",` +
		`"party":{"cell_id":` + strconv.FormatInt(cell1, 10) + `,"admitted_on":"2012-03-01","since":"2012-03-01"},` +
		`"post":{"unit_id":` + strconv.FormatInt(f.w1, 10) + `,"title":"Chuyên viên","from":"2010-01-01"}}`
	if code, b := f.api(f.adminTok, "POST", "/api/v1/people", body, &member); code != 201 {
		f.t.Fatalf("create member: %d %s", code, b)
	}
	return cell1, cell2, member
}

func TestMembershipAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		_, cell2, m := f.partyFixture(db)
		base := "/api/v1/people/" + strconv.FormatInt(m.ID, 10) + "/membership"
		var got canbo.Membership
		code, b := f.api(f.adminTok, "POST", base+"/transfers", `{"cell_id":`+strconv.FormatInt(cell2, 10)+`,"on":"01/06/2015","temporary":true,"until":"01/06/2016"}`, &got)
		if code != 201 || len(got.Cells) != 2 || !got.Cells[1].Temporary || got.Cells[0].To != "" {
			t.Fatalf("temporary transfer: %d %s", code, b)
		}
		code, b = f.api(f.adminTok, "POST", base+"/transfers", `{"cell_id":`+strconv.FormatInt(cell2, 10)+`,"on":"2018-01-01"}`, &got)
		if code != 201 || len(got.Cells) != 3 || got.Cells[0].To != "2018-01-01" {
			t.Fatalf("official transfer: %d %s", code, b)
		}
		for _, c := range []struct{ body, field string }{
			{`{"full_on":"2012-12-01"}`, "full_on"}, // inside probation
			{`{"full_on":"2011-01-01"}`, "full_on"}, // before admission
			{`{"full_on":"29/02/2013"}`, "full_on"}, // no such day
		} {
			if code, b := f.api(f.adminTok, "PATCH", base, c.body, nil); code != 400 || !strings.Contains(b, `"field":"`+c.field+`"`) {
				t.Errorf("PATCH %s: %d %s", c.body, code, b)
			}
		}
		if code, b := f.api(f.adminTok, "PATCH", base, `{"full_on":"2013-03-01","card_number":"79 012345"}`, &got); code != 200 || got.FullOn != "2013-03-01" {
			t.Errorf("PATCH: %d %s", code, b)
		}
		if code, b := f.api(f.adminTok, "POST", base+"/end", `{"on":"2020-05-01","reason":"death"}`, &got); code != 200 || got.EndedOn != "2020-05-01" {
			t.Errorf("end: %d %s", code, b)
		}
		// A viewer may not change membership.
		viewer := f.user("viewer", canbo.RoleViewer, []int64{f.w1})
		if code, _ := f.api(viewer, "PATCH", base, `{"card_number":"1"}`, nil); code != 403 {
			t.Errorf("viewer PATCH: %d", code)
		}
	})
}

func TestPostsAndEntriesForms(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		p := f.addPerson(f.adminTok, `{"family_name":"Phan","given_name":"Minh","sex":"male","birth_date":"1975-06-07"}`, f.w1)
		id := strconv.FormatInt(p.ID, 10)
		var tl struct {
			Posts []canbo.Post `json:"posts"`
		}
		f.api(f.adminTok, "GET", "/api/v1/people/"+id+"/timeline", "", &tl)
		post := strconv.FormatInt(tl.Posts[0].ID, 10)

		// API: a post cannot end before it starts; then it ends.
		if code, b := f.api(f.adminTok, "POST", "/api/v1/people/"+id+"/posts/"+post+"/end", `{"to":"2023-12-31"}`, nil); code != 400 || !strings.Contains(b, "post.to") {
			t.Errorf("end before start: %d %s", code, b)
		}
		var ended canbo.Post
		if code, b := f.api(f.adminTok, "POST", "/api/v1/people/"+id+"/posts/"+post+"/end", `{"to":"2025-01-01"}`, &ended); code != 200 || ended.To != "2025-01-01" {
			t.Errorf("end: %d %s", code, b)
		}
		// UI: add a post, by unit number.
		code, h, _ := f.form(f.adminTok, "/people/"+id+"/posts", url.Values{"unit": {"#" + strconv.FormatInt(f.w2, 10)}, "title": {"Phó Chủ tịch"}, "from": {"02/01/2025"}})
		if code != 303 || !strings.HasSuffix(h.Get("Location"), "#posts") {
			t.Errorf("add post: %d", code)
		}
		code, _, page := f.form(f.adminTok, "/people/"+id+"/posts", url.Values{"unit": {"#" + strconv.FormatInt(f.w2, 10)}, "title": {"X"}, "from": {"31/02/2025"}})
		if code != 422 || !strings.Contains(page, `id="posts-error"`) || !strings.Contains(page, "31/02/2025") {
			t.Errorf("impossible date: %d", code)
		}
		f.api(f.adminTok, "GET", "/api/v1/people/"+id+"/timeline", "", &tl)
		if len(tl.Posts) != 2 {
			t.Errorf("posts after one added and one refused: %+v", tl.Posts)
		}

		// UI: timeline entries; a bad coefficient is named and nothing is written.
		salary := url.Values{"kind": {"salary"}, "from": {"01/2020"}, "title": {"Chuyên viên"}, "details.grade_code": {"01.003"},
			"details.step": {"3"}, "details.coefficient": {"ba phẩy ba"}}
		code, _, page = f.form(f.adminTok, "/people/"+id+"/entries", salary)
		if code != 422 || !strings.Contains(page, `id="entry-salary-error"`) || !strings.Contains(page, "Hệ số") {
			t.Errorf("bad coefficient: %d", code)
		}
		salary.Set("details.coefficient", "3,33")
		salary.Set("details.invented", "not a column of the salary table")
		if code, _, _ := f.form(f.adminTok, "/people/"+id+"/entries", salary); code != 303 {
			t.Errorf("salary: %d", code)
		}
		var entries struct {
			Entries []canbo.Entry `json:"entries"`
		}
		f.api(f.adminTok, "GET", "/api/v1/people/"+id+"/timeline", "", &entries)
		if len(entries.Entries) != 1 || entries.Entries[0].Details["coefficient"] != "3.33" || entries.Entries[0].Details["invented"] != "" {
			t.Errorf("stored entries: %+v", entries.Entries)
		}
		// Sensitive kinds need their grant, in the form and in the table.
		officer := f.user("officer", canbo.RoleOfficer, []int64{f.w2}) // the current post
		discipline := url.Values{"kind": {"discipline"}, "from": {"01/02/2021"}, "title": {"Vi phạm"}, "details.level": {"Khiển trách"}, "details.authority": {"UBND"}}
		if code, _, _ := f.form(officer, "/people/"+id+"/entries", discipline); code != 403 {
			t.Errorf("discipline without grant: %d", code)
		}
		if code, _, _ := f.form(f.adminTok, "/people/"+id+"/entries", discipline); code != 303 {
			t.Errorf("discipline with grant: %d", code)
		}
		_, _, b := f.do(f.adminTok, "GET", "/people/"+id, "", nil)
		admin := string(b)
		for _, want := range []string{`data-kind="salary"`, "3,33", "01.003", "Phó Chủ tịch", `data-kind="discipline"`, "Khiển trách", `id="entry-family-form"`} {
			if !strings.Contains(admin, want) {
				t.Errorf("admin profile lacks %q", want)
			}
		}
		_, _, b = f.do(officer, "GET", "/people/"+id, "", nil)
		if s := string(b); strings.Contains(s, "Khiển trách") || strings.Contains(s, `id="entry-discipline-form"`) || !strings.Contains(s, "3,33") {
			t.Error("officer without grant sees the discipline table or lacks the salary table")
		}
	})
}

func TestPlaceLinksAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		p := f.addPerson(f.adminTok, `{"family_name":"Võ","given_name":"Hà","sex":"female","birth_date":"2005-02-03"}`, f.w1)
		path := "/api/v1/people/" + strconv.FormatInt(p.ID, 10)
		patch := func(body string) (int, string) {
			req, _ := http.NewRequest("PATCH", f.srv.URL+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+f.adminTok)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		if code, b := patch(`{"version":1,"birth_place_unit_id":999999}`); code != 400 || !strings.Contains(b, "birth_place_unit_id") {
			t.Errorf("unknown unit: %d %s", code, b)
		}
		if code, b := patch(`{"version":1,"birth_place_unit_id":` + strconv.FormatInt(f.w2, 10) + `,"home_town_unit_id":` + strconv.FormatInt(f.d2, 10) + `}`); code != 200 {
			t.Fatalf("link: %d %s", code, b)
		}
		var places struct {
			Items []canbo.PlaceLink `json:"items"`
		}
		f.api(f.adminTok, "GET", path+"/places", "", &places)
		if len(places.Items) != 2 || places.Items[0].Name != "Phường Đa Kao" || places.Items[1].UnitID != f.d2 {
			t.Errorf("places: %+v", places.Items)
		}
		var got map[string]any
		f.api(f.adminTok, "GET", path, "", &got)
		if got["birth_place_unit_id"] != float64(f.w2) {
			t.Errorf("person JSON: %v", got["birth_place_unit_id"])
		}
		_, _, page := f.do(f.adminTok, "GET", "/people/"+strconv.FormatInt(p.ID, 10), "", nil)
		if !strings.Contains(string(page), `<a href="/org/units/`+strconv.FormatInt(f.w2, 10)+`">Phường Đa Kao</a>`) {
			t.Error("profile does not link the birthplace")
		}

		// The picker finds territory units beyond the officer's scope (public reference data),
		// and nothing else.
		if _, err := db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: day("2000-01-01"),
			New: &canbo.NewUnit{Hierarchy: canbo.Party, Name: "Đảng ủy Phường Võ Thị Sáu", Kind: "dang_uy"}}); err != nil {
			t.Fatal(err)
		}
		officer := f.user("officer", canbo.RoleOfficer, []int64{f.w1})
		code, _, b := f.do(officer, "GET", "/people/places?fill=birth_place_unit_id&as_of=2005-02-03&q="+url.QueryEscape("vo thi sau"), "", nil)
		if s := string(b); code != 200 || !strings.Contains(s, `data-unit="`+strconv.FormatInt(f.w3, 10)+`"`) || strings.Count(s, `class="pick"`) != 1 {
			t.Errorf("picker: %d %s", code, b)
		}
		if code, _, _ := f.do(officer, "GET", "/people/places?fill=staff_code&q=vo", "", nil); code != 400 {
			t.Errorf("picker filling another field: %d", code)
		}
		viewer := f.user("viewer", canbo.RoleViewer, []int64{f.w1})
		if code, _, _ := f.do(viewer, "GET", "/people/places?fill=home_town_unit_id&q=vo", "", nil); code != 403 {
			t.Errorf("viewer picker: %d", code)
		}
	})
}

func TestAdmission(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		cell1, cell2, _ := f.partyFixture(db)
		p := f.addPerson(f.adminTok, `{"family_name":"Võ","given_name":"Thảo","sex":"female","birth_date":"2005-02"}`, f.w1)
		base := "/api/v1/people/" + strconv.FormatInt(p.ID, 10) + "/membership"
		for _, body := range []string{
			`{"cell_id":` + strconv.FormatInt(cell1, 10) + `,"admitted_on":"2023-01-31"}`, // 17 years 11 months
			`{"cell_id":` + strconv.FormatInt(cell1, 10) + `,"admitted_on":"2999-06-01"}`, // future
		} {
			if code, b := f.api(f.adminTok, "POST", base, body, nil); code != 400 || !strings.Contains(b, `"field":"party.admitted_on"`) {
				t.Errorf("POST %s: %d %s", body, code, b)
			}
		}
		viewer := f.user("viewer", canbo.RoleViewer, []int64{f.w1})
		if code, _ := f.api(viewer, "POST", base, `{"cell_id":`+strconv.FormatInt(cell1, 10)+`,"admitted_on":"2023-05-01"}`, nil); code != 403 {
			t.Errorf("viewer admits: %d", code)
		}
		var m canbo.Membership
		if code, b := f.api(f.adminTok, "POST", base, `{"cell_id":`+strconv.FormatInt(cell1, 10)+`,"admitted_on":"2023-05-01"}`, &m); code != 201 || len(m.Cells) != 1 || m.Cells[0].CellID != cell1 {
			t.Fatalf("admit: %d %s", code, b)
		}
		if code, b := f.api(f.adminTok, "POST", base, `{"cell_id":`+strconv.FormatInt(cell2, 10)+`,"admitted_on":"2024-05-01"}`, nil); code != 400 {
			t.Errorf("second admission: %d %s", code, b)
		}
		if _, n, _ := db.AuditEvents(sys, audit.Filter{Action: "person.party.admit", Entity: "person", EntityID: strconv.FormatInt(p.ID, 10)}); n != 1 {
			t.Errorf("audited admissions = %d", n)
		}

		// The profile form: a refusal names the field and shows the form again; then it admits.
		q := f.addPerson(f.adminTok, `{"family_name":"Lý","given_name":"Nam","sex":"male","birth_date":"1988"}`, f.w1)
		path := "/people/" + strconv.FormatInt(q.ID, 10)
		code, _, page := f.form(f.adminTok, path+"/membership/admit", url.Values{"cell": {"#" + strconv.FormatInt(cell2, 10)}, "admitted_on": {"30/02/2016"}})
		if code != 422 || !strings.Contains(page, `id="party-error"`) || !strings.Contains(page, `id="admit-form"`) {
			t.Errorf("bad admission form: %d", code)
		}
		if code, _, _ := f.form(f.adminTok, path+"/membership/admit", url.Values{"cell": {"#" + strconv.FormatInt(cell2, 10)}, "admitted_on": {"01/06/2016"}}); code != 303 {
			t.Errorf("admission form: %d", code)
		}
		_, _, b := f.do(f.adminTok, "GET", path, "", nil)
		if s := string(b); !strings.Contains(s, `id="cells-table"`) || !strings.Contains(s, "Chi bộ Khu phố 2") || strings.Contains(s, `id="admit-form"`) {
			t.Error("the profile does not show the new membership")
		}
	})
}
