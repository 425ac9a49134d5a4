package importer_test

import (
	"strings"
	"testing"

	"canbo/importer"
)

// TestCodedColumns: the columns of state lists are read by name (any case, without marks, an
// alias) and kept as codes; a name no list knows is a problem naming its row, cell and field,
// and the row is not imported.
func TestCodedColumns(t *testing.T) {
	data := []byte("Họ và tên,Giới tính,Ngày sinh,Dân tộc,Tôn giáo,Lý luận chính trị,Trình độ chuyên môn\n" +
		"Nguyễn Văn A,Nam,02/09/1965,kinh,Thiên Chúa giáo,cao cap,Thạc sĩ\n" +
		"Trần Văn B,Nam,1970,Người Kinh gốc Hoa,,,\n" +
		"Lê Thị C,Nữ,1975,Khmer,,Cao cấp chính trị,\n")
	book, err := importer.Read(data, importer.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	l, ok := importer.Detect(book.Sheets[0])
	if !ok {
		t.Fatalf("header not found in %q", book.Sheets[0].Rows)
	}
	rows, problems := importer.Parse(book, []*importer.Layout{l}, importer.Options{AsOf: now, Now: now})
	if len(rows) != 1 {
		t.Fatalf("%d good rows, want 1 (problems %v)", len(rows), problems)
	}
	p := rows[0].Person
	if p.Ethnicity != "01" || p.Religion != "cong_giao" || p.Education.PoliticalTheory != "cao_cap" || p.Education.Professional != "ths" {
		t.Errorf("codes: ethnicity %q religion %q political %q professional %q, want 01 cong_giao cao_cap ths",
			p.Ethnicity, p.Religion, p.Education.PoliticalTheory, p.Education.Professional)
	}
	want := map[string]string{"D3": "ethnicity", "F4": "education.political_theory"}
	if len(problems) != len(want) {
		t.Errorf("problems %v, want one each for %v", problems, want)
	}
	for _, x := range problems {
		if want[x.Cell] != x.Field || !strings.Contains(x.Message, x.Value) || !strings.Contains(x.Message, "Danh mục") {
			t.Errorf("problem %+v: want field %q and a message naming the value and the list", x, want[x.Cell])
		}
	}
}
