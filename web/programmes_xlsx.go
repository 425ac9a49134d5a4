package web

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"canbo"
	"canbo/audit"
)

// reviewColumns are the annual review table's headers, with their widths in characters: the
// layout of the "kết quả thực hiện chương trình công tác" annex of a summary report.
var reviewColumns = []struct {
	name  string
	width float64
}{{"STT", 6}, {"Nội dung, nhiệm vụ", 50}, {"Loại", 12}, {"Theo chương trình / phát sinh", 14}, {"Cơ quan chủ trì", 30},
	{"Người đứng đầu chịu trách nhiệm", 34}, {"Thời hạn", 12}, {"Thời hạn điều chỉnh", 12}, {"Trạng thái", 16},
	{"Ngày hoàn thành", 12}, {"Kết quả", 16}, {"Sản phẩm", 30}}

// resultNames are the review's words for an item's result.
var resultNames = map[string]string{"on_time": "Đúng hạn", "late": "Trễ hạn", "overdue": "Quá hạn", "due_today": "Đến hạn",
	"open": "Chưa đến hạn", "cancelled": "Không thực hiện"}

// programmeExport sends the annual review table of a programme as of a day; audited like every
// export.
func (s *Server) programmeExport(w http.ResponseWriter, r *http.Request) {
	p, c, on, err := s.programmeData(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "programme", EntityID: strconv.FormatInt(p.ID, 10),
		Reason: "review.xlsx as of " + isoDay(on)}); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment(fmt.Sprintf("ket-qua-chuong-trinh-%d-%s.xlsx", p.ID, isoDay(on))))
	if err := writeReviewXLSX(w, p, c, isoDay(on)); err != nil {
		s.Log.Error("programme export", "err", err)
	}
}

// writeReviewXLSX writes the review: a title, the figures of scheduled and arising items, then
// one row per item, scheduled items first.
func writeReviewXLSX(w io.Writer, p *canbo.Programme, c *canbo.Completion, on string) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := "Kết quả thực hiện"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	pct := 10 // 0.00%
	percent, err := x.NewStyle(&excelize.Style{NumFmt: pct})
	if err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, col := range reviewColumns {
		if err := sw.SetColWidth(i+1, i+1, col.width); err != nil {
			return err
		}
	}
	row := 1
	put := func(vals ...any) error {
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return err
		}
		row++
		return sw.SetRow(cell, vals)
	}
	if err := put(excelize.Cell{StyleID: bold, Value: fmt.Sprintf("%s — %s, năm %d (tính đến ngày %s)", p.Title, p.OwnerUnitName, p.Year, vnDate(on))}); err != nil {
		return err
	}
	hdr := []any{}
	for _, h := range []string{"", "Nhóm", "Tổng số", "Đến hạn", "Hoàn thành đúng hạn", "Hoàn thành trễ hạn", "Quá hạn", "Lùi thời hạn", "Không thực hiện", "Tỷ lệ hoàn thành"} {
		hdr = append(hdr, excelize.Cell{StyleID: bold, Value: h})
	}
	if err := put(hdr...); err != nil {
		return err
	}
	for _, g := range []struct {
		name string
		c    canbo.CompletionCounts
	}{{"Theo chương trình", c.Scheduled}, {"Phát sinh ngoài chương trình", c.Arising}} {
		if err := put("", g.name, g.c.Total, g.c.Due, g.c.DoneOnTime, g.c.DoneLate, g.c.Overdue, g.c.Postponed, g.c.Cancelled,
			excelize.Cell{StyleID: percent, Value: g.c.Rate}); err != nil {
			return err
		}
	}
	row++
	hdr = hdr[:0]
	for _, col := range reviewColumns {
		hdr = append(hdr, excelize.Cell{StyleID: bold, Value: col.name})
	}
	if err := put(hdr...); err != nil {
		return err
	}
	n := 0
	for _, arising := range []bool{false, true} {
		for _, it := range p.Items {
			if it.Arising != arising {
				continue
			}
			n++
			r := newItemRow(it, on)
			group := "Theo chương trình"
			if it.Arising {
				group = "Phát sinh"
			}
			adjusted := ""
			if r.Deadline != it.Due {
				adjusted = vnDate(r.Deadline)
			}
			head := it.HeadName
			if it.HeadPost != "" {
				head += " (" + it.HeadPost + ")"
			}
			if err := put(n, it.Title, r.KindName("vi"), group, it.PresidingUnitName, head,
				vnDate(it.Due), adjusted, translate("vi", "programmes.status."+r.Current), vnDate(r.State.DoneOn), resultNames[r.Result], it.Product); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(w)
}
