package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"canbo"
	"canbo/rules"
)

// apiRetirement answers GET /api/v1/rules/retirement?sex=&birth=&lower_years= from the rule
// versions in force.
func (s *Server) apiRetirement(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lower := 0
	if v := q.Get("lower_years"); v != "" {
		var err error
		if lower, err = strconv.Atoi(v); err != nil {
			s.error(w, r, canbo.Invalid("lower_years", "err.web.rules_api.lower_years"))
			return
		}
	}
	set, err := s.Rules.RuleSet(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	a, err := rules.AnswerRetirement(set, q.Get("sex"), q.Get("birth"), lower, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// apiCongress answers GET /api/v1/rules/congress?sex=&birth=&level=&kind=.
func (s *Server) apiCongress(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	kind := q.Get("kind")
	if kind == "" {
		kind = rules.FirstTime
	}
	set, err := s.Rules.RuleSet(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	a, err := rules.AnswerCongress(set, q.Get("sex"), q.Get("birth"), q.Get("level"), kind)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// apiRules answers GET /api/v1/rules: every rule with its versions (the one in force on as_of,
// default today, marked; administrators' additions with who added them), and every stored
// version, including those a later one replaced.
func (s *Server) apiRules(w http.ResponseWriter, r *http.Request) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	sections, stored, err := s.ruleSections(r, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if stored == nil {
		stored = []rules.StoredVersion{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": sections, "stored": stored})
}

// apiAddRuleVersion answers POST /api/v1/rules/{rule}/versions: the body is one version as in
// defaults.json (source, from, optional to and note, and the rule's parameters).
func (s *Server) apiAddRuleVersion(w http.ResponseWriter, r *http.Request) {
	var raw json.RawMessage
	if err := decode(r, &raw); err != nil {
		s.error(w, r, err)
		return
	}
	v, err := s.Rules.AddRuleVersion(r.Context(), r.PathValue("rule"), raw)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, v)
}
