package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

func quota(t *testing.T, db *sqlstore.DB, unit int64, st canbo.StaffType, n int, from string) {
	t.Helper()
	if err := db.AddQuota(sys, &canbo.Quota{UnitID: unit, StaffType: st, Count: n, From: from,
		Document: canbo.StaffingDocument{Number: "12/QĐ-UBND", Date: from, Issuer: "UBND Thành phố"}}); err != nil {
		t.Fatalf("quota %d %s %d from %s: %v", unit, st, n, from, err)
	}
}

// staffed records a person of a staff type with a primary post in unit over [from, to).
func staffed(t *testing.T, db *sqlstore.DB, name string, st canbo.StaffType, unit int64, from, to string, position int64) int64 {
	t.Helper()
	fam, mid, giv := split(name)
	p := &canbo.Person{FamilyName: fam, MiddleName: mid, GivenName: giv, Sex: canbo.Male, BirthDate: "1985-04-05", StaffType: st}
	post := &canbo.Post{UnitID: unit, Title: "Chuyên viên", From: from, To: to, Primary: true, PositionID: position}
	if err := db.CreatePerson(sys, p, post, nil); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return p.ID
}

func staffing(t *testing.T, db *sqlstore.DB, unit int64, on string) *canbo.Staffing {
	t.Helper()
	s, err := db.Staffing(sys, unit, date(on))
	if err != nil {
		t.Fatalf("staffing of #%d on %s: %v", unit, on, err)
	}
	return s
}

// checkSumOfChildren asserts that a unit's figures are its own unit's plus its children's.
func checkSumOfChildren(t *testing.T, db *sqlstore.DB, unit int64, on string) {
	t.Helper()
	s := staffing(t, db, unit, on)
	var sum canbo.StaffingTotals
	for _, c := range s.Children {
		cs := staffing(t, db, c.UnitID, on)
		if cs.Totals != c.StaffingTotals {
			t.Errorf("#%d on %s: child #%d listed %+v, its own roll-up %+v", unit, on, c.UnitID, c.StaffingTotals, cs.Totals)
		}
		sum.Allotted += c.Allotted
		sum.Filled += c.Filled
		sum.Vacant += c.Vacant
		sum.Over += c.Over
	}
	own := ownFigures(t, db, unit, on, s)
	sum.Allotted += own.Allotted
	sum.Filled += own.Filled
	sum.Vacant += own.Vacant
	sum.Over += own.Over
	if sum != s.Totals {
		t.Errorf("#%d on %s: totals %+v, own unit plus children %+v", unit, on, s.Totals, sum)
	}
}

// ownFigures is the unit's figures without its children: its own quotas in force (from the
// quota history) against its own primary posts (total filled minus the children's).
func ownFigures(t *testing.T, db *sqlstore.DB, unit int64, on string, s *canbo.Staffing) canbo.StaffingTotals {
	t.Helper()
	allotted := map[canbo.StaffType]int{}
	for _, q := range s.Quotas {
		if q.From <= on && (q.To == "" || q.To > on) {
			allotted[q.StaffType] += q.Count
		}
	}
	filled := map[canbo.StaffType]int{}
	for _, b := range s.ByStaffType {
		filled[b.StaffType] += b.Filled
	}
	for _, c := range s.Children {
		cs := staffing(t, db, c.UnitID, on)
		for _, b := range cs.ByStaffType {
			filled[b.StaffType] -= b.Filled
		}
	}
	var out canbo.StaffingTotals
	for _, st := range canbo.StaffTypes {
		a, f := allotted[st], filled[st]
		out.Allotted += a
		out.Filled += f
		out.Vacant += max(0, a-f)
		out.Over += max(0, f-a)
	}
	return out
}

func TestStaffingRollup(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		quota(t, db, tr.province, canbo.StaffCivilServant, 3, "2024-01-01")
		quota(t, db, tr.w1, canbo.StaffCivilServant, 3, "2024-01-01")
		quota(t, db, tr.w1, canbo.StaffCivilServant, 1, "2025-03-01") // adjustment
		quota(t, db, tr.w2, canbo.StaffCivilServant, 2, "2024-01-01")
		quota(t, db, tr.w2, canbo.StaffPublicEmployee, 1, "2024-01-01")
		quota(t, db, tr.w3, canbo.StaffCadre, 4, "2024-06-01")
		for i := range 3 {
			staffed(t, db, fmt.Sprintf("Nguyễn Văn Bến %c", 'A'+i), canbo.StaffCivilServant, tr.w1, "2024-01-01", "", 0)
		}
		staffed(t, db, "Lê Thị Đa", canbo.StaffCivilServant, tr.w2, "2024-01-01", "2025-01-01", 0)
		staffed(t, db, "Lê Thị Kao", canbo.StaffPublicEmployee, tr.w2, "2024-02-01", "", 0)
		staffed(t, db, "Trần Văn Sáu", canbo.StaffCadre, tr.w3, "2024-01-01", "", 0)
		staffed(t, db, "Phạm Thị Thành", canbo.StaffCivilServant, tr.province, "2024-01-01", "", 0)

		w1 := staffing(t, db, tr.w1, "2025-03-01")
		if want := (canbo.StaffingTotals{Allotted: 1, Filled: 3, Vacant: 0, Over: 2}); w1.Totals != want {
			t.Errorf("Bến Nghé after the adjustment: got %+v, want %+v", w1.Totals, want)
		}
		if len(w1.Flags) == 0 || w1.Flags[0].Kind != "over_quota" {
			t.Errorf("Bến Nghé over quota not flagged: %+v", w1.Flags)
		}
		d1 := staffing(t, db, tr.d1, "2024-06-01")
		// Bến Nghé 3/3; Đa Kao civil servants 1/2 (one vacant), public employees 1/1.
		if want := (canbo.StaffingTotals{Allotted: 6, Filled: 5, Vacant: 1, Over: 0}); d1.Totals != want {
			t.Errorf("Quận 1 on 1/6/2024: got %+v, want %+v", d1.Totals, want)
		}
		// Vacancy of one unit does not absorb the excess of another.
		d1 = staffing(t, db, tr.d1, "2025-06-01")
		if want := (canbo.StaffingTotals{Allotted: 4, Filled: 4, Vacant: 2, Over: 2}); d1.Totals != want {
			t.Errorf("Quận 1 on 1/6/2025: got %+v, want %+v", d1.Totals, want)
		}
		for _, on := range []string{"2023-12-31", "2024-01-01", "2024-05-31", "2024-06-01", "2025-01-01", "2025-03-01", "2026-01-01"} {
			for _, u := range []int64{tr.province, tr.d1, tr.d2} {
				checkSumOfChildren(t, db, u, on)
			}
		}
	})
}

func TestStaffingMergeMidYear(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		quota(t, db, tr.w1, canbo.StaffCivilServant, 5, "2025-01-01")
		quota(t, db, tr.w2, canbo.StaffCivilServant, 4, "2025-01-01")
		quota(t, db, tr.w2, canbo.StaffCadre, 2, "2025-01-01")
		pos := &canbo.Position{UnitID: tr.w1, Name: "Chuyên viên địa chính", Category: canbo.PositionProfessional,
			StaffType: canbo.StaffCivilServant, Headcount: 2, From: "2024-01-01", Grade: "01.003"}
		if err := db.AddPosition(sys, pos); err != nil {
			t.Fatal(err)
		}
		a := staffed(t, db, "Nguyễn Văn An", canbo.StaffCivilServant, tr.w1, "2024-02-01", "", pos.ID)
		staffed(t, db, "Nguyễn Văn Bình", canbo.StaffCivilServant, tr.w1, "2024-02-01", "", 0)
		staffed(t, db, "Nguyễn Văn Cường", canbo.StaffCivilServant, tr.w2, "2024-02-01", "", 0)
		mustEvent(t, db, canbo.EventInput{Kind: canbo.EventMerge, Date: date("2025-07-01"),
			Document: canbo.Document{Number: "1656/NQ-UBTVQH15", Issuer: "Ủy ban Thường vụ Quốc hội"},
			Sources:  []canbo.Source{{UnitID: tr.w1}}, Targets: []canbo.Target{{UnitID: tr.w2}}})

		before := staffing(t, db, tr.d1, "2025-06-30")
		if want := (canbo.StaffingTotals{Allotted: 11, Filled: 3, Vacant: 8}); before.Totals != want {
			t.Errorf("Quận 1 before the merge: got %+v, want %+v", before.Totals, want)
		}
		if len(before.Children) != 2 {
			t.Errorf("Quận 1 before the merge: %d children, want 2", len(before.Children))
		}
		after := staffing(t, db, tr.d1, "2025-07-01")
		if want := (canbo.StaffingTotals{Allotted: 11, Filled: 3, Vacant: 8}); after.Totals != want {
			t.Errorf("Quận 1 after the merge: got %+v, want %+v", after.Totals, want)
		}
		w2 := staffing(t, db, tr.w2, "2025-07-01")
		if want := (canbo.StaffingTotals{Allotted: 11, Filled: 3, Vacant: 8}); w2.Totals != want {
			t.Errorf("Đa Kao after the merge: got %+v, want %+v", w2.Totals, want)
		}
		if w2b := staffing(t, db, tr.w2, "2025-06-30"); w2b.Totals.Allotted != 6 || w2b.Totals.Filled != 1 {
			t.Errorf("Đa Kao before the merge: got %+v, want 6 allotted, 1 filled", w2b.Totals)
		}
		var merged *canbo.Quota
		for _, q := range w2.Quotas {
			if q.StaffType == canbo.StaffCivilServant && q.From == "2025-07-01" {
				merged = q
			}
		}
		if merged == nil || merged.Count != 9 || merged.EventID == 0 || merged.Document.Number != "1656/NQ-UBTVQH15" {
			t.Errorf("Đa Kao's civil-servant quota from the merge: got %+v, want 9 naming the event", merged)
		}
		if len(w2.Positions) != 1 || w2.Positions[0].Name != pos.Name || w2.Positions[0].Filled != 1 {
			t.Fatalf("Đa Kao's positions after the merge: %+v, want the moved position held by one", w2.Positions)
		}
		posts, err := db.Posts(sys, a)
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) != 2 || posts[0].PositionID != w2.Positions[0].ID || posts[1].PositionID != pos.ID {
			t.Errorf("An's posts after the merge: %+v, want the carried one naming the moved position", posts)
		}
		checkSumOfChildren(t, db, tr.d1, "2025-06-30")
		checkSumOfChildren(t, db, tr.d1, "2025-07-01")
	})
}

func TestStaffingSecondedCountOnSendingUnit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		quota(t, db, tr.w1, canbo.StaffCivilServant, 1, "2024-01-01")
		quota(t, db, tr.w2, canbo.StaffCivilServant, 1, "2024-01-01")
		id := staffed(t, db, "Võ Văn Phái", canbo.StaffCivilServant, tr.w1, "2024-01-01", "", 0)
		// Seconded to Đa Kao: a secondment entry and a concurrent post there.
		if err := db.AddEntry(sys, &canbo.Entry{PersonID: id, Kind: canbo.EntrySecondment, From: "2025-01-01", To: "2026-12-31", Title: "UBND phường Đa Kao"}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddPost(sys, &canbo.Post{PersonID: id, UnitID: tr.w2, Title: "Biệt phái", From: "2025-01-01", To: "2026-12-31"}); err != nil {
			t.Fatal(err)
		}
		s := staffing(t, db, tr.d1, "2025-06-01")
		for _, c := range s.Children {
			want := map[int64]int{tr.w1: 1, tr.w2: 0}[c.UnitID]
			if c.Filled != want {
				t.Errorf("%s: filled %d, want %d (a seconded person stays on the sending unit's quota)", c.Name, c.Filled, want)
			}
		}
	})
}

// staffingRows counts the rows of the staffing tables and the audit events, to show a refusal
// wrote nothing.
func staffingRows(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	var out string
	for _, table := range []string{"quotas", "positions", "posts", "audit_events"} {
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s=%d ", table, n)
	}
	return out
}

func TestStaffingBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		late := create(t, db, "2025-07-01", "Phường Sài Gòn", "26741", "phuong", tr.d1)
		pos := &canbo.Position{UnitID: tr.w1, Name: "Kế toán", Category: canbo.PositionShared, StaffType: canbo.StaffCivilServant,
			Headcount: 1, From: "2024-01-01", To: "2025-01-01"}
		if err := db.AddPosition(sys, pos); err != nil {
			t.Fatal(err)
		}
		holder := staffed(t, db, "Đặng Văn Chính", canbo.StaffCivilServant, tr.w2, "2020-01-01", "", 0)
		doc := canbo.StaffingDocument{Number: "1/QĐ", Date: "2025-01-01", Issuer: "UBND"}
		for _, c := range []struct {
			name, field string
			write       func() error
		}{
			{"unit not existing on its date", "unit_id", func() error {
				return db.AddQuota(sys, &canbo.Quota{UnitID: late, StaffType: canbo.StaffCivilServant, Count: 3, From: "2025-01-01", Document: doc})
			}},
			{"negative count", "count", func() error {
				return db.AddQuota(sys, &canbo.Quota{UnitID: tr.w1, StaffType: canbo.StaffCivilServant, Count: -1, From: "2025-01-01", Document: doc})
			}},
			{"unknown staff type", "staff_type", func() error {
				return db.AddQuota(sys, &canbo.Quota{UnitID: tr.w1, StaffType: "astronaut", Count: 1, From: "2025-01-01", Document: doc})
			}},
			{"position of another unit", "post.position_id", func() error {
				return db.AddPost(sys, &canbo.Post{PersonID: holder, UnitID: tr.w2, Title: "Kế toán", From: "2024-02-01", To: "2024-03-01", PositionID: pos.ID})
			}},
			{"two primary posts at once", "post.primary", func() error {
				return db.AddPost(sys, &canbo.Post{PersonID: holder, UnitID: tr.w1, Title: "Chuyên viên", From: "2024-02-01", Primary: true})
			}},
			{"outside the position's dates", "post.position_id", func() error {
				fam, mid, giv := split("Bùi Thị Ngoài")
				p := &canbo.Person{FamilyName: fam, MiddleName: mid, GivenName: giv, Sex: canbo.Female, BirthDate: "1990-01-01", StaffType: canbo.StaffCivilServant}
				return db.CreatePerson(sys, p, &canbo.Post{UnitID: tr.w1, Title: "Kế toán", From: "2024-06-01", Primary: true, PositionID: pos.ID}, nil)
			}},
			{"position in a unit not existing on its date", "unit_id", func() error {
				return db.AddPosition(sys, &canbo.Position{UnitID: late, Name: "Văn thư", Category: canbo.PositionSupport, StaffType: canbo.StaffContract, Headcount: 1, From: "2025-01-01"})
			}},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := staffingRows(t, db)
				err := c.write()
				if canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != c.field {
					t.Fatalf("got %v (field %q), want invalid %s", err, canbo.ErrorField(err), c.field)
				}
				if canbo.ErrorMessage(err) == "" {
					t.Errorf("no message")
				}
				if after := staffingRows(t, db); after != before {
					t.Errorf("rows changed: %s → %s", before, after)
				}
			})
		}
	})
}

// TestStaffingScope: a caller scoped to one district does not see another's staffing and
// cannot set its quota.
func TestStaffingScope(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Role: canbo.RoleOfficer, Scope: []int64{tr.d1}})
		if _, err := db.Staffing(officer, tr.d2, date("2025-01-01")); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("other district's staffing: got %v, want not found", err)
		}
		if _, err := db.Staffing(officer, tr.w1, date("2025-01-01")); err != nil {
			t.Errorf("own ward's staffing: %v", err)
		}
		err := db.AddQuota(officer, &canbo.Quota{UnitID: tr.w3, StaffType: canbo.StaffCadre, Count: 1, From: "2025-01-01",
			Document: canbo.StaffingDocument{Number: "1/QĐ"}})
		if canbo.ErrorField(err) != "unit_id" {
			t.Errorf("quota out of scope: got %v, want refused naming unit_id", err)
		}
	})
}

// TestStaffingGenerated compares the roll-up with a brute force over the generated city: every
// person's primary posts read one by one, summed per unit and up the tree.
func TestStaffingGenerated(t *testing.T) {
	eachGenerated(t, func(t *testing.T, db *sqlstore.DB) {
		on := date("2025-09-01")
		units, _, err := db.FindUnits(sys, canbo.UnitFilter{Hierarchy: canbo.State, AsOf: on, Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		if len(units) < 10 {
			t.Fatalf("%d state units in the generated city", len(units))
		}
		rng := rand.New(rand.NewPCG(13, 13))
		allotted := map[int64]map[canbo.StaffType]int{}
		parent := map[int64]int64{}
		var root int64
		for _, u := range units {
			parent[u.ID] = u.ParentID
			if u.ParentID == 0 {
				root = u.ID
			}
			allotted[u.ID] = map[canbo.StaffType]int{}
			if rng.IntN(3) == 0 {
				continue
			}
			for _, st := range []canbo.StaffType{canbo.StaffCivilServant, canbo.StaffPublicEmployee} {
				n := rng.IntN(12)
				quota(t, db, u.ID, st, n, "2025-09-01")
				allotted[u.ID][st] = n
			}
		}
		filled := map[int64]map[canbo.StaffType]int{}
		for _, r := range records(t, db, loadAll(t, db, sys, root, on)) {
			seen := map[int64]bool{}
			for _, p := range r.posts {
				if !p.Primary || p.From > "2025-09-01" || (p.To != "" && p.To <= "2025-09-01") || seen[p.UnitID] {
					continue
				}
				if _, ok := parent[p.UnitID]; !ok {
					continue
				}
				seen[p.UnitID] = true
				if filled[p.UnitID] == nil {
					filled[p.UnitID] = map[canbo.StaffType]int{}
				}
				filled[p.UnitID][r.p.StaffType]++
			}
		}
		under := func(u, top int64) bool {
			for ; u != 0; u = parent[u] {
				if u == top {
					return true
				}
			}
			return false
		}
		expect := func(top int64) canbo.StaffingTotals {
			var t canbo.StaffingTotals
			for u := range parent {
				if !under(u, top) {
					continue
				}
				for _, st := range canbo.StaffTypes {
					a, f := allotted[u][st], filled[u][st]
					t.Allotted += a
					t.Filled += f
					t.Vacant += max(0, a-f)
					t.Over += max(0, f-a)
				}
			}
			return t
		}
		s := staffing(t, db, root, "2025-09-01")
		if s.Totals.Filled == 0 || s.Totals.Allotted == 0 {
			t.Fatalf("nothing to compare: %+v", s.Totals)
		}
		if want := expect(root); s.Totals != want {
			t.Errorf("city: got %+v, want %+v", s.Totals, want)
		}
		for _, c := range s.Children {
			if want := expect(c.UnitID); c.StaffingTotals != want {
				t.Errorf("%s: got %+v, want %+v", c.Name, c.StaffingTotals, want)
			}
		}
		checkSumOfChildren(t, db, root, "2025-09-01")
	})
}

// quotasOn is a unit's quota per staff type in force on a day, from its quota history.
func quotasOn(t *testing.T, db *sqlstore.DB, unit int64, on string) map[canbo.StaffType]int {
	t.Helper()
	out := map[canbo.StaffType]int{}
	for _, q := range staffing(t, db, unit, on).Quotas {
		if q.From <= on && (q.To == "" || q.To > on) {
			out[q.StaffType] += q.Count
		}
	}
	return out
}

// TestStaffingMergeAdjustedQuotas: the officer sets the merged unit's quotas in place of the
// default sum; the preview shows the parts, the rows before the merge stay, bad input writes
// nothing.
func TestStaffingMergeAdjustedQuotas(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		quota(t, db, tr.w1, canbo.StaffCivilServant, 5, "2025-01-01")
		quota(t, db, tr.w1, canbo.StaffContract, 1, "2025-01-01")
		quota(t, db, tr.w2, canbo.StaffCivilServant, 4, "2025-01-01")
		quota(t, db, tr.w2, canbo.StaffCadre, 2, "2025-01-01")
		merge := func(set ...canbo.CarriedQuota) canbo.EventInput {
			return canbo.EventInput{Kind: canbo.EventMerge, Date: date("2025-07-01"),
				Document: canbo.Document{Number: "1656/NQ-UBTVQH15", Issuer: "Ủy ban Thường vụ Quốc hội"},
				Sources:  []canbo.Source{{UnitID: tr.w1}}, Targets: []canbo.Target{{UnitID: tr.w2}}, Quotas: set}
		}
		preview, err := db.PreviewQuotas(sys, merge())
		if err != nil {
			t.Fatal(err)
		}
		want := []canbo.CarriedQuota{{StaffType: canbo.StaffCadre, Count: 2, Own: 2}, {StaffType: canbo.StaffCivilServant, Count: 9, Own: 4, Carried: 5},
			{StaffType: canbo.StaffContract, Count: 1, Carried: 1}}
		if fmt.Sprint(preview) != fmt.Sprint(want) {
			t.Errorf("preview of the default: got %+v, want %+v", preview, want)
		}
		set := []canbo.CarriedQuota{{StaffType: canbo.StaffCivilServant, Count: 7}, {StaffType: canbo.StaffCadre, Count: 1}}
		if preview, err = db.PreviewQuotas(sys, merge(set...)); err != nil || preview[1].Count != 7 || preview[1].Carried != 5 || preview[0].Count != 1 {
			t.Errorf("preview with the officer's counts: got %+v, %v", preview, err)
		}

		for _, c := range []struct {
			name string
			in   canbo.EventInput
		}{
			{"negative count", merge(canbo.CarriedQuota{StaffType: canbo.StaffCivilServant, Count: -1})},
			{"unknown staff type", merge(canbo.CarriedQuota{StaffType: "astronaut", Count: 1})},
			{"staff type twice", merge(canbo.CarriedQuota{StaffType: canbo.StaffCadre, Count: 1}, canbo.CarriedQuota{StaffType: canbo.StaffCadre, Count: 3})},
			{"not a merge", canbo.EventInput{Kind: canbo.EventDissolve, Date: date("2025-07-01"), UnitID: tr.w3,
				Quotas: []canbo.CarriedQuota{{StaffType: canbo.StaffCadre, Count: 1}}}},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := staffingRows(t, db)
				_, err := db.RecordEvent(sys, c.in)
				if canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != "quotas" || canbo.ErrorMessage(err) == "" {
					t.Fatalf("got %v (field %q), want invalid quotas", err, canbo.ErrorField(err))
				}
				if after := staffingRows(t, db); after != before {
					t.Errorf("rows changed: %s → %s", before, after)
				}
			})
		}

		mustEvent(t, db, merge(set...))
		if got, want := quotasOn(t, db, tr.w2, "2025-07-01"), map[canbo.StaffType]int{canbo.StaffCivilServant: 7, canbo.StaffCadre: 1, canbo.StaffContract: 1}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Đa Kao's quotas after the merge: got %v, want %v", got, want)
		}
		if got, want := quotasOn(t, db, tr.w2, "2025-06-30"), map[canbo.StaffType]int{canbo.StaffCivilServant: 4, canbo.StaffCadre: 2}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Đa Kao's quotas before the merge (history): got %v, want %v", got, want)
		}
		for _, q := range staffing(t, db, tr.w2, "2025-07-01").Quotas {
			if q.From == "2025-07-01" && (q.EventID == 0 || q.Document.Number != "1656/NQ-UBTVQH15") {
				t.Errorf("quota %+v from the merge does not name the event", q)
			}
		}
		if s := staffing(t, db, tr.d1, "2025-07-01"); s.Totals.Allotted != 9 {
			t.Errorf("Quận 1 after the merge: allotted %d, want 9 (7 + 1 + 1)", s.Totals.Allotted)
		}
		checkSumOfChildren(t, db, tr.d1, "2025-07-01")
	})
}

// TestStaffingTargetEdit: a target is changed with its progress recomputed; bad input and a
// caller out of scope change nothing.
func TestStaffingTargetEdit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		quota(t, db, tr.w1, canbo.StaffCivilServant, 10, "2024-01-01")
		quota(t, db, tr.w1, canbo.StaffCivilServant, 9, "2025-01-01")
		tg := &canbo.StaffingTarget{UnitID: tr.w1, Percent: 5, BaseDate: "2024-01-01", Due: "2026-01-01"}
		if err := db.AddStaffingTarget(sys, tg); err != nil {
			t.Fatal(err)
		}
		edit := canbo.StaffingTarget{ID: tg.ID, StaffType: canbo.StaffCivilServant, Percent: 20, BaseDate: "2024-01-01", Due: "2027-01-01",
			Document: canbo.StaffingDocument{Number: "5/KH-UBND"}}
		if err := db.UpdateStaffingTarget(sys, &edit); err != nil {
			t.Fatal(err)
		}
		got := staffing(t, db, tr.w1, "2025-06-01").Targets
		if len(got) != 1 || got[0].Percent != 20 || got[0].Due != "2027-01-01" || got[0].Base != 10 || got[0].Current != 9 || got[0].Achieved != 10 {
			t.Errorf("target after the edit: got %+v, want 20%% due 2027, 10 → 9 (10%% reached)", got)
		}
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Role: canbo.RoleOfficer, Scope: []int64{tr.d2}})
		for _, c := range []struct {
			name, field string
			code        string
			ctx         context.Context
			t           canbo.StaffingTarget
		}{
			{"percent above 100", "percent", canbo.EINVALID, sys, canbo.StaffingTarget{ID: tg.ID, Percent: 120, BaseDate: "2024-01-01", Due: "2027-01-01"}},
			{"due before base", "due", canbo.EINVALID, sys, canbo.StaffingTarget{ID: tg.ID, Percent: 10, BaseDate: "2024-01-01", Due: "2023-01-01"}},
			{"no such target", "", canbo.ENOTFOUND, sys, canbo.StaffingTarget{ID: tg.ID + 100, Percent: 10, BaseDate: "2024-01-01", Due: "2027-01-01"}},
			{"out of scope", "", canbo.ENOTFOUND, officer, canbo.StaffingTarget{ID: tg.ID, Percent: 10, BaseDate: "2024-01-01", Due: "2027-01-01"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := staffingRows(t, db)
				err := db.UpdateStaffingTarget(c.ctx, &c.t)
				if canbo.ErrorCode(err) != c.code || canbo.ErrorField(err) != c.field {
					t.Fatalf("got %v (field %q), want %s %s", err, canbo.ErrorField(err), c.code, c.field)
				}
				if after := staffingRows(t, db); after != before {
					t.Errorf("rows changed: %s → %s", before, after)
				}
			})
		}
		if got := staffing(t, db, tr.w1, "2025-06-01").Targets[0]; got.Percent != 20 {
			t.Errorf("target after the refusals: %+v, want unchanged", got)
		}
	})
}

// TestStaffingPositionEndAndChoice: a position ends only when nobody holds it past the day;
// Positions offers a post exactly the positions it may name; naming another unit's position or
// one outside its dates on an existing post is refused naming the field.
func TestStaffingPositionEndAndChoice(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		add := func(unit int64, name, from, to string) *canbo.Position {
			p := &canbo.Position{UnitID: unit, Name: name, Category: canbo.PositionProfessional, StaffType: canbo.StaffCivilServant, Headcount: 1, From: from, To: to}
			if err := db.AddPosition(sys, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		land := add(tr.w1, "Địa chính", "2024-01-01", "")
		short := add(tr.w1, "Thống kê", "2024-01-01", "2024-06-01")
		other := add(tr.w2, "Văn hóa", "2024-01-01", "")
		holder := staffed(t, db, "Lý Văn Giữ", canbo.StaffCivilServant, tr.w1, "2024-02-01", "", land.ID)

		offered, err := db.Positions(sys, tr.w1, date("2024-02-01"), canbo.Forever)
		if err != nil || len(offered) != 1 || offered[0].ID != land.ID {
			t.Errorf("positions an open post from 2024-02-01 in Bến Nghé may name: got %+v, %v, want only %q", offered, err, land.Name)
		}
		if offered, _ = db.Positions(sys, tr.w1, date("2024-02-01"), date("2024-03-01")); len(offered) != 2 {
			t.Errorf("positions a post over Feb 2024 may name: got %d, want 2", len(offered))
		}
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Role: canbo.RoleOfficer, Scope: []int64{tr.d2}})
		if _, err := db.Positions(officer, tr.w1, date("2024-02-01"), canbo.Forever); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("positions out of scope: got %v, want not found", err)
		}

		posts, err := db.Posts(sys, holder)
		if err != nil || len(posts) != 1 {
			t.Fatalf("posts: %+v %v", posts, err)
		}
		for _, c := range []struct {
			name     string
			position int64
		}{{"another unit's position", other.ID}, {"a position ending before the post", short.ID}} {
			t.Run(c.name, func(t *testing.T) {
				before := staffingRows(t, db)
				err := db.AssignPosition(sys, holder, posts[0].ID, c.position)
				if canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != "post.position_id" {
					t.Fatalf("got %v (field %q), want invalid post.position_id", err, canbo.ErrorField(err))
				}
				if after := staffingRows(t, db); after != before {
					t.Errorf("rows changed: %s → %s", before, after)
				}
			})
		}

		for _, c := range []struct{ name, to string }{{"held past the day", "2025-01-01"}, {"before its first day", "2023-12-01"},
			{"after its recorded end", "2024-07-01"}, {"no day", ""}} {
			t.Run("end "+c.name, func(t *testing.T) {
				id := land.ID
				if c.name == "after its recorded end" {
					id = short.ID
				}
				before := staffingRows(t, db)
				_, err := db.EndPosition(sys, id, c.to)
				if canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != "to" || canbo.ErrorMessage(err) == "" {
					t.Fatalf("got %v (field %q), want invalid to", err, canbo.ErrorField(err))
				}
				if after := staffingRows(t, db); after != before {
					t.Errorf("rows changed: %s → %s", before, after)
				}
			})
		}
		if _, err := db.EndPosition(officer, land.ID, "2025-01-01"); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("end out of scope: got %v, want not found", err)
		}
		if err := db.EndPost(sys, holder, posts[0].ID, "2025-01-01"); err != nil {
			t.Fatal(err)
		}
		ended, err := db.EndPosition(sys, land.ID, "2025-01-01")
		if err != nil || ended.To != "2025-01-01" {
			t.Fatalf("end after the post ended: %+v, %v", ended, err)
		}
		if s := staffing(t, db, tr.w1, "2024-12-31"); len(s.Positions) != 1 || s.Positions[0].ID != land.ID {
			t.Errorf("positions the day before the end: %+v, want %q", s.Positions, land.Name)
		}
		if s := staffing(t, db, tr.w1, "2025-01-01"); len(s.Positions) != 0 {
			t.Errorf("positions on the end day: %+v, want none", s.Positions)
		}
	})
}
