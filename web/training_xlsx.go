package web

import (
	"net/http"
	"strconv"

	"canbo"
	"canbo/audit"
)

// Exports of the training module: a plan against what was done, line by line, and the training
// gaps of leadership posts. Both are audited like every export.

// trainingPlanExport sends a unit's plan for a year with planned, enrolled and completed.
func (s *Server) trainingPlanExport(w http.ResponseWriter, r *http.Request) {
	p, ok := s.askedTrainingPlan(w, r)
	if !ok {
		return
	}
	cols := []xlsxColumn{{Name: "STT", Width: 6}, {Name: translate("vi", "training.kind"), Width: 26}, {Name: translate("vi", "training.line"), Width: 44},
		{Name: translate("vi", "training.level"), Width: 20}, {Name: translate("vi", "training.planned"), Width: 12},
		{Name: translate("vi", "training.enrolled"), Width: 12}, {Name: translate("vi", "training.completed"), Width: 12},
		{Name: translate("vi", "training.courses"), Width: 10}}
	var rows [][]any
	for _, l := range p.Lines {
		rows = append(rows, []any{len(rows) + 1, translate("vi", "training.kind."+l.Kind), l.Title, levelName(l.Kind, l.Level), l.Planned, l.Enrolled, l.Completed, l.Courses})
	}
	meta := xlsxList{Title: translate("vi", "training.export_plan"), AsOf: s.Now(), Columns: cols, Lang: "vi",
		Filters: []string{translate("vi", "training.unit") + ": " + p.UnitName, translate("vi", "training.year") + ": " + strconv.Itoa(p.Year)}}
	s.sendTrainingXLSX(w, r, "training_plan", "ke-hoach-dao-tao-"+strconv.Itoa(p.Year), meta, rows)
}

// trainingGapsExport sends the gaps of the pools of a unit's subtree.
func (s *Server) trainingGapsExport(w http.ResponseWriter, r *http.Request) {
	f, gaps, ok := s.askedTrainingGaps(w, r)
	if !ok {
		return
	}
	cols := []xlsxColumn{{Name: "STT", Width: 6}, {Name: translate("vi", "training.person"), Width: 26}, {Name: translate("vi", "training.post"), Width: 36},
		{Name: translate("vi", "training.unit"), Width: 30}, {Name: translate("vi", "training.role"), Width: 14}, {Name: translate("vi", "training.kind"), Width: 22},
		{Name: translate("vi", "training.required"), Width: 18}, {Name: translate("vi", "training.recorded"), Width: 18}, {Name: translate("vi", "training.enrolled_in"), Width: 12}}
	var rows [][]any
	for _, g := range gaps {
		var course any = ""
		if g.Enrolled != 0 {
			course = g.Enrolled
		}
		rows = append(rows, []any{len(rows) + 1, g.FullName, g.PoolName, g.UnitName, translate("vi", "training.role."+g.Role),
			translate("vi", "training.kind."+g.Kind), levelName(g.Kind, g.Required), levelName(g.Kind, g.Recorded), course})
	}
	meta := xlsxList{Title: translate("vi", "training.gaps"), AsOf: s.Now(), Columns: cols, Lang: "vi"}
	if f.UnitID != 0 {
		if u, err := s.Org.FindUnit(r.Context(), f.UnitID, s.Now()); err == nil {
			meta.Filters = append(meta.Filters, translate("vi", "training.unit")+": "+u.Name)
		}
	}
	s.sendTrainingXLSX(w, r, "training_gaps", "thieu-dao-tao", meta, rows)
}

func (s *Server) sendTrainingXLSX(w http.ResponseWriter, r *http.Request, entity, file string, meta xlsxList, rows [][]any) {
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: entity, EntityID: r.URL.RawQuery}); err != nil {
		s.error(w, r, err)
		return
	}
	meta.By, meta.At = canbo.UserFromContext(r.Context()).Username, s.Now()
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`.xlsx"`)
	if err := writeXLSXList(w, meta, rows); err != nil {
		s.Log.Error("training export", "err", err)
	}
}
