package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"canbo"
)

// TestBrowserProgrammes: an officer opens "Chương trình công tác" from the menu, creates the
// year's programme of a party committee, adds a scheduled and an arising item with their
// heads, and moves them through statuses with an evidence file; the completion table, the
// per-head table and the chart follow, and a status dated before the previous one is refused
// beside its form.
func TestBrowserProgrammes(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	year := e.now().Year()
	d := func(md string) string { return fmt.Sprintf("%d-%s", year, md) }
	owners := e.units(t, url.Values{"hierarchy": {"party"}, "as_of": {d("01-01")}, "limit": {"1"}})
	if len(owners) == 0 {
		t.Fatal("no party unit in the demo trees")
	}
	owner := owners[0]
	sys := canbo.SystemContext(context.Background())
	var heads []int64
	for _, n := range [][3]string{{"Trương", "Minh", "Khoa"}, {"Hồ", "Thị", "Mai"}} {
		p := &canbo.Person{FamilyName: n[0], MiddleName: n[1], GivenName: n[2], Sex: canbo.Male, BirthDate: "1972"}
		if err := e.db.CreatePerson(sys, p, &canbo.Post{UnitID: owner.ID, Title: "Phó Bí thư", Primary: true, From: d("01-01")}, nil); err != nil {
			t.Fatal(err)
		}
		heads = append(heads, p.ID)
	}

	b.login("chuong.trinh")
	b.open("/")
	b.do("open the menu item", chromedp.Click(chromedp.CSS(`nav.modules a[href^="/programmes"]`)))
	b.waitVisible("#programme-form")
	b.setField("#owner_unit_id", strconv.FormatInt(owner.ID, 10))
	b.setField("#p-year", strconv.Itoa(year))
	b.setField("#title", fmt.Sprintf("Chương trình làm việc năm %d", year))
	b.setField("#theme", "Năm tăng tốc, bứt phá")
	if got := b.submit("#programme-form button[type=submit]"); got != http.StatusOK {
		t.Fatalf("create programme: status %d", got)
	}
	b.waitVisible("#programme-saved")
	prog, err := strconv.ParseInt(strings.TrimPrefix(strings.SplitN(b.location(), "?", 2)[0], "/programmes/"), 10, 64)
	if err != nil {
		t.Fatalf("after creating, the page is %s", b.location())
	}
	asOf := "?as_of=" + d("06-30")
	b.open(fmt.Sprintf("/programmes/%d%s", prog, asOf))

	addItem := func(title, due string, arising bool, head int64) {
		b.setField("#i-title", title)
		b.setField("#due", due)
		b.setField("#head_person_id", strconv.FormatInt(head, 10))
		if arising {
			b.do("tick arising", chromedp.ScrollIntoView(chromedp.CSS("#i-arising")), chromedp.Click(chromedp.CSS("#i-arising")))
			if got := b.eval("#i-arising", `[String(document.querySelector(%s).checked)]`); len(got) != 1 || got[0] != "true" {
				t.Fatalf("arising box after the click: %q", got)
			}
		}
		if got := b.submit("#item-form button[type=submit]"); got != http.StatusOK {
			t.Fatalf("add %q: status %d", title, got)
		}
		b.waitVisible("#programme-saved")
	}
	addItem("Báo cáo sơ kết quý I", d("03-31"), false, heads[0])
	addItem("Báo cáo đột xuất về phòng chống ngập", d("05-10"), true, heads[1])
	var p struct {
		Items []struct {
			ID      int64  `json:"id"`
			Arising bool   `json:"arising"`
			Head    string `json:"head_post"`
		} `json:"items"`
	}
	e.api(t, fmt.Sprintf("/api/v1/programmes/%d", prog), &p)
	if len(p.Items) != 2 || p.Items[0].Arising || !p.Items[1].Arising || !strings.HasPrefix(p.Items[0].Head, "Phó Bí thư") {
		t.Fatalf("items recorded: %+v", p.Items)
	}
	scheduled, arising := p.Items[0].ID, p.Items[1].ID
	if got := b.text("#scheduled td.rate"); got != "0.0%" {
		t.Errorf("scheduled rate with the report overdue: %q", got)
	}
	if got := b.text("#arising td.rate"); got != "0.0%" {
		t.Errorf("arising rate with the report overdue: %q", got)
	}

	status := func(item int64, st, on string) int64 {
		b.open(fmt.Sprintf("/programme-items/%d%s", item, asOf))
		b.do("choose "+st, chromedp.SetValue(chromedp.CSS("#status-select"), st), chromedp.SetValue(chromedp.CSS("#status-on"), on))
		return b.submit("#status-form button[type=submit]")
	}
	if got := status(scheduled, "in_progress", d("02-01")); got != http.StatusOK {
		t.Fatalf("in progress: %d", got)
	}
	if got := status(scheduled, "done", d("03-20")); got != http.StatusOK {
		t.Fatalf("done: %d", got)
	}
	if got := b.text("#item-result"); got != "Đúng hạn" {
		t.Errorf("result of the report done before its deadline: %q", got)
	}
	file := filepath.Join(t.TempDir(), "bao-cao-so-ket.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.do("choose the evidence", chromedp.SetUploadFiles(chromedp.CSS("#file-input"), []string{file}))
	if got := b.submit("#file-form button[type=submit]"); got != http.StatusOK {
		t.Fatalf("upload: status %d", got)
	}
	b.waitText(`//ul[@id="file-list"]`, "a", "bao-cao-so-ket.pdf")

	// A status before the previous one is refused beside the form, and nothing changes.
	b.expectFailedLoad(http.StatusUnprocessableEntity, fmt.Sprintf("/programme-items/%d/status%s", arising, asOf))
	if got := status(arising, "in_progress", d("05-01")); got != http.StatusOK {
		t.Fatalf("arising in progress: %d", got)
	}
	if got := status(arising, "submitted", d("04-01")); got != http.StatusUnprocessableEntity {
		t.Fatalf("status before the previous one: %d", got)
	}
	if got := b.text("#status-error"); !strings.Contains(got, "trước trạng thái trước đó") {
		t.Errorf("error shown: %q", got)
	}
	if got := status(arising, "done", d("05-15")); got != http.StatusOK {
		t.Fatalf("arising done: %d", got)
	}

	b.open(fmt.Sprintf("/programmes/%d%s", prog, asOf))
	if got := b.text("#scheduled td.rate"); got != "100.0%" {
		t.Errorf("scheduled rate once done on time: %q", got)
	}
	if got := b.text("#arising td.rate"); got != "100.0%" {
		t.Errorf("arising rate once done (late): %q", got)
	}
	if got := b.texts("#arising td"); len(got) < 4 || got[3] != "1" {
		t.Errorf("arising row %q: want one done late", got)
	}
	if got := b.eval("#unit-chart g.bar", `[document.querySelector(%s).dataset.percent]`); len(got) != 1 || got[0] != "100" {
		t.Errorf("unit chart bar: %q", got)
	}
	if got := b.count(fmt.Sprintf(`#by-head tr[data-person="%d"]`, heads[0])); got != 1 {
		t.Errorf("head's row: %d", got)
	}
	if got := b.count(`#board .board-column[data-status="done"] li`); got != 2 {
		t.Errorf("done column holds %d items, want 2", got)
	}
	// Earlier in the year the same page shows the figures of that day.
	b.open(fmt.Sprintf("/programmes/%d?as_of=%s", prog, d("04-15")))
	if got := b.text("#arising td.rate"); got != "100.0%" {
		t.Errorf("arising rate before its deadline (nothing due): %q", got)
	}
}
