package web

import (
	"net/http"
	"strconv"

	"canbo"
	"canbo/vn"
)

// PlanStore keeps consolidation plans.
type PlanStore interface {
	canbo.PlanService
}

// planID reads the {id} of a plan route.
func planID(r *http.Request) (int64, error) { return idParam(r.PathValue("id")) }

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) {
	plans, err := s.Plans.Plans(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	if plans == nil {
		plans = []*canbo.Plan{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": plans})
}

func (s *Server) apiCreatePlan(w http.ResponseWriter, r *http.Request) {
	var p canbo.Plan
	if err := decode(r, &p); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Plans.CreatePlan(r.Context(), &p); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/plans/"+strconv.FormatInt(p.ID, 10))
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) {
	id, err := planID(r)
	if err == nil {
		var p *canbo.Plan
		if p, err = s.Plans.FindPlan(r.Context(), id); err == nil {
			writeJSON(w, http.StatusOK, p)
			return
		}
	}
	s.error(w, r, err)
}

func (s *Server) apiUpdatePlan(w http.ResponseWriter, r *http.Request) {
	id, err := planID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var p canbo.Plan
	if err := decode(r, &p); err != nil {
		s.error(w, r, err)
		return
	}
	p.ID = id
	if err := s.Plans.UpdatePlan(r.Context(), &p); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiProposePlan(w http.ResponseWriter, r *http.Request) {
	id, err := planID(r)
	if err == nil {
		var p *canbo.Plan
		if p, err = s.Plans.ProposePlan(r.Context(), id); err == nil {
			writeJSON(w, http.StatusOK, p)
			return
		}
	}
	s.error(w, r, err)
}

func (s *Server) apiPreviewPlan(w http.ResponseWriter, r *http.Request) {
	id, err := planID(r)
	if err == nil {
		var pre *canbo.PlanPreview
		if pre, err = s.Plans.PreviewPlan(r.Context(), id); err == nil {
			writeJSON(w, http.StatusOK, pre)
			return
		}
	}
	s.error(w, r, err)
}

func (s *Server) apiApplyPlan(w http.ResponseWriter, r *http.Request) {
	id, err := planID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req struct {
		Document apiDocument `json:"document"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	doc := canbo.Document{Number: req.Document.Number, Issuer: req.Document.Issuer}
	if req.Document.Date != nil && *req.Document.Date != "" {
		if doc.Date, err = vn.ParseDay(*req.Document.Date); err != nil {
			s.error(w, r, canbo.Invalid("document.date", "err.web.params.iso_day_of", "document.date", *req.Document.Date))
			return
		}
	}
	evs, err := s.Plans.ApplyPlan(r.Context(), id, doc)
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := make([]any, len(evs))
	for i, ev := range evs {
		out[i] = toAPIEvent(ev)
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": out})
}

func (s *Server) apiDiscardPlan(w http.ResponseWriter, r *http.Request) {
	id, err := planID(r)
	if err == nil {
		if err = s.Plans.DiscardPlan(r.Context(), id); err == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	s.error(w, r, err)
}
