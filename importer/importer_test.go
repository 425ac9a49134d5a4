package importer_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"canbo"
	"canbo/importer"
	"canbo/importer/importtest"
)

var now = time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)

func wards() *importer.Units {
	return importer.NewUnits([]*canbo.Unit{{ID: 11, Name: "Phường Sài Gòn", Code: "26740"}, {ID: 12, Name: "Phường Tân Định", Code: "26734"},
		{ID: 13, Name: "Xã Bình Chánh", Code: "27595"}})
}

func TestFieldWorkbook(t *testing.T) {
	data, at := importtest.Field(t, []importtest.Banner{
		{Name: "Phường Sài Gòn", People: []importtest.Person{
			{Name: "Nguyễn Văn Đức", Birth: "02/09/1965", Identity: "079065000123", StaffCode: "SG-001", Title: "Chủ tịch", StaffType: "Cán bộ", TCVN3: true},
			{Name: "TRẦN THỊ ÁNH", Female: true, Birth: 29404.0, Title: "Chuyên viên", StaffType: "công chức"}, // 1980-07-02
		}},
		{Name: "Tân Định", People: []importtest.Person{
			{Name: "Lê Văn Bình", Birth: 1975, StaffCode: "TD-7", Title: "Phó Chủ tịch", StaffType: "CC"},
			{Name: "Phạm Thị Hoa", Female: true, Birth: "3/1982", Title: "Văn thư", StaffType: "Viên chức"},
		}},
	})
	book, err := importer.Read(data, importer.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	l, ok := importer.Detect(book.Sheets[0])
	if !ok {
		t.Fatal("header not found")
	}
	want := map[string]importer.Field{"A": importer.Number, "B": importer.FullName, "C": importer.BirthMale, "D": importer.BirthFemale,
		"E": importer.IdentityNumber, "F": importer.StaffCode, "G": importer.PostTitle, "H": importer.StaffType, "I": importer.Note}
	for _, c := range l.Columns {
		if want[c.Letter] != c.Field {
			t.Errorf("column %s %q mapped to %q, want %q", c.Letter, c.Header, c.Field, want[c.Letter])
		}
	}
	if l.First != 6 {
		t.Errorf("first data row index = %d, want 6 (sheet row 7, below the column numbers)", l.First)
	}
	rows, problems := importer.Parse(book, []*importer.Layout{l}, importer.Options{AsOf: now, Now: now, Units: wards()})
	if len(problems) != 0 {
		t.Fatalf("problems: %+v", problems)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	for i, c := range []struct {
		family, middle, given string
		sex                   canbo.Sex
		birth, id, code, kind string
		title                 string
		unit                  int64
	}{
		{"Nguyễn", "Văn", "Đức", canbo.Male, "1965-09-02", "079065000123", "SG-001", "cadre", "Chủ tịch", 11},
		{"Trần", "Thị", "Ánh", canbo.Female, "1980-07-02", "", "", "civil_servant", "Chuyên viên", 11},
		{"Lê", "Văn", "Bình", canbo.Male, "1975", "", "TD-7", "civil_servant", "Phó Chủ tịch", 12},
		{"Phạm", "Thị", "Hoa", canbo.Female, "1982-03", "", "", "public_employee", "Văn thư", 12},
	} {
		p := rows[i].Person
		got := []string{p.FamilyName, p.MiddleName, p.GivenName, string(p.Sex), p.BirthDate, p.IdentityNumber, p.StaffCode, string(p.StaffType), rows[i].Post.Title}
		wantS := []string{c.family, c.middle, c.given, string(c.sex), c.birth, c.id, c.code, c.kind, c.title}
		if strings.Join(got, "|") != strings.Join(wantS, "|") {
			t.Errorf("row %d = %q, want %q", rows[i].Row, got, wantS)
		}
		if rows[i].Post.UnitID != c.unit {
			t.Errorf("row %d unit = %d, want %d", rows[i].Row, rows[i].Post.UnitID, c.unit)
		}
		if rows[i].Row != at[i] {
			t.Errorf("person %d at row %d, want %d", i, rows[i].Row, at[i])
		}
	}
}

// TestUnknownMergedHeader: a header no field is called, merged over both header rows, still
// lets the Nam/Nữ row below be read as part of the header.
func TestUnknownMergedHeader(t *testing.T) {
	data, _ := importtest.Field(t, []importtest.Banner{{Name: "Phường Sài Gòn", People: []importtest.Person{{Name: "Trần Thị Ánh", Female: true, Birth: "02/07/1980", Title: "x"}}}})
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	x.SetCellValue("Sheet1", "G4", "Nhiệm vụ được giao")
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	book, err := importer.Read(buf.Bytes(), importer.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := importer.Detect(book.Sheets[0])
	got := map[string]importer.Field{}
	for _, c := range l.Columns {
		got[c.Letter] = c.Field
	}
	if got["C"] != importer.BirthMale || got["D"] != importer.BirthFemale || got["G"] != importer.Ignore {
		t.Errorf("mapping %v", got)
	}
}

func TestBadCellsNamed(t *testing.T) {
	data, at := importtest.Field(t, []importtest.Banner{
		{Name: "Phường Sài Gòn", People: []importtest.Person{
			{Name: "Nguyễn Văn An", Birth: "31/02/1965", Title: "Chủ tịch"},
			{Name: "Trần Văn Bé", Birth: "1970", Identity: "7.9E+10", Title: "Chuyên viên"},
			{Name: "Lý Thị Cúc", Female: true, Birth: "#REF!", Title: "Chuyên viên"},
			{Name: "Võ Văn Dũng", Birth: "1972", Title: "Chuyên viên", StaffType: "lao công"},
			{Name: "Đỗ Văn Em", Birth: "1973", Title: ""},
		}},
		{Name: "Phường Sai Gon 2", People: []importtest.Person{{Name: "Hồ Văn Phúc", Birth: "1980", Title: "Chuyên viên"}}},
	})
	book, err := importer.Read(data, importer.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := importer.Detect(book.Sheets[0])
	rows, problems := importer.Parse(book, []*importer.Layout{l}, importer.Options{AsOf: now, Now: now, Units: wards()})
	got := map[string]string{}
	for _, p := range problems {
		got[p.Cell] = p.Message
	}
	cell := func(col string, row int) string { return col + strconv.Itoa(row) }
	for _, w := range []struct{ cell, says string }{
		{cell("C", at[0]), "không tồn tại"},
		{cell("E", at[1]), "chỉ được gồm chữ số"},
		{cell("D", at[2]), "#REF!"},
		{cell("H", at[3]), "lao công"},
		{cell("G", at[4]), "thiếu chức vụ"},
		{cell("A", at[5]-1), "Phường Sài Gòn"}, // the banner names a ward that is not there; the suggestion is
	} {
		if !strings.Contains(got[w.cell], w.says) {
			t.Errorf("cell %s: message %q, want it to say %q (all: %v)", w.cell, got[w.cell], w.says, got)
		}
	}
	if len(rows) != 1 {
		// only the person under the unmatched banner is read without a problem of their own,
		// and has no post
		t.Errorf("%d good rows, want 1", len(rows))
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"02/09/1965", "1965-09-02"}, {"2/9/65", "1965-09-02"}, {"1/1/05", "2005-01-01"}, {"09/1965", "1965-09"},
		{"1965", "1965"}, {"1965-09-02", "1965-09-02"}, {"23987", "1965-09-02"}, {"23987.5", "1965-09-02"},
		{"02.09.1965", "1965-09-02"}, {"09.1965", "1965-09"}, {"1965-09-02 00:00:00", "1965-09-02"}, {"", ""},
	} {
		got, err := importer.ParseDate(c.in, now)
		if err != nil || got != c.want {
			t.Errorf("ParseDate(%q) = %q, %v, want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"31/02/1965", "abc", "13/1965", "0"} {
		if got, err := importer.ParseDate(bad, now); err == nil {
			t.Errorf("ParseDate(%q) = %q, want an error", bad, got)
		}
	}
}

func TestBadFiles(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	for _, c := range []struct {
		name string
		data []byte
		says string
	}{
		{"empty", nil, "rỗng"},
		{"image renamed", png, "không phải bảng tính"},
		{"encrypted workbook", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest"), "mật khẩu"},
		{"broken zip", []byte("PK\x03\x04 not really a zip"), "không"},
		{"too large", make([]byte, 2<<20), "vượt giới hạn"},
	} {
		t.Run(c.name, func(t *testing.T) {
			lim := importer.DefaultLimits
			lim.Bytes = 1 << 20
			_, err := importer.Read(c.data, lim)
			if err == nil || !strings.Contains(canbo.ErrorMessage(err), c.says) {
				t.Errorf("Read = %v, want an error saying %q", err, c.says)
			}
		})
	}
}

func TestCSVWindows1258(t *testing.T) {
	// "Họ và tên,Giới tính,Ngày sinh" in Windows-1258: ọ is o + combining dot (0xF2), à is 0xE0.
	data := []byte("H\x6f\xf2 v\xe0 t\xean,Gi\xf4\xec\x69 t\xedn\x68,Ng\xe0y sinh\r\nNguy\xea\xde\x6e V\xe3n A,Nam,02/09/1965\r\n")
	book, err := importer.Read(data, importer.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	l, ok := importer.Detect(book.Sheets[0])
	if !ok {
		t.Fatalf("header not found in %q", book.Sheets[0].Rows)
	}
	rows, problems := importer.Parse(book, []*importer.Layout{l}, importer.Options{AsOf: now, Now: now})
	if len(problems) != 0 || len(rows) != 1 {
		t.Fatalf("rows %v problems %v", rows, problems)
	}
	if p := rows[0].Person; p.FullName != "" || p.FamilyName+" "+p.MiddleName+" "+p.GivenName != "Nguyễn Văn A" || p.BirthDate != "1965-09-02" {
		t.Errorf("person = %+v", p)
	}
}

func TestUnitsFind(t *testing.T) {
	u := wards()
	for _, c := range []struct {
		in   string
		want int64
	}{{"Phường Sài Gòn", 11}, {"PHƯỜNG SÀI GÒN", 11}, {"phuong sai gon", 11}, {"Sài Gòn", 11}, {"26734", 12}, {"Bình Chánh", 13}, {"Thủ Đức", 0}} {
		if got, _ := u.Find(c.in); got != c.want {
			t.Errorf("Find(%q) = %d, want %d", c.in, got, c.want)
		}
	}
	if _, s := u.Find("Phường Sài Gònn"); len(s) == 0 || s[0] != "Phường Sài Gòn" {
		t.Errorf("suggestions for a typo = %q", s)
	}
}
