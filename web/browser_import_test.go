package web_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"canbo/importer/importtest"
)

// TestBrowserImport: an administrator opens the import page from the people list, uploads a
// workbook typed like the real ones (two-row merged header, Nam/Nữ birth columns, ward banner
// rows, TCVN3 text) whose post column has a header nobody maps automatically and one row with
// an impossible birth date; fixes the mapping, sees the one remaining problem named by its
// cell, downloads the workbook with that cell marked, corrects the file, uploads it again and
// writes it, watching the progress bar finish; the people are under their wards.
func TestBrowserImport(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	today := e.now().Format("2006-01-02")
	w1, w2 := e.unitByCode(t, "26740", today), e.unitByCode(t, "26737", today)
	// "Tân Định" alone is also a commune of Khánh Hòa: the user picks the city to match within.
	city := e.unitByCode(t, "79", today)
	people := func(badDate string) []importtest.Banner {
		return []importtest.Banner{
			{Name: w1.Name, People: []importtest.Person{
				{Name: "Nguyễn Văn Đức", Birth: "02/09/1965", StaffCode: "IMP-1", Title: "Chủ tịch", StaffType: "Cán bộ", TCVN3: true},
				{Name: "Trần Thị Ánh", Female: true, Birth: badDate, StaffCode: "IMP-2", Title: "Chuyên viên", StaffType: "Công chức"},
			}},
			{Name: strings.TrimPrefix(w2.Name, "Phường "), People: []importtest.Person{
				{Name: "Lê Văn Bình", Birth: 1975, StaffCode: "IMP-3", Title: "Phó Chủ tịch", StaffType: "Công chức"},
			}},
		}
	}
	write := func(name string, banners []importtest.Banner) (string, []int) {
		data, rows := importtest.Field(t, banners)
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		x.SetCellValue("Sheet1", importtest.ColTitle+"4", "Nhiệm vụ được giao") // no field is called that
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return path, rows
	}
	upload := func(path string) {
		b.open("/people")
		b.do("open the import page", chromedp.Click(chromedp.CSS("#people-import")))
		b.waitVisible("#import-upload")
		b.do("choose the file", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}))
		b.eval("#under-pick-id", `[document.querySelector(%s).value = "`+strconv.FormatInt(city.ID, 10)+`"]`)
		if got := b.submit("#import-upload button[type=submit]"); got != http.StatusOK {
			t.Fatalf("upload: status %d: %s", got, b.text("#form-error"))
		}
		b.waitVisible("#import-summary") // the dry run ran; the page reloaded after the bar filled
	}

	b.login("nhap.excel")
	path, rows := write("danh-sach.xlsx", people("31/02/1980"))
	upload(path)
	job := strings.TrimPrefix(b.location(), "/imports/")
	if got := b.text("#import-summary"); !strings.Contains(got, "3 dòng") {
		t.Errorf("summary before the mapping fix: %q", got)
	}
	if got := strings.Join(b.texts("#import-problems td"), "|"); !strings.Contains(got, "thiếu chức vụ") {
		t.Errorf("problems before the fix: %q, want the post titles missing", got)
	}
	// Fix the mapping: column G is the post.
	b.do("map column G", chromedp.SetValue(chromedp.CSS("#m-0-6"), "post_title"))
	if got := b.submit("#import-mapping button[type=submit]"); got != http.StatusOK {
		t.Fatalf("remap: status %d", got)
	}
	b.waitVisible("#import-summary")
	cells := b.texts("#import-problems tbody tr td:nth-child(3)")
	want := importtest.ColFemale + strconv.Itoa(rows[1])
	if len(cells) != 1 || cells[0] != want {
		t.Fatalf("problem cells after the fix: %q, want only %s (the impossible date); %q", cells, want, b.texts("#import-problems td"))
	}
	if got := b.text("#import-problems tbody td:nth-child(5)"); !strings.Contains(got, "31/02/1980") {
		t.Errorf("the problem says %q", got)
	}
	if n := len(b.texts("#import-apply")); n != 0 {
		t.Error("a file with problems can be written")
	}
	// The error workbook marks that cell and says why on its row.
	href := b.eval("#import-error-workbook", `[document.querySelector(%s).getAttribute("href")]`)[0]
	if href != "/imports/"+job+"/errors.xlsx" {
		t.Errorf("error workbook link %q", href)
	}
	b64, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`fetch("`+href+`").then(r => r.arrayBuffer()).then(a => { let s = ""; new Uint8Array(a).forEach(c => s += String.fromCharCode(c)); return btoa(s); })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("error workbook: %v", err)
	}
	marked := 0
	for r := importtest.FirstRow; r <= rows[len(rows)-1]; r++ {
		for _, c := range "ABCDEFGHI" {
			cell := string(c) + strconv.Itoa(r)
			if st, _ := x.GetCellStyle("Sheet1", cell); st != 0 {
				if s, _ := x.GetStyle(st); s != nil && len(s.Fill.Color) > 0 && s.Fill.Color[0] == "FFC7CE" {
					marked++
					if cell != want {
						t.Errorf("cell %s marked, want only %s", cell, want)
					}
				}
			}
		}
	}
	if msg, _ := x.GetCellValue("Sheet1", "J"+strconv.Itoa(rows[1])); marked != 1 || !strings.Contains(msg, want) {
		t.Errorf("marked %d cells; error column %q", marked, msg)
	}

	// The corrected file: the mapping is chosen again, the dry run is clean, and it is written.
	path, _ = write("danh-sach-sua.xlsx", people("02/07/1980"))
	upload(path)
	b.do("map column G", chromedp.SetValue(chromedp.CSS("#m-0-6"), "post_title"))
	if got := b.submit("#import-mapping button[type=submit]"); got != http.StatusOK {
		t.Fatalf("remap: status %d", got)
	}
	b.waitVisible("#import-apply")
	if got := b.text("#import-summary"); !strings.Contains(got, "sẽ thêm mới 3") {
		t.Errorf("summary of the clean dry run: %q", got)
	}
	if got := strings.Join(b.texts("#import-preview td"), "|"); !strings.Contains(got, "Nguyễn Văn Đức") {
		t.Errorf("preview %q: the TCVN3 name is not converted", got)
	}
	if got := b.submit("#import-apply button[type=submit]"); got != http.StatusOK {
		t.Fatalf("apply: status %d", got)
	}
	b.waitVisible("#import-done")
	if v := b.eval("#import-progress", `(e => [String(e.value), String(e.max)])(document.querySelector(%s))`); len(v) != 2 || v[0] != v[1] {
		t.Errorf("progress bar at the end: %q", v)
	}
	var list struct {
		Items []struct {
			FullName string `json:"full_name"`
		} `json:"items"`
	}
	e.api(t, "/api/v1/people?q=IMP-1&under="+strconv.FormatInt(w1.ID, 10), &list)
	if len(list.Items) != 1 || list.Items[0].FullName != "Nguyễn Văn Đức" {
		t.Errorf("people under %s with staff code IMP-1: %+v", w1.Name, list.Items)
	}
}
