package web

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"canbo"
	"canbo/audit"
)

// staffingColumns are the staffing report's headers (biểu tổng hợp biên chế), as words, with widths.
var staffingColumns = []struct {
	key   string
	width float64
}{{"reports.stt", 6}, {"staffing.xlsx.unit", 44}, {"staffing.allotted", 14}, {"staffing.filled", 10}, {"staffing.vacant", 10}, {"staffing.over_flag", 10}, {"reports.note", 20}}

// writeStaffingXLSX writes the report: the whole subtree by staff type, its total, then each
// child unit's subtree, over-quota rows marked.
func writeStaffingXLSX(w io.Writer, l xlsxList, st *canbo.Staffing) error {
	for _, c := range staffingColumns {
		l.Columns = append(l.Columns, xlsxColumn{Name: translate(l.Lang, c.key), Width: c.width})
	}
	note := func(t canbo.StaffingTotals) string {
		if t.Over > 0 {
			return translate(l.Lang, "staffing.over")
		}
		return ""
	}
	var rows [][]any
	for _, b := range st.ByStaffType {
		rows = append(rows, []any{"", st.UnitName + ": " + translate(l.Lang, "staff."+string(b.StaffType)), b.Allotted, b.Filled, b.Vacant, b.Over, note(b.StaffingTotals)})
	}
	rows = append(rows, []any{"", st.UnitName + ": " + translate(l.Lang, "staffing.total"), st.Totals.Allotted, st.Totals.Filled, st.Totals.Vacant, st.Totals.Over, note(st.Totals)})
	for i, c := range st.Children {
		rows = append(rows, []any{i + 1, c.Name, c.Allotted, c.Filled, c.Vacant, c.Over, note(c.StaffingTotals)})
	}
	return writeXLSXList(w, l, rows)
}

// staffingExport sends the staffing report of a unit's subtree on a day, audited.
func (s *Server) staffingExport(w http.ResponseWriter, r *http.Request) {
	q, err := s.staffingParams(r, false)
	if err == nil && q.Unit == 0 {
		err = canbo.Invalid("unit", "err.web.staffing.unit")
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	st, err := s.reports.Staffing(r.Context(), q.Unit, q.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "staffing", EntityID: strconv.FormatInt(q.Unit, 10),
		Reason: "staffing.xlsx as of " + isoDay(q.On)}); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment(fmt.Sprintf("bien-che-%d-%s.xlsx", q.Unit, isoDay(q.On))))
	meta := xlsxList{Title: translate("vi", "staffing.report"), AsOf: q.On, Filters: []string{translate("vi", "staffing.unit") + ": " + st.UnitName},
		By: canbo.UserFromContext(r.Context()).Username, At: s.Now(), Lang: "vi"}
	if err := writeStaffingXLSX(w, meta, st); err != nil {
		s.Log.Error("staffing export", "err", err)
	}
}
