package web

import (
	"net/http"
	"strconv"
	"strings"

	"canbo"
	"canbo/vn"
)

// Consolidation plan pages (đề án kiện toàn): a list with a form for a new plan, and a plan's
// page with its events (typed or proposed), the preview of what applying it would move, and the
// forms that add or remove an event, propose mirror events, apply under one document or discard.

func (s *Server) plansPage(w http.ResponseWriter, r *http.Request) {
	plans, err := s.Plans.Plans(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "plans", page{Title: translate(lang(r), "plan.list"), Section: "org", AsOf: s.today(), Data: plans})
}

func (s *Server) planCreate(w http.ResponseWriter, r *http.Request) {
	p := canbo.Plan{Name: r.PostFormValue("name")}
	if err := s.Plans.CreatePlan(r.Context(), &p); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/plans/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

// planRow is one event of a plan as the page shows it.
type planRow struct {
	N        int
	Kind     canbo.EventKind
	Date     string
	Text     string
	Proposed bool
}

// unitLabel names a unit as it was the day before an event, or by its id.
func (s *Server) unitLabel(r *http.Request, id int64, date string) string {
	t, err := vn.ParseDay(date)
	if err == nil {
		if u, err := s.Org.FindUnitEver(r.Context(), id, dayBefore(t)); err == nil {
			return u.Name
		}
	}
	return "#" + strconv.FormatInt(id, 10)
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) {
	s.showPlan(w, r, http.StatusOK, "")
}

// showPlan renders a plan with its preview (for a draft) and an optional error message.
func (s *Server) showPlan(w http.ResponseWriter, r *http.Request, status int, msg string) {
	id, err := planID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.Plans.FindPlan(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var rows []planRow
	for i, e := range p.Events {
		var names []string
		for _, src := range e.Sources {
			names = append(names, s.unitLabel(r, src.UnitID, e.Date))
		}
		text := strings.Join(names, ", ")
		if len(e.Targets) == 1 && e.Targets[0].UnitID != 0 {
			text += " → " + s.unitLabel(r, e.Targets[0].UnitID, e.Date)
		}
		if e.UnitID != 0 {
			text = s.unitLabel(r, e.UnitID, e.Date)
		}
		rows = append(rows, planRow{N: i + 1, Kind: e.Kind, Date: e.Date, Text: text, Proposed: e.Proposed})
	}
	data := map[string]any{"Plan": p, "Rows": rows, "Error": msg, "Hierarchies": canbo.Hierarchies}
	if p.Status == canbo.PlanDraft && len(p.Events) > 0 {
		pre, err := s.Plans.PreviewPlan(r.Context(), id)
		if err != nil {
			data["PreviewError"] = canbo.ErrorMessage(err)
		} else {
			data["Preview"] = pre
		}
	}
	s.render(w, r, status, "plan", page{Title: p.Name, Section: "org", AsOf: s.today(), Data: data})
}

// planAddEvent adds a merge typed as unit references: sources one per line, a target, a date.
func (s *Server) planAddEvent(w http.ResponseWriter, r *http.Request) {
	id, err := planID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.Plans.FindPlan(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := eventForm{Kind: canbo.EventMerge, Hierarchy: canbo.Hierarchy(r.PostFormValue("h")), Date: strings.TrimSpace(r.PostFormValue("date")),
		Sources: r.PostFormValue("sources"), Target: strings.TrimSpace(r.PostFormValue("target"))}
	in, err := s.input(r, f)
	if err != nil {
		s.showPlan(w, r, http.StatusUnprocessableEntity, canbo.ErrorMessage(err))
		return
	}
	in.Date, in.Document = in.Date.UTC(), canbo.Document{}
	p.Events = append(p.Events, canbo.PlanEvent{EventInput: in, Date: isoDay(in.Date)})
	if err := s.Plans.UpdatePlan(r.Context(), p); err != nil {
		s.showPlan(w, r, http.StatusUnprocessableEntity, canbo.ErrorMessage(err))
		return
	}
	http.Redirect(w, r, "/plans/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// planDeleteEvent removes the n-th event (1-based) of a draft: the officer's edit of a proposal.
func (s *Server) planDeleteEvent(w http.ResponseWriter, r *http.Request) {
	id, err := planID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.Plans.FindPlan(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(p.Events) {
		s.error(w, r, canbo.Errork(canbo.ENOTFOUND, "err.web.plan.no_event", r.PathValue("n")))
		return
	}
	p.Events = append(p.Events[:n-1], p.Events[n:]...)
	if err := s.Plans.UpdatePlan(r.Context(), p); err != nil {
		s.showPlan(w, r, http.StatusUnprocessableEntity, canbo.ErrorMessage(err))
		return
	}
	http.Redirect(w, r, "/plans/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) planPropose(w http.ResponseWriter, r *http.Request) {
	id, err := planID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if _, err := s.Plans.ProposePlan(r.Context(), id); err != nil {
		s.showPlan(w, r, http.StatusUnprocessableEntity, canbo.ErrorMessage(err))
		return
	}
	http.Redirect(w, r, "/plans/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) planApply(w http.ResponseWriter, r *http.Request) {
	id, err := planID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	doc := canbo.Document{Number: r.PostFormValue("doc_number"), Issuer: r.PostFormValue("doc_issuer")}
	if _, err := s.Plans.ApplyPlan(r.Context(), id, doc); err != nil {
		s.showPlan(w, r, http.StatusUnprocessableEntity, canbo.ErrorMessage(err))
		return
	}
	http.Redirect(w, r, "/plans/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) planDiscard(w http.ResponseWriter, r *http.Request) {
	id, err := planID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Plans.DiscardPlan(r.Context(), id); err != nil {
		s.showPlan(w, r, http.StatusUnprocessableEntity, canbo.ErrorMessage(err))
		return
	}
	http.Redirect(w, r, "/plans", http.StatusSeeOther)
}
