package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"canbo"
)

// StaffingStore is what the staffing pages need from the store.
type StaffingStore interface {
	canbo.StaffingService
}

// staffingChartMax is how many child units the chart draws: past a screenful of pairs the bars
// are too thin to read; the table lists them all.
const staffingChartMax = 24

// staffingBar is a bar of the quota-against-filled chart: bars alternate quota and filled for
// each child unit, laid out by the one bar chart helper (barChart) so both share a scale.
type staffingBar struct {
	bar
	Filled bool
	Over   bool
}

// staffingRow is a child unit's line of the table, with its drill-down links.
type staffingRow struct {
	canbo.StaffingChild
	Link   template.URL // the child's own staffing page
	People template.URL // the people list of the child's subtree on the day
}

// staffingFlagRow is a flag with the link to its unit's people.
type staffingFlagRow struct {
	canbo.StaffingFlag
	People template.URL
}

// staffingView is the staffing page's data.
type staffingView struct {
	S         *canbo.Staffing
	Rows      []staffingRow
	Flags     []staffingFlagRow
	MoreFlags int
	Bars      []staffingBar
	// Types is the chart of quota against filled by staff type, each bar a link to the people
	// of that staff type in the subtree.
	Types      barPanel
	People     template.URL
	Export     template.URL
	StaffTypes []canbo.StaffType
	Categories []canbo.PositionCategory
	Err        *formError
	Saved      bool
}

// staffingFlagMax bounds the flags the page lists; the API returns them all.
const staffingFlagMax = 200

// staffingPage shows headcount against quota of a unit's subtree on a day, with the editors.
func (s *Server) staffingPage(w http.ResponseWriter, r *http.Request) {
	s.showStaffing(w, r, http.StatusOK, nil)
}

func (s *Server) showStaffing(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	q, err := s.staffingParams(r, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	l := lang(r)
	v := staffingView{StaffTypes: canbo.QuotaStaffTypes, Categories: canbo.PositionCategories, Err: newFormError(formErr),
		Saved: r.URL.Query().Get("saved") == "1"}
	if q.Unit != 0 {
		if v.S, err = s.Staffing.Staffing(r.Context(), q.Unit, q.On); err != nil {
			s.error(w, r, err)
			return
		}
		on := isoDay(q.On)
		v.People = peopleLink(q.Unit, q.On)
		v.Export = template.URL("/staffing.xlsx?" + url.Values{"unit": {strconv.FormatInt(q.Unit, 10)}, "as_of": {on}}.Encode())
		var labels []string
		var values []int
		for _, c := range v.S.Children {
			v.Rows = append(v.Rows, staffingRow{StaffingChild: c, Link: template.URL(staffingLink(c.UnitID, q.On)), People: peopleLink(c.UnitID, q.On)})
			if len(labels) < 2*staffingChartMax {
				labels = append(labels, c.Name, "")
				values = append(values, c.Allotted, c.Filled)
			}
		}
		for i, b := range barChart(labels, values, 720, 240) {
			c := v.S.Children[i/2]
			v.Bars = append(v.Bars, staffingBar{bar: b, Filled: i%2 == 1, Over: i%2 == 1 && c.Over > 0})
		}
		v.Types = staffTypeChart(l, v.S, q.On)
		for i, f := range v.S.Flags {
			if i == staffingFlagMax {
				v.MoreFlags = len(v.S.Flags) - i
				break
			}
			v.Flags = append(v.Flags, staffingFlagRow{StaffingFlag: f, People: peopleLink(f.UnitID, q.On)})
		}
	}
	s.render(w, r, status, "staffing", page{Title: translate(l, "nav.staffing"), Section: "staffing", AsOf: q.On, Data: v})
}

// staffTypeChart draws the subtree's quota against filled per staff type: a pair of bars each,
// both linking to the people of the type in the subtree on the day.
func staffTypeChart(l string, st *canbo.Staffing, on time.Time) barPanel {
	var labels []string
	var values []int
	var links []template.URL
	for _, t := range st.ByStaffType {
		name := translate(l, "staff."+string(t.StaffType))
		link := peopleLink(st.UnitID, on, "staff_type", string(t.StaffType))
		labels = append(labels, name+" · "+translate(l, "staffing.allotted"), name+" · "+translate(l, "staffing.filled"))
		values = append(values, t.Allotted, t.Filled)
		links = append(links, link, link)
	}
	return newBarPanel("staffing-types-chart", translate(l, "staffing.chart_types"), labels, values, links)
}

// staffingSaved sends the officer back to the unit's page, or shows the form's error there.
func (s *Server) staffingSaved(w http.ResponseWriter, r *http.Request, unit int64, err error) {
	if err == nil {
		on, _ := asOfParam(r, s.Now())
		http.Redirect(w, r, staffingLink(unit, on)+"&saved=1", http.StatusSeeOther)
		return
	}
	if code := canbo.ErrorCode(err); code != canbo.EINVALID && code != canbo.ECONFLICT {
		s.error(w, r, err)
		return
	}
	s.showStaffing(w, r, http.StatusUnprocessableEntity, err)
}

// staffingQuotaCreate records a quota from the page's form.
func (s *Server) staffingQuotaCreate(w http.ResponseWriter, r *http.Request) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := canbo.Quota{StaffType: canbo.StaffType(r.FormValue("staff_type")), From: r.FormValue("from"), Document: formDocument(r)}
	q.UnitID, err = s.requiredUnit(r, "unit_id", "unit_id", "unit_text", []canbo.Hierarchy{canbo.State, canbo.Party}, on)
	if err == nil {
		q.Count, err = formInt("count", r.FormValue("count"))
	}
	if err == nil {
		err = s.Staffing.AddQuota(r.Context(), &q)
	}
	s.staffingSaved(w, r, q.UnitID, err)
}

// staffingPositionCreate records a job position from the page's form.
func (s *Server) staffingPositionCreate(w http.ResponseWriter, r *http.Request) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := canbo.Position{Name: r.FormValue("name"), Category: canbo.PositionCategory(r.FormValue("category")), Grade: r.FormValue("grade"),
		StaffType: canbo.StaffType(r.FormValue("staff_type")), Description: r.FormValue("description"), Competency: r.FormValue("competency"),
		From: r.FormValue("from"), To: r.FormValue("to"), Document: formDocument(r)}
	p.UnitID, err = s.requiredUnit(r, "unit_id", "unit_id", "unit_text", []canbo.Hierarchy{canbo.State, canbo.Party}, on)
	if err == nil {
		p.Headcount, err = formInt("headcount", r.FormValue("headcount"))
	}
	if err == nil {
		err = s.Staffing.AddPosition(r.Context(), &p)
	}
	s.staffingSaved(w, r, p.UnitID, err)
}

// staffingTargetSave records a streamlining target of the page's unit, or changes the one
// named by the path.
func (s *Server) staffingTargetSave(w http.ResponseWriter, r *http.Request) {
	t, err := formTarget(r)
	if err == nil && r.PathValue("id") != "" {
		if t.ID, err = idParam(r.PathValue("id")); err == nil {
			err = s.Staffing.UpdateStaffingTarget(r.Context(), &t)
		}
	} else if err == nil {
		err = s.Staffing.AddStaffingTarget(r.Context(), &t)
	}
	s.staffingSaved(w, r, t.UnitID, err)
}

// staffingPositionEnd ends a job position on the day the confirmed form gives.
func (s *Server) staffingPositionEnd(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	unit, err := optionalID("unit", r.URL.Query().Get("unit"))
	if err == nil {
		var p *canbo.Position
		if p, err = s.Staffing.EndPosition(r.Context(), id, r.PostFormValue("to")); err == nil {
			unit = p.UnitID
		}
	}
	s.staffingSaved(w, r, unit, err)
}
