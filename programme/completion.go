// Package programme computes the completion of work-programme items as of a day, exactly as
// docs/RULES.md §programme-completion defines it. It reads no database: the store hands it the
// items with their status histories, and the page, the API, the export and the reminders all
// get their figures from here, so they cannot disagree.
package programme

import (
	"sort"

	"canbo"
)

// State is what one item is on a day.
type State struct {
	Cancelled bool
	Postponed bool   // postponed at least once by the day
	Done      bool   // done by the day
	OnTime    bool   // done on or before the deadline in force on the day it was done
	Overdue   bool   // not done by the day, deadline in force before it
	DueToday  bool   // not done, deadline in force is the day itself
	Deadline  string // the deadline in force on the day
	DoneOn    string
}

// Due reports whether the item counts in "due" on the day.
func (s State) Due() bool { return !s.Cancelled && (s.Done || s.Overdue || s.DueToday) }

// Deadline returns the item's deadline in force on day d: its latest postponement's new
// deadline recorded on or before d, else its original deadline. Statuses are in recorded order,
// which the store keeps in date order.
func Deadline(it *canbo.ProgrammeItem, d string) string {
	due := it.Due
	for _, s := range it.Statuses {
		if s.On > d {
			break
		}
		if s.Status == canbo.StatusPostponed && s.NewDue != "" {
			due = s.NewDue
		}
	}
	return due
}

// Assess returns the state of one item on day d (ISO "YYYY-MM-DD"); statuses dated after d are
// ignored.
func Assess(it *canbo.ProgrammeItem, d string) State {
	var st State
	for _, s := range it.Statuses {
		if s.On > d {
			break
		}
		switch s.Status {
		case canbo.StatusCancelled:
			st.Cancelled = true
		case canbo.StatusPostponed:
			st.Postponed = true
		case canbo.StatusDone:
			if !st.Done {
				st.Done, st.DoneOn = true, s.On
			}
		}
	}
	if st.Cancelled {
		// Cancelled items count only as cancelled.
		return State{Cancelled: true}
	}
	st.Deadline = Deadline(it, d)
	switch {
	case st.Done:
		st.OnTime = st.DoneOn <= Deadline(it, st.DoneOn)
	case st.Deadline < d:
		st.Overdue = true
	case st.Deadline == d:
		st.DueToday = true
	}
	return st
}

// add counts one item's state.
func add(c *canbo.CompletionCounts, st State) {
	if st.Cancelled {
		c.Cancelled++
		return
	}
	c.Total++
	if st.Postponed {
		c.Postponed++
	}
	switch {
	case st.Done && st.OnTime:
		c.DoneOnTime++
	case st.Done:
		c.DoneLate++
	case st.Overdue:
		c.Overdue++
	}
	if st.Due() {
		c.Due++
	}
}

// Rate is (done on time + done late) / due, and 1 when nothing is due.
func Rate(done, due int) float64 {
	if due == 0 {
		return 1
	}
	return float64(done) / float64(due)
}

func finish(c *canbo.CompletionCounts) { c.Rate = Rate(c.DoneOnTime+c.DoneLate, c.Due) }

// Count returns the figures of items on day d, scheduled and arising together.
func Count(items []*canbo.ProgrammeItem, d string) canbo.CompletionCounts {
	var c canbo.CompletionCounts
	for _, it := range items {
		add(&c, Assess(it, d))
	}
	finish(&c)
	return c
}

// Compute returns a programme's figures on day d: scheduled and arising apart, per head (only
// heads of items not cancelled, by person id) and per presiding unit (by unit id). Names come
// from the items.
func Compute(items []*canbo.ProgrammeItem, d string) *canbo.Completion {
	c := &canbo.Completion{AsOf: d, ByHead: []canbo.HeadCompletion{}, ByUnit: []canbo.UnitCompletion{}}
	heads := map[int64]*canbo.HeadCompletion{}
	units := map[int64]*canbo.UnitCompletion{}
	for _, it := range items {
		st := Assess(it, d)
		u := units[it.PresidingUnitID]
		if u == nil {
			u = &canbo.UnitCompletion{UnitID: it.PresidingUnitID, Name: it.PresidingUnitName}
			units[it.PresidingUnitID] = u
		}
		if it.Arising {
			add(&c.Arising, st)
			add(&u.Arising, st)
		} else {
			add(&c.Scheduled, st)
			add(&u.Scheduled, st)
		}
		if st.Cancelled {
			continue
		}
		h := heads[it.HeadPersonID]
		if h == nil {
			h = &canbo.HeadCompletion{PersonID: it.HeadPersonID, Name: it.HeadName}
			heads[it.HeadPersonID] = h
		}
		if st.Due() {
			h.Due++
		}
		if st.Done {
			h.Done++
		}
		if st.Overdue {
			h.Overdue++
		}
	}
	finish(&c.Scheduled)
	finish(&c.Arising)
	for _, h := range heads {
		h.Rate = Rate(h.Done, h.Due)
		c.ByHead = append(c.ByHead, *h)
	}
	sort.Slice(c.ByHead, func(i, j int) bool { return c.ByHead[i].PersonID < c.ByHead[j].PersonID })
	for _, u := range units {
		finish(&u.Scheduled)
		finish(&u.Arising)
		c.ByUnit = append(c.ByUnit, *u)
	}
	sort.Slice(c.ByUnit, func(i, j int) bool { return c.ByUnit[i].UnitID < c.ByUnit[j].UnitID })
	return c
}
