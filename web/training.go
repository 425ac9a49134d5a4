package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"canbo"
	"canbo/training"
)

// Training plans, courses and the training gaps of leadership posts (issue 17 item 3): the plan
// page of a unit and year (plan against actual, with its chart), a course's page (enrolment and
// completion) and the gaps page.

// trainingChartMax is how many plan lines the chart draws (three bars each).
const trainingChartMax = 12

// trainingLineRow is a plan line with its words.
type trainingLineRow struct {
	canbo.TrainingLine
	LevelName string
}

// trainingBar is a bar of the plan-against-actual chart: planned, enrolled and completed of
// each line side by side, laid out by barChart so the three share a scale.
type trainingBar struct {
	bar
	Series string // planned, enrolled, completed
}

// trainingCourseRow is a course of the plan with its words.
type trainingCourseRow struct {
	canbo.Course
	LevelName string
}

// trainingPlanView is the plan page's data.
type trainingPlanView struct {
	Filter   trainingFilter
	UnitName string
	Plan     *canbo.TrainingPlan
	Lines    []trainingLineRow
	Courses  []trainingCourseRow
	Bars     []trainingBar
	Kinds    []string
	Modes    []string
	Export   template.URL
	Gaps     template.URL
	Err      *formError
	Saved    bool
	// Plans are the plans of the caller's scope, newest first, listed while no unit is chosen.
	Plans []trainingPlanRow
}

// trainingPlanRow is a plan of the list with the link that opens it.
type trainingPlanRow struct {
	canbo.TrainingPlanSummary
	Link template.URL
}

// trainingPlansMax bounds the list of plans: the newest years come first, and a unit's older
// plans are opened by choosing the unit and the year.
const trainingPlansMax = 200

// levelName is a level code's Vietnamese name in the kind's vocab list, or the level as typed.
func levelName(kind, level string) string {
	if l := training.List(kind); l != nil {
		return l.Show(level)
	}
	return level
}

// trainingPage shows a unit's training plan for a year against what was done.
func (s *Server) trainingPage(w http.ResponseWriter, r *http.Request) {
	s.showTraining(w, r, http.StatusOK, nil)
}

func (s *Server) showTraining(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	f, err := s.trainingFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := trainingPlanView{Filter: f, Kinds: canbo.TrainingKinds, Modes: canbo.TrainingModes, Err: newFormError(formErr),
		Saved: r.URL.Query().Get("saved") == "1"}
	if f.UnitID != 0 {
		u, err := s.Org.FindUnit(r.Context(), f.UnitID, s.Now())
		if err != nil {
			s.error(w, r, err)
			return
		}
		v.UnitName = u.Name
		q := url.Values{"unit_id": {strconv.FormatInt(f.UnitID, 10)}, "year": {strconv.Itoa(f.Year)}}
		v.Export = template.URL("/training/plan.xlsx?" + q.Encode())
		v.Gaps = template.URL("/training/gaps?" + url.Values{"unit_id": q["unit_id"]}.Encode())
		v.Plan, err = s.Training.TrainingPlan(r.Context(), f.UnitID, f.Year)
		if err != nil && canbo.ErrorCode(err) != canbo.ENOTFOUND {
			s.error(w, r, err)
			return
		}
	}
	if f.UnitID == 0 {
		plans, err := s.Training.TrainingPlans(r.Context(), trainingPlansMax)
		if err != nil {
			s.error(w, r, err)
			return
		}
		for _, p := range plans {
			v.Plans = append(v.Plans, trainingPlanRow{TrainingPlanSummary: p, Link: template.URL(trainingLink(p.UnitID, p.Year))})
		}
	}
	if v.Plan != nil {
		courses, err := s.Training.Courses(r.Context(), v.Plan.ID)
		if err != nil {
			s.error(w, r, err)
			return
		}
		for _, c := range courses {
			v.Courses = append(v.Courses, trainingCourseRow{Course: c, LevelName: levelName(c.Kind, c.Level)})
		}
		var labels []string
		var values []int
		for _, l := range v.Plan.Lines {
			v.Lines = append(v.Lines, trainingLineRow{TrainingLine: l, LevelName: levelName(l.Kind, l.Level)})
			if len(labels) < 3*trainingChartMax {
				labels = append(labels, "", l.Title, "")
				values = append(values, l.Planned, l.Enrolled, l.Completed)
			}
		}
		for i, b := range barChart(labels, values, 720, 240) {
			v.Bars = append(v.Bars, trainingBar{bar: b, Series: []string{"planned", "enrolled", "completed"}[i%3]})
		}
	}
	s.render(w, r, status, "training", page{Title: translate(lang(r), "nav.training"), Section: "training", Data: v})
}

// trainingSaved sends the officer back to the page, or shows the form's error there.
func (s *Server) trainingSaved(w http.ResponseWriter, r *http.Request, to string, err error, again func(http.ResponseWriter, *http.Request, int, error)) {
	if err == nil {
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	if code := canbo.ErrorCode(err); code != canbo.EINVALID && code != canbo.ECONFLICT {
		s.error(w, r, err)
		return
	}
	again(w, r, http.StatusUnprocessableEntity, err)
}

// trainingLineCreate adds a line to a unit's plan for a year (the plan is made with its first
// line).
func (s *Server) trainingLineCreate(w http.ResponseWriter, r *http.Request) {
	f, err := s.trainingFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	planned, err := formInt("planned", r.PostFormValue("planned"))
	if err == nil {
		err = s.Training.SaveTrainingPlan(r.Context(), &canbo.TrainingPlan{UnitID: f.UnitID, Year: f.Year, Lines: []canbo.TrainingLine{
			{Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"), Level: r.PostFormValue("level"), Planned: planned}}})
	}
	s.trainingSaved(w, r, trainingLink(f.UnitID, f.Year)+"&saved=1", err, s.showTraining)
}

// trainingCourseCreate records a course of a plan line and opens its page.
func (s *Server) trainingCourseCreate(w http.ResponseWriter, r *http.Request) {
	c, err := courseForm(r)
	if err == nil {
		err = s.Training.CreateCourse(r.Context(), c)
	}
	to := ""
	if err == nil {
		to = "/training/courses/" + strconv.FormatInt(c.ID, 10)
	}
	s.trainingSaved(w, r, to, err, s.showTraining)
}

// enrolmentRow is an enrolment with its words.
type enrolmentRow struct {
	canbo.Enrolment
	Before, After string
}

// courseView is a course page's data.
type courseView struct {
	C          *canbo.Course
	LevelName  string
	Enrolments []enrolmentRow
	Plan       template.URL
	Err        *formError
	Form       url.Values // the enrolment form as sent, shown again with its error
	Today      string
}

// trainingCourse shows a course with its enrolment list and the forms to enrol and complete.
func (s *Server) trainingCourse(w http.ResponseWriter, r *http.Request) {
	s.showCourse(w, r, http.StatusOK, nil)
}

func (s *Server) showCourse(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	c, ok := s.askedCourse(w, r)
	if !ok {
		return
	}
	v := courseView{C: c, LevelName: levelName(c.Kind, c.Level), Plan: template.URL(trainingLink(c.UnitID, c.Year)), Err: newFormError(formErr),
		Today: isoDay(s.Now())}
	if formErr != nil {
		v.Form = r.PostForm
	}
	for _, e := range c.Enrolments {
		v.Enrolments = append(v.Enrolments, enrolmentRow{Enrolment: e, Before: levelName(c.Kind, e.LevelBefore), After: levelName(c.Kind, e.LevelAfter)})
	}
	s.render(w, r, status, "training_course", page{Title: c.Title, Section: "training", Data: v})
}

// trainingEnrol enrols the people whose record numbers the form lists, one by one: the first
// refusal stops and is shown (the ones before it stay enrolled, each its own audited change).
func (s *Server) trainingEnrol(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var people []int64
	err = s.pickPeople(r, "person_id", true)
	if err == nil {
		people, err = formInts("person_id", r.PostFormValue("person_id"))
	}
	if err == nil && len(people) == 0 {
		err = canbo.Invalid("person_id", "err.web.training.person")
	}
	for _, p := range people {
		if err != nil {
			break
		}
		_, err = s.Training.Enrol(r.Context(), ids[0], p, r.PostFormValue("on"))
	}
	s.trainingSaved(w, r, "/training/courses/"+strconv.FormatInt(ids[0], 10), err, s.showCourse)
}

// trainingComplete records a person's completion of the course from the enrolment list.
func (s *Server) trainingComplete(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "id", "person")
	if err != nil {
		s.error(w, r, err)
		return
	}
	e, err := completionForm(r)
	if err == nil {
		err = s.Training.CompleteCourse(r.Context(), ids[0], ids[1], e)
	}
	s.trainingSaved(w, r, "/training/courses/"+strconv.FormatInt(ids[0], 10), err, s.showCourse)
}

// trainingGapRow is a gap with its words and links.
type trainingGapRow struct {
	canbo.TrainingGap
	RequiredName string
	RecordedName string
}

// trainingGapsView is the gaps page's data.
type trainingGapsView struct {
	UnitID   int64
	UnitName string
	Gaps     []trainingGapRow
	Export   template.URL
}

// trainingGaps lists who holds or is planned for a leadership post without the training its
// standards require.
func (s *Server) trainingGaps(w http.ResponseWriter, r *http.Request) {
	f, gaps, ok := s.askedTrainingGaps(w, r)
	if !ok {
		return
	}
	v := trainingGapsView{UnitID: f.UnitID, Export: template.URL("/training/gaps.xlsx?" + r.URL.RawQuery)}
	if f.UnitID != 0 {
		if u, err := s.Org.FindUnit(r.Context(), f.UnitID, s.Now()); err == nil {
			v.UnitName = u.Name
		}
	}
	for _, g := range gaps {
		v.Gaps = append(v.Gaps, trainingGapRow{TrainingGap: g, RequiredName: levelName(g.Kind, g.Required), RecordedName: levelName(g.Kind, g.Recorded)})
	}
	s.render(w, r, http.StatusOK, "training_gaps", page{Title: translate(lang(r), "training.gaps"), Section: "training", Data: v})
}
