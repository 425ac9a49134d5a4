package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"canbo"
	"canbo/vn"
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
		s.error(w, r, canbo.FieldError("under", "Chỉ dùng một trong hai tham số parent hoặc under."))
		return
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"limit", &f.Limit}, {"offset", &f.Offset}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				s.error(w, r, canbo.FieldError(p.name, "%s phải là số nguyên không âm.", p.name))
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

// decode reads a JSON body strictly: unknown fields and trailing data are errors that name
// what is wrong.
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return canbo.Errorf(canbo.EINVALID, "Dữ liệu gửi lên vượt quá %d byte.", mbe.Limit)
		}
		return canbo.Errorf(canbo.EINVALID, "Không đọc được dữ liệu gửi lên: %v", err)
	}
	// encoding/json would replace every invalid byte by U+FFFD without a word, storing a name
	// nobody typed; refuse instead, naming where it is.
	if !utf8.Valid(body) {
		n := 0
		for n < len(body) {
			r, size := utf8.DecodeRune(body[n:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			n += size
		}
		return canbo.Errorf(canbo.EINVALID, "Dữ liệu gửi lên không phải UTF-8 hợp lệ (byte thứ %d).", n+1)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return canbo.Errorf(canbo.EINVALID, "JSON không hợp lệ: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return canbo.Errorf(canbo.EINVALID, "JSON không hợp lệ: có dữ liệu thừa sau đối tượng.")
	}
	return nil
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
		return in, canbo.FieldError("date", "date %q phải là ngày dạng YYYY-MM-DD.", req.Date)
	}
	in.Document = canbo.Document{Number: req.Document.Number, Issuer: req.Document.Issuer}
	if req.Document.Date != "" {
		if in.Document.Date, err = vn.ParseDay(req.Document.Date); err != nil {
			return in, canbo.FieldError("document.date", "document.date %q phải là ngày dạng YYYY-MM-DD.", req.Document.Date)
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

type apiLink struct {
	ID       int64   `json:"id"`
	Relation string  `json:"relation"`
	From     int64   `json:"from_unit"`
	To       int64   `json:"to_unit"`
	Start    *string `json:"valid_from"`
	End      *string `json:"valid_to"`
	Other    apiUnit `json:"other"`
}

func (s *Server) apiUnitLinks(w http.ResponseWriter, r *http.Request) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	links, err := s.Org.UnitLinks(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := make([]apiLink, len(links))
	for i, l := range links {
		items[i] = apiLink{ID: l.ID, Relation: l.Relation, From: l.From, To: l.To, Start: dateOrNull(l.Start), End: dateOrNull(l.End), Other: toAPIUnit(l.Other)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiCreateLink(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req struct {
		To       int64  `json:"to_unit"`
		Relation string `json:"relation"`
		From     string `json:"valid_from"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	start, err := vn.ParseDay(req.From)
	if err != nil {
		s.error(w, r, canbo.FieldError("valid_from", "valid_from %q phải là ngày dạng YYYY-MM-DD.", req.From))
		return
	}
	if req.Relation == "" {
		req.Relation = canbo.RelationBelongsTo
	}
	l := &canbo.UnitLink{From: id, To: req.To, Relation: req.Relation, Start: start}
	if err := s.Org.LinkUnits(r.Context(), l); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": l.ID, "from_unit": l.From, "to_unit": l.To, "relation": l.Relation, "valid_from": isoDay(l.Start)})
}
