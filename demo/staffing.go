package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"canbo"
	"canbo/sqlstore"
)

// StaffingFrom is the day the demo's quotas take effect: the two-level local government of
// 1 July 2025, when every ward's and department's establishment was set anew.
var StaffingFrom = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

// demoPositions are the job positions given to the first wards' people's committees and
// departments, after the position lists the home-affairs department approves.
var demoPositions = []struct {
	name     string
	category canbo.PositionCategory
	staff    canbo.StaffType
	grade    string
	count    int
	match    string // a post title holding this word fills the position
}{
	{"Chủ tịch Ủy ban nhân dân", canbo.PositionLeadership, canbo.StaffCadre, "", 1, "Chủ tịch"},
	{"Phó Chủ tịch Ủy ban nhân dân", canbo.PositionLeadership, canbo.StaffCadre, "", 2, "Phó Chủ tịch"},
	{"Chuyên viên quản lý nhà nước", canbo.PositionProfessional, canbo.StaffCivilServant, "01.003", 6, "Chuyên viên"},
	{"Kế toán", canbo.PositionShared, canbo.StaffCivilServant, "06.031", 1, "Kế toán"},
	{"Văn thư", canbo.PositionSupport, canbo.StaffContract, "", 1, "Văn thư"},
}

// Staffing gives the state tree a believable staffing picture: each unit with people gets a
// quota per staff type from StaffingFrom near its headcount on PeopleAsOf — about one unit in
// four a little over, the others a few under (vacancies) — a city-wide streamlining target of
// 10 % by 2030, and the first units job positions that some of their people's posts name.
// It runs once: a state root that already has quotas is left alone. It returns the number of
// quotas set.
func Staffing(ctx context.Context, db *sqlstore.DB, seed int64) (int, error) {
	roots, _, err := db.FindUnits(ctx, canbo.UnitFilter{Hierarchy: canbo.State, Roots: true, AsOf: PeopleAsOf})
	if err != nil {
		return 0, err
	}
	var root int64
	for _, u := range roots {
		if u.Name == stateRootName {
			root = u.ID
		}
	}
	if root == 0 {
		return 0, canbo.Errork(canbo.ENOTFOUND, "err.demo.missing_tree", stateRootName)
	}
	top, err := db.Staffing(ctx, root, PeopleAsOf)
	if err != nil {
		return 0, err
	}
	if top.Totals.Allotted > 0 {
		return 0, nil
	}
	set, positioned := 0, 0
	queue := []*canbo.Staffing{top}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		own := map[canbo.StaffType]int{}
		for _, b := range s.ByStaffType {
			own[b.StaffType] += b.Filled
		}
		for _, c := range s.Children {
			for _, b := range c.ByStaffType {
				own[b.StaffType] -= b.Filled
			}
			if c.Filled > 0 {
				cs, err := db.Staffing(ctx, c.UnitID, PeopleAsOf)
				if err != nil {
					return set, err
				}
				queue = append(queue, cs)
			}
		}
		unit, err := db.FindUnit(ctx, s.UnitID, PeopleAsOf)
		if err != nil {
			return set, err
		}
		from := StaffingFrom
		if unit.ValidFrom.After(from) {
			from = unit.ValidFrom
		}
		h := hash(seed, s.UnitID)
		for _, st := range canbo.QuotaStaffTypes {
			n := own[st]
			if n == 0 {
				continue
			}
			if h%4 == 0 {
				n -= 1 + int(h/4%2) // over quota
			} else {
				n += int(h / 4 % 4) // vacancies
			}
			q := &canbo.Quota{UnitID: s.UnitID, StaffType: st, Count: max(n, 0), From: from.Format(time.DateOnly),
				Document: canbo.StaffingDocument{Number: fmt.Sprintf("%d/QĐ-UBND", 2100+h%700), Date: from.AddDate(0, 0, -10).Format(time.DateOnly),
					Issuer: "Ủy ban nhân dân Thành phố Hồ Chí Minh"}}
			if err := db.AddQuota(ctx, q); err != nil {
				return set, fmt.Errorf("demo quota of %s: %w", s.UnitName, err)
			}
			set++
		}
		if positioned < 12 && s.UnitID != root && (unit.Kind == "ubnd" || unit.Kind == "so") {
			if err := demoUnitPositions(ctx, db, unit, from); err != nil {
				return set, err
			}
			positioned++
		}
	}
	target := &canbo.StaffingTarget{UnitID: root, Percent: 10, BaseDate: StaffingFrom.Format(time.DateOnly), Due: "2030-12-31",
		Document: canbo.StaffingDocument{Number: "18-NQ/TW", Date: "2017-10-25", Issuer: "Ban Chấp hành Trung ương"}}
	return set, db.AddStaffingTarget(ctx, target)
}

// demoUnitPositions adds the demo positions to a unit and makes the posts whose titles match
// name them, up to each position's headcount; the rest of the unit's people stay without one.
func demoUnitPositions(ctx context.Context, db *sqlstore.DB, unit *canbo.Unit, from time.Time) error {
	people, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Under: unit.ID, AsOf: PeopleAsOf, Limit: 60})
	if err != nil {
		return err
	}
	type held struct{ person, post int64 }
	byTitle := map[string][]held{}
	var titles []string
	for _, p := range people {
		posts, err := db.Posts(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, x := range posts {
			if x.UnitID != unit.ID || !x.Primary || x.From < from.Format(time.DateOnly) || x.From > PeopleAsOf.Format(time.DateOnly) {
				continue
			}
			if _, ok := byTitle[x.Title]; !ok {
				titles = append(titles, x.Title)
			}
			byTitle[x.Title] = append(byTitle[x.Title], held{p.ID, x.ID})
		}
	}
	taken := map[int64]bool{}
	for _, d := range demoPositions {
		pos := &canbo.Position{UnitID: unit.ID, Name: d.name, Category: d.category, StaffType: d.staff, Grade: d.grade, Headcount: d.count,
			From: from.Format(time.DateOnly), Description: "Theo đề án vị trí việc làm được phê duyệt",
			Document: canbo.StaffingDocument{Number: "2815/QĐ-UBND", Date: "2025-06-25", Issuer: "Ủy ban nhân dân Thành phố Hồ Chí Minh"}}
		if err := db.AddPosition(ctx, pos); err != nil {
			return fmt.Errorf("demo position of %s: %w", unit.Name, err)
		}
		n := 0
		for _, t := range titles {
			if !strings.HasPrefix(t, d.match) {
				continue
			}
			for _, h := range byTitle[t] {
				if n == d.count || taken[h.post] {
					break
				}
				if err := db.AssignPosition(ctx, h.person, h.post, pos.ID); err != nil {
					return fmt.Errorf("demo assignment in %s: %w", unit.Name, err)
				}
				taken[h.post] = true
				n++
			}
		}
	}
	return nil
}
