package sqlstore_test

import (
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/planning"
	"canbo/rules"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
	"canbo/vn"
)

type planningFixture struct {
	tree
	ids map[string]int64
}

// newPlanning builds wards with people of known ages and posts: the cases of §planning.
func newPlanning(t *testing.T, db *sqlstore.DB) *planningFixture {
	t.Helper()
	f := &planningFixture{tree: smallTree(t, db), ids: map[string]int64{}}
	for _, p := range []struct {
		name, birth, title string
		sex                canbo.Sex
		unit               int64
	}{
		{"Nguyễn Văn An", "1980-02-10", "Phó Chủ tịch Ủy ban nhân dân", canbo.Male, f.w1},
		{"Trần Thị Bình", "1985-05-05", "Trưởng phòng Văn hóa", canbo.Female, f.w1},
		{"Lê Minh Châu", "1978-11-20", "Phó Bí thư Đảng ủy", canbo.Male, f.w1},
		{"Phạm Thị Dung", "1982-01-15", "Chánh Văn phòng", canbo.Female, f.w2},
		{"Hoàng Văn Em", "1975-07-01", "Bí thư Đảng ủy", canbo.Male, f.w1},
		{"Võ Văn Già", "1966-03-01", "Phó Chủ tịch Ủy ban nhân dân", canbo.Male, f.w2},
		{"Đỗ Thị Hạnh", "1983-09-09", "Phó Trưởng phòng", canbo.Female, f.w3},
	} {
		fam, mid, giv := split(p.name)
		person := &canbo.Person{FamilyName: fam, MiddleName: mid, GivenName: giv, Sex: p.sex, BirthDate: p.birth, StaffType: canbo.StaffCadre, Ethnicity: "Kinh"}
		post := &canbo.Post{UnitID: p.unit, Title: p.title, Primary: true, From: "2020-01-01"}
		if err := db.CreatePerson(sys, person, post, nil); err != nil {
			t.Fatalf("create %s: %v", p.name, err)
		}
		f.ids[p.name] = person.ID
	}
	return f
}

func mustPool(t *testing.T, db *sqlstore.DB, unit int64, title, level string) int64 {
	t.Helper()
	p := &canbo.PlanningPool{Term: "2025-2030", UnitID: unit, Title: title, Level: level}
	if err := db.CreatePool(sys, p); err != nil {
		t.Fatalf("pool %s: %v", title, err)
	}
	return p.ID
}

func countRows(t *testing.T, db *sqlstore.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPlanningLimits walks every limit of §planning: each refusal names its rule and writes
// nothing (no candidate, no history row, no audit event).
func TestPlanningLimits(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPlanning(t, db)
		db.Now = func() time.Time { return date("2025-11-01") }
		pool := mustPool(t, db, f.w1, "Bí thư Đảng ủy", "commune")
		add := func(pool int64, name, from string) error {
			return db.AddPoolCandidate(sys, &canbo.PoolCandidate{PoolID: pool, PersonID: f.ids[name], From: from, Document: canbo.Document{Number: "12-TTr/ĐU"}})
		}
		for _, n := range []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu"} {
			if err := add(pool, n, "2025-10-15"); err != nil {
				t.Fatalf("add %s: %v", n, err)
			}
		}
		for _, c := range []struct {
			name, pool, from, want string
		}{
			{"Nguyễn Văn An", "main", "2025-10-15", "đã có trong quy hoạch"},
			{"Phạm Thị Dung", "main", "2025-10-15", "tối đa 3 người một chức danh"},
			{"Hoàng Văn Em", "second", "2025-10-15", "chỉ quy hoạch vào chức danh cao hơn"},
			{"Võ Văn Già", "second", "2025-10-15", "cần ít nhất 60 tháng"},
		} {
			p := pool
			if c.pool == "second" {
				p = mustPool(t, db, f.w1, "Bí thư Đảng ủy "+c.name, "commune")
				if c.name == "Hoàng Văn Em" {
					p = mustPool(t, db, f.w1, "Chủ tịch Ủy ban nhân dân", "commune")
				}
			}
			before := countRows(t, db, "planning_candidates") + countRows(t, db, "planning_changes") + countRows(t, db, "audit_events")
			err := add(p, c.name, c.from)
			if err == nil || !strings.Contains(canbo.ErrorMessage(err), c.want) {
				t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
			}
			if canbo.ErrorCode(err) != canbo.EINVALID && canbo.ErrorCode(err) != canbo.ECONFLICT {
				t.Errorf("%s: code %q", c.name, canbo.ErrorCode(err))
			}
			if after := countRows(t, db, "planning_candidates") + countRows(t, db, "planning_changes") + countRows(t, db, "audit_events"); after != before {
				t.Errorf("%s: refused but %d rows written", c.name, after-before)
			}
		}
		// Three posts of one level per person: a fourth commune pool is refused, a province one not.
		for i, title := range []string{"Phó Bí thư Thường trực", "Chủ tịch Hội đồng nhân dân"} {
			p := mustPool(t, db, f.w2, title, "commune")
			if err := add(p, "Trần Thị Bình", "2025-10-20"); err != nil {
				t.Fatalf("pool %d: %v", i, err)
			}
		}
		fourth := mustPool(t, db, f.w3, "Bí thư Đảng ủy", "commune")
		if err := add(fourth, "Trần Thị Bình", "2025-10-20"); err == nil || !strings.Contains(canbo.ErrorMessage(err), "tối đa 3") {
			t.Errorf("fourth pool of one level: %v", err)
		}
		prov := mustPool(t, db, f.province, "Phó Giám đốc Sở Nội vụ", "province")
		if err := add(prov, "Trần Thị Bình", "2025-10-20"); err != nil {
			t.Errorf("a pool of another level: %v", err)
		}
		// Discipline within its wait (reprimand: 24 months).
		if err := db.AddEntry(sys, &canbo.Entry{PersonID: f.ids["Đỗ Thị Hạnh"], Kind: canbo.EntryDiscipline, From: "2025-01-10", Title: "Vi phạm",
			Details: map[string]string{canbo.DetailLevel: canbo.DisciplineReprimand, canbo.DetailAuthority: "Đảng ủy"}}); err != nil {
			t.Fatal(err)
		}
		if err := add(fourth, "Đỗ Thị Hạnh", "2025-10-20"); err == nil || !strings.Contains(canbo.ErrorMessage(err), "kỷ luật") {
			t.Errorf("disciplined: %v", err)
		}
		// Bad input names the field.
		for _, c := range []struct {
			c     canbo.PoolCandidate
			field string
		}{
			{canbo.PoolCandidate{PoolID: pool, PersonID: f.ids["Phạm Thị Dung"]}, "from"},
			{canbo.PoolCandidate{PoolID: pool, PersonID: f.ids["Phạm Thị Dung"], From: "31/02/2025"}, "from"},
			{canbo.PoolCandidate{PoolID: pool, From: "2025-10-15"}, "person_id"},
		} {
			if err := db.AddPoolCandidate(sys, &c.c); canbo.ErrorField(err) != c.field {
				t.Errorf("%+v: field %q (%v), want %q", c.c, canbo.ErrorField(err), err, c.field)
			}
		}
		for _, p := range []canbo.PlanningPool{
			{Term: "2025", UnitID: f.w1, Title: "Bí thư", Level: "commune"},
			{Term: "2025-2030", UnitID: f.w1, Title: " ", Level: "commune"},
			{Term: "2025-2030", UnitID: f.w1, Title: "Bí thư", Level: "village"},
			{Term: "2025-2030", UnitID: f.w1, Title: "Bí thư Đảng ủy", Level: "commune"},
		} {
			if err := db.CreatePool(sys, &p); err == nil {
				t.Errorf("pool %+v accepted", p)
			}
		}
	})
}

// TestPlanningPoolComposition checks the pool's composition against plain counts and the
// removals due against the rules computed directly, and their Nhắc việc items.
func TestPlanningPoolComposition(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPlanning(t, db)
		db.Now = func() time.Time { return date("2025-11-01") }
		pool := mustPool(t, db, f.w1, "Bí thư Đảng ủy", "commune")
		names := []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu"}
		for _, n := range names {
			if err := db.AddPoolCandidate(sys, &canbo.PoolCandidate{PoolID: pool, PersonID: f.ids[n], From: "2025-10-15"}); err != nil {
				t.Fatal(err)
			}
		}
		p, err := db.Pool(sys, pool, date("2025-11-01"))
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Candidates) != 3 || p.Composition.Total != 3 || p.Composition.Women != 1 {
			t.Errorf("candidates %d, composition %+v; want 3 with 1 woman", len(p.Candidates), p.Composition)
		}
		if len(p.Holders) != 1 || p.Holders[0].FullName != "Hoàng Văn Em" {
			t.Errorf("holders %+v", p.Holders)
		}
		set := rules.Defaults()
		start := planning.TermStart(set, "commune", "2025-2030").FirstDay()
		young := 0
		for _, c := range p.Candidates {
			b, _ := vn.ParseDate(c.BirthDate)
			if planning.AgeAt(b, start) < 45 {
				young++
			}
			ret, err := set.RetirementFor(b, c.Sex, 0)
			if err != nil {
				t.Fatal(err)
			}
			want := ret.Month.AddMonths(-59).FirstDay()
			if len(c.Due) == 0 || !c.Due[0].Day.Equal(want) {
				t.Errorf("%s: due %+v, want age removal on %s", c.FullName, c.Due, want.Format(time.DateOnly))
			}
		}
		if p.Composition.Young != young {
			t.Errorf("young %d, want %d", p.Composition.Young, young)
		}
		// A reprimand makes a removal due on its day, listed in Nhắc việc.
		if err := db.AddEntry(sys, &canbo.Entry{PersonID: f.ids["Trần Thị Bình"], Kind: canbo.EntryDiscipline, From: "2026-03-02", Title: "Vi phạm",
			Details: map[string]string{canbo.DetailLevel: canbo.DisciplineReprimand, canbo.DetailAuthority: "Đảng ủy"}}); err != nil {
			t.Fatal(err)
		}
		due, err := db.PlanningDue(sys, date("2026-03-02"), date("2026-03-02"))
		if err != nil {
			t.Fatal(err)
		}
		if len(due) != 1 || !strings.Contains(due[0].Title, "Trần Thị Bình") {
			t.Errorf("due on 02/03/2026: %+v", due)
		}
		if due, _ := db.PlanningDue(sys, date("2026-03-01"), date("2026-03-01")); len(due) != 0 {
			t.Errorf("due the day before: %+v", due)
		}
		// Steps: approve, propose appointment (not on the day of planning), remove with a reason.
		an := f.ids["Nguyễn Văn An"]
		if err := db.ApprovePoolCandidate(sys, pool, an, date("2025-10-15"), canbo.Document{Number: "45-QĐ/TU"}); err != nil {
			t.Fatal(err)
		}
		if err := db.ProposeAppointment(sys, pool, an, date("2025-10-15")); err == nil {
			t.Error("appointment proposed on the day of planning")
		}
		if err := db.ProposeAppointment(sys, pool, an, date("2025-10-30")); err != nil {
			t.Fatal(err)
		}
		other := mustPool(t, db, f.w2, "Bí thư Đảng ủy", "commune")
		if err := db.AddPoolCandidate(sys, &canbo.PoolCandidate{PoolID: other, PersonID: an, From: "2025-10-31"}); err == nil || !strings.Contains(canbo.ErrorMessage(err), "đề xuất bổ nhiệm") {
			t.Errorf("planned during an appointment proposal: %v", err)
		}
		if err := db.RemovePoolCandidate(sys, pool, f.ids["Lê Minh Châu"], date("2025-10-31"), ""); canbo.ErrorField(err) != "reason" {
			t.Errorf("removal without reason: %v", err)
		}
		if err := db.RemovePoolCandidate(sys, pool, f.ids["Lê Minh Châu"], date("2025-10-31"), "Chuyển công tác"); err != nil {
			t.Fatal(err)
		}
		hist, err := db.PoolHistory(sys, pool)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, h := range hist {
			actions = append(actions, h.Action)
		}
		if got := strings.Join(actions, ","); got != "create,propose,propose,propose,approve,appointment,remove" {
			t.Errorf("history %s", got)
		}
	})
}

// TestCongressEligibilityBallotResults: eligibility equals rules.CongressFor for every
// candidate, the ballot is in the official order, and a round elects above 50% and creates posts.
func TestCongressEligibilityBallotResults(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPlanning(t, db)
		db.Now = func() time.Time { return date("2025-06-01") }
		c := &canbo.Congress{UnitID: f.w1, Level: "commune", Date: date("2025-07-15"), Term: "2025-2030", CommitteeSize: 2}
		if err := db.CreateCongress(sys, c); err != nil {
			t.Fatal(err)
		}
		set := rules.Defaults()
		kinds := map[string]string{"Nguyễn Văn An": "first", "Trần Thị Bình": "first", "Lê Minh Châu": "reelect", "Võ Văn Già": "reelect", "Hoàng Văn Em": "reelect"}
		for name, kind := range kinds {
			cc := &canbo.CongressCandidate{PersonID: f.ids[name], Kind: kind}
			if err := db.AddCongressCandidate(sys, c.ID, cc); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var birth string
			var sex canbo.Sex
			if err := db.SQL().QueryRow("SELECT birth_date, sex FROM people WHERE id = $1", f.ids[name]).Scan(&birth, &sex); err != nil {
				t.Fatal(err)
			}
			b, _ := vn.ParseDate(birth)
			want, err := rules.CongressFor(set, "commune", kind, b, sex)
			if err != nil {
				t.Fatal(err)
			}
			if cc.Eligible != want.Eligible || len(cc.Reasons) != 1 || cc.Reasons[0] != want.Explanation {
				t.Errorf("%s: eligible %v %q, want %v %q", name, cc.Eligible, cc.Reasons, want.Eligible, want.Explanation)
			}
		}
		if err := db.AddCongressCandidate(sys, c.ID, &canbo.CongressCandidate{PersonID: f.ids["Nguyễn Văn An"], Kind: "first"}); canbo.ErrorCode(err) != canbo.ECONFLICT {
			t.Errorf("listed twice: %v", err)
		}
		if err := db.AddCongressCandidate(sys, c.ID, &canbo.CongressCandidate{PersonID: f.ids["Phạm Thị Dung"], Kind: "again"}); canbo.ErrorField(err) != "kind" {
			t.Errorf("bad kind: %v", err)
		}
		ballot, err := db.Ballot(sys, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range ballot {
			got = append(got, b.FullName)
		}
		// Given names An, Bình, Châu, Em in Vietnamese order; Già (born 1966) is not eligible.
		if want := "Nguyễn Văn An, Trần Thị Bình, Lê Minh Châu, Hoàng Văn Em"; strings.Join(got, ", ") != want {
			t.Errorf("ballot %q, want %q", strings.Join(got, ", "), want)
		}
		before := countRows(t, db, "congress_rounds") + countRows(t, db, "posts")
		bad := &canbo.CongressRound{Ballots: 10, Votes: []canbo.RoundVote{{PersonID: ballot[0].PersonID, Votes: 11}}}
		if err := db.RecordRound(sys, c.ID, bad); canbo.ErrorField(err) != "votes" {
			t.Errorf("votes above ballots: %v", err)
		}
		if after := countRows(t, db, "congress_rounds") + countRows(t, db, "posts"); after != before {
			t.Errorf("refused round wrote %d rows", after-before)
		}
		r := &canbo.CongressRound{Ballots: 10, Votes: []canbo.RoundVote{
			{PersonID: ballot[0].PersonID, Votes: 9}, {PersonID: ballot[1].PersonID, Votes: 5}, {PersonID: ballot[2].PersonID, Votes: 6}, {PersonID: ballot[3].PersonID, Votes: 7}}}
		if err := db.RecordRound(sys, c.ID, r); err != nil {
			t.Fatal(err)
		}
		cg, err := db.Congress(sys, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var elected []string
		for _, cc := range cg.Candidates {
			if cc.Elected {
				elected = append(elected, cc.FullName)
			}
		}
		if strings.Join(elected, ", ") != "Nguyễn Văn An, Hoàng Văn Em" {
			t.Errorf("elected %v", elected)
		}
		var posts int
		if err := db.SQL().QueryRow("SELECT COUNT(*) FROM posts WHERE unit_id = $1 AND title LIKE $2 AND valid_from = $3 AND valid_to = $4", f.w1, "Ủy viên Ban Chấp hành%", "2025-07-15", "2030-07-15").Scan(&posts); err != nil {
			t.Fatal(err)
		}
		if posts != 2 {
			t.Errorf("committee posts %d, want 2", posts)
		}
		if cg.Achieved.Total != 2 || cg.Achieved.Women != 0 || cg.Margin != 2 {
			t.Errorf("achieved %+v, margin %d", cg.Achieved, cg.Margin)
		}
	})
}
