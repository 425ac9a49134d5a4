package web

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"canbo"
	"canbo/form2c"
)

// maxFormBatch caps a batch of forms: a zip of PDFs for a whole ward's list is what an officer
// files; more is a job for narrower filters.
const maxFormBatch = 300

// formParams reads the variant and format of a 2C file: variant bnv (default) or tctw, format
// pdf (default) or docx.
func formParams(r *http.Request) (form2c.Variant, string, error) {
	q := r.URL.Query()
	v := form2c.Variant(q.Get("variant"))
	if v == "" {
		v = form2c.BNV
	}
	if !v.Valid() {
		return "", "", canbo.Invalid("variant", "err.web.form2c.variant", q.Get("variant"))
	}
	format := q.Get("format")
	if format == "" {
		format = "pdf"
	}
	if format != "pdf" && format != "docx" {
		return "", "", canbo.Invalid("format", "err.web.form2c.format", format)
	}
	return v, format, nil
}

// form2CFile sends one person's Mẫu 2C (GET /people/{id}/forms/2c and its API twin). Making the
// form reads the whole record, so it is audited like a profile read, naming the form.
func (s *Server) form2CFile(w http.ResponseWriter, r *http.Request) {
	v, format, err := formParams(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	d, err := s.form2CDoc(r.Context(), id, v, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.auditRead(r, "person.form2c.read", id); err != nil {
		s.error(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := writeForm(&b, d, format); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", formTypes[format])
	w.Header().Set("Content-Disposition", attachment(formName(id, v, format)))
	w.Write(b.Bytes())
}

var formTypes = map[string]string{
	"pdf":  "application/pdf",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"zip":  "application/zip",
}

func formName(id int64, v form2c.Variant, format string) string {
	return fmt.Sprintf("mau-2c-%s-%d.%s", v, id, format)
}

func writeForm(w io.Writer, d form2c.Doc, format string) error {
	if format == "docx" {
		return form2c.WriteDOCX(w, d)
	}
	return form2c.WritePDF(w, d)
}

// form2CDoc reads what the form shows of person id, as the caller may see it, on day on.
func (s *Server) form2CDoc(ctx context.Context, id int64, v form2c.Variant, on time.Time) (form2c.Doc, error) {
	p, err := s.People.FindPerson(ctx, id)
	if err != nil {
		return form2c.Doc{}, err
	}
	posts, entries, m, err := s.People.Timeline(ctx, id)
	if err != nil {
		return form2c.Doc{}, err
	}
	in := form2c.Input{Person: p, Posts: posts, Entries: entries, Party: m, Reader: canbo.UserFromContext(ctx), AsOf: on}
	if b, _, err := s.People.Photo(ctx, id); err == nil {
		in.Photo = b
	}
	in.Unit, in.Governing, in.Province = s.formUnits(ctx, posts, on)
	return form2c.Build(in, v), nil
}

// formUnits names the unit of the primary post held on day on, its parent (the managing body)
// and the province above them, as far up as the caller's scope reaches.
func (s *Server) formUnits(ctx context.Context, posts []canbo.Post, on time.Time) (unit, governing, province string) {
	day := isoDay(on)
	for _, p := range posts {
		if !p.Primary || p.From > day || (p.To != "" && p.To <= day) {
			continue
		}
		u, err := s.Org.FindUnit(ctx, p.UnitID, on)
		if err != nil {
			return p.UnitName, "", ""
		}
		unit = u.Name
		for up, first := u, true; up.ParentID != 0; first = false {
			parent, err := s.Org.FindUnit(ctx, up.ParentID, on)
			if err != nil {
				break
			}
			if first {
				governing = parent.Name
			}
			if parent.Tier == canbo.TierProvince {
				province = parent.Name
			}
			up = parent
		}
		return unit, governing, province
	}
	return "", "", ""
}

// form2CBatch sends the forms of everyone on a people list (its filters as in /people) as one
// zip of files, for filing a unit's records at once. Each form is audited as a read.
func (s *Server) form2CBatch(w http.ResponseWriter, r *http.Request) {
	v, format, err := formParams(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f, err := s.personFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.Limit, f.Cursor = maxFormBatch+1, ""
	people, _, _, err := s.People.FindPeople(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(people) > maxFormBatch {
		s.error(w, r, canbo.Invalid("under", "err.web.form2c.batch_too_big", maxFormBatch))
		return
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, p := range people {
		d, err := s.form2CDoc(r.Context(), p.ID, v, f.AsOf)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if err := s.auditRead(r, "person.form2c.read", p.ID); err != nil {
			s.error(w, r, err)
			return
		}
		fw, err := z.Create(formName(p.ID, v, format))
		if err == nil {
			err = writeForm(fw, d, format)
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
	}
	if err := z.Close(); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", formTypes["zip"])
	w.Header().Set("Content-Disposition", attachment("mau-2c-"+string(v)+"-"+isoDay(f.AsOf)+"-"+strconv.Itoa(len(people))+"-nguoi.zip"))
	w.Write(b.Bytes())
}
