package web

import (
	"net/http"
	"strconv"
	"strings"

	"canbo"
	"canbo/audit"
)

// cohortColumns are the cohort workbook's columns: word keys and widths in characters.
var cohortColumns = []struct {
	key   string
	width float64
}{{"reg.xlsx.no", 6}, {"sec.person", 26}, {"sec.sending", 30}, {"sec.from", 12}, {"sec.to", 12}, {"sec.mentor", 24},
	{"sec.tasks", 44}, {"sec.assessments", 44}, {"sec.ended_on", 12}, {"sec.placement", 30}, {"sec.outcome", 30}}

// cohortExport answers GET /secondments/cohorts/{id}/export.xlsx: one row a person of the cohort
// the caller sees, with the sending unit, mentor, tasks, assessments and outcome. Audited.
func (s *Server) cohortExport(w http.ResponseWriter, r *http.Request) {
	c, err := s.pathCohort(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "cohort", EntityID: strconv.FormatInt(c.ID, 10),
		After: audit.Redact(map[string]string{"rows": strconv.Itoa(len(c.Secondments))})}); err != nil {
		s.error(w, r, err)
		return
	}
	l := lang(r)
	meta := xlsxList{Title: translate(l, "sec.xlsx"), AsOf: s.Now(), By: canbo.UserFromContext(r.Context()).Username, At: s.Now(), Lang: l,
		Filters: []string{translate(l, "sec.host") + ": " + c.ToUnitName, translate(l, "sec.document") + ": " + c.Document.Number}}
	for _, col := range cohortColumns {
		meta.Columns = append(meta.Columns, xlsxColumn{Name: translate(l, col.key), Width: col.width,
			Wrap: col.key == "sec.tasks" || col.key == "sec.assessments"})
	}
	rows := make([][]any, 0, len(c.Secondments))
	for i, sec := range c.Secondments {
		var tasks, assessments []string
		for _, n := range sec.Notes {
			if n.Kind == canbo.NoteTask {
				tasks = append(tasks, vnDate(n.On)+": "+n.Text)
			} else {
				assessments = append(assessments, vnDate(n.On)+": "+translate(l, "eval."+n.Rating)+" — "+n.Text)
			}
		}
		rows = append(rows, []any{i + 1, sec.PersonName, sec.FromUnitName, xlsxDate(sec.From), xlsxDate(sec.To), sec.MentorName,
			strings.Join(tasks, "\n"), strings.Join(assessments, "\n"), xlsxDate(sec.EndedOn), sec.Placement, sec.Outcome})
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="biet-phai-`+strconv.FormatInt(c.ID, 10)+`.xlsx"`)
	if err := writeXLSXList(w, meta, rows); err != nil {
		s.Log.Error("cohort export", "err", err)
	}
}
