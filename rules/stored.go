package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"canbo"
	"canbo/locale"
	"canbo/vn"
)

// RuleInfo names a rule: Key is its key in defaults.json (and in URLs and the API), Name its
// Vietnamese name as messages use it mid-sentence.
type RuleInfo struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// Rules lists every rule of a Set, in the order pages show them.
var Rules = []RuleInfo{
	rule(ruleRetirement), rule(ruleCongress), rule(ruleTerm), rule(ruleSalary),
	rule(ruleProbation), rule(rulePartyOrg), rule(ruleDiscipline),
	rule(rulePlanning),
	rule(ruleInnovation),
	rule(ruleSecondment),
}

// RuleByKey returns the rule with the given key, or an EINVALID error naming the field "rule".
func RuleByKey(key string) (RuleInfo, error) {
	for _, r := range Rules {
		if r.Key == key {
			return r, nil
		}
	}
	keys := make([]string, len(Rules))
	for i, r := range Rules {
		keys[i] = r.Key
	}
	return RuleInfo{}, canbo.Invalid("rule", "err.rules.stored.rule", key, strings.Join(keys, ", "))
}

// StoredVersion is a rule version an administrator added, as the database keeps it: the
// version's JSON exactly as in defaults.json, with copies of its period and source for listing,
// and who added it.
type StoredVersion struct {
	ID        int64           `json:"id"`
	Rule      string          `json:"rule"`
	Version   json.RawMessage `json:"version"`
	From      string          `json:"from"`
	To        string          `json:"to,omitempty"`
	Source    Source          `json:"source"`
	CreatedBy string          `json:"created_by"`
	CreatedAt time.Time       `json:"created_at"`
}

// Merge returns the defaults with the stored versions added in order (see Set.Add), checked by
// Validate. An error names the stored version that does not fit.
func Merge(stored []StoredVersion) (*Set, error) {
	s := Defaults()
	for _, v := range stored {
		if err := s.Add(v.Rule, v.Version); err != nil {
			return nil, canbo.Errork(canbo.EINVALID, "err.rules.stored.invalid", v.ID, v.Rule, canbo.ErrorMessage(err))
		}
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// NewStoredVersion reads an administrator's version of a rule from its JSON (a version object as
// in defaults.json), refusing unknown fields and checking its period, and returns it normalised
// for storage. It does not check how the version fits with the others: Set.Add does.
func NewStoredVersion(rule string, raw []byte) (StoredVersion, error) {
	if _, err := RuleByKey(rule); err != nil {
		return StoredVersion{}, err
	}
	var (
		out []byte
		ver Version
		err error
	)
	switch rule {
	case "retirement":
		out, ver, err = normalise[RetirementParams](rule, raw)
	case "congress":
		out, ver, err = normalise[CongressParams](rule, raw)
	case "term":
		out, ver, err = normalise[TermParams](rule, raw)
	case "salary_step":
		out, ver, err = normalise[SalaryStepParams](rule, raw)
	case "probation":
		out, ver, err = normalise[ProbationParams](rule, raw)
	case "party_org":
		out, ver, err = normalise[PartyOrgParams](rule, raw)
	case "discipline":
		out, ver, err = normalise[DisciplineParams](rule, raw)
	case "planning":
		out, ver, err = normalise[PlanningParams](rule, raw)
	case "innovation":
		out, ver, err = normalise[InnovationParams](rule, raw)
	case "secondment":
		out, ver, err = normalise[SecondmentParams](rule, raw)
	}
	if err != nil {
		return StoredVersion{}, err
	}
	return StoredVersion{Rule: rule, Version: out, From: ver.From, To: ver.To, Source: ver.Source}, nil
}

// normalise decodes one version strictly, checks its dates, source and parameters, and
// re-encodes it with its dates in ISO, whatever form they were typed in, so that stored rows
// compare as text.
func normalise[T any, P versionPtr[T]](rule string, raw []byte) ([]byte, Version, error) {
	var v T
	if err := decodeStrict(raw, &v); err != nil {
		return nil, Version{}, err
	}
	ver := P(&v).ref()
	from, err := vn.ParseDayField("from", ver.From)
	if err == nil && from.IsZero() {
		err = canbo.Invalid("from", "err.rules.stored.from", ruleName(rule))
	}
	if err != nil {
		return nil, Version{}, err
	}
	to, err := vn.ParseDayField("to", ver.To)
	if err != nil {
		return nil, Version{}, err
	}
	if !to.IsZero() && !to.After(from) {
		return nil, Version{}, canbo.Invalid("to", "err.rules.stored.to", ruleName(rule), vn.FormatDay(to), vn.FormatDay(from))
	}
	ver.From = from.Format(isoDay)
	if !to.IsZero() {
		ver.To = to.Format(isoDay)
	}
	if strings.TrimSpace(ver.Source.Number) == "" && strings.TrimSpace(ver.Source.Title) == "" {
		return nil, Version{}, canbo.Invalid("source.number", "err.rules.stored.source_number", ruleName(rule))
	}
	signed, err := vn.ParseDayField("source.date", ver.Source.Date)
	if err != nil {
		return nil, Version{}, err
	}
	if !signed.IsZero() {
		ver.Source.Date = signed.Format(isoDay)
	}
	if problems := checkOne(v); len(problems) > 0 {
		return nil, Version{}, canbo.Invalid("version", "err.rules.stored.version", ruleName(rule), problemsInline(problems))
	}
	out, err := json.Marshal(v)
	return out, *ver, err
}

// checkOne runs the parameter checks of Validate on a single version.
func checkOne(v any) problemList {
	var problems problemList
	switch v := v.(type) {
	case RetirementParams:
		problems = checkRetirement(v)
	case CongressParams:
		problems = checkCongress(v)
	case TermParams:
		problems = checkTerm(v)
	case SalaryStepParams:
		problems = checkSalary(v)
	case ProbationParams:
		problems = checkProbation(v)
	case PartyOrgParams:
		problems = checkPartyOrg(v)
	case DisciplineParams:
		problems = checkDiscipline(v)
	case PlanningParams:
		problems = checkPlanning(v)
	case InnovationParams:
		problems = checkInnovation(v)
	case SecondmentParams:
		problems = checkSecondment(v)
	}
	if st := v.(versioned).version().Source.Status; st != "firm" && st != "check" {
		problems = append(problems, canbo.Say("err.rules.set.status", st))
	}
	return problems
}

// rule describes the rule of key, named in Vietnamese by its word.
func rule(key string) RuleInfo {
	return RuleInfo{Key: key, Name: locale.Text("vi", "rule."+key)}
}

// ruleName names the rule of key in a message: its word, worded in the reader's language.
func ruleName(key string) any {
	if _, err := RuleByKey(key); err != nil {
		return key
	}
	return locale.Word("rule." + key)
}

// problemsInline words problems on one line, for a message about a single version.
type problemsInline problemList

// Local words the problems in lang, separated by semicolons.
func (p problemsInline) Local(lang string) string { return problemList(p).join(lang, "; ") }

// decodeStrict decodes JSON refusing unknown fields, with a Vietnamese message naming the field
// at fault.
func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("extra data after the JSON object")
	}
	if err == nil {
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return canbo.Invalid("version", "err.rules.stored.json_syntax", syn.Offset, err)
	case errors.As(err, &typ):
		return canbo.Invalid("version", "err.rules.stored.param_type", typ.Field, jsonKind(typ.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return canbo.Invalid("version", "err.rules.stored.param_unknown", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	var ce *canbo.Error
	if errors.As(err, &ce) {
		return canbo.Invalid("version", "remind.as_is", ce)
	}
	return canbo.Invalid("version", "err.rules.stored.params_unreadable", err)
}

// jsonKind names the JSON value a Go kind wants, as a word (the message is worded in the reader's
// language).
func jsonKind(k string) locale.Word {
	switch {
	case strings.HasPrefix(k, "int"), strings.HasPrefix(k, "float"):
		return "err.rules.stored.kind_number"
	case k == "string":
		return "err.rules.stored.kind_string"
	case k == "slice":
		return "err.rules.stored.kind_list"
	case k == "bool":
		return "err.rules.stored.kind_bool"
	}
	return "err.rules.stored.kind_object"
}

// Add puts a version of a rule (JSON as in defaults.json) into s. The semantics of a new version
// starting on day D:
//   - it replaces a version that starts on the same day D (an amended or corrected document);
//   - the version in force the day before D ends the day before D (its To becomes D);
//   - without To it stays in force until the next version starts (or, if none, open-ended);
//     with To, that must be exactly the next version's start: an earlier To leaves a gap, a
//     later one overlaps, and a To with no later version leaves the rule undefined after it.
//
// So results for days before D never change, and results from D on follow the new version.
func (s *Set) Add(rule string, raw []byte) error {
	if _, err := RuleByKey(rule); err != nil {
		return err
	}
	switch rule {
	case "retirement":
		return insert(rule, &s.RetirementVersions, raw)
	case "congress":
		return insert(rule, &s.CongressVersions, raw)
	case "term":
		return insert(rule, &s.TermVersions, raw)
	case "salary_step":
		return insert(rule, &s.SalaryStepVersions, raw)
	case "probation":
		return insert(rule, &s.ProbationVersions, raw)
	case "party_org":
		return insert(rule, &s.PartyOrgVersions, raw)
	case "planning":
		return insert(rule, &s.PlanningVersions, raw)
	case "innovation":
		return insert(rule, &s.InnovationVersions, raw)
	case "secondment":
		return insert(rule, &s.SecondmentVersions, raw)
	default:
		return insert(rule, &s.DisciplineVersions, raw)
	}
}

// versionPtr lets insert change the Version embedded in a parameter-set type.
type versionPtr[T any] interface {
	*T
	ref() *Version
}

func (v *Version) ref() *Version { return v }

func insert[T any, P versionPtr[T]](rule string, vs *[]T, raw []byte) error {
	var v T
	if err := decodeStrict(raw, &v); err != nil {
		return err
	}
	nv := P(&v).ref()
	from, to, err := nv.Period()
	if err != nil {
		return canbo.Invalid("from", "err.rules.stored.version", ruleName(rule), err)
	}
	nv.From = from.Format(isoDay)
	out := make([]T, 0, len(*vs)+1)
	var next time.Time // the first start after from
	for _, x := range *vs {
		xv := P(&x).ref()
		xf, xt, err := xv.Period()
		if err != nil {
			return err
		}
		switch {
		case xf.Equal(from):
			continue // replaced by the new version
		case xf.Before(from):
			if xt.IsZero() || xt.After(from) {
				xv.To = nv.From
			}
		case next.IsZero() || xf.Before(next):
			next = xf
		}
		out = append(out, x)
	}
	name := ruleName(rule)
	switch {
	case to.IsZero() && !next.IsZero():
		nv.To = next.Format(isoDay)
	case !to.IsZero() && next.IsZero():
		return canbo.Invalid("to", "err.rules.stored.no_successor",
			name, vn.FormatDay(to.AddDate(0, 0, -1)))
	case !to.IsZero() && to.After(next):
		return canbo.Invalid("to", "err.rules.stored.overlap",
			name, vn.FormatDay(to.AddDate(0, 0, -1)), vn.FormatDay(next))
	case !to.IsZero() && to.Before(next):
		return canbo.Invalid("to", "err.rules.stored.gap",
			name, vn.FormatDay(to), vn.FormatDay(next.AddDate(0, 0, -1)), vn.FormatDay(next))
	}
	if !to.IsZero() {
		nv.To = to.Format(isoDay)
	}
	out = append(out, v)
	slices.SortFunc(out, func(a, b T) int { return strings.Compare(P(&a).ref().From, P(&b).ref().From) })
	*vs = out
	return nil
}

// Versions returns the versions of one rule in s, oldest first, as generic values for pages
// and the API: the embedded Version, the parameters without it, and the whole version.
func (s *Set) Versions(rule string) ([]VersionView, error) {
	if _, err := RuleByKey(rule); err != nil {
		return nil, err
	}
	switch rule {
	case "retirement":
		return views(s.RetirementVersions)
	case "congress":
		return views(s.CongressVersions)
	case "term":
		return views(s.TermVersions)
	case "salary_step":
		return views(s.SalaryStepVersions)
	case "probation":
		return views(s.ProbationVersions)
	case "party_org":
		return views(s.PartyOrgVersions)
	case "planning":
		return views(s.PlanningVersions)
	case "innovation":
		return views(s.InnovationVersions)
	case "secondment":
		return views(s.SecondmentVersions)
	default:
		return views(s.DisciplineVersions)
	}
}

// VersionView is one version of a rule without its type: what the rules page and the API list.
type VersionView struct {
	Version
	// Params is the version's parameters as JSON, without the fields of Version.
	Params json.RawMessage `json:"params"`
}

// InForceOn reports whether the version is in force on day on (a convenience for templates).
func (v VersionView) InForceOn(on time.Time) bool { return v.InForce(day(on)) }

// versionFields are the JSON keys of Version, left out of VersionView.Params.
var versionFields = []string{"source", "also", "from", "to", "note"}

func views[T versioned](vs []T) ([]VersionView, error) {
	out := make([]VersionView, 0, len(vs))
	for _, v := range vs {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		p, err := withoutKeys(b, versionFields)
		if err != nil {
			return nil, err
		}
		out = append(out, VersionView{Version: v.version(), Params: p})
	}
	return out, nil
}

// withoutKeys returns the JSON object b without the given top-level keys, indented, keeping the
// order of the others (the order of the parameter-set type's fields, which reads better than
// the alphabetical order of a map).
func withoutKeys(b []byte, keys []string) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		key, _ := k.(string)
		if slices.Contains(keys, key) {
			continue
		}
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		q, _ := json.Marshal(key)
		buf.Write(q)
		buf.WriteByte(':')
		buf.Write(raw)
	}
	buf.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, buf.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Until returns the last day the version is in force (the day before To), zero while it is
// open-ended.
func (v VersionView) Until() time.Time {
	_, to, err := v.Period()
	if err != nil || to.IsZero() {
		return time.Time{}
	}
	return to.AddDate(0, 0, -1)
}
