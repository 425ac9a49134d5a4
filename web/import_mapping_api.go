package web

import (
	"net/http"

	"canbo"
)

// importMappingsAPI lists the caller's mapping profiles, the latest first; one of them saved as
// a .json file is what `canbo import people --mapping FILE` reads.
func (s *Server) importMappingsAPI(w http.ResponseWriter, r *http.Request) {
	ms, err := s.ImportMappings.ImportMappings(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ms)
}

// importMappingSaveAPI saves a profile (name, signature, columns), replacing the caller's
// profile of that name.
func (s *Server) importMappingSaveAPI(w http.ResponseWriter, r *http.Request) {
	var m canbo.ImportMapping
	err := decode(r, &m)
	if err == nil {
		err = s.ImportMappings.SaveImportMapping(r.Context(), &m)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

// importMappingDeleteAPI removes one of the caller's profiles.
func (s *Server) importMappingDeleteAPI(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err == nil {
		err = s.ImportMappings.DeleteImportMapping(r.Context(), id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
