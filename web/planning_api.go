package web

import (
	"net/http"
	"slices"

	"canbo"
)

// JSON of the planning and congress API (issue 14, "Interface the checks use").

func toAPIDocument(d canbo.Document) apiDocument {
	return apiDocument{Number: d.Number, Date: dateOrNull(d.Date), Issuer: d.Issuer}
}

type apiDue struct {
	Day    string `json:"day"`
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

type apiPoolCandidate struct {
	ID               int64       `json:"id"`
	PersonID         int64       `json:"person_id"`
	FullName         string      `json:"full_name"`
	BirthDate        string      `json:"birth_date"`
	Sex              canbo.Sex   `json:"sex"`
	Status           string      `json:"status"`
	From             string      `json:"from"`
	Document         apiDocument `json:"document"`
	ApprovedOn       string      `json:"approved_on,omitempty"`
	ApprovalDocument apiDocument `json:"approval_document"`
	ReviewedOn       string      `json:"reviewed_on,omitempty"`
	RemovedOn        string      `json:"removed_on,omitempty"`
	RemovalReason    string      `json:"removal_reason,omitempty"`
	Due              []apiDue    `json:"due"`
}

type apiComposition struct {
	Candidates    int      `json:"candidates"`
	Women         int      `json:"women"`
	Young         int      `json:"young"`
	Ethnic        *int     `json:"ethnic"`
	AgeBands      []int    `json:"age_bands"`
	Reelect       int      `json:"reelect"`
	New           int      `json:"new"`
	YoungAge      int      `json:"young_age"`
	WomenPercent  int      `json:"women_target_percent"`
	YoungPercent  int      `json:"young_target_percent"`
	EthnicPercent int      `json:"ethnic_target_percent"`
	Notes         []string `json:"notes"`
}

func toAPIComposition(c canbo.Composition, lang string) apiComposition {
	a := apiComposition{Candidates: c.Total, Women: c.Women, Young: c.Young, Ethnic: c.Ethnic, AgeBands: c.Bands, Reelect: c.Reelect, New: c.New,
		YoungAge: c.YoungAge, WomenPercent: c.WomenPercent, YoungPercent: c.YoungPercent, EthnicPercent: c.EthnicPercent, Notes: words(c.Notes, lang)}
	if a.AgeBands == nil {
		a.AgeBands = []int{}
	}
	return a
}

func words(ws []canbo.Words, lang string) []string {
	out := []string{}
	for _, w := range ws {
		out = append(out, w.Local(lang))
	}
	return out
}

type apiHolder struct {
	PersonID int64  `json:"person_id"`
	FullName string `json:"full_name"`
	From     string `json:"from"`
}

type apiPool struct {
	ID          int64              `json:"id"`
	Term        string             `json:"term"`
	UnitID      int64              `json:"unit_id"`
	UnitName    string             `json:"unit_name"`
	Title       string             `json:"title"`
	Level       string             `json:"level"`
	Rank        int                `json:"rank"`
	Standards   string             `json:"standards"`
	Holders     []apiHolder        `json:"holders"`
	Candidates  []apiPoolCandidate `json:"candidates"`
	Composition apiComposition     `json:"composition"`
	Warnings    []string           `json:"warnings"`
	Version     int                `json:"version"`
}

func toAPIPool(p *canbo.PlanningPool, lang string) apiPool {
	a := apiPool{ID: p.ID, Term: p.Term, UnitID: p.UnitID, UnitName: p.UnitName, Title: p.Title, Level: p.Level, Rank: p.Rank, Standards: p.Standards,
		Holders: []apiHolder{}, Candidates: []apiPoolCandidate{}, Composition: toAPIComposition(p.Composition, lang), Warnings: words(p.Warnings, lang), Version: p.Version}
	for _, h := range p.Holders {
		a.Holders = append(a.Holders, apiHolder{h.PersonID, h.FullName, h.From})
	}
	for _, c := range p.Candidates {
		x := apiPoolCandidate{ID: c.ID, PersonID: c.PersonID, FullName: c.FullName, BirthDate: c.BirthDate, Sex: c.Sex, Status: c.Status, From: c.From,
			Document: toAPIDocument(c.Document), ApprovedOn: c.ApprovedOn, ApprovalDocument: toAPIDocument(c.ApprovalDoc), ReviewedOn: c.ReviewedOn,
			RemovedOn: c.RemovedOn, RemovalReason: c.RemovalReason, Due: []apiDue{}}
		for _, d := range c.Due {
			x.Due = append(x.Due, apiDue{Day: isoDay(d.Day), Kind: d.Kind, Reason: d.Reason.Local(lang)})
		}
		a.Candidates = append(a.Candidates, x)
	}
	return a
}

// apiCreatePool answers POST /api/v1/planning/pools with 201 and the new id.
func (s *Server) apiCreatePool(w http.ResponseWriter, r *http.Request) {
	var req poolRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	p := req.pool()
	if err := s.Planning.CreatePool(r.Context(), p); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": p.ID, "rank": p.Rank})
}

// apiPools answers GET /api/v1/planning/pools?unit_id=&term=&as_of=.
func (s *Server) apiPools(w http.ResponseWriter, r *http.Request) {
	f, err := s.planningFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, err := s.Planning.Pools(r.Context(), f.UnitID, f.Term, f.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := []apiPool{}
	for _, p := range list {
		items = append(items, toAPIPool(p, lang(r)))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// apiPool answers GET /api/v1/planning/pools/{id}?as_of=.
func (s *Server) apiPool(w http.ResponseWriter, r *http.Request) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.Planning.Pool(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIPool(p, lang(r)))
}

// apiAddPoolCandidate answers POST /api/v1/planning/pools/{id}/candidates: 201, or the rule
// broken in error.message with nothing written.
func (s *Server) apiAddPoolCandidate(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req poolCandidateRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	c, err := req.candidate(id)
	if err == nil {
		err = s.Planning.AddPoolCandidate(r.Context(), c)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": c.ID, "person_id": c.PersonID, "full_name": c.FullName, "status": c.Status, "from": c.From})
}

// apiCandidateStep answers POST /api/v1/planning/pools/{id}/candidates/{person}/{step}.
func (s *Server) apiCandidateStep(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	person, err := idParam(r.PathValue("person"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	step := r.PathValue("step")
	if !slices.Contains(candidateSteps, step) {
		s.error(w, r, canbo.Errork(canbo.ENOTFOUND, "err.web.planning.step", step))
		return
	}
	var req candidateStepRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.candidateStep(r, id, person, step, req); err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.Planning.Pool(r.Context(), id, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIPool(p, lang(r)))
}

// apiPoolHistory answers GET /api/v1/planning/pools/{id}/history.
func (s *Server) apiPoolHistory(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	hist, err := s.Planning.PoolHistory(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := []map[string]any{}
	for _, h := range hist {
		items = append(items, map[string]any{"at": h.At, "action": h.Action, "person_id": h.PersonID, "full_name": h.FullName, "note": h.Note})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

type apiCongressCandidate struct {
	ID        int64     `json:"id"`
	PersonID  int64     `json:"person_id"`
	FullName  string    `json:"full_name"`
	BirthDate string    `json:"birth_date"`
	Sex       canbo.Sex `json:"sex"`
	Kind      string    `json:"kind"`
	Eligible  bool      `json:"eligible"`
	Reasons   []string  `json:"reasons"`
	Elected   bool      `json:"elected"`
	Round     int       `json:"round,omitempty"`
	Votes     int       `json:"votes,omitempty"`
}

func toAPICongressCandidate(c canbo.CongressCandidate) apiCongressCandidate {
	a := apiCongressCandidate{ID: c.ID, PersonID: c.PersonID, FullName: c.FullName, BirthDate: c.BirthDate, Sex: c.Sex, Kind: c.Kind, Eligible: c.Eligible,
		Reasons: c.Reasons, Elected: c.Elected, Round: c.Round, Votes: c.Votes}
	if a.Reasons == nil {
		a.Reasons = []string{}
	}
	return a
}

// apiCreateCongress answers POST /api/v1/congresses with 201 and the new id.
func (s *Server) apiCreateCongress(w http.ResponseWriter, r *http.Request) {
	var req congressRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	c, err := req.congress()
	if err == nil {
		err = s.Planning.CreateCongress(r.Context(), c)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": c.ID})
}

// apiCongresses answers GET /api/v1/congresses?unit_id=.
func (s *Server) apiCongresses(w http.ResponseWriter, r *http.Request) {
	f, err := s.planningFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, err := s.Planning.Congresses(r.Context(), f.UnitID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := []map[string]any{}
	for _, c := range list {
		items = append(items, map[string]any{"id": c.ID, "unit_id": c.UnitID, "unit_name": c.UnitName, "level": c.Level, "date": isoDay(c.Date),
			"term": c.Term, "committee_size": c.CommitteeSize})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// apiCongress answers GET /api/v1/congresses/{id}: the list with eligibility, the margin, the
// documents, the rounds, and the composition planned, of the list and achieved.
func (s *Server) apiCongressGet(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.Planning.Congress(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	l := lang(r)
	cands := []apiCongressCandidate{}
	for _, x := range c.Candidates {
		cands = append(cands, toAPICongressCandidate(x))
	}
	docs := []map[string]any{}
	for _, d := range c.Documents {
		docs = append(docs, map[string]any{"step": d.Step, "document": toAPIDocument(d.Document)})
	}
	rounds := []map[string]any{}
	for _, rd := range c.Rounds {
		votes := []map[string]any{}
		for _, v := range rd.Votes {
			votes = append(votes, map[string]any{"person_id": v.PersonID, "full_name": v.FullName, "votes": v.Votes, "percent": v.Percent, "elected": v.Elected})
		}
		rounds = append(rounds, map[string]any{"number": rd.Number, "ballots": rd.Ballots, "votes": votes})
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": c.ID, "unit_id": c.UnitID, "unit_name": c.UnitName, "level": c.Level, "date": isoDay(c.Date),
		"term": c.Term, "committee_size": c.CommitteeSize, "standing_size": c.StandingSize, "deputies": c.Deputies,
		"planned":    map[string]int{"women": c.PlanWomen, "young": c.PlanYoung, "ethnic": c.PlanEthnic, "reelect": c.PlanReelect},
		"candidates": cands, "documents": docs, "rounds": rounds, "margin": c.Margin, "margin_note": c.MarginNote.Local(l),
		"composition": toAPIComposition(c.Composition, l), "achieved": toAPIComposition(c.Achieved, l), "version": c.Version})
}

// apiAddCongressCandidate answers POST /api/v1/congresses/{id}/candidates with 201 and the
// eligibility computed by the rules (recorded even when not eligible: the reasons show why).
func (s *Server) apiAddCongressCandidate(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req congressCandidateRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	c := &canbo.CongressCandidate{PersonID: req.PersonID, Kind: req.Kind}
	if err := s.Planning.AddCongressCandidate(r.Context(), id, c); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPICongressCandidate(*c))
}

// apiAddCongressDocument answers POST /api/v1/congresses/{id}/documents.
func (s *Server) apiAddCongressDocument(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req congressDocumentRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	doc, err := document("document", req.Document)
	if err == nil {
		err = s.Planning.AddCongressDocument(r.Context(), id, canbo.CongressDocument{Step: req.Step, Document: doc})
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"step": req.Step})
}

// apiBallot answers GET /api/v1/congresses/{id}/ballot: the eligible candidates not yet
// elected, in the official order.
func (s *Server) apiBallot(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, err := s.Planning.Ballot(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := []map[string]any{}
	for _, c := range list {
		items = append(items, map[string]any{"person_id": c.PersonID, "full_name": c.FullName, "birth_date": c.BirthDate, "kind": c.Kind})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// apiRecordRound answers POST /api/v1/congresses/{id}/rounds with 201 and the round decided.
func (s *Server) apiRecordRound(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req roundRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	rd := req.round()
	if err := s.Planning.RecordRound(r.Context(), id, rd); err != nil {
		s.error(w, r, err)
		return
	}
	votes := []map[string]any{}
	for _, v := range rd.Votes {
		votes = append(votes, map[string]any{"person_id": v.PersonID, "full_name": v.FullName, "votes": v.Votes, "percent": v.Percent, "elected": v.Elected})
	}
	writeJSON(w, http.StatusCreated, map[string]any{"number": rd.Number, "ballots": rd.Ballots, "votes": votes})
}
