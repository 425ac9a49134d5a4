package sqlstore_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
	"canbo/vn"
	"canbo/vocab"
)

// listPerson is a generated person with what the oracle needs to decide, in Go, whether a
// filter selects them and where they sort.
type listPerson struct {
	p     *canbo.Person
	posts []canbo.Post
	cells []canbo.CellPeriod // resolved: both ends set
	party *canbo.Membership
	evals []listEval
}

type listEval struct {
	from, level string
	id          int64
}

// listWorld is a party tree and a state tree with people spread over them.
type listWorld struct {
	party, c1, c2, late, party2, c4, state, s1, s2 int64
	children                                       map[int64][]int64
	people                                         []*listPerson
}

func weighted[T any](r *rand.Rand, xs []T, heavy int) T {
	if r.IntN(100) < heavy {
		return xs[0]
	}
	return xs[r.IntN(len(xs))]
}

// newListWorld loads n people drawn from a seeded generator: a common family name (more than
// the planner's "few" threshold), names that fold alike (Nguyễn, Nguyên), a misspelling
// (Trầnn) so that a prefix covers several words, partial birth dates, posts that ended,
// transfers between cells, ended memberships and evaluations, one dated after the list's day.
func newListWorld(t *testing.T, db *sqlstore.DB, n int) *listWorld {
	t.Helper()
	w := &listWorld{children: map[int64][]int64{}}
	mk := func(on string, h canbo.Hierarchy, name, kind string, parent int64) int64 {
		ev, err := db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: date(on),
			New: &canbo.NewUnit{Hierarchy: h, Name: name, Kind: kind, ParentID: parent}})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		id := ev.Links[0].UnitID
		w.children[parent] = append(w.children[parent], id)
		return id
	}
	w.party = mk("2000-01-01", canbo.Party, "Đảng bộ Phường Sài Gòn", "dang_uy", 0)
	w.c1 = mk("2000-01-01", canbo.Party, "Chi bộ Khu phố 1", "chi_bo_truc_thuoc", w.party)
	w.c2 = mk("2000-01-01", canbo.Party, "Chi bộ Khu phố 2", "chi_bo_truc_thuoc", w.party)
	w.late = mk("2025-07-01", canbo.Party, "Chi bộ Tòa nhà An Phú", "chi_bo_truc_thuoc", w.party)
	w.party2 = mk("2000-01-01", canbo.Party, "Đảng bộ Phường Bến Thành", "dang_uy", 0)
	w.c4 = mk("2000-01-01", canbo.Party, "Chi bộ Khu phố 4", "chi_bo_truc_thuoc", w.party2)
	w.state = mk("2000-01-01", canbo.State, "Ủy ban nhân dân Phường Sài Gòn", "ubnd", 0)
	w.s1 = mk("2000-01-01", canbo.State, "Phòng Văn hóa - Xã hội", "phong", w.state)
	w.s2 = mk("2000-01-01", canbo.State, "Phòng Kinh tế", "phong", w.state)

	r := rand.New(rand.NewPCG(7, 11))
	families := []string{"Nguyễn", "Nguyên", "Trần", "Trầnn", "Lê", "Phạm", "Bùi", "Đặng"}
	middles := []string{"Văn", "Thị", "Ngọc", "Thị Ngọc", "", "Hữu", "Anh"}
	givens := []string{"An", "Anh", "Ân", "Ánh", "Hùng", "Hưng", "Lộc", "Ư", "Yến", "Phước"}
	titles := []string{"Chuyên viên", "Phó Trưởng phòng", "Trưởng phòng", "Bí thư chi bộ"}
	for i := range n {
		sex := canbo.Male
		if r.IntN(2) == 1 {
			sex = canbo.Female
		}
		year := 1950 + r.IntN(55)
		birth := fmt.Sprint(year)
		switch r.IntN(3) {
		case 1:
			birth = fmt.Sprintf("%d-%02d", year, 1+r.IntN(12))
		case 2:
			birth = fmt.Sprintf("%d-%02d-%02d", year, 1+r.IntN(12), 1+r.IntN(28))
		}
		lp := &listPerson{p: &canbo.Person{FamilyName: weighted(r, families, 45), MiddleName: weighted(r, middles, 20),
			GivenName: givens[r.IntN(len(givens))], Sex: sex, BirthDate: birth,
			StaffType: canbo.StaffTypes[r.IntN(len(canbo.StaffTypes))], Ethnicity: weighted(r, []string{"Kinh", "Hoa", "Khmer"}, 70),
			Education: canbo.Education{Professional: weighted(r, []string{"Đại học", "Thạc sĩ", ""}, 50),
				PoliticalTheory: weighted(r, []string{"Trung cấp", "Cao cấp", "Sơ cấp", ""}, 40),
				StateManagement: weighted(r, []string{"Chuyên viên", "Chuyên viên chính", ""}, 40)}}}
		if lp.p.StaffType != canbo.StaffNone {
			lp.p.StaffCode = fmt.Sprintf("HCM%05d", i)
		}
		if r.IntN(3) > 0 {
			digit := (year/100 - 19) * 2
			if sex == canbo.Female {
				digit++
			}
			lp.p.IdentityNumber = fmt.Sprintf("079%d%02d%06d", digit, year%100, i)
		}
		for range r.IntN(3) {
			post := canbo.Post{UnitID: []int64{w.s1, w.s2, w.state, w.c1}[r.IntN(4)], Title: titles[r.IntN(len(titles))],
				Primary: true, From: fmt.Sprintf("%d-01-01", 2015+r.IntN(8))}
			if r.IntN(3) == 0 {
				post.To = "2025-07-01"
			}
			lp.posts = append(lp.posts, post)
		}
		if r.IntN(10) < 6 {
			m := &canbo.Membership{AdmittedOn: fmt.Sprintf("%d-05-19", 2000+r.IntN(20))}
			first := []int64{w.c1, w.c2, w.c4}[r.IntN(3)]
			switch r.IntN(4) {
			case 0: // a transfer: out of the first cell, into the late one or another
				next := []int64{w.late, w.c2, w.c4}[r.IntN(3)]
				from := "2025-07-01"
				if next != w.late {
					from = "2024-01-01"
				}
				m.Cells = []canbo.CellPeriod{{CellID: first, From: m.AdmittedOn, To: from}, {CellID: next, From: from}}
			case 1: // ended
				m.EndedOn = "2025-03-01"
				m.EndReason = "leaving"
				m.Cells = []canbo.CellPeriod{{CellID: first, From: m.AdmittedOn}}
			default:
				m.Cells = []canbo.CellPeriod{{CellID: first, From: m.AdmittedOn}}
			}
			lp.party = m
			for _, c := range m.Cells {
				if c.To == "" {
					c.To = cmp.Or(m.EndedOn, "9999-12-31")
				}
				lp.cells = append(lp.cells, c)
			}
		}
		if len(lp.posts) == 0 && lp.party == nil {
			lp.posts = []canbo.Post{{UnitID: w.s2, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}}
		}
		w.people = append(w.people, lp)
	}
	if _, err := db.BulkPeople(sys, "list-test", func(add sqlstore.BulkAdd) error {
		for _, lp := range w.people {
			if err := add(lp.p, lp.posts, lp.party); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, lp := range w.people {
		if i%20 != 0 {
			continue
		}
		for j, from := range []string{"2023", "2024-12-31", "2027"}[:1+i%3] {
			e := &canbo.Entry{PersonID: lp.p.ID, Kind: canbo.EntryEvaluation, From: from, Title: "Đánh giá năm",
				Details: map[string]string{"level": canbo.EvaluationLevels[(i/20+j)%4]}}
			if err := db.AddEntry(sys, e); err != nil {
				t.Fatal(err)
			}
			lp.evals = append(lp.evals, listEval{from, e.Details["level"], e.ID})
		}
	}
	return w
}

// subtree lists a unit and its descendants (the tree never changes after 2025-07-01).
func (w *listWorld) subtree(u int64) []int64 {
	out := []int64{u}
	for _, c := range w.children[u] {
		out = append(out, w.subtree(c)...)
	}
	return out
}

func foldWords(s string) []string {
	return strings.FieldsFunc(vn.Fold(s), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
}

// expect computes, for the caller's scope roots (nil: everything) and identity grant, the people
// f selects on f.AsOf, in official order.
func (w *listWorld) expect(f canbo.PersonFilter, scope []int64, identity bool) []int64 {
	on := f.AsOf.Format("2006-01-02")
	in := func(units []int64, lp *listPerson) bool {
		for _, x := range lp.posts {
			if slices.Contains(units, x.UnitID) && x.From <= on && (x.To == "" || x.To > on) {
				return true
			}
		}
		for _, c := range lp.cells {
			if slices.Contains(units, c.CellID) && c.From <= on && c.To > on {
				return true
			}
		}
		return false
	}
	var scopeUnits []int64
	for _, r := range scope {
		scopeUnits = append(scopeUnits, w.subtree(r)...)
	}
	var got []*listPerson
	for _, lp := range w.people {
		p := lp.p
		if scope != nil && !in(scopeUnits, lp) || f.Under != 0 && !in(w.subtree(f.Under), lp) {
			continue
		}
		words := foldWords(p.FullName)
		words = append(words, foldWords(p.StaffCode)...)
		if identity {
			words = append(words, foldWords(p.IdentityNumber)...)
		}
		ok := true
		for _, tok := range foldWords(f.Q) {
			ok = ok && slices.ContainsFunc(words, func(x string) bool { return strings.HasPrefix(x, tok) })
		}
		if f.Party != nil {
			m := lp.party
			member := m != nil && m.AdmittedOn <= on && (m.EndedOn == "" || m.EndedOn > on)
			ok = ok && member == *f.Party
		}
		first := p.BirthDate
		if len(first) == 4 {
			first += "-01-01"
		} else if len(first) == 7 {
			first += "-01"
		}
		ok = ok && (f.StaffType == "" || p.StaffType == f.StaffType) && (f.Sex == "" || p.Sex == f.Sex) &&
			(f.BornFrom == "" || first >= f.BornFrom) && (f.BornTo == "" || first < f.BornTo) &&
			// The records hold codes; a filter may name the value (the store maps it as vocab does).
			(f.Ethnicity == "" || p.Ethnicity == vocab.Ethnicities.Normalize(f.Ethnicity)) &&
			(f.EduProfessional == "" || p.Education.Professional == vocab.ProfessionalEducation.Normalize(f.EduProfessional)) &&
			(f.EduPolitical == "" || p.Education.PoliticalTheory == vocab.PoliticalTheory.Normalize(f.EduPolitical)) &&
			(f.EduState == "" || p.Education.StateManagement == vocab.StateManagement.Normalize(f.EduState))
		if f.PostTitle != "" || f.PostUnit != 0 {
			ok = ok && slices.ContainsFunc(lp.posts, func(x canbo.Post) bool {
				return x.From <= on && (x.To == "" || x.To > on) && strings.Contains(x.Title, f.PostTitle) && (f.PostUnit == 0 || x.UnitID == f.PostUnit)
			})
		}
		if f.Evaluation != "" {
			var latest *listEval
			for i, e := range lp.evals {
				if e.from <= on && (latest == nil || e.from > latest.from || e.from == latest.from && e.id > latest.id) {
					latest = &lp.evals[i]
				}
			}
			ok = ok && latest != nil && latest.level == f.Evaluation
		}
		if ok {
			got = append(got, lp)
		}
	}
	slices.SortFunc(got, func(a, b *listPerson) int {
		ka := vn.PersonKey(a.p.FamilyName, a.p.MiddleName, a.p.GivenName, a.p.BirthDate)
		kb := vn.PersonKey(b.p.FamilyName, b.p.MiddleName, b.p.GivenName, b.p.BirthDate)
		return cmp.Or(bytes.Compare(ka, kb), cmp.Compare(a.p.ID, b.p.ID))
	})
	ids := make([]int64, len(got))
	for i, lp := range got {
		ids[i] = lp.p.ID
	}
	return ids
}

// TestFindPeopleMatchesOracle compares FindPeople with the oracle for many filters, under every
// plan the planner can take, paging through every page: an optimisation that drops, repeats or
// misorders a row, or miscounts, fails here.
func TestFindPeopleMatchesOracle(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newListWorld(t, db, 1300)
		on := date("2026-01-01")
		yes, no := true, false
		type c struct {
			name     string
			f        canbo.PersonFilter
			scope    []int64
			identity bool
		}
		cases := []c{
			{name: "everyone", f: canbo.PersonFilter{}},
			{name: "party subtree", f: canbo.PersonFilter{Under: w.party}},
			{name: "state subtree", f: canbo.PersonFilter{Under: w.state}},
			{name: "late cell", f: canbo.PersonFilter{Under: w.late}},
			{name: "common family name", f: canbo.PersonFilter{Q: "nguyen"}},
			{name: "prefixes", f: canbo.PersonFilter{Q: "ng a"}},
			{name: "full name", f: canbo.PersonFilter{Q: "Nguyễn Văn An"}},
			{name: "misspelt prefix", f: canbo.PersonFilter{Q: "tran thi"}},
			{name: "given name", f: canbo.PersonFilter{Q: "hung"}},
			{name: "one letter", f: canbo.PersonFilter{Q: "u"}},
			{name: "identity granted", f: canbo.PersonFilter{Q: "0791"}, identity: true},
			{name: "staff code", f: canbo.PersonFilter{Q: "hcm001"}},
			{name: "name in subtree", f: canbo.PersonFilter{Under: w.party, Q: "nguyen thi"}},
			{name: "members", f: canbo.PersonFilter{Under: w.party, Party: &yes}},
			{name: "non-members", f: canbo.PersonFilter{Party: &no}},
			{name: "women civil servants", f: canbo.PersonFilter{Sex: canbo.Female, StaffType: canbo.StaffCivilServant}},
			{name: "born 1970s", f: canbo.PersonFilter{BornFrom: "1970-01-01", BornTo: "1980-01-01", Q: "an"}},
			{name: "ethnicity", f: canbo.PersonFilter{Ethnicity: "Hoa"}},
			{name: "qualifications", f: canbo.PersonFilter{EduPolitical: "Cao cấp", EduProfessional: "Thạc sĩ"}},
			{name: "post title", f: canbo.PersonFilter{PostTitle: "phòng"}},
			{name: "post in unit", f: canbo.PersonFilter{PostUnit: w.s1, PostTitle: "Trưởng"}},
			{name: "evaluation", f: canbo.PersonFilter{Evaluation: canbo.EvaluationCodes[1]}},
			{name: "scope", f: canbo.PersonFilter{}, scope: []int64{w.party}},
			{name: "scope search", f: canbo.PersonFilter{Q: "nguyen"}, scope: []int64{w.s1}},
			{name: "identity not granted", f: canbo.PersonFilter{Q: "0791"}, scope: []int64{w.party, w.state}},
			{name: "scope and subtree", f: canbo.PersonFilter{Under: w.state, Q: "a"}, scope: []int64{w.party}},
		}
		for _, lim := range []struct {
			name                 string
			small, people, words int
		}{{"default", 500, 60000, 8}, {"no sets", -1, -1, 8}, {"single words", -1, -1, 1}, {"in order", -1, -1, 0}, {"all sets", 1 << 30, 1 << 30, 8}} {
			restore := sqlstore.SetPlanLimits(lim.small, lim.people, lim.words)
			for _, tc := range cases {
				ctx := sys
				if tc.scope != nil {
					ctx = canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Role: canbo.RoleOfficer, Scope: tc.scope,
						Grants: []string{canbo.GrantBackground, canbo.GrantEvaluation}})
				}
				tc.f.AsOf = on
				want := w.expect(tc.f, tc.scope, tc.identity || tc.scope == nil)
				if tc.name == "everyone" && len(want) < 1300 || tc.name == "common family name" && len(want) <= 500 {
					t.Fatalf("%s: the world is too small to test the plans (%d people)", tc.name, len(want))
				}
				var got []int64
				cursor, pages := "", 0
				for {
					f := tc.f
					f.Limit, f.Cursor = 97, cursor
					page, total, next, err := db.FindPeople(ctx, f)
					if err != nil {
						t.Fatalf("%s/%s: %v", lim.name, tc.name, err)
					}
					if pages == 0 && total != len(want) && !(len(want) > canbo.PeopleCountCap && total == canbo.PeopleCountCap+1) {
						t.Errorf("%s/%s: total %d, want %d", lim.name, tc.name, total, len(want))
					}
					for _, p := range page {
						got = append(got, p.ID)
					}
					pages++
					if cursor = next; cursor == "" || pages > 50 {
						break
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s/%s: %d people, want %d; first difference at %d", lim.name, tc.name, len(got), len(want), firstDiff(got, want))
				}
			}
			restore()
		}
	})
}

func firstDiff(a, b []int64) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestFindPeopleSensitiveFilters refuses filters on classes the caller may not see: the answer
// would reveal the hidden field.
func TestFindPeopleSensitiveFilters(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		for _, c := range []struct {
			grants []string
			filter canbo.PersonFilter
			field  string
		}{
			{nil, canbo.PersonFilter{Ethnicity: "Kinh"}, "ethnicity"},
			{[]string{canbo.GrantBackground}, canbo.PersonFilter{Evaluation: canbo.EvaluationCodes[0]}, "evaluation"},
		} {
			u := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Role: canbo.RoleOfficer, Scope: []int64{f.w1}, Grants: c.grants})
			c.filter.AsOf = date("2025-01-01")
			if _, _, _, err := db.FindPeople(u, c.filter); canbo.ErrorCode(err) != canbo.EFORBIDDEN || canbo.ErrorField(err) != c.field {
				t.Errorf("%s without the grant: %v", c.field, err)
			}
			c.grants = append(c.grants, canbo.GrantBackground, canbo.GrantEvaluation)
			u = canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Role: canbo.RoleOfficer, Scope: []int64{f.w1}, Grants: c.grants})
			if _, _, _, err := db.FindPeople(u, c.filter); err != nil {
				t.Errorf("%s with the grant: %v", c.field, err)
			}
		}
	})
}
