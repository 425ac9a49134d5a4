package web

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// The unit picker: every form field naming a unit (a post's unit, a party cell, a list or
// reminders filter, a user's scope, an event's units) is the partial "unit-picker" — a text box
// that searches unit names and official codes accent-free as one types (htmx, no inline
// script) and a hidden field carrying the chosen unit's id — so nobody has to know an internal
// number. Without script the typed text is submitted and resolved here: "#id", an official
// code, or a name that exactly one unit matches.

// unitPickLimit bounds one answer of the picker: more than a screenful means the text is too short.
const unitPickLimit = 15

// pickFill is an element id of the picker (its text box); the answer's buttons name it.
var pickFill = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,40}$`)

// unitPick is one answer of the picker's JSON form.
type unitPick struct {
	ID        int64           `json:"id"`
	Name      string          `json:"name"`
	Code      string          `json:"code,omitempty"`
	KindName  string          `json:"kind_name"`
	Hierarchy canbo.Hierarchy `json:"hierarchy"`
}

// pickHierarchies reads h: hierarchies separated by commas; empty means all of them.
func pickHierarchies(v string) ([]canbo.Hierarchy, error) {
	if strings.TrimSpace(v) == "" {
		return canbo.Hierarchies, nil
	}
	var hs []canbo.Hierarchy
	for _, p := range strings.Split(v, ",") {
		h := canbo.Hierarchy(strings.TrimSpace(p))
		if !h.Valid() {
			return nil, canbo.Invalid("h", "err.web.unit_picker.hierarchy", p)
		}
		hs = append(hs, h)
	}
	return hs, nil
}

// findPickable returns the units of hierarchies hs that text names on the day: "#id", a number
// (an id, and, when codes is set, an official code: the search offers both, each shown by
// name; a number submitted without a choice is only ever an id, so it cannot pick a unit of
// another province — issue 10 item 5), an official code, or words of the name, accent-free —
// the caller's scope only, in every
// hierarchy: a unit field names where a person works or belongs, or what a list is narrowed
// to, never a reference place (the place picker of birthplaces and home towns reads the public
// administrative units).
func (s *Server) findPickable(r *http.Request, text string, hs []canbo.Hierarchy, on time.Time, limit int, codes bool) ([]*canbo.Unit, error) {
	text = vn.Clean(text)
	if text == "" {
		return nil, nil
	}
	var out []*canbo.Unit
	seen := map[int64]bool{}
	keep := func(units []*canbo.Unit) {
		for _, u := range units {
			if !seen[u.ID] && slices.Contains(hs, u.Hierarchy) && len(out) < limit {
				seen[u.ID] = true
				out = append(out, u)
			}
		}
	}
	for _, h := range hs {
		ctx := r.Context()
		id, err := strconv.ParseInt(strings.TrimPrefix(text, "#"), 10, 64)
		if err == nil {
			units, _, err := s.Org.FindUnits(ctx, canbo.UnitFilter{ID: id, Hierarchy: h, AsOf: on, Limit: 1})
			if err != nil {
				return nil, err
			}
			keep(units)
		}
		if strings.HasPrefix(text, "#") || (err == nil && !codes) {
			continue
		}
		if !strings.ContainsRune(text, ' ') {
			units, _, err := s.Org.FindUnits(ctx, canbo.UnitFilter{Code: text, Hierarchy: h, AsOf: on, Limit: limit})
			if err != nil {
				return nil, err
			}
			keep(units)
		}
		if len([]rune(text)) >= 2 {
			units, _, err := s.Org.FindUnits(ctx, canbo.UnitFilter{Q: text, Hierarchy: h, AsOf: on, Limit: limit})
			if err != nil {
				return nil, err
			}
			keep(units)
		}
	}
	return out, nil
}

// unitPickSearch answers the picker as the user types: an HTML list of buttons for htmx, or
// JSON under /api/. The text is q, or the field named by text= (the picker's own text box, which
// htmx sends under its form name).
func (s *Server) unitPickSearch(w http.ResponseWriter, r *http.Request) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	hs, err := pickHierarchies(q.Get("h"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	text := q.Get("q")
	if name := q.Get("text"); name != "" && text == "" {
		text = q.Get(name)
	}
	units, err := s.findPickable(r, text, hs, on, unitPickLimit, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if isAPI(r) {
		out := make([]unitPick, 0, len(units))
		for _, u := range units {
			out = append(out, unitPick{ID: u.ID, Name: u.Name, Code: u.Code, KindName: u.KindName, Hierarchy: u.Hierarchy})
		}
		writeJSON(w, http.StatusOK, map[string]any{"units": out})
		return
	}
	fill := q.Get("fill")
	if !pickFill.MatchString(fill) {
		s.error(w, r, canbo.Invalid("fill", "err.web.unit_picker.fill"))
		return
	}
	s.renderFragment(w, http.StatusOK, "unit-pick-results", map[string]any{"Units": units, "Fill": fill, "Q": strings.TrimSpace(text), "Lang": lang(r)})
}

// pickedUnit reads a unit field filled with the picker: the hidden id (idName) when the text box
// (textName) still shows that unit, else the typed text — "#id", an official code or a name —
// which must name exactly one unit the caller may choose (an exact name wins among several).
// Nothing chosen and nothing typed is 0 with no error; the caller decides whether it is required.
func (s *Server) pickedUnit(r *http.Request, field, idName, textName string, hs []canbo.Hierarchy, on time.Time) (int64, error) {
	form := r.FormValue
	text := vn.Clean(form(textName))
	if v := strings.TrimSpace(form(idName)); v != "" {
		id, err := strconv.ParseInt(strings.TrimPrefix(v, "#"), 10, 64)
		if err != nil || id <= 0 {
			return 0, canbo.Invalid(field, "err.web.unit_picker.bad")
		}
		units, err := s.findPickable(r, "#"+strconv.FormatInt(id, 10), hs, on, 1, false)
		if err != nil {
			return 0, err
		}
		if len(units) == 1 && (text == "" || text == units[0].Name || text == "#"+v || text == units[0].Code) {
			return id, nil
		}
		if text == "" {
			return 0, canbo.Invalid(field, "err.web.unit_picker.out_of_scope", fmtDay(on))
		}
	}
	if text == "" {
		return 0, nil
	}
	units, err := s.findPickable(r, text, hs, on, unitPickLimit, false)
	if err != nil {
		return 0, err
	}
	if len(units) > 1 {
		var exact []*canbo.Unit
		for _, u := range units {
			if vn.Fold(u.Name) == vn.Fold(text) || u.Code == text {
				exact = append(exact, u)
			}
		}
		if len(exact) == 1 {
			units = exact
		}
	}
	switch len(units) {
	case 0:
		return 0, canbo.Invalid(field, "err.web.unit_picker.not_found", text, fmtDay(on))
	case 1:
		return units[0].ID, nil
	}
	var names []string
	for _, u := range units[:min(len(units), 5)] {
		names = append(names, u.Name)
	}
	return 0, canbo.Invalid(field, "err.web.unit_picker.ambiguous", text, strings.Join(names, "; "))
}

// requiredUnit is pickedUnit for a field that must name a unit.
func (s *Server) requiredUnit(r *http.Request, field, idName, textName string, hs []canbo.Hierarchy, on time.Time) (int64, error) {
	id, err := s.pickedUnit(r, field, idName, textName, hs, on)
	if err == nil && id == 0 {
		err = canbo.Invalid(field, "err.web.unit_picker.none")
	}
	return id, err
}

// The hierarchies each picker offers: posts are held in units of any hierarchy (a ward's
// people's committee is an administrative unit), party membership in party cells.
var (
	postHierarchies = canbo.Hierarchies
	cellHierarchies = []canbo.Hierarchy{canbo.Party}
)
