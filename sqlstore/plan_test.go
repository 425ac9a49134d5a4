package sqlstore_test

import (
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

func TestConsolidationPlan(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newCarryFixture(t, db)
		city := create(t, db, "2000-01-01", "Đảng bộ khác", "TU2", "thanh_uy", 0)
		du2 := create(t, db, "2000-01-01", "Đảng ủy phường Đa Kao", "DU2", "dang_uy", city)
		for _, l := range [][2]int64{{f.committee, f.w1}, {du2, f.w2}} {
			if err := db.LinkUnits(sys, &canbo.UnitLink{From: l[0], To: l[1], Relation: canbo.RelationBelongsTo, Start: date("2000-01-01")}); err != nil {
				t.Fatal(err)
			}
		}
		merge := func(src, to int64) canbo.PlanEvent {
			return canbo.PlanEvent{Date: "2025-07-01", EventInput: canbo.EventInput{Kind: canbo.EventMerge,
				Sources: []canbo.Source{{UnitID: src}}, Targets: []canbo.Target{{UnitID: to}}}}
		}
		// Two events ending the same ward conflict: refused whole, naming the event and the ward.
		bad := &canbo.Plan{Name: "Đề án sai", Events: []canbo.PlanEvent{merge(f.w1, f.w2), merge(f.w1, f.w3)}}
		if err := db.CreatePlan(sys, bad); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApplyPlan(sys, bad.ID, canbo.Document{Number: "1/NQ"}); err == nil ||
			!strings.Contains(canbo.ErrorMessage(err), "Sự kiện thứ 2") || !strings.Contains(canbo.ErrorMessage(err), "#") {
			t.Fatalf("conflicting plan: %v", err)
		}
		f.check(t, db, f.w1, "2025-07-01", []int64{f.w1}, nil)

		p := &canbo.Plan{Name: "Đề án sắp xếp phường Bến Nghé", Events: []canbo.PlanEvent{merge(f.w1, f.w2)}}
		if err := db.CreatePlan(sys, p); err != nil {
			t.Fatal(err)
		}
		p, err := db.ProposePlan(sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Events) != 2 || !p.Events[1].Proposed || p.Events[1].Sources[0].UnitID != f.committee || p.Events[1].Targets[0].UnitID != du2 {
			t.Fatalf("proposal: %+v", p.Events)
		}
		pre, err := db.PreviewPlan(sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pre.Moves) != 1 || pre.Moves[0].Posts != 3 || len(pre.Units) != 2 || pre.Units[0].People != 5 {
			t.Errorf("preview: %+v", pre)
		}
		f.check(t, db, f.w2, "2025-07-01", []int64{f.w2}, nil) // the preview wrote nothing
		evs, err := db.ApplyPlan(sys, p.ID, canbo.Document{Number: "1656/NQ-UBTVQH15"})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 2 || evs[1].Document.Number != "1656/NQ-UBTVQH15" {
			t.Errorf("applied events: %+v", evs)
		}
		moved := map[int64]int64{}
		for p, u := range f.where {
			if u == f.w1 {
				moved[p] = f.w2
			}
		}
		f.check(t, db, f.w2, "2025-07-01", []int64{f.w2}, moved)
		// The cells moved with the committee: their members are now under Đa Kao's committee.
		f.check(t, db, du2, "2025-07-01", []int64{f.c1, f.c2, f.c3}, nil)
		if _, err := db.ApplyPlan(sys, p.ID, canbo.Document{}); canbo.ErrorCode(err) != canbo.ECONFLICT {
			t.Errorf("applying twice: %v", err)
		}
		if err := db.DiscardPlan(sys, bad.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindPlan(sys, bad.ID); got.Status != canbo.PlanDiscarded {
			t.Errorf("discarded plan: %+v", got)
		}
	})
}
