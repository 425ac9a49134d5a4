package web

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"canbo"
)

func (s *Server) apiCreateProgramme(w http.ResponseWriter, r *http.Request) {
	var q programmeRequest
	if err := decode(r, &q); err != nil {
		s.error(w, r, err)
		return
	}
	p := q.programme()
	if err := s.Programmes.CreateProgramme(r.Context(), p); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiProgrammes(w http.ResponseWriter, r *http.Request) {
	var f canbo.ProgrammeFilter
	var err error
	if f.Year, err = yearParam(r); err != nil {
		s.error(w, r, err)
		return
	}
	if f.OwnerUnitID, err = optionalID("owner_unit_id", r.URL.Query().Get("owner_unit_id")); err != nil {
		s.error(w, r, err)
		return
	}
	list, err := s.Programmes.Programmes(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (s *Server) apiProgramme(w http.ResponseWriter, r *http.Request) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.Programmes.Programme(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if p.Items == nil {
		p.Items = []*canbo.ProgrammeItem{}
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiAddItem(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var q itemRequest
	if err := decode(r, &q); err != nil {
		s.error(w, r, err)
		return
	}
	it := q.item(id)
	if err := s.Programmes.AddItem(r.Context(), it); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, it)
}

func (s *Server) apiItem(w http.ResponseWriter, r *http.Request) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	it, err := s.Programmes.Item(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, it)
}

func (s *Server) apiAddStatus(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var q statusRequest
	if err := decode(r, &q); err != nil {
		s.error(w, r, err)
		return
	}
	c := q.change(id)
	if err := s.Programmes.AddStatus(r.Context(), c); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiAddNote(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var q noteRequest
	if err := decode(r, &q); err != nil {
		s.error(w, r, err)
		return
	}
	n := &canbo.ItemNote{ItemID: id, On: q.On, Text: q.Text}
	if err := s.Programmes.AddNote(r.Context(), n); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, n)
}

// apiAddEvidence stores the request body as an evidence file named by ?name=.
func (s *Server) apiAddEvidence(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	data, err := readEvidence(r.Body)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := &canbo.EvidenceFile{ItemID: id, Name: r.URL.Query().Get("name")}
	if err := s.Programmes.AddEvidence(r.Context(), f, data); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, f)
}

// readEvidence reads an upload up to the evidence limit, naming the limit when it is passed.
func readEvidence(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, canbo.MaxEvidenceBytes+1))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || len(b) > canbo.MaxEvidenceBytes {
		return nil, canbo.Invalid("file", "err.programme.evidence.too_big", canbo.MaxEvidenceBytes>>20)
	}
	return b, err
}

// evidenceGet serves an evidence file (page and API alike) to a caller who sees its item; the
// store audits the download. The type is the one recognised on upload, and the file is always
// an attachment, never rendered inline.
func (s *Server) evidenceGet(w http.ResponseWriter, r *http.Request) {
	id, fid, err := fileIDs(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f, data, err := s.Programmes.Evidence(r.Context(), id, fid)
	if err != nil {
		s.error(w, r, err)
		return
	}
	sendStoredFile(w, f.Name, f.ContentType, data)
}

func (s *Server) apiCompletion(w http.ResponseWriter, r *http.Request) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.reports.Completion(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// attachment is the Content-Disposition of a download named name (UTF-8 names are encoded as
// RFC 2231 says, so a Vietnamese file name survives).
func attachment(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return "attachment"
}

// apiLinkAccount ties an account to its holder's personal record: {"person_id": N}, 0 to remove.
func (s *Server) apiLinkAccount(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var q struct {
		PersonID int64 `json:"person_id"`
	}
	if err := decode(r, &q); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Programmes.LinkAccount(r.Context(), id, q.PersonID); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int64{"user_id": id, "person_id": q.PersonID})
}
