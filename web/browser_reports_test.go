package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"canbo"
)

// TestBrowserReports (issue 19 items 2 and 3): in a ward with three people, the API's Biểu 01
// counts them; the workbook read back holds the figures of the screen in the same columns, in
// Times New Roman; the dashboard opens from the "Báo cáo" menu, and clicking the bar of women
// civil servants lands on the people list with those filters applied and that person alone.
func TestBrowserReports(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	on := e.now().Format("2006-01-02")
	wards := e.units(t, url.Values{"hierarchy": {"state"}, "as_of": {on}, "limit": {"1"}})
	if len(wards) == 0 {
		wards = e.units(t, url.Values{"hierarchy": {"state"}, "as_of": {on}, "limit": {"1"}})
	}
	if len(wards) == 0 {
		t.Fatal("no state unit in the demo trees")
	}
	ward := wards[0]
	sys := canbo.SystemContext(context.Background())
	for _, p := range []struct {
		given string
		sex   canbo.Sex
		st    canbo.StaffType
		prof  string
	}{{"Báo", canbo.Female, canbo.StaffCivilServant, "Đại học"}, {"Cáo", canbo.Male, canbo.StaffCivilServant, "Thạc sĩ"}, {"Biểu", canbo.Female, canbo.StaffCadre, "Đại học"}} {
		person := &canbo.Person{FamilyName: "Lâm", MiddleName: "Thị", GivenName: p.given, Sex: p.sex, BirthDate: "1980-05-05", StaffType: p.st,
			Education: canbo.Education{Professional: p.prof}}
		if err := e.db.CreatePerson(sys, person, &canbo.Post{UnitID: ward.ID, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	under := strconv.FormatInt(ward.ID, 10)
	var rep struct {
		Totals struct {
			Total           int            `json:"total"`
			Women           int            `json:"women"`
			StaffType       map[string]int `json:"staff_type"`
			EduProfessional map[string]int `json:"edu_professional"`
		} `json:"totals"`
		Rows []struct {
			UnitID int64 `json:"unit_id"`
		} `json:"rows"`
	}
	e.api(t, "/api/v1/reports/bieu01?under="+under+"&as_of="+on, &rep)
	if rep.Totals.Total < 3 || rep.Totals.Women < 2 || rep.Totals.StaffType["civil_servant"] < 2 || rep.Totals.EduProfessional["dh"] < 2 {
		t.Errorf("Biểu 01 of the ward: %+v", rep.Totals)
	}
	var people struct {
		Total int `json:"total"`
	}
	e.api(t, "/api/v1/people?under="+under+"&as_of="+on+"&exact=true&limit=1", &people)
	if people.Total != rep.Totals.Total {
		t.Errorf("Biểu 01 counts %d people, the people list %d", rep.Totals.Total, people.Total)
	}

	b.login("bao.cao")
	b.open("/")
	b.do("open the menu item", chromedp.Click(chromedp.CSS(`nav.modules a[href^="/reports"]`)))
	b.waitVisible(".dashboard")

	// Biểu 01 on screen and as a workbook.
	b.open("/reports/bieu01?under=" + under + "&as_of=" + on)
	b.waitVisible("#bieu01")
	screen := b.eval("#bieu01", `Array.from(document.querySelectorAll(%s + " tbody tr:first-child td.num")).map(td => td.textContent.trim())`)
	headers := b.eval("#bieu01", `Array.from(document.querySelectorAll(%s + " thead tr:last-child th")).map(th => th.textContent.trim())`)
	req, _ := http.NewRequest(http.MethodGet, e.URL+"/api/v1/reports/bieu01?format=xlsx&under="+under+"&as_of="+on, nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("workbook: status %d: %s", resp.StatusCode, body)
	}
	x, err := excelize.OpenReader(strings.NewReader(string(body)), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := x.GetSheetName(0)
	rows, err := x.GetRows(sheet)
	if err != nil || len(rows) < 6 {
		t.Fatalf("workbook rows: %v %q", err, rows)
	}
	total := rows[5]
	for i, want := range screen {
		got := ""
		if 2+i < len(total) {
			got = total[2+i]
		}
		if got != want {
			t.Errorf("column %d: workbook %q, screen %q", i+3, got, want)
		}
	}
	// The column names of the screen's second header row are those of the workbook's.
	var named []string
	for i, h := range rows[4] {
		if i >= 2 && h != "" {
			named = append(named, h)
		}
	}
	for _, h := range named {
		found := false
		for _, s := range headers {
			found = found || s == h
		}
		if !found {
			t.Errorf("workbook column %q is not on screen %q", h, headers)
		}
	}
	style, err := x.GetCellStyle(sheet, "C6")
	if err != nil {
		t.Fatal(err)
	}
	if st, err := x.GetStyle(style); err != nil || st.Font == nil || st.Font.Family != "Times New Roman" {
		t.Errorf("figures not in Times New Roman: %+v %v", st, err)
	}

	// The dashboard: click the bar of women civil servants.
	b.open("/reports?under=" + under + "&as_of=" + on)
	b.waitVisible("#chart-staff")
	bar := `#chart-staff a[href*="staff_type=civil_servant"][href*="sex=female"] rect`
	b.do("click the bar", chromedp.ScrollIntoView(chromedp.CSS(bar)), chromedp.Click(chromedp.CSS(bar)))
	b.waitVisible("#people-count")
	loc := b.location()
	u, err := url.Parse(loc)
	if err != nil || u.Path != "/people" {
		t.Fatalf("after the click at %s, want the people list", loc)
	}
	if q := u.Query(); q.Get("staff_type") != "civil_servant" || q.Get("sex") != "female" || q.Get("under") != under {
		t.Errorf("the list's filters: %s", loc)
	}
	if got := b.eval(`#people-filter select[name=staff_type]`, `[document.querySelector(%s).value]`); len(got) != 1 || got[0] != "civil_servant" {
		t.Errorf("staff type shown in the filter: %q", got)
	}
	if got := b.eval(`#people-filter select[name=sex]`, `[document.querySelector(%s).value]`); len(got) != 1 || got[0] != "female" {
		t.Errorf("sex shown in the filter: %q", got)
	}
	names := b.texts(".people-list tbody td a")
	if !contains(names, "Lâm Thị Báo") || contains(names, "Lâm Thị Cáo") || contains(names, "Lâm Thị Biểu") {
		t.Errorf("the list behind the bar: %q", names)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.Contains(v, s) {
			return true
		}
	}
	return false
}
