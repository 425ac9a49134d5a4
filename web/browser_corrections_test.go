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

	"github.com/chromedp/chromedp"
)

// TestBrowserCorrections (issue 10 item 12): an officer corrects a post on the profile, merges
// two records of one person from the cleaning page, and marks another pair as two people; the
// profile with its correction forms open and the merge page fit a phone.
func TestBrowserCorrections(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	units := e.units(t, url.Values{"hierarchy": {"state"}, "as_of": {e.now().Format(time.DateOnly)}, "limit": {"1"}})
	unit := units[0].ID
	sys := canbo.SystemContext(context.Background())
	mk := func(family, middle, given, birth, phone string) int64 {
		p := &canbo.Person{FamilyName: family, MiddleName: middle, GivenName: given, Sex: canbo.Male, BirthDate: birth, Phone: phone}
		if err := e.db.CreatePerson(sys, p, &canbo.Post{UnitID: unit, Title: "Chuyên viên", Primary: true, From: "2016-05-01"}, nil); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	a1, a2 := mk("Ngô", "Thì", "Nhậm", "1946-10-25", ""), mk("Ngô", "Thì", "Nhậm", "1946-10-25", "0903111222")
	c1, c2 := mk("Phùng", "Khắc", "Khoan", "1938-03-07", ""), mk("Phùng", "Khắc", "Khoan", "1938-03-07", "")
	b.login("corrections.officer")

	// Edit a post: the form opens in the row, the correction is saved and shown.
	b.viewport(390, 844)
	b.open(fmt.Sprintf("/people/%d", a1))
	posts, err := e.db.Posts(sys, a1)
	if err != nil {
		t.Fatal(err)
	}
	form := fmt.Sprintf("#post-edit-%d", posts[0].ID)
	b.script(fmt.Sprintf(`document.querySelector(%q).closest("details").open = true; ""`, form))
	b.checkFit("profile with a post's correction form open")
	b.setField(form+` input[name="title"]`, "Phó Trưởng phòng")
	b.setField(form+` input[name="reason"]`, "Nhập nhầm chức danh")
	if got := b.submit(form + " button.post-edit-save"); got != http.StatusOK {
		t.Fatalf("post edit: %d", got)
	}
	if got := b.text("#saved-notice"); got != "Đã lưu chức vụ." {
		t.Errorf("saved notice %q", got)
	}
	if got := b.text("#posts-table"); !strings.Contains(got, "Phó Trưởng phòng") {
		t.Errorf("posts after the edit: %q", got)
	}

	// Merge from the cleaning page: side by side, the phone taken from the second record.
	b.viewport(1366, 768)
	cleaning := fmt.Sprintf("/cleaning?kind=duplicate&under=%d&limit=500", unit)
	pair := func(x, y int64) string {
		return fmt.Sprintf(`a.merge-link[href="/people/merge?a=%d&b=%d"], a.merge-link[href="/people/merge?a=%d&b=%d"]`, x, y, y, x)
	}
	b.open(cleaning)
	b.waitVisible(pair(a1, a2))
	b.do("open the merge page", chromedp.Click(chromedp.CSS(pair(a1, a2))))
	b.waitVisible("#merge-table")
	b.viewport(390, 844)
	b.checkFit("merge page")
	b.viewport(1366, 768)
	keep := a1
	if strings.Contains(b.location(), fmt.Sprintf("a=%d", a2)) {
		keep = a2
	}
	if keep == a1 {
		b.script(`document.querySelector("#take-phone-b").click(); ""`)
	}
	b.setField("#merge-reason", "Nhập trùng hồ sơ")
	if got := b.submit("#merge-save"); got != http.StatusOK {
		t.Fatalf("merge: %d", got)
	}
	if got, want := b.location(), fmt.Sprintf("/people/%d?saved=merge", keep); got != want {
		t.Errorf("after the merge at %s, want %s", got, want)
	}
	if p, err := e.db.FindPerson(sys, keep); err != nil || p.Phone != "0903111222" {
		t.Errorf("merged record: %+v %v", p, err)
	}
	if _, err := e.db.FindPerson(sys, a1+a2-keep); canbo.ErrorCode(err) != canbo.ENOTFOUND {
		t.Errorf("the merged-in record: %v", err)
	}

	// "Không trùng": the pair leaves the list.
	b.open(cleaning)
	b.waitVisible(pair(c1, c2))
	b.script(`window.confirm = () => true; ""`)
	row := fmt.Sprintf(`(() => { const a = document.querySelector(%q); return a ? a.closest("tr").querySelector("form.not-duplicate button").id = "not-dup-btn" : ""; })()`, pair(c1, c2))
	b.script(row)
	if got := b.submit("#not-dup-btn"); got != http.StatusOK {
		t.Fatalf("not duplicate: %d", got)
	}
	b.open(cleaning)
	b.waitVisible("#findings")
	if n := b.count(pair(c1, c2)); n != 0 {
		t.Errorf("a pair marked not duplicate is still listed (%d)", n)
	}
}
