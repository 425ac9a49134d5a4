// Package docx writes Word documents (WordprocessingML) of paragraphs, tables and one inline
// picture, which is all the project's documents need: the annual review annex and the Mẫu 2C
// form. Word, LibreOffice and WPS open them and users edit them before they sign. No Go
// library for writing DOCX is served to this project, and these few parts are small enough
// to write and test here (the suite converts every file with LibreOffice).
package docx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Font is the font every run names: official documents are typed in Times New Roman.
const Font = "Times New Roman"

// Align is a paragraph's alignment.
type Align string

const (
	Left    Align = "left"
	Center  Align = "center"
	Right   Align = "right"
	Justify Align = "both"
)

// Style is how a paragraph or cell text is set.
type Style struct {
	Bold  bool
	Size  float64 // points; 0 means 13, the size of administrative documents
	Align Align   // "" means Left
}

// Page is the page setup.
type Page struct {
	Landscape bool
	// Margins in millimetres: top, right, bottom, left; zero means 20 on every side.
	Top, Right, Bottom, Left float64
}

// Doc is a document being built.
type Doc struct {
	b     strings.Builder
	image []byte // the one picture (JPEG), if Picture was called
}

func text(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func run(s string, st Style) string {
	size := st.Size
	if size == 0 {
		size = 13
	}
	rpr := `<w:rPr><w:rFonts w:ascii="` + Font + `" w:hAnsi="` + Font + `" w:cs="` + Font + `"/>`
	if st.Bold {
		rpr += `<w:b/>`
	}
	rpr += fmt.Sprintf(`<w:sz w:val="%d"/></w:rPr>`, int(size*2))
	// Line breaks inside a text become <w:br/> so a multi-line value stays one paragraph.
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		b.WriteString(`<w:t xml:space="preserve">` + text(line) + `</w:t>`)
	}
	return `<w:r>` + rpr + b.String() + `</w:r>`
}

func para(s string, st Style) string {
	align := st.Align
	if align == "" {
		align = Left
	}
	return `<w:p><w:pPr><w:spacing w:after="60"/><w:jc w:val="` + string(align) + `"/></w:pPr>` + run(s, st) + `</w:p>`
}

// Para adds a paragraph.
func (d *Doc) Para(s string, st Style) { d.b.WriteString(para(s, st)) }

// Table adds a table with a bold head row repeated on every page, set in size points. Widths
// are relative column widths over a portrait A4 text width; nil lets the columns fit their
// content.
func (d *Doc) Table(widths []float64, head []string, rows [][]string, size float64) {
	d.b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		d.b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	d.b.WriteString(`</w:tblBorders>`)
	var cols []int
	if widths != nil {
		d.b.WriteString(`<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
		var sum float64
		for _, w := range widths {
			sum += w
		}
		for _, w := range widths {
			cols = append(cols, int(portraitText*w/sum))
			fmt.Fprintf(&d.b, `<w:gridCol w:w="%d"/>`, cols[len(cols)-1])
		}
		d.b.WriteString(`</w:tblGrid>`)
	} else {
		d.b.WriteString(`</w:tblPr>`)
	}
	row := func(cells []string, bold bool) {
		d.b.WriteString(`<w:tr>`)
		if bold {
			d.b.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		for i, c := range cells {
			d.b.WriteString(`<w:tc>`)
			if i < len(cols) {
				fmt.Fprintf(&d.b, `<w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, cols[i])
			}
			d.b.WriteString(para(c, Style{Bold: bold, Size: size}) + `</w:tc>`)
		}
		d.b.WriteString(`</w:tr>`)
	}
	row(head, true)
	for _, r := range rows {
		row(r, false)
	}
	d.b.WriteString(`</w:tbl>`)
}

// Columns adds texts side by side in a table without borders: the signature blocks at the
// foot of a form.
func (d *Doc) Columns(st Style, texts ...string) {
	d.b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for range texts {
		fmt.Fprintf(&d.b, `<w:gridCol w:w="%d"/>`, portraitText/len(texts))
	}
	d.b.WriteString(`</w:tblGrid><w:tr>`)
	for _, t := range texts {
		d.b.WriteString(`<w:tc>` + para(t, st) + `</w:tc>`)
	}
	d.b.WriteString(`</w:tr></w:tbl>`)
}

// portraitText is the text width of portrait A4 with 25 and 15 mm side margins, in twips.
const portraitText = 9638

// Picture adds the document's picture (a JPEG) as its own paragraph, w × h millimetres. A
// document has at most one: the portrait of a form.
func (d *Doc) Picture(jpeg []byte, w, h float64) {
	d.image = jpeg
	const emuPerMM = 36000
	cx, cy := int(w*emuPerMM), int(h*emuPerMM)
	fmt.Fprintf(&d.b, `<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/>`+
		`<wp:docPr id="1" name="photo"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">`+
		`<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="photo.jpg"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="rIdPhoto"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`, cx, cy, cx, cy)
}

// twips converts millimetres to twentieths of a point.
func twips(mm float64) int { return int(mm * 1440 / 25.4) }

// Write writes the document as a .docx package.
func (d *Doc) Write(w io.Writer, pg Page) error {
	top, right, bottom, left := pg.Top, pg.Right, pg.Bottom, pg.Left
	if top == 0 && right == 0 && bottom == 0 && left == 0 {
		top, right, bottom, left = 20, 20, 20, 20
	}
	size := `<w:pgSz w:w="11906" w:h="16838"/>`
	if pg.Landscape {
		size = `<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>`
	}
	types := `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`
	rels := ``
	if d.image != nil {
		types += `<Default Extension="jpg" ContentType="image/jpeg"/>`
		rels = `<Relationship Id="rIdPhoto" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/photo.jpg"/>`
	}
	parts := []struct {
		name string
		body []byte
	}{
		{"[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` + types + `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)},
		{"_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)},
		{"word/_rels/document.xml.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`)},
		{"word/document.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>` +
			d.b.String() + `<w:sectPr>` + size + fmt.Sprintf(`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="720" w:footer="720" w:gutter="0"/>`,
			twips(top), twips(right), twips(bottom), twips(left)) + `</w:sectPr></w:body></w:document>`)},
	}
	if d.image != nil {
		parts = append(parts, struct {
			name string
			body []byte
		}{"word/media/photo.jpg", d.image})
	}
	z := zip.NewWriter(w)
	for _, p := range parts {
		f, err := z.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := f.Write(p.body); err != nil {
			return err
		}
	}
	return z.Close()
}
