package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"canbo"
)

// secondmentsView is the secondments page: the incoming and outgoing people by unit on a day
// (a chart and its table), the cohorts, and the form recording a decision.
type secondmentsView struct {
	Flows   []canbo.SecondmentFlow
	Bars    []secondmentBar
	Cohorts []*canbo.Cohort
	Form    url.Values
	Error   string
	Field   string
}

// secondmentBar is a bar of the chart: a unit's incoming (odd bars outgoing) people.
type secondmentBar struct {
	bar
	Outgoing bool
}

// secondmentChartMax bounds the units the chart draws (the table lists them all).
const secondmentChartMax = 12

func (s *Server) secondmentsPage(w http.ResponseWriter, r *http.Request) {
	s.secondmentsRender(w, r, http.StatusOK, url.Values{"purpose": {canbo.SecondmentTraining}}, nil)
}

func (s *Server) secondmentsRender(w http.ResponseWriter, r *http.Request, status int, form url.Values, formErr error) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := secondmentsView{Form: form}
	if formErr != nil {
		v.Error, v.Field = canbo.LocalMessage(lang(r), formErr), canbo.ErrorField(formErr)
	}
	if v.Flows, err = s.Secondments.SecondmentFlows(r.Context(), on); err == nil {
		v.Cohorts, err = s.Secondments.Cohorts(r.Context())
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	var labels []string
	var values []int
	for i, f := range v.Flows {
		if i == secondmentChartMax {
			break
		}
		labels, values = append(labels, f.Name, ""), append(values, f.Incoming, f.Outgoing)
	}
	for i, b := range barChart(labels, values, 720, 240) {
		v.Bars = append(v.Bars, secondmentBar{bar: b, Outgoing: i%2 == 1})
	}
	s.unitNameFor(r, form, "to_unit_id", "to_unit")
	s.unitNameFor(r, form, "from_unit_id", "from_unit")
	s.render(w, r, status, "secondments", page{Title: translate(lang(r), "nav.secondments"), Section: "secondments", AsOf: on, Data: v})
}

// secondmentCreate records the form's decision and opens the cohort (or the one secondment).
func (s *Server) secondmentCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("", "err.web.regulations.form"))
		return
	}
	req, err := s.secondmentRequest(r)
	var out *canbo.SecondmentCreated
	if err == nil {
		out, err = s.Secondments.CreateSecondments(r.Context(), req)
	}
	if err != nil {
		s.secondmentsRender(w, r, statusOf[canbo.ErrorCode(err)], r.PostForm, err)
		return
	}
	if out.CohortID != 0 {
		http.Redirect(w, r, "/secondments/cohorts/"+strconv.FormatInt(out.CohortID, 10), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/secondments/"+strconv.FormatInt(out.ID, 10), http.StatusSeeOther)
}

// cohortView is a cohort's page: each person's sending unit, mentor, tasks, assessments and
// outcome, with the host's forms.
type cohortView struct {
	C        *canbo.Cohort
	Single   bool // one person's secondment, shown as a cohort of one
	Export   template.URL
	Saved    bool
	Error    string
	Field    string
	ErrorFor int64 // the secondment whose form failed
	Ratings  []string
	Today    string
}

func (s *Server) cohortPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.pathCohort(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.cohortRender(w, r, http.StatusOK, c, false, 0, nil)
}

// secondmentPage shows one secondment: within its cohort when it has one.
func (s *Server) secondmentPage(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	sec, err := s.Secondments.Secondment(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if sec.CohortID != 0 {
		http.Redirect(w, r, "/secondments/cohorts/"+strconv.FormatInt(sec.CohortID, 10)+"#s"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	s.cohortRender(w, r, http.StatusOK, oneCohort(sec), true, 0, nil)
}

func oneCohort(sec *canbo.Secondment) *canbo.Cohort {
	return &canbo.Cohort{ToUnitID: sec.ToUnitID, ToUnitName: sec.Host(), Purpose: sec.Purpose, From: sec.From, To: sec.To,
		Document: sec.Document, Secondments: []*canbo.Secondment{sec}}
}

func (s *Server) cohortRender(w http.ResponseWriter, r *http.Request, status int, c *canbo.Cohort, single bool, failed int64, formErr error) {
	v := cohortView{C: c, Single: single, Saved: r.URL.Query().Get("saved") != "", ErrorFor: failed, Ratings: canbo.EvaluationCodes,
		Today: isoDay(s.Now())}
	if !single {
		v.Export = template.URL("/secondments/cohorts/" + strconv.FormatInt(c.ID, 10) + "/export.xlsx")
	}
	if formErr != nil {
		v.Error, v.Field = canbo.LocalMessage(lang(r), formErr), canbo.ErrorField(formErr)
	}
	title := translate(lang(r), "sec.cohort")
	if c.Title != "" {
		title = c.Title
	}
	s.render(w, r, status, "secondment_cohort", page{Title: title, Section: "secondments", Data: v})
}

// secondmentForm answers the host's forms (mentor, task, assessment) and the end: back to the
// page with the change saved, or the page again with the form's error.
func (s *Server) secondmentForm(change string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := idParam(r.PathValue("id"))
		if err != nil {
			s.error(w, r, err)
			return
		}
		if err := r.ParseForm(); err != nil {
			s.error(w, r, canbo.Invalid("", "err.web.regulations.form"))
			return
		}
		switch change {
		case "mentor":
			var mentor int64
			if err = s.pickPeople(r, "mentor_id", false); err == nil {
				mentor, err = optionalID("mentor_id", r.PostForm.Get("mentor_id"))
			}
			if err == nil {
				err = s.Secondments.SetMentor(r.Context(), id, mentor)
			}
		case "notes":
			err = s.Secondments.AddSecondmentNote(r.Context(), id, secondmentNote(r))
		case "end":
			err = s.Secondments.EndSecondment(r.Context(), id, secondmentEnd(r))
		}
		sec, readErr := s.Secondments.Secondment(r.Context(), id)
		if readErr != nil {
			s.error(w, r, readErr)
			return
		}
		if err == nil {
			back := "/secondments/" + strconv.FormatInt(id, 10) + "?saved=1"
			if sec.CohortID != 0 {
				back = "/secondments/cohorts/" + strconv.FormatInt(sec.CohortID, 10) + "?saved=1#s" + strconv.FormatInt(id, 10)
			}
			http.Redirect(w, r, back, http.StatusSeeOther)
			return
		}
		status := statusOf[canbo.ErrorCode(err)]
		if sec.CohortID == 0 {
			s.cohortRender(w, r, status, oneCohort(sec), true, id, err)
			return
		}
		c, cerr := s.Secondments.Cohort(r.Context(), sec.CohortID)
		if cerr != nil {
			s.error(w, r, cerr)
			return
		}
		s.cohortRender(w, r, status, c, false, id, err)
	}
}

// unitSecondmentsView lists a unit's people seconded in ("biệt phái đến") and out ("biệt phái
// đi") on a day.
type unitSecondmentsView struct {
	Unit *canbo.Unit
	S    *canbo.UnitSecondments
	On   time.Time
}

func (s *Server) unitSecondmentsPage(w http.ResponseWriter, r *http.Request) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	us, err := s.Secondments.UnitSecondments(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	u, err := s.Org.FindUnitEver(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "secondments_unit", page{Title: u.Name, Section: "secondments", AsOf: on,
		Data: unitSecondmentsView{Unit: u, S: us, On: on}})
}
