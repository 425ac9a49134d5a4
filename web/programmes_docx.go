package web

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"canbo"
	"canbo/audit"
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

// docx builds WordprocessingML: paragraphs and tables of plain text, which is all a review
// annex needs; Word, LibreOffice and WPS open it. Writing the few parts by hand avoids a
// dependency for them.
type docx struct{ b strings.Builder }

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (d *docx) para(text string, bold bool, size int) {
	rpr := `<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>`
	if bold {
		rpr += `<w:b/>`
	}
	rpr += fmt.Sprintf(`<w:sz w:val="%d"/></w:rPr>`, size*2)
	d.b.WriteString(`<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r>` + rpr + `<w:t xml:space="preserve">` + xmlText(text) + `</w:t></w:r></w:p>`)
}

func (d *docx) table(header []string, rows [][]string) {
	d.b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		d.b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	d.b.WriteString(`</w:tblBorders></w:tblPr>`)
	cell := func(text string, bold bool) {
		rpr := `<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="22"/>`
		if bold {
			rpr += `<w:b/>`
		}
		d.b.WriteString(`<w:tc><w:p><w:r>` + rpr + `</w:rPr><w:t xml:space="preserve">` + xmlText(text) + `</w:t></w:r></w:p></w:tc>`)
	}
	d.b.WriteString(`<w:tr>`)
	for _, h := range header {
		cell(h, true)
	}
	d.b.WriteString(`</w:tr>`)
	for _, r := range rows {
		d.b.WriteString(`<w:tr>`)
		for _, v := range r {
			cell(v, false)
		}
		d.b.WriteString(`</w:tr>`)
	}
	d.b.WriteString(`</w:tbl>`)
}

// write writes the document as a .docx package.
func (d *docx) write(w io.Writer) error {
	z := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + d.b.String() +
			`<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>`},
	}
	for _, p := range parts {
		f, err := z.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	return z.Close()
}

// writeReviewDOCX writes the review with the same rows as the Excel export.
func writeReviewDOCX(w io.Writer, p *canbo.Programme, c *canbo.Completion, on string) error {
	var d docx
	d.para("PHỤ LỤC", true, 13)
	d.para(fmt.Sprintf("KẾT QUẢ THỰC HIỆN %s", strings.ToUpper(p.Title)), true, 14)
	d.para(fmt.Sprintf("%s — tính đến ngày %s", p.OwnerUnitName, vnDate(on)), false, 13)
	pct := func(r float64) string { return strconv.FormatFloat(r*100, 'f', 1, 64) + "%" }
	var sum [][]string
	for _, g := range []struct {
		name string
		c    canbo.CompletionCounts
	}{{"Theo chương trình", c.Scheduled}, {"Phát sinh ngoài chương trình", c.Arising}} {
		sum = append(sum, []string{g.name, strconv.Itoa(g.c.Total), strconv.Itoa(g.c.Due), strconv.Itoa(g.c.DoneOnTime), strconv.Itoa(g.c.DoneLate),
			strconv.Itoa(g.c.Overdue), strconv.Itoa(g.c.Postponed), strconv.Itoa(g.c.Cancelled), pct(g.c.Rate)})
	}
	d.table([]string{"Nhóm", "Tổng số", "Đến hạn", "Hoàn thành đúng hạn", "Hoàn thành trễ hạn", "Quá hạn", "Lùi thời hạn", "Không thực hiện", "Tỷ lệ hoàn thành"}, sum)
	d.para("", false, 12)
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
	d.table([]string{"STT", "Nội dung, nhiệm vụ", "Theo chương trình / phát sinh", "Cơ quan chủ trì", "Người đứng đầu chịu trách nhiệm",
		"Thời hạn", "Trạng thái", "Kết quả"}, rows)
	return d.write(w)
}
