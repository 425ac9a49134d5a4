package web

import (
	"net/http"

	"canbo"
)

// apiCleaning returns one page of findings as JSON.
func (s *Server) apiCleaning(w http.ResponseWriter, r *http.Request) {
	f, err := s.cleaningFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	rep, err := s.Cleaning.Findings(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if rep.Findings == nil {
		rep.Findings = []canbo.Finding{}
	}
	writeJSON(w, http.StatusOK, rep)
}
