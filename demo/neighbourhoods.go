package demo

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"canbo"
	"canbo/adminunits"
	"canbo/sqlstore"
)

// NeighbourhoodsImport names the demo's consolidation of neighbourhood cells, so it runs once.
const NeighbourhoodsImport = "demo-neighbourhood-cells"

// consolidated is the day the demo's wards dissolved the neighbourhood cells the reform left
// without members, and smallCellsOn the day a few cells lost most of their members to a
// neighbouring cell.
var (
	consolidated = time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)
	smallCellsOn = "2025-12-31"
)

// Deliberate problems for the party health page, as a real city has a few of each: one
// neighbourhood cell in unlinkedIn (the first, the unlinkedIn+1st… in id order) is left without its territory unit, and smallCells cells
// keep only two full members.
const (
	unlinkedIn = 60
	smallCells = 3
)

// territoryKind is the territory unit a neighbourhood cell kind belongs to.
var territoryKind = map[string]string{"khu_pho": "khu_pho", "ap": "ap", "chung_cu": "toa_nha"}

// Neighbourhoods makes the demo's party picture believable after GeneratePeople: the demo
// trees give every old ward three neighbourhood cells, and the demo's 3,000 people fill about
// half of them. Each ward therefore dissolves its cells left without members (1 October 2025);
// every other neighbourhood cell gets its territory unit — the khu phố, ấp or apartment
// building of the new ward, from the reform — and a link to it, but one in unlinkedIn;
// and smallCells cells send all but two full members to a neighbouring cell of their ward, so
// the health page shows a few small cells beside the secretaries Secretaries leaves vacant. It
// runs once (a batch under NeighbourhoodsImport; the transfers follow the batch's first run)
// and returns the number of cells dissolved, linked and made small.
func Neighbourhoods(ctx context.Context, db *sqlstore.DB, seed int64) (dissolved, linked, small int, err error) {
	root, err := partyRoot(ctx, db)
	if err != nil {
		return 0, 0, 0, err
	}
	items, err := db.PartyHealth(ctx, root, PeopleAsOf)
	if err != nil {
		return 0, 0, 0, err
	}
	few := map[int64]canbo.HealthItem{}
	unlinked := map[int64]canbo.HealthItem{}
	for _, it := range items {
		switch it.Problem {
		case canbo.ProblemFewFullMembers:
			few[it.UnitID] = it
		case canbo.ProblemNoTerritory:
			unlinked[it.UnitID] = it
		}
	}
	wards, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: root, Kind: "dang_uy", AsOf: PeopleAsOf})
	if err != nil {
		return 0, 0, 0, err
	}
	slices.SortFunc(wards, func(a, b *canbo.Unit) int { return cmp.Compare(a.ID, b.ID) })
	type ward struct {
		territory int64
		cells     []*canbo.Unit // neighbourhood cells that keep members
	}
	var kept []*ward
	candidates := 0 // cells that could be linked, counted to leave one in unlinkedIn
	ran, err := db.Batch(ctx, NeighbourhoodsImport, func(b *sqlstore.Batcher) (string, error) {
		for _, w := range wards {
			cells, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: w.ID, AsOf: PeopleAsOf})
			if err != nil {
				return "", err
			}
			links, err := db.UnitLinks(ctx, w.ID, PeopleAsOf)
			if err != nil {
				return "", err
			}
			wd := &ward{}
			for _, l := range links {
				if l.Other.Hierarchy == canbo.Territory {
					wd.territory = l.Other.ID
				}
			}
			slices.SortFunc(cells, func(a, b *canbo.Unit) int { return cmp.Compare(a.ID, b.ID) })
			for _, c := range cells {
				it, ok := unlinked[c.ID]
				if !ok {
					continue
				}
				if f, ok := few[c.ID]; ok && f.Members == 0 {
					if _, err := b.Event(canbo.EventInput{Kind: canbo.EventDissolve, Date: consolidated, UnitID: c.ID,
						Note: demoNote + " Chi bộ không còn đảng viên sau sắp xếp khu phố, giải thể."}); err != nil {
						return "", fmt.Errorf("demo dissolve %s: %w", c.Name, err)
					}
					dissolved++
					continue
				}
				wd.cells = append(wd.cells, c)
				if wd.territory == 0 {
					continue
				}
				if candidates++; (candidates-1)%unlinkedIn == 0 {
					continue
				}
				created, err := b.Event(canbo.EventInput{Kind: canbo.EventCreate, Date: adminunits.Reform, Note: demoNote,
					New: &canbo.NewUnit{Hierarchy: canbo.Territory, Kind: territoryKind[it.CellKind], ParentID: wd.territory,
						Name: strings.TrimPrefix(c.Name, "Chi bộ ")}})
				if err != nil {
					return "", fmt.Errorf("demo %s: %w", c.Name, err)
				}
				if err := b.Link(&canbo.UnitLink{From: c.ID, To: created[0], Relation: canbo.RelationBelongsTo, Start: adminunits.Reform}); err != nil {
					return "", err
				}
				linked++
			}
			kept = append(kept, wd)
		}
		return fmt.Sprintf("Kiện toàn chi bộ khu dân cư minh họa: giải thể %d chi bộ không còn đảng viên, gắn %d chi bộ với khu phố, ấp, tòa nhà.",
			dissolved, linked), nil
	})
	if err != nil || !ran {
		return 0, 0, 0, err
	}
	// Small cells: in the first wards (in an order fixed by the seed) with two cells of
	// members, the first cell keeps two full members and the others move to the second.
	slices.SortStableFunc(kept, func(a, b *ward) int { return cmp.Compare(hash(seed, a.territory), hash(seed, b.territory)) })
	for _, w := range kept {
		if small == smallCells {
			break
		}
		if len(w.cells) < 2 {
			continue
		}
		from, to := w.cells[0], w.cells[1]
		if f, ok := few[from.ID]; ok && f.FullMembers < 3 {
			continue
		}
		people, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Under: from.ID, AsOf: PeopleAsOf, Party: ptr(true), Limit: 200})
		if err != nil {
			return dissolved, linked, small, err
		}
		full := 0
		for _, p := range people {
			m, err := db.Membership(ctx, p.ID)
			if err != nil {
				return dissolved, linked, small, err
			}
			joined, ok := inCell(m, from.ID)
			if !ok || joined > smallCellsOn {
				continue
			}
			if full < 2 && m.FullOn != "" && m.FullOn <= smallCellsOn {
				full++
				continue
			}
			if err := db.TransferMembership(ctx, p.ID, &canbo.Transfer{CellID: to.ID, On: smallCellsOn}); err != nil {
				return dissolved, linked, small, fmt.Errorf("demo transfer to %s: %w", to.Name, err)
			}
		}
		small++
	}
	return dissolved, linked, small, nil
}
