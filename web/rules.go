package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/rules"
	"canbo/vn"
)

// ruleSection is one rule on the rules page and in GET /api/v1/rules: its versions, oldest
// first, with the one in force marked and the administrators' additions named.
type ruleSection struct {
	Key      string        `json:"key"`
	Name     string        `json:"name"`
	Versions []ruleVersion `json:"versions"`
}

type ruleVersion struct {
	rules.VersionView
	InForce bool `json:"in_force"`
	// Added is the stored version this is, when an administrator added it (nil for a default).
	Added *rules.StoredVersion `json:"added,omitempty"`
}

// ruleSections lists every rule's versions in force on day on. A merged version is an
// administrator's when a stored version of the rule starts the same day: stored versions replace
// any version starting on their day, so the latest such one is what the set holds.
func (s *Server) ruleSections(r *http.Request, on time.Time) ([]ruleSection, []rules.StoredVersion, error) {
	set, err := s.Rules.RuleSet(r.Context())
	if err != nil {
		return nil, nil, err
	}
	stored, err := s.Rules.RuleVersions(r.Context())
	if err != nil {
		return nil, nil, err
	}
	added := map[string]*rules.StoredVersion{}
	for i := range stored {
		added[stored[i].Rule+" "+stored[i].From] = &stored[i]
	}
	var out []ruleSection
	for _, ri := range rules.Rules {
		views, err := set.Versions(ri.Key)
		if err != nil {
			return nil, nil, err
		}
		sec := ruleSection{Key: ri.Key, Name: ri.Name}
		for _, v := range views {
			sec.Versions = append(sec.Versions, ruleVersion{VersionView: v, InForce: v.InForceOn(on), Added: added[ri.Key+" "+v.From]})
		}
		out = append(out, sec)
	}
	return out, stored, nil
}

// rulesPage shows every rule with its versions and legal basis ("Căn cứ pháp lý"), marking the
// version in force on the as-of date.
func (s *Server) rulesPage(w http.ResponseWriter, r *http.Request) {
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
	added, _ := strconv.ParseInt(r.URL.Query().Get("added"), 10, 64)
	names, inSet := map[string]string{}, map[int64]bool{}
	for i, sec := range sections {
		sections[i].Name = translate(lang(r), "rule."+sec.Key)
		names[sec.Key] = sections[i].Name
		for _, v := range sec.Versions {
			if v.Added != nil {
				inSet[v.Added.ID] = true
			}
		}
	}
	s.render(w, r, http.StatusOK, "rules", page{Title: translate(lang(r), "rules"), Section: "rules", AsOf: on,
		Data: rulesData{Rules: sections, Stored: stored, Added: added, Names: names, InSet: inSet}})
}

// rulesData is the rules page's view data: the sections of rules with their versions, the
// versions administrators added (InSet: those in force in a section), the one just added.
type rulesData struct {
	Rules  []ruleSection
	Stored []rules.StoredVersion
	Added  int64
	Names  map[string]string
	InSet  map[int64]bool
}

// ruleVersionForm is the form for a new version as typed.
type ruleVersionForm struct {
	Rule, Name                                    string
	From, Kind, Number, Date, Issuer, Title, Note string
	Status                                        string
	// Params is the parameters JSON the form was built from; Fields its values as shown.
	Params string
	Fields []paramField
}

// versionFieldsOnForm are the version's own fields, which the form has inputs for and the
// parameters box must not repeat.
var versionFieldsOnForm = []string{"source", "from", "to", "note"}

// versionJSON builds the version's JSON from the form: the parameters box plus the document and
// date inputs.
func (f ruleVersionForm) versionJSON() (json.RawMessage, error) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(f.Params))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, canbo.Invalid("params", "err.web.rules_params.object")
	}
	for _, k := range versionFieldsOnForm {
		if _, ok := m[k]; ok {
			return nil, canbo.Invalid("params", "err.web.rules.params_key", k)
		}
	}
	from, err := vn.ParseDayField("from", f.From)
	if err == nil && from.IsZero() {
		err = canbo.Invalid("from", "err.web.rules.from")
	}
	if err != nil {
		return nil, err
	}
	date, err := vn.ParseDayField("doc_date", f.Date)
	if err != nil {
		return nil, err
	}
	if f.Status != "firm" && f.Status != "check" {
		return nil, canbo.Invalid("status", "err.web.rules.status")
	}
	if strings.TrimSpace(f.Number) == "" {
		return nil, canbo.Invalid("doc_number", "err.web.rules.doc_number")
	}
	src := rules.Source{Kind: strings.TrimSpace(f.Kind), Number: strings.TrimSpace(f.Number), Issuer: strings.TrimSpace(f.Issuer),
		Title: strings.TrimSpace(f.Title), Status: f.Status}
	if !date.IsZero() {
		src.Date = date.Format(time.DateOnly)
	}
	m["source"], _ = json.Marshal(src)
	m["from"], _ = json.Marshal(from.Format(time.DateOnly))
	if note := strings.TrimSpace(f.Note); note != "" {
		m["note"], _ = json.Marshal(note)
	}
	return json.Marshal(m)
}

// formField maps the store's error fields to the form's inputs.
var formField = map[string]string{"version": "params", "source.number": "doc_number", "source.date": "doc_date", "to": "from"}

func (s *Server) ruleVersionPage(w http.ResponseWriter, r *http.Request, status int, f ruleVersionForm, err error) {
	if fields, ferr := paramFields(lang(r), []byte(f.Params)); ferr == nil {
		for i := range fields {
			if v, ok := r.PostForm["p."+fields[i].Path]; ok && len(v) > 0 {
				fields[i].Value = v[0] // what was typed, so a refused form loses nothing
			}
		}
		f.Fields = fields
	}
	data := map[string]any{"Form": f}
	if err != nil {
		field := canbo.ErrorField(err)
		if m, ok := formField[field]; ok {
			field = m
		}
		if strings.HasPrefix(field, "p.") && !slices.ContainsFunc(f.Fields, func(p paramField) bool { return "p."+p.Path == field }) {
			field = "params" // a value the form does not show
		}
		data["Error"], data["Field"] = canbo.LocalMessage(lang(r), err), field
	}
	s.render(w, r, status, "rule_version", page{Title: translate(lang(r), "rules.add"), Section: "rules", Data: data})
}

// ruleVersionNew shows the form, the parameters box filled with those in force today.
func (s *Server) ruleVersionNew(w http.ResponseWriter, r *http.Request) {
	ri, err := rules.RuleByKey(r.PathValue("rule"))
	if err != nil {
		s.error(w, r, canbo.Errork(canbo.ENOTFOUND, "err.not_found"))
		return
	}
	set, err := s.Rules.RuleSet(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	views, err := set.Versions(ri.Key)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := ruleVersionForm{Rule: ri.Key, Name: translate(lang(r), "rule."+ri.Key), Status: "firm"}
	for _, v := range views {
		if v.InForceOn(s.Now()) || f.Params == "" {
			f.Params = string(v.Params)
		}
	}
	s.ruleVersionPage(w, r, http.StatusOK, f, nil)
}

// ruleVersionCreate stores an administrator's new version (audited by the store).
func (s *Server) ruleVersionCreate(w http.ResponseWriter, r *http.Request) {
	ri, err := rules.RuleByKey(r.PathValue("rule"))
	if err != nil {
		s.error(w, r, canbo.Errork(canbo.ENOTFOUND, "err.not_found"))
		return
	}
	v := r.PostFormValue
	f := ruleVersionForm{Rule: ri.Key, Name: translate(lang(r), "rule."+ri.Key), From: v("from"), Kind: v("doc_kind"), Number: v("doc_number"), Date: v("doc_date"),
		Issuer: v("doc_issuer"), Title: v("doc_title"), Note: v("note"), Status: v("status"), Params: v("params")}
	params, err := setParams(f.Params, r.PostForm)
	var raw json.RawMessage
	if err == nil {
		raw, err = ruleVersionForm{From: f.From, Kind: f.Kind, Number: f.Number, Date: f.Date, Issuer: f.Issuer, Title: f.Title,
			Note: f.Note, Status: f.Status, Params: params}.versionJSON()
	}
	var sv *rules.StoredVersion
	if err == nil {
		sv, err = s.Rules.AddRuleVersion(r.Context(), ri.Key, raw)
	}
	if err != nil {
		if canbo.ErrorCode(err) == canbo.EINVALID {
			s.ruleVersionPage(w, r, http.StatusUnprocessableEntity, f, err)
			return
		}
		s.error(w, r, err)
		return
	}
	s.Log.Info("rule version added", "rule", ri.Key, "from", sv.From, "by", canbo.UserFromContext(r.Context()).Username)
	http.Redirect(w, r, "/rules?added="+strconv.FormatInt(sv.ID, 10)+"#rule-"+ri.Key, http.StatusSeeOther)
}

// calcCongress is one row of the calculator's congress table.
type calcCongress struct {
	Level rules.CongressLevel
	First rules.CongressResult
	Again rules.CongressResult
}

// calcData is the calculator's view data: the inputs as typed, the people matching the
// search, the person chosen, and the results (nil until a birth date is known).
type calcData struct {
	Birth, Sex, Lower, Q string
	Error, Field         string
	Matches              []*canbo.Person
	Person               *canbo.Person
	Retirement           *rules.RetirementAnswer
	Congress             []calcCongress
	CongressRule         rules.CongressParams
}

// calculator computes retirement and congress eligibility from a birth date (partial allowed)
// and sex, or from a person in the caller's scope. It is a plain GET form; htmx swaps only the
// result as one types.
func (s *Server) calculator(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	data := &calcData{Birth: q.Get("birth"), Sex: q.Get("sex"), Lower: q.Get("lower_years"), Q: q.Get("q")}
	if err := s.calculate(r, data); err != nil {
		if canbo.ErrorCode(err) != canbo.EINVALID && canbo.ErrorCode(err) != canbo.ENOTFOUND {
			s.error(w, r, err)
			return
		}
		msg := canbo.LocalMessage(lang(r), err)
		if canbo.ErrorCode(err) == canbo.ENOTFOUND {
			msg = translate(lang(r), "err.not_found")
		}
		data.Error, data.Field = msg, canbo.ErrorField(err)
	}
	s.render(w, r, http.StatusOK, "rules_calculator", page{Title: translate(lang(r), "calc"), Section: "rules", Data: data})
}

// calculate fills data with the matches of the person search, the chosen person's inputs and the
// results, or returns the error to show.
func (s *Server) calculate(r *http.Request, data *calcData) error {
	q := r.URL.Query()
	text, err := searchParam(q, "q")
	if err != nil {
		return err
	}
	if text != "" {
		people, _, _, err := s.People.FindPeople(r.Context(), canbo.PersonFilter{Q: text, AsOf: s.Now(), Limit: 10})
		if err != nil {
			return err
		}
		data.Matches = people
	}
	if id := q.Get("person"); id != "" {
		pid, err := idParam(id)
		if err != nil {
			return err
		}
		p, err := s.People.FindPerson(r.Context(), pid) // scoped: out of scope is not found
		if err != nil {
			return err
		}
		if err := s.auditRead(r, "person.read", pid); err != nil {
			return err
		}
		data.Person, data.Birth, data.Sex = p, p.BirthDate, string(p.Sex)
	}
	birth, sex := data.Birth, data.Sex
	if strings.TrimSpace(birth) == "" {
		return nil // nothing asked yet
	}
	lower := 0
	if l := strings.TrimSpace(q.Get("lower_years")); l != "" {
		var err error
		if lower, err = strconv.Atoi(l); err != nil {
			return canbo.Invalid("lower_years", "err.web.rules.lower_years")
		}
	}
	set, err := s.Rules.RuleSet(r.Context())
	if err != nil {
		return err
	}
	ret, err := rules.AnswerRetirement(set, sex, birth, lower, s.Now())
	if err != nil {
		return err
	}
	data.Retirement = &ret
	month, err := rules.ParseYearMonth(ret.RetirementMonth)
	if err != nil {
		return err
	}
	p, err := set.LatestCongress()
	if err != nil {
		return err
	}
	var rows []calcCongress
	for _, l := range p.Levels {
		row := calcCongress{Level: l}
		if row.First, err = rules.Congress(p, l.Code, rules.FirstTime, month); err != nil {
			return err
		}
		if row.Again, err = rules.Congress(p, l.Code, rules.Reelect, month); err != nil {
			return err
		}
		rows = append(rows, row)
	}
	data.Congress, data.CongressRule = rows, p
	return nil
}
