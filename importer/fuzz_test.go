package importer_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"canbo"
	"canbo/importer"
	"canbo/importer/importtest"
)

// FuzzRead: no file makes the reader, the header detection or the row parser panic.
func FuzzRead(f *testing.F) {
	data, _ := importtest.Field(f, []importtest.Banner{{Name: "Phường Sài Gòn", People: []importtest.Person{
		{Name: "Nguyễn Văn Đức", Birth: "02/09/1965", Identity: "079065000123", Title: "Chủ tịch", TCVN3: true},
		{Name: "Trần Thị Ánh", Female: true, Birth: 29404.0, Title: "Chuyên viên"}}}})
	f.Add(data)
	f.Add([]byte("Họ và tên,Giới tính,Ngày sinh,Đơn vị,Chức vụ\nNguyễn Văn A,Nam,2/9/65,Sài Gòn,Chủ tịch\n,,,,\nCộng,,,,\n"))
	f.Add([]byte("STT;Họ và đệm;Tên;Ngày sinh;Số CCCD\n1;NGUYỄN VĂN;AN;#REF!;7.9E+10\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	lim := importer.DefaultLimits
	lim.Bytes, lim.Unzip, lim.Rows = 1<<20, 8<<20, 2000
	f.Fuzz(func(t *testing.T, b []byte) {
		book, err := importer.Read(b, lim)
		if err != nil {
			if canbo.ErrorCode(err) != canbo.EINVALID {
				t.Fatalf("error %v is not a refusal of the file", err)
			}
			return
		}
		var ls []*importer.Layout
		for _, s := range book.Sheets {
			if l, ok := importer.Detect(s); ok {
				ls = append(ls, l)
			}
		}
		rows, problems := importer.Parse(book, ls, importer.Options{Now: now, AsOf: now, Units: wards()})
		for _, p := range problems {
			if p.Message == "" || p.Row <= 0 {
				t.Fatalf("problem without a message or row: %+v", p)
			}
		}
		_ = rows
		if _, err := importer.ErrorWorkbook(b, book, problems, "Lỗi", func(p canbo.ImportProblem) string { return p.Message }); err != nil && !bytes.HasPrefix(b, []byte("PK")) {
			t.Fatalf("error workbook of a CSV: %v", err)
		}
	})
}

// TestHostileWorkbooks: too many sheets or columns are refused quickly, naming the limit.
func TestHostileWorkbooks(t *testing.T) {
	lim := importer.DefaultLimits
	lim.Sheets, lim.Columns = 5, 50
	x := excelize.NewFile()
	for i := 0; i < 8; i++ {
		x.NewSheet(fmt.Sprintf("S%d", i))
	}
	var buf bytes.Buffer
	x.Write(&buf)
	if _, err := importer.Read(buf.Bytes(), lim); err == nil || !strings.Contains(canbo.ErrorMessage(err), "trang tính") {
		t.Errorf("9 sheets: %v", err)
	}
	x = excelize.NewFile()
	x.SetCellValue("Sheet1", "CZ1", "x") // column 104
	buf.Reset()
	x.Write(&buf)
	if _, err := importer.Read(buf.Bytes(), lim); err == nil || !strings.Contains(canbo.ErrorMessage(err), "cột") {
		t.Errorf("104 columns: %v", err)
	}
	// A zip bomb: one sheet whose XML unzips far beyond the limit.
	x = excelize.NewFile()
	sw, _ := x.NewStreamWriter("Sheet1")
	for r := 1; r <= 20000; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, []any{strings.Repeat("a", 200)})
	}
	sw.Flush()
	buf.Reset()
	x.Write(&buf)
	lim.Unzip = 1 << 20
	if _, err := importer.Read(buf.Bytes(), lim); err == nil {
		t.Errorf("a workbook unzipping to ≈ 5 MB read with a 1 MB limit")
	}
}
