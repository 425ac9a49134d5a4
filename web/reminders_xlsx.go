package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"canbo"
	"canbo/audit"
)

// reminderColumns are the export's headers, as words, with their widths in characters.
var reminderColumns = []struct {
	key   string
	width float64
}{{"reports.stt", 6}, {"reminders.col.name", 28}, {"col.birth", 12}, {"reminders.col.unit", 40}, {"reminders.col.what", 30}, {"reminders.col.due", 12},
	{"reminders.col.event", 14}, {"reminders.col.reason", 80}, {"reminders.col.source", 50}}

// writeRemindersXLSX writes one kind's list as a workbook (see xlsxList): due and event days
// are real Excel dates, the birth date one too when it is a full day.
func writeRemindersXLSX(w io.Writer, l xlsxList, items []canbo.Reminder) error {
	for _, c := range reminderColumns {
		l.Columns = append(l.Columns, xlsxColumn{Name: translate(l.Lang, c.key), Width: c.width, Wrap: c.key == "reminders.col.reason"})
	}
	rows := make([][]any, 0, len(items))
	for i, it := range items {
		rows = append(rows, []any{i + 1, it.PersonName, xlsxDate(it.BirthDate), it.UnitName, it.Title,
			it.Due, it.Event, it.Reason, it.Source})
	}
	return writeXLSXList(w, l, rows)
}

// reminderFilterLabels says which filters produced an export of reminders: the unit, when
// one was chosen, and the range of due days.
func (s *Server) reminderFilterLabels(r *http.Request, f canbo.ReminderFilter) []string {
	var out []string
	if f.Under != 0 {
		name := "#" + strconv.FormatInt(f.Under, 10)
		if u, err := s.Org.FindUnit(r.Context(), f.Under, f.AsOf); err == nil {
			name = u.Name
		}
		out = append(out, translate("vi", "reminders.unit")+": "+name)
	}
	return append(out, translate("vi", "reminders.range")+" "+fmtDay(f.From)+" – "+fmtDay(f.To))
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
		s.error(w, r, canbo.Invalid("kind", "err.web.reminders_xlsx.kind"))
		return
	}
	res, err := s.reminders(r.Context(), f)
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
