package web

import (
	"net/http"

	"canbo"
)

// JSON of the training API (issue 17 item 3): plans with plan against actual, courses with their
// enrolments, enrolment, completion and the gaps.

type apiTrainingLine struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Level     string `json:"level"`
	Planned   int    `json:"planned"`
	Enrolled  int    `json:"enrolled"`
	Completed int    `json:"completed"`
	Courses   int    `json:"courses"`
}

type apiTrainingPlan struct {
	ID       int64             `json:"id"`
	UnitID   int64             `json:"unit_id"`
	UnitName string            `json:"unit_name"`
	Year     int               `json:"year"`
	Note     string            `json:"note"`
	Lines    []apiTrainingLine `json:"lines"`
}

type apiEnrolment struct {
	PersonID    int64       `json:"person_id"`
	FullName    string      `json:"full_name"`
	Status      string      `json:"status"`
	EnrolledOn  string      `json:"enrolled_on"`
	CompletedOn string      `json:"completed_on,omitempty"`
	Result      string      `json:"result,omitempty"`
	Certificate apiDocument `json:"certificate"`
	EntryID     int64       `json:"entry_id,omitempty"`
	LevelBefore string      `json:"level_before,omitempty"`
	LevelAfter  string      `json:"level_after,omitempty"`
}

type apiCourse struct {
	ID         int64          `json:"id"`
	LineID     int64          `json:"line_id"`
	PlanID     int64          `json:"plan_id"`
	UnitID     int64          `json:"unit_id"`
	Year       int            `json:"year"`
	Title      string         `json:"title"`
	Provider   string         `json:"provider"`
	From       string         `json:"from"`
	To         string         `json:"to"`
	Mode       string         `json:"mode"`
	Kind       string         `json:"kind"`
	Level      string         `json:"level"`
	Enrolments []apiEnrolment `json:"enrolments"`
}

type apiTrainingGap struct {
	PoolID   int64  `json:"pool_id"`
	Post     string `json:"post"`
	UnitID   int64  `json:"unit_id"`
	PersonID int64  `json:"person_id"`
	FullName string `json:"full_name"`
	Role     string `json:"role"`
	Kind     string `json:"kind"`
	Required string `json:"required"`
	Recorded string `json:"recorded"`
	Enrolled int64  `json:"enrolled_course_id,omitempty"`
}

// apiTrainingPlan answers GET /api/v1/training/plans?unit_id=&year=.
func (s *Server) apiTrainingPlan(w http.ResponseWriter, r *http.Request) {
	p, ok := s.askedTrainingPlan(w, r)
	if !ok {
		return
	}
	a := apiTrainingPlan{ID: p.ID, UnitID: p.UnitID, UnitName: p.UnitName, Year: p.Year, Note: p.Note, Lines: []apiTrainingLine{}}
	for _, l := range p.Lines {
		a.Lines = append(a.Lines, apiTrainingLine{ID: l.ID, Kind: l.Kind, Title: l.Title, Level: l.Level, Planned: l.Planned,
			Enrolled: l.Enrolled, Completed: l.Completed, Courses: l.Courses})
	}
	writeJSON(w, http.StatusOK, a)
}

// apiSaveTrainingPlan answers POST /api/v1/training/plans: the plan's id and its lines' ids.
func (s *Server) apiSaveTrainingPlan(w http.ResponseWriter, r *http.Request) {
	var req trainingPlanRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	p := req.plan()
	if err := s.Training.SaveTrainingPlan(r.Context(), p); err != nil {
		s.error(w, r, err)
		return
	}
	lines := []int64{}
	for _, l := range p.Lines {
		lines = append(lines, l.ID)
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": p.ID, "line_ids": lines})
}

// apiCreateCourse answers POST /api/v1/training/courses.
func (s *Server) apiCreateCourse(w http.ResponseWriter, r *http.Request) {
	var req courseRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	c := req.course()
	if err := s.Training.CreateCourse(r.Context(), c); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": c.ID, "kind": c.Kind, "level": c.Level})
}

// apiCourse answers GET /api/v1/training/courses/{id}.
func (s *Server) apiCourse(w http.ResponseWriter, r *http.Request) {
	c, ok := s.askedCourse(w, r)
	if !ok {
		return
	}
	a := apiCourse{ID: c.ID, LineID: c.LineID, PlanID: c.PlanID, UnitID: c.UnitID, Year: c.Year, Title: c.Title, Provider: c.Provider,
		From: c.From, To: c.To, Mode: c.Mode, Kind: c.Kind, Level: c.Level, Enrolments: []apiEnrolment{}}
	for _, e := range c.Enrolments {
		a.Enrolments = append(a.Enrolments, apiEnrolment{PersonID: e.PersonID, FullName: e.FullName, Status: e.Status, EnrolledOn: e.EnrolledOn,
			CompletedOn: e.CompletedOn, Result: e.Result, Certificate: toAPIDocument(e.Certificate), EntryID: e.EntryID,
			LevelBefore: e.LevelBefore, LevelAfter: e.LevelAfter})
	}
	writeJSON(w, http.StatusOK, a)
}

// apiEnrol answers POST /api/v1/training/courses/{id}/enrolments.
func (s *Server) apiEnrol(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "id")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req enrolRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	e, err := s.Training.Enrol(r.Context(), ids[0], req.PersonID, req.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": e.ID, "person_id": e.PersonID, "enrolled_on": e.EnrolledOn})
}

// apiCompleteCourse answers POST /api/v1/training/courses/{id}/enrolments/{person}/complete.
func (s *Server) apiCompleteCourse(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "id", "person")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req completionRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	e, err := req.enrolment()
	if err == nil {
		err = s.Training.CompleteCourse(r.Context(), ids[0], ids[1], e)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"course_id": ids[0], "person_id": ids[1], "status": canbo.EnrolmentCompleted})
}

// apiTrainingGaps answers GET /api/v1/training/gaps?unit_id=.
func (s *Server) apiTrainingGaps(w http.ResponseWriter, r *http.Request) {
	_, gaps, ok := s.askedTrainingGaps(w, r)
	if !ok {
		return
	}
	items := []apiTrainingGap{}
	for _, g := range gaps {
		items = append(items, apiTrainingGap{PoolID: g.PoolID, Post: g.PoolName, UnitID: g.UnitID, PersonID: g.PersonID, FullName: g.FullName,
			Role: g.Role, Kind: g.Kind, Required: g.Required, Recorded: g.Recorded, Enrolled: g.Enrolled})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}
