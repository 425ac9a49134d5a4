package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// carryFixture is a small city with wards (territory) and a ward party committee with three
// cells, and people whose posts or cells are in them. where holds every person's one unit,
// from which the tests compute by brute force who should be under each unit on each day.
type carryFixture struct {
	tree
	committee, c1, c2, c3 int64
	where                 map[int64]int64 // person → unit
	names                 map[int64]string
}

func newCarryFixture(t *testing.T, db *sqlstore.DB) *carryFixture {
	f := &carryFixture{tree: smallTree(t, db), where: map[int64]int64{}, names: map[int64]string{}}
	city := create(t, db, "2000-01-01", "Đảng bộ Thành phố", "TU79", "thanh_uy", 0)
	f.committee = create(t, db, "2000-01-01", "Đảng ủy phường Bến Nghé", "DU1", "dang_uy", city)
	f.c1 = create(t, db, "2000-01-01", "Chi bộ khu phố 1", "CB1", "chi_bo_truc_thuoc", f.committee)
	f.c2 = create(t, db, "2000-01-01", "Chi bộ khu phố 2", "CB2", "chi_bo_truc_thuoc", f.committee)
	f.c3 = create(t, db, "2000-01-01", "Chi bộ khu phố 3", "CB3", "chi_bo_truc_thuoc", f.committee)
	n := 0
	for _, u := range []int64{f.w1, f.w1, f.w1, f.w2, f.w2, f.w3, f.w3, f.w3, f.w3, f.d1} {
		n++
		f.person(t, db, fmt.Sprintf("Nguyễn Văn Cán %c", 'A'+n), u, false)
	}
	for _, c := range []int64{f.c1, f.c1, f.c1, f.c2, f.c2, f.c2, f.c3, f.c3} {
		n++
		f.person(t, db, fmt.Sprintf("Trần Thị Đảng %c", 'A'+n), c, true)
	}
	return f
}

// person records somebody with a post in unit (or, for a member, a cell period there) since 2015.
func (f *carryFixture) person(t *testing.T, db *sqlstore.DB, name string, unit int64, member bool) int64 {
	t.Helper()
	fam, mid, giv := split(name)
	p := &canbo.Person{FamilyName: fam, MiddleName: mid, GivenName: giv, Sex: canbo.Female, BirthDate: "1980-02-03"}
	var post *canbo.Post
	var m *canbo.Membership
	if member {
		m = &canbo.Membership{AdmittedOn: "2015-01-01", FullOn: "2016-01-01", Cells: []canbo.CellPeriod{{CellID: unit, From: "2015-01-01"}}}
	} else {
		post = &canbo.Post{UnitID: unit, Title: "Chuyên viên", From: "2015-01-01", Primary: true}
	}
	if err := db.CreatePerson(sys, p, post, m); err != nil {
		t.Fatal(err)
	}
	f.where[p.ID], f.names[p.ID] = unit, p.FullName
	return p.ID
}

// peopleUnder lists the ids of the people the store finds under a unit on a day.
func peopleUnder(t *testing.T, db *sqlstore.DB, unit int64, on string) []int64 {
	t.Helper()
	people, _, _, err := db.FindPeople(sys, canbo.PersonFilter{Under: unit, AsOf: date(on), Limit: 500})
	if err != nil {
		if canbo.ErrorCode(err) == canbo.ENOTFOUND || canbo.ErrorCode(err) == canbo.EINVALID {
			return nil
		}
		t.Fatal(err)
	}
	var ids []int64
	for _, p := range people {
		ids = append(ids, p.ID)
	}
	slices.Sort(ids)
	return ids
}

// expect is the brute force: the people whose unit (after moving them by moved) is in units.
func (f *carryFixture) expect(units []int64, moved map[int64]int64) []int64 {
	var ids []int64
	for p, u := range f.where {
		if to, ok := moved[p]; ok {
			u = to
		}
		if slices.Contains(units, u) {
			ids = append(ids, p)
		}
	}
	slices.Sort(ids)
	return ids
}

func (f *carryFixture) check(t *testing.T, db *sqlstore.DB, unit int64, on string, subtree []int64, moved map[int64]int64) {
	t.Helper()
	got, want := peopleUnder(t, db, unit, on), f.expect(subtree, moved)
	if !slices.Equal(got, want) {
		t.Errorf("under #%d on %s: got %v, want %v", unit, on, got, want)
	}
}

func TestMergeCarriesPeople(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newCarryFixture(t, db)
		doc := canbo.Document{Number: "1656/NQ-UBTVQH15", Issuer: "Ủy ban Thường vụ Quốc hội"}
		ev := mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMerge, Date: date("2025-07-01"), Document: doc,
			Sources: []canbo.Source{{UnitID: f.w1}}, Targets: []canbo.Target{{UnitID: f.w2}}})
		moved := map[int64]int64{}
		for p, u := range f.where {
			if u == f.w1 {
				moved[p] = f.w2
			}
		}
		// Before the event: as recorded; from it: Bến Nghé's people are in Đa Kao, nobody lost.
		f.check(t, db, f.w1, "2025-06-30", []int64{f.w1}, nil)
		f.check(t, db, f.w2, "2025-06-30", []int64{f.w2}, nil)
		f.check(t, db, f.w2, "2025-07-01", []int64{f.w2}, moved)
		f.check(t, db, f.d1, "2025-07-01", []int64{f.d1, f.w2}, moved)
		f.check(t, db, f.province, "2025-06-30", []int64{f.province, f.d1, f.d2, f.w1, f.w2, f.w3}, nil)
		f.check(t, db, f.province, "2025-07-01", []int64{f.province, f.d1, f.d2, f.w1, f.w2, f.w3}, moved)
		if got := peopleUnder(t, db, f.w1, "2025-07-01"); len(got) != 0 {
			t.Errorf("people still under the ended ward: %v", got)
		}
		// The carried post names the event and its document.
		var carried int64
		for p := range moved {
			carried = p
			break
		}
		posts, err := db.Posts(sys, carried)
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) != 2 || posts[0].UnitID != f.w2 || posts[0].From != "2025-07-01" || posts[0].Carried == nil ||
			posts[0].Carried.EventID != ev.ID || posts[0].Carried.Document.Number != doc.Number || posts[0].Title != "Chuyên viên" || !posts[0].Primary {
			t.Errorf("carried posts: %+v", posts)
		}
		if posts[1].UnitID != f.w1 || posts[1].To != "2025-07-01" || posts[1].Carried != nil {
			t.Errorf("old post: %+v", posts[1])
		}
	})
}

func TestSplitPlacesPeople(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newCarryFixture(t, db)
		var inW3 []int64
		for p, u := range f.where {
			if u == f.w3 {
				inW3 = append(inW3, p)
			}
		}
		slices.Sort(inW3)
		split := func(pl []canbo.Placement) (*canbo.Event, error) {
			return db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventSplit, Date: date("2025-07-01"),
				Sources: []canbo.Source{{UnitID: f.w3}},
				Targets: []canbo.Target{
					{New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "Phường Xuân Hòa", Kind: "phuong", ParentID: f.d2}},
					{New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "Phường Nhiêu Lộc", Kind: "phuong", ParentID: f.d2}}},
				Placements: pl})
		}
		bad := []struct {
			pl   []canbo.Placement
			want string
		}{
			{nil, "Còn 4 người"},
			{[]canbo.Placement{{PersonID: inW3[0], Target: 1}}, "Còn 3 người"},
			{[]canbo.Placement{{PersonID: inW3[0], UnitID: f.w2}}, "Phường Đa Kao không phải đơn vị nhận"},
			{[]canbo.Placement{{PersonID: inW3[0], Target: 1}, {PersonID: inW3[0], Target: 2}}, f.names[inW3[0]] + " (#"},
			{[]canbo.Placement{{PersonID: 999999, Target: 1}}, "#999999"},
			{[]canbo.Placement{{PersonID: firstIn(f, f.w1), Target: 1}}, f.names[firstIn(f, f.w1)]},
			{[]canbo.Placement{{PersonID: inW3[0], End: true}}, "Thiếu lý do"},
		}
		for _, b := range bad {
			_, err := split(b.pl)
			if err == nil || canbo.ErrorCode(err) != canbo.EINVALID || !strings.Contains(canbo.ErrorMessage(err), b.want) {
				t.Errorf("placements %+v: got %v, want %q", b.pl, err, b.want)
			}
		}
		// Nothing was written: Võ Thị Sáu still exists on the day and holds its people.
		f.check(t, db, f.w3, "2025-07-01", []int64{f.w3}, nil)
		ev, err := split([]canbo.Placement{{PersonID: inW3[0], Target: 1}, {PersonID: inW3[1], Target: 2}, {PersonID: inW3[2], Target: 2},
			{PersonID: inW3[3], End: true, Reason: "Nghỉ hưu"}})
		if err != nil {
			t.Fatal(err)
		}
		var t1, t2 int64
		for _, l := range ev.Links {
			if l.Role == canbo.RoleSuccessor && l.Name == "Phường Xuân Hòa" {
				t1 = l.UnitID
			} else if l.Role == canbo.RoleSuccessor {
				t2 = l.UnitID
			}
		}
		moved := map[int64]int64{inW3[0]: t1, inW3[1]: t2, inW3[2]: t2, inW3[3]: -1}
		f.check(t, db, t1, "2025-07-01", []int64{t1}, moved)
		f.check(t, db, t2, "2025-07-01", []int64{t2}, moved)
		f.check(t, db, f.d2, "2025-07-01", []int64{f.d2, t1, t2}, moved)
		f.check(t, db, f.d2, "2025-06-30", []int64{f.d2, f.w3}, nil)
		posts, err := db.Posts(sys, inW3[3])
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) != 1 || posts[0].To != "2025-07-01" || posts[0].EndReason != "Nghỉ hưu" {
			t.Errorf("ended post: %+v", posts)
		}
	})
}

func firstIn(f *carryFixture, unit int64) int64 {
	var ids []int64
	for p, u := range f.where {
		if u == unit {
			ids = append(ids, p)
		}
	}
	return slices.Min(ids)
}

func TestDissolveCellCarriesMembers(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newCarryFixture(t, db)
		dissolve := func(pl []canbo.Placement) error {
			_, err := db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventDissolve, Date: date("2025-09-01"), UnitID: f.c3,
				Document: canbo.Document{Number: "12-QĐ/ĐU"}, Placements: pl})
			return err
		}
		err := dissolve(nil)
		if err == nil || !strings.Contains(canbo.ErrorMessage(err), "Còn 2 người") || canbo.ErrorField(err) != "placements" {
			t.Fatalf("dissolve with members: %v", err)
		}
		members := []int64{}
		for p, u := range f.where {
			if u == f.c3 {
				members = append(members, p)
			}
		}
		if err := dissolve([]canbo.Placement{{PersonID: members[0], UnitID: f.w1}, {PersonID: members[1], UnitID: f.c1}}); err == nil ||
			!strings.Contains(canbo.ErrorMessage(err), "hệ thống khác") {
			t.Fatalf("placement in another hierarchy: %v", err)
		}
		if err := dissolve([]canbo.Placement{{PersonID: members[0], UnitID: f.c1}, {PersonID: members[1], UnitID: f.c2}}); err != nil {
			t.Fatal(err)
		}
		moved := map[int64]int64{members[0]: f.c1, members[1]: f.c2}
		all := f.expect([]int64{f.c1, f.c2, f.c3}, nil)
		for _, on := range []string{"2025-08-31", "2025-09-01"} {
			m := moved
			if on < "2025-09-01" {
				m = nil
			}
			ward := peopleUnder(t, db, f.committee, on)
			if !slices.Equal(ward, all) {
				t.Errorf("%s: committee has %v, want everybody %v", on, ward, all)
			}
			sum := 0
			for _, c := range []int64{f.c1, f.c2, f.c3} {
				f.check(t, db, c, on, []int64{c}, m)
				sum += len(peopleUnder(t, db, c, on))
			}
			if sum != len(ward) {
				t.Errorf("%s: cells add up to %d, committee has %d", on, sum, len(ward))
			}
		}
		m, err := db.Membership(sys, members[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Cells) != 2 || m.Cells[1].CellID != f.c1 || m.Cells[1].Carried == nil || m.Cells[1].Carried.Kind != canbo.EventDissolve {
			t.Errorf("carried cell period: %+v", m.Cells)
		}
	})
}

func TestPreviewCarryCounts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newCarryFixture(t, db)
		moves, err := db.PreviewCarry(sys, canbo.EventInput{Kind: canbo.EventMerge, Date: date("2025-07-01"),
			Sources: []canbo.Source{{UnitID: f.c1}, {UnitID: f.c2}}, Targets: []canbo.Target{{UnitID: f.c3}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(moves) != 2 || moves[0].Members+moves[1].Members != 6 || moves[0].ToID != f.c3 || moves[0].ToName != "Chi bộ khu phố 3" {
			t.Errorf("moves: %+v", moves)
		}
		// The preview wrote nothing.
		f.check(t, db, f.c3, "2025-07-01", []int64{f.c3}, nil)
	})
}

func TestRepairCarry(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newCarryFixture(t, db)
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMerge, Date: date("2025-07-01"),
			Sources: []canbo.Source{{UnitID: f.w1}}, Targets: []canbo.Target{{UnitID: f.w2}}})
		gone := create(t, db, "2000-01-01", "Phường Tạm", "99999", "phuong", f.d1)
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventDissolve, Date: date("2025-07-01"), UnitID: gone})
		// Records typed in afterwards with posts open in units that had ended, as imports made them.
		late := f.person(t, db, "Lê Văn Trễ", f.w1, false)
		lost := f.person(t, db, "Lê Văn Lạc", gone, false)
		if got := peopleUnder(t, db, f.w2, "2025-07-02"); slices.Contains(got, late) {
			t.Fatal("stranded person already under the successor")
		}
		carried, left, err := db.RepairCarry(sys, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(carried) != 1 || carried[0].PersonID != late || carried[0].SuccessorID != f.w2 || len(left) != 1 || left[0].PersonID != lost {
			t.Fatalf("dry run: carried %+v, left %+v", carried, left)
		}
		if got := peopleUnder(t, db, f.w2, "2025-07-02"); slices.Contains(got, late) {
			t.Fatal("dry run wrote")
		}
		if _, _, err := db.RepairCarry(sys, false); err != nil {
			t.Fatal(err)
		}
		if got := peopleUnder(t, db, f.w2, "2025-07-02"); !slices.Contains(got, late) {
			t.Errorf("repaired person not under the successor: %v", got)
		}
		if got := peopleUnder(t, db, f.w1, "2025-06-30"); !slices.Contains(got, late) {
			t.Errorf("repaired person lost their past in the ended unit: %v", got)
		}
		rows, err := db.StrandedRows(sys)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].PersonID != lost || rows[0].SuccessorID != 0 {
			t.Errorf("left after repair: %+v", rows)
		}
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Role: canbo.RoleOfficer, Scope: []int64{f.d1}})
		if _, _, err := db.RepairCarry(officer, false); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("repair by a scoped caller: %v", err)
		}
	})
}
