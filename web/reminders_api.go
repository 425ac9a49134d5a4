package web

import (
	"net/http"
	"strconv"
	"strings"

	"canbo"
)

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
			s.error(w, r, canbo.Invalid("limit", "err.web.reminders_api.limit", l))
			return
		}
	}
	res, err := s.reminders(r.Context(), f)
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
