package web

import (
	"net/http"

	"canbo"
	"canbo/vn"
)

// apiEvent is an event as the API shows it, its units grouped by role.
type apiEvent struct {
	ID           int64          `json:"id"`
	Kind         string         `json:"kind"`
	Date         string         `json:"date"`
	Document     apiDocument    `json:"document"`
	Note         string         `json:"note"`
	Subjects     []apiEventUnit `json:"subjects"`
	Predecessors []apiEventUnit `json:"predecessors"`
	Successors   []apiEventUnit `json:"successors"`
}

type apiDocument struct {
	Number string  `json:"number"`
	Date   *string `json:"date"`
	Issuer string  `json:"issuer"`
}

type apiEventUnit struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Code    string `json:"code"`
	Partial bool   `json:"partial"`
	Ended   bool   `json:"ended"`
}

func toAPIEvent(e *canbo.Event) apiEvent {
	a := apiEvent{ID: e.ID, Kind: string(e.Kind), Date: isoDay(e.Date), Note: e.Note,
		Document:     apiDocument{Number: e.Document.Number, Date: dateOrNull(e.Document.Date), Issuer: e.Document.Issuer},
		Subjects:     []apiEventUnit{},
		Predecessors: []apiEventUnit{},
		Successors:   []apiEventUnit{}}
	for _, l := range e.Links {
		u := apiEventUnit{ID: l.UnitID, Name: l.Name, Code: l.Code, Partial: l.Partial, Ended: l.Ended}
		switch l.Role {
		case canbo.RolePredecessor:
			a.Predecessors = append(a.Predecessors, u)
		case canbo.RoleSuccessor:
			a.Successors = append(a.Successors, u)
		default:
			a.Subjects = append(a.Subjects, u)
		}
	}
	return a
}

// eventRequest is the JSON body of POST /api/v1/events (and, reduced, of POST /api/v1/units).
type eventRequest struct {
	canbo.EventInput
	Date     string `json:"date"`
	Document struct {
		Number string `json:"number"`
		Date   string `json:"date"`
		Issuer string `json:"issuer"`
	} `json:"document"`
}

func (req *eventRequest) toInput() (canbo.EventInput, error) {
	in := req.EventInput
	var err error
	if in.Date, err = vn.ParseDay(req.Date); err != nil {
		return in, canbo.Invalid("date", "err.web.params.iso_day_of", "date", req.Date)
	}
	in.Document = canbo.Document{Number: req.Document.Number, Issuer: req.Document.Issuer}
	if req.Document.Date != "" {
		if in.Document.Date, err = vn.ParseDay(req.Document.Date); err != nil {
			return in, canbo.Invalid("document.date", "err.web.params.iso_day_of", "document.date", req.Document.Date)
		}
	}
	return in, nil
}

func (s *Server) apiCreateEvent(w http.ResponseWriter, r *http.Request) {
	var req eventRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	in, err := req.toInput()
	if err != nil {
		s.error(w, r, err)
		return
	}
	ev, err := s.Org.RecordEvent(r.Context(), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIEvent(ev))
}
