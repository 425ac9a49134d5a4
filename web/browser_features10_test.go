package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"canbo"
	"canbo/audit"
)

// pickUnit types words of a unit's name into an empty unit picker, as a person would, and clicks the
// answer naming the unit; it checks that the picker then carries the unit's id.
func (b *browser) pickUnit(box, words, name string, id int64) {
	b.t.Helper()
	answer := `//span[@id="` + box + `-results"]//button[contains(@class,"unit-pick")][normalize-space()=` + xpathString(name) + `]`
	b.do("pick "+name+" in #"+box,
		chromedp.SendKeys(chromedp.CSS("#"+box), words),
		chromedp.WaitVisible(chromedp.Search(answer)),
		chromedp.Click(chromedp.Search(answer)),
	)
	if got := b.value("#" + box + "-id"); got != strconv.FormatInt(id, 10) {
		b.t.Fatalf("after picking %s in #%s the hidden id is %q, want %d", name, box, got, id)
	}
	if got := b.value("#" + box); got != name {
		b.t.Errorf("after picking, #%s shows %q, want %q", box, got, name)
	}
}

// TestBrowserUnitPicker: a fresh officer scoped to one ward records a post and narrows the
// reminders to the ward without typing a number — names without marks are enough — and the
// picker offers nothing outside the ward. The post then turns out to be a mistake and is
// removed with a reason, which the audit keeps with the post as it was.
func TestBrowserUnitPicker(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	today := e.now().Format(time.DateOnly)
	ward := e.unitByCode(t, codeSaiGon, today)
	sys := canbo.SystemContext(t.Context())
	p := &canbo.Person{FamilyName: "Hồ", MiddleName: "Thị", GivenName: "Chọn", Sex: canbo.Female, BirthDate: "1967-04-02",
		StaffType: canbo.StaffCivilServant}
	if err := e.db.CreatePerson(sys, p, &canbo.Post{UnitID: ward.ID, Title: "Chuyên viên", Primary: true, From: "2025-07-01"}, nil); err != nil {
		t.Fatal(err)
	}
	officer, _ := e.newUser(t, "chon.don.vi", canbo.RoleOfficer, []int64{ward.ID})
	b.open("/login")
	b.enterPassword(officer)
	if got := b.location(); strings.HasPrefix(got, "/login") {
		t.Fatalf("the officer's login ends at %s", got)
	}

	b.open("/people/" + strconv.FormatInt(p.ID, 10))
	b.do("open the new post form", chromedp.Click(chromedp.CSS(`#posts details.edit summary`)))
	b.pickUnit("post-unit", "sai gon", ward.Name, ward.ID)
	b.do("fill the post",
		chromedp.SendKeys(chromedp.CSS("#post-title"), "Tổ trưởng tổ dân phố"),
		chromedp.SendKeys(chromedp.CSS("#post-from"), "01/09/2025"),
		chromedp.Click(chromedp.CSS(`#post-form input[name=concurrent]`)),
	)
	if got := b.submit("#post-save"); got != 200 {
		t.Fatalf("saving the post: status %d", got)
	}
	found := false
	for _, post := range e.posts(t, p.ID) {
		found = found || (post.Title == "Tổ trưởng tổ dân phố" && post.UnitID == ward.ID && post.From == "2025-09-01")
	}
	if !found {
		t.Errorf("the post picked by name is not stored: %+v", e.posts(t, p.ID))
	}

	// The post was a mistake after all: removed with a reason, which the audit keeps.
	var postID int64
	posts, err := e.db.Posts(sys, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, post := range posts {
		if post.Title == "Tổ trưởng tổ dân phố" {
			postID = post.ID
		}
	}
	form := "#post-remove-" + strconv.FormatInt(postID, 10)
	b.do("open the removal of the post",
		chromedp.Click(chromedp.CSS(`tr[data-post="`+strconv.FormatInt(postID, 10)+`"] details.remove summary`)),
		chromedp.WaitVisible(chromedp.CSS(form+"-reason")))
	b.do("give the reason", chromedp.SendKeys(chromedp.CSS(form+"-reason"), "Nhập nhầm: người khác giữ chức vụ này"))
	if got := b.submit(form + ` button[type=submit]`); got != 200 {
		t.Fatalf("removing the post: status %d", got)
	}
	if n := b.count(`tr[data-post="` + strconv.FormatInt(postID, 10) + `"]`); n != 0 {
		t.Errorf("the removed post is still on the profile")
	}
	events, _, err := e.db.AuditEvents(sys, audit.Filter{Action: "person.post.remove", Entity: "person", EntityID: strconv.FormatInt(p.ID, 10)})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Reason != "Nhập nhầm: người khác giữ chức vụ này" || !strings.Contains(string(events[0].Before), "Tổ trưởng tổ dân phố") {
		t.Errorf("the audit of the removal: %+v", events)
	}

	b.open("/reminders?within=365")
	b.pickUnit("unit", "sài gòn", ward.Name, ward.ID)
	b.do("apply the filter", chromedp.Click(chromedp.CSS(`#reminder-filter button[type=submit]`)))
	for i := 0; !strings.Contains(b.location(), "under="+strconv.FormatInt(ward.ID, 10)); i++ {
		if i == 50 {
			t.Fatalf("the reminders are not narrowed to the ward: %s", b.location())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Opened from its URL, the filter shows the ward's name, not a number.
	b.open(b.location())
	if got := b.value("#unit"); got != ward.Name {
		t.Errorf("the reminders filter shows %q, want %q", got, ward.Name)
	}

	// Outside the ward nothing is offered, whatever the name.
	b.open("/people")
	b.do("search a ward of Hà Nội",
		chromedp.SendKeys(chromedp.CSS("#post-unit"), "phuong ba dinh"),
		chromedp.WaitVisible(chromedp.CSS(`#post-unit-results li.muted`)))
}
