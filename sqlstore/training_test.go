package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// trainingFixture is the planning fixture with a pool whose standards require advanced
// political theory, held by Hoàng Văn Em and planned for Nguyễn Văn An, and a 2025 plan of the
// ward with a political-theory line and an IT line.
type trainingFixture struct {
	*planningFixture
	pool, political, it int64
}

func newTraining(t *testing.T, db *sqlstore.DB) *trainingFixture {
	t.Helper()
	f := &trainingFixture{planningFixture: newPlanning(t, db)}
	db.Now = func() time.Time { return date("2025-11-01") }
	p := &canbo.PlanningPool{Term: "2025-2030", UnitID: f.w1, Title: "Bí thư Đảng ủy", Level: "commune",
		Standards: "Tốt nghiệp đại học trở lên; cao cấp lý luận chính trị; uy tín."}
	if err := db.CreatePool(sys, p); err != nil {
		t.Fatal(err)
	}
	f.pool = p.ID
	if err := db.AddPoolCandidate(sys, &canbo.PoolCandidate{PoolID: p.ID, PersonID: f.ids["Nguyễn Văn An"], From: "2025-10-15"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Nguyễn Văn An", "Hoàng Văn Em"} {
		person, err := db.FindPerson(sys, f.ids[name])
		if err != nil {
			t.Fatal(err)
		}
		person.Education.Professional, person.Education.PoliticalTheory = "Đại học", "Trung cấp"
		if err := db.UpdatePerson(sys, person); err != nil {
			t.Fatal(err)
		}
	}
	plan := &canbo.TrainingPlan{UnitID: f.w1, Year: 2025, Lines: []canbo.TrainingLine{
		{Kind: canbo.TrainingPolitical, Title: "Cao cấp lý luận chính trị", Level: "Cao cấp", Planned: 3},
		{Kind: canbo.TrainingIT, Title: "Ứng dụng công nghệ thông tin cơ bản", Planned: 2},
	}}
	if err := db.SaveTrainingPlan(sys, plan); err != nil {
		t.Fatal(err)
	}
	f.political, f.it = plan.Lines[0].ID, plan.Lines[1].ID
	return f
}

func mustCourse(t *testing.T, db *sqlstore.DB, line int64, level string) int64 {
	t.Helper()
	c := &canbo.Course{LineID: line, Title: "Lớp cao cấp lý luận chính trị K75", Provider: "Học viện Chính trị khu vực II",
		From: "2025-03-01", To: "2025-09-30", Mode: "part_time", Level: level}
	if err := db.CreateCourse(sys, c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// TestTrainingPlanAgainstActual: a line counts the people enrolled and completed in its
// courses; completion writes the training entry and raises the recorded level, naming the
// course as the source; the post's gap closes.
func TestTrainingPlanAgainstActual(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newTraining(t, db)
		course := mustCourse(t, db, f.political, "cao_cap")
		an := f.ids["Nguyễn Văn An"]
		for _, name := range []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu"} {
			if _, err := db.Enrol(sys, course, f.ids[name], "2025-02-20"); err != nil {
				t.Fatalf("enrol %s: %v", name, err)
			}
		}
		gaps, err := db.TrainingGaps(sys, f.w1)
		if err != nil {
			t.Fatal(err)
		}
		gapOf := func(gaps []canbo.TrainingGap, person int64) *canbo.TrainingGap {
			for i := range gaps {
				if gaps[i].PersonID == person && gaps[i].Kind == canbo.TrainingPolitical {
					return &gaps[i]
				}
			}
			return nil
		}
		if g := gapOf(gaps, an); g == nil || g.Required != "cao_cap" || g.Role != "candidate" || g.Enrolled != course {
			t.Fatalf("An's gap before the course = %+v, want cao_cap, candidate, enrolled in %d", g, course)
		}
		if g := gapOf(gaps, f.ids["Hoàng Văn Em"]); g == nil || g.Role != "holder" || g.Enrolled != 0 {
			t.Fatalf("the holder's gap = %+v", g)
		}
		if err := db.CompleteCourse(sys, course, an, canbo.Enrolment{CompletedOn: "2025-09-30", Result: "Giỏi",
			Certificate: canbo.Document{Number: "CC-123", Date: date("2025-10-10")}}); err != nil {
			t.Fatal(err)
		}
		plan, err := db.TrainingPlan(sys, f.w1, 2025)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range plan.Lines {
			want := map[int64][4]int{f.political: {3, 3, 1, 1}, f.it: {2, 0, 0, 0}}[l.ID]
			if got := [4]int{l.Planned, l.Enrolled, l.Completed, l.Courses}; got != want {
				t.Errorf("line %s: planned, enrolled, completed, courses = %v, want %v", l.Title, got, want)
			}
		}
		person, err := db.FindPerson(sys, an)
		if err != nil {
			t.Fatal(err)
		}
		if person.Education.PoliticalTheory != "cao_cap" {
			t.Errorf("political theory after the course = %q, want cao_cap", person.Education.PoliticalTheory)
		}
		_, entries, _, err := db.Timeline(sys, an)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range entries {
			if e.Kind == canbo.EntryTraining && e.Title == "Học viện Chính trị khu vực II" && e.Document.Number == "CC-123" &&
				e.Details[canbo.DetailField] == "Lớp cao cấp lý luận chính trị K75" && e.Details[canbo.DetailDegree] == "Cao cấp" {
				found = true
			}
		}
		if !found {
			t.Errorf("no training entry for the course in %+v", entries)
		}
		c, err := db.Course(sys, course)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range c.Enrolments {
			if e.PersonID == an && (e.Status != canbo.EnrolmentCompleted || e.LevelBefore != "trung_cap" || e.LevelAfter != "cao_cap" || e.EntryID == 0) {
				t.Errorf("An's enrolment = %+v, want completed, trung_cap → cao_cap with its entry", e)
			}
		}
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = 'training.complete'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("training.complete events = %d (%v), want 1", n, err)
		}
		gaps, err = db.TrainingGaps(sys, f.w1)
		if err != nil {
			t.Fatal(err)
		}
		if g := gapOf(gaps, an); g != nil {
			t.Errorf("An still has a gap after the course: %+v", g)
		}
		if g := gapOf(gaps, f.ids["Hoàng Văn Em"]); g == nil {
			t.Error("the holder's gap closed without a course")
		}
		// A lower course never lowers the record.
		low := &canbo.TrainingPlan{UnitID: f.w1, Year: 2025, Lines: []canbo.TrainingLine{{Kind: canbo.TrainingPolitical, Title: "Sơ cấp", Planned: 1}}}
		if err := db.SaveTrainingPlan(sys, low); err != nil {
			t.Fatal(err)
		}
		sc := mustCourse(t, db, low.Lines[0].ID, "so_cap")
		if _, err := db.Enrol(sys, sc, an, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.CompleteCourse(sys, sc, an, canbo.Enrolment{CompletedOn: "2025-10-01", Result: "Đạt"}); err != nil {
			t.Fatal(err)
		}
		if person, _ := db.FindPerson(sys, an); person.Education.PoliticalTheory != "cao_cap" {
			t.Errorf("a lower course changed the level to %q", person.Education.PoliticalTheory)
		}
	})
}

// TestTrainingRefusals: each bad input is refused on its field and writes nothing.
func TestTrainingRefusals(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newTraining(t, db)
		course := mustCourse(t, db, f.political, "cao_cap")
		if _, err := db.Enrol(sys, course, f.ids["Nguyễn Văn An"], ""); err != nil {
			t.Fatal(err)
		}
		officer := officerIn(nil, f.d1) // w1 and w2, not w3 (Đỗ Thị Hạnh)
		written := func() int {
			return countRows(t, db, "training_plans") + countRows(t, db, "training_lines") + countRows(t, db, "training_courses") +
				countRows(t, db, "training_enrolments") + countRows(t, db, "person_entries") + countRows(t, db, "audit_events")
		}
		for _, c := range []struct {
			name, field string
			do          func() error
		}{
			{"end before start", "to", func() error {
				return db.CreateCourse(sys, &canbo.Course{LineID: f.political, Title: "K76", Provider: "Học viện", From: "2025-05-01", To: "2025-04-30", Mode: "full_time"})
			}},
			{"unknown mode", "mode", func() error {
				return db.CreateCourse(sys, &canbo.Course{LineID: f.political, Title: "K76", Provider: "Học viện", From: "2025-05-01", To: "2025-06-30", Mode: "evening"})
			}},
			{"unknown level", "level", func() error {
				return db.CreateCourse(sys, &canbo.Course{LineID: f.political, Title: "K76", Provider: "Học viện", From: "2025-05-01", To: "2025-06-30", Mode: "full_time", Level: "Thạc sĩ"})
			}},
			{"kind of another line", "kind", func() error {
				return db.CreateCourse(sys, &canbo.Course{LineID: f.political, Kind: canbo.TrainingIT, Title: "K76", Provider: "Học viện", From: "2025-05-01", To: "2025-06-30", Mode: "online"})
			}},
			{"unknown kind", "kind", func() error {
				return db.SaveTrainingPlan(sys, &canbo.TrainingPlan{UnitID: f.w2, Year: 2025, Lines: []canbo.TrainingLine{{Kind: "cooking", Title: "Nấu ăn", Planned: 1}}})
			}},
			{"unknown plan level", "level", func() error {
				return db.SaveTrainingPlan(sys, &canbo.TrainingPlan{UnitID: f.w2, Year: 2025, Lines: []canbo.TrainingLine{{Kind: canbo.TrainingState, Title: "QLNN", Level: "Giáo sư", Planned: 1}}})
			}},
			{"person out of scope", "person_id", func() error {
				_, err := db.Enrol(officer, course, f.ids["Đỗ Thị Hạnh"], "")
				return err
			}},
			{"already enrolled", "person_id", func() error {
				_, err := db.Enrol(sys, course, f.ids["Nguyễn Văn An"], "")
				return err
			}},
			{"completion before the start", "completed_on", func() error {
				return db.CompleteCourse(sys, course, f.ids["Nguyễn Văn An"], canbo.Enrolment{CompletedOn: "2025-02-28", Result: "Giỏi"})
			}},
			{"completion in the future", "completed_on", func() error {
				return db.CompleteCourse(sys, course, f.ids["Nguyễn Văn An"], canbo.Enrolment{CompletedOn: "2025-12-01", Result: "Giỏi"})
			}},
			{"completion without a result", "result", func() error {
				return db.CompleteCourse(sys, course, f.ids["Nguyễn Văn An"], canbo.Enrolment{CompletedOn: "2025-09-30"})
			}},
			{"completion of a person not enrolled", "person_id", func() error {
				return db.CompleteCourse(sys, course, f.ids["Trần Thị Bình"], canbo.Enrolment{CompletedOn: "2025-09-30", Result: "Khá"})
			}},
		} {
			before := written()
			err := c.do()
			if canbo.ErrorField(err) != c.field {
				t.Errorf("%s: err = %v (field %q), want a refusal on %s", c.name, err, canbo.ErrorField(err), c.field)
			}
			if after := written(); after != before {
				t.Errorf("%s: refused but %d rows written", c.name, after-before)
			}
		}
		// The officer sees w1's course and enrols w1's people, but not the course's page of w3.
		if _, err := db.Enrol(officer, course, f.ids["Trần Thị Bình"], ""); err != nil {
			t.Errorf("officer enrolling a person in scope: %v", err)
		}
		if _, err := db.TrainingPlan(officerIn(nil, f.w3), f.w1, 2025); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("plan out of scope: %v, want not found", err)
		}
	})
}

// TestTrainingPlans: the list of plans shows each plan of the caller's scope with its totals,
// the newest year first; a plan of a unit out of scope is not listed.
func TestTrainingPlans(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newTraining(t, db)
		course := mustCourse(t, db, f.political, "cao_cap")
		if _, err := db.Enrol(sys, course, f.ids["Nguyễn Văn An"], ""); err != nil {
			t.Fatal(err)
		}
		for _, p := range []*canbo.TrainingPlan{
			{UnitID: f.w1, Year: 2026, Lines: []canbo.TrainingLine{{Kind: canbo.TrainingIT, Title: "Kỹ năng số", Planned: 4}}},
			{UnitID: f.w3, Year: 2025, Lines: []canbo.TrainingLine{{Kind: canbo.TrainingIT, Title: "Kỹ năng số", Planned: 1}}},
		} {
			if err := db.SaveTrainingPlan(sys, p); err != nil {
				t.Fatal(err)
			}
		}
		list := func(ctx context.Context) []canbo.TrainingPlanSummary {
			t.Helper()
			plans, err := db.TrainingPlans(ctx, 10)
			if err != nil {
				t.Fatal(err)
			}
			return plans
		}
		all := list(sys)
		if len(all) != 3 || all[0].Year != 2026 || all[1].Year != 2025 || all[2].Year != 2025 {
			t.Fatalf("all plans: %+v, want 2026 then the two of 2025", all)
		}
		var ward canbo.TrainingPlanSummary
		for _, p := range all {
			if p.UnitID == f.w1 && p.Year == 2025 {
				ward = p
			}
		}
		if want := (canbo.TrainingPlanSummary{ID: ward.ID, UnitID: f.w1, UnitName: ward.UnitName, Year: 2025, Lines: 2, Planned: 5, Courses: 1, Enrolled: 1}); ward != want || ward.UnitName == "" {
			t.Errorf("the ward's 2025 plan: got %+v, want %+v", ward, want)
		}
		for _, p := range list(officerIn(nil, f.d1)) {
			if p.UnitID == f.w3 {
				t.Errorf("the district officer sees the plan of a unit out of scope: %+v", p)
			}
		}
		if got := len(list(officerIn(nil, f.d1))); got != 2 {
			t.Errorf("the district officer sees %d plans, want 2", got)
		}
		if got := len(list(canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 8, Role: canbo.RoleOfficer}))); got != 0 {
			t.Errorf("an officer with no scope sees %d plans", got)
		}
	})
}
