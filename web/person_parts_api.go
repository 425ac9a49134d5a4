package web

import (
	"net/http"

	"canbo"
)

// apiPutPhoto stores the request body (image/jpeg or image/png) as the person's photo.
func (s *Server) apiPutPhoto(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	b, err := readUpload(r.Body)
	if err == nil {
		err = checkDeclared(b, r.Header.Get("Content-Type"))
	}
	if err == nil {
		err = s.People.SetPhoto(r.Context(), id, b)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiDeletePhoto(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err == nil {
		err = s.People.DeletePhoto(r.Context(), id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiPlaces(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	places, err := s.People.Places(r.Context(), id)
	if err == nil {
		err = s.auditRead(r, "person.places.read", id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if places == nil {
		places = []canbo.PlaceLink{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": places})
}

func (s *Server) apiEndPost(w http.ResponseWriter, r *http.Request) {
	id, post, err := personAndPost(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req struct {
		To string `json:"to"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.People.EndPost(r.Context(), id, post, req.To); err != nil {
		s.error(w, r, err)
		return
	}
	posts, err := s.People.Posts(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, p := range posts {
		if p.ID == post {
			writeJSON(w, http.StatusOK, p)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiAdmit(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req partyRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	m := req.membership()
	m.PersonID = id
	if err := s.People.AdmitMember(r.Context(), m); err != nil {
		s.error(w, r, err)
		return
	}
	s.membershipAnswer(w, r, id, http.StatusCreated)
}

func (s *Server) apiTransfer(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var t canbo.Transfer
	if err := decode(r, &t); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.People.TransferMembership(r.Context(), id, &t); err != nil {
		s.error(w, r, err)
		return
	}
	s.membershipAnswer(w, r, id, http.StatusCreated)
}

func (s *Server) apiPatchMembership(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var p canbo.MembershipPatch
	if err := decode(r, &p); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.People.UpdateMembership(r.Context(), id, &p); err != nil {
		s.error(w, r, err)
		return
	}
	s.membershipAnswer(w, r, id, http.StatusOK)
}

func (s *Server) apiEndMembership(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req struct {
		On     string `json:"on"`
		Reason string `json:"reason"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.People.EndMembership(r.Context(), id, req.On, req.Reason); err != nil {
		s.error(w, r, err)
		return
	}
	s.membershipAnswer(w, r, id, http.StatusOK)
}
