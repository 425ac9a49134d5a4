// Package importer reads the people spreadsheets users already keep (docs/DESIGN.md "Importing
// people", ../shared/domain/FORMS.md): .xlsx and .csv files as they really are — title rows,
// headers over several rows with merged cells, legacy font encodings, banner rows naming units —
// and turns them into canbo.ImportRow values and a list of problems naming sheet, row and cell.
// It has no database: units are matched against a list the caller reads (Units), and the store
// writes the rows (sqlstore.DB.ImportPeople).
package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"canbo"
	"canbo/vn"
)

// Limits bound what a file may make the reader do, so that a hostile or broken upload is refused
// quickly in bounded memory instead of being read.
type Limits struct {
	Bytes   int64 // the upload itself
	Unzip   int64 // all parts of an .xlsx once unzipped (a zip bomb stops here)
	Sheets  int
	Rows    int // per sheet
	Columns int
}

// DefaultLimits fit the largest real files (a city's 100,000 people, 40-odd columns) with room.
var DefaultLimits = Limits{Bytes: 64 << 20, Unzip: 512 << 20, Sheets: 64, Rows: 200_000, Columns: 256}

// Sheet is one sheet's cells as text, row by row (Rows[0] is the sheet's row 1), with merged
// ranges filled so that every cell of a merged header carries its text. Cells are read raw: a
// date typed as a date is its serial number, converted where the column says it is a date.
type Sheet struct {
	Name   string
	Rows   [][]string
	merged map[int]bool // cells covered by a merge but not its top-left one
}

// Book is a file's sheets in order. A CSV file is one sheet named after nothing.
type Book struct {
	Sheets []*Sheet
}

func key(row, col int) int { return row<<16 | col }

// Cell returns the text of a cell (0-based), "" outside the sheet.
func (s *Sheet) Cell(row, col int) string {
	if row < 0 || row >= len(s.Rows) || col < 0 || col >= len(s.Rows[row]) {
		return ""
	}
	return s.Rows[row][col]
}

// Read recognises a file by its bytes, never by its name: an .xlsx is a zip, an old .xls or an
// encrypted workbook is an OLE container, anything else must be text to be CSV.
func Read(data []byte, lim Limits) (*Book, error) {
	if int64(len(data)) > lim.Bytes {
		return nil, canbo.Invalid("file", "err.importer.read.too_large", len(data)>>20, lim.Bytes>>20)
	}
	switch {
	case len(data) == 0:
		return nil, canbo.Invalid("file", "err.importer.read.empty")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data, lim)
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		// Excel saves a password-protected workbook, and Excel 97–2003 every workbook, in this
		// container; neither can be read without Excel.
		return nil, canbo.Invalid("file", "err.importer.read.ole")
	case looksBinary(data):
		return nil, canbo.Invalid("file", "err.importer.read.not_sheet")
	}
	return readCSV(data, lim)
}

// looksBinary reports bytes that no text file holds (images, PDFs, executables): NUL bytes or
// many control characters near the start.
func looksBinary(b []byte) bool {
	b = b[:min(len(b), 4096)]
	ctl := 0
	for _, c := range b {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			ctl++
		}
	}
	return ctl > len(b)/20
}

func readXLSX(data []byte, lim Limits) (book *Book, err error) {
	// excelize may panic on a malformed part; the reader never does.
	defer func() {
		if r := recover(); r != nil {
			book, err = nil, canbo.Invalid("file", "err.importer.read.broken")
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: lim.Unzip, UnzipXMLSizeLimit: min(lim.Unzip, 16<<20), RawCellValue: true})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || strings.Contains(err.Error(), "zip") {
			return nil, canbo.Invalid("file", "err.importer.read.not_sheet")
		}
		if strings.Contains(err.Error(), "size") || strings.Contains(err.Error(), "limit") {
			return nil, canbo.Invalid("file", "err.importer.read.unzip", lim.Unzip>>20)
		}
		return nil, canbo.Invalid("file", "err.importer.read.broken")
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) > lim.Sheets {
		return nil, canbo.Invalid("file", "err.importer.read.sheets", len(names), lim.Sheets)
	}
	merges, err := mergedRanges(data, lim)
	if err != nil {
		return nil, err
	}
	book = &Book{}
	for _, name := range names {
		s, err := readSheet(f, name, merges[name], lim)
		if err != nil {
			return nil, err
		}
		book.Sheets = append(book.Sheets, s)
	}
	return book, nil
}

func readSheet(f *excelize.File, name string, merges []string, lim Limits) (*Sheet, error) {
	s := &Sheet{Name: name, merged: map[int]bool{}}
	rows, err := f.Rows(name)
	if err != nil {
		return nil, canbo.Invalid("file", "err.importer.read.broken")
	}
	defer rows.Close()
	for r := 0; rows.Next(); r++ {
		if r >= lim.Rows {
			return nil, canbo.Invalid("file", "err.importer.read.rows", name, lim.Rows)
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, canbo.Invalid("file", "err.importer.read.broken")
		}
		if len(cols) > lim.Columns {
			// A sheet wider than any form is a hostile file or a broken one; trailing empty
			// cells do not count.
			n := len(cols)
			for n > 0 && cols[n-1] == "" {
				n--
			}
			if n > lim.Columns {
				return nil, canbo.Invalid("file", "err.importer.read.columns", name, lim.Columns)
			}
			cols = cols[:n]
		}
		for c, v := range cols {
			if v == "" {
				continue
			}
			cols[c] = cleanCell(v)
		}
		s.Rows = append(s.Rows, cols)
	}
	if err := rows.Error(); err != nil {
		return nil, canbo.Invalid("file", "err.importer.read.broken")
	}
	for _, m := range merges {
		from, to, _ := strings.Cut(m, ":")
		c1, r1, err1 := excelize.CellNameToCoordinates(from)
		c2, r2, err2 := excelize.CellNameToCoordinates(to)
		if err1 != nil || err2 != nil || c2-c1 > lim.Columns || r2-r1 > 16 {
			continue // only header-sized merges are filled; a merge over a whole column says nothing
		}
		v := s.Cell(r1-1, c1-1)
		for r := r1 - 1; r < r2 && r < len(s.Rows); r++ {
			for c := c1 - 1; c < c2; c++ {
				if r == r1-1 && c == c1-1 {
					continue
				}
				for len(s.Rows[r]) <= c {
					s.Rows[r] = append(s.Rows[r], "")
				}
				s.Rows[r][c] = v
				s.merged[key(r, c)] = true
			}
		}
	}
	return s, nil
}

// cellName is the A1 name of a 0-based cell.
func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col+1, row+1)
	return n
}

// cleanCell converts a cell's text to the stored form: legacy font encodings (TCVN3, VNI)
// detected per cell and converted, then NFC with runs of space collapsed (vn.Clean: macOS NFD).
func cleanCell(v string) string {
	switch vn.DetectLegacy(v) {
	case "tcvn3":
		v = vn.FromTCVN3(v)
	case "vni":
		v = vn.FromVNI(v)
	}
	return vn.Clean(v)
}

func readCSV(data []byte, lim Limits) (*Book, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	text := string(data)
	if !utf8.Valid(data) {
		// Not UTF-8: Excel's "CSV" on a Vietnamese Windows writes Windows-1258.
		dec, err := charmap.Windows1258.NewDecoder().Bytes(data)
		if err != nil {
			return nil, canbo.Invalid("file", "err.importer.read.not_sheet")
		}
		text = string(dec)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	first := strings.SplitN(text, "\n", 2)[0]
	if strings.Count(first, ";") > strings.Count(first, ",") {
		r.Comma = ';' // Excel in locales with a decimal comma
	}
	s := &Sheet{Name: "CSV", merged: map[int]bool{}}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, canbo.Invalid("file", "err.importer.read.csv", err.Error())
		}
		if len(s.Rows) >= lim.Rows {
			return nil, canbo.Invalid("file", "err.importer.read.rows", s.Name, lim.Rows)
		}
		if len(rec) > lim.Columns {
			return nil, canbo.Invalid("file", "err.importer.read.columns", s.Name, lim.Columns)
		}
		for i, v := range rec {
			rec[i] = cleanCell(v)
		}
		s.Rows = append(s.Rows, rec)
	}
	return &Book{Sheets: []*Sheet{s}}, nil
}
