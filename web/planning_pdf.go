package web

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"canbo"
	"canbo/form2c"
	"canbo/vn"
)

// writeBallotPDF writes the ballot as an A4 PDF: the congress, then the candidates numbered in
// the official order, each on a row with a box, as the printed ballot is laid out. The fonts
// are those of Mẫu 2C (Liberation Serif, embedded), so it prints the same on any server.
func writeBallotPDF(w io.Writer, c *canbo.Congress, ballot []canbo.CongressCandidate) error {
	regular, bold := form2c.Fonts()
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("serif", "", regular)
	f.AddUTF8FontFromBytes("serif", "B", bold)
	f.SetMargins(25, 20, 15)
	f.SetAutoPageBreak(true, 18)
	f.SetCreationDate(c.Date)
	f.SetModificationDate(c.Date)
	f.SetCatalogSort(true)
	f.SetTitle(translate("vi", "congress.ballot_title")+" — "+c.UnitName, true)
	f.SetProducer("canbo", true)
	f.AddPage()
	f.SetFont("serif", "B", 14)
	f.MultiCell(0, 7, translate("vi", "congress.ballot_title"), "", "C", false)
	f.SetFont("serif", "", 12)
	f.MultiCell(0, 6, c.UnitName+" — "+translate("vi", "planning.term")+" "+c.Term+" — "+vn.FormatDay(c.Date), "", "C", false)
	f.Ln(4)
	f.SetFont("serif", "B", 12)
	f.CellFormat(15, 8, translate("vi", "congress.number"), "1", 0, "C", false, 0, "")
	f.CellFormat(110, 8, translate("vi", "planning.name"), "1", 0, "C", false, 0, "")
	f.CellFormat(45, 8, translate("vi", "person.birth"), "1", 1, "C", false, 0, "")
	f.SetFont("serif", "", 12)
	for i, b := range ballot {
		f.CellFormat(15, 8, strconv.Itoa(i+1), "1", 0, "C", false, 0, "")
		f.CellFormat(110, 8, b.FullName, "1", 0, "L", false, 0, "")
		f.CellFormat(45, 8, vnDate(b.BirthDate), "1", 1, "C", false, 0, "")
	}
	f.Ln(4)
	f.SetFont("serif", "", 10)
	f.MultiCell(0, 5, translate("vi", "congress.ballot_hint"), "", "L", false)
	if err := f.Error(); err != nil {
		return err
	}
	return f.Output(w)
}

// planningBallotPDF sends the ballot as a PDF.
func (s *Server) planningBallotPDF(w http.ResponseWriter, r *http.Request) {
	c, ballot, err := s.congressBallot(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="phieu-bau-`+strconv.FormatInt(c.ID, 10)+`-`+c.Date.Format(time.DateOnly)+`.pdf"`)
	if err := writeBallotPDF(w, c, ballot); err != nil {
		s.Log.Error("ballot pdf", "err", err)
	}
}
