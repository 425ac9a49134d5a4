package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"canbo"
)

// treeData is what the tree fragments render.
type treeData struct {
	Units []*canbo.Unit
	AsOf  string
	Lang  string
}

func (s *Server) orgPage(w http.ResponseWriter, r *http.Request) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	h, err := hierarchyParam(r.URL.Query().Get("h"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if h == "" {
		h = canbo.Party
	}
	roots, err := s.rootsFor(r, h, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "org", page{Title: translate(lang(r), "nav.org"), Section: "org", AsOf: on,
		Data: map[string]any{"Hierarchy": h, "Hierarchies": canbo.Hierarchies,
			"Tree": treeData{Units: roots, AsOf: isoDay(on), Lang: lang(r)}}})
}

// rootsFor returns the top of a hierarchy as the caller sees it: the roots for an
// administrator, the caller's own scope units for everyone else.
func (s *Server) rootsFor(r *http.Request, h canbo.Hierarchy, on time.Time) ([]*canbo.Unit, error) {
	ctx := r.Context()
	if canbo.ScopeFromContext(ctx).All {
		units, _, err := s.Org.FindUnits(ctx, canbo.UnitFilter{Hierarchy: h, AsOf: on, Roots: true})
		return units, err
	}
	var out []*canbo.Unit
	for _, id := range canbo.UserFromContext(ctx).Scope {
		u, err := s.Org.FindUnit(ctx, id, on)
		if canbo.ErrorCode(err) == canbo.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		if u.Hierarchy == h {
			out = append(out, u)
		}
	}
	return out, nil
}

func (s *Server) orgTree(w http.ResponseWriter, r *http.Request) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	parent, err := idParam(r.URL.Query().Get("parent"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if _, err := s.Org.FindUnit(r.Context(), parent, on); err != nil {
		s.error(w, r, err)
		return
	}
	units, _, err := s.Org.FindUnits(r.Context(), canbo.UnitFilter{Parent: parent, AsOf: on})
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderFragment(w, http.StatusOK, "tree-nodes", treeData{Units: units, AsOf: isoDay(on), Lang: lang(r)})
}

func (s *Server) orgSearch(w http.ResponseWriter, r *http.Request) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	h, err := hierarchyParam(r.URL.Query().Get("h"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	q, err := searchParam(r.URL.Query(), "q")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var units []*canbo.Unit
	total := 0
	if len([]rune(q)) >= 2 {
		units, total, err = s.Org.FindUnits(r.Context(), canbo.UnitFilter{Hierarchy: h, AsOf: on, Q: q, Limit: 50})
		if err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.renderFragment(w, http.StatusOK, "search-results", map[string]any{"Units": units, "Total": total, "Q": q,
		"AsOf": isoDay(on), "Lang": lang(r)})
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	u, err := s.Org.FindUnitEver(ctx, id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// A unit that did not exist on the day asked is shown as of its nearest day of existence.
	shown, exists := on, true
	switch {
	case on.Before(u.ValidFrom):
		shown, exists = u.ValidFrom, false
	case !on.Before(u.ValidTo):
		shown, exists = dayBefore(u.ValidTo), false
	}
	children, _, err := s.Org.FindUnits(ctx, canbo.UnitFilter{Parent: id, AsOf: shown})
	if err != nil {
		s.error(w, r, err)
		return
	}
	var parent *canbo.Unit
	if u.ParentID != 0 {
		parent, err = s.Org.FindUnit(ctx, u.ParentID, shown)
		if err != nil && canbo.ErrorCode(err) != canbo.ENOTFOUND {
			s.error(w, r, err)
			return
		}
	}
	history, err := s.Org.UnitHistory(ctx, id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	slices.Reverse(history) // newest first, as a timeline reads
	versions, err := s.Org.UnitVersions(ctx, id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	links, err := s.Org.UnitLinks(ctx, id, shown)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var named []int64
	for _, ev := range history {
		for _, l := range ev.Links {
			named = append(named, l.UnitID)
		}
	}
	for _, l := range links {
		named = append(named, l.Other.ID)
	}
	open, err := s.openUnits(ctx, on, named...)
	if err != nil {
		s.error(w, r, err)
		return
	}
	kinds, err := s.Org.Kinds(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	kindNames := make(map[string]string, len(kinds))
	for _, k := range kinds {
		kindNames[k.Code] = k.Name
	}
	staff, err := s.unitStaff(r, u, shown, exists)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "unit", page{Title: u.Name, Section: "org", AsOf: on, Data: unitData{
		Staff: staff,
		Unit:  u, Parent: parent, Children: children, History: history, Versions: versions,
		Exists: exists, Shown: shown, Links: links, KindNames: kindNames, EventKinds: canbo.EventKinds,
		Open: open, Tree: treeData{Units: children, AsOf: isoDay(shown), Lang: lang(r)},
	}})
}

// unitData is the unit page's view data. Shown is the day the unit is shown as of: the day
// asked, or its nearest day of existence when it did not exist then (Exists false).
type unitData struct {
	Staff        []unitStaffGroup
	Unit, Parent *canbo.Unit
	Children     []*canbo.Unit
	History      []*canbo.Event
	Versions     []canbo.UnitVersion
	Exists       bool
	Shown        time.Time
	Links        []*canbo.UnitLink
	KindNames    map[string]string
	EventKinds   []canbo.EventKind
	Open         map[int64]bool
	Tree         treeData
}

// unitStaffRows is how many people the unit page lists of each group; "see all" opens the list.
const unitStaffRows = 20

// unitStaffGroup is a group of the people of a unit's subtree on its page, with its headcount.
type unitStaffGroup struct {
	Label  string // message key
	People []*canbo.Person
	Total  int          // exact, or PeopleCountCap+1 for "more than"
	Query  template.URL // the people list showing the whole group (a template.URL: after "?" a string is escaped whole)
}

// unitStaff lists the people of a party or state unit's subtree on the day shown — all of them
// and the party members — as the people list would (the caller's scope applies). Territory
// units hold no posts, and a unit not existing that day has nobody.
func (s *Server) unitStaff(r *http.Request, u *canbo.Unit, on time.Time, exists bool) ([]unitStaffGroup, error) {
	if u.Hierarchy == canbo.Territory || !exists || s.People == nil {
		return nil, nil
	}
	member := true
	groups := []unitStaffGroup{{Label: "unit.people"}, {Label: "unit.members"}}
	for i := range groups {
		f := canbo.PersonFilter{Under: u.ID, AsOf: on, Limit: unitStaffRows}
		q := url.Values{"under": {strconv.FormatInt(u.ID, 10)}, "as_of": {isoDay(on)}}
		if i == 1 {
			f.Party = &member
			q.Set("party", "true")
		}
		people, total, _, err := s.People.FindPeople(r.Context(), f)
		if err != nil {
			return nil, err
		}
		groups[i].People, groups[i].Total, groups[i].Query = people, total, template.URL(q.Encode())
	}
	return groups, nil
}
