package web

import (
	"net/http"
)

// importCreateAPI uploads a spreadsheet (multipart: file, as_of, under) and starts its dry
// run; the answer is the job, to poll with GET /api/v1/imports/{id} until its state is
// "checked", then POST …/apply if it has no problems.
func (s *Server) importCreateAPI(w http.ResponseWriter, r *http.Request) {
	j, err := s.readImportUpload(r)
	if err == nil {
		s.imports.add(j, s.Now())
		err = s.startCheck(r.Context(), j)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, j.status())
}

// importGetAPI is a job's state, progress, counts, problems and mapping.
func (s *Server) importGetAPI(w http.ResponseWriter, r *http.Request) {
	j, err := s.imports.get(r, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, j.status())
}

// importApplyAPI starts writing a checked job without problems (409 otherwise).
func (s *Server) importApplyAPI(w http.ResponseWriter, r *http.Request) {
	j, err := s.imports.get(r, r.PathValue("id"))
	if err == nil {
		err = s.startApply(r.Context(), j)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, j.status())
}
