package adminunits_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/unicode/norm"

	"canbo"
	"canbo/adminunits"
)

// messy is a small conversion table with the faults of real ones, one per line. Line numbers
// matter: the tests check that problems name the physical line where each record starts.
var messy = strings.Join([]string{
	/* 1 */ `Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,`,
	/* 2 */ `"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,`,
	/* 3 */ `THÀNH PHỐ HÀ NỘI  ,,,,,,,,`,
	/* 4 */ `Thành phố Hà Nội (01),Phường Ba Đình,00004,` + norm.NFD.String("Phường Trúc Bạch") + `,00004,Nhập toàn bộ,Quận Ba Đình (001),Thành phố Hà Nội (01),`,
	/* 5 */ `Thành phố Hà Nội (01),"Phường Ba Đình`,
	/* 6 */ `",00004,Phường  Ngọc Hà ,16,"Nhập một phần diện tích, toàn bộ dân số",Quận Ba Đình (001),Thành phố Hà Nội (01),`,
	/* 7 */ `Thành phố Hà Nội (01),Phường Ngọc Hà,00008,Phường Ngọc Hà,00016,"Nhâp một phần`,
	/* 8 */ `",Quận Ba Đình (001),Thành phố Hà Nội (01),`,
	/* 9 */ `Thành phố Hà Nội (01),Phường Ngọc Hà,00008,Phường Vĩnh Phúc,12a45,Nhập toàn bộ,Quận Ba Đình (001),Thành phố Hà Nội (01),`,
	/* 10 */ `Thành phố Hà Nội (01),Phường Ngọc Hà,00008,Phường "Liễu" Giai,00008,Nhập toàn bộ,Quận Ba Đình (001),Thành phố Hà Nội (01),`,
	/* 11 */ `,Phường Ngọc Hà,00008,Phường Cống Vị,00007,,Quận Ba Đình (001),Thành phố Hà Nội (01),`,
	/* 12 */ `Thành phố Hà Nội (01),Phường Giảng Võ,00025,Phường Cống Vị,00007,Nhập một  phần,Quận Ba Đình (001),Thành phố Hà Nội (01),`,
	/* 13 */ `Tỉnh Bắc Ninh (24),,,,,,,,`,
	/* 14 */ `Tỉnh Phú Thọ (25),Xã Mường Lát,14845,Thị trấn Mường Lát,14845,Đổi loại hình,Huyện Mường Lát (384),Tỉnh Thanh Hóa (38),`,
	/* 15 */ `Thành phố Hải Phòng (31),Đặc khu Bạch Long Vĩ,11948,,,Sắp xếp toàn bộ huyện Bạch Long Vĩ thành đặc khu Bạch Long Vĩ,Huyện Bạch Long Vĩ (318),Thành phố Hải Phòng (31),`,
	/* 16 */ `Tỉnh Ninh Bình (37),Xã Kim Đông,14698,Khu vực bãi bồi ven biển do huyện Kim Sơn quản lý,,Nhập toàn bộ,Huyện Kim Sơn (376),Tỉnh Ninh Bình (37),`,
	/* 17 */ `Tỉnh Ninh Bình (37),Xã Kim Đông,14698,Xã Kim Hải,14700,Nhập lại từ đầu,Huyện Kim Sơn (376),Tỉnh Ninh Bình (37),`,
}, "\n") + "\n"

func TestParseConversion(t *testing.T) {
	rows, problems, err := adminunits.ParseConversion(strings.NewReader(messy))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Log(p.Resolved, p)
	}
	byLine := map[int]adminunits.ConversionRow{}
	for _, r := range rows {
		byLine[r.Line] = r
	}
	if got, want := lines(rows), []int{4, 5, 7, 11, 12, 14, 15, 16, 17}; !equalInts(got, want) {
		t.Fatalf("rows start on lines %v, want %v", got, want)
	}

	t.Run("WholeAndNFC", func(t *testing.T) {
		r := byLine[4]
		if r.ProvinceName != "Thành phố Hà Nội" || r.ProvinceCode != "01" || r.NewCode != "00004" || r.OldCode != "00004" {
			t.Errorf("got %+v", r)
		}
		if r.OldName != "Phường Trúc Bạch" || !norm.NFC.IsNormalString(r.OldName) {
			t.Errorf("OldName = %q, want NFC %q", r.OldName, "Phường Trúc Bạch")
		}
		if r.Change != adminunits.ChangeWhole || r.Inferred {
			t.Errorf("Change = %v (inferred %v), want whole", r.Change, r.Inferred)
		}
		if r.OldDistrictName != "Quận Ba Đình" || r.OldDistrictCode != "001" || r.OldProvinceCode != "01" {
			t.Errorf("old district/province = %q %q %q", r.OldDistrictName, r.OldDistrictCode, r.OldProvinceCode)
		}
	})
	t.Run("MultilineQuotedAndPadded", func(t *testing.T) {
		r := byLine[5]
		if r.NewName != "Phường Ba Đình" || r.OldName != "Phường Ngọc Hà" || r.OldCode != "00016" {
			t.Errorf("got %+v", r)
		}
		if r.Change != adminunits.ChangePartial || r.Note != "Nhập một phần diện tích, toàn bộ dân số" {
			t.Errorf("Change, Note = %v, %q", r.Change, r.Note)
		}
		wantProblem(t, problems, 5, "Mã Xã cũ", `mã "16" thiếu số 0 đứng đầu; hiểu là "00016"`, true)
	})
	t.Run("TypoInNote", func(t *testing.T) {
		if r := byLine[7]; r.Change != adminunits.ChangePartial || r.Note != "Nhâp một phần" {
			t.Errorf("Change, Note = %v, %q", r.Change, r.Note)
		}
		wantProblem(t, problems, 7, "Ghi chú", `ghi chú "Nhâp một phần" viết sai chính tả`, true)
		if r := byLine[12]; r.Change != adminunits.ChangePartial || r.Note != "Nhập một phần" {
			t.Errorf("doubled space: Change, Note = %v, %q", r.Change, r.Note)
		}
	})
	t.Run("BadCode", func(t *testing.T) {
		wantProblem(t, problems, 9, "Mã Xã cũ", `"12a45" không phải mã 5 chữ số`, false)
		if got := findProblem(problems, 9); got.String() != `dòng 9, cột "Mã Xã cũ": "12a45" không phải mã 5 chữ số; đã bỏ qua dòng` {
			t.Errorf("String() = %s", got)
		}
	})
	t.Run("MalformedCSVRow", func(t *testing.T) {
		wantProblem(t, problems, 10, "", "không đọc được theo định dạng CSV", false)
	})
	t.Run("EmptyProvinceAndNoteFromContext", func(t *testing.T) {
		r := byLine[11]
		if r.ProvinceCode != "01" || r.Change != adminunits.ChangePartial || !r.Inferred {
			t.Errorf("got province %q, change %v, inferred %v; want 01, partial (Cống Vị is in two rows), inferred", r.ProvinceCode, r.Change, r.Inferred)
		}
		wantProblem(t, problems, 11, "Tỉnh, thành phố", "lấy theo dòng trên", true)
		wantProblem(t, problems, 11, "Ghi chú", "ghi chú trống", true)
	})
	t.Run("BannerDisagrees", func(t *testing.T) {
		wantProblem(t, problems, 13, "Tỉnh, thành phố", `"Tỉnh Bắc Ninh (24)" không khớp`, true)
		if r := byLine[14]; r.ProvinceName != "Tỉnh Phú Thọ" || r.ProvinceCode != "25" {
			t.Errorf("the row's own province must win: got %q %q", r.ProvinceName, r.ProvinceCode)
		}
	})
	t.Run("Unchanged", func(t *testing.T) {
		if r := byLine[14]; r.Change != adminunits.ChangeUnchanged {
			t.Errorf("Đổi loại hình: Change = %v", r.Change)
		}
	})
	t.Run("IslandDistrict", func(t *testing.T) {
		r := byLine[15]
		if r.Change != adminunits.ChangeDistrictToZone || r.OldCode != "" || r.OldDistrictCode != "318" {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("NotAUnit", func(t *testing.T) {
		r := byLine[16]
		if r.OldCode != "" || !strings.HasPrefix(r.OldName, "Khu vực bãi bồi") || r.Change != adminunits.ChangeWhole {
			t.Errorf("got %+v", r)
		}
		wantProblem(t, problems, 16, "Tên Xã cũ", "không phải đơn vị hành chính", true)
	})
	t.Run("NoteNotUnderstood", func(t *testing.T) {
		if r := byLine[17]; r.Change != adminunits.ChangeWhole || !r.Inferred {
			t.Errorf("Change = %v, inferred %v", r.Change, r.Inferred)
		}
		wantProblem(t, problems, 17, "Ghi chú", `không hiểu ghi chú "Nhập lại từ đầu"`, false)
	})
}

// TestParseConversionLayout checks what a user's export may change without harm: a byte-order
// mark, CRLF line ends, columns in another order, headers in other capitalisation, extra columns.
func TestParseConversionLayout(t *testing.T) {
	in := "\uFEFFGhi chú,MÃ XÃ CŨ,Tên xã cũ,Cột thêm,Mã xã mới,Tên xã mới,Tỉnh cũ,Quận/Huyện,\"Tỉnh, Thành phố\"\r\n" +
		"Nhập toàn bộ,26740,Phường Bến Nghé,x,26740,Phường Sài Gòn,Thành phố Hồ Chí Minh (79),Quận 1 (760),Thành phố Hồ Chí Minh (79)\r\n" +
		"Nhập một phần,26737,Phường Đa Kao,y,26740,Phường Sài Gòn,Thành phố Hồ Chí Minh (79),Quận 1 (760),Thành phố Hồ Chí Minh (79)\r\n"
	rows, problems, err := adminunits.ParseConversion(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 0 {
		t.Errorf("problems: %v", problems)
	}
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want 2", len(rows))
	}
	r := rows[1]
	if r.Line != 3 || r.NewCode != "26740" || r.OldCode != "26737" || r.OldName != "Phường Đa Kao" ||
		r.Change != adminunits.ChangePartial || r.OldDistrictCode != "760" || r.ProvinceCode != "79" {
		t.Errorf("got %+v", r)
	}
}

// TestParseConversionWhitespace checks that tabs, no-break and other Unicode spaces, which
// spreadsheets and web pages put in, come out as single ASCII spaces.
func TestParseConversionWhitespace(t *testing.T) {
	in := `"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ` + "\n" +
		"Thành phố Hà Nội\u00a0(01),\tPhường\u2003Ba  Đình\u00a0, 00004 ,Phường Trúc Bạch\u3000,00004,Nhập toàn bộ\u00a0,Quận Ba Đình (001),Thành phố Hà Nội (01)\n"
	rows, problems, err := adminunits.ParseConversion(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || len(problems) != 0 {
		t.Fatalf("rows %+v, problems %v", rows, problems)
	}
	r := rows[0]
	if r.ProvinceName != "Thành phố Hà Nội" || r.NewName != "Phường Ba Đình" || r.NewCode != "00004" ||
		r.OldName != "Phường Trúc Bạch" || r.Note != "Nhập toàn bộ" {
		t.Errorf("got %+v", r)
	}
}

func TestParseConversionUnreadable(t *testing.T) {
	header := `"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ` + "\n"
	for name, in := range map[string]string{
		"Empty":           "",
		"Binary":          "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x00\x01\x02\"\x03,\x04\n\x05",
		"OtherTable":      "Họ và tên,Ngày sinh\nNguyễn Văn A,01/01/1980\n",
		"MissingColumn":   strings.Replace(header, ",Ghi chú", "", 1),
		"DuplicateColumn": strings.Replace(header, "Tỉnh cũ", "Ghi chú", 1),
		"HeaderTooLate":   strings.Repeat("tiêu đề\n", 12) + header,
	} {
		t.Run(name, func(t *testing.T) {
			rows, problems, err := adminunits.ParseConversion(strings.NewReader(in))
			if err == nil {
				t.Fatalf("no error; rows %v, problems %v", rows, problems)
			}
			if got := canbo.ErrorCode(err); got != canbo.EINVALID {
				t.Errorf("ErrorCode = %q, want %q (%v)", got, canbo.EINVALID, err)
			}
			if rows != nil || problems != nil {
				t.Errorf("rows and problems must be nil with an error")
			}
			t.Log(canbo.ErrorMessage(err))
		})
	}
	t.Run("MissingColumnNamed", func(t *testing.T) {
		_, _, err := adminunits.ParseConversion(strings.NewReader(strings.Replace(header, ",Ghi chú", "", 1)))
		if !strings.Contains(canbo.ErrorMessage(err), `"Ghi chú"`) {
			t.Errorf("message %q does not name the missing column", canbo.ErrorMessage(err))
		}
	})
	t.Run("ReadError", func(t *testing.T) {
		boom := errors.New("disk on fire")
		_, _, err := adminunits.ParseConversion(io.MultiReader(strings.NewReader(header), iotest.ErrReader(boom)))
		if !errors.Is(err, boom) || canbo.ErrorCode(err) != canbo.EINTERNAL {
			t.Errorf("err = %v, want the reader's error (internal)", err)
		}
	})
}

// TestParseConversionRealFile parses the official table as shipped and checks what it contains.
func TestParseConversionRealFile(t *testing.T) {
	rows, problems, err := adminunits.ParseConversion(bytes.NewReader(readGz(t, "data/conversion-2025-07-01.csv.gz")))
	if err != nil {
		t.Fatal(err)
	}
	// 10,607 CSV records on 11,484 physical lines: 2 header rows, 34 rows that have only the first
	// column (33 province banners and one "Tỉnh Bắc Ninh (24)" where the PHÚ THỌ banner should
	// be), and 10,571 rows of data.
	if got, want := len(rows), 10571; got != want {
		t.Errorf("got %d rows, want %d", got, want)
	}
	count := map[adminunits.Change]int{}
	for _, r := range rows {
		count[r.Change]++
		if r.Inferred {
			t.Errorf("line %d: change inferred; the official table has a note on every data row", r.Line)
		}
	}
	want := map[adminunits.Change]int{
		adminunits.ChangeWhole:          9465, // 9,464 "Nhập toàn bộ" + 1 "Nhập toàn bộ diện tích"
		adminunits.ChangePartial:        969,
		adminunits.ChangeUnchanged:      132, // 127 Giữ nguyên, 2 Đổi tên, 2 Đổi loại hình, Thổ Châu → đặc khu
		adminunits.ChangeDistrictToZone: 5,
	}
	for c, n := range want {
		if count[c] != n {
			t.Errorf("%v: got %d rows, want %d", c, count[c], n)
		}
	}
	for _, p := range problems {
		t.Log(p)
		if !p.Resolved {
			t.Errorf("unresolved: %s", p)
		}
	}
	wantProblem(t, problems, 3035, "Tỉnh, thành phố", `"Tỉnh Bắc Ninh (24)" không khớp với các dòng bên dưới ("Tỉnh Phú Thọ")`, true)
	wantProblem(t, problems, 3804, "Ghi chú", `"Nhâp một phần diện tích"`, true)
	wantProblem(t, problems, 4749, "Tên Xã cũ", "không phải đơn vị hành chính", true)
	if len(problems) != 3 {
		t.Errorf("got %d problems, want 3", len(problems))
	}
}

func FuzzParseConversion(f *testing.F) {
	f.Add(messy)
	real := string(readGz(f, "data/conversion-2025-07-01.csv.gz"))
	head := strings.Join(strings.SplitN(real, "\n", 60)[:59], "\n")
	f.Add(head)
	f.Add(real[len(real)-3000:])
	f.Add("Ghi chú,Mã xã cũ,Tên xã cũ,Mã xã mới,Tên xã mới,Tỉnh cũ,Quận/huyện,\"Tỉnh, thành phố\"\r\n" +
		"\u00a0,7,\u2003Xã\tA ,4,Đặc khu B,(x),Huyện C (1),\r\n")
	f.Add("\uFEFF" + strings.Join(strings.SplitN(messy, "\n", 3)[:2], "\n") + "\n,,,,,,,,\n\"")
	f.Fuzz(func(t *testing.T, in string) {
		rows, problems, err := adminunits.ParseConversion(strings.NewReader(in))
		if err != nil {
			if rows != nil || problems != nil {
				t.Fatal("rows or problems returned with an error")
			}
			if canbo.ErrorCode(err) != canbo.EINVALID {
				t.Fatalf("error is not EINVALID: %v", err)
			}
			return
		}
		for _, r := range rows {
			if r.Line < 1 {
				t.Fatalf("row without a line: %+v", r)
			}
			if !isCode(r.NewCode, 5) || !isCode(r.ProvinceCode, 2) || (r.OldCode != "" && !isCode(r.OldCode, 5)) ||
				(r.OldDistrictCode != "" && !isCode(r.OldDistrictCode, 3)) || (r.OldProvinceCode != "" && !isCode(r.OldProvinceCode, 2)) {
				t.Fatalf("bad code in %+v", r)
			}
			if r.Change == adminunits.ChangeUnknown {
				t.Fatalf("unknown change left in %+v", r)
			}
			if r.NewName == "" || (r.OldCode == "" && r.OldName == "" && r.Change != adminunits.ChangeDistrictToZone) {
				t.Fatalf("row without names: %+v", r)
			}
			for _, s := range []string{r.NewName, r.OldName, r.Note, r.ProvinceName} {
				if !norm.NFC.IsNormalString(s) || strings.Contains(s, "  ") || strings.TrimSpace(s) != s || strings.ContainsAny(s, "\r\n") {
					t.Fatalf("text not cleaned: %q", s)
				}
			}
		}
		for _, p := range problems {
			if p.Message == "" || p.Line < 0 {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}

func isCode(s string, width int) bool {
	if len(s) != width {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func readGz(tb testing.TB, name string) []byte {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func lines(rows []adminunits.ConversionRow) []int {
	var out []int
	for _, r := range rows {
		out = append(out, r.Line)
	}
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func findProblem(problems []adminunits.Problem, line int) adminunits.Problem {
	for _, p := range problems {
		if p.Line == line {
			return p
		}
	}
	return adminunits.Problem{}
}

func wantProblem(t *testing.T, problems []adminunits.Problem, line int, column, text string, resolved bool) {
	t.Helper()
	for _, p := range problems {
		if p.Line == line && p.Column == column && strings.Contains(p.Message, text) {
			if p.Resolved != resolved {
				t.Errorf("problem %q: Resolved = %v, want %v", p, p.Resolved, resolved)
			}
			return
		}
	}
	t.Errorf("no problem on line %d, column %q, containing %q", line, column, text)
}
