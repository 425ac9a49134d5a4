package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"canbo"
)

// TestBrowserPersonPicker: an officer scoped to one ward, on a phone-sized screen, enrols two
// people in a course without knowing a record number: types part of a surname without marks,
// sees the namesakes with birth year, post and unit (never the one of another ward), picks the
// first with the keyboard and the second with a tap on an answer at least 44 px high, takes
// one off and puts them back, and submits; both are saved as enrolled.
func TestBrowserPersonPicker(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	today := e.now().Format(time.DateOnly)
	ward := e.unitByCode(t, codeSaiGon, today)
	var other browserUnit
	for _, u := range e.units(t, url.Values{"hierarchy": {"territory"}, "as_of": {today}, "q": {"phuong"}, "limit": {"20"}}) {
		if u.ID != ward.ID {
			other = u
			break
		}
	}
	if other.ID == 0 {
		t.Fatal("no second ward in the demo trees")
	}
	sys := canbo.SystemContext(t.Context())
	person := func(given, born string, unit int64) int64 {
		p := &canbo.Person{FamilyName: "Khổng", MiddleName: "Thị Mỹ", GivenName: given, Sex: canbo.Female, BirthDate: born}
		if err := e.db.CreatePerson(sys, p, &canbo.Post{UnitID: unit, Title: "Chuyên viên tổ chức", Primary: true, From: "2025-07-01"}, nil); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	duyen, dung := person("Duyên", "1985-03-04", ward.ID), person("Dung", "1991", ward.ID)
	far := person("Duyệt", "1980", other.ID)
	plan := &canbo.TrainingPlan{UnitID: ward.ID, Year: e.now().Year(), Lines: []canbo.TrainingLine{{Kind: canbo.TrainingIT, Title: "Kỹ năng số", Planned: 2}}}
	if err := e.db.SaveTrainingPlan(sys, plan); err != nil {
		t.Fatal(err)
	}
	course := &canbo.Course{LineID: plan.Lines[0].ID, Title: "Kỹ năng số cho cán bộ phường", Provider: "Trung tâm Chuyển đổi số", Mode: "online",
		From: today, To: e.now().AddDate(0, 0, 10).Format(time.DateOnly)}
	if err := e.db.CreateCourse(sys, course); err != nil {
		t.Fatal(err)
	}
	officer, _ := e.newUser(t, "chon.nguoi", canbo.RoleOfficer, []int64{ward.ID})
	b.open("/login")
	b.enterPassword(officer)
	b.viewport(390, 844)

	b.open("/training/courses/" + strconv.FormatInt(course.ID, 10))
	b.waitVisible("#enrol-form")
	answer := func(id int64) string {
		return `#enrol-people-results button.person-pick[data-person="` + strconv.FormatInt(id, 10) + `"]`
	}
	b.do("type part of the name without marks", chromedp.SendKeys(chromedp.CSS("#enrol-people"), "khong thi my du"), chromedp.WaitVisible(chromedp.CSS(answer(dung))))
	if got := b.text(answer(duyen)); !strings.Contains(got, "Khổng Thị Mỹ Duyên") || !strings.Contains(got, "1985") || !strings.Contains(got, "Chuyên viên tổ chức") || !strings.Contains(got, ward.Name) {
		t.Errorf("the answer for Duyên reads %q, want name, 1985, post and %s", got, ward.Name)
	}
	b.checkFit("a course's enrolment form with its suggestions open at 390 px")
	if n := b.count(answer(far)); n != 0 {
		t.Errorf("the person of another ward is suggested")
	}
	if got := b.texts("#enrol-people-results button.person-pick strong"); strings.Join(got, "|") != "Khổng Thị Mỹ Dung|Khổng Thị Mỹ Duyên" {
		t.Errorf("answers %q, want Dung then Duyên (Vietnamese order)", got)
	}
	for _, h := range b.eval("#enrol-people-results button.person-pick", `Array.from(document.querySelectorAll(%s), el => String(el.getBoundingClientRect().height))`) {
		if v, _ := strconv.ParseFloat(h, 64); v < 44 {
			t.Errorf("an answer is %s px high at 390 px, want at least 44", h)
		}
	}
	// Keyboard: Down to the first answer (Dung), Down to Duyên, Enter picks her.
	b.do("choose with the keyboard", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	chosen := `#enrol-people-chosen input[name="person_id"]`
	if got := b.eval(chosen, `Array.from(document.querySelectorAll(%s), el => el.value)`); strings.Join(got, ",") != strconv.FormatInt(duyen, 10) {
		t.Fatalf("chosen after the keyboard: %q, want Duyên's %d", got, duyen)
	}
	if got := b.value("#enrol-people"); got != "" {
		t.Errorf("the box keeps %q after a choice, want it empty for the next name", got)
	}
	b.do("pick the second by tapping", chromedp.SendKeys(chromedp.CSS("#enrol-people"), "dung"), chromedp.WaitVisible(chromedp.CSS(answer(dung))), chromedp.Click(chromedp.CSS(answer(dung))))
	b.do("take Duyên off", chromedp.Click(chromedp.CSS(`#enrol-people-chosen li:first-child button.person-unpick`)))
	if got := b.eval(chosen, `Array.from(document.querySelectorAll(%s), el => el.value)`); strings.Join(got, ",") != strconv.FormatInt(dung, 10) {
		t.Fatalf("chosen after taking one off: %q, want Dung's %d", got, dung)
	}
	b.do("put her back", chromedp.SendKeys(chromedp.CSS("#enrol-people"), "duyen"), chromedp.WaitVisible(chromedp.CSS(answer(duyen))), chromedp.Click(chromedp.CSS(answer(duyen))))
	if got := b.submit("#enrol-submit"); got != http.StatusOK {
		t.Fatalf("enrol: status %d: %s", got, b.text("body"))
	}
	for _, id := range []int64{duyen, dung} {
		if n := b.count(`#course-enrolments tr[data-person="` + strconv.FormatInt(id, 10) + `"][data-status="enrolled"]`); n != 1 {
			t.Errorf("person %d enrolled rows: %d, want 1", id, n)
		}
	}
	c, err := e.db.Course(sys, course.ID)
	if err != nil || len(c.Enrolments) != 2 {
		t.Fatalf("stored enrolments: %+v, %v", c, err)
	}

	// Typed and sent without choosing (as without script): a name nobody in scope has is
	// refused on the field, naming it; the person of the other ward stays unknown.
	b.expectFailedLoad(http.StatusUnprocessableEntity, "/training/courses/"+strconv.FormatInt(course.ID, 10)+"/enrolments")
	b.do("type a name of another ward", chromedp.SendKeys(chromedp.CSS("#enrol-people"), "Khổng Thị Mỹ Duyệt"))
	if got := b.submit("#enrol-submit"); got != http.StatusUnprocessableEntity {
		t.Fatalf("an out-of-scope name: status %d, want 422", got)
	}
	if got := b.text("#course-error"); !strings.Contains(got, "Không tìm thấy ai tên") {
		t.Errorf("error %q", got)
	}
	if got := b.attr("#enrol-people", "aria-invalid"); got != "true" {
		t.Errorf("the picker is not marked invalid (%q)", got)
	}
}
