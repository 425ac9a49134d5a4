package web

import (
	"net/http"
	"strconv"
	"strings"

	"canbo"
)

// secondmentRequest reads the new-cohort form into the request the API takes as JSON: the
// units through the unit picker, the people as record numbers separated by commas or spaces,
// the sending unit optional (each person's primary post then names it).
func (s *Server) secondmentRequest(r *http.Request) (*canbo.SecondmentRequest, error) {
	f := r.PostForm
	req := &canbo.SecondmentRequest{From: f.Get("from"), To: f.Get("to"), Purpose: f.Get("purpose"), Title: f.Get("title"),
		Document:  canbo.StaffingDocument{Number: f.Get("doc_number"), Date: f.Get("doc_date"), Issuer: f.Get("doc_issuer")},
		Exception: f.Get("exception") != ""}
	on := s.dayOr(req.From)
	var err error
	if req.ToUnitID, err = s.pickedUnit(r, "to_unit_id", "to_unit_id", "to_unit", canbo.Hierarchies, on); err != nil {
		return nil, err
	}
	if req.FromUnitID, err = s.pickedUnit(r, "from_unit_id", "from_unit_id", "from_unit", canbo.Hierarchies, on); err != nil {
		return nil, err
	}
	if err := s.pickPeople(r, "person_ids", true); err != nil {
		return nil, err
	}
	for _, w := range strings.FieldsFunc(f.Get("person_ids"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		id, err := strconv.ParseInt(w, 10, 64)
		if err != nil || id <= 0 {
			return nil, canbo.Invalid("person_ids", "err.web.secondments.person_ids", w)
		}
		req.PersonIDs = append(req.PersonIDs, id)
	}
	if req.Exception {
		req.ExceptionDocument = &canbo.StaffingDocument{Number: f.Get("exception_number"), Date: f.Get("exception_date"), Issuer: f.Get("exception_issuer")}
	}
	return req, nil
}

// secondmentNote reads the task and assessment forms.
func secondmentNote(r *http.Request) *canbo.SecondmentNote {
	f := r.PostForm
	return &canbo.SecondmentNote{Kind: f.Get("kind"), On: f.Get("on"), Text: f.Get("text"), Rating: f.Get("rating")}
}

// secondmentEnd reads the end form.
func secondmentEnd(r *http.Request) canbo.SecondmentEnd {
	f := r.PostForm
	return canbo.SecondmentEnd{EndedOn: f.Get("ended_on"), Placement: f.Get("placement"), Outcome: f.Get("outcome")}
}
