package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"canbo"
)

// TestBrowserImportMappingProfile: an administrator uploads a party list whose post, party-cell
// and card columns have headers nobody maps automatically, fixes those three columns, saves the
// mapping as a profile and writes the file; the next file of the same form, with other people,
// gets the profile on upload (named on the page, the columns mapped), checks clean and is
// written. Each person lands in the ward with a membership in the cell.
func TestBrowserImportMappingProfile(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	sys := canbo.SystemContext(t.Context())
	suffix := strconv.FormatInt(time.Now().UnixNano()%1_000_000, 10)
	mk := func(name, kind string, parent int64) int64 {
		ev, err := e.db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: day("2000-01-01"),
			New: &canbo.NewUnit{Hierarchy: canbo.Party, Name: name + " " + suffix, Kind: kind, ParentID: parent}})
		if err != nil {
			t.Fatal(err)
		}
		return ev.Links[0].UnitID
	}
	cell := "Chi bộ Khu phố Mẫu " + suffix
	mk("Chi bộ Khu phố Mẫu", "chi_bo_truc_thuoc", mk("Đảng ủy phường Mẫu", "dang_uy", 0))
	write := func(name string, rows ...string) string {
		text := "Họ và tên;Giới tính;Ngày sinh;Số hiệu cán bộ;Đơn vị;Nhiệm vụ được giao;Ngày vào Đảng;Sinh hoạt ở;Số thẻ\n" + strings.Join(rows, "\n") + "\n"
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	upload := func(path string) {
		b.open("/imports")
		b.waitVisible("#import-upload")
		b.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}))
		if got := b.submit("#import-upload button[type=submit]"); got != http.StatusOK {
			t.Fatalf("upload: status %d: %s", got, b.text("#form-error"))
		}
		b.waitVisible("#import-summary")
	}
	b.login("mau.ghep.cot")
	row := func(name, code, admitted, card string) string {
		return strings.Join([]string{name, "Nam", "1980", code, codeSaiGon, "Chuyên viên", admitted, cell, card}, ";")
	}
	upload(write("chi-bo-1.csv", row("Nguyễn Văn Mẫu", "PRF-"+suffix+"-1", "03/02/2010", "11110001")))
	if got := strings.Join(b.texts("#import-problems td"), "|"); !strings.Contains(got, "thiếu chức vụ") {
		t.Errorf("problems before the mapping: %q, want the post titles missing", got)
	}
	for col, field := range map[int]string{5: "post_title", 7: "party_cell", 8: "party_card"} {
		b.do("map column "+strconv.Itoa(col), chromedp.SetValue(chromedp.CSS("#m-0-"+strconv.Itoa(col)), field))
	}
	b.do("name the profile", chromedp.SetValue(chromedp.CSS("#import-profile-name"), "Danh sách chi bộ"))
	if got := b.submit("#import-mapping button[type=submit]"); got != http.StatusOK {
		t.Fatalf("remap and save: status %d: %s", got, b.text("#form-error"))
	}
	b.waitVisible("#import-apply")
	if got := strings.Join(b.texts("#import-preview td"), "|"); !strings.Contains(got, "2010-02-03") || !strings.Contains(got, cell) {
		t.Errorf("preview %q: want the admission day and the cell", got)
	}
	if got := b.submit("#import-apply button[type=submit]"); got != http.StatusOK {
		t.Fatalf("apply: status %d", got)
	}
	b.waitVisible("#import-done")

	// The next file of the same form: the profile is found by its headers.
	b.open("/imports")
	if got := strings.Join(b.texts("#import-profiles li span"), "|"); !strings.Contains(got, "Danh sách chi bộ") {
		t.Errorf("saved profiles: %q", got)
	}
	upload(write("chi-bo-2.csv", row("Trần Văn Khuôn", "PRF-"+suffix+"-2", "19/05/2015", "11110002")))
	if got := b.text("#import-profile-used"); !strings.Contains(got, "Danh sách chi bộ") {
		t.Errorf("profile note %q", got)
	}
	if got := b.eval("#m-0-7", `[document.querySelector(%s).value]`); len(got) != 1 || got[0] != "party_cell" {
		t.Errorf("column H mapped to %q, want party_cell", got)
	}
	b.waitVisible("#import-apply")
	if got := b.submit("#import-apply button[type=submit]"); got != http.StatusOK {
		t.Fatalf("apply: status %d", got)
	}
	b.waitVisible("#import-done")
	var n int
	err := e.db.SQL().QueryRow(`SELECT COUNT(*) FROM party_members m JOIN people p ON p.id = m.person_id
		JOIN party_cells c ON c.person_id = p.id JOIN posts s ON s.person_id = p.id WHERE p.staff_code LIKE 'PRF-` + suffix + `-%' AND m.card_number LIKE '1111000%'`).Scan(&n)
	if err != nil || n != 2 {
		t.Errorf("members with their card, cell and post from the two files: %d, %v, want 2", n, err)
	}
}
