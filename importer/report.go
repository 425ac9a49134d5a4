package importer

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"canbo"
)

// ErrorWorkbook returns the user's own file with its bad cells filled red and, on each row
// with a problem, the messages in a column added after the last one (headed errHeader), so the
// user fixes the file they know instead of a list of coordinates. A CSV file comes back as a
// workbook of its rows. message words a problem in the reader's language.
func ErrorWorkbook(data []byte, book *Book, problems []canbo.ImportProblem, errHeader string, message func(canbo.ImportProblem) string) ([]byte, error) {
	var f *excelize.File
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		var err error
		f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: DefaultLimits.Unzip, UnzipXMLSizeLimit: 128 << 20})
		if err != nil {
			return nil, err
		}
	} else {
		f = excelize.NewFile()
		s := book.Sheets[0]
		if err := f.SetSheetName("Sheet1", s.Name); err != nil {
			return nil, err
		}
		sw, err := f.NewStreamWriter(s.Name)
		if err != nil {
			return nil, err
		}
		for r, row := range s.Rows {
			vals := make([]any, len(row))
			for i, v := range row {
				vals[i] = v
			}
			if err := sw.SetRow(cellName(0, r), vals); err != nil {
				return nil, err
			}
		}
		if err := sw.Flush(); err != nil {
			return nil, err
		}
	}
	defer f.Close()
	red, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Color: []string{"FFC7CE"}, Pattern: 1},
		Font: &excelize.Font{Color: "9C0006"}})
	if err != nil {
		return nil, err
	}
	wrap, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	width := map[string]int{}
	for _, s := range book.Sheets {
		for _, row := range s.Rows {
			width[s.Name] = max(width[s.Name], len(row))
		}
	}
	type rowKey struct {
		sheet string
		row   int
	}
	msgs := map[rowKey][]string{}
	var keys []rowKey
	for _, p := range problems {
		k := rowKey{p.Sheet, p.Row}
		if _, ok := msgs[k]; !ok {
			keys = append(keys, k)
		}
		m := message(p)
		if p.Cell != "" {
			m = p.Cell + ": " + m
			if err := f.SetCellStyle(p.Sheet, p.Cell, p.Cell, red); err != nil {
				return nil, err
			}
		}
		msgs[k] = append(msgs[k], m)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].sheet < keys[j].sheet || keys[i].sheet == keys[j].sheet && keys[i].row < keys[j].row
	})
	headed := map[string]bool{}
	for _, k := range keys {
		col := letter(width[k.sheet])
		if !headed[k.sheet] {
			headed[k.sheet] = true
			if err := f.SetCellValue(k.sheet, col+"1", errHeader); err != nil {
				return nil, err
			}
			if err := f.SetColWidth(k.sheet, col, col, 60); err != nil {
				return nil, err
			}
		}
		cell := fmt.Sprintf("%s%d", col, k.row)
		if err := f.SetCellValue(k.sheet, cell, strings.Join(msgs[k], "\n")); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(k.sheet, cell, cell, wrap); err != nil {
			return nil, err
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Template returns an empty workbook with one header per field (label words a field, in the
// template's language) and a second sheet of instructions, one line each.
func Template(sheet string, label func(Field) string, instructionsSheet string, instructions []string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return nil, err
	}
	var fields []Field
	for _, fl := range Fields {
		if fl != FamilyName && fl != FamilyMiddle && fl != MiddleName && fl != GivenName && fl != BirthMale && fl != BirthFemale {
			fields = append(fields, fl)
		}
	}
	for i, fl := range fields {
		cell := cellName(i, 0)
		if err := f.SetCellValue(sheet, cell, label(fl)); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(sheet, cell, cell, bold); err != nil {
			return nil, err
		}
		if err := f.SetColWidth(sheet, letter(i), letter(i), 18); err != nil {
			return nil, err
		}
	}
	// Identity numbers and dates typed as text keep their zeros and their form.
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return nil, err
	}
	if err := f.SetColStyle(sheet, "A:"+letter(len(fields)-1), text); err != nil {
		return nil, err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet(instructionsSheet); err != nil {
		return nil, err
	}
	for i, line := range instructions {
		if err := f.SetCellValue(instructionsSheet, cellName(0, i), line); err != nil {
			return nil, err
		}
	}
	if err := f.SetColWidth(instructionsSheet, "A", "A", 120); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
