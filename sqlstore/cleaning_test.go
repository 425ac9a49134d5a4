package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"canbo"
	"canbo/adminunits"
	"canbo/demo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// cleaningFixture plants known mistakes among people of three wards.
type cleaningFixture struct {
	tree
	ids map[string]int64 // by label
}

func newCleaning(t *testing.T, db *sqlstore.DB) *cleaningFixture {
	t.Helper()
	f := &cleaningFixture{tree: smallTree(t, db), ids: map[string]int64{}}
	places := map[string]string{"M1": "Hà Nội", "M2": "Thành phố Hà Nội", "M3": "Tỉnh Nghệ An"}
	add := func(label, name, birth, id string, sex canbo.Sex, unit int64) {
		t.Helper()
		fam, mid, giv := split(name)
		p := &canbo.Person{FamilyName: fam, MiddleName: mid, GivenName: giv, Sex: sex, BirthDate: birth, IdentityNumber: id,
			BirthPlace: places[label]}
		post := &canbo.Post{UnitID: unit, Title: "Chuyên viên", Primary: true, From: "2020-01-01"}
		if err := db.CreatePerson(sys, p, post, nil); err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		f.ids[label] = p.ID
	}
	m, w := canbo.Male, canbo.Female
	// Duplicates.
	add("A1", "Nguyễn Văn Hùng", "1965-09-02", "079065000101", m, f.w1)
	add("A2", "Nguyen Van Hung", "1965-09-02", "", m, f.w1) // marks stripped
	add("B1", "Trần Thị Mai", "1970-03-04", "079170000202", w, f.w1)
	add("B2", "Trần Thị Maii", "1970-03-04", "", w, f.w2) // a letter doubled
	add("C1", "Lê Minh Tuấn", "1980-05-06", "", m, f.w1)
	add("C2", "Lê Minh Tuấn", "1980", "", m, f.w1) // the birth date to the year only
	add("D1", "Phạm Quốc Bảo", "1975-01-02", "079075123456", m, f.w1)
	add("D2", "Phạm Bảo", "1975-01", "079075123457", m, f.w1) // middle name left out, number mistyped
	add("H1", "Bùi Văn Tài", "1960-06-06", "", m, f.w1)
	add("H2", "Bùi Văn Tài", "1960-06-06", "", m, f.w3) // in another district
	add("I1", "Ngô Văn Long", "1970-07-07", "079070111111", m, f.w1)
	add("I2", "Ngô Văn Long", "1970-07-07", "079070222222", m, f.w1) // two numbers: two people
	add("M1", "Mai Văn Phúc", "1958-08-08", "", m, f.w1)
	add("M2", "Mai Văn Phúc", "1958-08-08", "", m, f.w1) // the same place written longer
	add("M3", "Mai Văn Phúc", "1958-08-08", "", m, f.w1) // born elsewhere: another man
	// Not duplicates.
	add("E1", "Võ Thị Hoa", "1985-01-01", "", w, f.w1)
	add("E2", "Võ Thị Hoa", "1986-01-01", "", w, f.w1)
	add("F1", "Đỗ Văn Nam", "1990", "", m, f.w1)
	add("F2", "Đỗ Văn Nam", "1990", "", w, f.w1)
	add("G1", "Hồ Thị Lan", "1990-02-02", "", w, f.w1)
	add("G2", "Hồ Thị Lan", "1990-02-03", "", w, f.w1)
	add("G3", "Hồ Thị Lan", "1990-03", "", w, f.w1)
	add("L1", "Trương Văn Bình", "1955-04-04", "", m, f.w1)
	add("L2", "Trương Văn Bính", "1955", "", m, f.w1) // two slips: the name and the date
	// Identity numbers that disagree with the record.
	add("J", "Đinh Thị Thu", "1972-02-02", "079072000303", w, f.w1) // a man's digit
	add("K", "Lý Văn Sơn", "1968", "079070000404", m, f.w1)         // another year
	// Enough of "Nguyễn" for "Nguyen" to stand out.
	for i, g := range strings.Fields("An Bình Cúc Dung Giang Hà Hạnh Hằng Hiền Hương Khánh Liên Loan Mỹ Ngân Nhung Oanh Phượng Quyên Trâm") {
		add(fmt.Sprintf("N%d", i), "Nguyễn Thị "+g, fmt.Sprintf("%d", 1940+i), "", w, f.w1)
	}
	return f
}

// pairs names the findings as "A1+A2" (labels in id order), sorted.
func (f *cleaningFixture) pairs(t *testing.T, rep *canbo.CleaningReport) []string {
	t.Helper()
	label := map[int64]string{}
	for l, id := range f.ids {
		label[id] = l
	}
	var out []string
	for _, x := range rep.Findings {
		var ls []string
		for _, p := range x.People {
			ls = append(ls, label[p.ID])
		}
		out = append(out, string(x.Kind)+":"+strings.Join(ls, "+"))
	}
	slices.Sort(out)
	return out
}

func TestCleaningFindings(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newCleaning(t, db)
		on := date("2025-01-01")
		officer := func(root int64, grants ...string) context.Context {
			return canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Role: canbo.RoleOfficer, Scope: []int64{root}, Grants: grants})
		}
		find := func(ctx context.Context, flt canbo.CleaningFilter) *canbo.CleaningReport {
			t.Helper()
			flt.AsOf, flt.Limit = on, 1000
			rep, err := db.Findings(ctx, flt)
			if err != nil {
				t.Fatal(err)
			}
			return rep
		}
		type check struct {
			name string
			ctx  context.Context
			flt  canbo.CleaningFilter
			want string
		}
		checks := []check{
			{"system sees every planted case", sys, canbo.CleaningFilter{},
				"duplicate:A1+A2 duplicate:B1+B2 duplicate:C1+C2 duplicate:D1+D2 duplicate:H1+H2 duplicate:M1+M2 identity:J identity:K name:A2"},
			{"without the identity grant numbers weigh nothing", officer(f.province), canbo.CleaningFilter{},
				"duplicate:A1+A2 duplicate:B1+B2 duplicate:C1+C2 duplicate:H1+H2 duplicate:I1+I2 duplicate:M1+M2 name:A2"},
			{"a ward officer sees no pair reaching outside the ward", officer(f.w1, canbo.GrantIdentity), canbo.CleaningFilter{},
				"duplicate:A1+A2 duplicate:C1+C2 duplicate:D1+D2 duplicate:M1+M2 identity:J identity:K name:A2"},
			{"a subtree narrows the scope", officer(f.province, canbo.GrantIdentity), canbo.CleaningFilter{Under: f.d1, Kinds: []canbo.FindingKind{canbo.FindingDuplicate}},
				"duplicate:A1+A2 duplicate:B1+B2 duplicate:C1+C2 duplicate:D1+D2 duplicate:M1+M2"},
			{"one kind", sys, canbo.CleaningFilter{Kinds: []canbo.FindingKind{canbo.FindingIdentity}}, "identity:J identity:K"},
		}
		for _, c := range checks {
			t.Run(c.name, func(t *testing.T) {
				rep := find(c.ctx, c.flt)
				if got := strings.Join(f.pairs(t, rep), " "); got != c.want {
					t.Errorf("findings\n got %s\nwant %s", got, c.want)
				}
				if rep.Total != len(rep.Findings) {
					t.Errorf("total %d, page %d", rep.Total, len(rep.Findings))
				}
			})
		}

		t.Run("a subtree too large to list gives the same answers", func(t *testing.T) {
			defer sqlstore.SetMaxListedUnits(1)()
			for _, c := range checks {
				if c.flt.Under == 0 {
					continue
				}
				if got := strings.Join(f.pairs(t, find(c.ctx, c.flt)), " "); got != c.want {
					t.Errorf("%s: findings\n got %s\nwant %s", c.name, got, c.want)
				}
			}
		})
		t.Run("identity kind needs the grant", func(t *testing.T) {
			rep := find(officer(f.w1), canbo.CleaningFilter{})
			if slices.Contains(rep.Kinds, canbo.FindingIdentity) || rep.Counts[canbo.FindingIdentity] != 0 {
				t.Errorf("kinds %v counts %v", rep.Kinds, rep.Counts)
			}
			for _, x := range rep.Findings {
				for _, p := range x.People {
					if p.IdentityNumber != "" {
						t.Errorf("identity number shown without grant: %+v", p)
					}
				}
			}
			_, err := db.Findings(officer(f.w1), canbo.CleaningFilter{Kinds: []canbo.FindingKind{canbo.FindingIdentity}})
			if canbo.ErrorCode(err) != canbo.EFORBIDDEN {
				t.Errorf("identity kind without grant: %v", err)
			}
		})
		t.Run("a subtree outside the scope is not found", func(t *testing.T) {
			_, err := db.Findings(officer(f.w1), canbo.CleaningFilter{Under: f.w3, AsOf: on})
			if canbo.ErrorCode(err) != canbo.ENOTFOUND {
				t.Errorf("under w3 for a w1 officer: %v", err)
			}
		})
		t.Run("bad kind", func(t *testing.T) {
			_, err := db.Findings(sys, canbo.CleaningFilter{Kinds: []canbo.FindingKind{"spelling"}})
			if canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != "kind" {
				t.Errorf("bad kind: %v", err)
			}
		})
		t.Run("reasons, order, units and paging", func(t *testing.T) {
			rep := find(sys, canbo.CleaningFilter{Kinds: []canbo.FindingKind{canbo.FindingDuplicate}})
			byPair := map[string]canbo.Finding{}
			for _, x := range rep.Findings {
				byPair[fmt.Sprint(x.People[0].ID, x.People[1].ID)] = x
			}
			for _, c := range []struct{ a, b, reason string }{
				{"A1", "A2", "Trùng họ tên (khác dấu); cùng ngày sinh"},
				{"B1", "B2", "Tên khác một ký tự (Mai / Maii); cùng ngày sinh"},
				{"C1", "C2", "Trùng họ tên; ngày sinh ghi khác độ chính xác (06/05/1980 / 1980)"},
				{"D1", "D2", "Tên đệm khác (Quốc / không ghi); ngày sinh ghi khác độ chính xác (02/01/1975 / 01/1975); Số định danh khác một chữ số"},
			} {
				x, ok := byPair[fmt.Sprint(f.ids[c.a], f.ids[c.b])]
				if !ok {
					t.Errorf("%s+%s not found", c.a, c.b)
					continue
				}
				if got := strings.Join(x.Reasons, "; "); got != c.reason {
					t.Errorf("%s+%s reasons %q, want %q", c.a, c.b, got, c.reason)
				}
			}
			for i := 1; i < len(rep.Findings); i++ {
				if rep.Findings[i].Score > rep.Findings[i-1].Score {
					t.Errorf("not strongest first: %d after %d", rep.Findings[i].Score, rep.Findings[i-1].Score)
				}
			}
			if got := byPair[fmt.Sprint(f.ids["B1"], f.ids["B2"])].People[1].Units; !slices.Equal(got, []string{"Phường Đa Kao"}) {
				t.Errorf("units of B2: %v", got)
			}
			page := find(sys, canbo.CleaningFilter{Kinds: []canbo.FindingKind{canbo.FindingDuplicate}, Offset: 2})
			page.Findings = page.Findings[:min(2, len(page.Findings))]
			if rep.Total != 6 || page.Total != 6 || page.Findings[0].People[0].ID != rep.Findings[2].People[0].ID {
				t.Errorf("paging: total %d/%d", rep.Total, page.Total)
			}
			names := find(sys, canbo.CleaningFilter{Kinds: []canbo.FindingKind{canbo.FindingName}})
			if len(names.Findings) != 1 || names.Findings[0].Suggestion != "Nguyễn Van Hung" {
				t.Errorf("name findings: %+v", names.Findings)
			}
		})
	})
}

// TestCleaningGenerated measures the findings on the generator's demo population against what
// it planted: near-duplicates (recall and false pairs) and inconsistent identity numbers.
func TestCleaningGenerated(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		if _, err := adminunits.Import(sys, db); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Trees(sys, db); err != nil {
			t.Fatal(err)
		}
		gen, err := demo.GeneratePeople(sys, db, demo.ScaleDemo, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(gen.DuplicatePairs) != gen.NearDuplicates || gen.NearDuplicates == 0 {
			t.Fatalf("generator planted %d near-duplicates, reported %d pairs", gen.NearDuplicates, len(gen.DuplicatePairs))
		}
		rep, err := db.Findings(sys, canbo.CleaningFilter{AsOf: demo.PeopleAsOf, Limit: canbo.MaxFindings})
		if err != nil {
			t.Fatal(err)
		}
		// Copies of one original are duplicates of each other too: compare clusters.
		cluster := map[int64]int64{}
		for _, p := range gen.DuplicatePairs {
			if _, ok := cluster[p[0]]; !ok {
				cluster[p[0]] = p[0]
			}
			cluster[p[1]] = cluster[p[0]]
		}
		same := func(a, b int64) bool { ca, ok := cluster[a]; return ok && ca == cluster[b] }
		found := map[[2]int64]bool{}
		falsePairs := 0
		for _, x := range rep.Findings {
			if x.Kind != canbo.FindingDuplicate {
				continue
			}
			a, b := x.People[0].ID, x.People[1].ID
			found[[2]int64{a, b}], found[[2]int64{b, a}] = true, true
			if !same(a, b) {
				falsePairs++
				t.Logf("not planted: %s (%s) / %s (%s): %s", x.People[0].FullName, x.People[0].BirthDate,
					x.People[1].FullName, x.People[1].BirthDate, strings.Join(x.Reasons, "; "))
			}
		}
		hit := 0
		for _, p := range gen.DuplicatePairs {
			if found[p] {
				hit++
			}
		}
		t.Logf("%d people: %d of %d planted near-duplicates found, %d other pairs; %d name findings (%d typos planted); %d identity findings (%d planted)",
			gen.People, hit, len(gen.DuplicatePairs), falsePairs, rep.Counts[canbo.FindingName], gen.Misspelled,
			rep.Counts[canbo.FindingIdentity], gen.InconsistentIDs)
		if hit*10 < len(gen.DuplicatePairs)*9 {
			t.Errorf("recall %d/%d below 90%%", hit, len(gen.DuplicatePairs))
		}
		if falsePairs > max(2, len(gen.DuplicatePairs)/5) {
			t.Errorf("%d pairs not planted for %d planted", falsePairs, len(gen.DuplicatePairs))
		}
		if rep.Counts[canbo.FindingIdentity] != gen.InconsistentIDs {
			t.Errorf("identity findings %d, planted %d", rep.Counts[canbo.FindingIdentity], gen.InconsistentIDs)
		}
		if n := rep.Counts[canbo.FindingName]; n > gen.Misspelled+gen.NearDuplicates {
			t.Errorf("%d name findings for %d typos planted", n, gen.Misspelled+gen.NearDuplicates)
		}
	})
}
