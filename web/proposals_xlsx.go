package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/audit"
)

// proposalColumns are the export's columns: word keys of web/locale and widths in characters.
var proposalColumns = []struct {
	key   string
	width float64
}{{"reg.xlsx.no", 6}, {"prop.name", 44}, {"prop.person", 24}, {"prop.unit", 30}, {"prop.received", 12}, {"reg.status", 22},
	{"prop.due.meeting", 12}, {"prop.step.meeting", 12}, {"prop.passed", 14}, {"prop.step.finished", 12}, {"prop.step.report", 12},
	{"prop.step.evaluation", 12}, {"prop.achieved", 10}, {"prop.damage", 10}, {"prop.outcome", 26}, {"prop.late", 24}}

// proposalsExport answers GET /proposals/export.xlsx?q=&status=: the registry of innovation
// proposals with each one's status, the days of its steps, the vote, the evaluation and the
// protection outcome, and the steps done late: the table of the annual review. Audited.
func (s *Server) proposalsExport(w http.ResponseWriter, r *http.Request) {
	f, err := proposalFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.Offset, f.Limit = 0, 0 // the store's cap
	list, total, err := s.Proposals.Proposals(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if total > len(list) {
		s.error(w, r, canbo.Invalid("q", "err.web.proposals_xlsx.too_many", total, len(list)))
		return
	}
	full := make([]*canbo.Proposal, 0, len(list))
	for _, p := range list {
		x, err := s.Proposals.Proposal(r.Context(), p.ID) // its steps, deadlines and late steps
		if err != nil {
			s.error(w, r, err)
			return
		}
		full = append(full, x)
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "proposals", EntityID: r.URL.RawQuery,
		After: audit.Redact(map[string]string{"rows": strconv.Itoa(len(full))})}); err != nil {
		s.error(w, r, err)
		return
	}
	lng := lang(r)
	var filters []string
	if f.Q != "" {
		filters = append(filters, translate(lng, "reg.search")+": "+f.Q)
	}
	if f.Status != "" {
		filters = append(filters, translate(lng, "reg.status")+": "+translate(lng, "prop.status."+f.Status))
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="de-xuat-doi-moi-`+isoDay(s.Now())+`.xlsx"`)
	meta := xlsxList{Title: translate(lng, "prop.xlsx"), AsOf: s.Now(), Filters: filters, By: canbo.UserFromContext(r.Context()).Username,
		At: s.Now(), Lang: lng}
	if err := writeProposalsXLSX(w, meta, full); err != nil {
		s.Log.Error("proposals export", "err", err)
	}
}

// writeProposalsXLSX writes one proposal a row; a step recorded more than once (a second
// meeting after a rejection) shows its latest day.
func writeProposalsXLSX(w io.Writer, l xlsxList, list []*canbo.Proposal) error {
	for _, c := range proposalColumns {
		l.Columns = append(l.Columns, xlsxColumn{Name: translate(l.Lang, c.key), Width: c.width, Wrap: c.key == "prop.name"})
	}
	yesNo := func(b *bool) string {
		switch {
		case b == nil:
			return ""
		case *b:
			return translate(l.Lang, "prop.yes")
		}
		return translate(l.Lang, "prop.no")
	}
	rows := make([][]any, 0, len(list))
	for i, p := range list {
		last := map[string]canbo.ProposalStep{}
		for _, s := range p.Steps {
			last[s.Step] = s
		}
		on := func(step string) time.Time { return last[step].On }
		passed := ""
		if m, ok := last[canbo.StepMeeting]; ok && m.Passed != nil {
			passed = translate(l.Lang, "prop.rejected")
			if *m.Passed {
				passed = translate(l.Lang, "prop.passed")
			}
		}
		outcome := ""
		if o := last[canbo.StepOutcome].Outcome; o != "" {
			outcome = translate(l.Lang, "prop.outcome."+o)
		}
		late := make([]string, len(p.Late))
		for j, s := range p.Late {
			late[j] = translate(l.Lang, "prop.step."+s)
		}
		eval := last[canbo.StepEvaluation]
		rows = append(rows, []any{i + 1, p.Title, p.PersonName, p.UnitName, p.ReceivedOn, translate(l.Lang, "prop.status."+p.Status),
			p.Deadlines.Meeting, on(canbo.StepMeeting), passed, on(canbo.StepFinished), on(canbo.StepReport), on(canbo.StepEvaluation),
			yesNo(eval.Achieved), yesNo(eval.Damage), outcome, strings.Join(late, "; ")})
	}
	return writeXLSXList(w, l, rows)
}
