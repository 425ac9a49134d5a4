package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"canbo"
)

// peoplePage lists people of a unit's subtree (or the caller's whole scope) as of a date, with
// the search box answering as one types.
func (s *Server) peoplePage(w http.ResponseWriter, r *http.Request) {
	f, err := s.personFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	people, total, next, err := s.People.FindPeople(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var under *canbo.Unit
	if f.Under != 0 {
		under, _ = s.Org.FindUnit(r.Context(), f.Under, f.AsOf)
	}
	u := canbo.UserFromContext(r.Context())
	cols, err := chosenColumns(r.URL.Query(), u)
	if err != nil {
		s.error(w, r, err)
		return
	}
	standings, err := s.standings(r, people, f, cols)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// The export takes the list's filters and columns, from its first row.
	export := withValue(r.URL.Query(), "cursor", "")
	v := peopleView{People: people, Total: total, Filter: f, Under: under, Query: r.URL.Query(), Cols: cols, Standings: standings,
		Export: link("/people/export.xlsx", export), CountCap: canbo.PeopleCountCap,
		StaffTypes: canbo.StaffTypes, AllCols: listColumns, AgeBands: ageBands, EvalCodes: canbo.EvaluationCodes, Statuses: canbo.PersonStatuses,
		CanEval: u.Can(canbo.GrantEvaluation), CanBackground: u.Can(canbo.GrantBackground),
		Lang: lang(r), AsOf: isoDay(f.AsOf), AsOfISO: isoDay(f.AsOf)}
	if !f.ExactCount && total > canbo.PeopleCountCap {
		// The same list, counted in full on demand (the count of a whole city is a scan).
		v.ExactURL = link("/people", withValue(withValue(r.URL.Query(), "cursor", ""), "exact", "1"))
	}
	if len(people) > 0 && total <= maxFormBatch {
		v.Forms2C = link("/people/forms-2c.zip", export)
	}
	if next != "" {
		v.NextURL = link("/people", withValue(r.URL.Query(), "cursor", next))
	}
	if today := isoDay(s.Now()); isoDay(f.AsOf) != today {
		v.ProfileQuery = "?as_of=" + isoDay(f.AsOf) // the profile as this list saw the person
	}
	if isHTMX(r) {
		s.renderFragment(w, http.StatusOK, "people-rows", v)
		return
	}
	s.render(w, r, http.StatusOK, "people", page{Title: translate(lang(r), "nav.people"), Section: "people", AsOf: f.AsOf, Data: v})
}

// peopleView is what the people list shows, the page and its htmx fragment ("people-rows")
// alike: the people of one page, the filter as read, the links built from it, and the lists
// the filter form offers.
type peopleView struct {
	People    []*canbo.Person
	Total     int
	CountCap  int
	Filter    canbo.PersonFilter
	Under     *canbo.Unit // nil: the caller's whole scope
	Query     url.Values
	Cols      []string
	Standings map[int64]canbo.PersonStanding

	Export, ExactURL, Forms2C, NextURL template.URL
	ProfileQuery                       string // appended to profile links when the list is of another day

	StaffTypes []canbo.StaffType
	AllCols    []struct{ Code, Grant string }
	AgeBands   []struct {
		Code     string
		From, To int
	}
	EvalCodes, Statuses    []string
	CanEval, CanBackground bool

	Lang, AsOf, AsOfISO string
}

// personPage shows the full profile: an audited read.
func (s *Server) personPage(w http.ResponseWriter, r *http.Request) {
	s.showPerson(w, r, http.StatusOK, "", nil)
}

// personForm is the profile form as typed.
func readPersonForm(r *http.Request) *canbo.Person {
	f := func(k string) string { return r.PostFormValue(k) }
	v, _ := strconv.ParseInt(f("version"), 10, 64)
	return &canbo.Person{FamilyName: f("family_name"), MiddleName: f("middle_name"), GivenName: f("given_name"),
		OtherNames: f("other_names"), Sex: canbo.Sex(f("sex")), BirthDate: f("birth_date"), BirthPlace: f("birth_place"),
		HomeTown: f("home_town"), Residence: f("residence"), Phone: f("phone"), StaffType: canbo.StaffType(f("staff_type")),
		StaffCode: f("staff_code"), IdentityNumber: f("identity_number"), Ethnicity: f("ethnicity"), Religion: f("religion"),
		Health: f("health"), Version: v, BirthPlaceUnitID: unitRef(f("birth_place_unit_id")), HomeTownUnitID: unitRef(f("home_town_unit_id")), Education: canbo.Education{General: f("edu_general"), Professional: f("edu_professional"),
			Field: f("edu_field"), PoliticalTheory: f("edu_political"), StateManagement: f("edu_state"), Languages: f("edu_languages"), IT: f("edu_it")},
		Form2C: readForm2C(r)}
}

func (s *Server) personFormPage(w http.ResponseWriter, r *http.Request, status int, p *canbo.Person, err error, current *canbo.Person) {
	data := map[string]any{"P": p, "StaffTypes": canbo.StaffTypes, "User": canbo.UserFromContext(r.Context()), "Current": current,
		"Form2C": form2CRows(p.Form2C, canbo.UserFromContext(r.Context())),
		"Unit":   r.PostFormValue("unit"), "UnitID": r.PostFormValue("unit_id"), "Title": r.PostFormValue("title"), "From": r.PostFormValue("from")}
	if err != nil {
		data["Error"], data["Field"] = canbo.LocalMessage(lang(r), err), canbo.ErrorField(err)
	}
	title := translate(lang(r), "person.edit")
	if p.ID == 0 {
		title = translate(lang(r), "person.new")
	}
	s.render(w, r, status, "person_form", page{Title: title, Section: "people", Data: data})
}

func (s *Server) personNew(w http.ResponseWriter, r *http.Request) {
	s.personFormPage(w, r, http.StatusOK, &canbo.Person{Sex: canbo.Male, StaffType: canbo.StaffCivilServant}, nil, nil)
}

func (s *Server) personEdit(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.People.FindPerson(r.Context(), id)
	if err == nil {
		err = s.auditRead(r, "person.read", id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.personFormPage(w, r, http.StatusOK, p, nil, nil)
}

// personSave creates or updates a person. A stale save gets 409 and the form shows the stored
// version beside the one typed, so nothing typed is lost.
func (s *Server) personSave(w http.ResponseWriter, r *http.Request) {
	p := readPersonForm(r)
	var err error
	if id := r.PathValue("id"); id != "" {
		if p.ID, err = idParam(id); err != nil {
			s.error(w, r, err)
			return
		}
		err = s.People.UpdatePerson(r.Context(), p)
	} else {
		var post *canbo.Post
		var uid int64
		if uid, err = s.pickedUnit(r, "unit", "unit_id", "unit", postHierarchies, s.dayOr(r.PostFormValue("from"))); err == nil && uid != 0 {
			post = &canbo.Post{UnitID: uid, Title: r.PostFormValue("title"), From: r.PostFormValue("from"), Primary: true}
		}
		if err == nil {
			err = s.People.CreatePerson(r.Context(), p, post, nil)
		}
	}
	if err != nil {
		switch {
		case canbo.ErrorCode(err) == canbo.ECONFLICT && canbo.ErrorField(err) == "":
			current, ferr := s.People.FindPerson(r.Context(), p.ID)
			if ferr == nil {
				ferr = s.auditRead(r, "person.read", p.ID)
			}
			if ferr != nil {
				s.error(w, r, ferr)
				return
			}
			s.personFormPage(w, r, http.StatusConflict, p, err, current)
		case canbo.ErrorCode(err) == canbo.EINVALID || canbo.ErrorCode(err) == canbo.ECONFLICT:
			s.personFormPage(w, r, http.StatusUnprocessableEntity, p, err, nil)
		default:
			s.error(w, r, err)
		}
		return
	}
	http.Redirect(w, r, "/people/"+strconv.FormatInt(p.ID, 10)+"?saved=1", http.StatusSeeOther)
}

// resolveAny finds a unit by "#id" or code in any hierarchy, today.
func (s *Server) resolveAny(r *http.Request, field, ref string) (int64, error) {
	var err error
	for _, h := range canbo.Hierarchies {
		var id int64
		if id, err = s.resolve(r, field, ref, h, s.Now()); err == nil {
			return id, nil
		}
	}
	return 0, err
}
