package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"canbo"
)

// TestBrowserReminders: a member's probation ends in about two months. The officer opens Nhắc
// việc and finds the member with the due date the API gives; narrowing the horizon to 30 days
// swaps the results in place (the page is not reloaded, the URL follows) and the member leaves
// the list; the month calendar shows them on their day.
func TestBrowserReminders(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	now := e.now()
	cells := e.units(t, url.Values{"hierarchy": {"party"}, "as_of": {now.Format(time.DateOnly)}, "limit": {"1"}})
	if len(cells) == 0 {
		t.Fatal("no party unit in the demo trees")
	}
	admitted := now.AddDate(-1, 2, 0)
	p := &canbo.Person{FamilyName: "Lâm", MiddleName: "Thị", GivenName: "Duyên", Sex: canbo.Female, BirthDate: "1995-04-10"}
	err := e.db.CreatePerson(canbo.SystemContext(context.Background()), p, nil,
		&canbo.Membership{AdmittedOn: admitted.Format(time.DateOnly), Cells: []canbo.CellPeriod{{CellID: cells[0].ID}}})
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Items []struct {
			PersonID int64  `json:"person_id"`
			Due      string `json:"due"`
		} `json:"items"`
	}
	e.api(t, "/api/v1/reminders?kind=probation_end&within=90", &res)
	var due time.Time
	for _, it := range res.Items {
		if it.PersonID == p.ID {
			due, _ = time.Parse(time.DateOnly, it.Due)
		}
	}
	if due.IsZero() || !due.After(now.AddDate(0, 0, 30)) || due.After(now.AddDate(0, 0, 90)) {
		t.Fatalf("the API's probation end for a member admitted %s: %v", admitted.Format(time.DateOnly), due)
	}

	b.login("nhac.viec")
	b.open("/reminders") // 90 days
	row := `#probation_end tr[data-person="` + strconv.FormatInt(p.ID, 10) + `"]`
	b.waitVisible(row)
	if got := b.text(row + " td.due"); got != due.Format("02/01/2006") {
		t.Errorf("due date shown %q, the API says %s", got, due.Format("02/01/2006"))
	}
	b.eval("h1", `[document.querySelector(%s).dataset.mark = "still here"]`)
	b.do("choose 30 days",
		chromedp.SetValue(chromedp.CSS("#within"), "30"),
		chromedp.Click(chromedp.CSS(`#reminder-filter button[type=submit]`)),
		chromedp.WaitNotPresent(chromedp.CSS(row)))
	if got := b.eval("h1", `[document.querySelector(%s).dataset.mark || ""]`); len(got) != 1 || got[0] != "still here" {
		t.Errorf("the page was reloaded instead of swapping the results (mark %q)", got)
	}
	// htmx pushes the URL once the swap has settled: give it a moment.
	for i := 0; !strings.Contains(b.location(), "within=30"); i++ {
		if i == 50 {
			t.Fatalf("the URL does not keep the horizon: %s", b.location())
		}
		time.Sleep(100 * time.Millisecond)
	}

	b.open("/reminders/calendar?month=" + due.Format("2006-01"))
	day := `td[data-day="` + due.Format(time.DateOnly) + `"] li[data-kind="probation_end"]`
	b.waitVisible(day)
	if got := b.texts(day); !strings.Contains(strings.Join(got, "|"), "Lâm Thị Duyên") {
		t.Errorf("calendar on %s: %q", due.Format(time.DateOnly), got)
	}
}
