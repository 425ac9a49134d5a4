package web

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"canbo"
	"canbo/audit"
	"canbo/docx"
)

// programmeWord sends the annual review as a Word document in the layout of a summary
// report's annex: a title, the figures of scheduled and arising items, then the table of items.
// Audited like every export.
func (s *Server) programmeWord(w http.ResponseWriter, r *http.Request) {
	p, c, on, err := s.programmeData(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "programme", EntityID: strconv.FormatInt(p.ID, 10),
		Reason: "review.docx as of " + isoDay(on)}); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", attachment(fmt.Sprintf("ket-qua-chuong-trinh-%d-%s.docx", p.ID, isoDay(on))))
	if err := writeReviewDOCX(w, p, c, isoDay(on)); err != nil {
		s.Log.Error("programme export", "err", err)
	}
}

// writeReviewDOCX writes the review with the same rows as the Excel export.
func writeReviewDOCX(w io.Writer, p *canbo.Programme, c *canbo.Completion, on string) error {
	var d docx.Doc
	d.Para("PHỤ LỤC", docx.Style{Bold: true, Size: 13, Align: docx.Center})
	d.Para(fmt.Sprintf("KẾT QUẢ THỰC HIỆN %s", strings.ToUpper(p.Title)), docx.Style{Bold: true, Size: 14, Align: docx.Center})
	d.Para(fmt.Sprintf("%s — tính đến ngày %s", p.OwnerUnitName, vnDate(on)), docx.Style{Size: 13, Align: docx.Center})
	pct := func(r float64) string { return strconv.FormatFloat(r*100, 'f', 1, 64) + "%" }
	var sum [][]string
	for _, g := range []struct {
		name string
		c    canbo.CompletionCounts
	}{{"Theo chương trình", c.Scheduled}, {"Phát sinh ngoài chương trình", c.Arising}} {
		sum = append(sum, []string{g.name, strconv.Itoa(g.c.Total), strconv.Itoa(g.c.Due), strconv.Itoa(g.c.DoneOnTime), strconv.Itoa(g.c.DoneLate),
			strconv.Itoa(g.c.Overdue), strconv.Itoa(g.c.Postponed), strconv.Itoa(g.c.Cancelled), pct(g.c.Rate)})
	}
	d.Table(nil, []string{"Nhóm", "Tổng số", "Đến hạn", "Hoàn thành đúng hạn", "Hoàn thành trễ hạn", "Quá hạn", "Lùi thời hạn", "Không thực hiện", "Tỷ lệ hoàn thành"}, sum, 11)
	d.Para("", docx.Style{Size: 12, Align: docx.Center})
	var rows [][]string
	n := 0
	for _, arising := range []bool{false, true} {
		for _, it := range p.Items {
			if it.Arising != arising {
				continue
			}
			n++
			r := newItemRow(it, on)
			head := it.HeadName
			if it.HeadPost != "" {
				head += " (" + it.HeadPost + ")"
			}
			group := "Theo chương trình"
			if arising {
				group = "Phát sinh"
			}
			rows = append(rows, []string{strconv.Itoa(n), it.Title, group, it.PresidingUnitName, head, vnDate(r.Deadline),
				translate("vi", "programmes.status."+r.Current), resultNames[r.Result]})
		}
	}
	d.Table(nil, []string{"STT", "Nội dung, nhiệm vụ", "Theo chương trình / phát sinh", "Cơ quan chủ trì", "Người đứng đầu chịu trách nhiệm",
		"Thời hạn", "Trạng thái", "Kết quả"}, rows, 11)
	return d.Write(w, docx.Page{Landscape: true, Top: 20, Right: 20, Bottom: 20, Left: 20})
}
