package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"canbo"
)

// TestBrowserTraining: an officer opens "Đào tạo, bồi dưỡng" from the menu, adds a political-
// theory line to a party committee's plan, is refused a course ending before it starts, opens
// the course, enrols two people, sees the planned cadre's gap with the course named, completes
// the course for that cadre and finds the gap gone, the record's level raised and the plan's
// line counting 2 enrolled and 1 completed.
func TestBrowserTraining(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	now := e.now()
	today := now.Format("2006-01-02")
	owners := e.units(t, url.Values{"hierarchy": {"party"}, "as_of": {today}, "limit": {"1"}})
	if len(owners) == 0 {
		t.Fatal("no party unit in the demo trees")
	}
	owner := owners[0]
	sys := canbo.SystemContext(context.Background())
	var people []int64
	for _, given := range []string{"Thành", "Trí"} {
		person := &canbo.Person{FamilyName: "Đào", MiddleName: "Văn", GivenName: given, Sex: canbo.Male, BirthDate: "1984-04-04",
			Education: canbo.Education{PoliticalTheory: "Trung cấp"}}
		if err := e.db.CreatePerson(sys, person, &canbo.Post{UnitID: owner.ID, Title: "Chuyên viên", Primary: true, From: "2024-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
		people = append(people, person.ID)
	}
	pool := &canbo.PlanningPool{Term: "2025-2030", UnitID: owner.ID, Title: "Phó Bí thư Đảng ủy (đào tạo)", Level: "commune",
		Standards: "Cao cấp lý luận chính trị; uy tín trong Nhân dân."}
	if err := e.db.CreatePool(sys, pool); err != nil {
		t.Fatal(err)
	}
	if err := e.db.AddPoolCandidate(sys, &canbo.PoolCandidate{PoolID: pool.ID, PersonID: people[0], From: now.AddDate(0, -2, 0).Format("2006-01-02")}); err != nil {
		t.Fatal(err)
	}
	cadre := strconv.FormatInt(people[0], 10)
	unit := strconv.FormatInt(owner.ID, 10)
	year := strconv.Itoa(now.Year())

	b.login("dao.tao")
	b.open("/")
	b.do("open the menu item", chromedp.Click(chromedp.CSS(`#nav-training`)))
	b.waitVisible("#training-filter")
	b.open("/training?unit_id=" + unit + "&year=" + year)
	b.setField("#line-kind", canbo.TrainingPolitical)
	b.setField("#line-title", "Cao cấp lý luận chính trị")
	b.setField("#line-level", "Cao cấp")
	b.setField("#line-planned", "2")
	if got := b.submit("#line-save"); got != http.StatusOK {
		t.Fatalf("add the line: status %d: %s", got, b.text("body"))
	}
	b.waitVisible("#course-form")
	course := func(from, to string) int64 {
		b.setField("#course-title", "Lớp cao cấp lý luận chính trị K80")
		b.setField("#course-provider", "Học viện Chính trị khu vực II")
		b.setField("#course-from", from)
		b.setField("#course-to", to)
		b.setField("#course-mode", "part_time")
		b.setField("#course-level", "Cao cấp")
		return b.submit("#course-save")
	}
	start, end := now.AddDate(0, -6, 0).Format("2006-01-02"), now.AddDate(0, 0, -7).Format("2006-01-02")
	b.expectFailedLoad(http.StatusUnprocessableEntity, "/training/courses?unit_id="+unit+"&year="+year)
	if got := course(end, start); got != http.StatusUnprocessableEntity {
		t.Fatalf("course ending before it starts: status %d", got)
	}
	if got := b.text("#training-error"); !strings.Contains(got, "(to)") {
		t.Errorf("refusal shown: %q", got)
	}
	if got := course(start, end); got != http.StatusOK {
		t.Fatalf("open the course: status %d: %s", got, b.text("body"))
	}
	b.waitVisible("#enrol-form")
	courseURL := b.location()
	b.setField("#enrol-people", cadre+", "+strconv.FormatInt(people[1], 10))
	if got := b.submit("#enrol-submit"); got != http.StatusOK {
		t.Fatalf("enrol: status %d: %s", got, b.text("body"))
	}
	if got := len(b.texts(`#course-enrolments tr[data-status="enrolled"]`)); got != 2 {
		t.Fatalf("enrolled rows: %d", got)
	}

	gaps := "/training/gaps?unit_id=" + unit
	b.open(gaps)
	row := `#training-gaps tr[data-person="` + cadre + `"][data-kind="political_theory"]`
	if got := b.text(row); !strings.Contains(got, "Cao cấp") || !strings.Contains(got, "Trung cấp") {
		t.Fatalf("the cadre's gap before the course: %q", got)
	}
	if href := b.attr(row+` a[href^="/training/courses/"]`, "href"); "/training/courses/"+strings.TrimPrefix(href, "/training/courses/") != strings.SplitN(courseURL, "?", 2)[0] {
		t.Errorf("the gap names course %q, want %s", href, courseURL)
	}

	b.open(courseURL)
	b.setField("#done-"+cadre, end)
	b.setField("#result-"+cadre, "Giỏi")
	b.setField("#cert-"+cadre, "CC-8001")
	if got := b.submit("#complete-" + cadre); got != http.StatusOK {
		t.Fatalf("complete: status %d: %s", got, b.text("body"))
	}
	if got := b.text(`#course-enrolments tr[data-person="` + cadre + `"]`); !strings.Contains(got, "Hoàn thành") || !strings.Contains(got, "CC-8001") || !strings.Contains(got, "Trung cấp → Cao cấp") {
		t.Errorf("the completed row: %q", got)
	}
	b.open(gaps)
	if n := len(b.texts(row)); n != 0 {
		t.Errorf("the cadre's gap is still listed after the course (%d rows)", n)
	}
	person, err := e.db.FindPerson(sys, people[0])
	if err != nil || person.Education.PoliticalTheory != "cao_cap" {
		t.Errorf("record after the course: %+v, %v", person, err)
	}
	b.open("/training?unit_id=" + unit + "&year=" + year)
	if got := strings.Join(b.texts(`#training-lines tbody tr td.planned, #training-lines tbody tr td.enrolled, #training-lines tbody tr td.completed`), " "); got != "2 2 1" {
		t.Errorf("planned, enrolled, completed = %q, want 2 2 1", got)
	}
	if n := len(b.texts(`#training-chart rect`)); n != 3 {
		t.Errorf("chart bars: %d, want 3", n)
	}
}
