package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"canbo"
	"canbo/planning"
	"canbo/vn"
)

// Pages of cadre planning and congress personnel (issue 14): the board per unit and term, a
// pool with its candidates and their steps, the candidates side by side, a congress with its
// list, rounds and results, and the printable ballot. They call the same service methods as
// planning_api.go with the same parsed values.

// planningBoardView is the board: posts × candidates with their readiness and warnings, the
// plan's composition and age pyramid, the congresses, and the forms to add a post or a congress.
type planningBoardView struct {
	Filter     planningFilter
	UnitName   string
	Pools      []*canbo.PlanningPool
	Congresses []*canbo.Congress
	Plan       canbo.Composition
	Pyramid    []pyramidRow
	Levels     []string
	Export     string
	Form       url.Values
	Error      string
	Field      string
}

// pyramidRow is one age band of the plan: men and women, each with its share of the plan.
type pyramidRow struct {
	Label        string
	Men, Women   int
	MenPct, WPct int
}

func (s *Server) planningBoard(w http.ResponseWriter, r *http.Request) {
	s.planningBoardPage(w, r, http.StatusOK, url.Values{"term": {"2025-2030"}}, nil)
}

func (s *Server) planningBoardPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, formErr error) {
	f, err := s.planningFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	pools, err := s.Planning.Pools(r.Context(), f.UnitID, f.Term, f.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	congs, err := s.Planning.Congresses(r.Context(), f.UnitID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	set, err := s.Rules.RuleSet(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := planningBoardView{Filter: f, Pools: pools, Congresses: congs, Levels: canbo.PlanningLevels, Form: form}
	if f.UnitID != 0 {
		if u, err := s.Org.FindUnit(r.Context(), f.UnitID, f.On); err == nil {
			v.UnitName = u.Name
		}
	}
	q := url.Values{}
	if f.UnitID != 0 {
		q.Set("unit_id", strconv.FormatInt(f.UnitID, 10))
	}
	if f.Term != "" {
		q.Set("term", f.Term)
	}
	v.Export = "/planning/export.xlsx?" + q.Encode()
	// The plan's composition counts each person once, at the start of the term of their first
	// pool; the pyramid splits it by the rule's age bands and sex.
	pp, err := set.Planning(f.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	seen := map[int64]bool{}
	var members []planning.Member
	for _, p := range pools {
		for _, c := range p.Candidates {
			if c.Status == canbo.CandidateRemoved || seen[c.PersonID] {
				continue
			}
			seen[c.PersonID] = true
			if b, err := vn.ParseDate(c.BirthDate); err == nil && !b.IsZero() {
				members = append(members, planning.Member{Birth: b, Sex: c.Sex})
			}
		}
	}
	start := planning.TermStart(set, "", f.Term)
	if start.IsZero() {
		start = planning.TermStart(set, "", "2025-2030")
	}
	v.Plan = planning.Compose(members, planning.PlanTargets(pp), start.FirstDay(), false)
	bands := make([]pyramidRow, len(pp.AgeBands)+1)
	for i := range bands {
		switch {
		case i == 0:
			bands[i].Label = translate(lang(r), "planning.band_under") + " " + strconv.Itoa(pp.AgeBands[0])
		case i == len(pp.AgeBands):
			bands[i].Label = strconv.Itoa(pp.AgeBands[i-1]) + "+"
		default:
			bands[i].Label = strconv.Itoa(pp.AgeBands[i-1]) + "–" + strconv.Itoa(pp.AgeBands[i]-1)
		}
	}
	for _, m := range members {
		b := pp.AgeBand(planning.AgeAt(m.Birth, start.FirstDay()))
		if m.Sex == canbo.Female {
			bands[b].Women++
		} else {
			bands[b].Men++
		}
	}
	if n := len(members); n > 0 {
		for i := range bands {
			bands[i].MenPct, bands[i].WPct = bands[i].Men*100/n, bands[i].Women*100/n
		}
	}
	// Oldest band on top, as a pyramid reads.
	for i := len(bands) - 1; i >= 0; i-- {
		v.Pyramid = append(v.Pyramid, bands[i])
	}
	if formErr != nil {
		v.Error, v.Field = canbo.LocalMessage(lang(r), formErr), canbo.ErrorField(formErr)
	}
	s.render(w, r, status, "planning", page{Title: translate(lang(r), "nav.planning"), Section: "planning", AsOf: f.On, Data: v})
}

// planningPoolCreate adds a post to plan from the board's form.
func (s *Server) planningPoolCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("form", "err.web.planning.form"))
		return
	}
	unit, err := s.pickedUnit(r, "unit_id", "unit_id", "unit", canbo.Hierarchies, s.Now())
	var rank int
	if err == nil {
		rank, err = formInt("rank", r.PostFormValue("rank"))
	}
	p := &canbo.PlanningPool{Term: r.PostFormValue("term"), UnitID: unit, Title: r.PostFormValue("title"), Level: r.PostFormValue("level"),
		Rank: rank, Standards: r.PostFormValue("standards")}
	if err == nil {
		err = s.Planning.CreatePool(r.Context(), p)
	}
	if err != nil {
		s.formFailed(w, r, err, func(status int) { s.planningBoardPage(w, r, status, r.PostForm, err) })
		return
	}
	http.Redirect(w, r, "/planning/pools/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

// formFailed shows a form again with the message when the input was refused, or the error page.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, err error, again func(status int)) {
	switch canbo.ErrorCode(err) {
	case canbo.EINVALID:
		again(http.StatusUnprocessableEntity)
	case canbo.ECONFLICT:
		again(http.StatusConflict)
	default:
		s.error(w, r, err)
	}
}

// poolView is one pool's page.
type poolView struct {
	Pool    *canbo.PlanningPool
	History []canbo.PlanningChange
	On      string
	Form    url.Values
	Error   string
	Field   string
	Saved   bool
}

func (s *Server) planningPool(w http.ResponseWriter, r *http.Request) {
	s.planningPoolPage(w, r, http.StatusOK, url.Values{"from": {isoDay(s.Now())}}, nil)
}

func (s *Server) planningPoolPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, formErr error) {
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
	hist, err := s.Planning.PoolHistory(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := poolView{Pool: p, History: hist, On: isoDay(s.Now()), Form: form, Saved: r.URL.Query().Get("saved") == "1"}
	if formErr != nil {
		v.Error, v.Field = canbo.LocalMessage(lang(r), formErr), canbo.ErrorField(formErr)
	}
	s.render(w, r, status, "planning_pool", page{Title: p.Title, Section: "planning", AsOf: on, Data: v})
}

// planningAddCandidate proposes a person for the pool from the pool page's form; a refusal
// shows the page again with the rule broken.
func (s *Server) planningAddCandidate(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("form", "err.web.planning.form"))
		return
	}
	var person int64
	err = s.pickPeople(r, "person_id", false)
	if err == nil {
		person, err = formID(r, "person_id")
	}
	var c *canbo.PoolCandidate
	if err == nil {
		var doc canbo.Document
		doc, err = documentOf("document", r.PostFormValue("doc_number"), r.PostFormValue("doc_date"), r.PostFormValue("doc_issuer"))
		c = &canbo.PoolCandidate{PoolID: id, PersonID: person, From: r.PostFormValue("from"), Document: doc}
	}
	if err == nil {
		err = s.Planning.AddPoolCandidate(r.Context(), c)
	}
	if err != nil {
		s.formFailed(w, r, err, func(status int) { s.planningPoolPage(w, r, status, r.PostForm, err) })
		return
	}
	http.Redirect(w, r, "/planning/pools/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
}

// planningCandidateStep applies a step (approve, review, remove, appointment) from the pool page.
func (s *Server) planningCandidateStep(w http.ResponseWriter, r *http.Request) {
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
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("form", "err.web.planning.form"))
		return
	}
	step := r.PathValue("step")
	req := candidateStepRequest{On: r.PostFormValue("on"), Reason: r.PostFormValue("reason")}
	err = s.stepFromForm(r, id, person, step, req)
	if err != nil {
		s.formFailed(w, r, err, func(status int) { s.planningPoolPage(w, r, status, url.Values{"from": {isoDay(s.Now())}}, err) })
		return
	}
	http.Redirect(w, r, "/planning/pools/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
}

func (s *Server) stepFromForm(r *http.Request, id, person int64, step string, req candidateStepRequest) error {
	if step == "approve" {
		doc, err := documentOf("document", r.PostFormValue("doc_number"), r.PostFormValue("doc_date"), r.PostFormValue("doc_issuer"))
		if err != nil {
			return err
		}
		on, err := vn.ParseDayField("on", req.On)
		if err != nil {
			return err
		}
		return s.Planning.ApprovePoolCandidate(r.Context(), id, person, on, doc)
	}
	return s.candidateStep(r, id, person, step, req)
}

// compareView puts a pool's active candidates side by side.
type compareView struct {
	Pool  *canbo.PlanningPool
	Facts []canbo.CandidateFacts
}

// planningCompare shows the facts that matter for the post, one column per candidate. Each
// profile read is audited, like opening the profile.
func (s *Server) planningCompare(w http.ResponseWriter, r *http.Request) {
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
	set, err := s.Rules.RuleSet(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := compareView{Pool: p}
	pool := planning.Pool{ID: p.ID, UnitID: p.UnitID, Title: p.Title, Level: p.Level, Rank: p.Rank, Term: p.Term}
	for _, c := range p.Candidates {
		if c.Status == canbo.CandidateRemoved {
			continue
		}
		person, err := s.People.FindPerson(r.Context(), c.PersonID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		posts, entries, _, err := s.People.Timeline(r.Context(), c.PersonID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if err := s.auditRead(r, "person.read", c.PersonID); err != nil {
			s.error(w, r, err)
			return
		}
		v.Facts = append(v.Facts, planning.Describe(set, pool, person, posts, entries, on))
	}
	s.render(w, r, http.StatusOK, "planning_compare", page{Title: p.Title, Section: "planning", AsOf: on, Data: v})
}

// planningCongressCreate records a congress from the board's form.
func (s *Server) planningCongressCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("form", "err.web.planning.form"))
		return
	}
	unit, err := s.pickedUnit(r, "unit_id", "unit_id", "unit", canbo.Hierarchies, s.Now())
	req := congressRequest{UnitID: unit, Level: r.PostFormValue("level"), Date: r.PostFormValue("date"), Term: r.PostFormValue("term")}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"committee_size", &req.CommitteeSize}, {"standing_size", &req.StandingSize}, {"deputies", &req.Deputies}, {"plan_women", &req.PlanWomen},
		{"plan_young", &req.PlanYoung}, {"plan_ethnic", &req.PlanEthnic}, {"plan_reelect", &req.PlanReelect}} {
		if err == nil {
			*f.dst, err = formInt(f.name, r.PostFormValue(f.name))
		}
	}
	var c *canbo.Congress
	if err == nil {
		c, err = req.congress()
	}
	if err == nil {
		err = s.Planning.CreateCongress(r.Context(), c)
	}
	if err != nil {
		s.formFailed(w, r, err, func(status int) { s.planningBoardPage(w, r, status, r.PostForm, err) })
		return
	}
	http.Redirect(w, r, "/planning/congresses/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

// congressView is a congress's page.
type congressView struct {
	C      *canbo.Congress
	Ballot []canbo.CongressCandidate
	Error  string
	Field  string
	Saved  bool
}

func (s *Server) planningCongress(w http.ResponseWriter, r *http.Request) {
	s.planningCongressPage(w, r, http.StatusOK, nil)
}

func (s *Server) planningCongressPage(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	c, ballot, err := s.congressBallot(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := congressView{C: c, Ballot: ballot, Saved: r.URL.Query().Get("saved") == "1"}
	if formErr != nil {
		v.Error, v.Field = canbo.LocalMessage(lang(r), formErr), canbo.ErrorField(formErr)
	}
	s.render(w, r, status, "congress", page{Title: translate(lang(r), "congress.title") + " " + c.UnitName, Section: "planning", Data: v})
}

// planningCongressCandidate adds a person to the congress's list from its page.
func (s *Server) planningCongressCandidate(w http.ResponseWriter, r *http.Request) {
	s.congressForm(w, r, func(id int64) error {
		if err := s.pickPeople(r, "person_id", false); err != nil {
			return err
		}
		person, err := formID(r, "person_id")
		if err != nil {
			return err
		}
		return s.Planning.AddCongressCandidate(r.Context(), id, &canbo.CongressCandidate{PersonID: person, Kind: r.PostFormValue("kind")})
	})
}

// congressForm runs a form of the congress page: the congress's id, the parsed form, then act;
// a refusal shows the page again with the message, success goes back to it.
func (s *Server) congressForm(w http.ResponseWriter, r *http.Request, act func(id int64) error) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("form", "err.web.planning.form"))
		return
	}
	err = act(id)
	if err != nil {
		s.formFailed(w, r, err, func(status int) { s.planningCongressPage(w, r, status, err) })
		return
	}
	http.Redirect(w, r, "/planning/congresses/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
}

// planningCongressDocument records a step's document from the congress page.
func (s *Server) planningCongressDocument(w http.ResponseWriter, r *http.Request) {
	s.congressForm(w, r, func(id int64) error {
		doc, err := documentOf("document", r.PostFormValue("doc_number"), r.PostFormValue("doc_date"), r.PostFormValue("doc_issuer"))
		if err != nil {
			return err
		}
		return s.Planning.AddCongressDocument(r.Context(), id, canbo.CongressDocument{Step: r.PostFormValue("step"), Document: doc})
	})
}

// planningCongressRound records a round from the results form: ballots and votes_<person>.
func (s *Server) planningCongressRound(w http.ResponseWriter, r *http.Request) {
	s.congressForm(w, r, func(id int64) error {
		rd := &canbo.CongressRound{}
		var err error
		rd.Ballots, err = formInt("ballots", r.PostFormValue("ballots"))
		for k, vals := range r.PostForm {
			person, ok := strings.CutPrefix(k, "votes_")
			if !ok || err != nil {
				continue
			}
			pid, perr := strconv.ParseInt(person, 10, 64)
			n, nerr := formInt("votes", vals[0])
			if perr != nil || nerr != nil {
				err = canbo.Invalid("votes", "err.web.planning.number", vals[0])
				break
			}
			rd.Votes = append(rd.Votes, canbo.RoundVote{PersonID: pid, Votes: n})
		}
		if err != nil {
			return err
		}
		return s.Planning.RecordRound(r.Context(), id, rd)
	})
}

// congressBallot reads the congress named in the path and its ballot, which its page, the
// printable ballot and the PDF all show.
func (s *Server) congressBallot(r *http.Request) (*canbo.Congress, []canbo.CongressCandidate, error) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Planning.Congress(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	ballot, err := s.Planning.Ballot(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	return c, ballot, nil
}

// planningBallot is the printable ballot: the eligible candidates in the official order.
func (s *Server) planningBallot(w http.ResponseWriter, r *http.Request) {
	c, ballot, err := s.congressBallot(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "congress_ballot", page{Title: translate(lang(r), "congress.ballot"), Section: "planning", Data: congressView{C: c, Ballot: ballot}})
}
