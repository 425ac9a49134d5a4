package web

import (
	"fmt"
	"net/http"
	"strconv"

	"canbo"
	"canbo/vn"
)

// personFilter reads the people list's query (UI and API alike).
func (s *Server) personFilter(r *http.Request) (canbo.PersonFilter, error) {
	q := r.URL.Query()
	on, err := asOfParam(r, s.Now())
	if err != nil {
		return canbo.PersonFilter{}, err
	}
	f := canbo.PersonFilter{AsOf: on, StaffType: canbo.StaffType(q.Get("staff_type")), Sex: canbo.Sex(q.Get("sex")), Cursor: q.Get("cursor")}
	if f.Q, err = searchParam(q, "q"); err != nil {
		return f, err
	}
	if f.Under, err = optionalID("under", q.Get("under")); err != nil {
		return f, err
	}
	if f.StaffType != "" && !validStaffType(f.StaffType) {
		return f, canbo.Invalid("staff_type", "err.web.people_params.staff_type", f.StaffType)
	}
	if f.Sex != "" && f.Sex != canbo.Male && f.Sex != canbo.Female {
		return f, canbo.Invalid("sex", "err.web.people_params.sex")
	}
	switch q.Get("party") {
	case "":
	case "true", "1":
		t := true
		f.Party = &t
	case "false", "0":
		t := false
		f.Party = &t
	default:
		return f, canbo.Invalid("party", "err.web.people_params.party")
	}
	if err := readListFilters(q, &f); err != nil {
		return f, err
	}
	if q.Get("post_unit_q") != "" { // typed in the unit picker: the name shown decides
		if f.PostUnit, err = s.pickedUnit(r, "post_unit", "post_unit", "post_unit_q", postHierarchies, on); err != nil {
			return f, err
		}
	}
	f.Status = q.Get("status") // checked by the store, which knows the statuses
	switch q.Get("exact") {
	case "":
	case "true", "1":
		f.ExactCount = true
	default:
		return f, canbo.Invalid("exact", "err.web.people_params.exact")
	}
	for _, b := range []struct {
		name string
		dst  *string
		add  int
	}{{"born_from", &f.BornFrom, 0}, {"born_to", &f.BornTo, 1}} {
		if v := q.Get(b.name); v != "" {
			y, err := strconv.Atoi(v)
			if err != nil || y < 1900 || y > 2200 {
				return f, canbo.Invalid(b.name, "err.web.people_params.born", b.name)
			}
			*b.dst = fmt.Sprintf("%04d-01-01", y+b.add)
		}
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 {
			return f, canbo.Invalid("limit", "err.web.params.limit_positive")
		}
	}
	if f.Under != 0 {
		if _, err := s.Org.FindUnit(r.Context(), f.Under, on); err != nil {
			return f, err
		}
	}
	if f.PostUnit != 0 {
		if _, err := s.Org.FindUnit(r.Context(), f.PostUnit, on); err != nil {
			return f, canbo.Invalid("post_unit", "err.web.people_params.post_unit", f.PostUnit, vn.FormatDay(on))
		}
	}
	if err := ageBand(q.Get("age"), on, &f); err != nil {
		return f, err
	}
	return f, nil
}

func validStaffType(t canbo.StaffType) bool {
	for _, s := range canbo.StaffTypes {
		if s == t {
			return true
		}
	}
	return false
}
