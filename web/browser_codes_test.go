package web_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"canbo"
	"canbo/sqlstore"
)

// TestBrowserCodes: an officer picks an ethnicity from the state list on the profile form, the
// profile shows its name, the people list filters by it; a value typed before the lists is a
// "Không khớp danh mục" finding of the cleaning page, where its code is picked for the record.
func TestBrowserCodes(t *testing.T) {
	b := newBrowser(t)
	hcmc := b.env.unitByCode(t, codeHCMC, reformDay)
	sys := canbo.SystemContext(t.Context())
	var ids []int64
	for _, given := range []string{"Sa Rinh", "Chánh"} {
		p := &canbo.Person{FamilyName: "Thạch", MiddleName: "Thị", GivenName: given, Sex: canbo.Female, BirthDate: "1985-04-04"}
		if err := b.env.db.CreatePerson(sys, p, &canbo.Post{UnitID: hcmc.ID, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	// The second record's ethnicity as an older version of canbo let it be typed.
	q := `UPDATE people SET ethnicity = ? WHERE id = ?`
	if b.env.db.Engine() == sqlstore.Postgres {
		q = `UPDATE people SET ethnicity = $1 WHERE id = $2`
	}
	if _, err := b.env.db.SQL().Exec(q, "Hoa kiều Chợ Lớn", ids[1]); err != nil {
		t.Fatal(err)
	}
	sarinh := strconv.FormatInt(ids[0], 10)

	b.login("danh.muc")
	b.open("/people/" + sarinh + "/edit")
	b.waitVisible("select#ethnicity")
	if opts := b.texts("select#ethnicity option"); len(opts) != 55 || !slices.Contains(opts, "Khơ-me") || opts[1] != "Kinh" {
		t.Fatalf("ethnicity options %d: %q; want empty and the 54 groups in the official order", len(opts), opts)
	}
	b.do("pick Khơ-me", chromedp.SetValue(chromedp.CSS("select#ethnicity"), "05"))
	if got := b.submit("#save-person"); got != http.StatusOK {
		t.Fatalf("save: status %d", got)
	}
	b.waitVisible("#background")
	if got := b.text("#background"); !strings.HasPrefix(got, "Khơ-me") {
		t.Errorf("profile shows %q, want the name Khơ-me", got)
	}

	b.open("/people?q=Th%E1%BA%A1ch+Th%E1%BB%8B&under=" + strconv.FormatInt(hcmc.ID, 10))
	b.waitVisible("select#filter-ethnicity")
	b.do("filter Khơ-me", chromedp.SetValue(chromedp.CSS("select#filter-ethnicity"), "05"))
	if got := b.submit(`#people-filter button[type="submit"]`); got != http.StatusOK {
		t.Fatalf("filter: status %d", got)
	}
	b.waitVisible("#people-rows")
	rows := strings.Join(b.texts("#people-rows tbody tr"), "\n")
	if !strings.Contains(b.location(), "ethnicity=05") || !strings.Contains(rows, "Thạch Thị Sa Rinh") || strings.Contains(rows, "Thạch Thị Chánh") {
		t.Errorf("list at %s filtered by Khơ-me: %q", b.location(), rows)
	}
	if sel := b.eval("select#filter-ethnicity", `[document.querySelector(%s).selectedOptions[0].textContent]`); len(sel) != 1 || sel[0] != "Khơ-me" {
		t.Errorf("filter shows %q selected, want Khơ-me", sel)
	}

	b.open("/cleaning")
	b.submit(`nav.tabs a[data-kind="codes"]`)
	b.waitVisible("table#code-findings")
	row := `table#code-findings tr[data-value="Hoa kiều Chợ Lớn"]`
	b.waitVisible(row)
	if got := b.text(row); !strings.Contains(got, "dân tộc") || !strings.Contains(got, "Hoa kiều Chợ Lớn") {
		t.Errorf("finding row %q", got)
	}
	b.do("pick Hoa", chromedp.SetValue(chromedp.CSS(row+" select"), "04"))
	if got := b.submit(row + ` button[type="submit"]`); got != http.StatusOK {
		t.Fatalf("pick: status %d", got)
	}
	b.waitVisible(`p.notice`)
	if got := b.text("p.notice"); !strings.HasSuffix(got, " 1") {
		t.Errorf("notice %q, want one record changed", got)
	}
	if n := len(b.texts(row)); n != 0 {
		t.Errorf("the finding is still listed after its code was picked")
	}
	p, err := b.env.db.FindPerson(sys, ids[1])
	if err != nil || p.Ethnicity != "04" {
		t.Errorf("record after the pick: %v, %v; want ethnicity 04", p, err)
	}
}
