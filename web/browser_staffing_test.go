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

// TestBrowserStaffingForms: an officer merges one division into another and, on the merge
// form's preview, lowers the carried quota from the default sum; the staffing page shows the
// adjusted quota. There they set a streamlining target and edit it, choose a job position on a
// person's post from the profile, and end the position (refused while the person still holds
// it, then confirmed once the post has ended).
func TestBrowserStaffingForms(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	sys := canbo.SystemContext(context.Background())
	depts := e.units(t, url.Values{"hierarchy": {"state"}, "kind": {"so"}, "as_of": {"2026-01-01"}, "limit": {"1"}})
	if len(depts) == 0 {
		t.Fatal("no department in the demo trees")
	}
	mk := func(name string) int64 {
		ev, err := e.db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: day("2026-01-01"),
			New: &canbo.NewUnit{Hierarchy: canbo.State, Name: name, Kind: "phong", ParentID: depts[0].ID}})
		if err != nil {
			t.Fatal(err)
		}
		return ev.Links[0].UnitID
	}
	divA, divB := mk("Phòng Thử nghiệm Sáp nhập A"), mk("Phòng Thử nghiệm Sáp nhập B")
	for unit, n := range map[int64]int{divA: 3, divB: 2} {
		if err := e.db.AddQuota(sys, &canbo.Quota{UnitID: unit, StaffType: canbo.StaffCivilServant, Count: n, From: "2026-01-01",
			Document: canbo.StaffingDocument{Number: "3/QĐ-UBND"}}); err != nil {
			t.Fatal(err)
		}
	}
	pos := &canbo.Position{UnitID: divA, Name: "Chuyên viên tổng hợp", Category: canbo.PositionProfessional, StaffType: canbo.StaffCivilServant,
		Headcount: 1, From: "2026-01-01"}
	if err := e.db.AddPosition(sys, pos); err != nil {
		t.Fatal(err)
	}
	p := &canbo.Person{FamilyName: "Trương", MiddleName: "Văn", GivenName: "Vị Trí", Sex: canbo.Male, BirthDate: "1986-02-03", StaffType: canbo.StaffCivilServant}
	if err := e.db.CreatePerson(sys, p, &canbo.Post{UnitID: divA, Title: "Chuyên viên", Primary: true, From: "2026-01-02"}, nil); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/staffing?unit=%d&as_of=2026-03-01", divA)

	b.login("bien.che.forms")
	// The merge: the preview offers 3 + 2 civil servants; the officer sets 4.
	b.open("/org/events/new?kind=merge&h=state")
	b.do("fill the merge", chromedp.SetValue(chromedp.CSS("#date"), "01/03/2026"), chromedp.SetValue(chromedp.CSS("#doc_number"), "7/QĐ-UBND"),
		chromedp.SetValue(chromedp.CSS("#sources"), fmt.Sprintf("#%d", divB)), chromedp.SetValue(chromedp.CSS("#target"), fmt.Sprintf("#%d", divA)),
		chromedp.Click(chromedp.CSS("#preview-button")))
	b.waitVisible("table#carry-quotas")
	if got := b.value(`input[name="quota_civil_servant"]`); got != "5" {
		t.Fatalf("carried civil-servant quota offered: %q, want 5 (3 + 2)", got)
	}
	b.setField(`input[name="quota_civil_servant"]`, "4")
	if got := b.submit("#save-button"); got != http.StatusOK {
		t.Fatalf("save the merge: status %d (error %q)", got, b.texts("#form-error"))
	}
	b.open(page)
	if got := b.text("#total-allotted"); got != "4" {
		t.Errorf("allotted after the merge: %s, want the adjusted 4", got)
	}
	if rows := b.texts("#staffing-quotas tbody tr"); len(rows) != 2 || !strings.Contains(rows[1], "4") || !strings.Contains(rows[0], "3") {
		t.Errorf("quota history after the merge: %q, want the 3 closed and the 4 from the merge", rows)
	}
	if n := b.count("#staffing-types-chart rect"); n != 2 {
		t.Errorf("staff-type chart: %d bars, want quota and filled of civil servants", n)
	}

	// A streamlining target, then its edit.
	b.setField("#target-percent", "10")
	b.setField("#target-due", "2027-01-01")
	b.setField("#target-doc", "9/KH-UBND")
	if got := b.submit("#target-save"); got != http.StatusOK {
		t.Fatalf("add the target: status %d", got)
	}
	rows := b.texts("#staffing-targets tbody tr")
	if len(rows) != 1 || !strings.Contains(rows[0], "−10%") || !strings.Contains(rows[0], "4 → 4") {
		t.Fatalf("targets after adding: %q", rows)
	}
	id := b.eval("#staffing-targets tbody tr", `Array.from(document.querySelectorAll(%s), e => e.dataset.target)`)[0]
	b.do("open the edit", chromedp.Click(chromedp.CSS(`#staffing-targets tr[data-target="`+id+`"] summary`)))
	b.setField("#target-edit-"+id+"-percent", "25")
	if got := b.submit("#target-edit-" + id + "-save"); got != http.StatusOK {
		t.Fatalf("edit the target: status %d", got)
	}
	if rows := b.texts("#staffing-targets tbody tr"); len(rows) != 1 || !strings.Contains(rows[0], "−25%") {
		t.Errorf("targets after the edit: %q, want −25%%", rows)
	}

	// The position on the person's post, chosen on the profile.
	posts, err := e.db.Posts(sys, p.ID)
	if err != nil || len(posts) != 1 {
		t.Fatalf("posts %+v %v", posts, err)
	}
	post := strconv.FormatInt(posts[0].ID, 10)
	b.open("/people/" + strconv.FormatInt(p.ID, 10))
	if opts := b.eval("#post-position-"+post+"-select option", `Array.from(document.querySelectorAll(%s), o => o.textContent)`); len(opts) != 2 || opts[1] != pos.Name {
		t.Fatalf("positions offered for the post: %q, want none and %q", opts, pos.Name)
	}
	b.setField("#post-position-"+post+"-select", strconv.FormatInt(pos.ID, 10))
	if got := b.submit("#post-position-" + post + " button"); got != http.StatusOK {
		t.Fatalf("choose the position: status %d", got)
	}
	if posts, _ = e.db.Posts(sys, p.ID); posts[0].PositionID != pos.ID {
		t.Errorf("post's position after the form: %d, want %d", posts[0].PositionID, pos.ID)
	}

	// Ending the position: refused while held, then confirmed after the post ends.
	b.open(page)
	form := "#position-end-" + strconv.FormatInt(pos.ID, 10)
	if got := b.eval(form, `[document.querySelector(%s).dataset.confirm]`); len(got) != 1 || got[0] == "" {
		t.Errorf("ending a position asks no confirmation")
	}
	b.script(`window.confirm = () => true; ""`)
	b.setField(form+"-to", "2026-06-01")
	b.expectFailedLoad(http.StatusUnprocessableEntity, fmt.Sprintf("/staffing/positions/%d/end?unit=%d&as_of=2026-03-01", pos.ID, divA))
	if got := b.submit(form + " button"); got != http.StatusUnprocessableEntity {
		t.Errorf("ending a held position: status %d, want 422", got)
	}
	if msg := b.text("#staffing-error"); !strings.Contains(msg, "01/06/2026") {
		t.Errorf("refusal: %q, want the day named", msg)
	}
	if err := e.db.EndPost(sys, p.ID, posts[0].ID, "2026-05-01"); err != nil {
		t.Fatal(err)
	}
	b.open(page)
	b.script(`window.confirm = () => true; ""`)
	b.setField(form+"-to", "2026-06-01")
	if got := b.submit(form + " button"); got != http.StatusOK {
		t.Fatalf("end the position: status %d", got)
	}
	if rows := b.texts("#staffing-positions tbody tr"); len(rows) != 1 || !strings.Contains(rows[0], "01/06/2026") {
		t.Errorf("positions after the end: %q, want it ending on 01/06/2026", rows)
	}
}
