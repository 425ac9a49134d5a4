package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// Requests of the planning and congress pages and API: the JSON bodies, and the same fields
// read from a form, turned into the one value the store checks.

type poolRequest struct {
	Term      string `json:"term"`
	UnitID    int64  `json:"unit_id"`
	Title     string `json:"title"`
	Level     string `json:"level"`
	Rank      int    `json:"rank"`
	Standards string `json:"standards"`
}

func (q poolRequest) pool() *canbo.PlanningPool {
	return &canbo.PlanningPool{Term: q.Term, UnitID: q.UnitID, Title: q.Title, Level: q.Level, Rank: q.Rank, Standards: q.Standards}
}

// documentRequest is a document as requests name it. Fields beyond number, date and issuer
// (a title, a kind) are accepted and not kept: the decision is identified by these three.
type documentRequest struct {
	Number string `json:"number"`
	Date   string `json:"date"`
	Issuer string `json:"issuer"`
}

// document reads a document object leniently (see documentRequest); field names the error.
func document(field string, raw json.RawMessage) (canbo.Document, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return canbo.Document{}, nil
	}
	var d documentRequest
	if err := json.Unmarshal(raw, &d); err != nil {
		return canbo.Document{}, canbo.Invalid(field, "err.web.planning.document")
	}
	return documentOf(field, d.Number, d.Date, d.Issuer)
}

func documentOf(field, number, date, issuer string) (canbo.Document, error) {
	t, err := vn.ParseDayField(field+".date", date)
	if err != nil {
		return canbo.Document{}, err
	}
	return canbo.Document{Number: strings.TrimSpace(number), Date: t, Issuer: strings.TrimSpace(issuer)}, nil
}

type poolCandidateRequest struct {
	PersonID int64           `json:"person_id"`
	From     string          `json:"from"`
	Document json.RawMessage `json:"document"`
}

func (q poolCandidateRequest) candidate(poolID int64) (*canbo.PoolCandidate, error) {
	doc, err := document("document", q.Document)
	if err != nil {
		return nil, err
	}
	return &canbo.PoolCandidate{PoolID: poolID, PersonID: q.PersonID, From: q.From, Document: doc}, nil
}

// candidateStepRequest is an approval, a review, a removal or an appointment proposal.
type candidateStepRequest struct {
	On       string          `json:"on"`
	Document json.RawMessage `json:"document"`
	Reason   string          `json:"reason"`
}

// The steps of a pool candidate, as the last part of their URL.
var candidateSteps = []string{"approve", "review", "remove", "appointment"}

// candidateStep applies a step to a pool candidate: the page and the API call it alike.
func (s *Server) candidateStep(r *http.Request, poolID, personID int64, step string, q candidateStepRequest) error {
	on, err := vn.ParseDayField("on", q.On)
	if err != nil {
		return err
	}
	svc := s.Planning
	switch step {
	case "approve":
		doc, err := document("document", q.Document)
		if err != nil {
			return err
		}
		return svc.ApprovePoolCandidate(r.Context(), poolID, personID, on, doc)
	case "review":
		return svc.ReviewPoolCandidate(r.Context(), poolID, personID, on)
	case "remove":
		return svc.RemovePoolCandidate(r.Context(), poolID, personID, on, q.Reason)
	case "appointment":
		return svc.ProposeAppointment(r.Context(), poolID, personID, on)
	}
	return canbo.Errork(canbo.ENOTFOUND, "err.web.planning.step", step)
}

type congressRequest struct {
	UnitID        int64  `json:"unit_id"`
	Level         string `json:"level"`
	Date          string `json:"date"`
	Term          string `json:"term"`
	CommitteeSize int    `json:"committee_size"`
	StandingSize  int    `json:"standing_size"`
	Deputies      int    `json:"deputies"`
	PlanWomen     int    `json:"plan_women"`
	PlanYoung     int    `json:"plan_young"`
	PlanEthnic    int    `json:"plan_ethnic"`
	PlanReelect   int    `json:"plan_reelect"`
}

func (q congressRequest) congress() (*canbo.Congress, error) {
	d, err := vn.ParseDayField("date", q.Date)
	if err != nil {
		return nil, err
	}
	return &canbo.Congress{UnitID: q.UnitID, Level: q.Level, Date: d, Term: q.Term, CommitteeSize: q.CommitteeSize, StandingSize: q.StandingSize,
		Deputies: q.Deputies, PlanWomen: q.PlanWomen, PlanYoung: q.PlanYoung, PlanEthnic: q.PlanEthnic, PlanReelect: q.PlanReelect}, nil
}

type congressCandidateRequest struct {
	PersonID int64  `json:"person_id"`
	Kind     string `json:"kind"`
}

type roundRequest struct {
	Ballots int `json:"ballots"`
	Votes   []struct {
		PersonID int64 `json:"person_id"`
		Votes    int   `json:"votes"`
	} `json:"votes"`
}

func (q roundRequest) round() *canbo.CongressRound {
	r := &canbo.CongressRound{Ballots: q.Ballots}
	for _, v := range q.Votes {
		r.Votes = append(r.Votes, canbo.RoundVote{PersonID: v.PersonID, Votes: v.Votes})
	}
	return r
}

type congressDocumentRequest struct {
	Step     string          `json:"step"`
	Document json.RawMessage `json:"document"`
}

// planningFilter is the board's unit, term and day.
type planningFilter struct {
	UnitID int64
	Term   string
	On     time.Time
}

func (s *Server) planningFilter(r *http.Request) (planningFilter, error) {
	q := r.URL.Query()
	f := planningFilter{Term: strings.TrimSpace(q.Get("term"))}
	var err error
	if f.UnitID, err = optionalID("unit_id", q.Get("unit_id")); err != nil {
		return f, err
	}
	if f.On, err = asOfParam(r, s.Now()); err != nil {
		return f, err
	}
	return f, nil
}
