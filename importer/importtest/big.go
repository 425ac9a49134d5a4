package importtest

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Big columns, for tests that name cells of a Big workbook.
const (
	BigColName     = "B"
	BigColIdentity = "E"
	BigColUnit     = "I"
	BigColAdmitted = "L"
	BigColCell     = "N"
	// BigFirstRow is the sheet row of the first person of a Big workbook.
	BigFirstRow = 5
)

// Big writes, with excelize's stream writer (so that the writer's memory does not grow with
// the file), a workbook of n people laid out like a district's whole list: a title, a two-row
// merged header with birth dates split into Nam/Nữ, the unit of each person in a column (units
// in turn), the usual person columns, and the party columns for every third person, whose cell
// is cells[i%len(cells)]. Identity numbers and staff codes are unique and derived from the row,
// so a test can predict any row; salt changes the names so that two files differ.
func Big(w io.Writer, n int, units, cells []string, salt string) error {
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	rows := [][]any{
		{"DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC VÀ ĐẢNG VIÊN"},
		{},
		{"STT", "Họ và tên", "Ngày, tháng, năm sinh", "", "Số CCCD", "Số hiệu cán bộ", "Chức vụ", "Đối tượng", "Đơn vị công tác",
			"Quê quán", "Trình độ chuyên môn", "Ngày vào Đảng", "Ngày chính thức", "Chi bộ", "Số thẻ đảng viên"},
		{"", "", "Nam", "Nữ"},
	}
	for i, r := range rows {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), r); err != nil {
			return err
		}
	}
	family := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"}
	middle := []string{"Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Quang"}
	given := []string{"An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khánh", "Lộc", "Mai", "Nam", "Phúc", "Quyên"}
	titles := []string{"Chuyên viên", "Cán sự", "Phó Chủ tịch", "Chủ tịch", "Kế toán", "Văn thư"}
	types := []string{"Công chức", "Cán bộ", "Viên chức", "Hợp đồng"}
	for i := 0; i < n; i++ {
		birth := fmt.Sprintf("%02d/%02d/%d", 1+i%28, 1+i%12, 1965+i%30)
		male, female := any(birth), any("")
		if i%2 == 1 {
			male, female = "", birth
		}
		row := []any{i + 1, fmt.Sprintf("%s %s %s%s", family[i%len(family)], middle[i/7%len(middle)], given[i/3%len(given)], salt), male, female,
			fmt.Sprintf("079%09d", i), fmt.Sprintf("CB%06d", i), titles[i%len(titles)], types[i%len(types)], units[i%len(units)],
			"Xã Tân Phú, huyện Đức Hòa, tỉnh Long An", "Đại học"}
		if i%3 == 0 {
			row = append(row, fmt.Sprintf("%02d/%02d/%d", 1+i%28, 1+i%12, 2015+i%10), fmt.Sprintf("%02d/%02d/%d", 1+i%28, 1+i%12, 2016+i%10),
				cells[i%len(cells)], fmt.Sprintf("%08d", 10_000_000+i))
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+BigFirstRow), row); err != nil {
			return err
		}
	}
	for _, m := range [][2]string{{"A3", "A4"}, {"B3", "B4"}, {"C3", "D3"}, {"E3", "E4"}, {"F3", "F4"}, {"G3", "G4"}, {"H3", "H4"}, {"I3", "I4"},
		{"J3", "J4"}, {"K3", "K4"}, {"L3", "L4"}, {"M3", "M4"}, {"N3", "N4"}, {"O3", "O4"}} {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(w)
}
