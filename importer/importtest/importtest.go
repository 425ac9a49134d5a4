// Package importtest builds workbooks like the ones users bring (../shared/domain/FORMS.md):
// title rows, a two-row merged header with birth dates split into Nam/Nữ columns, column
// numbers, banner rows naming wards, subtotal rows, dates as text, serials and years, and text
// in the TCVN3 font encoding. Tests of the importer, the store and the web use it, and so does
// the generator of the files under importer/testdata.
package importtest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"canbo/vn"
)

// Person is one row of a generated sheet. Birth is what the cell holds: a string typed as
// text, an int (a year typed as a number) or a float64 (an Excel date serial).
type Person struct {
	Name      string
	Female    bool
	Birth     any
	Identity  string
	StaffCode string
	Title     string
	StaffType string
	TCVN3     bool // the name is written in TCVN3, as a .VnTime font would store it
}

// Banner is a unit's banner row and the people listed below it.
type Banner struct {
	Name   string
	People []Person
}

// Columns of the generated sheet, for tests that name cells.
const (
	ColNumber   = "A"
	ColName     = "B"
	ColMale     = "C"
	ColFemale   = "D"
	ColIdentity = "E"
	ColCode     = "F"
	ColTitle    = "G"
	ColType     = "H"
	ColNote     = "I"
	// FirstRow is the sheet row of the first banner.
	FirstRow = 7
)

// Field builds the workbook and returns its bytes and, for each person in order, the sheet row
// it stands in.
func Field(tb testing.TB, banners []Banner) ([]byte, []int) {
	tb.Helper()
	x := excelize.NewFile()
	defer x.Close()
	const sh = "Sheet1"
	set := func(cell string, v any) {
		if err := x.SetCellValue(sh, cell, v); err != nil {
			tb.Fatal(err)
		}
	}
	merge := func(a, b string) {
		if err := x.MergeCell(sh, a, b); err != nil {
			tb.Fatal(err)
		}
	}
	set("A1", "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH")
	set("A2", "DANH SÁCH CÁN BỘ, CÔNG CHỨC NĂM 2025")
	merge("A2", "I2")
	for _, h := range []struct{ cell, text, to string }{
		{"A4", "STT", "A5"}, {"B4", "Họ và tên", "B5"}, {"C4", "Ngày, tháng, năm sinh", "D4"},
		{"E4", "Số CCCD", "E5"}, {"F4", "Số hiệu cán bộ", "F5"}, {"G4", "Chức vụ", "G5"}, {"H4", "Đối tượng", "H5"}, {"I4", "Ghi chú", "I5"},
	} {
		set(h.cell, h.text)
		merge(h.cell, h.to)
	}
	set("C5", "Nam")
	set("D5", "Nữ")
	for i, c := range "ABCDEFGHI" {
		set(fmt.Sprintf("%c6", c), fmt.Sprintf("(%d)", i+1))
	}
	r := FirstRow
	var rows []int
	n := 0
	for bi, b := range banners {
		set(fmt.Sprintf("A%d", r), fmt.Sprintf("%s. %s", roman(bi+1), strings.ToUpper(b.Name)))
		merge(fmt.Sprintf("A%d", r), fmt.Sprintf("I%d", r))
		r++
		for _, p := range b.People {
			n++
			set(fmt.Sprintf("A%d", r), n)
			name := p.Name
			if p.TCVN3 {
				name = ToTCVN3(name)
			}
			set(fmt.Sprintf("B%d", r), name)
			birthCol := ColMale
			if p.Female {
				birthCol = ColFemale
			}
			if p.Birth != nil {
				set(fmt.Sprintf("%s%d", birthCol, r), p.Birth)
			}
			if p.Identity != "" {
				x.SetCellStr(sh, fmt.Sprintf("E%d", r), p.Identity)
			}
			set(fmt.Sprintf("F%d", r), p.StaffCode)
			set(fmt.Sprintf("G%d", r), p.Title)
			set(fmt.Sprintf("H%d", r), p.StaffType)
			rows = append(rows, r)
			r++
		}
		set(fmt.Sprintf("A%d", r), fmt.Sprintf("Cộng: %d người", len(b.People)))
		r += 2 // a subtotal, then a blank row
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), rows
}

func roman(n int) string {
	return []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}[min(n, 10)]
}

// tcvn3 maps each Vietnamese letter to the Latin-1 character whose byte TCVN3 gives it.
var tcvn3 = func() map[rune]rune {
	m := map[rune]rune{}
	for b := rune(0xA0); b <= 0xFF; b++ {
		s := strings.TrimPrefix(vn.FromTCVN3("x"+string(b)), "x")
		if r, size := utf8.DecodeRuneInString(s); size == len(s) && r > 0x7F {
			if _, ok := m[r]; !ok {
				m[r] = b
			}
		}
	}
	return m
}()

// ToTCVN3 writes Unicode text as a .VnTime font stores it. Letters TCVN3 has no code for
// (capitals with tone marks) are written as their lower-case letter, as typists did.
func ToTCVN3(s string) string {
	var b strings.Builder
	for _, r := range s {
		if c, ok := tcvn3[r]; ok {
			b.WriteRune(c)
		} else if c, ok := tcvn3[[]rune(strings.ToLower(string(r)))[0]]; ok && r > 0x7F {
			b.WriteRune(c)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
