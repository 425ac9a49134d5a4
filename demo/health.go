package demo

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

	"canbo"
	"canbo/sqlstore"
)

// SecretaryTitle is the title the demo gives cell secretaries; the health check counts a cell as
// having a secretary when a post there starts with "Bí thư".
const SecretaryTitle = "Bí thư Chi bộ"

// noSecretaryIn is one cell in so many left without a secretary, so that the health page shows
// a handful of vacancies, as a real city has after deaths and moves, rather than none.
const noSecretaryIn = 25

// Secretaries gives each party cell with a full member and no secretary on PeopleAsOf a
// secretary: one of its full members, elected at the 2025 cell congresses (from May 2025, or
// from full membership when later). About one cell in noSecretaryIn is left vacant, chosen by a
// hash of the seed and the cell's id rather than a random stream, so a second run skips the same
// cells and, the others having their secretary already, changes nothing. Cells with no full
// member cannot have one. It returns the number of posts added.
func Secretaries(ctx context.Context, db *sqlstore.DB, seed int64) (int, error) {
	root, err := partyRoot(ctx, db)
	if err != nil {
		return 0, err
	}
	items, err := db.PartyHealth(ctx, root, PeopleAsOf)
	if err != nil {
		return 0, err
	}
	congress := time.Date(2025, 5, 15, 0, 0, 0, 0, time.UTC)
	added := 0
	for _, it := range items {
		if it.Problem != canbo.ProblemNoSecretary || it.FullMembers == 0 || vacant(seed, it.UnitID) {
			continue
		}
		cell, err := db.FindUnit(ctx, it.UnitID, PeopleAsOf)
		if err != nil {
			return added, err
		}
		opened := cell.ValidFrom.Format(time.DateOnly)
		people, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Under: it.UnitID, AsOf: PeopleAsOf, Party: ptr(true), Limit: 20})
		if err != nil {
			return added, err
		}
		for _, p := range people {
			m, err := db.Membership(ctx, p.ID)
			if err != nil {
				return added, err
			}
			joined, ok := inCell(m, it.UnitID)
			if m.FullOn == "" || m.FullOn > PeopleAsOf.Format(time.DateOnly) || !ok {
				continue
			}
			// Elected at the congress, or once the cell, the member's joining it or full
			// membership came later.
			from := max(congress.AddDate(0, 0, int(hash(seed, it.UnitID)%45)).Format(time.DateOnly), m.FullOn, joined, opened)
			post := &canbo.Post{PersonID: p.ID, UnitID: it.UnitID, Title: SecretaryTitle, From: from,
				Document: canbo.Document{Number: fmt.Sprintf("%d-QĐ/ĐU", 100+hash(seed, p.ID)%900), Date: mustDay(from),
					Issuer: "Đảng ủy cấp trên cơ sở"}}
			if err := db.AddPost(ctx, post); err != nil {
				return added, fmt.Errorf("demo secretary of %s: %w", it.UnitName, err)
			}
			added++
			break
		}
	}
	return added, nil
}

// inCell reports whether a membership's official cell on PeopleAsOf is cell, and since when.
func inCell(m *canbo.Membership, cell int64) (string, bool) {
	on := PeopleAsOf.Format(time.DateOnly)
	i := slices.IndexFunc(m.Cells, func(c canbo.CellPeriod) bool {
		return c.CellID == cell && !c.Temporary && c.From <= on && (c.To == "" || c.To > on)
	})
	if i < 0 {
		return "", false
	}
	return m.Cells[i].From, true
}

// PlanName is the name of the demo's draft consolidation plan, by which a second run finds it.
const PlanName = "Đề án kiện toàn chi bộ khu phố (dự thảo minh họa)"

// ConsolidationPlan creates the demo's draft plan, left for an officer to preview and apply: in
// the first ward (by id) with two neighbourhood cells that have members, the smaller of its two
// smallest such cells merges into the other on 1 July 2026, the kind of merger wards proposed
// after the 2025 reform. It returns the plan's id, or 0 when the plan exists already or no
// ward has two such cells.
func ConsolidationPlan(ctx context.Context, db *sqlstore.DB) (int64, error) {
	plans, err := db.Plans(ctx)
	if err != nil {
		return 0, err
	}
	for _, p := range plans {
		if strings.HasPrefix(p.Name, PlanName) {
			return 0, nil
		}
	}
	root, err := partyRoot(ctx, db)
	if err != nil {
		return 0, err
	}
	wards, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: root, AsOf: PeopleAsOf})
	if err != nil {
		return 0, err
	}
	slices.SortFunc(wards, func(a, b *canbo.Unit) int { return cmp.Compare(a.ID, b.ID) })
	type sized struct {
		unit    *canbo.Unit
		members int
	}
	for _, w := range wards {
		if w.Kind != "dang_uy" {
			continue
		}
		units, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: w.ID, AsOf: PeopleAsOf})
		if err != nil {
			return 0, err
		}
		var cells []sized
		for _, c := range units {
			if !strings.HasPrefix(c.Name, "Chi bộ Khu phố ") {
				continue
			}
			people, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Under: c.ID, AsOf: PeopleAsOf, Party: ptr(true), Limit: 200})
			if err != nil {
				return 0, err
			}
			if len(people) > 0 {
				cells = append(cells, sized{c, len(people)})
			}
		}
		if len(cells) < 2 {
			continue
		}
		slices.SortStableFunc(cells, func(a, b sized) int {
			return cmp.Or(cmp.Compare(a.members, b.members), cmp.Compare(a.unit.ID, b.unit.ID))
		})
		from, into := cells[0], cells[1]
		p := &canbo.Plan{Name: fmt.Sprintf("%s: hợp nhất %s vào %s (%s)", PlanName, from.unit.Name, into.unit.Name, strings.TrimPrefix(w.Name, "Đảng bộ ")),
			Events: []canbo.PlanEvent{{Date: "2026-07-01", EventInput: canbo.EventInput{Kind: canbo.EventMerge,
				Note:    fmt.Sprintf("Hai chi bộ nhỏ nhất của phường, %d và %d đảng viên, sinh hoạt chung một chi bộ.", from.members, into.members),
				Sources: []canbo.Source{{UnitID: from.unit.ID}}, Targets: []canbo.Target{{UnitID: into.unit.ID}}}}}}
		if err := db.CreatePlan(ctx, p); err != nil {
			return 0, err
		}
		return p.ID, nil
	}
	return 0, nil
}

// partyRoot is the id of the city's party committee.
func partyRoot(ctx context.Context, db *sqlstore.DB) (int64, error) {
	roots, _, err := db.FindUnits(ctx, canbo.UnitFilter{Hierarchy: canbo.Party, Roots: true, AsOf: PeopleAsOf})
	if err != nil {
		return 0, err
	}
	for _, u := range roots {
		if u.Name == partyRootName {
			return u.ID, nil
		}
	}
	return 0, canbo.Errork(canbo.ENOTFOUND, "err.demo.missing_tree", partyRootName)
}

// vacant reports whether the demo leaves a cell without a secretary.
func vacant(seed, cell int64) bool { return hash(seed, cell)%noSecretaryIn == 0 }

func hash(seed, id int64) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%d", seed, id)
	return h.Sum64()
}

func mustDay(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

func ptr[T any](v T) *T { return &v }
