package form2c

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Liberation Serif is metric-compatible with Times New Roman, the font official documents are
// typed in (so a printed 2C lines up like a typed one), and covers every Vietnamese letter. It
// is embedded (SIL Open Font License, fonts/LICENSE) so that a server without fonts writes the
// same file; fpdf keeps only the glyphs a form uses.
var (
	//go:embed fonts/LiberationSerif-Regular.ttf
	serifRegular []byte
	//go:embed fonts/LiberationSerif-Bold.ttf
	serifBold []byte
)

// Page geometry in millimetres: A4 with the margins of an administrative document (Thông tư
// 01/2011/TT-BNV: left 30–35, right 15–20, top and bottom 20–25; a form uses the narrow end).
const (
	marginLeft, marginRight, marginTop, marginBottom = 25.0, 15.0, 15.0, 18.0
	fontSize                                         = 12.0
	lineH                                            = 5.6
	photoW, photoH                                   = 30.0, 40.0
)

// pdfWriter holds the document being written.
type pdfWriter struct {
	f     *fpdf.Fpdf
	width float64 // of the text area
}

// WritePDF writes d as an A4 PDF.
func WritePDF(w io.Writer, d Doc) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("serif", "", serifRegular)
	f.AddUTF8FontFromBytes("serif", "B", serifBold)
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(true, marginBottom)
	// A fixed creation date (the form's day) makes the same record give the same file.
	day, _ := time.Parse("02/01/2006", d.AsOf)
	f.SetCreationDate(day)
	f.SetModificationDate(day)
	f.SetCatalogSort(true)
	f.SetTitle(d.Title+" — "+d.Name, true)
	f.SetProducer("canbo", true)
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(func() {
		f.SetY(-12)
		f.SetFont("serif", "", 9)
		f.CellFormat(0, 4, fmt.Sprintf("%s — %s — trang %d/{nb}", d.Title, d.Name, f.PageNo()), "", 0, "C", false, 0, "")
	})
	pw, _ := f.GetPageSize()
	p := &pdfWriter{f: f, width: pw - marginLeft - marginRight}
	f.AddPage()
	p.header(d)
	for _, bl := range d.Blocks {
		if bl.Item != nil {
			p.item(*bl.Item)
		} else {
			p.table(*bl.Table)
		}
	}
	p.signatures(d)
	if err := f.Error(); err != nil {
		return err
	}
	return f.Output(w)
}

// header draws the photo frame at the top left, the header lines beside it and the title.
func (p *pdfWriter) header(d Doc) {
	f := p.f
	x0, y0 := marginLeft, marginTop
	f.SetLineWidth(0.2)
	f.Rect(x0, y0, photoW, photoH, "D")
	if len(d.Photo) > 0 {
		f.RegisterImageOptionsReader("photo", fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(d.Photo))
		f.ImageOptions("photo", x0+0.5, y0+0.5, photoW-1, photoH-1, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	} else {
		f.SetFont("serif", "", 9)
		f.SetXY(x0, y0+photoH/2-4)
		f.MultiCell(photoW, 4, "Ảnh màu\n(4 × 6 cm)", "", "C", false)
	}
	f.SetFont("serif", "", fontSize)
	left := x0 + photoW + 5
	f.SetXY(left, y0)
	for _, h := range d.Header {
		f.SetX(left)
		f.MultiCell(p.width-photoW-5, lineH, h.Label+": "+dots(h.Value), "", "L", false)
	}
	f.SetY(max(f.GetY(), y0+photoH) + 4)
	f.SetFont("serif", "B", 14)
	f.CellFormat(0, 8, d.Title, "", 1, "C", false, 0, "")
	f.Ln(2)
}

// dots is what an empty field shows: the dotted line the printed form has, to fill by hand.
func dots(v string) string {
	if v == "" {
		return "……………………"
	}
	return v
}

func (p *pdfWriter) item(it Item) {
	f := p.f
	f.SetFont("serif", "", fontSize)
	text := it.Label + ": " + dots(it.Value)
	if it.No != "" {
		text = it.No + ") " + text
	}
	f.MultiCell(0, lineH, text, "", "J", false)
	f.Ln(0.6)
}

// table draws a titled table whose cells wrap, repeating the head on a new page.
func (p *pdfWriter) table(t Table) {
	f := p.f
	// Keep a table's title with its head and first row.
	if _, ph := f.GetPageSize(); f.GetY()+25 > ph-marginBottom {
		f.AddPage()
	}
	f.Ln(1)
	f.SetFont("serif", "B", fontSize)
	title := t.Title
	if t.No != "" {
		title = t.No + ") " + title
	}
	f.MultiCell(0, lineH, title, "", "L", false)
	if t.Withheld {
		f.SetFont("serif", "", fontSize)
		f.MultiCell(0, lineH, Withheld, "", "L", false)
		f.Ln(1)
		return
	}
	var sum float64
	for _, w := range t.Widths {
		sum += w
	}
	widths := make([]float64, len(t.Widths))
	for i, w := range t.Widths {
		widths[i] = p.width * w / sum
	}
	p.row(widths, t.Head, "B")
	rows := t.Rows
	if len(rows) == 0 {
		rows = [][]string{make([]string, len(t.Head))} // an empty row to fill by hand
	}
	for _, r := range rows {
		if !p.fits(widths, r) {
			p.f.AddPage()
			p.row(widths, t.Head, "B")
		}
		p.row(widths, r, "")
	}
	f.Ln(2)
}

// Table cells are set smaller than the text, as on the printed form.
const cellSize, cellLineH = 10.0, 4.6

// layout wraps each cell to its column and returns the lines and the row's height.
func (p *pdfWriter) layout(widths []float64, cells []string, style string) ([][]string, float64) {
	p.f.SetFont("serif", style, cellSize)
	lines := 1
	split := make([][]string, len(cells))
	for i, c := range cells {
		split[i] = p.f.SplitText(c, widths[i])
		lines = max(lines, len(split[i]))
	}
	return split, float64(lines)*cellLineH + 1
}

// fits reports whether a body row fits on the current page.
func (p *pdfWriter) fits(widths []float64, cells []string) bool {
	_, h := p.layout(widths, cells, "")
	_, ph := p.f.GetPageSize()
	return p.f.GetY()+h <= ph-marginBottom
}

// row draws one table row of wrapped cells of equal height.
func (p *pdfWriter) row(widths []float64, cells []string, style string) {
	f := p.f
	split, height := p.layout(widths, cells, style)
	x, y := marginLeft, f.GetY()
	for i := range cells {
		f.Rect(x, y, widths[i], height, "D")
		for j, line := range split[i] {
			f.SetXY(x, y+0.5+float64(j)*cellLineH)
			f.CellFormat(widths[i], cellLineH, line, "", 0, "L", false, 0, "")
		}
		x += widths[i]
	}
	f.SetXY(marginLeft, y+height)
}

// signatures ends the form with the place-and-date line and the two signature blocks.
func (p *pdfWriter) signatures(d Doc) {
	f := p.f
	_, ph := f.GetPageSize()
	if f.GetY()+40 > ph-marginBottom {
		f.AddPage()
	}
	f.Ln(4)
	day, _ := time.Parse("02/01/2006", d.AsOf)
	f.SetFont("serif", "", fontSize)
	f.CellFormat(0, lineH, fmt.Sprintf("……, ngày %02d tháng %02d năm %d", day.Day(), int(day.Month()), day.Year()), "", 1, "R", false, 0, "")
	half := p.width / 2
	y := f.GetY() + 2
	f.SetFont("serif", "B", fontSize)
	f.SetXY(marginLeft, y)
	f.MultiCell(half-4, lineH, d.SignLeft, "", "C", false)
	f.SetXY(marginLeft+half+4, y)
	f.MultiCell(half-4, lineH, d.SignRight, "", "C", false)
}
