package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

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
			return f, form, canbo.Invalid("within", "err.web.reminders_params.within", canbo.MaxReminderDays, w)
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
				return f, form, canbo.Invalid(d.name, "err.web.reminders_params.day", d.name, v)
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
			return f, form, canbo.Invalid("under", "err.web.reminders_params.under", f.Under, fmtDay(f.AsOf))
		}
	}
	for _, v := range q["kind"] {
		for _, k := range strings.Split(v, ",") {
			if k = strings.TrimSpace(k); k == "" {
				continue
			}
			kind := canbo.ReminderKind(k)
			if !kind.Valid() {
				return f, form, canbo.Invalid("kind", "err.web.reminders_params.kind", k)
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
