package web

import (
	"io"
	"net/http"
	"time"

	"github.com/xuri/excelize/v2"

	"canbo"
)

// The workbooks of Biểu 01 and Biểu 02 as the Ministry's templates lay them out: Times New
// Roman, a title, the unit and the day, a header of groups over columns, the official column
// order, and the columns canbo does not count left empty (not 0: nobody counted them).

// reportFont is the font the official forms are sent in.
const reportFont = "Times New Roman"

// reportSheet starts a workbook of one sheet in the report font.
func reportSheet(name string) (*excelize.File, string, int, int, error) {
	x := excelize.NewFile()
	sheet := sheetName(name)
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return nil, "", 0, 0, err
	}
	body, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Family: reportFont, Size: 11}})
	if err != nil {
		return nil, "", 0, 0, err
	}
	head, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Family: reportFont, Size: 11, Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}}})
	if err != nil {
		return nil, "", 0, 0, err
	}
	return x, sheet, body, head, nil
}

// writeBieu01 writes Biểu 01 in the columns of the screen: rows 1–2 the title and the unit and
// day, rows 4–5 the header (groups, then columns), then STT, the name and the figures of the
// totals and of each unit.
func writeBieu01(w io.Writer, l string, unit string, on time.Time, cols []bieu01Column, lines []bieu01Line) error {
	x, sheet, body, head, err := reportSheet("Biểu 01")
	if err != nil {
		return err
	}
	defer x.Close()
	set := func(col, row int, v any) {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		x.SetCellValue(sheet, cell, v)
	}
	set(1, 1, translate(l, "reports.bieu01_title"))
	set(1, 2, unit+" — "+translate(l, "asof.on")+" "+fmtDay(on))
	set(1, 4, translate(l, "reports.stt"))
	set(2, 4, translate(l, "reports.unit"))
	for _, c := range []string{"A", "B"} {
		if err := x.MergeCell(sheet, c+"4", c+"5"); err != nil {
			return err
		}
	}
	col := 3
	for _, g := range groupsOf(cols) {
		if g.Label == "" {
			set(col, 4, cols[col-3].Label)
			a, _ := excelize.CoordinatesToCellName(col, 4)
			b, _ := excelize.CoordinatesToCellName(col, 5)
			if err := x.MergeCell(sheet, a, b); err != nil {
				return err
			}
			col++
			continue
		}
		set(col, 4, g.Label)
		a, _ := excelize.CoordinatesToCellName(col, 4)
		b, _ := excelize.CoordinatesToCellName(col+g.Span-1, 4)
		if g.Span > 1 {
			if err := x.MergeCell(sheet, a, b); err != nil {
				return err
			}
		}
		for i := range g.Span {
			set(col+i, 5, cols[col+i-3].Label)
		}
		col += g.Span
	}
	last, _ := excelize.CoordinatesToCellName(len(cols)+2, 5)
	if err := x.SetCellStyle(sheet, "A4", last, head); err != nil {
		return err
	}
	for i, line := range lines {
		row := 6 + i
		if i > 0 {
			set(1, row, i)
		}
		set(2, row, line.Name)
		for j, c := range line.Cells {
			if c.Shown {
				set(3+j, row, c.Value)
			}
		}
	}
	end, _ := excelize.CoordinatesToCellName(len(cols)+2, 5+len(lines))
	if err := x.SetCellStyle(sheet, "A1", "B2", body); err != nil {
		return err
	}
	if err := x.SetCellStyle(sheet, "A6", end, body); err != nil {
		return err
	}
	x.SetColWidth(sheet, "B", "B", 40)
	return x.Write(w)
}

// bieu02Columns are the columns of Biểu 02 in the official order; the birth date is written in
// the column of the person's sex, as the Ministry's form has it.
var bieu02Columns = []string{"reports.stt", "reports.name", "reports.born_male", "reports.born_female", "reports.staff_type",
	"reports.post", "reports.unit", "reports.grade", "reports.grade_code", "reports.step", "reports.coefficient", "reports.salary_from",
	"reports.allowances", "reports.note"}

// bieu02Values is the row of a person in bieu02Columns (the note left empty).
func bieu02Values(l string, i int, p canbo.Bieu02Row) []any {
	male, female := "", ""
	if p.Sex == canbo.Female {
		female = vnDate(p.BirthDate)
	} else {
		male = vnDate(p.BirthDate)
	}
	staff := ""
	if p.StaffType != "" {
		staff = translate(l, "staff."+string(p.StaffType))
	}
	return []any{i + 1, p.FullName, male, female, staff, p.PostTitle, p.UnitName, p.GradeTitle, p.GradeCode, p.Step, p.Coefficient,
		vnDate(p.SalaryFrom), p.Allowances, ""}
}

// writeBieu02 writes the named list.
func writeBieu02(w io.Writer, l string, unit string, on time.Time, rows []canbo.Bieu02Row) error {
	x, sheet, body, head, err := reportSheet("Biểu 02")
	if err != nil {
		return err
	}
	defer x.Close()
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 28); err != nil {
		return err
	}
	// A named list may be long: written through the stream writer, rows in order.
	top := [][]any{{translate(l, "reports.bieu02_title")}, {unit + " — " + translate(l, "asof.on") + " " + fmtDay(on)}, {}}
	for i, row := range top {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cellsOf(row, body)); err != nil {
			return err
		}
	}
	header := make([]any, len(bieu02Columns))
	for i, c := range bieu02Columns {
		header[i] = excelize.Cell{StyleID: head, Value: translate(l, c)}
	}
	if err := sw.SetRow("A4", header); err != nil {
		return err
	}
	for i, p := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, 5+i)
		if err := sw.SetRow(cell, cellsOf(bieu02Values(l, i, p), body)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(w)
}

// cellsOf gives every value of a row the style.
func cellsOf(row []any, style int) []any {
	out := make([]any, len(row))
	for i, v := range row {
		out[i] = excelize.Cell{StyleID: style, Value: v}
	}
	return out
}

// sendWorkbook sets the headers of a workbook download.
func sendWorkbook(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
}

// bieu01Export answers GET /reports/bieu01.xlsx (and the API's format=xlsx), audited.
func (s *Server) bieu01Export(w http.ResponseWriter, r *http.Request) {
	q, err := s.reportParams(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	unit, err := s.Org.FindUnit(r.Context(), q.Under, q.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	rep, err := s.reports.Bieu01(r.Context(), q.Under, q.On)
	if err == nil {
		err = s.auditReport(r, "bieu01")
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	l := lang(r)
	cols := bieu01Columns(l, rep)
	sendWorkbook(w, "bieu-01-"+isoDay(q.On)+".xlsx")
	if err := writeBieu01(w, l, unit.Name, q.On, cols, bieu01Lines(rep, cols, q.On, translate(l, "reports.total_line"))); err != nil {
		s.Log.Error("bieu01 export", "err", err)
	}
}

// bieu02Export answers GET /reports/bieu02.xlsx (and the API's format=xlsx), audited.
func (s *Server) bieu02Export(w http.ResponseWriter, r *http.Request) {
	q, err := s.reportParams(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	unit, err := s.Org.FindUnit(r.Context(), q.Under, q.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	rows, err := s.reports.Bieu02(r.Context(), q.Under, q.On)
	if err == nil {
		err = s.auditReport(r, "bieu02")
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	sendWorkbook(w, "bieu-02-"+isoDay(q.On)+".xlsx")
	if err := writeBieu02(w, lang(r), unit.Name, q.On, rows); err != nil {
		s.Log.Error("bieu02 export", "err", err)
	}
}
