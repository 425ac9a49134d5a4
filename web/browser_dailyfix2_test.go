package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"canbo"
)

// TestBrowserPersonStatus (issue 10 item 14): an officer records a retirement on the profile,
// sees it saved, finds the person by status in the list, whose default columns show the post
// and unit.
func TestBrowserPersonStatus(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	now := e.now().Format(time.DateOnly)
	units := e.units(t, url.Values{"hierarchy": {"state"}, "as_of": {now}, "limit": {"1"}})
	p := &canbo.Person{FamilyName: "Khúc", MiddleName: "Thừa", GivenName: "Dụ", Sex: canbo.Male, BirthDate: "1964-02-11"}
	if err := e.db.CreatePerson(canbo.SystemContext(context.Background()), p,
		&canbo.Post{UnitID: units[0].ID, Title: "Phó Trưởng phòng", Primary: true, From: "2015-03-01"}, nil); err != nil {
		t.Fatal(err)
	}
	b.login("status.officer")
	b.open(fmt.Sprintf("/people/%d", p.ID))
	if got := b.text("#person-status"); !strings.Contains(got, "Đang công tác") {
		t.Errorf("status before: %q", got)
	}
	b.setField("#status-select", canbo.StatusRetired)
	b.setField("#status-since", e.now().AddDate(0, 0, -1).Format("02/01/2006"))
	if got := b.submit("#status-form button"); got != http.StatusOK {
		t.Fatalf("status save: %d", got)
	}
	if got := b.text("#person-status"); !strings.Contains(got, "Nghỉ hưu") {
		t.Errorf("status after: %q", got)
	}
	if b.count(".notice") == 0 {
		t.Errorf("no saved notice")
	}
	b.open("/people?q=" + url.QueryEscape("Khúc Thừa Dụ") + "&status=retired")
	b.waitVisible("table.people-list")
	row := b.text("table.people-list tbody tr")
	for _, want := range []string{"Khúc Thừa Dụ", "Phó Trưởng phòng", units[0].Name, "Nghỉ hưu"} {
		if !strings.Contains(row, want) {
			t.Errorf("row %q lacks %q", row, want)
		}
	}
	b.open("/people?q=" + url.QueryEscape("Khúc Thừa Dụ") + "&status=working")
	if got := b.text("#people-count"); !strings.HasPrefix(got, "0") {
		t.Errorf("working filter finds the retired: %q", got)
	}
}

// TestBrowserReminderHandled (issue 10 item 16): an officer marks a probation end handled, sees
// who marked it, hides handled items, and un-marks it.
func TestBrowserReminderHandled(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	now := e.now()
	cells := e.units(t, url.Values{"hierarchy": {"party"}, "as_of": {now.Format(time.DateOnly)}, "limit": {"1"}})
	p := &canbo.Person{FamilyName: "Mạc", MiddleName: "Đĩnh", GivenName: "Chi", Sex: canbo.Male, BirthDate: "1990-02-11"}
	admitted := now.AddDate(0, -11, 0).Format(time.DateOnly)
	if err := e.db.CreatePerson(canbo.SystemContext(context.Background()), p, nil,
		&canbo.Membership{AdmittedOn: admitted, Cells: []canbo.CellPeriod{{CellID: cells[0].ID, From: admitted}}}); err != nil {
		t.Fatal(err)
	}
	b.login("handled.officer")
	row := fmt.Sprintf(`#probation_end tr[data-person="%d"]`, p.ID)
	b.open("/reminders?within=90")
	b.waitVisible(row)
	if got := b.submit(row + " button.mark"); got != http.StatusOK {
		t.Fatalf("mark: %d", got)
	}
	if !strings.Contains(b.location(), "within=90") {
		t.Errorf("marking lost the filters: %s", b.location())
	}
	if got := b.text(row + " .handled-by"); !strings.Contains(got, "handled.officer") {
		t.Errorf("handled cell reads %q", got)
	}
	if b.count(".notice") == 0 {
		t.Errorf("no saved notice")
	}
	if got := b.submit("#reminder-toggle-handled"); got != http.StatusOK {
		t.Fatalf("hide handled: %d", got)
	}
	if b.count(row) != 0 {
		t.Errorf("handled item still listed with hide_handled")
	}
	b.open("/reminders?within=90")
	b.waitVisible(row)
	if got := b.submit(row + " button.mark"); got != http.StatusOK {
		t.Fatalf("unmark: %d", got)
	}
	if b.count(row+" .handled-by") != 0 {
		t.Errorf("still marked after un-marking")
	}
}

// TestBrowserLoginWhenSignedIn (issue 10 item 10): the login page, opened while signed in,
// leads home (or to next) instead of asking again.
func TestBrowserLoginWhenSignedIn(t *testing.T) {
	b := newBrowser(t)
	b.login("signed.in")
	b.open("/login")
	if got := b.location(); strings.HasPrefix(got, "/login") {
		t.Errorf("signed in, /login stays at %s", got)
	}
	b.open("/login?next=" + url.QueryEscape("/reminders"))
	if got := b.location(); got != "/reminders" {
		t.Errorf("signed in, /login?next=/reminders leads to %s", got)
	}
}
