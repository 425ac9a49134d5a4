package web_test

import (
	"strconv"
	"strings"
	"testing"

	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestAPICodes: the API takes a state list's code or its name and answers the code; a name no
// list knows is refused with 400 naming the field, nothing written; the lists are published.
func TestAPICodes(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		p := f.addPerson(f.adminTok, `{"family_name":"Thạch","middle_name":"Thị","given_name":"Sa","sex":"female","birth_date":"1985",
			"ethnicity":"khmer","education":{"political_theory":"Trung cấp","state_management":"CV"}}`, f.w1)
		if p.Ethnicity != "05" {
			t.Errorf("ethnicity answered %q, want the code 05", p.Ethnicity)
		}
		for _, c := range []struct{ body, field string }{
			{`"ethnicity":"Kinh Hoa"`, "ethnicity"},
			{`"religion":"Đạo ông bà"`, "religion"},
			{`"education":{"political_theory":"Cao cấp chính trị"}`, "education.political_theory"},
			{`"education":{"general":"13/12"}`, "education.general"},
		} {
			body := `{"family_name":"Lâm","given_name":"Chánh","sex":"male","birth_date":"1980",` + c.body +
				`,"post":{"unit_id":` + strconv.FormatInt(f.w1, 10) + `,"title":"Chuyên viên","from":"2024-01-01"}}`
			code, b := f.api(f.adminTok, "POST", "/api/v1/people", body, nil)
			if code != 400 || !strings.Contains(b, `"field":"`+c.field+`"`) || !strings.Contains(b, "Danh mục") {
				t.Errorf("%s: %d %s; want 400 naming the field and the list", c.field, code, b)
			}
		}
		var list struct {
			Total int `json:"total"`
		}
		if code, b := f.api(f.adminTok, "GET", "/api/v1/people?q=L%C3%A2m", "", &list); code != 200 || list.Total != 0 {
			t.Errorf("after refused writes: %d %s; want nobody written", code, b)
		}
		var lists map[string]struct {
			Items []struct{ Code, Name string } `json:"items"`
		}
		if code, b := f.api(f.adminTok, "GET", "/api/v1/vocab", "", &lists); code != 200 || len(lists["ethnicity"].Items) != 54 || lists["evaluation"].Items[1].Code != "good" {
			t.Errorf("lists: %d %.200s", code, b)
		}
	})
}
