package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"canbo"
)

// TestBrowserStaffing: an officer opens "Biên chế, vị trí việc làm" from the menu, sets a
// division's quota with the form (the unit chosen with the picker's fields), sees the vacancy;
// people are assigned to the division, and the page shows the excess, the over-quota flag on
// the division's row and the chart's bar for it turned red and taller.
func TestBrowserStaffing(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	sys := canbo.SystemContext(context.Background())
	depts := e.units(t, url.Values{"hierarchy": {"state"}, "kind": {"so"}, "as_of": {"2026-01-01"}, "limit": {"1"}})
	if len(depts) == 0 {
		t.Fatal("no department in the demo trees")
	}
	mk := func(name, kind string, parent int64) int64 {
		ev, err := e.db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: day("2026-01-01"),
			New: &canbo.NewUnit{Hierarchy: canbo.State, Name: name, Kind: kind, ParentID: parent}})
		if err != nil {
			t.Fatal(err)
		}
		return ev.Links[0].UnitID
	}
	board := mk("Ban Thử nghiệm Biên chế", "ban_nganh", depts[0].ID)
	divA := mk("Phòng Thử nghiệm A", "phong", board)
	mk("Phòng Thử nghiệm B", "phong", board)
	today := e.now().Format("2006-01-02")
	page := fmt.Sprintf("/staffing?unit=%d&as_of=%s", board, today)

	b.login("bien.che")
	b.open("/")
	b.do("open the menu item", chromedp.Click(chromedp.CSS(`nav.modules a[href^="/staffing"]`)))
	b.waitVisible("#staffing-totals")
	b.open(page)
	b.waitVisible("#quota-form")
	bars := func() []string {
		return b.eval("#staffing-chart", `Array.from(document.querySelectorAll(%s + " rect")).map(r => r.getAttribute("data-value") + ":" + r.getAttribute("fill"))`)
	}
	if got := bars(); len(got) != 4 {
		t.Fatalf("chart before any quota: %q, want a quota and a filled bar per division", got)
	}

	// The quota, through the form: the picker's hidden id and its text.
	b.setField("#quota-unit-id", strconv.FormatInt(divA, 10))
	b.setField("#quota-unit", "#"+strconv.FormatInt(divA, 10))
	b.do("choose civil servants", chromedp.SetValue(chromedp.CSS("#quota-type"), "civil_servant"))
	b.setField("#quota-count", "2")
	b.setField("#quota-from", "2026-01-01")
	b.setField("#quota-doc", "15/QĐ-UBND")
	if got := b.submit("#quota-form button[type=submit]"); got != http.StatusOK {
		t.Fatalf("set the quota: status %d", got)
	}
	b.open(page)
	if a, v, o := b.text("#total-allotted"), b.text("#total-vacant"), b.text("#total-over"); a != "2" || v != "2" || o != "0" {
		t.Errorf("after the quota: allotted %s, vacant %s, over %s; want 2, 2, 0", a, v, o)
	}
	if got := bars(); len(got) != 4 || got[0] != "2:#4a7ab5" || got[1] != "0:#7fb069" {
		t.Errorf("chart after the quota: %q", got)
	}
	if n := b.count(`#staffing-children [data-flag="over"]`); n != 0 {
		t.Errorf("%d over-quota flags before anybody is assigned", n)
	}

	// Three people assigned to the division: one over the quota.
	for i := range 3 {
		p := &canbo.Person{FamilyName: "Huỳnh", MiddleName: "Văn", GivenName: fmt.Sprintf("Biên %c", 'A'+i), Sex: canbo.Male, BirthDate: "1988-03-04", StaffType: canbo.StaffCivilServant}
		if err := e.db.CreatePerson(sys, p, &canbo.Post{UnitID: divA, Title: "Chuyên viên", Primary: true, From: "2026-01-02"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	b.open(page)
	if f, v, o := b.text("#total-filled"), b.text("#total-vacant"), b.text("#total-over"); f != "3" || v != "0" || o != "1" {
		t.Errorf("after assigning three: filled %s, vacant %s, over %s; want 3, 0, 1", f, v, o)
	}
	if n := b.count(`#staffing-children [data-flag="over"]`); n != 1 {
		t.Errorf("over-quota flags: %d, want the division's", n)
	}
	if got := bars(); len(got) != 4 || got[1] != "3:#c0392b" {
		t.Errorf("chart after assigning: %q, want the division's filled bar at 3 in red", got)
	}
	if n := b.count(`#staffing-flags li[data-kind="over_quota"]`); n != 1 {
		t.Errorf("over-quota items in the list to look at: %d, want 1", n)
	}
	// The drill-down opens the people list of the division.
	b.do("drill down", chromedp.Click(chromedp.CSS(`#staffing-children tr.flagged a[href^="/people"]`)))
	b.waitText("//main", "a", "Huỳnh Văn Biên A")
}
