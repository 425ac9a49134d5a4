package web_test

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// workbook is an exported file read back.
type workbook struct {
	x     *excelize.File
	sheet string
	raw   []byte
}

// openWorkbook reads an exported file.
func openWorkbook(t *testing.T, b []byte) workbook {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return workbook{x: x, sheet: x.GetSheetList()[0], raw: b}
}

// checkList checks what every exported list carries (see web.xlsxList): the document
// properties naming canbo and the list, the three title rows (the list and its as-of day, the
// filters, who exported it and when), the header row frozen with an autofilter over the rows.
func (w workbook) checkList(t *testing.T, title, asOf string, filters []string, user string, columns, rows int) {
	t.Helper()
	props, err := w.x.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Creator != "canbo" || props.Title != title {
		t.Errorf("document properties: creator %q, title %q; want canbo, %q", props.Creator, props.Title, title)
	}
	for _, f := range filters {
		if !strings.Contains(props.Description, f) {
			t.Errorf("document description %q does not name the filter %q", props.Description, f)
		}
	}
	app, err := w.x.GetAppProps()
	if err != nil || app.Application != "canbo" {
		t.Errorf("application property: %+v %v", app, err)
	}
	cell := func(ref string) string {
		v, err := w.x.GetCellValue(w.sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got, want := cell("A1"), title+" ngày "+asOf; got != want {
		t.Errorf("title row: got %q, want %q", got, want)
	}
	if got := cell("A2"); !strings.HasPrefix(got, "Bộ lọc: ") || (len(filters) == 0 && !strings.Contains(got, "không có")) {
		t.Errorf("filter row %q", got)
	}
	for _, f := range filters {
		if !strings.Contains(cell("A2"), f) {
			t.Errorf("filter row %q does not name %q", cell("A2"), f)
		}
	}
	exported := cell("A3")
	if !strings.Contains(exported, "bởi tài khoản "+user) || !strings.Contains(exported, strconv.Itoa(rows)+" dòng") ||
		!regexp.MustCompile(`Xuất lúc \d\d/\d\d/\d{4} \d\d:\d\d`).MatchString(exported) {
		t.Errorf("export row %q: want when, by %s, %d rows", exported, user, rows)
	}
	panes, err := w.x.GetPanes(w.sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 4 || panes.XSplit != 0 || panes.TopLeftCell != "A5" {
		t.Errorf("panes %+v: want rows 1–4 frozen", panes)
	}
	col, _ := excelize.ColumnNumberToName(columns)
	if want := `<autoFilter ref="$A$4:$` + col + `$` + strconv.Itoa(4+max(rows, 1)) + `"`; !strings.Contains(w.part(t, "xl/worksheets/sheet1.xml"), want) {
		t.Errorf("sheet has no %s…>", want)
	}
}

// part returns a file of the workbook's package.
func (w workbook) part(t *testing.T, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(w.raw), int64(len(w.raw)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := z.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// date returns a cell's day if it holds an Excel date shown dd/mm/yyyy, and whether it does.
func (w workbook) date(t *testing.T, ref string) (time.Time, bool) {
	t.Helper()
	raw, err := w.x.GetCellValue(w.sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return time.Time{}, false
	}
	shown, err := w.x.GetCellValue(w.sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	d, err := excelize.ExcelDateToTime(serial, false)
	if err != nil || shown != d.Format("02/01/2006") {
		return time.Time{}, false
	}
	return d, true
}

// TestExportWorkbooks: the people list's workbook is usable at once — it says which list and
// filters produced it, who exported it and when, its header row stays in view with an
// autofilter, birth dates are dates (a partial one stays text) — and its document properties
// name canbo.
func TestExportWorkbooks(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		f.addPerson(f.adminTok, `{"family_name":"Nguyễn","middle_name":"Văn","given_name":"Đức","sex":"male","birth_date":"1971-05"}`, f.w1)
		f.addPerson(f.adminTok, `{"family_name":"Lê","middle_name":"Thị","given_name":"Ánh","sex":"female","birth_date":"1988-02-03"}`, f.w1)
		today := time.Now().Format("02/01/2006")
		get := func(query string) workbook {
			t.Helper()
			code, _, b := f.do(f.adminTok, "GET", "/people/export.xlsx?"+query, "", nil)
			if code != 200 {
				t.Fatalf("export %s: %d %s", query, code, b)
			}
			return openWorkbook(t, b)
		}

		w := get("under=" + strconv.FormatInt(f.w1, 10) + "&sex=female&cols=birth,sex")
		w.checkList(t, "Danh sách nhân sự", today, []string{"Đơn vị: Phường Bến Nghé", "Giới tính: Nữ"}, "admin", 4, 1)
		if name, _ := w.x.GetCellValue(w.sheet, "B5"); name != "Lê Thị Ánh" {
			t.Fatalf("first row: %q", name)
		}
		if d, ok := w.date(t, "C5"); !ok || d.Format(time.DateOnly) != "1988-02-03" {
			t.Errorf("birth date C5: %v %v, want the date 03/02/1988", d, ok)
		}

		w = get("cols=birth")
		w.checkList(t, "Danh sách nhân sự", today, nil, "admin", 3, 2)
		for row := 5; row <= 6; row++ {
			ref := "C" + strconv.Itoa(row)
			name, _ := w.x.GetCellValue(w.sheet, "B"+strconv.Itoa(row))
			shown, _ := w.x.GetCellValue(w.sheet, ref)
			_, isDate := w.date(t, ref)
			switch name {
			case "Nguyễn Văn Đức":
				if shown != "05/1971" || isDate {
					t.Errorf("a partial birth date: got %q (date %v), want the text 05/1971", shown, isDate)
				}
			case "Lê Thị Ánh":
				if !isDate {
					t.Errorf("a full birth date %q is not a date", shown)
				}
			}
		}
	})
}
