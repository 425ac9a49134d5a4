package web

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"canbo"
	"canbo/audit"
)

// maxExportPeople bounds a people export. A ward's or an agency's list fits many times over; a
// whole city's personal records do not belong in a spreadsheet, so a list that long must be
// narrowed first.
const maxExportPeople = 20000

// exportPage is the page size an export reads the list in (the store's largest).
const exportPage = 500

// peopleExport answers GET /people/export.xlsx: the people list with its filters and chosen
// columns, every page of it, as a workbook. It reads through the same store calls as the page,
// so scope and grants apply alike, and it is audited before anything is sent.
func (s *Server) peopleExport(w http.ResponseWriter, r *http.Request) {
	f, err := s.personFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	cols, err := chosenColumns(r.URL.Query(), canbo.UserFromContext(r.Context()))
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.Limit, f.Cursor = exportPage, ""
	var people []*canbo.Person
	standings := map[int64]canbo.PersonStanding{}
	for {
		page, _, next, err := s.People.FindPeople(r.Context(), f)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if len(people)+len(page) > maxExportPeople {
			s.error(w, r, canbo.FieldError("under", "Danh sách có hơn %d người: hãy thu hẹp bộ lọc (đơn vị, loại cán bộ…) trước khi xuất Excel.", maxExportPeople))
			return
		}
		st, err := s.standings(r, page, f, cols)
		if err != nil {
			s.error(w, r, err)
			return
		}
		for id, v := range st {
			standings[id] = v
		}
		people = append(people, page...)
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "people", EntityID: r.URL.RawQuery,
		After: audit.Redact(map[string]string{"rows": strconv.Itoa(len(people))})}); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="danh-sach-nhan-su-`+isoDay(f.AsOf)+`.xlsx"`)
	if err := writePeopleXLSX(w, lang(r), f, cols, people, standings); err != nil {
		s.Log.Error("people export", "err", err)
	}
}

// exportWidths are the columns' widths in characters.
var exportWidths = map[string]float64{"birth": 12, "sex": 10, "staff_type": 16, "staff_code": 12, "post": 36,
	"unit": 46, "party": 10, "ethnicity": 12, "education": 40}

// writePeopleXLSX writes the list as the page shows it: a title line, the headers, one row per
// person in Vietnamese order.
func writePeopleXLSX(w io.Writer, lng string, f canbo.PersonFilter, cols []string, people []*canbo.Person, st map[int64]canbo.PersonStanding) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := sheetName(translate(lng, "nav.people"))
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	header := []any{excelize.Cell{StyleID: bold, Value: "STT"}, excelize.Cell{StyleID: bold, Value: translate(lng, "person.name")}}
	widths := []float64{6, 28}
	for _, c := range cols {
		header = append(header, excelize.Cell{StyleID: bold, Value: translate(lng, "col."+c)})
		widths = append(widths, exportWidths[c])
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	title := fmt.Sprintf("%s %s %s (%d)", translate(lng, "nav.people"), translate(lng, "asof.on"), fmtDay(f.AsOf), len(people))
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: bold, Value: title}}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", header); err != nil {
		return err
	}
	for i, p := range people {
		row := []any{i + 1, p.FullName}
		for _, c := range cols {
			row = append(row, columnValue(lng, c, p, st[p.ID]))
		}
		cell, err := excelize.CoordinatesToCellName(1, i+3)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(w)
}

// columnValue is a list column's text for a person, as the people page shows it.
func columnValue(lng, col string, p *canbo.Person, st canbo.PersonStanding) string {
	switch col {
	case "birth":
		return vnDate(p.BirthDate)
	case "sex":
		return translate(lng, "sex."+string(p.Sex))
	case "staff_type":
		return translate(lng, "staff."+string(p.StaffType))
	case "staff_code":
		return p.StaffCode
	case "post":
		return st.PostTitle
	case "unit":
		return st.UnitName
	case "party":
		if st.PartyMember {
			return "✓"
		}
		return ""
	case "ethnicity":
		return p.Ethnicity
	case "education":
		return educationLine(p.Education)
	}
	return ""
}
