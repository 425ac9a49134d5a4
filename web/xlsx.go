package web

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"canbo/vn"
)

// xlsxList is a list exported as a workbook that people can use at once: rows 1–3 say which
// list it is, on which day, with which filters, and who exported it when; row 4 holds the
// column names, frozen and with an autofilter; the rows follow. The document properties name
// canbo and the list, so that a file found later in a mailbox says where it came from.
type xlsxList struct {
	Title   string    // which list: "Danh sách nhân sự", "Nhắc việc: Nghỉ hưu"
	AsOf    time.Time // the day the list is "as of"
	Filters []string  // the filters that produced it, each "label: value"; none is said too
	By      string    // the account that exported it
	At      time.Time // when
	Columns []xlsxColumn
	Lang    string
}

// xlsxColumn is a column of an exported list.
type xlsxColumn struct {
	Name  string
	Width float64 // in characters
	Wrap  bool    // long text (a legal basis) wraps instead of running across the row
}

// xlsxDate is a cell value holding a day as canbo stores it (ISO, possibly partial). A full
// day becomes an Excel date shown dd/mm/yyyy, which sorts and filters as a date; a year or a
// month stays text as Vietnamese writes it ("1965", "03/1965"), since Excel has no partial date.
type xlsxDate string

// xlsxHeaderRow is the row of column names; the rows above it describe the list.
const xlsxHeaderRow = 4

// vnZone is Vietnam's time (no daylight saving), for the export time in the title rows: the
// offices read local time, and the server may run on UTC.
var vnZone = time.FixedZone("ICT", 7*3600)

// writeXLSXList writes the list and its rows (one []any per row, values in column order: text,
// numbers, xlsxDate or time.Time for days).
func writeXLSXList(w io.Writer, l xlsxList, rows [][]any) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := sheetName(l.Title)
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	filters := strings.Join(l.Filters, "; ")
	if filters == "" {
		filters = translate(l.Lang, "xlsx.nofilter")
	}
	if err := x.SetDocProps(&excelize.DocProperties{Creator: "canbo", LastModifiedBy: "canbo", Title: l.Title,
		Subject: translate(l.Lang, "asof.on") + " " + fmtDay(l.AsOf), Description: filters,
		Created: l.At.UTC().Format(time.RFC3339), Modified: l.At.UTC().Format(time.RFC3339), Language: l.Lang}); err != nil {
		return err
	}
	if err := x.SetAppProps(&excelize.AppProperties{Application: "canbo"}); err != nil {
		return err
	}
	title, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	if err != nil {
		return err
	}
	header, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	dateFmt := "dd/mm/yyyy"
	date, err := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}
	wrap, err := x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	// Panes, widths and the filter must precede the rows in a stream.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: xlsxHeaderRow, TopLeftCell: fmt.Sprintf("A%d", xlsxHeaderRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, c := range l.Columns {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	// The stream writes the filter it holds at Flush, so it is set before.
	last, err := excelize.CoordinatesToCellName(max(len(l.Columns), 1), xlsxHeaderRow+max(len(rows), 1))
	if err != nil {
		return err
	}
	if err := x.AutoFilter(sheet, fmt.Sprintf("A%d:%s", xlsxHeaderRow, last), nil); err != nil {
		return err
	}
	heading := []string{
		fmt.Sprintf("%s %s %s", l.Title, translate(l.Lang, "asof.on"), fmtDay(l.AsOf)),
		translate(l.Lang, "xlsx.filters") + ": " + filters,
		fmt.Sprintf("%s %s %s %s · %d %s", translate(l.Lang, "xlsx.exported"), l.At.In(vnZone).Format("02/01/2006 15:04"),
			translate(l.Lang, "xlsx.by"), l.By, len(rows), translate(l.Lang, "xlsx.rows")),
	}
	for i, h := range heading {
		style := 0
		if i == 0 {
			style = title
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), []any{excelize.Cell{StyleID: style, Value: h}}); err != nil {
			return err
		}
	}
	names := make([]any, len(l.Columns))
	for i, c := range l.Columns {
		names[i] = excelize.Cell{StyleID: header, Value: c.Name}
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", xlsxHeaderRow), names); err != nil {
		return err
	}
	for i, row := range rows {
		cells := make([]any, len(row))
		for j, v := range row {
			style := 0
			if j < len(l.Columns) && l.Columns[j].Wrap {
				style = wrap
			}
			switch v := v.(type) {
			case xlsxDate:
				d, err := vn.ParseDate(string(v))
				switch {
				case err == nil && d.Day != 0:
					cells[j] = excelize.Cell{StyleID: date, Value: time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)}
				default:
					cells[j] = excelize.Cell{StyleID: style, Value: vnDate(string(v))}
				}
			case time.Time:
				if v.IsZero() {
					cells[j] = ""
				} else {
					cells[j] = excelize.Cell{StyleID: date, Value: v}
				}
			default:
				cells[j] = excelize.Cell{StyleID: style, Value: v}
			}
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", xlsxHeaderRow+1+i), cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(w)
}

// sheetName makes a title a valid sheet name: at most 31 characters, none of []:*?/\.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}
