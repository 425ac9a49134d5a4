package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"canbo"
)

// reminderHorizons are the horizons the dashboard offers, in days.
var reminderHorizons = []int{30, 90, 180, 365}

// remindersData is the dashboard's view data.
type remindersData struct {
	Groups      []reminderGroup
	Form        reminderForm
	Horizons    []int
	Lang        string
	Overdue     []canbo.Reminder
	AsOfISO     string
	Calendar    template.URL
	Offset      int
	Back        string
	CanMark     bool
	HideHandled bool
	Saved       bool
	Toggle      template.URL
	Programme   []itemRow
	// Registry is set for the whole scope only: documents to review and proposals' deadlines.
	Registry []canbo.RegistryDue
}

// reminderCalendarData is the month calendar's view data.
type reminderCalendarData struct {
	Weeks             [][]calendarDay
	Month, Prev, Next time.Time
	PrevURL, NextURL  template.URL
	Dashboard         template.URL
	Counts            map[canbo.ReminderKind]int
	Kinds             []canbo.ReminderKind
	Form              reminderForm
	Total             int
	Lang              string
}

// reminderGroup is one kind's card and list on the dashboard.
type reminderGroup struct {
	Kind   canbo.ReminderKind
	Count  int
	Items  []canbo.Reminder
	Export template.URL // the whole list as an Excel workbook
	All    template.URL // the kind alone, when the dashboard shows part of it
	Next   template.URL // the next page of a kind shown alone
}

// dashboardRows is how many items of a kind the dashboard lists; the export has them all.
const dashboardRows = 50

// overdueKinds are the kinds whose past items are work left undone while the records show
// them: a raise not recorded, a probation not closed, a post held past retirement or a term's
// end, a secondment not closed. (Notices and discipline waits simply lapse.)
var overdueKinds = []canbo.ReminderKind{canbo.RemindRetirement, canbo.RemindSalaryStep, canbo.RemindTermEnd,
	canbo.RemindProbationEnd, canbo.RemindSecondmentEnd}

// kindPageRows is how many items a page of one kind lists; further pages follow by offset.
const kindPageRows = 200

// remindersData is the dashboard: a card per kind with its count, then each kind's list.
func (s *Server) remindersPage(w http.ResponseWriter, r *http.Request) {
	f, form, err := s.reminderFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.Limit = dashboardRows
	if len(f.Kinds) == 1 {
		f.Limit = kindPageRows
		if f.Offset, err = offsetParam(r); err != nil {
			s.error(w, r, err)
			return
		}
	}
	res, err := s.reminders(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// Items marked handled are shown with who and when, or left out with hide_handled=1; the
	// counts stay those of the rules (a mark records work done, it does not change the facts).
	hide := r.URL.Query().Get("hide_handled") == "1"
	var groups []reminderGroup
	for _, k := range canbo.ReminderKinds {
		n, ok := res.Counts[k]
		if !ok {
			continue
		}
		q := reminderQuery(f, k)
		g := reminderGroup{Kind: k, Count: n, Export: link("/reminders/export.xlsx", q)}
		for _, it := range res.Items {
			if it.Kind == k && (it.Handled == nil || !hide) {
				g.Items = append(g.Items, it)
			}
		}
		switch {
		case len(f.Kinds) != 1 && n > len(g.Items):
			g.All = link("/reminders", q)
		case len(f.Kinds) == 1 && n > f.Offset+len(g.Items):
			g.Next = link("/reminders", withValue(q, "offset", strconv.Itoa(f.Offset+len(g.Items))))
		}
		groups = append(groups, g)
	}
	// Overdue: what fell due in the year before the day viewed and is still on the records
	// (a step not yet raised, a probation not yet closed, a post still held past retirement):
	// shown above the coming items of the dashboard, not of a page of one kind.
	var overdue []canbo.Reminder
	if len(f.Kinds) != 1 && f.From.Equal(f.AsOf) {
		past := f
		past.From, past.To, past.Limit, past.Offset = f.AsOf.AddDate(-1, 0, 0), f.AsOf.AddDate(0, 0, -1), dashboardRows, 0
		past.Kinds = overdueKinds
		res, err := s.reminders(r.Context(), past)
		if err != nil {
			s.error(w, r, err)
			return
		}
		overdue = res.Items
	}
	data := remindersData{Groups: groups, Form: form, Horizons: reminderHorizons, Lang: lang(r), Overdue: overdue,
		AsOfISO: isoDay(f.AsOf), Calendar: link("/reminders/calendar", withValue(reminderQuery(f, form.Kind), "month", f.From.Format("2006-01"))),
		Offset: f.Offset, Back: r.URL.RequestURI(), CanMark: canbo.UserFromContext(r.Context()).Role.CanEdit(),
		HideHandled: hide, Saved: r.URL.Query().Get("saved") != "", Toggle: link("/reminders", withValue(r.URL.Query(), "hide_handled", map[bool]string{false: "1"}[hide]))}
	if data.Programme, err = s.programmeReminders(r, f); err != nil {
		s.error(w, r, err)
		return
	}
	if len(f.Kinds) == 0 && f.Under == 0 {
		// The registries' documents to review and proposals' deadlines (issue 16), for the
		// whole scope: they belong to units, not to people.
		if data.Registry, err = s.RegistryDue.RegistryDue(r.Context(), f.From, f.To); err != nil {
			s.error(w, r, err)
			return
		}
	}
	if isHTMX(r) {
		s.renderFragment(w, http.StatusOK, "reminder-results", data)
		return
	}
	s.render(w, r, http.StatusOK, "reminders", page{Title: translate(lang(r), "nav.reminders"), Section: "reminders", AsOf: f.AsOf, Data: data})
}

// reminderHandled marks a reminder handled (or clears the mark) and returns to the list it
// was marked on, with the "Đã lưu" notice.
func (s *Server) reminderHandled(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PostFormValue("person"))
	if err == nil {
		err = s.Reminders.MarkReminder(r.Context(), id, canbo.ReminderKind(r.PostFormValue("kind")), r.PostFormValue("due"), r.PostFormValue("handled") == "1")
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	back, err := url.Parse(localPath(r.PostFormValue("back")))
	if err != nil || back.Path != "/reminders" {
		back = &url.URL{Path: "/reminders"}
	}
	back.RawQuery = withValue(back.Query(), "saved", "1").Encode()
	http.Redirect(w, r, back.String(), http.StatusSeeOther)
}

// calendarDay is one cell of the month grid.
type calendarDay struct {
	Day   time.Time
	In    bool // in the month shown
	Items []canbo.Reminder
	More  int          // items not listed in the cell
	All   template.URL // the day's items on the dashboard
}

// calendarCell is how many items a day's cell lists.
const calendarCell = 8

// remindersCalendar places a month's items on its days, weeks from Monday.
func (s *Server) remindersCalendar(w http.ResponseWriter, r *http.Request) {
	f, form, err := s.reminderFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	month := strings.TrimSpace(r.URL.Query().Get("month"))
	first := time.Date(f.AsOf.Year(), f.AsOf.Month(), 1, 0, 0, 0, 0, time.UTC)
	if month != "" {
		t, err := time.Parse("2006-01", month)
		if err != nil {
			s.error(w, r, canbo.Invalid("month", "err.web.reminders.month", month))
			return
		}
		first = t
	}
	// The way back to the dashboard keeps the range it came with; the month links keep the
	// filters (unit, kind, as of) but not the range, which is the month's.
	back := link("/reminders", reminderQuery(f, form.Kind))
	f.From, f.To, f.Limit = first, first.AddDate(0, 1, -1), 0
	res, err := s.reminders(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	byDay := map[time.Time][]canbo.Reminder{}
	for _, it := range res.Items {
		byDay[it.Due] = append(byDay[it.Due], it)
	}
	start := first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7))
	var weeks [][]calendarDay
	for d := start; d.Before(f.To.AddDate(0, 0, 1)) || len(weeks) == 0 || len(weeks[len(weeks)-1]) < 7; d = d.AddDate(0, 0, 1) {
		if len(weeks) == 0 || len(weeks[len(weeks)-1]) == 7 {
			weeks = append(weeks, nil)
		}
		c := calendarDay{Day: d, In: d.Month() == first.Month()}
		if c.In {
			items := byDay[d]
			c.Items, c.More = items[:min(len(items), calendarCell)], max(len(items)-calendarCell, 0)
			df := f
			df.From, df.To = d, d
			c.All = link("/reminders", reminderQuery(df, form.Kind))
		}
		weeks[len(weeks)-1] = append(weeks[len(weeks)-1], c)
	}
	keep := reminderQuery(f, form.Kind)
	keep.Del("from")
	keep.Del("to")
	prev, next := first.AddDate(0, -1, 0), first.AddDate(0, 1, 0)
	data := reminderCalendarData{Weeks: weeks, Month: first, Prev: prev, Next: next,
		PrevURL:   link("/reminders/calendar", withValue(keep, "month", prev.Format("2006-01"))),
		NextURL:   link("/reminders/calendar", withValue(keep, "month", next.Format("2006-01"))),
		Dashboard: back, Counts: res.Counts, Kinds: canbo.ReminderKinds, Form: form,
		Total: len(res.Items), Lang: lang(r)}
	s.render(w, r, http.StatusOK, "reminders_calendar", page{Title: translate(lang(r), "reminders.calendar"), Section: "reminders", AsOf: f.AsOf, Data: data})
}

// apiReminderLimit is the default cap of items per kind in the API; counts are never capped.
const apiReminderLimit = 1000

// personFacts renders the profile's derived facts, loaded by the profile page.
func (s *Server) personFacts(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	facts, err := s.Reminders.PersonFacts(r.Context(), id, on)
	if err == nil {
		err = s.auditRead(r, "person.facts.read", id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderFragment(w, http.StatusOK, "person-facts", map[string]any{"Facts": facts, "Person": id, "Lang": lang(r)})
}
