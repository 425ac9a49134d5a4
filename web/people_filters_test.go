package web_test

import (
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestPeopleFiltersAndColumns checks the list filters through the API and the page, the refusal
// of filters on sensitive classes without the grant, and the columns chosen in the URL.
func TestPeopleFiltersAndColumns(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		loc := f.addPerson(f.adminTok, `{"family_name":"Nguyễn","middle_name":"Phước","given_name":"Lộc","sex":"male","birth_date":"1965-09",
			"ethnicity":"Kinh","education":{"political_theory":"Cao cấp"}}`, f.w1)
		an := f.addPerson(f.adminTok, `{"family_name":"Lê","middle_name":"Văn","given_name":"An","sex":"male","birth_date":"1975","ethnicity":"Hoa"}`, f.w1)
		hoa := f.addPerson(f.adminTok, `{"family_name":"Trần","middle_name":"Thị","given_name":"Hoa","sex":"female","birth_date":"1995-02-03","ethnicity":"Kinh"}`, f.w1)
		entry := `{"kind":"evaluation","from":"2024","title":"Đánh giá năm 2024","details":{"level":"Hoàn thành tốt nhiệm vụ"}}`
		if code, b := f.api(f.adminTok, "POST", "/api/v1/people/"+strconv.FormatInt(loc.ID, 10)+"/entries", entry, nil); code != 201 {
			t.Fatalf("evaluation: %d %s", code, b)
		}
		officer := f.user("ward", canbo.RoleOfficer, []int64{f.w1})
		w1, w3 := strconv.FormatInt(f.w1, 10), strconv.FormatInt(f.w3, 10)
		names := map[int64]string{loc.ID: "Lộc", an.ID: "An", hoa.ID: "Hoa"}
		for _, c := range []struct {
			tok, query string
			code       int
			want       string // the given names found, in order; or the field of the error
		}{
			{f.adminTok, "sex=female", 200, "Hoa"},
			{f.adminTok, "age=under35", 200, "Hoa"},
			{f.adminTok, "age=46-55", 200, "An"},
			{f.adminTok, "age=56-60", 200, "Lộc"}, // 60 on 1 January 2026
			{f.adminTok, "age=over60", 200, ""},
			{f.adminTok, "ethnicity=Hoa", 200, "An"},
			{f.adminTok, "edu_political=Cao+c%E1%BA%A5p", 200, "Lộc"},
			{f.adminTok, "post_title=Chuy%C3%AAn&post_unit=" + w1, 200, "An Hoa Lộc"},
			{f.adminTok, "post_unit=" + w3, 200, ""},
			{f.adminTok, "post_title=Tr%C6%B0%E1%BB%9Fng", 200, ""},
			{f.adminTok, "evaluation=good", 200, "Lộc"},
			{f.adminTok, "evaluation=excellent", 200, ""},
			{officer, "sex=male", 200, "An Lộc"},
			{officer, "ethnicity=Hoa", 403, "ethnicity"},
			{officer, "evaluation=good", 403, "evaluation"},
			{f.adminTok, "evaluation=tot", 400, "evaluation"},
			{f.adminTok, "age=40", 400, "age"},
			{f.adminTok, "age=under35&born_from=1990", 400, "age"},
			{f.adminTok, "post_unit=abc", 400, "post_unit"},
			{f.adminTok, "post_unit=999999", 400, "post_unit"},
			{f.adminTok, "ethnicity=" + strings.Repeat("x", 51), 400, "ethnicity"},
		} {
			var list struct {
				Items []apiPerson `json:"items"`
				Total int         `json:"total"`
			}
			code, body := f.api(c.tok, "GET", "/api/v1/people?as_of=2026-01-01&"+c.query, "", &list)
			if code != c.code {
				t.Errorf("%s: %d %s, want %d", c.query, code, body, c.code)
				continue
			}
			if code != 200 {
				if !strings.Contains(body, `"field":"`+c.want+`"`) {
					t.Errorf("%s: %s, want an error naming %s", c.query, body, c.want)
				}
				continue
			}
			var got []string
			for _, p := range list.Items {
				got = append(got, names[p.ID])
			}
			if strings.Join(got, " ") != c.want || list.Total != len(got) {
				t.Errorf("%s: %q (total %d), want %q", c.query, got, list.Total, c.want)
			}
		}

		// Columns: the default (post and unit tell namesakes apart; issue 10), a choice kept in the URL, sensitive ones only when granted.
		page := func(tok, query string) (int, string) {
			return f.api(tok, "GET", "/people?as_of=2026-01-01&"+query, "", nil)
		}
		if code, body := page(f.adminTok, ""); code != 200 || !strings.Contains(body, "<th>Ngày sinh</th>") || !strings.Contains(body, "<th>Chức vụ</th>") ||
			!strings.Contains(body, "<th>Đơn vị</th>") || !strings.Contains(body, "<th>Tình trạng</th>") || strings.Contains(body, "<th>Số hiệu</th>") {
			t.Errorf("default columns: %d", code)
		}
		code, body := page(f.adminTok, "cols=post&cols=unit,party&cols=ethnicity")
		for _, want := range []string{"<th>Chức vụ</th>", "<th>Đơn vị</th>", "<th>Đảng viên</th>", "<th>Dân tộc</th>", "<td>Chuyên viên</td>",
			"<td>Phường Bến Nghé</td>", "<td>Hoa</td>", `name="cols" value="unit" checked`} {
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("chosen columns: %d, no %s", code, want)
			}
		}
		if strings.Contains(body, "<th>Ngày sinh</th>") {
			t.Error("a column not chosen is shown")
		}
		code, body = page(officer, "cols=ethnicity&cols=sex")
		if code != 200 || strings.Contains(body, "<th>Dân tộc</th>") || strings.Contains(body, ">Hoa<") || !strings.Contains(body, "<th>Giới tính</th>") ||
			strings.Contains(body, `name="ethnicity"`) || strings.Contains(body, `name="evaluation"`) {
			t.Errorf("officer without grants: %d, sensitive column or filter shown", code)
		}
		if code, body := page(f.adminTok, "cols=salary"); code != 400 || !strings.Contains(body, "salary") {
			t.Errorf("unknown column: %d", code)
		}
	})
}
