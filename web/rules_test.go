package web_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// postForm posts a form and returns the status, the body and the redirect target.
func postForm(t *testing.T, c *http.Client, u string, form url.Values) (int, string, string) {
	t.Helper()
	res, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

// signIn logs a browser client in; administrators enrol their second factor.
func (f *fixture) signIn(t *testing.T, username string) *http.Client {
	t.Helper()
	c := browserClient(t)
	res := post(t, c, f.srv.URL+"/login", "", url.Values{"username": {username}, "password": {"mật khẩu dài"}})
	if strings.HasPrefix(res.Header.Get("Location"), "/login/totp") {
		enrolTOTP(t, c, f.srv.URL)
	} else if res.StatusCode != 303 {
		t.Fatalf("login %s: %d", username, res.StatusCode)
	}
	return c
}

// retirement asks the API for a man's retirement date and the document it follows.
func (f *fixture) retirement(tok, birth string) string {
	f.t.Helper()
	var a struct {
		Date   string `json:"retirement_date"`
		Source struct {
			Number string `json:"number"`
		} `json:"source"`
	}
	if code, body := f.api(tok, "GET", "/api/v1/rules/retirement?sex=male&birth="+birth, "", &a); code != 200 {
		f.t.Fatalf("retirement %s: %d %s", birth, code, body)
	}
	return a.Date + " " + a.Source.Number
}

var (
	paramsBase = regexp.MustCompile(`<input type="hidden" name="params" value="([^"]*)">`)
	capField   = regexp.MustCompile(`<input id="p.male.cap.years" name="p.male.cap.years" value="62"`)
)

// TestRuleVersionThroughUI: an administrator adds a retirement version through the form; results
// for retirements from its date change, earlier ones do not, the page shows who added it, the
// audit trail names the administrator, and bad input is refused with the field named.
func TestRuleVersionThroughUI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		officerTok := f.user("cv", canbo.RoleOfficer, []int64{f.d1})
		const before1970, before1964 = "2032-01-31 135/2020/NĐ-CP", "2026-04-30 135/2020/NĐ-CP"
		if got := f.retirement(f.adminTok, "1970-01"); got != before1970 {
			t.Fatalf("default: %s", got)
		}
		admin := f.signIn(t, "admin")
		code, body, _ := get(t, admin, f.srv.URL+"/rules/retirement/versions/new")
		m := paramsBase.FindStringSubmatch(body)
		if code != 200 || m == nil || !capField.MatchString(body) || !strings.Contains(body, "Nam · Tuổi nghỉ hưu cuối lộ trình · số năm") {
			t.Fatalf("form: %d, parameters %q, labelled field for the men's final age: %v", code, m, capField.MatchString(body))
		}
		params := html.UnescapeString(m[1])
		form := url.Values{"from": {"01/01/2027"}, "doc_kind": {"Nghị định"}, "doc_number": {"99/2026/NĐ-CP"}, "doc_date": {"15/11/2026"},
			"doc_issuer": {"Chính phủ"}, "doc_title": {"Nghị định sửa đổi tuổi nghỉ hưu"}, "status": {"firm"}, "params": {params},
			"p.male.cap.years": {"63"}, "p.notice_months": {"6"}}

		// Bad input: the form comes back with the message and the field marked; nothing is stored.
		for _, c := range []struct {
			change url.Values
			field  string
			msg    string
		}{
			{url.Values{"p.notice_months": {"sáu"}}, "p.notice_months", `phải là số nguyên, không phải "sáu"`},
			{url.Values{"p.male.cap.years": {"-1"}}, "params", "tuổi nghỉ hưu của nam phải lớn hơn 0"},
			{url.Values{"p.male.cap.days": {"1"}}, "params", "không có"},
			{url.Values{"params": {strings.Replace(params, `"notice_months"`, `"notice_monhts"`, 1)}, "p.notice_months": nil}, "params", `notice_monhts`},
			{url.Values{"params": {`{"from": "2027-01-01"}`}, "p.notice_months": nil, "p.male.cap.years": nil}, "params", "Không ghi"},
			{url.Values{"params": {"khong phai JSON"}}, "params", "đối tượng JSON"},
			{url.Values{"from": {"31/02/2027"}}, "from", "31/02/2027"},
			{url.Values{"doc_number": {" "}}, "doc_number", "số hiệu"},
			{url.Values{"status": {"chac"}}, "status", "Mức độ xác thực"},
		} {
			bad := url.Values{}
			for k, v := range form {
				bad[k] = v
			}
			for k, v := range c.change {
				if v == nil {
					delete(bad, k)
				} else {
					bad[k] = v
				}
			}
			code, body, _ := postForm(t, admin, f.srv.URL+"/rules/retirement/versions/new", bad)
			if code != 422 || !strings.Contains(html.UnescapeString(body), c.msg) || !regexp.MustCompile(`id="`+c.field+`"[^>]*aria-invalid="true"`).MatchString(body) {
				t.Errorf("bad form %v: %d, want 422 with %q and %s marked", c.change, code, c.msg, c.field)
			}
			if v := c.change.Get("p.notice_months"); v != "" && !strings.Contains(body, `value="`+v+`"`) {
				t.Errorf("the refused form lost what was typed: %q", v)
			}
		}
		if list, _ := db.RuleVersions(sys); len(list) != 0 {
			t.Fatalf("refused forms stored %d versions", len(list))
		}

		code, _, loc := postForm(t, admin, f.srv.URL+"/rules/retirement/versions/new", form)
		if code != 303 || !strings.HasPrefix(loc, "/rules?added=") {
			t.Fatalf("add: %d → %s", code, loc)
		}
		if got := f.retirement(f.adminTok, "1970-01"); got != "2033-01-31 99/2026/NĐ-CP" {
			t.Errorf("after: born 01/1970 retires %s, want 2033-01-31 under the new decree", got)
		}
		if got := f.retirement(officerTok, "1964-10"); got != before1964 {
			t.Errorf("after: born 10/1964 retires %s, want %s as before", got, before1964)
		}
		// The rules page marks the new version as in force from 2027 and names who added it.
		_, page, _ := get(t, admin, f.srv.URL+"/rules?as_of=2027-06-01")
		row := regexp.MustCompile(`(?s)<tr data-from="2027-01-01" class="in-force" aria-current="true">.*?</tr>`).FindString(page)
		if !strings.Contains(row, "99/2026/NĐ-CP") || !strings.Contains(row, "admin") {
			t.Errorf("rules page row for the new version: %q", row)
		}
		if !strings.Contains(page, `<tr data-from="2025-07-01">`) {
			t.Error("the version it closed is not listed as a past version")
		}
		// The audit trail names the administrator.
		evs, _, _ := db.AuditEvents(sys, audit.Filter{Action: "rule.version"})
		if len(evs) != 1 || evs[0].Username != "admin" || !strings.Contains(evs[0].Reason, "99/2026/NĐ-CP") {
			t.Errorf("audit: %+v", evs)
		}
		_, auditPage, _ := get(t, admin, f.srv.URL+"/admin/audit?action=rule.version")
		if !strings.Contains(auditPage, "<td>admin</td>") || !strings.Contains(auditPage, `<td title="rule.version">Phiên bản quy định</td>`) {
			t.Error("the audit page does not show the addition by admin")
		}

		// A correction starting the same day replaces the addition; the list keeps both, the
		// first marked as replaced.
		form.Set("doc_number", "100/2026/NĐ-CP")
		if code, _, _ := postForm(t, admin, f.srv.URL+"/rules/retirement/versions/new", form); code != 303 {
			t.Fatalf("correction: %d", code)
		}
		if got := f.retirement(f.adminTok, "1970-01"); got != "2033-01-31 100/2026/NĐ-CP" {
			t.Errorf("after the correction: %s", got)
		}
		_, page, _ = get(t, admin, f.srv.URL+"/rules")
		first := regexp.MustCompile(`(?s)<tr id="stored-\d+">.*?</tr>`).FindAllString(page, -1)
		if len(first) != 2 || !strings.Contains(first[0], "99/2026/NĐ-CP") || !strings.Contains(first[0], "đã được thay thế") ||
			strings.Contains(first[1], "đã được thay thế") || !strings.Contains(first[1], "tuổi nghỉ hưu") {
			t.Errorf("stored versions listed: %q", first)
		}

		// Others read the rules but cannot add versions.
		officer := f.signIn(t, "cv")
		if code, body, _ := get(t, officer, f.srv.URL+"/rules"); code != 200 || !strings.Contains(body, "99/2026/NĐ-CP") || strings.Contains(body, "/versions/new") {
			t.Errorf("officer's rules page: %d", code)
		}
		if code, _, _ := get(t, officer, f.srv.URL+"/rules/retirement/versions/new"); code != 403 {
			t.Errorf("officer opens the form: %d", code)
		}
		if code, _, _ := postForm(t, officer, f.srv.URL+"/rules/retirement/versions/new", form); code != 403 {
			t.Errorf("officer posts the form: %d", code)
		}
	})
}

// TestRulesAPI: the list shows defaults and additions; an administrator adds through the API;
// others are refused; overlaps and unknown rules get a field.
func TestRulesAPI(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	viewer := f.user("xem", canbo.RoleViewer, []int64{f.d1})
	version := `{"source":{"kind":"Chỉ thị","number":"50-CT/TW","issuer":"Bộ Chính trị","date":"2029-06-01","title":"Thử","status":"check"},
		"from":"2029-06-01","term":"2030–2035","levels":[{"code":"grassroots","name":"đại hội đảng bộ cơ sở","month":"2030-04"}],
		"first_time_months":60,"reelect_months":30}`
	if code, body := f.api(viewer, "POST", "/api/v1/rules/congress/versions", version, nil); code != 403 {
		t.Errorf("viewer adds: %d %s", code, body)
	}
	var added struct {
		ID        int64  `json:"id"`
		From      string `json:"from"`
		CreatedBy string `json:"created_by"`
	}
	if code, body := f.api(f.adminTok, "POST", "/api/v1/rules/congress/versions", version, &added); code != 201 || added.CreatedBy != "admin" || added.From != "2029-06-01" {
		t.Fatalf("admin adds: %d %s", code, body)
	}
	overlap := strings.Replace(strings.Replace(version, `"from":"2029-06-01"`, `"from":"2028-01-01","to":"2030-01-01"`, 1), "50-CT", "49-CT", 1)
	for _, c := range []struct{ path, body, field string }{
		{"/api/v1/rules/congress/versions", overlap, "to"},
		{"/api/v1/rules/pension/versions", version, "rule"},
		{"/api/v1/rules/congress/versions", `{"from":"2031-01-01","source":{"number":"1"},"colour":"red"}`, "version"},
	} {
		code, body := f.api(f.adminTok, "POST", c.path, c.body, nil)
		if code != 400 || !strings.Contains(body, `"field":"`+c.field+`"`) {
			t.Errorf("POST %s: %d %s, want 400 naming %s", c.path, code, body, c.field)
		}
	}
	var list struct {
		Items []struct {
			Key      string `json:"key"`
			Versions []struct {
				From    string `json:"from"`
				To      string `json:"to"`
				InForce bool   `json:"in_force"`
				Added   *struct {
					CreatedBy string `json:"created_by"`
				} `json:"added"`
			} `json:"versions"`
		} `json:"items"`
		Stored []struct {
			ID int64 `json:"id"`
		} `json:"stored"`
	}
	if code, body := f.api(viewer, "GET", "/api/v1/rules?as_of=2029-07-01", "", &list); code != 200 || len(list.Items) != 10 || len(list.Stored) != 1 {
		t.Fatalf("list: %d %s", code, body)
	}
	congress := list.Items[1]
	last := congress.Versions[len(congress.Versions)-1]
	prev := congress.Versions[len(congress.Versions)-2]
	if congress.Key != "congress" || last.From != "2029-06-01" || !last.InForce || last.Added == nil || last.Added.CreatedBy != "admin" ||
		prev.To != "2029-06-01" || prev.InForce || prev.Added != nil {
		t.Errorf("congress versions: %+v", congress.Versions)
	}
}

// TestCalculator: a partial birth date gives retirement and every congress level and kind with
// the reasoning; picking a person respects the caller's scope.
func TestCalculator(t *testing.T) {
	f := newFixture(t, sqltest.MustOpen(t, sqlstore.SQLite))
	f.user("q1", canbo.RoleOfficer, []int64{f.d1})
	f.user("q3", canbo.RoleOfficer, []int64{f.d2})
	p := f.addPerson(f.adminTok, `{"family_name":"Nguyễn","middle_name":"Văn","given_name":"Lộc","sex":"male","birth_date":"1965-09"}`, f.w1)
	q1 := f.signIn(t, "q1")
	code, body, _ := get(t, q1, f.srv.URL+"/rules/calculator?birth=09/1965&sex=male")
	if code != 200 || !strings.Contains(body, `<dd id="retirement-date">30/06/2027</dd>`) || !strings.Contains(body, "61 tuổi 9 tháng") {
		t.Fatalf("calculator: %d, retirement %q", code, regexp.MustCompile(`<dd id="retirement-[^/]*</dd>`).FindAllString(body, -1))
	}
	// Retirement 06/2027; the commune congress (07/2025) leaves 23 months: not eligible, first or again.
	for _, level := range []string{"grassroots", "above-grassroots", "commune", "province", "government"} {
		row := regexp.MustCompile(`(?s)<tr data-level="` + level + `">.*?</tr>`).FindString(body)
		if !strings.Contains(row, `data-kind="first" data-eligible="false"`) || !strings.Contains(row, `data-kind="reelect" data-eligible="false"`) {
			t.Errorf("level %s: %q", level, row)
		}
	}
	if !strings.Contains(body, "còn 23 tháng") || !strings.Contains(body, "45-CT/TW") {
		t.Error("the reasoning (months left, source) is not shown")
	}
	// A younger woman is eligible for re-election at the commune congress (07/2025).
	_, body, _ = get(t, q1, f.srv.URL+"/rules/calculator?birth=1972&sex=female")
	row := regexp.MustCompile(`(?s)<tr data-level="commune">.*?</tr>`).FindString(body)
	if !strings.Contains(row, `data-kind="reelect" data-eligible="true"`) {
		t.Errorf("woman born 1972, commune: %q", row)
	}
	// Bad input is shown with the field.
	_, body, _ = get(t, q1, f.srv.URL+"/rules/calculator?birth=31/02/1965&sex=male")
	if !strings.Contains(body, `id="calc-error"`) || !regexp.MustCompile(`id="birth"[^>]*aria-invalid="true"`).MatchString(body) {
		t.Error("an impossible birth date is not reported on the birth field")
	}
	// A person in scope: found by search, computed from their record.
	_, body, _ = get(t, q1, f.srv.URL+"/rules/calculator?q=nguyen+van+loc")
	if !strings.Contains(body, "/rules/calculator?person="+strconv.FormatInt(p.ID, 10)) {
		t.Error("the search does not offer the person in scope")
	}
	_, body, _ = get(t, q1, f.srv.URL+"/rules/calculator?person="+strconv.FormatInt(p.ID, 10))
	if !strings.Contains(body, "Nguyễn Văn Lộc") || !strings.Contains(body, `<dd id="retirement-date">30/06/2027</dd>`) {
		t.Error("the calculator does not compute for the chosen person")
	}
	// Out of scope: neither found by search nor readable by id.
	q3 := f.signIn(t, "q3")
	_, body, _ = get(t, q3, f.srv.URL+"/rules/calculator?q=nguyen+van+loc&person="+strconv.FormatInt(p.ID, 10))
	if strings.Contains(body, "Lộc") || strings.Contains(body, "retirement-date") || !strings.Contains(body, "Không tìm thấy.") {
		t.Error("an officer of another district sees the person through the calculator")
	}
}
