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

// TestBrowserPlanning: an officer opens "Quy hoạch, đại hội" from the menu, adds a post to plan
// for a party committee, proposes three people and meets the limit refusal on the fourth,
// prepares the committee's congress, lists candidates (one too old for a first term), prints
// the ballot in the official order, enters a round's results and finds the elected members
// on the committee's unit page.
func TestBrowserPlanning(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	today := e.now().Format("2006-01-02")
	owners := e.units(t, url.Values{"hierarchy": {"party"}, "as_of": {today}, "limit": {"1"}})
	if len(owners) == 0 {
		t.Fatal("no party unit in the demo trees")
	}
	owner := owners[0]
	ward := e.unitByCode(t, codeSaiGon, today)
	sys := canbo.SystemContext(context.Background())
	ids := map[string]int64{}
	for _, p := range []struct{ family, middle, given, birth string }{
		{"Vương", "Thị", "Yến", "1986-02-02"}, {"Kiều", "Văn", "Bảo", "1983-05-05"}, {"Lạc", "Minh", "Ân", "1985-07-07"},
		{"Mạc", "Thị", "Giang", "1987-09-09"}, {"Khổng", "Văn", "Cường", "1962-01-01"},
	} {
		person := &canbo.Person{FamilyName: p.family, MiddleName: p.middle, GivenName: p.given, Sex: canbo.Male, BirthDate: p.birth}
		if p.middle == "Thị" {
			person.Sex = canbo.Female
		}
		if err := e.db.CreatePerson(sys, person, &canbo.Post{UnitID: ward.ID, Title: "Chuyên viên", Primary: true, From: "2025-07-01"}, nil); err != nil {
			t.Fatal(err)
		}
		ids[p.given] = person.ID
	}
	id := func(name string) string { return strconv.FormatInt(ids[name], 10) }

	b.login("quy.hoach")
	b.open("/")
	b.do("open the menu item", chromedp.Click(chromedp.CSS(`#nav-planning`)))
	b.waitVisible("#pool-form")
	b.setField("#pool-unit", "#"+strconv.FormatInt(owner.ID, 10))
	b.setField("#pool-title", "Phó Bí thư Đảng ủy")
	b.setField("#pool-level", "commune")
	b.setField("#pool-term", "2025-2030")
	if got := b.submit("#pool-create"); got != http.StatusOK {
		t.Fatalf("create the post: status %d: %s", got, b.text("#planning-error"))
	}
	b.waitVisible("#candidate-form")
	pool := strings.TrimPrefix(strings.SplitN(b.location(), "?", 2)[0], "/planning/pools/")
	propose := func(name string) int64 {
		b.setField("#c-person", id(name))
		b.setField("#c-from", today)
		return b.submit("#candidate-add")
	}
	for _, n := range []string{"Yến", "Bảo", "Ân"} {
		if got := propose(n); got != http.StatusOK {
			t.Fatalf("propose %s: status %d (%s)", n, got, b.text("body"))
		}
	}
	b.expectFailedLoad(http.StatusUnprocessableEntity, "/planning/pools/"+pool+"/candidates")
	if got := propose("Giang"); got != http.StatusUnprocessableEntity {
		t.Fatalf("fourth candidate: status %d", got)
	}
	if got := b.text("#pool-error"); !strings.Contains(got, "tối đa 3 người một chức danh") || !strings.Contains(got, "377-QĐ/TW") {
		t.Errorf("refusal shown: %q", got)
	}
	if got := len(b.texts("#pool-candidates tbody tr.cand")); got != 3 {
		t.Errorf("candidates after the refusal: %d", got)
	}
	b.open("/planning/pools/" + pool + "/compare")
	if got := b.texts("#compare-table thead th[data-person]"); len(got) != 3 {
		t.Errorf("compared: %q", got)
	}

	// The congress of the committee, its list and the ballot.
	b.open("/planning")
	b.setField("#cg-unit", "#"+strconv.FormatInt(owner.ID, 10))
	b.setField("#cg-level", "commune")
	b.setField("#cg-date", today)
	b.setField("#cg-term", "2025-2030")
	b.setField("#cg-size", "2")
	b.setField("#cg-women", "1")
	if got := b.submit("#congress-create"); got != http.StatusOK {
		t.Fatalf("create the congress: status %d", got)
	}
	b.waitVisible("#cc-form")
	congress := strings.TrimPrefix(strings.SplitN(b.location(), "?", 2)[0], "/planning/congresses/")
	for _, c := range [][2]string{{"Yến", "first"}, {"Bảo", "first"}, {"Ân", "reelect"}, {"Cường", "first"}} {
		b.setField("#cc-person", id(c[0]))
		b.setField("#cc-kind", c[1])
		if got := b.submit("#cc-add"); got != http.StatusOK {
			t.Fatalf("list %s: status %d", c[0], got)
		}
	}
	if got := b.eval(`#congress-candidates tr[data-person="`+id("Cường")+`"]`, `[document.querySelector(%s).dataset.eligible]`); len(got) != 1 || got[0] != "false" {
		t.Errorf("born 1962, first time: eligible %q", got)
	}
	b.do("print the ballot", chromedp.Click(chromedp.CSS("#congress-ballot")))
	b.waitVisible("#ballot")
	if got, want := strings.Join(b.texts("#ballot td.name"), ", "), "Lạc Minh Ân, Kiều Văn Bảo, Vương Thị Yến"; got != want {
		t.Errorf("ballot %q, want %q", got, want)
	}

	// Results: 10 ballots; Yến 8 and Ân 6 are elected, Bảo 5 is not (not above half).
	b.open("/planning/congresses/" + congress)
	b.setField("#r-ballots", "10")
	b.setField("#v-"+id("Yến"), "8")
	b.setField("#v-"+id("Bảo"), "5")
	b.setField("#v-"+id("Ân"), "6")
	if got := b.submit("#round-save"); got != http.StatusOK {
		t.Fatalf("record the round: status %d", got)
	}
	if got := b.text("#achieved-total"); got != "2" {
		t.Errorf("elected: %q", got)
	}
	b.open(fmt.Sprintf("/org/units/%d?as_of=%s", owner.ID, today))
	names := strings.Join(b.texts("ul.people li a"), ", ")
	// The page lists the first people in name order; other tests fill the same committee, so
	// a name further on is looked up the way an officer would: the page's "all people" link,
	// narrowed by the name.
	all := b.eval(`#unit-people ~ p a[href^="/people?"]`, `[document.querySelector(%s)?.getAttribute("href") || ""]`)
	for _, n := range []string{"Vương Thị Yến", "Lạc Minh Ân"} {
		if strings.Contains(names, n) {
			continue
		}
		if len(all) != 1 || all[0] == "" {
			t.Errorf("unit page people %q: %s missing, and no link to the whole list", names, n)
			continue
		}
		b.open(all[0] + "&q=" + url.QueryEscape(n))
		if got := strings.Join(b.texts("table.people-list td a"), ", "); !strings.Contains(got, n) {
			t.Errorf("the unit's people list, searched for %s: %q", n, got)
		}
	}
	if strings.Contains(names, "Kiều Văn Bảo") {
		t.Errorf("unit page lists the candidate not elected: %q", names)
	}
}
