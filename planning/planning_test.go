package planning_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/planning"
	"canbo/rules"
	"canbo/vn"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func birth(s string) vn.Date {
	d, err := vn.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestPlanningRank(t *testing.T) {
	for _, c := range []struct {
		title string
		want  int
	}{
		{"Bí thư Đảng ủy", 1}, {"Phó Bí thư Đảng ủy", 2}, {"Chủ tịch Ủy ban nhân dân", 2}, {"Ủy viên Ban Thường vụ", 3},
		{"Phó Chủ tịch UBND", 3}, {"Giám đốc Sở", 4}, {"Trưởng phòng", 4}, {"Chánh Văn phòng", 4}, {"Phó Trưởng phòng", 5},
		{"Phó Giám đốc", 5}, {"Chuyên viên", 9},
	} {
		if got := planning.Rank(c.title); got != c.want {
			t.Errorf("Rank(%q) = %d, want %d", c.title, got, c.want)
		}
	}
}

func TestPlanningTerm(t *testing.T) {
	for _, c := range []struct {
		in   string
		ok   bool
		norm string
	}{{"2025-2030", true, "2025-2030"}, {"2025–2030", true, "2025-2030"}, {"2025-2031", false, ""}, {"2025", false, ""}, {"abcd-efgh", false, ""}} {
		_, _, ok := planning.ParseTerm(c.in)
		if ok != c.ok || (ok && planning.NormalTerm(c.in) != c.norm) {
			t.Errorf("%q: ok %v norm %q", c.in, ok, planning.NormalTerm(c.in))
		}
	}
	set := rules.Defaults()
	if got := planning.TermStart(set, "commune", "2025-2030"); got != rules.YM(2025, 7) {
		t.Errorf("commune start %v", got)
	}
	if got := planning.TermStart(set, "commune", "2030-2035"); got != rules.YM(2030, 1) {
		t.Errorf("later term start %v", got)
	}
}

// TestPlanningCheck: each limit of §planning refuses with its rule; the boundaries of age and the
// discipline wait are exact.
func TestPlanningCheck(t *testing.T) {
	set := rules.Defaults()
	pool := planning.Pool{ID: 1, UnitID: 10, Title: "Bí thư Đảng ủy", Level: "commune", Rank: 1, Term: "2025-2030"}
	ok := planning.Candidate{Name: "A", Birth: birth("1980-01-01"), Sex: canbo.Male, Held: []planning.Held{{UnitID: 10, Title: "Phó Bí thư Đảng ủy"}}}
	on := day("2025-11-01")
	// Men born 07/1968 reach 62 in 07/2030: 60 months from 07/2025 (congress month of the level),
	// but planning on 11/2025 counts from 11/2025: 56 months, refused. Born 11/1968 → 11/2030, 60: allowed.
	for _, c := range []struct {
		name string
		mod  func(c *planning.Candidate)
		want string
	}{
		{"ok", func(*planning.Candidate) {}, ""},
		{"in pool", func(c *planning.Candidate) { c.InPool = true }, "đã có"},
		{"same post elsewhere", func(c *planning.Candidate) { c.Held = []planning.Held{{UnitID: 99, Title: "Bí thư  đảng ủy"}} }, "cao hơn"},
		{"higher held here", func(c *planning.Candidate) { c.Held = []planning.Held{{UnitID: 10, Title: "Bí thư Chi bộ"}} }, "cao hơn"},
		{"lower held elsewhere", func(c *planning.Candidate) { c.Held = []planning.Held{{UnitID: 99, Title: "Chủ tịch UBND"}} }, ""},
		{"appointment", func(c *planning.Candidate) { c.Appointment = true }, "đề xuất bổ nhiệm"},
		{"pool full", func(c *planning.Candidate) { c.PoolCount = 3 }, "tối đa 3"},
		{"pool of 2", func(c *planning.Candidate) { c.PoolCount = 2 }, ""},
		{"three posts", func(c *planning.Candidate) { c.LevelPools = 3 }, "cùng cấp"},
		{"age 56 months", func(c *planning.Candidate) { c.Birth = birth("1968-07-15") }, "56 tháng"},
		{"age 60 months", func(c *planning.Candidate) { c.Birth = birth("1968-11-15") }, ""},
		{"reprimand in wait", func(c *planning.Candidate) {
			c.Disciplines = []planning.Discipline{{Level: rules.Reprimand, On: day("2023-11-02")}}
		}, "kỷ luật"},
		{"reprimand waited", func(c *planning.Candidate) {
			c.Disciplines = []planning.Discipline{{Level: rules.Reprimand, On: day("2023-11-01")}}
		}, ""},
		{"expelled", func(c *planning.Candidate) {
			c.Disciplines = []planning.Discipline{{Level: rules.Expulsion, On: day("2010-01-01")}}
		}, "khai trừ"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cand := ok
			c.mod(&cand)
			err := planning.Check(set, pool, cand, on)
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(canbo.ErrorMessage(err), c.want) || canbo.ErrorField(err) != "person_id" {
				t.Fatalf("err = %v, want %q on person_id", err, c.want)
			}
		})
	}
}

func TestPlanningRemovals(t *testing.T) {
	set := rules.Defaults()
	c := planning.Candidate{Birth: birth("1980-03-10"), Sex: canbo.Female,
		Disciplines: []planning.Discipline{{Level: rules.Reprimand, On: day("2026-04-01")}, {Level: rules.Warning, On: day("2020-01-01")}}}
	due, err := planning.Removals(set, c, day("2025-10-15"))
	if err != nil {
		t.Fatal(err)
	}
	ret, _ := set.RetirementFor(c.Birth, c.Sex, 0)
	want := []string{"discipline " + "2026-04-01", "age " + ret.Month.AddMonths(-59).FirstDay().Format(time.DateOnly)}
	var got []string
	for _, d := range due {
		got = append(got, d.Kind+" "+d.Day.Format(time.DateOnly))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("due %v, want %v", got, want)
	}
}

// TestPlanningCompose compares the counts with a straightforward loop over generated members.
func TestPlanningCompose(t *testing.T) {
	tg := planning.Targets{YoungAge: 45, YoungPercent: 15, WomenPercent: 25, Bands: []int{45, 55}, EthnicPercent: 10}
	at := day("2025-07-01")
	var ms []planning.Member
	for i := range 40 {
		sex := canbo.Male
		if i%3 == 0 {
			sex = canbo.Female
		}
		eth := "Kinh"
		if i%7 == 0 {
			eth = "Khmer"
		}
		ms = append(ms, planning.Member{Birth: birth(fmt.Sprintf("%d-0%d-15", 1962+i%25, 1+i%9)), Sex: sex, Ethnicity: eth, Reelect: i%2 == 0})
	}
	c := planning.Compose(ms, tg, at, true)
	women, young, ethnic, bands := 0, 0, 0, []int{0, 0, 0}
	for _, m := range ms {
		if m.Sex == canbo.Female {
			women++
		}
		age := planning.AgeAt(m.Birth, at)
		if age < 45 {
			young++
			bands[0]++
		} else if age < 55 {
			bands[1]++
		} else {
			bands[2]++
		}
		if m.Ethnicity == "Khmer" {
			ethnic++
		}
	}
	if c.Total != 40 || c.Women != women || c.Young != young || *c.Ethnic != ethnic || fmt.Sprint(c.Bands) != fmt.Sprint(bands) || c.Reelect != 20 || c.New != 20 {
		t.Errorf("got %+v (ethnic %d), want women %d young %d ethnic %d bands %v", c, *c.Ethnic, women, young, ethnic, bands)
	}
	if c := planning.Compose(ms, tg, at, false); c.Ethnic != nil {
		t.Error("ethnic counted without the grant")
	}
	few := planning.Compose(ms[:2], tg, at, true)
	if len(few.Notes) == 0 {
		t.Error("no note for a pool below targets")
	}
	if got := planning.AgeAt(birth("1980-07-02"), at); got != 44 {
		t.Errorf("age the day before the birthday %d", got)
	}
}

func TestCongressBallotOrder(t *testing.T) {
	people := []planning.Named{
		{ID: 1, Family: "Trần", Middle: "Văn", Given: "Bình", Birth: "1970"},
		{ID: 2, Family: "Nguyễn", Middle: "Thị", Given: "Ánh", Birth: "1980"},
		{ID: 3, Family: "Lê", Middle: "Văn", Given: "An", Birth: "1975"},
		{ID: 4, Family: "Lê", Middle: "Văn", Given: "An", Birth: "1971"},
		{ID: 5, Family: "Đặng", Middle: "Văn", Given: "Bình", Birth: "1972"},
		{ID: 6, Family: "Đỗ", Middle: "Minh", Given: "Bình", Birth: "1972"},
	}
	planning.BallotOrder(people)
	var got []int64
	for _, p := range people {
		got = append(got, p.ID)
	}
	// Given name first (An, the older first; Ánh; Bình), then family name (Đặng < Đỗ < Trần).
	if want := "[4 3 2 5 6 1]"; fmt.Sprint(got) != want {
		t.Errorf("order %v, want %s", got, want)
	}
}

func TestCongressElect(t *testing.T) {
	for _, c := range []struct {
		votes          []int
		ballots, seats int
		want           string
	}{
		{[]int{9, 5, 6, 7}, 10, 2, "[true false false true]"},
		{[]int{9, 5, 6, 7}, 10, 5, "[true false true true]"},
		{[]int{6, 6, 6}, 10, 2, "[false false false]"},
		{[]int{8, 6, 6}, 10, 2, "[true false false]"},
		{[]int{5, 5}, 10, 2, "[false false]"},
		{[]int{6}, 0, 1, "[false]"},
	} {
		if got := fmt.Sprint(planning.Elect(c.votes, c.ballots, 50, c.seats)); got != c.want {
			t.Errorf("Elect(%v, %d, seats %d) = %s, want %s", c.votes, c.ballots, c.seats, got, c.want)
		}
	}
}

// TestPlanningDescribe: the candidate view's computed lines: age at the start of the term,
// months left as §congress counts them, the discipline wait, recent evaluations, posts held.
func TestPlanningDescribe(t *testing.T) {
	set := rules.Defaults()
	pool := planning.Pool{Title: "Bí thư Đảng ủy", Level: "commune", Term: "2025-2030", Rank: 1}
	p := &canbo.Person{ID: 7, FullName: "Trần Văn Bình", BirthDate: "1975-07-10", Sex: canbo.Male}
	posts := []canbo.Post{{Title: "Phó Bí thư", From: "2020-01-01"}, {Title: "Chuyên viên", From: "2010-01-01", To: "2020-01-01"}}
	entries := []canbo.Entry{
		{Kind: canbo.EntryEvaluation, From: "2024", Title: "Hoàn thành xuất sắc"},
		{Kind: canbo.EntryEvaluation, From: "2015", Title: "Hoàn thành"},
		{Kind: canbo.EntryDiscipline, From: "2024-03-01", Details: map[string]string{canbo.DetailLevel: canbo.DisciplineReprimand}},
	}
	f := planning.Describe(set, pool, p, posts, entries, day("2025-11-01"))
	ret, _ := set.RetirementFor(birth("1975-07-10"), canbo.Male, 0)
	if f.AgeAtStart != 49 || f.MonthsLeft != ret.Month.Sub(rules.YM(2025, 7)) {
		t.Errorf("age %d, months left %d", f.AgeAtStart, f.MonthsLeft)
	}
	if len(f.Evaluations) != 1 || len(f.Posts) != 1 || len(f.Discipline) != 1 {
		t.Fatalf("facts %+v", f)
	}
	if got := f.Discipline[0].Local("vi"); !strings.Contains(got, "01/03/2026") || !strings.Contains(got, "377-QĐ/TW") {
		t.Errorf("discipline line %q", got)
	}
}
