package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"canbo"
)

// Requests of the training pages and API (issue 17 item 3): the JSON bodies, and the same fields
// read from a form, turned into the one value the store checks.

type trainingLineRequest struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`
	Title   string `json:"title"`
	Level   string `json:"level"`
	Planned int    `json:"planned"`
}

type trainingPlanRequest struct {
	UnitID int64                 `json:"unit_id"`
	Year   int                   `json:"year"`
	Note   string                `json:"note"`
	Lines  []trainingLineRequest `json:"lines"`
}

func (q trainingPlanRequest) plan() *canbo.TrainingPlan {
	p := &canbo.TrainingPlan{UnitID: q.UnitID, Year: q.Year, Note: q.Note}
	for _, l := range q.Lines {
		p.Lines = append(p.Lines, canbo.TrainingLine{ID: l.ID, Kind: l.Kind, Title: l.Title, Level: l.Level, Planned: l.Planned})
	}
	return p
}

type courseRequest struct {
	LineID   int64  `json:"line_id"`
	Title    string `json:"title"`
	Provider string `json:"provider"`
	From     string `json:"from"`
	To       string `json:"to"`
	Mode     string `json:"mode"`
	Kind     string `json:"kind"`
	Level    string `json:"level"`
}

func (q courseRequest) course() *canbo.Course {
	return &canbo.Course{LineID: q.LineID, Title: q.Title, Provider: q.Provider, From: q.From, To: q.To, Mode: q.Mode, Kind: q.Kind, Level: q.Level}
}

// courseForm reads the course form of the plan page.
func courseForm(r *http.Request) (*canbo.Course, error) {
	line, err := optionalID("line_id", r.PostFormValue("line_id"))
	if err != nil {
		return nil, err
	}
	return courseRequest{LineID: line, Title: r.PostFormValue("title"), Provider: r.PostFormValue("provider"), From: r.PostFormValue("from"),
		To: r.PostFormValue("to"), Mode: r.PostFormValue("mode"), Level: r.PostFormValue("level")}.course(), nil
}

type enrolRequest struct {
	PersonID int64  `json:"person_id"`
	On       string `json:"on"`
}

type completionRequest struct {
	CompletedOn string          `json:"completed_on"`
	Result      string          `json:"result"`
	Certificate json.RawMessage `json:"certificate"`
}

func (q completionRequest) enrolment() (canbo.Enrolment, error) {
	cert, err := document("certificate", q.Certificate)
	return canbo.Enrolment{CompletedOn: q.CompletedOn, Result: q.Result, Certificate: cert}, err
}

// completionForm reads the completion form of a course's enrolment list.
func completionForm(r *http.Request) (canbo.Enrolment, error) {
	cert, err := documentOf("certificate", r.PostFormValue("cert_number"), r.PostFormValue("cert_date"), "")
	return canbo.Enrolment{CompletedOn: r.PostFormValue("completed_on"), Result: r.PostFormValue("result"), Certificate: cert}, err
}

// trainingFilter is the unit and year a plan page, its export and the API are asked for; the
// year defaults to this year.
type trainingFilter struct {
	UnitID int64
	Year   int
}

func (s *Server) trainingFilter(r *http.Request) (trainingFilter, error) {
	q := r.URL.Query()
	f := trainingFilter{Year: s.Now().Year()}
	var err error
	if f.UnitID, err = optionalID("unit_id", q.Get("unit_id")); err != nil {
		return f, err
	}
	if y := strings.TrimSpace(q.Get("year")); y != "" {
		if f.Year, err = strconv.Atoi(y); err != nil {
			return f, canbo.Invalid("year", "err.web.training_params.year", y)
		}
	}
	return f, nil
}

// askedTrainingPlan reads the plan the request asks for (unit_id, year), or answers the error;
// the API and the export read it the same way.
func (s *Server) askedTrainingPlan(w http.ResponseWriter, r *http.Request) (*canbo.TrainingPlan, bool) {
	f, err := s.trainingFilter(r)
	var p *canbo.TrainingPlan
	if err == nil {
		p, err = s.Training.TrainingPlan(r.Context(), f.UnitID, f.Year)
	}
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return p, true
}

// askedTrainingGaps reads the gaps of the subtree the request asks for (unit_id, else the whole
// scope), or answers the error; the page, the API and the export read them the same way.
func (s *Server) askedTrainingGaps(w http.ResponseWriter, r *http.Request) (trainingFilter, []canbo.TrainingGap, bool) {
	f, err := s.trainingFilter(r)
	var gaps []canbo.TrainingGap
	if err == nil {
		gaps, err = s.Training.TrainingGaps(r.Context(), f.UnitID)
	}
	if err != nil {
		s.error(w, r, err)
		return f, nil, false
	}
	return f, gaps, true
}

// askedCourse reads the course of the path's id, or answers the error.
func (s *Server) askedCourse(w http.ResponseWriter, r *http.Request) (*canbo.Course, bool) {
	ids, err := pathIDs(r, "id")
	var c *canbo.Course
	if err == nil {
		c, err = s.Training.Course(r.Context(), ids[0])
	}
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return c, true
}

// trainingLink is the plan page of a unit and year.
func trainingLink(unit int64, year int) string {
	return "/training?unit_id=" + strconv.FormatInt(unit, 10) + "&year=" + strconv.Itoa(year)
}

// pathIDs reads the positive ids of a route's path parameters, each named as its field.
func pathIDs(r *http.Request, names ...string) ([]int64, error) {
	out := make([]int64, len(names))
	for i, n := range names {
		id, err := strconv.ParseInt(r.PathValue(n), 10, 64)
		if err != nil || id <= 0 {
			return nil, canbo.Errork(canbo.ENOTFOUND, "err.web.training_params.id", r.PathValue(n))
		}
		out[i] = id
	}
	return out, nil
}
