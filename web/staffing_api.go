package web

import (
	"context"
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
	writeOnPath(s, w, r, http.StatusCreated, func(ctx context.Context, id int64, v *canbo.Quota) error {
		v.UnitID = id
		return s.Staffing.AddQuota(ctx, v)
	})
}

// apiAddPosition records a job position of the path's unit.
func (s *Server) apiAddPosition(w http.ResponseWriter, r *http.Request) {
	writeOnPath(s, w, r, http.StatusCreated, func(ctx context.Context, id int64, v *canbo.Position) error {
		v.UnitID = id
		return s.Staffing.AddPosition(ctx, v)
	})
}

// apiAddStaffingTarget records a streamlining target of the path's unit.
func (s *Server) apiAddStaffingTarget(w http.ResponseWriter, r *http.Request) {
	writeOnPath(s, w, r, http.StatusCreated, func(ctx context.Context, id int64, v *canbo.StaffingTarget) error {
		v.UnitID = id
		return s.Staffing.AddStaffingTarget(ctx, v)
	})
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
	writeOnPath(s, w, r, http.StatusOK, func(ctx context.Context, id int64, v *canbo.StaffingTarget) error {
		v.ID = id
		return s.Staffing.UpdateStaffingTarget(ctx, v)
	})
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

// writeOnPath answers a JSON write about the path's {id}: it decodes the body into a new T,
// lets act place the id and store it, and answers status with what was stored.
func writeOnPath[T any](s *Server, w http.ResponseWriter, r *http.Request, status int, act func(ctx context.Context, id int64, v *T) error) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var v T
	if err := decode(r, &v); err != nil {
		s.error(w, r, err)
		return
	}
	if err := act(r.Context(), id, &v); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, status, v)
}
