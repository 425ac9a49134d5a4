package web

import (
	"net/http"

	"canbo"
)

// apiCreateSecondments records one decision: a person (person_id) or a cohort (person_ids, or
// members with their sending units).
func (s *Server) apiCreateSecondments(w http.ResponseWriter, r *http.Request) {
	var req canbo.SecondmentRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	out, err := s.Secondments.CreateSecondments(r.Context(), &req)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

// apiSecondment answers one secondment with its tasks and assessments.
func (s *Server) apiSecondment(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	sec, err := s.Secondments.Secondment(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, sec)
}

// pathCohort reads the cohort named in the path, which its page, its JSON and its workbook show.
func (s *Server) pathCohort(r *http.Request) (*canbo.Cohort, error) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return s.Secondments.Cohort(r.Context(), id)
}

// apiCohort answers a cohort with each member's record.
func (s *Server) apiCohort(w http.ResponseWriter, r *http.Request) {
	c, err := s.pathCohort(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

// apiUnitSecondments answers who is seconded to and from a unit on a day.
func (s *Server) apiUnitSecondments(w http.ResponseWriter, r *http.Request) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	us, err := s.Secondments.UnitSecondments(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, us)
}

// apiSecondmentChange answers the POSTs that change a secondment: the host's mentor and notes,
// and the end with the placement back.
func (s *Server) apiSecondmentChange(change string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		s.secondmentChange(w, r, change)
	}
}

func (s *Server) secondmentChange(w http.ResponseWriter, r *http.Request, change string) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	status := http.StatusOK
	var out any
	switch change {
	case "mentor":
		var in struct {
			MentorID int64 `json:"mentor_id"`
		}
		if err = decode(r, &in); err == nil {
			err, out = s.Secondments.SetMentor(r.Context(), id, in.MentorID), in
		}
	case "notes":
		var n canbo.SecondmentNote
		if err = decode(r, &n); err == nil {
			err, out, status = s.Secondments.AddSecondmentNote(r.Context(), id, &n), &n, http.StatusCreated
		}
	case "end":
		var e canbo.SecondmentEnd
		if err = decode(r, &e); err == nil {
			err, out = s.Secondments.EndSecondment(r.Context(), id, e), e
		}
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, status, out)
}
