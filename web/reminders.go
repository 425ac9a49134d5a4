package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/vn"
)

// reminderHorizons are the horizons the dashboard offers, in days.
var reminderHorizons = []int{30, 90, 180, 365}

// reminderForm is the dashboard's filter as typed, to show it again.
type reminderForm struct {
	Within   int
	From, To time.Time
	Under    *canbo.Unit
	Unit     string
	Kind     canbo.ReminderKind
}

// reminderFilter reads the filter shared by the dashboard, the calendar, the export and the
// API: as_of, within (days from as_of) or from/to, under (a unit id) or unit (an id, or a name
// or code searched within scope),
// kind (one or several, comma-separated).
func (s *Server) reminderFilter(r *http.Request) (canbo.ReminderFilter, reminderForm, error) {
	q := r.URL.Query()
	var f canbo.ReminderFilter
	var form reminderForm
	var err error
	if f.AsOf, err = asOfParam(r, s.Now()); err != nil {
		return f, form, err
	}
	within := 90
	if w := strings.TrimSpace(q.Get("within")); w != "" {
		if within, err = strconv.Atoi(w); err != nil || within < 0 || within > canbo.MaxReminderDays {
			return f, form, canbo.FieldError("within", "within phải là số ngày từ 0 đến %d, không phải %q.", canbo.MaxReminderDays, w)
		}
	}
	form.Within = within
	f.From = f.AsOf
	for _, d := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := strings.TrimSpace(q.Get(d.name)); v != "" {
			t, err := vn.ParseDay(v)
			if err != nil || t.IsZero() {
				return f, form, canbo.FieldError(d.name, "Ngày %s %q không hợp lệ: cần dạng YYYY-MM-DD hoặc dd/mm/yyyy.", d.name, v)
			}
			*d.dst = t
			form.Within = 0
		}
	}
	if f.To.IsZero() {
		f.To = f.From.AddDate(0, 0, within)
	}
	form.From, form.To = f.From, f.To
	// The unit picker sends the chosen unit (under) with the name it shows (unit); a drill-down
	// link sends under alone.
	if form.Unit = strings.TrimSpace(q.Get("unit")); form.Unit != "" {
		f.Under, err = s.pickedUnit(r, "unit", "under", "unit", postHierarchies, f.AsOf)
	} else {
		f.Under, err = optionalID("under", q.Get("under"))
	}
	if err != nil {
		return f, form, err
	}
	if f.Under != 0 {
		if form.Under, err = s.Org.FindUnit(r.Context(), f.Under, f.AsOf); err != nil {
			return f, form, canbo.FieldError("under", "Không có đơn vị #%d trong phạm vi của bạn vào ngày %s.", f.Under, fmtDay(f.AsOf))
		}
	}
	for _, v := range q["kind"] {
		for _, k := range strings.Split(v, ",") {
			if k = strings.TrimSpace(k); k == "" {
				continue
			}
			kind := canbo.ReminderKind(k)
			if !kind.Valid() {
				return f, form, canbo.FieldError("kind", "Loại nhắc việc %q không hợp lệ.", k)
			}
			f.Kinds = append(f.Kinds, kind)
		}
	}
	if len(f.Kinds) == 1 {
		form.Kind = f.Kinds[0]
	}
	return f, form, nil
}

// reminderQuery is the query of a filter, for links between the dashboard, the calendar and the
// exports (made into addresses by link).
func reminderQuery(f canbo.ReminderFilter, kind canbo.ReminderKind) url.Values {
	v := url.Values{}
	v.Set("from", isoDay(f.From))
	v.Set("to", isoDay(f.To))
	v.Set("as_of", isoDay(f.AsOf))
	if f.Under != 0 {
		v.Set("under", strconv.FormatInt(f.Under, 10))
	}
	if kind != "" {
		v.Set("kind", string(kind))
	}
	return v
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

// offsetParam reads the offset of a page of a list (0 when absent).
func offsetParam(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("offset"))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, canbo.FieldError("offset", "offset phải là số nguyên không âm, không phải %q.", v)
	}
	return n, nil
}

// remindersPage is the dashboard: a card per kind with its count, then each kind's list.
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
	res, err := s.Reminders.Reminders(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var groups []reminderGroup
	for _, k := range canbo.ReminderKinds {
		n, ok := res.Counts[k]
		if !ok {
			continue
		}
		q := reminderQuery(f, k)
		g := reminderGroup{Kind: k, Count: n, Export: link("/reminders/export.xlsx", q)}
		for _, it := range res.Items {
			if it.Kind == k {
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
		res, err := s.Reminders.Reminders(r.Context(), past)
		if err != nil {
			s.error(w, r, err)
			return
		}
		overdue = res.Items
	}
	data := map[string]any{"Groups": groups, "Form": form, "Horizons": reminderHorizons, "Lang": lang(r), "Overdue": overdue,
		"AsOfISO": isoDay(f.AsOf), "Calendar": link("/reminders/calendar", withValue(reminderQuery(f, form.Kind), "month", f.From.Format("2006-01"))),
		"Offset": f.Offset}
	if data["Programme"], err = s.programmeReminders(r, f); err != nil {
		s.error(w, r, err)
		return
	}
	if len(f.Kinds) == 0 && f.Under == 0 {
		// The registries' documents to review and proposals' deadlines (issue 16), for the
		// whole scope: they belong to units, not to people.
		if data["Registry"], err = s.RegistryDue.RegistryDue(r.Context(), f.From, f.To); err != nil {
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
			s.error(w, r, canbo.FieldError("month", "Tháng %q không hợp lệ: cần dạng YYYY-MM (ví dụ 2026-12).", month))
			return
		}
		first = t
	}
	// The way back to the dashboard keeps the range it came with; the month links keep the
	// filters (unit, kind, as of) but not the range, which is the month's.
	back := link("/reminders", reminderQuery(f, form.Kind))
	f.From, f.To, f.Limit = first, first.AddDate(0, 1, -1), 0
	res, err := s.Reminders.Reminders(r.Context(), f)
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
	data := map[string]any{"Weeks": weeks, "Month": first, "Prev": prev, "Next": next,
		"PrevURL":   link("/reminders/calendar", withValue(keep, "month", prev.Format("2006-01"))),
		"NextURL":   link("/reminders/calendar", withValue(keep, "month", next.Format("2006-01"))),
		"Dashboard": back, "Counts": res.Counts, "Kinds": canbo.ReminderKinds, "Form": form,
		"Total": len(res.Items), "Lang": lang(r)}
	s.render(w, r, http.StatusOK, "reminders_calendar", page{Title: translate(lang(r), "reminders.calendar"), Section: "reminders", AsOf: f.AsOf, Data: data})
}

// remindersExport sends one kind's whole list as an Excel workbook. The export is audited, like
// every export of personal data.
func (s *Server) remindersExport(w http.ResponseWriter, r *http.Request) {
	f, _, err := s.reminderFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(f.Kinds) != 1 {
		s.error(w, r, canbo.FieldError("kind", "Cần chọn đúng một loại nhắc việc để xuất Excel."))
		return
	}
	res, err := s.Reminders.Reminders(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "reminders", EntityID: r.URL.RawQuery}); err != nil {
		s.error(w, r, err)
		return
	}
	kind := f.Kinds[0]
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="nhac-viec-`+strings.ReplaceAll(string(kind), "_", "-")+`-`+isoDay(f.From)+`.xlsx"`)
	meta := xlsxList{Title: translate("vi", "nav.reminders") + ": " + translate("vi", "remind."+string(kind)), AsOf: f.AsOf,
		Filters: s.reminderFilterLabels(r, f), By: canbo.UserFromContext(r.Context()).Username, At: s.Now(), Lang: "vi"}
	if err := writeRemindersXLSX(w, meta, res.Items); err != nil {
		s.Log.Error("reminders export", "err", err)
	}
}

// apiReminder is a due item in the API: days as ISO text.
type apiReminder struct {
	Kind       canbo.ReminderKind `json:"kind"`
	PersonID   int64              `json:"person_id"`
	PersonName string             `json:"person_name"`
	BirthDate  string             `json:"birth_date"`
	UnitID     int64              `json:"unit_id"`
	UnitName   string             `json:"unit_name"`
	Title      string             `json:"title"`
	Due        string             `json:"due"`
	Event      string             `json:"event"`
	Reason     string             `json:"reason"`
	Source     string             `json:"source"`
}

// apiReminderLimit is the default cap of items per kind in the API; counts are never capped.
const apiReminderLimit = 1000

// apiReminders lists due items: GET /api/v1/reminders?kind=&within=&from=&to=&under=&limit=.
func (s *Server) apiReminders(w http.ResponseWriter, r *http.Request) {
	f, _, err := s.reminderFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.Limit = apiReminderLimit
	if l := strings.TrimSpace(r.URL.Query().Get("limit")); l != "" {
		if f.Limit, err = strconv.Atoi(l); err != nil || f.Limit < 1 || f.Limit > 100_000 {
			s.error(w, r, canbo.FieldError("limit", "limit phải là số từ 1 đến 100000, không phải %q.", l))
			return
		}
	}
	res, err := s.Reminders.Reminders(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := make([]apiReminder, 0, len(res.Items))
	for _, it := range res.Items {
		items = append(items, apiReminder{Kind: it.Kind, PersonID: it.PersonID, PersonName: it.PersonName, BirthDate: it.BirthDate,
			UnitID: it.UnitID, UnitName: it.UnitName, Title: it.Title, Due: isoDay(it.Due), Event: isoDay(it.Event), Reason: it.Reason, Source: it.Source})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "counts": res.Counts, "from": isoDay(f.From), "to": isoDay(f.To), "as_of": isoDay(f.AsOf)})
}

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
