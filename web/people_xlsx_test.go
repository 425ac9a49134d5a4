package web_test

import (
	"bytes"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestPeopleExport: the Excel file holds the list the API gives the same user — every page of
// it, in Vietnamese order, with the chosen columns — and the export is audited.
func TestPeopleExport(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		for _, p := range []struct {
			body string
			unit int64
		}{
			{`{"family_name":"Nguyễn","middle_name":"Văn","given_name":"Đức","sex":"male","birth_date":"1971-05"}`, f.w1},
			{`{"family_name":"Lê","middle_name":"Thị","given_name":"Ánh","sex":"female","birth_date":"1988-02-03"}`, f.w1},
			{`{"family_name":"Trần","given_name":"Ân","sex":"male","birth_date":"1990"}`, f.w1},
			{`{"family_name":"Phạm","middle_name":"Thị","given_name":"Ơn","sex":"female","birth_date":"1979"}`, f.w2},
		} {
			f.addPerson(f.adminTok, p.body, p.unit)
		}
		read := func(tok, query string) [][]string {
			t.Helper()
			code, h, b := f.do(tok, "GET", "/people/export.xlsx?"+query, "", nil)
			if code != 200 || !strings.Contains(h.Get("Content-Type"), "spreadsheetml") {
				t.Fatalf("export %s: %d %s", query, code, b)
			}
			x, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := x.GetRows(x.GetSheetList()[0])
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}
		listed := func(tok, query string) []string {
			t.Helper()
			var res struct {
				Items []apiPerson `json:"items"`
			}
			if code, b := f.api(tok, "GET", "/api/v1/people?limit=500&"+query, "", &res); code != 200 {
				t.Fatalf("list %s: %d %s", query, code, b)
			}
			var names []string
			for _, p := range res.Items {
				names = append(names, p.FullName)
			}
			return names
		}
		names := func(rows [][]string) []string {
			var out []string
			for _, r := range rows[4:] { // rows 1–3 say which list it is, row 4 the headers
				out = append(out, r[1])
			}
			return out
		}

		q := "under=" + strconv.FormatInt(f.w1, 10) + "&cols=birth,sex,unit"
		rows := read(f.adminTok, q)
		if want := []string{"STT", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị"}; !slices.Equal(rows[3], want) {
			t.Errorf("headers %q, want %q", rows[3], want)
		}
		if got, want := names(rows), listed(f.adminTok, "under="+strconv.FormatInt(f.w1, 10)); len(got) != 3 || !slices.Equal(got, want) {
			t.Errorf("rows %q, the API lists %q", got, want)
		}
		for _, r := range rows[4:] {
			if r[1] == "Lê Thị Ánh" && (r[2] != "03/02/1988" || r[3] != "Nữ") {
				t.Errorf("row %q", r)
			}
		}

		// A viewer of w2 exports what they may see, no more.
		viewer := f.user("viewer", canbo.RoleViewer, []int64{f.w2})
		if got, want := names(read(viewer, "")), listed(viewer, ""); !slices.Equal(got, want) || slices.Contains(got, "Lê Thị Ánh") {
			t.Errorf("viewer's export %q, the API lists %q", got, want)
		}
		if code, _, _ := f.do(f.adminTok, "GET", "/people/export.xlsx?cols=salary", "", nil); code != 400 {
			t.Errorf("unknown column: %d", code)
		}
		if _, n, _ := db.AuditEvents(sys, audit.Filter{Action: "export", Entity: "people"}); n != 2 {
			t.Errorf("audited people exports = %d, want 2", n)
		}
		// The list page links to the export with its filters.
		_, _, page := f.do(f.adminTok, "GET", "/people?"+url.Values{"under": {strconv.FormatInt(f.w1, 10)}}.Encode(), "", nil)
		if !strings.Contains(string(page), `href="/people/export.xlsx?under=`+strconv.FormatInt(f.w1, 10)) {
			t.Error("the list does not link to its export")
		}
	})
}
