package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

type apiCounts struct {
	Total      int     `json:"total"`
	Due        int     `json:"due"`
	DoneOnTime int     `json:"done_on_time"`
	DoneLate   int     `json:"done_late"`
	Overdue    int     `json:"overdue"`
	Postponed  int     `json:"postponed"`
	Cancelled  int     `json:"cancelled"`
	Rate       float64 `json:"rate"`
}

type apiCompletion struct {
	Scheduled apiCounts `json:"scheduled"`
	Arising   apiCounts `json:"arising"`
	ByHead    []struct {
		PersonID int64 `json:"person_id"`
		Due      int   `json:"due"`
		Done     int   `json:"done"`
		Overdue  int   `json:"overdue"`
	} `json:"by_head"`
}

type apiID struct {
	ID int64 `json:"id"`
}

// programmeAPI creates, through the API, a 2024 programme of the city with two heads.
func (f *fixture) programmeAPI(tok string) (prog, headA, headB int64) {
	f.t.Helper()
	headA = f.addPerson(f.adminTok, `{"family_name":"Nguyễn","middle_name":"Văn","given_name":"Bình","sex":"male","birth_date":"1970"}`, f.d1).ID
	headB = f.addPerson(f.adminTok, `{"family_name":"Lê","middle_name":"Thị","given_name":"Hoa","sex":"female","birth_date":"1975"}`, f.w3).ID
	var p apiID
	if code, b := f.api(tok, "POST", "/api/v1/programmes", fmt.Sprintf(`{"owner_unit_id":%d,"year":2024,"title":"Chương trình làm việc năm 2024"}`, f.city), &p); code != 201 || p.ID == 0 {
		f.t.Fatalf("create programme: %d %s", code, b)
	}
	return p.ID, headA, headB
}

func (f *fixture) addItemAPI(tok string, prog int64, title, due string, arising bool, head, unit int64) int64 {
	f.t.Helper()
	var it apiID
	body := fmt.Sprintf(`{"title":%q,"kind":"report","arising":%t,"due":%q,"head_person_id":%d,"presiding_unit_id":%d}`, title, arising, due, head, unit)
	if code, b := f.api(tok, "POST", fmt.Sprintf("/api/v1/programmes/%d/items", prog), body, &it); code != 201 || it.ID == 0 {
		f.t.Fatalf("add item %q: %d %s", title, code, b)
	}
	return it.ID
}

func (f *fixture) statusAPI(tok string, item int64, body string) (int, string) {
	f.t.Helper()
	return f.api(tok, "POST", fmt.Sprintf("/api/v1/programme-items/%d/status", item), body, nil)
}

func TestAPIProgrammes(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		officer := f.user("vanphong", canbo.RoleOfficer, []int64{f.city})
		viewer := f.user("xem", canbo.RoleViewer, []int64{f.city})
		outside := f.user("quan3", canbo.RoleOfficer, []int64{f.d2})
		prog, a, b := f.programmeAPI(officer)
		s1 := f.addItemAPI(officer, prog, "Báo cáo quý I", "2024-03-31", false, a, f.d1)
		s2 := f.addItemAPI(officer, prog, "Đề án chuyển đổi số", "2024-06-30", false, a, f.d1)
		s3 := f.addItemAPI(officer, prog, "Hội nghị sơ kết", "2024-07-15", false, b, f.d1)
		x1 := f.addItemAPI(officer, prog, "Báo cáo đột xuất về ngập", "2024-05-10", true, b, f.d1)
		for _, c := range []struct {
			item int64
			body string
		}{
			{s1, `{"status":"in_progress","on":"2024-02-01","note":"Đã giao Văn phòng"}`},
			{s1, `{"status":"done","on":"2024-03-30"}`},
			{s2, `{"status":"postponed","on":"2024-06-20","new_due":"2024-09-30","note":"Chờ ý kiến Trung ương"}`},
			{s3, `{"status":"cancelled","on":"2024-05-01","note":"Gộp vào hội nghị khác"}`},
			{x1, `{"status":"done","on":"2024-05-12"}`},
		} {
			if code, body := f.statusAPI(officer, c.item, c.body); code != 201 {
				t.Fatalf("status %s: %d %s", c.body, code, body)
			}
		}
		var c apiCompletion
		if code, body := f.api(viewer, "GET", fmt.Sprintf("/api/v1/programmes/%d/completion?as_of=2024-07-01", prog), "", &c); code != 200 {
			t.Fatalf("completion: %d %s", code, body)
		}
		if want := (apiCounts{Total: 2, Due: 1, DoneOnTime: 1, Postponed: 1, Cancelled: 1, Rate: 1}); c.Scheduled != want {
			t.Errorf("scheduled = %+v, want %+v", c.Scheduled, want)
		}
		if want := (apiCounts{Total: 1, Due: 1, DoneLate: 1, Rate: 1}); c.Arising != want {
			t.Errorf("arising = %+v, want %+v", c.Arising, want)
		}
		if len(c.ByHead) != 2 || c.ByHead[0].PersonID != a || c.ByHead[0].Due != 1 || c.ByHead[1].PersonID != b || c.ByHead[1].Done != 1 {
			t.Errorf("by_head = %+v", c.ByHead)
		}
		f.api(viewer, "GET", fmt.Sprintf("/api/v1/programmes/%d/completion?as_of=2024-10-01", prog), "", &c)
		if c.Scheduled.Overdue != 1 || c.Scheduled.Due != 2 || c.Scheduled.Rate != 0.5 {
			t.Errorf("after the postponed deadline: %+v", c.Scheduled)
		}

		// Bad input: 400 naming the field.
		for _, bad := range []struct {
			path, body, field string
		}{
			{fmt.Sprintf("/api/v1/programmes/%d/items", prog), fmt.Sprintf(`{"title":"X","due":"2025-02-01","head_person_id":%d,"presiding_unit_id":%d}`, a, f.d1), "due"},
			{fmt.Sprintf("/api/v1/programme-items/%d/status", s2), `{"status":"done","on":"2024-06-01"}`, "on"},
			{fmt.Sprintf("/api/v1/programme-items/%d/status", s3), `{"status":"done","on":"2024-06-01"}`, "status"},
			{fmt.Sprintf("/api/v1/programme-items/%d/status", s2), `{"status":"postponed","on":"2024-07-01"}`, "new_due"},
			{fmt.Sprintf("/api/v1/programme-items/%d/status", s2), `{"status":"in_progress","on":"2023-12-01"}`, "on"},
		} {
			code, body := f.api(officer, "POST", bad.path, bad.body, nil)
			if code != 400 || !strings.Contains(body, `"field":"`+bad.field+`"`) {
				t.Errorf("POST %s %s: %d %s, want 400 naming %s", bad.path, bad.body, code, body, bad.field)
			}
		}
		// Policies and scope.
		if code, _ := f.api(viewer, "POST", "/api/v1/programmes", fmt.Sprintf(`{"owner_unit_id":%d,"year":2024,"title":"X"}`, f.city), nil); code != 403 {
			t.Errorf("viewer creates a programme: %d", code)
		}
		if code, _ := f.statusAPI(viewer, s2, `{"status":"done","on":"2024-08-01"}`); code != 403 {
			t.Errorf("viewer records a status: %d", code)
		}
		for _, p := range []string{fmt.Sprintf("/api/v1/programmes/%d", prog), fmt.Sprintf("/api/v1/programmes/%d/completion", prog),
			fmt.Sprintf("/api/v1/programme-items/%d", s1), fmt.Sprintf("/programmes/%d", prog)} {
			if code, body := f.api(outside, "GET", p, "", nil); code != 404 {
				t.Errorf("out of scope GET %s: %d %s", p, code, body)
			}
		}
		if code, _ := f.api("", "GET", fmt.Sprintf("/api/v1/programmes/%d", prog), "", nil); code != 401 {
			t.Errorf("anonymous: %d", code)
		}
		var list struct {
			Items []struct {
				ID        int64 `json:"id"`
				ItemCount int   `json:"item_count"`
			} `json:"items"`
		}
		if code, _ := f.api(viewer, "GET", "/api/v1/programmes?year=2024", "", &list); code != 200 || len(list.Items) != 1 || list.Items[0].ItemCount != 4 {
			t.Errorf("list: %+v", list)
		}

		// Evidence: stored with its recognised type, served as an attachment, HTML refused.
		pdf := "%PDF-1.4\n%%EOF\n"
		var file struct {
			ID          int64  `json:"id"`
			ContentType string `json:"content_type"`
			SHA256      string `json:"sha256"`
		}
		if code, body := f.api(officer, "POST", fmt.Sprintf("/api/v1/programme-items/%d/files?name=bien-ban.pdf", s1), pdf, &file); code != 201 || file.ContentType != "application/pdf" {
			t.Fatalf("upload: %d %s", code, body)
		}
		if code, body := f.api(officer, "POST", fmt.Sprintf("/api/v1/programme-items/%d/files?name=x.pdf", s1), "<html><script>alert(1)</script></html>", nil); code != 400 ||
			!strings.Contains(body, `"field":"file"`) {
			t.Errorf("HTML upload: %d %s", code, body)
		}
		req, _ := http.NewRequest("GET", fmt.Sprintf("%s/programme-items/%d/files/%d", f.srv.URL, s1, file.ID), nil)
		req.Header.Set("Authorization", "Bearer "+viewer)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || string(got) != pdf || res.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("download: %d %q %v", res.StatusCode, got, res.Header)
		}
		if code, _ := f.api(outside, "GET", fmt.Sprintf("/api/v1/programme-items/%d/files/%d", s1, file.ID), "", nil); code != 404 {
			t.Errorf("download out of scope: %d", code)
		}

		// Pages render, with the figures and a chart.
		code, page := f.api(viewer, "GET", fmt.Sprintf("/programmes/%d?as_of=2024-07-01", prog), "", nil)
		if code != 200 || !strings.Contains(page, `id="unit-chart"`) || !strings.Contains(page, "100.0%") || strings.Contains(page, "<script>") {
			t.Errorf("programme page: %d", code)
		}
		if code, page := f.api(viewer, "GET", fmt.Sprintf("/programme-items/%d?as_of=2024-07-01", s1), "", nil); code != 200 || !strings.Contains(page, "bien-ban.pdf") {
			t.Errorf("item page: %d", code)
		}
		req, _ = http.NewRequest("GET", fmt.Sprintf("%s/programmes/%d/review.xlsx?as_of=2024-07-01", f.srv.URL, prog), nil)
		req.Header.Set("Authorization", "Bearer "+viewer)
		if res, err = http.DefaultClient.Do(req); err != nil {
			t.Fatal(err)
		}
		xl, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(string(xl), "PK") {
			t.Errorf("review export: %d", res.StatusCode)
		}
		req, _ = http.NewRequest("GET", fmt.Sprintf("%s/programmes/%d/review.docx?as_of=2024-07-01", f.srv.URL, prog), nil)
		req.Header.Set("Authorization", "Bearer "+viewer)
		if res, err = http.DefaultClient.Do(req); err != nil {
			t.Fatal(err)
		}
		doc, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(wordText(t, doc), "Báo cáo quý I") || !strings.Contains(wordText(t, doc), "100.0%") {
			t.Errorf("review in Word: %d", res.StatusCode)
		}
		if code, page := f.api(viewer, "GET", fmt.Sprintf("/programmes/compare?owner_unit_id=%d&as_of=2026-01-01", f.city), "", nil); code != 200 ||
			!strings.Contains(page, `data-year="2024"`) || !strings.Contains(page, "50.0%") {
			t.Errorf("yearly comparison: %d", code)
		}
		// Nhắc việc lists the items not done whose deadline in force comes within the horizon.
		if code, page := f.api(viewer, "GET", "/reminders?as_of=2024-07-01&within=120", "", nil); code != 200 || !strings.Contains(page, `id="programme-items"`) ||
			!strings.Contains(page, "Đề án chuyển đổi số") || strings.Contains(page, "Báo cáo quý I") {
			t.Errorf("reminders: %d, programme items shown: %t", code, strings.Contains(page, `id="programme-items"`))
		}
		if code, page := f.api(viewer, "GET", "/reminders?as_of=2024-07-01&within=30", "", nil); code != 200 || strings.Contains(page, "Đề án chuyển đổi số") {
			t.Errorf("reminders within 30 days: %d, the item due in September is listed", code)
		}
		// A head signed in sees their own items once the account is linked to their record.
		head := f.user("truongban", canbo.RoleViewer, []int64{f.city})
		var users []*canbo.User
		users, _ = db.ListUsers(sys)
		var headUser int64
		for _, u := range users {
			if u.Username == "truongban" {
				headUser = u.ID
			}
		}
		if code, body := f.api(officer, "PUT", fmt.Sprintf("/api/v1/users/%d/person", headUser), fmt.Sprintf(`{"person_id":%d}`, a), nil); code != 403 {
			t.Errorf("officer links an account: %d %s", code, body)
		}
		if code, body := f.api(f.adminTok, "PUT", fmt.Sprintf("/api/v1/users/%d/person", headUser), fmt.Sprintf(`{"person_id":%d}`, a), nil); code != 200 {
			t.Fatalf("link account: %d %s", code, body)
		}
		if code, page := f.api(head, "GET", "/programmes/mine?as_of=2024-07-01", "", nil); code != 200 || !strings.Contains(page, "Báo cáo quý I") || strings.Contains(page, "Báo cáo đột xuất") {
			t.Errorf("việc của tôi: %d", code)
		}
		if code, page := f.api(viewer, "GET", fmt.Sprintf("/programmes/mine?person=%d&as_of=2024-07-01", a), "", nil); code != 200 || !strings.Contains(page, "Báo cáo quý I") {
			t.Errorf("head's list: %d", code)
		}
	})
}

// wordText returns the XML of a .docx's main part.
func wordText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a docx: %v", err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			x, _ := io.ReadAll(r)
			r.Close()
			if err := xml.Unmarshal(x, new(struct{})); err != nil {
				t.Fatalf("document.xml is not well-formed: %v", err)
			}
			return string(x)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}
