package form2c

import (
	"fmt"
	"io"
	"time"

	"canbo/docx"
)

// WriteDOCX writes d as an editable Word document with the same items, tables and order as the
// PDF: users correct a line by hand before they sign.
func WriteDOCX(w io.Writer, d Doc) error {
	var x docx.Doc
	if len(d.Photo) > 0 {
		x.Picture(d.Photo, photoW, photoH)
	} else {
		x.Para("Ảnh màu (4 × 6 cm)", docx.Style{Size: 10})
	}
	for _, h := range d.Header {
		x.Para(h.Label+": "+dots(h.Value), docx.Style{})
	}
	x.Para(d.Title, docx.Style{Bold: true, Size: 14, Align: docx.Center})
	for _, bl := range d.Blocks {
		if it := bl.Item; it != nil {
			text := it.Label + ": " + dots(it.Value)
			if it.No != "" {
				text = it.No + ") " + text
			}
			x.Para(text, docx.Style{Align: docx.Justify})
			continue
		}
		t := bl.Table
		title := t.Title
		if t.No != "" {
			title = t.No + ") " + title
		}
		x.Para(title, docx.Style{Bold: true})
		if t.Withheld {
			x.Para(Withheld, docx.Style{})
			continue
		}
		rows := t.Rows
		if len(rows) == 0 {
			rows = [][]string{make([]string, len(t.Head))}
		}
		x.Table(t.Widths, t.Head, rows, 11)
	}
	day, _ := time.Parse("02/01/2006", d.AsOf)
	x.Para(fmt.Sprintf("……, ngày %02d tháng %02d năm %d", day.Day(), int(day.Month()), day.Year()), docx.Style{Align: docx.Right})
	x.Columns(docx.Style{Bold: true, Align: docx.Center}, d.SignLeft, d.SignRight)
	return x.Write(w, docx.Page{Top: marginTop, Right: marginRight, Bottom: marginBottom, Left: marginLeft})
}
