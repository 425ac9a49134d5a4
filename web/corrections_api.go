package web

import (
	"net/http"

	"canbo"
)

func (s *Server) apiRemovePart(w http.ResponseWriter, r *http.Request) {
	part := "entry"
	switch {
	case r.PathValue("post") != "":
		part = "post"
	case r.PathValue("period") != "":
		part = "period"
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
	switch part {
	case "post":
		err = s.People.RemovePost(r.Context(), id, ref, req.Reason)
	case "period":
		err = s.People.RemoveTransfer(r.Context(), id, ref, req.Reason)
	default:
		err = s.People.RemoveEntry(r.Context(), id, ref, req.Reason)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiEditPost corrects a post: the post's fields and the reason, in one body.
func (s *Server) apiEditPost(w http.ResponseWriter, r *http.Request) {
	id, ref, err := partRef(r, "post")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req struct {
		canbo.Post
		Reason string `json:"reason"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.People.EditPost(r.Context(), id, ref, &req.Post, req.Reason); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, req.Post)
}

// apiEditEntry corrects a timeline entry: the entry's fields and the reason, in one body.
func (s *Server) apiEditEntry(w http.ResponseWriter, r *http.Request) {
	id, ref, err := partRef(r, "entry")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req struct {
		canbo.Entry
		Reason string `json:"reason"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.People.EditEntry(r.Context(), id, ref, &req.Entry, req.Reason); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, req.Entry)
}

// apiEditTransfer corrects a transfer (a cell period): cell, day, until, paper and the reason.
func (s *Server) apiEditTransfer(w http.ResponseWriter, r *http.Request) {
	id, ref, err := partRef(r, "period")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req struct {
		canbo.Transfer
		Reason string `json:"reason"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.People.EditTransfer(r.Context(), id, ref, &req.Transfer, req.Reason); err != nil {
		s.error(w, r, err)
		return
	}
	s.membershipAnswer(w, r, id, http.StatusOK)
}

// apiDeletePerson deletes a record created by mistake; the body gives the reason.
func (s *Server) apiDeletePerson(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req removal
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.People.DeletePerson(r.Context(), id, req.Reason); err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiMerge folds record drop into record {id}, taking the named fields from drop.
func (s *Server) apiMerge(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req struct {
		Drop   int64    `json:"drop"`
		Take   []string `json:"take"`
		Reason string   `json:"reason"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.People.MergePeople(r.Context(), id, req.Drop, req.Take, req.Reason)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// apiNotDuplicate marks two records as two people.
func (s *Server) apiNotDuplicate(w http.ResponseWriter, r *http.Request) {
	var req struct {
		A int64 `json:"a"`
		B int64 `json:"b"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.People.DismissDuplicate(r.Context(), req.A, req.B); err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiSetStatus records a person's status from a day on, as the profile's form does.
func (s *Server) apiSetStatus(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req struct {
		Status string `json:"status"`
		Since  string `json:"since"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.People.SetStatus(r.Context(), id, req.Status, req.Since); err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
