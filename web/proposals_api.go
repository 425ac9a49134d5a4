package web

import (
	"net/http"

	"canbo"
)

type apiStep struct {
	ID          int64   `json:"id"`
	Step        string  `json:"step"`
	On          string  `json:"on"`
	Note        string  `json:"note,omitempty"`
	For         *int    `json:"for,omitempty"`
	Against     *int    `json:"against,omitempty"`
	Voters      []int64 `json:"voters,omitempty"`
	HeadDecides *bool   `json:"head_decides,omitempty"`
	Passed      *bool   `json:"passed,omitempty"`
	Achieved    *bool   `json:"achieved,omitempty"`
	Damage      *bool   `json:"damage,omitempty"`
	Outcome     string  `json:"outcome,omitempty"`
	By          string  `json:"by"`
}

type apiProposal struct {
	ID         int64                  `json:"id"`
	PersonID   int64                  `json:"person_id"`
	PersonName string                 `json:"person_name"`
	UnitID     int64                  `json:"unit_id"`
	UnitName   string                 `json:"unit_name"`
	Title      string                 `json:"title"`
	ReceivedOn string                 `json:"received_on"`
	Status     string                 `json:"status"`
	Sections   canbo.ProposalSections `json:"sections"`
	Steps      []apiStep              `json:"steps,omitempty"`
	Deadlines  map[string]*string     `json:"deadlines"`
	Late       []string               `json:"late"`
}

func toAPIProposal(p *canbo.Proposal) apiProposal {
	a := apiProposal{ID: p.ID, PersonID: p.PersonID, PersonName: p.PersonName, UnitID: p.UnitID, UnitName: p.UnitName, Title: p.Title,
		ReceivedOn: isoDay(p.ReceivedOn), Status: p.Status, Sections: p.Sections, Late: p.Late,
		Deadlines: map[string]*string{"meeting": dateOrNull(p.Deadlines.Meeting), "report": dateOrNull(p.Deadlines.Report),
			"evaluation": dateOrNull(p.Deadlines.Evaluation)}}
	if a.Late == nil {
		a.Late = []string{}
	}
	for _, s := range p.Steps {
		x := apiStep{ID: s.ID, Step: s.Step, On: isoDay(s.On), Note: s.Note, Passed: s.Passed, Achieved: s.Achieved, Damage: s.Damage,
			Outcome: s.Outcome, By: s.CreatedBy}
		if m := s.Meeting; m != nil {
			x.For, x.Against, x.Voters, x.HeadDecides = &m.For, &m.Against, m.Voters, m.HeadFor
		}
		a.Steps = append(a.Steps, x)
	}
	return a
}

// apiProposals answers GET /api/v1/proposals?q=&status=: the registry of the caller's scope.
func (s *Server) apiProposals(w http.ResponseWriter, r *http.Request) {
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
	items := []apiProposal{}
	for _, p := range list {
		items = append(items, toAPIProposal(p))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total})
}

// apiProposal answers GET /api/v1/proposals/{id}: the proposal, its steps and deadlines.
func (s *Server) apiProposal(w http.ResponseWriter, r *http.Request) {
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
	writeJSON(w, http.StatusOK, toAPIProposal(p))
}

// apiCreateProposal answers POST /api/v1/proposals with 201 and the new id.
func (s *Server) apiCreateProposal(w http.ResponseWriter, r *http.Request) {
	var req proposalRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	p, err := req.toProposal()
	if err != nil {
		s.error(w, r, err)
		return
	}
	id, err := s.Proposals.AddProposal(r.Context(), p)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id})
}

// apiProposalMeeting answers POST /api/v1/proposals/{id}/meeting with 201 and whether the
// proposal passed.
func (s *Server) apiProposalMeeting(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req meetingRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	m, err := req.toMeeting()
	if err != nil {
		s.error(w, r, err)
		return
	}
	passed, err := s.Proposals.RecordMeeting(r.Context(), id, m)
	if err != nil {
		s.error(w, r, err)
		return
	}
	status := canbo.ProposalRejected
	if passed {
		status = canbo.ProposalApproved
	}
	writeJSON(w, http.StatusCreated, map[string]any{"passed": passed, "status": status})
}

// apiProposalStep answers POST /api/v1/proposals/{id}/steps: the head's approval, a milestone,
// the end of implementation, the report, the evaluation or the outcome.
func (s *Server) apiProposalStep(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req stepRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	st, err := req.toStep()
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Proposals.AddProposalStep(r.Context(), id, st); err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.Proposals.Proposal(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIProposal(p))
}
