package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"canbo"
)

// cleaningPageSize is the number of findings on one page of the report.
const cleaningPageSize = 50

// cleaningPage is the data-cleaning report ("Rà soát dữ liệu"): a unit picker, one tab per kind
// of finding with its count, and the findings of the tab with both records side by side.
func (s *Server) cleaningPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.cleaningFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(f.Kinds) == 0 {
		f.Kinds = []canbo.FindingKind{canbo.FindingDuplicate}
	}
	f.Kinds, f.Limit = f.Kinds[:1], cleaningPageSize
	rep, err := s.Cleaning.Findings(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	units, under, err := s.cleaningUnits(r, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	link := func(kind canbo.FindingKind, offset int) string {
		v := url.Values{"kind": {string(kind)}, "as_of": {isoDay(f.AsOf)}}
		if f.Under != 0 {
			v.Set("under", strconv.FormatInt(f.Under, 10))
		}
		if offset > 0 {
			v.Set("offset", strconv.Itoa(offset))
		}
		return v.Encode()
	}
	var tabs []map[string]any
	for _, k := range rep.Kinds {
		tabs = append(tabs, map[string]any{"Kind": k, "Count": rep.Counts[k], "Link": "/cleaning?" + link(k, 0), "Current": k == f.Kinds[0]})
	}
	data := map[string]any{"Report": rep, "Kind": f.Kinds[0], "Tabs": tabs, "Units": units, "Under": under, "UnderID": f.Under,
		"From": f.Offset + 1, "To": f.Offset + len(rep.Findings), "AsOfISO": isoDay(f.AsOf),
		"Export":   "/cleaning.csv?" + link(f.Kinds[0], 0),
		"Identity": canbo.UserFromContext(r.Context()).Can(canbo.GrantIdentity)}
	if f.Offset > 0 {
		data["Prev"] = "/cleaning?" + link(f.Kinds[0], max(0, f.Offset-cleaningPageSize))
	}
	if next := f.Offset + len(rep.Findings); next < rep.Total {
		data["Next"] = "/cleaning?" + link(f.Kinds[0], next)
	}
	s.render(w, r, http.StatusOK, "cleaning", page{Title: translate(lang(r), "cleaning"), Section: "cleaning", AsOf: f.AsOf, Data: data})
}

// cleaningUnits lists the units the picker offers: the caller's top units, the unit shown and
// its children, all through the scoped unit queries (a unit out of scope is not offered).
func (s *Server) cleaningUnits(r *http.Request, f canbo.CleaningFilter) ([]*canbo.Unit, *canbo.Unit, error) {
	ctx := r.Context()
	var units []*canbo.Unit
	add := func(us ...*canbo.Unit) {
		for _, u := range us {
			if !slices.ContainsFunc(units, func(x *canbo.Unit) bool { return x.ID == u.ID }) {
				units = append(units, u)
			}
		}
	}
	if sc := canbo.ScopeFromContext(ctx); sc.All {
		roots, _, err := s.Org.FindUnits(ctx, canbo.UnitFilter{AsOf: f.AsOf, Roots: true})
		if err != nil {
			return nil, nil, err
		}
		add(roots...)
	} else {
		for _, id := range sc.Roots {
			u, err := s.Org.FindUnit(ctx, id, f.AsOf)
			if canbo.ErrorCode(err) == canbo.ENOTFOUND {
				continue // a scope unit that did not exist that day
			} else if err != nil {
				return nil, nil, err
			}
			add(u)
		}
	}
	var under *canbo.Unit
	if f.Under != 0 {
		u, err := s.Org.FindUnit(ctx, f.Under, f.AsOf)
		if err != nil {
			return nil, nil, err
		}
		under = u
		add(u)
		children, _, err := s.Org.FindUnits(ctx, canbo.UnitFilter{AsOf: f.AsOf, Parent: f.Under})
		if err != nil {
			return nil, nil, err
		}
		add(children...)
	}
	return units, under, nil
}
