package web

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"canbo"
)

// reminderColumns are the export's headers, in Vietnamese, with their widths in characters.
var reminderColumns = []struct {
	name  string
	width float64
}{{"STT", 6}, {"Họ và tên", 28}, {"Ngày sinh", 12}, {"Đơn vị", 40}, {"Nội dung", 30}, {"Hạn", 12},
	{"Ngày sự kiện", 14}, {"Căn cứ tính", 80}, {"Văn bản", 50}}

// writeRemindersXLSX writes one kind's list as a workbook: a title line, the headers on row 2,
// then one row per item, with due and event days as real Excel dates (dd/mm/yyyy) so that users
// can sort and filter them. The stream writer keeps a whole city's list out of memory.
func writeRemindersXLSX(w io.Writer, title string, f canbo.ReminderFilter, items []canbo.Reminder) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := sheetName(title)
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	dateFmt := "dd/mm/yyyy"
	date, err := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
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
	for i, c := range reminderColumns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: bold, Value: fmt.Sprintf("%s: hạn từ %s đến %s (%d)", title, fmtDay(f.From), fmtDay(f.To), len(items))}}); err != nil {
		return err
	}
	header := make([]any, len(reminderColumns))
	for i, c := range reminderColumns {
		header[i] = excelize.Cell{StyleID: bold, Value: c.name}
	}
	if err := sw.SetRow("A2", header); err != nil {
		return err
	}
	for i, it := range items {
		cell, err := excelize.CoordinatesToCellName(1, i+3)
		if err != nil {
			return err
		}
		row := []any{i + 1, it.PersonName, vnDate(it.BirthDate), it.UnitName, it.Title,
			excelize.Cell{StyleID: date, Value: it.Due}, excelize.Cell{StyleID: date, Value: it.Event},
			excelize.Cell{StyleID: wrap, Value: it.Reason}, it.Source}
		if err := sw.SetRow(cell, row); err != nil {
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
