package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// eventForm is the restructuring form as typed. Units are referred to by official code or by
// "#id", the way officers cite them; they are resolved on the day before the event (the day
// the sources still exist) and parents on the event's day.
type eventForm struct {
	Kind      canbo.EventKind
	Hierarchy canbo.Hierarchy
	Date      string
	DocNumber string
	DocDate   string
	Issuer    string
	Note      string
	Unit      string // subject of rename, change_kind, move, dissolve
	Name      string
	Code      string
	UnitKind  string
	Parent    string
	Sources   string // merge/split: one per line, "một phần" marks a partial source
	Target    string // merge: existing target
	Targets   string // split: "Name | code" per line
}

func readEventForm(r *http.Request) eventForm {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return eventForm{Kind: canbo.EventKind(f("kind")), Hierarchy: canbo.Hierarchy(f("h")), Date: f("date"),
		DocNumber: f("doc_number"), DocDate: f("doc_date"), Issuer: f("doc_issuer"), Note: f("note"),
		Unit: f("unit"), Name: f("name"), Code: f("code"), UnitKind: f("unit_kind"), Parent: f("parent"),
		Sources: r.PostFormValue("sources"), Target: f("target"), Targets: r.PostFormValue("targets")}
}

// resolve finds the unit a reference names on a day: "#123" is an id, anything else an
// official code in the form's hierarchy.
func (s *Server) resolve(r *http.Request, field, ref string, h canbo.Hierarchy, on time.Time) (int64, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return 0, canbo.FieldError(field, "Chưa nhập đơn vị.")
	}
	if strings.HasPrefix(ref, "#") {
		id, err := strconv.ParseInt(ref[1:], 10, 64)
		if err != nil || id <= 0 {
			return 0, canbo.FieldError(field, "%q không phải số hiệu đơn vị hợp lệ.", ref)
		}
		if _, err := s.Org.FindUnit(r.Context(), id, on); err != nil {
			return 0, canbo.FieldError(field, "Không có đơn vị %s vào ngày %s.", ref, fmtDay(on))
		}
		return id, nil
	}
	units, _, err := s.Org.FindUnits(r.Context(), canbo.UnitFilter{Hierarchy: h, Code: ref, AsOf: on, Limit: 2})
	if err != nil {
		return 0, err
	}
	if len(units) != 1 {
		return 0, canbo.FieldError(field, "Không có đơn vị mang mã %q vào ngày %s.", ref, fmtDay(on))
	}
	return units[0].ID, nil
}

// input turns the typed form into an event request.
func (s *Server) input(r *http.Request, f eventForm) (canbo.EventInput, error) {
	in := canbo.EventInput{Kind: f.Kind, Note: f.Note, Document: canbo.Document{Number: f.DocNumber, Issuer: f.Issuer}}
	if !f.Hierarchy.Valid() {
		return in, canbo.FieldError("h", "Chưa chọn hệ thống.")
	}
	var err error
	if in.Date, err = vn.ParseDay(f.Date); err != nil {
		return in, canbo.FieldError("date", "Ngày hiệu lực %q không hợp lệ (dd/mm/yyyy).", f.Date)
	}
	if f.DocDate != "" {
		if in.Document.Date, err = vn.ParseDay(f.DocDate); err != nil {
			return in, canbo.FieldError("doc_date", "Ngày ban hành %q không hợp lệ (dd/mm/yyyy).", f.DocDate)
		}
	}
	before := dayBefore(in.Date)
	newUnit := func() (*canbo.NewUnit, error) {
		parent := int64(0)
		if f.Parent != "" {
			if parent, err = s.resolve(r, "parent", f.Parent, f.Hierarchy, in.Date); err != nil {
				return nil, err
			}
		}
		return &canbo.NewUnit{Hierarchy: f.Hierarchy, Name: f.Name, Code: f.Code, Kind: f.UnitKind, ParentID: parent}, nil
	}
	switch f.Kind {
	case canbo.EventCreate:
		in.New, err = newUnit()
	case canbo.EventRename, canbo.EventChangeKind, canbo.EventMove, canbo.EventDissolve:
		if in.UnitID, err = s.resolve(r, "unit", f.Unit, f.Hierarchy, before); err != nil {
			return in, err
		}
		in.Name, in.UnitKind = f.Name, f.UnitKind
		if f.Code != "" {
			in.Code = &f.Code
		}
		if f.Kind == canbo.EventMove {
			in.ParentID, err = s.resolve(r, "parent", f.Parent, f.Hierarchy, in.Date)
		}
	case canbo.EventMerge, canbo.EventSplit:
		if in.Sources, err = s.sources(r, f, before); err != nil {
			return in, err
		}
		if f.Kind == canbo.EventMerge {
			if f.Target != "" {
				id, err := s.resolve(r, "target", f.Target, f.Hierarchy, before)
				if err != nil {
					return in, err
				}
				in.Targets = []canbo.Target{{UnitID: id}}
			} else {
				nu, err := newUnit()
				if err != nil {
					return in, err
				}
				in.Targets = []canbo.Target{{New: nu}}
			}
			break
		}
		parent := int64(0)
		if f.Parent != "" {
			if parent, err = s.resolve(r, "parent", f.Parent, f.Hierarchy, in.Date); err != nil {
				return in, err
			}
		}
		for _, line := range nonEmptyLines(f.Targets) {
			name, code, _ := strings.Cut(line, "|")
			in.Targets = append(in.Targets, canbo.Target{New: &canbo.NewUnit{Hierarchy: f.Hierarchy,
				Name: strings.TrimSpace(name), Code: strings.TrimSpace(code), Kind: f.UnitKind, ParentID: parent}})
		}
	default:
		return in, canbo.FieldError("kind", "Chưa chọn loại sự kiện.")
	}
	if err == nil {
		in.Placements, err = s.formPlacements(r, f, in)
	}
	if err == nil {
		in.Quotas, err = formQuotas(r, in)
	}
	return in, err
}

func (s *Server) sources(r *http.Request, f eventForm, before time.Time) ([]canbo.Source, error) {
	var out []canbo.Source
	for _, line := range nonEmptyLines(f.Sources) {
		folded := vn.Fold(line)
		partial := strings.Contains(folded, "mot phan") || strings.Contains(folded, "part")
		ref := strings.Fields(line)[0]
		id, err := s.resolve(r, "sources", ref, f.Hierarchy, before)
		if err != nil {
			return nil, err
		}
		out = append(out, canbo.Source{UnitID: id, Partial: partial})
	}
	if len(out) == 0 {
		return nil, canbo.FieldError("sources", "Chưa nhập đơn vị nào.")
	}
	return out, nil
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (s *Server) eventFormPage(w http.ResponseWriter, r *http.Request, status int, f eventForm, err error) {
	kinds, kerr := s.Org.Kinds(r.Context())
	if kerr != nil {
		s.error(w, r, kerr)
		return
	}
	var hk []canbo.Kind
	for _, k := range kinds {
		if k.Hierarchy == f.Hierarchy {
			hk = append(hk, k)
		}
	}
	data := map[string]any{"Form": f, "Kinds": hk, "EventKinds": canbo.EventKinds, "Hierarchies": canbo.Hierarchies}
	if err != nil {
		data["Error"], data["Field"] = canbo.LocalMessage(lang(r), err), canbo.ErrorField(err)
	}
	p := page{Title: translate(lang(r), "unit.record"), Section: "org", Data: data}
	if d, err := vn.ParseDay(f.Date); err == nil {
		p.AsOf = d // keep the header's date on the event's day, also when the form comes back with an error
	}
	s.render(w, r, status, "event", p)
}

// eventForm shows the form for one kind of event, prefilled from the unit page's link.
func (s *Server) eventForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := eventForm{Kind: canbo.EventKind(q.Get("kind")), Hierarchy: canbo.Hierarchy(q.Get("h")), Unit: q.Get("unit"), Date: q.Get("as_of")}
	if f.Kind == "" {
		f.Kind = canbo.EventMerge
	}
	if !f.Hierarchy.Valid() {
		f.Hierarchy = canbo.Territory
	}
	if f.Kind == canbo.EventMerge || f.Kind == canbo.EventSplit {
		f.Sources, f.Unit = f.Unit, ""
	}
	if f.Date != "" {
		if t, err := vn.ParseDay(f.Date); err == nil {
			f.Date = fmtDay(t)
		}
	}
	s.eventFormPage(w, r, http.StatusOK, f, nil)
}

func (s *Server) eventPreview(w http.ResponseWriter, r *http.Request) {
	f := readEventForm(r)
	in, err := s.input(r, f)
	if err == nil {
		var after map[int64][]*canbo.Unit
		after, err = s.Org.PreviewEvent(r.Context(), in)
		if err == nil {
			var groups []map[string]any
			for parent, units := range after {
				name := hierarchyName(lang(r), f.Hierarchy)
				if parent != 0 {
					if p, err := s.Org.FindUnit(r.Context(), parent, in.Date); err == nil {
						name = p.Name
					}
				}
				groups = append(groups, map[string]any{"Parent": name, "Units": units})
			}
			data := map[string]any{"Groups": groups, "Date": fmtDay(in.Date), "Lang": lang(r)}
			s.carryPreview(r, f, in, data)
			s.renderFragment(w, http.StatusOK, "preview", data)
			return
		}
	}
	data := map[string]any{"Message": canbo.LocalMessage(lang(r), err), "Field": canbo.ErrorField(err), "Lang": lang(r)}
	if in.Kind == canbo.EventDissolve || in.Kind == canbo.EventSplit {
		s.carryPreview(r, f, in, data)
	}
	s.renderFragment(w, http.StatusOK, "error-fragment", data)
}

func (s *Server) eventCreate(w http.ResponseWriter, r *http.Request) {
	f := readEventForm(r)
	in, err := s.input(r, f)
	var ev *canbo.Event
	if err == nil {
		ev, err = s.Org.RecordEvent(r.Context(), in)
	}
	if err != nil {
		if code := canbo.ErrorCode(err); code == canbo.EINVALID || code == canbo.ECONFLICT {
			s.eventFormPage(w, r, http.StatusUnprocessableEntity, f, err)
			return
		}
		s.error(w, r, err)
		return
	}
	// Show the unit the event is about, on the event's date.
	show := ev.Links[0].UnitID
	for _, l := range ev.Links {
		if l.Role == canbo.RoleSuccessor || l.Role == canbo.RoleSubject {
			show = l.UnitID
		}
	}
	http.Redirect(w, r, "/org/units/"+strconv.FormatInt(show, 10)+"?as_of="+isoDay(ev.Date)+"&saved=1", http.StatusSeeOther)
}
