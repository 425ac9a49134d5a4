package web_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"canbo"
	"canbo/audit"
	"canbo/rules"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
	"canbo/vn"
)

type reminderList struct {
	Items []struct {
		Kind       string `json:"kind"`
		PersonID   int64  `json:"person_id"`
		PersonName string `json:"person_name"`
		UnitName   string `json:"unit_name"`
		Title      string `json:"title"`
		Due        string `json:"due"`
		Event      string `json:"event"`
		Reason     string `json:"reason"`
	} `json:"items"`
	Counts map[string]int `json:"counts"`
}

// get fetches a page or file with a bearer token and returns the status and body.
func (f *fixture) get(tok, path string) (int, []byte) {
	f.t.Helper()
	req, err := http.NewRequest("GET", f.srv.URL+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// remindFixture has two people in district 1 and one in district 3, with a salary step, a
// discipline and an appointment.
type remindFixture struct {
	*fixture
	head, clerk, other, old apiPerson
}

const remindRange = "from=2026-01-01&to=2028-12-31&as_of=2026-01-01"

func newRemindFixture(t *testing.T, db *sqlstore.DB) *remindFixture {
	f := &remindFixture{fixture: newFixture(t, db)}
	add := func(body string, unit int64, title, from string) apiPerson {
		var p apiPerson
		body = strings.TrimSuffix(body, "}") + `,"post":{"unit_id":` + strconv.FormatInt(unit, 10) + `,"title":"` + title + `","from":"` + from + `"}}`
		if code, b := f.api(f.adminTok, "POST", "/api/v1/people", body, &p); code != 201 {
			t.Fatalf("create person: %d %s", code, b)
		}
		return p
	}
	f.head = add(`{"family_name":"Nguyễn","middle_name":"Văn","given_name":"Hùng","sex":"male","birth_date":"1966-05-10"}`, f.w1, "Trưởng phòng Văn hóa", "2024-01-01")
	f.clerk = add(`{"family_name":"Trần","middle_name":"Thị","given_name":"Lan","sex":"female","birth_date":"1971"}`, f.w2, "Chuyên viên", "2010-03-01")
	f.other = add(`{"family_name":"Lê","middle_name":"Văn","given_name":"Nam","sex":"male","birth_date":"1966-08"}`, f.w3, "Phó Chủ tịch Ủy ban nhân dân", "2021-07-01")
	f.old = add(`{"family_name":"Phạm","middle_name":"Văn","given_name":"Cũ","sex":"male","birth_date":"1955-02-03"}`, f.w1, "Chuyên viên", "2000-01-01")
	for _, e := range []struct {
		id   int64
		body string
	}{
		{f.head.ID, `{"kind":"salary","from":"2023-06-01","title":"Bậc 5","details":{"grade_code":"01.003","step":"5","coefficient":"3,66","grade_class":"university"}}`},
		{f.other.ID, `{"kind":"discipline","from":"2024-06-01","title":"Vi phạm chế độ báo cáo","details":{"level":"Khiển trách","authority":"Ban Thường vụ Đảng ủy"}}`},
		{f.clerk.ID, `{"kind":"secondment","from":"2025-01-01","to":"2026-12","title":"Biệt phái"}`},
	} {
		if code, b := f.api(f.adminTok, "POST", "/api/v1/people/"+strconv.FormatInt(e.id, 10)+"/entries", e.body, nil); code != 201 {
			t.Fatalf("entry: %d %s", code, b)
		}
	}
	return f
}

func retirementOf(t *testing.T, birth string, sex canbo.Sex) rules.RetirementResult {
	t.Helper()
	b, err := vn.ParseDate(birth)
	if err != nil {
		t.Fatal(err)
	}
	r, err := rules.Defaults().RetirementFor(b, sex, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRemindersAPI(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newRemindFixture(t, db)
		var all reminderList
		if code, b := f.api(f.adminTok, "GET", "/api/v1/reminders?"+remindRange, "", &all); code != 200 {
			t.Fatalf("reminders: %d %s", code, b)
		}
		find := func(l reminderList, kind string, id int64) (string, bool) {
			for _, it := range l.Items {
				if it.Kind == kind && it.PersonID == id {
					return it.Due, true
				}
			}
			return "", false
		}
		ret := retirementOf(t, "1966-05-10", canbo.Male)
		for kind, want := range map[string]time.Time{"retirement": ret.Date, "retirement_notice": ret.NoticeDate, "retirement_decision": ret.DecisionDate} {
			if got, ok := find(all, kind, f.head.ID); !ok || got != want.Format(time.DateOnly) {
				t.Errorf("%s of the head: %q, want %s", kind, got, want.Format(time.DateOnly))
			}
		}
		for kind, want := range map[string]string{"salary_step": "2026-06-01", "term_end": "2028-12-31", "discipline_end": "2026-06-01", "secondment_end": "2026-12-31"} {
			id := map[string]int64{"salary_step": f.head.ID, "term_end": f.head.ID, "discipline_end": f.other.ID, "secondment_end": f.clerk.ID}[kind]
			if got, ok := find(all, kind, id); !ok || got != want {
				t.Errorf("%s: %q, want %s", kind, got, want)
			}
		}
		if _, ok := find(all, "term_end", f.other.ID); ok {
			t.Error("an elected post (Phó Chủ tịch) has an appointment term")
		}
		if _, ok := find(all, "retirement", f.old.ID); ok {
			t.Error("a person retired in 2015 is listed in 2026–2028")
		}
		counted := map[string]int{}
		for _, it := range all.Items {
			counted[it.Kind]++
		}
		for k, n := range all.Counts {
			if counted[k] != n {
				t.Errorf("count of %s = %d, items %d", k, n, counted[k])
			}
		}

		// A viewer of district 1 without the discipline grant.
		viewer := f.user("viewer", canbo.RoleViewer, []int64{f.d1})
		var scoped reminderList
		if code, b := f.api(viewer, "GET", "/api/v1/reminders?"+remindRange, "", &scoped); code != 200 {
			t.Fatalf("scoped: %d %s", code, b)
		}
		for _, it := range scoped.Items {
			if it.PersonID == f.other.ID {
				t.Fatalf("district 1's viewer sees %s of district 3's %s", it.Kind, it.PersonName)
			}
		}
		if _, ok := scoped.Counts["discipline_end"]; ok {
			t.Error("discipline counted without the grant")
		}
		if _, ok := find(scoped, "secondment_end", f.clerk.ID); !ok {
			t.Error("district 1's viewer misses the clerk of Đa Kao")
		}
		if code, _ := f.api(viewer, "GET", "/api/v1/reminders?kind=discipline_end&"+remindRange, "", nil); code != 403 {
			t.Errorf("discipline without grant: %d", code)
		}
		// Filtered to ward 2 by an administrator.
		var ward reminderList
		f.api(f.adminTok, "GET", "/api/v1/reminders?under="+strconv.FormatInt(f.w2, 10)+"&"+remindRange, "", &ward)
		for _, it := range ward.Items {
			if it.PersonID != f.clerk.ID {
				t.Errorf("under ward 2: %s of %s", it.Kind, it.PersonName)
			}
		}
		// Bad parameters name their field.
		for _, c := range []struct{ q, field string }{
			{"within=abc", "within"}, {"within=-1", "within"}, {"from=2026-13-01", "from"}, {"kind=birthday", "kind"},
			{"from=2026-02-01&to=2026-01-01", "to"}, {"under=x", "under"}, {"limit=0", "limit"}, {"as_of=hôm-qua", "as_of"},
		} {
			code, b := f.api(f.adminTok, "GET", "/api/v1/reminders?"+c.q, "", nil)
			if code != 400 || !strings.Contains(b, `"field":"`+c.field+`"`) {
				t.Errorf("%s: %d %s", c.q, code, b)
			}
		}
		if code, _ := f.api(viewer, "GET", "/api/v1/reminders?under="+strconv.FormatInt(f.w3, 10), "", nil); code != 400 {
			t.Errorf("under a unit outside the scope: %d", code)
		}
	})
}

func TestRemindersPages(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newRemindFixture(t, db)
		var all reminderList
		f.api(f.adminTok, "GET", "/api/v1/reminders?"+remindRange, "", &all)
		code, b := f.get(f.adminTok, "/reminders?"+remindRange)
		if code != 200 {
			t.Fatalf("dashboard: %d %s", code, b)
		}
		page := string(b)
		for kind, n := range all.Counts {
			card := `data-kind="` + kind + `"><a href="#` + kind + `"><span class="count">` + strconv.Itoa(n) + `</span>`
			if !strings.Contains(page, card) {
				t.Errorf("dashboard lacks the card %s = %d", kind, n)
			}
		}
		if !strings.Contains(page, `href="/people/`+strconv.FormatInt(f.head.ID, 10)+`">Nguyễn Văn Hùng</a>`) {
			t.Error("dashboard does not link the head's profile")
		}

		// The export of one kind is a real workbook whose rows are the list.
		code, b = f.get(f.adminTok, "/reminders/export.xlsx?kind=retirement_notice&"+remindRange)
		if code != 200 {
			t.Fatalf("export: %d %s", code, b)
		}
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		sheet := x.GetSheetList()[0]
		rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		// Rows 1–3 say which list it is (TestExportWorkbooks); the headers are on row 4.
		if len(rows) < 4 || rows[3][0] != "STT" || rows[3][1] != "Họ và tên" || rows[3][5] != "Hạn" {
			t.Fatalf("headers: %v", rows[:min(len(rows), 4)])
		}
		var want []string
		for _, it := range all.Items {
			if it.Kind == "retirement_notice" {
				want = append(want, it.PersonName+"|"+it.Due+"|"+it.UnitName)
			}
		}
		var got []string
		for _, r := range rows[4:] {
			serial, err := strconv.ParseFloat(r[5], 64)
			if err != nil {
				t.Fatalf("due %q is not an Excel date", r[5])
			}
			due, err := excelize.ExcelDateToTime(serial, false)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, r[1]+"|"+due.Format(time.DateOnly)+"|"+r[3])
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") || len(want) == 0 {
			t.Errorf("export rows:\n%v\nwant\n%v", got, want)
		}
		openWorkbook(t, b).checkList(t, "Nhắc việc: Thông báo nghỉ hưu", "01/01/2026", []string{"Hạn từ 01/01/2026 – 31/12/2028"}, "admin",
			9, len(want))
		evs, _, err := db.AuditEvents(sys, audit.Filter{Action: "export", Entity: "reminders"})
		if err != nil || len(evs) != 1 || evs[0].Username != "admin" || !strings.Contains(evs[0].EntityID, "retirement_notice") {
			t.Errorf("export audit: %+v %v", evs, err)
		}
		if code, _ := f.get(f.adminTok, "/reminders/export.xlsx?"+remindRange); code != 400 {
			t.Errorf("export without a kind: %d", code)
		}

		// The calendar places the salary step on its day.
		code, b = f.get(f.adminTok, "/reminders/calendar?month=2026-06&as_of=2026-01-01")
		if code != 200 {
			t.Fatalf("calendar: %d %s", code, b)
		}
		cal := string(b)
		i := strings.Index(cal, `data-day="2026-06-01"`)
		j := strings.Index(cal, `data-day="2026-06-02"`)
		if i < 0 || j < i || !strings.Contains(cal[i:j], "Nguyễn Văn Hùng") || !strings.Contains(cal[i:j], `data-kind="salary_step"`) {
			t.Errorf("calendar day 01/06/2026 lacks the head's salary step")
		}
		if code, _ := f.get(f.adminTok, "/reminders/calendar?month=2026-13"); code != 400 {
			t.Errorf("bad month: %d", code)
		}

		// The profile's facts are the dashboard's dates.
		code, b = f.get(f.adminTok, "/people/"+strconv.FormatInt(f.head.ID, 10)+"/facts?as_of=2026-01-01")
		if code != 200 {
			t.Fatalf("facts: %d %s", code, b)
		}
		facts := string(b)
		ret := retirementOf(t, "1966-05-10", canbo.Male)
		calc := `href="/rules/calculator?person=` + strconv.FormatInt(f.head.ID, 10) + `"`
		for _, want := range []string{ret.Date.Format("02/01/2006"), "01/06/2026", "31/12/2028", calc} {
			if !strings.Contains(facts, want) {
				t.Errorf("facts lack %s", want)
			}
		}
		_, b = f.get(f.adminTok, "/people/"+strconv.FormatInt(f.old.ID, 10)+"/facts?as_of=2026-01-01")
		if !strings.Contains(string(b), "Đã nghỉ hưu từ") && !strings.Contains(string(b), "Đã đến tuổi nghỉ hưu từ") {
			t.Errorf("a retired person's facts: %s", b)
		}
		// Records that allow no retirement say why, and nothing else breaks.
		var unknown apiPerson
		body := `{"family_name":"Võ","given_name":"Ba","sex":"male","post":{"unit_id":` + strconv.FormatInt(f.w1, 10) + `,"title":"Chuyên viên","from":"2020-01-01"}}`
		if code, b := f.api(f.adminTok, "POST", "/api/v1/people", body, &unknown); code != 201 {
			t.Fatalf("create: %d %s", code, b)
		}
		code, b = f.get(f.adminTok, "/people/"+strconv.FormatInt(unknown.ID, 10)+"/facts")
		if code != 200 || !strings.Contains(string(b), "chưa có ngày sinh") {
			t.Errorf("facts without a birth date: %d %s", code, b)
		}
		// Out of scope looks like not found.
		viewer := f.user("viewer", canbo.RoleViewer, []int64{f.d2})
		if code, _ := f.get(viewer, "/people/"+strconv.FormatInt(f.head.ID, 10)+"/facts"); code != 404 {
			t.Errorf("facts out of scope: %d", code)
		}
	})
}
