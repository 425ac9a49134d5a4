package web

import (
	"net/http"

	"canbo"
)

// apiStaffing answers headcount against quota over a unit's subtree on a day.
func (s *Server) apiStaffing(w http.ResponseWriter, r *http.Request) {
	q, err := s.staffingParams(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	st, err := s.Staffing.Staffing(r.Context(), q.Unit, q.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// apiAddQuota records a quota of the path's unit.
func (s *Server) apiAddQuota(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var q canbo.Quota
	if err := decode(r, &q); err != nil {
		s.error(w, r, err)
		return
	}
	q.UnitID = id
	if err := s.Staffing.AddQuota(r.Context(), &q); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, q)
}

// apiAddPosition records a job position of the path's unit.
func (s *Server) apiAddPosition(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var p canbo.Position
	if err := decode(r, &p); err != nil {
		s.error(w, r, err)
		return
	}
	p.UnitID = id
	if err := s.Staffing.AddPosition(r.Context(), &p); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

// apiAddStaffingTarget records a streamlining target of the path's unit.
func (s *Server) apiAddStaffingTarget(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var t canbo.StaffingTarget
	if err := decode(r, &t); err != nil {
		s.error(w, r, err)
		return
	}
	t.UnitID = id
	if err := s.Staffing.AddStaffingTarget(r.Context(), &t); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, t)
}

// apiAssignPosition makes a person's post name a job position ({"position_id": 0} for none).
func (s *Server) apiAssignPosition(w http.ResponseWriter, r *http.Request) {
	person, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	post, err := idParam(r.PathValue("post"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var in struct {
		PositionID int64 `json:"position_id"`
	}
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Staffing.AssignPosition(r.Context(), person, post, in.PositionID); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"post_id": post, "position_id": in.PositionID})
}

// apiUpdateStaffingTarget changes a streamlining target (same body as adding one).
func (s *Server) apiUpdateStaffingTarget(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var t canbo.StaffingTarget
	if err := decode(r, &t); err != nil {
		s.error(w, r, err)
		return
	}
	t.ID = id
	if err := s.Staffing.UpdateStaffingTarget(r.Context(), &t); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, t)
}

// apiEndPosition ends a job position on {"to": DAY}.
func (s *Server) apiEndPosition(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var in struct {
		To string `json:"to"`
	}
	if err := decode(r, &in); err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.Staffing.EndPosition(r.Context(), id, in.To)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
