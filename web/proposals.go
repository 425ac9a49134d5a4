package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"canbo"
)

// proposalsView is the registry of innovation proposals.
type proposalsView struct {
	Q      string
	Status string
	Items  []*canbo.Proposal
	Total  int
	// ExportURL is the workbook of the same list (built with url.Values: see regulationsView).
	ExportURL template.URL
}

func (s *Server) proposalsPage(w http.ResponseWriter, r *http.Request) {
	f, err := proposalFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, total, err := s.Proposals.Proposals(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "proposals", page{Title: translate(lang(r), "prop.title"), Section: "regulations",
		Data: proposalsView{Q: f.Q, Status: f.Status, Items: list, Total: total, ExportURL: proposalsExportURL(f)}})
}

// proposalsExportURL is the export of the list the filter shows.
func proposalsExportURL(f canbo.ProposalFilter) template.URL {
	v := url.Values{}
	if f.Q != "" {
		v.Set("q", f.Q)
	}
	if f.Status != "" {
		v.Set("status", f.Status)
	}
	return template.URL("/proposals/export.xlsx?" + v.Encode())
}

// proposalFormView is the new-proposal form.
type proposalFormView struct {
	Form  url.Values
	Error string
	Field string
}

func (s *Server) proposalFormPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, err error) {
	s.unitNameFor(r, form, "unit_id", "unit")
	v := proposalFormView{Form: form}
	if err != nil {
		v.Error, v.Field = canbo.LocalMessage(lang(r), err), canbo.ErrorField(err)
	}
	s.render(w, r, status, "proposal_form", page{Title: translate(lang(r), "prop.new"), Section: "regulations", Data: v})
}

// proposalNew shows the form; ?person= and ?unit= prefill the proposer and the unit.
func (s *Server) proposalNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.proposalFormPage(w, r, http.StatusOK, url.Values{"person_id": {q.Get("person")}, "unit_id": {q.Get("unit")}}, nil)
}

func (s *Server) proposalCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("", "err.web.regulations.form"))
		return
	}
	f := r.PostForm
	req := proposalRequest{Title: f.Get("title"), ReceivedOn: f.Get("received_on"), Sections: canbo.ProposalSections{
		Need: f.Get("need"), Content: f.Get("content"), Scope: f.Get("scope"), Timeline: f.Get("timeline"),
		Feasibility: f.Get("feasibility"), Expected: f.Get("expected")}}
	var err error
	var id int64
	if err = s.pickPeople(r, "person_id", false); err == nil {
		req.PersonID, err = optionalID("person_id", f.Get("person_id"))
	}
	if err == nil {
		if req.UnitID, err = s.pickedUnit(r, "unit_id", "unit_id", "unit", postHierarchies, s.Now()); err == nil {
			var p *canbo.Proposal
			if p, err = req.toProposal(); err == nil {
				id, err = s.Proposals.AddProposal(r.Context(), p)
			}
		}
	}
	if err != nil {
		if code := canbo.ErrorCode(err); code == canbo.EINVALID || code == canbo.ECONFLICT {
			s.proposalFormPage(w, r, http.StatusUnprocessableEntity, f, err)
			return
		}
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/proposals/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
}

// proposalView is one proposal's page: its steps, deadlines and the form for the next step.
type proposalView struct {
	P        *canbo.Proposal
	Saved    bool
	Error    string
	Field    string
	Steps    []string
	Outcomes []string
	// CanMeet: a meeting may be recorded (received, or rejected earlier).
	CanMeet bool
}

func (s *Server) proposalPage(w http.ResponseWriter, r *http.Request) {
	s.proposalShow(w, r, http.StatusOK, nil)
}

func (s *Server) proposalShow(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.Proposals.Proposal(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := proposalView{P: p, Saved: r.URL.Query().Get("saved") == "1", Steps: canbo.ProposalSteps,
		Outcomes: []string{canbo.OutcomeNoLiability, canbo.OutcomeExcluded, canbo.OutcomeExempted, canbo.OutcomeReduced},
		CanMeet:  p.Status == canbo.ProposalReceived || p.Status == canbo.ProposalRejected}
	if formErr != nil {
		v.Error, v.Field = canbo.LocalMessage(lang(r), formErr), canbo.ErrorField(formErr)
	}
	s.render(w, r, status, "proposal", page{Title: p.Title, Section: "regulations", Data: v})
}

// proposalMeeting records the meeting from the page's form.
func (s *Server) proposalMeeting(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("", "err.web.regulations.form"))
		return
	}
	f := r.PostForm
	req := meetingRequest{On: f.Get("on"), Note: f.Get("note"), HeadDecides: headSide{formBool(f.Get("head_decides"))}}
	if req.For, err = formInt("for", f.Get("for")); err == nil {
		if req.Against, err = formInt("against", f.Get("against")); err == nil {
			if req.Voters, err = formInts("voters", f.Get("voters")); err == nil {
				var m canbo.Meeting
				if m, err = req.toMeeting(); err == nil {
					_, err = s.Proposals.RecordMeeting(r.Context(), id, m)
				}
			}
		}
	}
	s.afterStep(w, r, id, err)
}

// proposalStep records a later step from the page's form.
func (s *Server) proposalStep(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("", "err.web.regulations.form"))
		return
	}
	f := r.PostForm
	req := stepRequest{Step: f.Get("step"), On: f.Get("on"), Note: f.Get("note"), Achieved: formBool(f.Get("achieved")),
		Damage: formBool(f.Get("damage")), Outcome: f.Get("outcome")}
	st, err := req.toStep()
	if err == nil {
		err = s.Proposals.AddProposalStep(r.Context(), id, st)
	}
	s.afterStep(w, r, id, err)
}

// afterStep shows the proposal again: with the error on the page if the step was refused,
// else after a redirect.
func (s *Server) afterStep(w http.ResponseWriter, r *http.Request, id int64, err error) {
	if err != nil {
		if code := canbo.ErrorCode(err); code == canbo.EINVALID || code == canbo.ECONFLICT {
			s.proposalShow(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/proposals/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
}
