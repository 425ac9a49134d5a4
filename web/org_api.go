package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"canbo"
)

// apiUnit is a unit as the API shows it. Dates are "YYYY-MM-DD"; valid_from is null for a unit
// that existed before the records start, valid_to null while it still exists.
type apiUnit struct {
	ID          int64           `json:"id"`
	Code        string          `json:"code"`
	Name        string          `json:"name"`
	Kind        string          `json:"kind"`
	KindName    string          `json:"kind_name"`
	Tier        string          `json:"tier"`
	ParentID    *int64          `json:"parent_id"`
	Hierarchy   canbo.Hierarchy `json:"hierarchy"`
	ValidFrom   *string         `json:"valid_from"`
	ValidTo     *string         `json:"valid_to"`
	VersionFrom *string         `json:"version_from"`
	VersionTo   *string         `json:"version_to"`
	Children    int             `json:"children"`
}

func dateOrNull(t time.Time) *string {
	if t.IsZero() || !t.Before(canbo.Forever) {
		return nil
	}
	s := isoDay(t)
	return &s
}

func toAPIUnit(u *canbo.Unit) apiUnit {
	a := apiUnit{ID: u.ID, Code: u.Code, Name: u.Name, Kind: u.Kind, KindName: u.KindName, Tier: u.Tier,
		Hierarchy: u.Hierarchy, ValidFrom: dateOrNull(u.ValidFrom), ValidTo: dateOrNull(u.ValidTo),
		VersionFrom: dateOrNull(u.VersionFrom), VersionTo: dateOrNull(u.VersionTo), Children: u.Children}
	if u.ParentID != 0 {
		p := u.ParentID
		a.ParentID = &p
	}
	return a
}

func (s *Server) apiKinds(w http.ResponseWriter, r *http.Request) {
	kinds, err := s.Org.Kinds(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": kinds})
}

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := canbo.UnitFilter{AsOf: on, Kind: q.Get("kind"), Tier: q.Get("tier"), Code: q.Get("code")}
	if f.Q, err = searchParam(q, "q"); err != nil {
		s.error(w, r, err)
		return
	}
	if f.Hierarchy, err = hierarchyParam(q.Get("hierarchy")); err != nil {
		s.error(w, r, err)
		return
	}
	if f.Parent, err = optionalID("parent", q.Get("parent")); err != nil {
		s.error(w, r, err)
		return
	}
	if f.Under, err = optionalID("under", q.Get("under")); err != nil {
		s.error(w, r, err)
		return
	}
	if f.Parent != 0 && f.Under != 0 {
		s.error(w, r, canbo.Invalid("under", "err.web.org_api.parent_or_under"))
		return
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"limit", &f.Limit}, {"offset", &f.Offset}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				s.error(w, r, canbo.Invalid(p.name, "err.web.params.not_negative", p.name))
				return
			}
			*p.dst = n
		}
	}
	// A parent or subtree the caller cannot see is not found, exactly like a missing one.
	for _, id := range []int64{f.Parent, f.Under} {
		if id != 0 {
			if _, err := s.Org.FindUnit(r.Context(), id, on); err != nil {
				s.error(w, r, err)
				return
			}
		}
	}
	units, total, err := s.Org.FindUnits(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := make([]apiUnit, len(units))
	for i, u := range units {
		items[i] = toAPIUnit(u)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total, "as_of": isoDay(on)})
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	u, err := s.Org.FindUnit(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIUnit(u))
}

func (s *Server) apiUnitHistory(w http.ResponseWriter, r *http.Request) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	evs, err := s.Org.UnitHistory(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := make([]apiEvent, len(evs))
	for i, e := range evs {
		items[i] = toAPIEvent(e)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// apiCreateUnit creates a unit: a "create" event with the unit's fields at the top level.
func (s *Server) apiCreateUnit(w http.ResponseWriter, r *http.Request) {
	var req struct {
		canbo.NewUnit
		Date     string      `json:"date"`
		Document apiDocument `json:"document"`
		Note     string      `json:"note"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	er := eventRequest{EventInput: canbo.EventInput{Kind: canbo.EventCreate, New: &req.NewUnit, Note: req.Note}, Date: req.Date}
	er.Document.Number, er.Document.Issuer = req.Document.Number, req.Document.Issuer
	if req.Document.Date != nil {
		er.Document.Date = *req.Document.Date
	}
	in, err := er.toInput()
	if err != nil {
		s.error(w, r, err)
		return
	}
	ev, err := s.Org.RecordEvent(r.Context(), in)
	if err != nil {
		s.error(w, r, err)
		return
	}
	u, err := s.Org.FindUnit(r.Context(), ev.Links[0].UnitID, in.Date)
	if err != nil {
		s.error(w, r, fmt.Errorf("created unit not found: %w", err))
		return
	}
	w.Header().Set("Location", "/api/v1/units/"+strconv.FormatInt(u.ID, 10))
	writeJSON(w, http.StatusCreated, toAPIUnit(u))
}
