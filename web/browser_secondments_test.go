package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"canbo"
)

// TestBrowserSecondmentCohort: a city department receives a cohort of three people from three
// units for on-the-job training through the form; on the cohort page the host records a
// mentor, a task and an assessment and ends one secondment with the placement back; the
// person then leaves the host's "biệt phái đến" list and is still in the sending unit's list.
func TestBrowserSecondmentCohort(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	sys := canbo.SystemContext(context.Background())
	depts := e.units(t, url.Values{"hierarchy": {"state"}, "kind": {"so"}, "as_of": {"2026-01-01"}, "limit": {"1"}})
	if len(depts) == 0 {
		t.Fatal("no department in the demo trees")
	}
	mk := func(name string) int64 {
		ev, err := e.db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: day("2024-01-01"),
			New: &canbo.NewUnit{Hierarchy: canbo.State, Name: name, Kind: "phong", ParentID: depts[0].ID}})
		if err != nil {
			t.Fatal(err)
		}
		return ev.Links[0].UnitID
	}
	host := mk("Phòng Quản lý quy hoạch thử nghiệm")
	today := e.now().Format("2006-01-02")
	until := e.now().AddDate(0, 5, 0).Format("2006-01-02")
	staff := func(name string, unit int64) int64 {
		f := strings.Fields(name)
		p := &canbo.Person{FamilyName: f[0], MiddleName: f[1], GivenName: f[2], Sex: canbo.Female, BirthDate: "1990-05-06", StaffType: canbo.StaffCivilServant}
		if err := e.db.CreatePerson(sys, p, &canbo.Post{UnitID: unit, Title: "Công chức địa chính - xây dựng", Primary: true, From: "2024-01-02"}, nil); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	var senders, people []int64
	for i, n := range []string{"Lê Thị Thử", "Trần Thị Nghiệm", "Phạm Thị Phái"} {
		senders = append(senders, mk(fmt.Sprintf("Phòng Kinh tế thử nghiệm %d", i+1)))
		people = append(people, staff(n, senders[i]))
	}
	mentor := staff("Ngô Thị Hướng", host)

	b.login("biet.phai")
	b.open("/")
	b.do("open the menu item", chromedp.Click(chromedp.CSS(`#nav-secondments`)))
	b.waitVisible("#secondment-form")
	b.setField("#sec-to-id", strconv.FormatInt(host, 10))
	b.setField("#sec-to", "#"+strconv.FormatInt(host, 10))
	b.setField("#sec-people", fmt.Sprintf("%d, %d, %d", people[0], people[1], people[2]))
	b.setField("#sec-title", "Đào tạo tại chỗ cán bộ đô thị")
	b.setField("#sec-from", today)
	b.setField("#sec-until", until)
	b.setField("#sec-doc", "125/QĐ-SQHKT")
	if got := b.submit("#sec-save"); got != http.StatusOK {
		t.Fatalf("record the cohort: status %d: %s", got, b.text("#form-error"))
	}
	if loc := b.location(); !strings.HasPrefix(loc, "/secondments/cohorts/") {
		t.Fatalf("after the decision at %s, want the cohort page", loc)
	}
	if got := b.texts("#cohort-table td.sending"); len(got) != 3 || !strings.Contains(strings.Join(got, "|"), "Phòng Kinh tế thử nghiệm 3") {
		t.Fatalf("sending units of the cohort: %q, want the three units", got)
	}
	row := func(id int64) string { return fmt.Sprintf(`#cohort-table tr[data-person="%d"]`, id) }
	var sec string
	if ids := b.eval(row(people[0]), `[document.querySelector(%s).id.slice(1)]`); len(ids) == 1 {
		sec = ids[0]
	}
	forms := "#forms-" + sec
	open := func() { b.do("open the forms", chromedp.Click(chromedp.CSS(forms+" summary"))) }

	open()
	b.setField("#mentor-"+sec, strconv.FormatInt(mentor, 10))
	if got := b.submit(forms + " .mentor-form button"); got != http.StatusOK {
		t.Fatalf("mentor: status %d", got)
	}
	open()
	b.setField("#task-text-"+sec, "Thẩm định hồ sơ cấp giấy phép xây dựng")
	if got := b.submit(forms + " .task-form button"); got != http.StatusOK {
		t.Fatalf("task: status %d", got)
	}
	open()
	b.do("rate", chromedp.SetValue(chromedp.CSS("#as-rating-"+sec), "good"))
	b.setField("#as-text-"+sec, "Nắm vững quy trình thẩm định")
	if got := b.submit(forms + " .assessment-form button"); got != http.StatusOK {
		t.Fatalf("assessment: status %d", got)
	}
	if m, tk, as := b.text(row(people[0])+" td.mentor"), b.text(row(people[0])+" td.tasks"), b.text(row(people[0])+" td.assessments"); m != "Ngô Thị Hướng" ||
		!strings.Contains(tk, "giấy phép xây dựng") || !strings.Contains(as, "Hoàn thành tốt nhiệm vụ") {
		t.Errorf("cohort row: mentor %q, tasks %q, assessments %q", m, tk, as)
	}
	// A mentor who does not work at the host is refused beside the form, nothing saved.
	open()
	b.expectFailedLoad(http.StatusBadRequest, "/secondments/"+sec+"/mentor")
	b.setField("#mentor-"+sec, strconv.FormatInt(people[1], 10))
	if got := b.submit(forms + " .mentor-form button"); got != http.StatusBadRequest {
		t.Errorf("a mentor from elsewhere: status %d, want 400", got)
	}
	if f := b.attr("#form-error", "data-field"); f != "mentor_id" {
		t.Errorf("the refusal names %q, want mentor_id", f)
	}
	b.waitVisible(forms + " .end-form")
	b.setField("#end-on-"+sec, today)
	b.setField("#end-place-"+sec, "Công chức địa chính - xây dựng, Phòng Kinh tế thử nghiệm 1")
	b.setField("#end-outcome-"+sec, "Hoàn thành tốt")
	if got := b.submit(forms + " .end-form button"); got != http.StatusOK {
		t.Fatalf("end: status %d", got)
	}
	if got := b.text(row(people[0]) + " td.outcome"); !strings.Contains(got, "Công chức địa chính - xây dựng") {
		t.Errorf("outcome after the end: %q", got)
	}
	// The day after the end: gone from the host's incoming list, the others still there; the
	// person is in the sending unit's people list, and was all along.
	tomorrow := e.now().AddDate(0, 0, 1).Format("2006-01-02")
	b.open(fmt.Sprintf("/secondments/units/%d?as_of=%s", host, tomorrow))
	if n := b.count(fmt.Sprintf(`#secondments-incoming tr[data-person="%d"]`, people[0])); n != 0 {
		t.Errorf("the ended secondment still incoming at the host")
	}
	if n := b.count(`#secondments-incoming tr[data-person]`); n != 2 {
		t.Errorf("incoming at the host after one end: %d, want 2", n)
	}
	for i, p := range people {
		b.open(fmt.Sprintf("/people?under=%d&as_of=%s", senders[i], tomorrow))
		if n := b.count(fmt.Sprintf(`a[href^="/people/%d"]`, p)); n == 0 {
			t.Errorf("person %d is not in the list of the sending unit %d", p, senders[i])
		}
	}
}
