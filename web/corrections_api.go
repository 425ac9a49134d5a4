package web

import "net/http"

func (s *Server) apiRemovePart(w http.ResponseWriter, r *http.Request) {
	part := "entry"
	if r.PathValue("post") != "" {
		part = "post"
	}
	id, ref, err := partRef(r, part)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req removal
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if part == "post" {
		err = s.People.RemovePost(r.Context(), id, ref, req.Reason)
	} else {
		err = s.People.RemoveEntry(r.Context(), id, ref, req.Reason)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
