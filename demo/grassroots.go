package demo

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"canbo"
	"canbo/sqlstore"
)

// GrassrootsImport names the demo's re-forming of small ward committees, so it runs once.
const GrassrootsImport = "demo-grassroots-kinds"

// Grassroots makes each ward's party organisation the kind its size calls for (docs/RULES.md
// §party-org): the demo's 3,000 people give most wards a few dozen members or fewer, and a
// grassroots organisation of fewer than the rule's threshold (30) is a chi bộ cơ sở, not a
// đảng bộ with cells under it. Such a ward's committee becomes "Chi bộ <ward>" of kind
// chi_bo_co_so and its cells merge into it (their members carried), on the day the wards
// consolidated their neighbourhood cells; wards with enough members keep their committee and
// cells, and wards without members stay as they are. Run before Neighbourhoods, which works on
// the remaining committees. It runs once (a batch under GrassrootsImport) and returns the
// number of committees re-formed.
func Grassroots(ctx context.Context, db *sqlstore.DB) (int, error) {
	root, err := partyRoot(ctx, db)
	if err != nil {
		return 0, err
	}
	set, err := db.RuleSet(ctx)
	if err != nil {
		return 0, err
	}
	rule, err := set.PartyOrg(consolidated)
	if err != nil {
		return 0, err
	}
	wards, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: root, Kind: "dang_uy", AsOf: PeopleAsOf})
	if err != nil {
		return 0, err
	}
	slices.SortFunc(wards, func(a, b *canbo.Unit) int { return cmp.Compare(a.ID, b.ID) })
	// The sizes first: PartyStats takes the write slot a batch holds.
	type small struct {
		ward    *canbo.Unit
		members int
		cells   []*canbo.Unit
	}
	var smalls []small
	for _, w := range wards {
		st, err := db.PartyStats(ctx, w.ID, PeopleAsOf, PeopleAsOf, PeopleAsOf)
		if err != nil {
			return 0, err
		}
		if st.Members == 0 || st.Members >= rule.CommitteeThreshold {
			continue
		}
		cells, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: w.ID, AsOf: consolidated})
		if err != nil {
			return 0, err
		}
		smalls = append(smalls, small{w, st.Members, cells})
	}
	formed := 0
	_, err = db.Batch(ctx, GrassrootsImport, func(b *sqlstore.Batcher) (string, error) {
		for _, s := range smalls {
			w := s.ward
			note := fmt.Sprintf("%s Đảng bộ có %d đảng viên (dưới %d): tổ chức lại thành chi bộ cơ sở (%s).", demoNote, s.members,
				rule.CommitteeThreshold, rule.Source.Number)
			if _, err := b.Event(canbo.EventInput{Kind: canbo.EventChangeKind, Date: consolidated, UnitID: w.ID, UnitKind: "chi_bo_co_so", Note: note}); err != nil {
				return "", fmt.Errorf("demo %s: %w", w.Name, err)
			}
			if _, err := b.Event(canbo.EventInput{Kind: canbo.EventRename, Date: consolidated, UnitID: w.ID, Note: note,
				Name: "Chi bộ " + strings.TrimPrefix(w.Name, "Đảng bộ ")}); err != nil {
				return "", fmt.Errorf("demo %s: %w", w.Name, err)
			}
			if len(s.cells) > 0 {
				in := canbo.EventInput{Kind: canbo.EventMerge, Date: consolidated, Note: note, Targets: []canbo.Target{{UnitID: w.ID}}}
				for _, c := range s.cells {
					in.Sources = append(in.Sources, canbo.Source{UnitID: c.ID})
				}
				if _, err := b.Event(in); err != nil {
					return "", fmt.Errorf("demo merge into %s: %w", w.Name, err)
				}
			}
			formed++
		}
		return fmt.Sprintf("Tổ chức lại %d đảng bộ phường, xã dưới %d đảng viên thành chi bộ cơ sở.", formed, rule.CommitteeThreshold), nil
	})
	return formed, err
}
