package programme

import (
	"testing"

	"canbo"
)

func st(s canbo.ItemStatus, on string) canbo.ItemStatusChange {
	return canbo.ItemStatusChange{Status: s, On: on}
}

func postpone(on, newDue string) canbo.ItemStatusChange {
	return canbo.ItemStatusChange{Status: canbo.StatusPostponed, On: on, NewDue: newDue}
}

func item(due string, ss ...canbo.ItemStatusChange) *canbo.ProgrammeItem {
	return &canbo.ProgrammeItem{Due: due, Statuses: ss}
}

func TestAssess(t *testing.T) {
	for _, c := range []struct {
		name string
		it   *canbo.ProgrammeItem
		d    string
		want State
	}{
		{"planned, deadline ahead", item("2024-06-30"), "2024-03-01", State{Deadline: "2024-06-30"}},
		{"planned, deadline today", item("2024-06-30"), "2024-06-30", State{Deadline: "2024-06-30", DueToday: true}},
		{"planned, deadline passed", item("2024-06-30"), "2024-07-01", State{Deadline: "2024-06-30", Overdue: true}},
		{"in progress is not done", item("2024-06-30", st(canbo.StatusInProgress, "2024-02-01"), st(canbo.StatusSubmitted, "2024-06-01")), "2024-07-01",
			State{Deadline: "2024-06-30", Overdue: true}},
		{"done early", item("2024-06-30", st(canbo.StatusDone, "2024-05-01")), "2024-05-01",
			State{Deadline: "2024-06-30", Done: true, OnTime: true, DoneOn: "2024-05-01"}},
		{"done on the deadline", item("2024-06-30", st(canbo.StatusDone, "2024-06-30")), "2024-12-31",
			State{Deadline: "2024-06-30", Done: true, OnTime: true, DoneOn: "2024-06-30"}},
		{"done late", item("2024-06-30", st(canbo.StatusDone, "2024-07-02")), "2024-12-31",
			State{Deadline: "2024-06-30", Done: true, DoneOn: "2024-07-02"}},
		{"done after the day asked is overdue then", item("2024-06-30", st(canbo.StatusDone, "2024-07-02")), "2024-07-01",
			State{Deadline: "2024-06-30", Overdue: true}},
		{"postponement recorded later is not yet in force", item("2024-06-30", postpone("2024-07-05", "2024-09-30")), "2024-07-01",
			State{Deadline: "2024-06-30", Overdue: true}},
		{"postponement in force", item("2024-06-30", postpone("2024-06-20", "2024-09-30")), "2024-07-01",
			State{Deadline: "2024-09-30", Postponed: true}},
		{"late postponement cures the overdue", item("2024-06-30", postpone("2024-07-05", "2024-09-30")), "2024-07-05",
			State{Deadline: "2024-09-30", Postponed: true}},
		{"latest postponement wins", item("2024-06-30", postpone("2024-06-01", "2024-12-31"), postpone("2024-06-15", "2024-08-31")), "2024-09-01",
			State{Deadline: "2024-08-31", Postponed: true, Overdue: true}},
		{"done within the postponed deadline is on time", item("2024-06-30", postpone("2024-06-01", "2024-09-30"), st(canbo.StatusDone, "2024-09-01")), "2024-12-31",
			State{Deadline: "2024-09-30", Postponed: true, Done: true, OnTime: true, DoneOn: "2024-09-01"}},
		{"on time is judged by the deadline in force on the day done", item("2024-06-30", st(canbo.StatusDone, "2024-07-10"), postpone("2024-07-20", "2024-09-30")), "2024-12-31",
			State{Deadline: "2024-09-30", Postponed: true, Done: true, DoneOn: "2024-07-10"}},
		{"cancelled counts only as cancelled", item("2024-06-30", postpone("2024-06-01", "2024-07-31"), st(canbo.StatusCancelled, "2024-07-01")), "2024-08-01",
			State{Cancelled: true}},
		{"cancellation after the day is not yet in force", item("2024-06-30", st(canbo.StatusCancelled, "2024-08-01")), "2024-07-15",
			State{Deadline: "2024-06-30", Overdue: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Assess(c.it, c.d); got != c.want {
				t.Errorf("Assess on %s = %+v, want %+v", c.d, got, c.want)
			}
		})
	}
}

func TestCompute(t *testing.T) {
	a, b, x := int64(1), int64(2), int64(3)
	items := []*canbo.ProgrammeItem{
		{HeadPersonID: a, PresidingUnitID: 10, Due: "2024-03-31", Statuses: []canbo.ItemStatusChange{st(canbo.StatusDone, "2024-03-20")}},                  // on time
		{HeadPersonID: a, PresidingUnitID: 10, Due: "2024-03-31", Statuses: []canbo.ItemStatusChange{st(canbo.StatusDone, "2024-04-10")}},                  // late
		{HeadPersonID: a, PresidingUnitID: 11, Due: "2024-04-30"},                                                                                          // overdue
		{HeadPersonID: b, PresidingUnitID: 11, Due: "2024-05-15"},                                                                                          // due today
		{HeadPersonID: b, PresidingUnitID: 11, Due: "2024-12-31"},                                                                                          // not yet due
		{HeadPersonID: b, PresidingUnitID: 11, Due: "2024-04-30", Statuses: []canbo.ItemStatusChange{postpone("2024-04-20", "2024-10-31")}},                // postponed, not due
		{HeadPersonID: x, PresidingUnitID: 10, Due: "2024-04-30", Statuses: []canbo.ItemStatusChange{st(canbo.StatusCancelled, "2024-04-01")}},             // cancelled
		{HeadPersonID: b, PresidingUnitID: 10, Arising: true, Due: "2024-02-15", Statuses: []canbo.ItemStatusChange{st(canbo.StatusDone, "2024-02-10")}},   // arising on time
		{HeadPersonID: b, PresidingUnitID: 10, Arising: true, Due: "2024-05-01", Statuses: []canbo.ItemStatusChange{postpone("2024-05-02", "2024-05-10")}}, // arising, postponed late, then overdue again
		{HeadPersonID: a, PresidingUnitID: 10, Arising: true, Due: "2024-08-01", Statuses: []canbo.ItemStatusChange{st(canbo.StatusDone, "2024-05-01")}},   // arising done early
	}
	c := Compute(items, "2024-05-15")
	wantS := canbo.CompletionCounts{Total: 6, Due: 4, DoneOnTime: 1, DoneLate: 1, Overdue: 1, Postponed: 1, Cancelled: 1, Rate: 0.5}
	if c.Scheduled != wantS {
		t.Errorf("scheduled = %+v, want %+v", c.Scheduled, wantS)
	}
	wantA := canbo.CompletionCounts{Total: 3, Due: 3, DoneOnTime: 2, Overdue: 1, Postponed: 1, Rate: 2.0 / 3}
	if c.Arising != wantA {
		t.Errorf("arising = %+v, want %+v", c.Arising, wantA)
	}
	wantH := []canbo.HeadCompletion{
		{PersonID: a, Due: 4, Done: 3, Overdue: 1, Rate: 0.75},
		{PersonID: b, Due: 3, Done: 1, Overdue: 1, Rate: 1.0 / 3},
	}
	if len(c.ByHead) != len(wantH) {
		t.Fatalf("by_head = %+v, want %+v (a head of only cancelled items is left out)", c.ByHead, wantH)
	}
	for i := range wantH {
		if c.ByHead[i] != wantH[i] {
			t.Errorf("by_head[%d] = %+v, want %+v", i, c.ByHead[i], wantH[i])
		}
	}
	if len(c.ByUnit) != 2 || c.ByUnit[0].UnitID != 10 || c.ByUnit[0].Scheduled.Cancelled != 1 || c.ByUnit[1].Scheduled.Due != 2 {
		t.Errorf("by_unit = %+v", c.ByUnit)
	}
	// Units' figures add up to the programme's.
	var sum canbo.CompletionCounts
	for _, u := range c.ByUnit {
		sum.Total += u.Scheduled.Total + u.Arising.Total
		sum.Due += u.Scheduled.Due + u.Arising.Due
	}
	if sum.Total != c.Scheduled.Total+c.Arising.Total || sum.Due != c.Scheduled.Due+c.Arising.Due {
		t.Errorf("units add up to %+v, programme has %+v and %+v", sum, c.Scheduled, c.Arising)
	}
}

func TestRateWhenNothingDue(t *testing.T) {
	c := Compute([]*canbo.ProgrammeItem{{HeadPersonID: 1, Due: "2024-12-31"}}, "2024-01-02")
	if c.Scheduled.Due != 0 || c.Scheduled.Rate != 1 || c.Arising.Rate != 1 || c.ByHead[0].Rate != 1 {
		t.Errorf("with nothing due: %+v, %+v", c.Scheduled, c.ByHead)
	}
	if empty := Compute(nil, "2024-01-02"); empty.Scheduled.Rate != 1 || len(empty.ByHead) != 0 {
		t.Errorf("empty programme: %+v", empty)
	}
}
