package demo_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/adminunits"
	"canbo/demo"
	"canbo/rules"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
	"canbo/vn"
)

func TestSampleNames(t *testing.T) {
	names := demo.SampleNames(1, 20_000)
	share := func(families ...string) float64 {
		n := 0
		for _, x := range names {
			if slices.Contains(families, x.Family) {
				n++
			}
		}
		return float64(n) / float64(len(names))
	}
	// The published shares, with a tolerance of about four standard errors of a 20,000 sample.
	for _, c := range []struct {
		families []string
		want     float64
	}{
		{[]string{"Nguyễn"}, 0.38}, {[]string{"Trần"}, 0.11}, {[]string{"Lê"}, 0.095}, {[]string{"Phạm"}, 0.07},
		{[]string{"Hoàng", "Huỳnh"}, 0.05}, {[]string{"Phan"}, 0.045}, {[]string{"Vũ", "Võ"}, 0.039},
		{[]string{"Đặng"}, 0.021}, {[]string{"Bùi"}, 0.02}, {[]string{"Đỗ"}, 0.014}, {[]string{"Hồ"}, 0.013},
		{[]string{"Ngô"}, 0.013}, {[]string{"Dương"}, 0.01}, {[]string{"Lý"}, 0.005},
	} {
		got := share(c.families...)
		if tol := 4 * math.Sqrt(c.want*(1-c.want)/float64(len(names))); math.Abs(got-c.want) > tol {
			t.Errorf("%s: %.4f, want %.4f ± %.4f", strings.Join(c.families, "/"), got, c.want, tol)
		}
	}
	// Văn is a man's middle name and Thị a woman's; both are common but not universal.
	var van, thi, men int
	for _, x := range names {
		first, _, _ := strings.Cut(x.Middle, " ")
		switch {
		case x.Sex == canbo.Male && first == "Thị", x.Sex == canbo.Female && first == "Văn":
			t.Fatalf("%s %s %s is %s", x.Family, x.Middle, x.Given, x.Sex)
		case first == "Văn":
			van++
		case first == "Thị":
			thi++
		}
		if x.Sex == canbo.Male {
			men++
		}
	}
	if r := float64(van) / float64(men); r < 0.2 || r > 0.6 {
		t.Errorf("Văn among men: %.2f", r)
	}
	if r := float64(thi) / float64(len(names)-men); r < 0.3 || r > 0.7 {
		t.Errorf("Thị among women: %.2f", r)
	}
	if !slices.Equal(demo.SampleNames(7, 500), demo.SampleNames(7, 500)) || slices.Equal(demo.SampleNames(7, 500), demo.SampleNames(8, 500)) {
		t.Error("names depend on something besides the seed")
	}
}

// freshDB returns a database of the engine with the administrative units and the demo trees,
// its own: a copy of one built once (importing the units takes seconds).
func freshDB(t testing.TB, e sqlstore.Engine) *sqlstore.DB {
	t.Helper()
	return sqltest.Copy(t, e, "trees", func(db *sqlstore.DB) error {
		if _, err := adminunits.Import(sys, db); err != nil {
			return err
		}
		_, err := demo.Trees(sys, db)
		return err
	})
}

// visible returns the ids of the people FindPeople shows under a unit on a day, page by page.
func visible(t *testing.T, db *sqlstore.DB, under int64, on time.Time) map[int64]bool {
	t.Helper()
	ids := map[int64]bool{}
	cursor := ""
	for {
		page, _, next, err := db.FindPeople(sys, canbo.PersonFilter{Under: under, AsOf: on, Limit: sqlstore.MaxPeople, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page {
			ids[p.ID] = true
		}
		if next == "" {
			return ids
		}
		cursor = next
	}
}

func rootOf(t *testing.T, db *sqlstore.DB, h canbo.Hierarchy, name string) int64 {
	t.Helper()
	roots, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: h, Roots: true, AsOf: demo.PeopleAsOf})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range roots {
		if u.Name == name {
			return u.ID
		}
	}
	t.Fatalf("no root %s", name)
	return 0
}

// retirement is the rule GeneratePeople must respect: the version in force at the retirement,
// or the current one before the first version of the set (its ages for those years agree).
func retirement(t *testing.T, birth vn.Date, sex canbo.Sex) time.Time {
	t.Helper()
	set := rules.Defaults()
	r, err := set.RetirementFor(birth, sex, 0)
	if err != nil {
		p, err := set.Retirement(demo.PeopleAsOf)
		if err != nil {
			t.Fatal(err)
		}
		if r, err = rules.Retirement(p, birth, sex, 0); err != nil {
			t.Fatal(err)
		}
	}
	return r.PensionFrom
}

func TestGeneratePeople(t *testing.T) {
	const n = 2000
	lists := map[sqlstore.Engine][]string{}
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			db := freshDB(t, e)
			rep, err := demo.GeneratePeople(sys, db, demo.ScaleDemo, 1, n)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Ran || rep.People != n || rep.Name != "people-demo-seed1-2000" {
				t.Fatalf("report = %+v", rep)
			}
			t.Logf("%s (%v)", rep.Summary, rep.Elapsed)
			q := func(query string, args ...any) [][]string {
				t.Helper()
				rows, err := db.SQL().Query(query, args...)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				cols, _ := rows.Columns()
				var out [][]string
				for rows.Next() {
					row := make([]string, len(cols))
					ptrs := make([]any, len(cols))
					for i := range row {
						ptrs[i] = &row[i]
					}
					if err := rows.Scan(ptrs...); err != nil {
						t.Fatal(err)
					}
					out = append(out, row)
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				return out
			}
			people := q(`SELECT full_name, family_name, birth_date, sex, COALESCE(identity_number, '') FROM people ORDER BY id`)
			for _, p := range people {
				lists[e] = append(lists[e], p[0]+" "+p[2])
			}

			t.Run("everyone is in a tree", func(t *testing.T) {
				in := visible(t, db, rootOf(t, db, canbo.Party, "Đảng bộ Thành phố Hồ Chí Minh"), demo.PeopleAsOf)
				for id := range visible(t, db, rootOf(t, db, canbo.State, "Ủy ban nhân dân Thành phố Hồ Chí Minh"), demo.PeopleAsOf) {
					in[id] = true
				}
				if len(in) != n {
					t.Errorf("%d of %d people visible under the city's trees on %s", len(in), n, demo.PeopleAsOf.Format(time.DateOnly))
				}
			})
			t.Run("cells of 5 to 60 members", func(t *testing.T) {
				on := demo.PeopleAsOf.Format(time.DateOnly)
				cells := q(`SELECT CAST(cell_id AS TEXT), CAST(COUNT(*) AS TEXT) FROM party_cells WHERE valid_from <= $1 AND valid_to > $1 GROUP BY cell_id`, on)
				total := 0
				for _, c := range cells {
					size := atoi(c[1])
					total += size
					if size < 5 || size > 60 {
						t.Errorf("cell #%s has %d members", c[0], size)
					}
				}
				if total != rep.Members {
					t.Errorf("%d members in cells, report says %d", total, rep.Members)
				}
			})
			t.Run("posts from 18, ended by retirement or open", func(t *testing.T) {
				posts := q(`SELECT p.full_name, p.birth_date, p.sex, x.valid_from, x.valid_to, x.title FROM posts x JOIN people p ON p.id = x.person_id`)
				if len(posts) < n/4 {
					t.Fatalf("only %d posts", len(posts))
				}
				open := map[bool]int{}
				for _, x := range posts {
					birth, err := vn.ParseDate(x[1])
					if err != nil {
						t.Fatal(err)
					}
					from, to := day(x[3]), day(x[4])
					if from.Before(birth.First().AddDate(18, 0, 0)) {
						t.Errorf("%s (born %s) holds %s from %s", x[0], x[1], x[5], x[3])
					}
					// A post held on PeopleAsOf is open, so that an officer can end it; a
					// post that ended ended before that day, and by the retirement.
					ret := retirement(t, birth, canbo.Sex(x[2]))
					switch {
					case to.Equal(canbo.Forever):
						if !ret.After(demo.PeopleAsOf) {
							t.Errorf("%s (born %s, %s, retired %s) still holds %s", x[0], x[1], x[2], ret.Format(time.DateOnly), x[5])
						}
					case to.After(demo.PeopleAsOf):
						t.Errorf("%s (born %s) holds %s until a planned %s: a held post must be open", x[0], x[1], x[5], x[4])
					case to.After(ret):
						t.Errorf("%s (born %s, %s) holds %s until %s, past retirement %s", x[0], x[1], x[2], x[5], x[4], ret.Format(time.DateOnly))
					}
					open[to.Equal(canbo.Forever)]++
				}
				if open[true] == 0 || open[false] == 0 {
					t.Errorf("%d open and %d ended posts: want both", open[true], open[false])
				}
			})
			t.Run("full membership 12 months after admission", func(t *testing.T) {
				set := rules.Defaults()
				prob, err := set.Probation(demo.PeopleAsOf)
				if err != nil {
					t.Fatal(err)
				}
				probationary := 0
				for _, m := range q(`SELECT p.full_name, p.birth_date, m.admitted_on, m.full_on FROM party_members m JOIN people p ON p.id = m.person_id`) {
					admitted := day(m[2])
					want := rules.ProbationEnd(prob, admitted)
					switch {
					case m[3] == "" && want.After(demo.PeopleAsOf):
						probationary++
					case m[3] != want.Format(time.DateOnly):
						t.Errorf("%s admitted %s, full member %q, want %s", m[0], m[2], m[3], want.Format(time.DateOnly))
					}
					if birth, _ := vn.ParseDate(m[1]); admitted.Before(birth.First().AddDate(18, 0, 0)) {
						t.Errorf("%s (born %s) admitted at %s, under 18", m[0], m[1], m[2])
					}
				}
				if share := float64(probationary) / float64(rep.Members); share < 0.01 || share > 0.1 {
					t.Errorf("probationary members: %.3f", share)
				}
			})
			t.Run("data as records hold it", func(t *testing.T) {
				var nguyen, year, month, bad int
				for _, p := range people {
					if p[1] == "Nguyễn" {
						nguyen++
					}
					switch len(p[2]) {
					case 4:
						year++
					case 7:
						month++
					}
					if p[4] != "" {
						b, _ := vn.ParseDate(p[2])
						if len(vn.IdentityWarnings(p[4], b.Year, canbo.Sex(p[3]))) > 0 {
							bad++
						}
						if p[4][:3] != "079" && p[4][:3] < "001" {
							t.Errorf("identity %s", p[4])
						}
					}
				}
				for _, c := range []struct {
					what     string
					got      int
					min, max int
				}{
					{"Nguyễn", nguyen, 640, 880}, {"year-only birth dates", year, 30, 100}, {"month-year birth dates", month, 60, 150},
					{"identity numbers that disagree with the record", bad, 2, 30},
					{"near-duplicates", rep.NearDuplicates, 2, 12}, {"misspelled names", rep.Misspelled, 2, 20},
				} {
					if c.got < c.min || c.got > c.max {
						t.Errorf("%s: %d, want %d–%d", c.what, c.got, c.min, c.max)
					}
				}
			})
			t.Run("resume after an interrupted run", func(t *testing.T) {
				// As if the process had died after creating the cells and schools: the people
				// and their import are gone, the units stay. The next run plans the same
				// population around them and loads the same people.
				for _, stmt := range []string{`DELETE FROM person_words`, `DELETE FROM posts`, `DELETE FROM party_cells`,
					`DELETE FROM party_members`, `DELETE FROM people`, `DELETE FROM imports WHERE name = '` + rep.Name + `'`} {
					if _, err := db.SQL().Exec(stmt); err != nil {
						t.Fatal(err)
					}
				}
				again, err := demo.GeneratePeople(sys, db, demo.ScaleDemo, 1, n)
				if err != nil || !again.Ran {
					t.Fatalf("resumed run: %+v, %v", again, err)
				}
				var resumed []string
				for _, p := range q(`SELECT full_name, birth_date FROM people ORDER BY id`) {
					resumed = append(resumed, p[0]+" "+p[1])
				}
				if !slices.Equal(resumed, lists[e]) {
					t.Errorf("resumed run generated other people")
				}
				cells := q(`SELECT CAST(COUNT(DISTINCT cell_id) AS TEXT) FROM party_cells`)
				if got, want := atoi(cells[0][0]), rep.Members/60; got < want {
					t.Errorf("%d cells in use", got)
				}
			})
			t.Run("grassroots kinds", func(t *testing.T) {
				// As canbo demo does: the posts generated in wards the reform ended follow first.
				if _, _, err := db.RepairCarry(sys, false); err != nil {
					t.Fatal(err)
				}
				root := atoi(q(`SELECT CAST(unit_id AS TEXT) FROM unit_versions WHERE name = 'Đảng bộ Thành phố Hồ Chí Minh'`)[0][0])
				before, err := db.PartyStats(sys, int64(root), demo.PeopleAsOf, demo.PeopleAsOf, demo.PeopleAsOf)
				if err != nil {
					t.Fatal(err)
				}
				formed, err := demo.Grassroots(sys, db)
				if err != nil || formed == 0 {
					t.Fatalf("%d committees re-formed, %v", formed, err)
				}
				items, err := db.PartyHealth(sys, int64(root), demo.PeopleAsOf)
				if err != nil {
					t.Fatal(err)
				}
				// Committees left with only empty cells lose them in the next step.
				for _, it := range items {
					if it.Problem == canbo.ProblemKindSize && it.Members > 0 {
						t.Errorf("kind does not fit size: %+v", it)
					}
				}
				after, err := db.PartyStats(sys, int64(root), demo.PeopleAsOf, demo.PeopleAsOf, demo.PeopleAsOf)
				if err != nil || after.Members != before.Members || after.Grassroots["chi_bo_co_so"] < formed {
					t.Errorf("members %d → %d, %d chi bộ cơ sở for %d re-formed (%v)", before.Members, after.Members,
						after.Grassroots["chi_bo_co_so"], formed, err)
				}
				if again, err := demo.Grassroots(sys, db); err != nil || again != 0 {
					t.Errorf("second run re-formed %d, %v", again, err)
				}
			})
			t.Run("neighbourhood cells", func(t *testing.T) {
				dissolved, linked, small, err := demo.Neighbourhoods(sys, db, 1)
				if err != nil {
					t.Fatal(err)
				}
				root := atoi(q(`SELECT CAST(unit_id AS TEXT) FROM unit_versions WHERE name = 'Đảng bộ Thành phố Hồ Chí Minh'`)[0][0])
				items, err := db.PartyHealth(sys, int64(root), demo.PeopleAsOf)
				if err != nil {
					t.Fatal(err)
				}
				st, err := db.PartyStats(sys, int64(root), demo.PeopleAsOf, demo.PeopleAsOf, demo.PeopleAsOf)
				if err != nil {
					t.Fatal(err)
				}
				count := map[string]int{}
				empty := 0
				for _, it := range items {
					count[it.Problem]++
					if it.Problem == canbo.ProblemFewFullMembers && it.Members == 0 {
						empty++
					}
				}
				t.Logf("%d dissolved, %d linked, %d small; %d cells; problems %v", dissolved, linked, small, st.Cells, count)
				// Most cells have their three full members; a few are small, a few unlinked, none empty.
				if empty > 0 || small != 3 || count[canbo.ProblemFewFullMembers] < small || count[canbo.ProblemFewFullMembers]*10 > st.Cells {
					t.Errorf("%d empty cells, %d made small, %d with fewer than 3 full members of %d", empty, small,
						count[canbo.ProblemFewFullMembers], st.Cells)
				}
				// A few neighbourhood cells unlinked, most linked; every kind fits its size.
				if n := count[canbo.ProblemNoTerritory]; n == 0 || n*20 > linked+n {
					t.Errorf("%d cells linked, %d unlinked", linked, n)
				}
				if n := count[canbo.ProblemKindSize]; n > 0 {
					t.Errorf("%d units whose kind does not fit their size", n)
				}
				// Nothing is left open in a dissolved cell.
				if carried, left, err := db.RepairCarry(sys, true); err != nil || len(carried)+len(left) > 0 {
					t.Errorf("rows left in ended units: %d, %d, %v", len(carried), len(left), err)
				}
				if d, l, s, err := demo.Neighbourhoods(sys, db, 1); err != nil || d+l+s > 0 {
					t.Errorf("second run: %d, %d, %d, %v", d, l, s, err)
				}
			})
			t.Run("secretaries and plan", func(t *testing.T) {
				added, err := demo.Secretaries(sys, db, 1)
				if err != nil {
					t.Fatal(err)
				}
				root := atoi(q(`SELECT CAST(unit_id AS TEXT) FROM unit_versions WHERE name = 'Đảng bộ Thành phố Hồ Chí Minh'`)[0][0])
				items, err := db.PartyHealth(sys, int64(root), demo.PeopleAsOf)
				if err != nil {
					t.Fatal(err)
				}
				vacant := 0
				for _, it := range items {
					if it.Problem == canbo.ProblemNoSecretary && it.FullMembers > 0 {
						vacant++
					}
				}
				// A handful of cells with full members stay vacant: not none, not most.
				if vacant == 0 || vacant*5 > added {
					t.Errorf("%d secretaries added, %d cells with full members left without one", added, vacant)
				}
				if again, err := demo.Secretaries(sys, db, 1); err != nil || again != 0 {
					t.Errorf("second run added %d secretaries, %v", again, err)
				}
				id, err := demo.ConsolidationPlan(sys, db)
				if err != nil || id == 0 {
					t.Fatalf("plan %d, %v", id, err)
				}
				if again, err := demo.ConsolidationPlan(sys, db); err != nil || again != 0 {
					t.Errorf("second run made plan %d, %v", again, err)
				}
				pre, err := db.PreviewPlan(sys, id)
				if err != nil || len(pre.Moves) != 1 || pre.Moves[0].Members == 0 {
					t.Errorf("preview: %+v, %v", pre, err)
				}
			})
			t.Run("run again", func(t *testing.T) {
				again, err := demo.GeneratePeople(sys, db, demo.ScaleDemo, 1, n)
				if err != nil || again.Ran {
					t.Errorf("second run: %+v, %v", again, err)
				}
				if got := len(q(`SELECT id FROM people`)); got != n {
					t.Errorf("%d people after the second run", got)
				}
				if _, err := demo.GeneratePeople(sys, db, demo.ScaleDemo, 2, n); canbo.ErrorCode(err) != canbo.ECONFLICT {
					t.Errorf("another seed on the same database: %v, want a conflict", err)
				}
			})
		})
	}
	// The same seed gives the same people, whatever the engine.
	if a, b := lists[sqlstore.SQLite], lists[sqlstore.Postgres]; a != nil && b != nil && !slices.Equal(a, b) {
		t.Errorf("two databases, one seed, different people: %v… and %v…", a[:5], b[:5])
	}
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}
