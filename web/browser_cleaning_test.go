package web_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"canbo"
)

// TestBrowserCleaning opens the data-cleaning report from the navigation as an administrator:
// a record typed twice is listed side by side, with links to both profiles, under tabs that
// count each kind; the identity tab is there because administrators see identity numbers.
func TestBrowserCleaning(t *testing.T) {
	b := newBrowser(t)
	hcmc := b.env.unitByCode(t, codeHCMC, reformDay)
	sys := canbo.SystemContext(t.Context())
	var ids []int64
	for _, given := range []string{"Khiêm", "Khiêmm"} {
		p := &canbo.Person{FamilyName: "Mạc", MiddleName: "Văn", GivenName: given, Sex: canbo.Male, BirthDate: "1961-01-01"}
		if err := b.env.db.CreatePerson(sys, p, &canbo.Post{UnitID: hcmc.ID, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	b.login("cleaning")
	b.open("/")
	if links := b.texts("nav.modules a"); !slices.Contains(links, "Rà soát dữ liệu") {
		t.Fatalf("navigation %q has no data-cleaning link", links)
	}
	b.submit(`nav.modules a[href^="/cleaning"]`)
	b.waitVisible("table#findings")
	tabs := b.texts("nav.tabs a")
	if len(tabs) != 5 || !strings.HasPrefix(tabs[0], "Hồ sơ trùng (") || !strings.HasPrefix(tabs[2], "Số định danh không khớp (") {
		t.Errorf("tabs %q", tabs)
	}
	var row string
	for _, r := range b.texts("table#findings tbody tr") {
		if strings.Contains(r, "Mạc Văn Khiêm ") && strings.Contains(r, "Mạc Văn Khiêmm") {
			row = r
		}
	}
	if !strings.Contains(row, "Tên khác một ký tự") || !strings.Contains(row, "01/01/1961") || !strings.Contains(row, nameHCMC) {
		t.Errorf("no row with both records: %q", b.texts("table#findings tbody tr"))
	}
	for _, id := range ids {
		b.waitVisible(`table#findings a[href="/people/` + strconv.FormatInt(id, 10) + `"]`)
	}
	if dir := os.Getenv("CANBO_SCREENSHOT_DIR"); dir != "" {
		buf := b.screenshot()
		if _, err := png.Decode(bytes.NewReader(buf)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "screenshot-cleaning.png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
