package web

import (
	"net/http"
	"strconv"

	"canbo"
	"canbo/audit"
)

// planningColumns are the columns of the plan as it is reported upward (danh sách cán bộ
// trong quy hoạch): one row per candidate of each post, with the approval document.
var planningColumns = []struct {
	key   string
	width float64
}{{"reports.stt", 6}, {"planning.xlsx.post", 34}, {"planning.unit", 34}, {"planning.term", 11}, {"planning.name", 26}, {"col.birth", 12}, {"col.sex", 9},
	{"planning.status", 14}, {"planning.from", 14}, {"planning.approval", 24}, {"planning.due", 14}, {"planning.reason", 60}}

// planningExport sends the board's pools as a workbook; audited like every export of people.
func (s *Server) planningExport(w http.ResponseWriter, r *http.Request) {
	f, err := s.planningFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	pools, err := s.Planning.Pools(r.Context(), f.UnitID, f.Term, f.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "planning", EntityID: r.URL.RawQuery}); err != nil {
		s.error(w, r, err)
		return
	}
	meta := xlsxList{Title: translate("vi", "planning.export_title"), AsOf: f.On, By: canbo.UserFromContext(r.Context()).Username, At: s.Now(), Lang: "vi"}
	if f.Term != "" {
		meta.Filters = append(meta.Filters, translate("vi", "planning.term")+": "+f.Term)
	}
	if f.UnitID != 0 {
		name := "#" + strconv.FormatInt(f.UnitID, 10)
		if u, err := s.Org.FindUnit(r.Context(), f.UnitID, f.On); err == nil {
			name = u.Name
		}
		meta.Filters = append(meta.Filters, translate("vi", "planning.unit")+": "+name)
	}
	for _, c := range planningColumns {
		meta.Columns = append(meta.Columns, xlsxColumn{Name: translate(meta.Lang, c.key), Width: c.width, Wrap: c.key == "planning.reason"})
	}
	var rows [][]any
	for _, p := range pools {
		for _, c := range p.Candidates {
			var due, reason any = "", c.RemovalReason
			if len(c.Due) > 0 {
				due, reason = c.Due[0].Day, c.Due[0].Reason.Local("vi")
			}
			if c.Status == canbo.CandidateRemoved {
				due = ""
			}
			rows = append(rows, []any{len(rows) + 1, p.Title, p.UnitName, p.Term, c.FullName, xlsxDate(c.BirthDate), translate("vi", "sex."+string(c.Sex)),
				translate("vi", "planning.status."+c.Status), xlsxDate(c.From), c.ApprovalDoc.Number, due, reason})
		}
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="quy-hoach-`+isoDay(f.On)+`.xlsx"`)
	if err := writeXLSXList(w, meta, rows); err != nil {
		s.Log.Error("planning export", "err", err)
	}
}
