package web_test

import (
	"encoding/json"
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

type apiPerson struct {
	ID             int64  `json:"id"`
	FullName       string `json:"full_name"`
	BirthDate      string `json:"birth_date"`
	IdentityNumber string `json:"identity_number"`
	Ethnicity      string `json:"ethnicity"`
	Version        int64  `json:"version"`
}

// addPerson creates a person through the API with a first post in unit.
func (f *fixture) addPerson(tok, body string, unit int64) apiPerson {
	f.t.Helper()
	var p apiPerson
	body = strings.TrimSuffix(body, "}") + `,"post":{"unit_id":` + strconv.FormatInt(unit, 10) + `,"title":"Chuyên viên","from":"2024-01-01"}}`
	if code, b := f.api(tok, "POST", "/api/v1/people", body, &p); code != 201 {
		f.t.Fatalf("create person: %d %s", code, b)
	}
	return p
}

func TestAPIPeople(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		loc := f.addPerson(f.adminTok, `{"family_name":"Nguyễn","middle_name":"Phước","given_name":"Lộc","sex":"male","birth_date":"1965-09","identity_number":"079065000123","ethnicity":"Kinh"}`, f.w1)
		an := f.addPerson(f.adminTok, `{"family_name":"Lê","middle_name":"Văn","given_name":"An","sex":"male","birth_date":"1975"}`, f.w3)
		if loc.FullName != "Nguyễn Phước Lộc" || loc.BirthDate != "1965-09" || loc.Version != 1 {
			t.Fatalf("created %+v", loc)
		}
		var list struct {
			Items      []apiPerson `json:"items"`
			Total      int         `json:"total"`
			NextCursor *string     `json:"next_cursor"`
		}
		f.api(f.adminTok, "GET", "/api/v1/people?under="+strconv.FormatInt(f.city, 10)+"&q=nguyen+phuoc", "", &list)
		if list.Total != 1 || list.Items[0].ID != loc.ID || list.NextCursor != nil {
			t.Errorf("search: %+v", list)
		}
		f.api(f.adminTok, "GET", "/api/v1/people?limit=1", "", &list)
		if list.Total != 2 || len(list.Items) != 1 || list.Items[0].ID != an.ID || list.NextCursor == nil {
			t.Fatalf("first page: %+v", list)
		}
		f.api(f.adminTok, "GET", "/api/v1/people?limit=1&cursor="+url.QueryEscape(*list.NextCursor), "", &list)
		if len(list.Items) != 1 || list.Items[0].ID != loc.ID {
			t.Errorf("second page: %+v", list)
		}

		// ETag and If-Match.
		req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/people/"+strconv.FormatInt(loc.ID, 10), nil)
		req.Header.Set("Authorization", "Bearer "+f.adminTok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		tag := res.Header.Get("ETag")
		patch := func(ifMatch, body string) (int, string) {
			req, _ := http.NewRequest("PATCH", f.srv.URL+"/api/v1/people/"+strconv.FormatInt(loc.ID, 10), strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+f.adminTok)
			if ifMatch != "" {
				req.Header.Set("If-Match", ifMatch)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var b strings.Builder
			json.NewDecoder(res.Body).Decode(&map[string]any{})
			return res.StatusCode, b.String()
		}
		if code, _ := patch(tag, `{"phone":"0909123456"}`); code != 200 {
			t.Errorf("patch with the right ETag: %d", code)
		}
		if code, _ := patch(tag, `{"phone":"0909000000"}`); code != 412 {
			t.Errorf("patch with a stale ETag: %d, want 412", code)
		}
		if code, _ := patch("", `{"phone":"1"}`); code != 400 {
			t.Errorf("patch without If-Match: %d, want 400", code)
		}
		if code, _ := patch(`"`+strconv.FormatInt(loc.ID, 10)+`-2"`, `{"birth_date":"31/02/1965"}`); code != 400 {
			t.Errorf("patch with an impossible date: %d, want 400", code)
		}
		if code, b := f.api(f.adminTok, "POST", "/api/v1/people", `{"family_name":"Võ","given_name":"Hà","sex":"female","identity_number":"079065000123"}`, nil); code != 409 || !strings.Contains(b, "Nguyễn Phước Lộc") {
			t.Errorf("duplicate identity: %d %s", code, b)
		}

		// A ward officer without grants: the ward's people only, no sensitive fields, 404 outside.
		tok := f.user("bn", canbo.RoleOfficer, []int64{f.w1})
		var p map[string]any
		if code, b := f.api(tok, "GET", "/api/v1/people/"+strconv.FormatInt(loc.ID, 10), "", &p); code != 200 {
			t.Fatalf("own ward's person: %d %s", code, b)
		}
		for _, k := range []string{"identity_number", "ethnicity", "religion", "health"} {
			if _, ok := p[k]; ok {
				t.Errorf("%s present without a grant: %v", k, p)
			}
		}
		_, missing := f.api(tok, "GET", "/api/v1/people/999999", "", nil)
		for _, path := range []string{"/api/v1/people/%d", "/api/v1/people/%d/timeline"} {
			code, body := f.api(tok, "GET", strings.Replace(path, "%d", strconv.FormatInt(an.ID, 10), 1), "", nil)
			if code != 404 || body != missing {
				t.Errorf("%s outside the ward: %d %s", path, code, body)
			}
		}
		f.api(tok, "GET", "/api/v1/people?q=le+van+an", "", &list)
		if list.Total != 0 {
			t.Errorf("search finds a person outside the ward")
		}
		f.api(tok, "GET", "/api/v1/people?q=079065000123", "", &list)
		if list.Total != 0 {
			t.Errorf("identity search without the grant found someone")
		}
		if code, _ := f.api(tok, "PATCH", "/api/v1/people/"+strconv.FormatInt(loc.ID, 10), `{"version":2,"identity_number":"079065000999"}`, nil); code != 403 {
			t.Errorf("patching identity without the grant: %d, want 403", code)
		}
		// The HTML profile leaves the fields out too, and the read is audited.
		c := browserClient(t)
		post(t, c, f.srv.URL+"/login", "", url.Values{"username": {"bn"}, "password": {"mật khẩu dài"}})
		code, body, _ := get(t, c, f.srv.URL+"/people/"+strconv.FormatInt(loc.ID, 10))
		if code != 200 || !strings.Contains(body, "NGUYỄN PHƯỚC LỘC") || strings.Contains(body, "079065000123") || strings.Contains(body, "Kinh") {
			t.Errorf("profile page: %d", code)
		}
		code, body, _ = get(t, c, f.srv.URL+"/people?q=loc")
		if code != 200 || !strings.Contains(body, "Nguyễn Phước Lộc") || strings.Contains(body, "Lê Văn An") {
			t.Errorf("people page: %d", code)
		}
		evs, _, _ := db.AuditEvents(sys, audit.Filter{Action: "person.read", Username: "bn"})
		if len(evs) != 2 { // the API read and the page
			t.Errorf("%d person.read events by bn, want 2", len(evs))
		}
	})
}

func TestPersonFormConflict(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	f.user("bn", canbo.RoleOfficer, []int64{f.w1})
	c := browserClient(t)
	post(t, c, f.srv.URL+"/login", "", url.Values{"username": {"bn"}, "password": {"mật khẩu dài"}})
	res := post(t, c, f.srv.URL+"/people", "", url.Values{"family_name": {"Trần"}, "middle_name": {"Thị"}, "given_name": {"Ánh"},
		"sex": {"female"}, "birth_date": {"03/1980"}, "staff_type": {"civil_servant"}, "unit": {"Bến Nghé"}, "title": {"Văn thư"}, "from": {"01/01/2024"}})
	if res.StatusCode != 303 {
		t.Fatalf("create through the form: %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/people/"), "?saved=1")
	form := url.Values{"family_name": {"Trần"}, "middle_name": {"Thị"}, "given_name": {"Ánh"}, "sex": {"female"}, "birth_date": {"1980-03"},
		"staff_type": {"civil_servant"}, "version": {"1"}}
	first := url.Values{}
	for k, v := range form {
		first[k] = v
	}
	first.Set("phone", "0909111111")
	if res := post(t, c, f.srv.URL+"/people/"+id, "", first); res.StatusCode != 303 {
		t.Fatalf("first save: %d", res.StatusCode)
	}
	second := form
	second.Set("phone", "0909222222")
	req, _ := http.NewRequest("POST", f.srv.URL+"/people/"+id, strings.NewReader(second.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	buf := make([]byte, 1<<16)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	res.Body.Close()
	if res.StatusCode != 409 || !strings.Contains(b.String(), `id="conflict"`) || !strings.Contains(b.String(), "0909222222") || !strings.Contains(b.String(), "0909111111") {
		t.Errorf("stale save: %d; want the conflict screen with both phones", res.StatusCode)
	}
	// Bad input: the field is named and marked.
	bad := url.Values{"family_name": {"Trần"}, "given_name": {"Ánh"}, "sex": {"female"}, "birth_date": {"31/02/1980"}, "staff_type": {"civil_servant"}, "version": {"2"}}
	req, _ = http.NewRequest("POST", f.srv.URL+"/people/"+id, strings.NewReader(bad.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, _ = c.Do(req)
	b.Reset()
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	res.Body.Close()
	if res.StatusCode != 422 || !strings.Contains(b.String(), `id="birth_date" name="birth_date" value="31/02/1980" aria-invalid="true"`) {
		t.Errorf("impossible date: %d", res.StatusCode)
	}
}
