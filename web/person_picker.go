package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"canbo"
	"canbo/vn"
)

// The person picker: every form field naming people (a pool's or a congress's candidate, a
// course's enrolments, a secondment's people, a mentor, an item's head, a proposer) is the
// partial "person-picker" — a text box that searches people by name, accent-free, as one
// types (htmx) and shows each one's birth year, post and unit, so namesakes are told apart,
// with a hidden field carrying the chosen id (one, or a list of chosen people). The form
// still posts ids, so the handlers and the API read what they read before. Without script
// the typed text is submitted and resolved here by the same scoped search: a record number
// ("#12" or "12"), or a name that one person in the caller's scope matches; several matches
// are named in the error with their numbers, which the user may then type.

// personPickLimit bounds one answer of the picker: a longer list means the text is too short.
const personPickLimit = 10

// personPickRef is a text naming record numbers rather than a name: "#12", "12", "#12 #13".
var personPickRef = regexp.MustCompile(`^#?[0-9]+([\s,;]+#?[0-9]+)*$`)

// personPick is one suggestion: who, born when, holding what post where today.
type personPick struct {
	ID       int64
	Name     string
	Born     string // the birth year, "" when unknown
	Post     string
	UnitName string
}

// findPickablePeople returns the people of the caller's scope today whose name (or staff code,
// or identity number for those granted it) the text's words begin, in Vietnamese order: the
// people list's own search, so the picker can offer no one the list would not show.
func (s *Server) findPickablePeople(r *http.Request, text string, limit int) ([]personPick, error) {
	today := s.Now()
	people, _, _, err := s.People.FindPeople(r.Context(), canbo.PersonFilter{AsOf: today, Q: text, Limit: limit})
	if err != nil || len(people) == 0 {
		return nil, err
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	standings, err := s.Lister.Standings(r.Context(), ids, today)
	if err != nil {
		return nil, err
	}
	out := make([]personPick, 0, len(people))
	for _, p := range people {
		pick := personPick{ID: p.ID, Name: p.FullName, Post: standings[p.ID].PostTitle, UnitName: standings[p.ID].UnitName}
		if len(p.BirthDate) >= 4 {
			pick.Born = p.BirthDate[:4]
		}
		out = append(out, pick)
	}
	return out, nil
}

// personPickSearch answers the picker as the user types: an HTML list of buttons for htmx. The
// text is q, or the field named by text= (the picker's own text box, sent under its form name).
func (s *Server) personPickSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fill := q.Get("fill")
	if !pickFill.MatchString(fill) {
		s.error(w, r, canbo.Invalid("fill", "err.web.person_picker.fill"))
		return
	}
	text := q.Get("q")
	if name := q.Get("text"); name != "" && text == "" {
		text = q.Get(name)
	}
	text = vn.Clean(text)
	var people []personPick
	if len([]rune(text)) >= 2 {
		var err error
		if people, err = s.findPickablePeople(r, text, personPickLimit); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.renderFragment(w, http.StatusOK, "person-pick-results", map[string]any{"People": people, "Fill": fill, "Q": text, "Lang": lang(r)})
}

// pickPeople resolves the person field named field of the request's form in place: the ids
// chosen in the picker (hidden fields named field), then the text typed in its box (field_q) —
// record numbers, or names (one per ";" or line in a list) each of which must name exactly one
// person of the caller's scope today. The field then holds the ids, comma-separated, so the
// form's own parsing reads it as before. A single field whose box no longer shows the chosen
// person's name (typed over without script) is resolved from the text. On error nothing is
// changed, so the form shows what was typed.
func (s *Server) pickPeople(r *http.Request, field string, many bool) error {
	if err := r.ParseForm(); err != nil {
		return canbo.Invalid(field, "err.web.person_picker.bad", "")
	}
	var ids []int64
	for _, v := range r.Form[field] {
		got, err := personRefs(field, v)
		if err != nil {
			return err
		}
		ids = append(ids, got...)
	}
	text := vn.Clean(r.Form.Get(field + "_q"))
	if !many && len(ids) == 1 && text != "" && text != "#"+strconv.FormatInt(ids[0], 10) {
		if p, err := s.People.FindPerson(r.Context(), ids[0]); err != nil || vn.Fold(p.FullName) != vn.Fold(text) {
			ids = nil // the box names someone else now: the text decides
		}
	}
	if text != "" && (many || len(ids) == 0) {
		pieces := []string{text}
		if many {
			pieces = strings.FieldsFunc(r.Form.Get(field+"_q"), func(c rune) bool { return c == ';' || c == '\n' || c == '\r' })
		}
		for _, piece := range pieces {
			got, err := s.pickNamed(r, field, vn.Clean(piece))
			if err != nil {
				return err
			}
			ids = append(ids, got...)
		}
	}
	if !many && len(ids) > 1 {
		return canbo.Invalid(field, "err.web.person_picker.one")
	}
	var parts []string
	for _, id := range ids {
		if p := strconv.FormatInt(id, 10); !slices.Contains(parts, p) {
			parts = append(parts, p)
		}
	}
	joined := strings.Join(parts, ",")
	set := func(v url.Values) {
		if v != nil {
			v.Set(field, joined)
			if many {
				v.Del(field + "_q") // now in the ids: shown again as "#id" should the form fail later
			}
		}
	}
	set(r.Form)
	set(r.PostForm)
	return nil
}

// personRefs reads record numbers: "12", "#12", or a list of them.
func personRefs(field, v string) ([]int64, error) {
	var ids []int64
	for _, w := range strings.FieldsFunc(v, func(c rune) bool { return c == ',' || c == ';' || c == ' ' || c == '\n' || c == '\r' || c == '\t' }) {
		id, err := strconv.ParseInt(strings.TrimPrefix(w, "#"), 10, 64)
		if err != nil || id <= 0 {
			return nil, canbo.Invalid(field, "err.web.person_picker.bad", w)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// pickNamed resolves one typed piece: record numbers as they are (the service checks them
// like any id), a name through the scoped search — exactly one match, or one whose whole name
// is the text among several.
func (s *Server) pickNamed(r *http.Request, field, text string) ([]int64, error) {
	if text == "" {
		return nil, nil
	}
	if personPickRef.MatchString(text) {
		return personRefs(field, text)
	}
	people, err := s.findPickablePeople(r, text, personPickLimit)
	if err != nil {
		return nil, err
	}
	if len(people) > 1 {
		var exact []personPick
		for _, p := range people {
			if vn.Fold(p.Name) == vn.Fold(text) {
				exact = append(exact, p)
			}
		}
		if len(exact) >= 1 {
			people = exact
		}
	}
	switch len(people) {
	case 0:
		return nil, canbo.Invalid(field, "err.web.person_picker.not_found", text)
	case 1:
		return []int64{people[0].ID}, nil
	}
	var names []string
	for _, p := range people[:min(len(people), 5)] {
		n := p.Name + " #" + strconv.FormatInt(p.ID, 10)
		if p.Born != "" {
			n += " (" + p.Born + ")"
		}
		names = append(names, n)
	}
	return nil, canbo.Invalid(field, "err.web.person_picker.ambiguous", text, strings.Join(names, "; "), people[0].ID)
}

// pickedShown is the text a list picker shows again when its form comes back with an error:
// the people chosen as "#id", then what was typed.
func pickedShown(form url.Values, field string) string {
	var parts []string
	for _, v := range form[field] {
		for _, w := range strings.FieldsFunc(v, func(c rune) bool { return c == ',' || c == ' ' || c == ';' }) {
			parts = append(parts, "#"+strings.TrimPrefix(w, "#"))
		}
	}
	if t := strings.TrimSpace(form.Get(field + "_q")); t != "" {
		parts = append(parts, t)
	}
	return strings.Join(parts, "; ")
}
