package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"canbo"
	"canbo/demo"
	"canbo/remind"
	"canbo/rules"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
	"canbo/vn"
)

// generated returns, per engine, one database with the demo trees, generated people and their
// timelines, shared by the reminder tests (which only read it): seeding is the slow part.
var (
	genOnce [2]sync.Once
	genDB   [2]*sqlstore.DB
	genErr  [2]error
)

// keepTB is a testing.TB whose cleanups never run, so the shared database outlives its first test.
type keepTB struct{ testing.TB }

func (keepTB) Cleanup(func()) {}

func (k keepTB) TempDir() string {
	dir, err := os.MkdirTemp("", "canbo-remind-")
	if err != nil {
		k.Fatal(err)
	}
	return dir
}

const genPeople = 1500

func generated(t *testing.T, e sqlstore.Engine) *sqlstore.DB {
	t.Helper()
	i := slices.Index(sqltest.Engines, e)
	genOnce[i].Do(func() {
		k := keepTB{t}
		dsn := sqltest.DSN(k, e)
		db, err := sqlstore.Open(context.Background(), dsn)
		if err == nil {
			_, err = db.SetAuditDir(filepath.Join(k.TempDir(), "audit"))
		}
		if err == nil {
			_, err = demo.GeneratePeople(sys, db, demo.ScaleDemo, 1, genPeople)
		}
		if err == nil {
			_, err = demo.GenerateEntries(sys, db, 1)
		}
		genDB[i], genErr[i] = db, err
	})
	if genErr[i] != nil {
		t.Fatalf("generate on %s: %v", e, genErr[i])
	}
	return genDB[i]
}

// eachGenerated runs f on the shared generated database of every engine.
func eachGenerated(t *testing.T, f func(t *testing.T, db *sqlstore.DB)) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			if e == sqlstore.Postgres && os.Getenv("CANBO_TEST_POSTGRES") == "" {
				sqltest.DSN(t, e) // skips or fails as the environment asks
			}
			f(t, generated(t, e))
		})
	}
}

// record is everything about one person that the brute force reads, through the public
// per-person methods rather than the reminders' queries.
type record struct {
	p       *canbo.Person
	posts   []canbo.Post
	m       *canbo.Membership
	entries []canbo.Entry
	// secondments are the generator's secondment entries, which became records when loaded.
	secondments []*canbo.Secondment
}

func loadAll(t *testing.T, db *sqlstore.DB, ctx context.Context, under int64, on time.Time) map[int64]bool {
	t.Helper()
	ids := map[int64]bool{}
	cursor := ""
	for {
		page, _, next, err := db.FindPeople(ctx, canbo.PersonFilter{Under: under, AsOf: on, Limit: sqlstore.MaxPeople, Cursor: cursor})
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

func records(t *testing.T, db *sqlstore.DB, ids map[int64]bool) []record {
	t.Helper()
	var out []record
	for id := range ids {
		p, err := db.FindPerson(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		r := record{p: p}
		if r.posts, r.entries, r.m, err = db.Timeline(sys, id); err != nil {
			t.Fatal(err)
		}
		if r.secondments, err = db.PersonSecondments(sys, id); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

type item struct {
	kind   canbo.ReminderKind
	person int64
	due    string
}

func (i item) String() string { return fmt.Sprintf("%s #%d %s", i.kind, i.person, i.due) }

// bruteForce applies the rules to every record, with no narrowing: the reminders the filter
// must select. visible are the people the caller sees (and under the unit asked); units the
// units a term's post must lie in (nil: any).
func bruteForce(t *testing.T, recs []record, visible map[int64]bool, units map[int64]bool, from, to, asOf time.Time, discipline bool) []item {
	t.Helper()
	set := rules.Defaults()
	cal := rules.DefaultCalendar()
	var out []item
	add := func(k canbo.ReminderKind, id int64, due time.Time) {
		if !due.Before(from) && !due.After(to) {
			out = append(out, item{k, id, due.Format(time.DateOnly)})
		}
	}
	pick := func(get func(time.Time) error, on time.Time) {
		if get(on) != nil {
			if err := get(asOf); err != nil {
				t.Fatal(err)
			}
		}
	}
	parse := func(s string) time.Time {
		if s == "" {
			return canbo.Forever
		}
		d, err := vn.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d.First()
	}
	since := from
	if asOf.Before(since) {
		since = asOf
	}
	for _, r := range recs {
		id := r.p.ID
		if !visible[id] {
			continue
		}
		// Retirements: people holding a post at some time from since to to.
		inService := false
		for _, x := range r.posts {
			if !parse(x.From).After(to) && parse(x.To).After(since) {
				inService = true
			}
		}
		if b, err := vn.ParseDate(r.p.BirthDate); inService && err == nil && !b.IsZero() {
			res, err := set.RetirementFor(b, r.p.Sex, 0)
			if err != nil {
				p, err := set.Retirement(asOf)
				if err != nil {
					t.Fatal(err)
				}
				if res, err = rules.Retirement(p, b, r.p.Sex, 0); err != nil {
					t.Fatal(err)
				}
			}
			add(canbo.RemindRetirementNotice, id, res.NoticeDate)
			add(canbo.RemindRetirementDecision, id, res.DecisionDate)
			add(canbo.RemindRetirement, id, res.Date)
		}
		// Terms of appointments in the units asked.
		for _, x := range r.posts {
			if !remind.AppointedTitle(x.Title) || (units != nil && !units[x.UnitID]) {
				continue
			}
			start, end := parse(x.From), parse(x.To)
			for {
				var p rules.TermParams
				pick(func(on time.Time) (err error) { p, err = set.Term(on); return }, start)
				termEnd := rules.TermEnd(p, start)
				if termEnd.After(end) || termEnd.After(to.AddDate(2, 0, 0)) {
					break
				}
				add(canbo.RemindTermEnd, id, termEnd.AddDate(0, 0, -1))
				add(canbo.RemindReappointNotice, id, rules.ReappointNotice(p, termEnd, cal))
				start = termEnd
			}
		}
		// The latest salary step.
		var last *canbo.Entry
		for i, e := range r.entries {
			if e.Kind == canbo.EntrySalary && (last == nil || parse(e.From).After(parse(last.From)) || parse(e.From).Equal(parse(last.From)) && e.ID > last.ID) {
				last = &r.entries[i]
			}
		}
		if last != nil {
			var p rules.SalaryStepParams
			pick(func(on time.Time) (err error) { p, err = set.SalaryStep(on); return }, parse(last.From))
			extra := 0
			fmt.Sscan(last.Details[canbo.DetailExtraMonths], &extra)
			class := rules.GradeClass(last.Details[canbo.DetailGradeClass])
			next, err := rules.NextStep(p, class, parse(last.From), extra)
			if err != nil {
				t.Fatal(err)
			}
			// Each discipline and "not done" year while in the step extends the wait, when
			// the caller sees them (the tests' callers see both or neither).
			counted := map[int]bool{}
			for grew := discipline; grew; {
				grew = false
				for i, e := range r.entries {
					key := ""
					switch {
					case e.Kind == canbo.EntryDiscipline:
						key = remind.DisciplineLevel(e.Details[canbo.DetailLevel])
					case e.Kind == canbo.EntryEvaluation && e.Details[canbo.DetailLevel] == "not_done":
						key = rules.NotDone
					}
					m := p.ExtensionMonths[key]
					if counted[i] || m == 0 || parse(e.From).Before(parse(last.From)) || !parse(e.From).Before(next) {
						continue
					}
					counted[i], grew, extra = true, true, extra+m
					if next, err = rules.NextStep(p, class, parse(last.From), extra); err != nil {
						t.Fatal(err)
					}
				}
			}
			add(canbo.RemindSalaryStep, id, next)
		}
		if r.m != nil && r.m.FullOn == "" && r.m.EndedOn == "" {
			var p rules.ProbationParams
			pick(func(on time.Time) (err error) { p, err = set.Probation(on); return }, parse(r.m.AdmittedOn))
			add(canbo.RemindProbationEnd, id, rules.ProbationEnd(p, parse(r.m.AdmittedOn)))
		}
		for _, s := range r.secondments {
			if s.LastDay() != "" {
				add(canbo.RemindSecondmentEnd, id, parse(s.LastDay()))
			}
		}
		for _, e := range r.entries {
			switch {
			case e.Kind == canbo.EntryDiscipline && discipline:
				var p rules.DisciplineParams
				pick(func(on time.Time) (err error) { p, err = set.Discipline(on); return }, parse(e.From))
				if end, err := rules.PromotionAllowedFrom(p, remind.DisciplineLevel(e.Details[canbo.DetailLevel]), parse(e.From)); err == nil {
					add(canbo.RemindDisciplineEnd, id, end)
				}
			}
		}
	}
	return out
}

func items(rs *canbo.Reminders) []item {
	var out []item
	for _, r := range rs.Items {
		out = append(out, item{r.Kind, r.PersonID, r.Due.Format(time.DateOnly)})
	}
	return out
}

func sortItems(xs []item) []string {
	var out []string
	for _, x := range xs {
		out = append(out, x.String())
	}
	sort.Strings(out)
	return out
}

func compare(t *testing.T, name string, got *canbo.Reminders, want []item) {
	t.Helper()
	wantCounts := map[canbo.ReminderKind]int{}
	for _, w := range want {
		wantCounts[w.kind]++
	}
	for _, k := range canbo.ReminderKinds {
		if got.Counts[k] != wantCounts[k] {
			t.Errorf("%s: %s count %d, want %d", name, k, got.Counts[k], wantCounts[k])
		}
	}
	g, w := sortItems(items(got)), sortItems(want)
	if !slices.Equal(g, w) {
		var extra, missing []string
		for _, x := range g {
			if !slices.Contains(w, x) {
				extra = append(extra, x)
			}
		}
		for _, x := range w {
			if !slices.Contains(g, x) {
				missing = append(missing, x)
			}
		}
		t.Errorf("%s: %d items, want %d; extra %v; missing %v", name, len(g), len(w), first(extra), first(missing))
	}
}

func first(xs []string) []string { return xs[:min(len(xs), 5)] }

var horizons = []struct {
	name     string
	from, to time.Time
}{
	{"30 days", demo.PeopleAsOf, demo.PeopleAsOf.AddDate(0, 0, 30)},
	{"90 days", demo.PeopleAsOf, demo.PeopleAsOf.AddDate(0, 0, 90)},
	{"1 year", demo.PeopleAsOf, demo.PeopleAsOf.AddDate(1, 0, 0)},
	{"past half year", demo.PeopleAsOf.AddDate(0, -6, 0), demo.PeopleAsOf.AddDate(0, 0, -1)},
	{"3 years ahead", demo.PeopleAsOf.AddDate(1, 0, 0), demo.PeopleAsOf.AddDate(3, 0, 0)},
}

func TestRemindersMatchBruteForce(t *testing.T) {
	eachGenerated(t, func(t *testing.T, db *sqlstore.DB) {
		asOf := demo.PeopleAsOf
		all := loadAll(t, db, sys, 0, asOf)
		recs := records(t, db, all)
		admin := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "admin", Role: canbo.RoleAdmin})
		nonEmpty := map[canbo.ReminderKind]bool{}
		for _, h := range horizons {
			got, err := db.Reminders(admin, canbo.ReminderFilter{From: h.from, To: h.to, AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			compare(t, h.name, got, bruteForce(t, recs, all, nil, h.from, h.to, asOf, true))
			for k, n := range got.Counts {
				nonEmpty[k] = nonEmpty[k] || n > 0
			}
		}
		// The test is only as good as its data: every kind must have been seen.
		for _, k := range canbo.ReminderKinds {
			if !nonEmpty[k] {
				t.Errorf("no %s in any horizon: the generated data does not exercise it", k)
			}
		}
	})
}

// wardOf returns the party committee of the ward with the most generated people.
func wardOf(t *testing.T, db *sqlstore.DB) (party int64) {
	t.Helper()
	units, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.Party, Kind: "dang_uy", AsOf: demo.PeopleAsOf})
	if err != nil {
		t.Fatal(err)
	}
	best := 0
	for _, u := range units {
		if n := len(loadAll(t, db, sys, u.ID, demo.PeopleAsOf)); n > best {
			best, party = n, u.ID
		}
	}
	if best == 0 {
		t.Fatal("no ward with people")
	}
	return party
}

func TestRemindersScope(t *testing.T) {
	eachGenerated(t, func(t *testing.T, db *sqlstore.DB) {
		asOf := demo.PeopleAsOf
		ward := wardOf(t, db)
		officer := &canbo.User{ID: 2, Username: "ward", Role: canbo.RoleOfficer, Scope: []int64{ward}}
		ctx := canbo.NewContextWithUser(context.Background(), officer)
		visible := loadAll(t, db, ctx, 0, asOf)
		all := loadAll(t, db, sys, 0, asOf)
		if len(visible) == 0 || len(visible) == len(all) {
			t.Fatalf("ward sees %d of %d people", len(visible), len(all))
		}
		sub, _, err := db.FindUnits(sys, canbo.UnitFilter{Under: ward, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		units := map[int64]bool{ward: true}
		for _, u := range sub {
			units[u.ID] = true
		}
		recs := records(t, db, all)
		for _, h := range horizons {
			got, err := db.Reminders(ctx, canbo.ReminderFilter{From: h.from, To: h.to, AsOf: asOf})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range got.Items {
				if !visible[it.PersonID] {
					t.Fatalf("%s: %s of person #%d, whom the ward's officer cannot see", h.name, it.Kind, it.PersonID)
				}
			}
			compare(t, h.name, got, bruteForce(t, recs, visible, units, h.from, h.to, asOf, false))
			if _, ok := got.Counts[canbo.RemindDisciplineEnd]; ok {
				t.Errorf("%s: discipline counted for a user without the grant", h.name)
			}
		}
		// The whole city filtered by the ward, as an administrator: the same people.
		admin := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "admin", Role: canbo.RoleAdmin})
		h := horizons[2]
		got, err := db.Reminders(admin, canbo.ReminderFilter{From: h.from, To: h.to, AsOf: asOf, Under: ward})
		if err != nil {
			t.Fatal(err)
		}
		compare(t, "under ward", got, bruteForce(t, recs, loadAll(t, db, sys, ward, asOf), units, h.from, h.to, asOf, true))
		if len(got.Items) == 0 {
			t.Error("no reminders in the ward within a year: the scope test proves nothing")
		}
		// Asking for discipline without the grant is refused, not answered empty.
		_, err = db.Reminders(ctx, canbo.ReminderFilter{From: h.from, To: h.to, Kinds: []canbo.ReminderKind{canbo.RemindDisciplineEnd}})
		if canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("discipline without grant: %v", err)
		}
		// A context with no user sees nothing.
		got, err = db.Reminders(context.Background(), canbo.ReminderFilter{From: h.from, To: h.to, AsOf: asOf})
		if err != nil || len(got.Items) != 0 {
			t.Errorf("no user: %d items, %v", len(got.Items), err)
		}
	})
}

func TestRemindersBadInput(t *testing.T) {
	db := sqltest.MustOpen(t, sqlstore.SQLite)
	for _, c := range []struct {
		name  string
		f     canbo.ReminderFilter
		field string
	}{
		{"no from", canbo.ReminderFilter{To: date("2026-01-01")}, "from"},
		{"no to", canbo.ReminderFilter{From: date("2026-01-01")}, "to"},
		{"reversed", canbo.ReminderFilter{From: date("2026-02-01"), To: date("2026-01-01")}, "to"},
		{"too long", canbo.ReminderFilter{From: date("2026-01-01"), To: date("2036-01-01")}, "to"},
		{"bad kind", canbo.ReminderFilter{From: date("2026-01-01"), To: date("2026-02-01"), Kinds: []canbo.ReminderKind{"birthday"}}, "kind"},
	} {
		_, err := db.Reminders(sys, c.f)
		if canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != c.field {
			t.Errorf("%s: %v (field %q), want field %q", c.name, err, canbo.ErrorField(err), c.field)
		}
	}
}
