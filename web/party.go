package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/xuri/excelize/v2"

	"canbo"
	"canbo/audit"
	"canbo/vocab"
)

// PartyStore is what the party pages need from the store.
type PartyStore interface {
	canbo.PartyService
}

// partyHealthPage lists the problems of the party organisation under a unit on a day.
func (s *Server) partyHealthPage(w http.ResponseWriter, r *http.Request) {
	q, err := s.partyParams(r, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	unit, items := &canbo.Unit{Name: translate(lang(r), "party.none")}, []canbo.HealthItem(nil)
	if q.Under != 0 {
		if unit, err = s.Org.FindUnit(r.Context(), q.Under, q.On); err == nil {
			items, err = s.reports.PartyHealth(r.Context(), q.Under, q.On)
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
	}
	counts, labels := map[string]int{}, map[string]string{}
	for _, it := range items {
		counts[it.Problem]++
	}
	for _, p := range healthProblems {
		labels[p] = translate(lang(r), "health."+p)
	}
	s.render(w, r, http.StatusOK, "party_health", page{Title: translate(lang(r), "party.health"), Section: "party", AsOf: q.On,
		Data: map[string]any{"Unit": unit, "Items": items, "Counts": counts, "Labels": labels, "Problems": healthProblems,
			"Stats": "/party/stats?" + partyLink(q)}})
}

// healthProblems lists the problems in the order the page shows their counts.
var healthProblems = []string{canbo.ProblemFewFullMembers, canbo.ProblemKindSize, canbo.ProblemNoSecretary, canbo.ProblemManySecretaries,
	canbo.ProblemNoCell, canbo.ProblemTemporaryOver, canbo.ProblemNoTerritory}

// partyLink is the query of the party pages for q.
func partyLink(q partyQuery) string {
	v := url.Values{"as_of": {isoDay(q.On)}, "from": {isoDay(q.From)}, "to": {isoDay(q.To)}}
	if q.Under != 0 {
		v.Set("under", strconv.FormatInt(q.Under, 10))
	}
	return v.Encode()
}

// bar is one bar of a server-drawn SVG chart (no script: the page's CSP forbids inline code).
type bar struct {
	Label         string
	Value         int
	X, Y, W, H    int
	LabelX, TextY int
	// Href, when set, is the list behind the bar (the dashboards link every bar).
	Href template.URL
}

// barChart lays out values as vertical bars in a width×height box with room for labels.
func barChart(labels []string, values []int, width, height int) []bar {
	peak := 1
	for _, v := range values {
		peak = max(peak, v)
	}
	n := max(len(values), 1)
	slot := width / n
	out := make([]bar, len(values))
	for i, v := range values {
		h := v * (height - 40) / peak
		x := i*slot + slot/6
		out[i] = bar{Label: labels[i], Value: v, X: x, W: slot * 2 / 3, H: h, Y: height - 20 - h, LabelX: x + slot/3, TextY: height - 24 - h}
	}
	return out
}

// partyStatsPage shows the periodic report's counts with a bar chart of the age bands.
func (s *Server) partyStatsPage(w http.ResponseWriter, r *http.Request) {
	q, err := s.partyParams(r, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	unit := &canbo.Unit{Name: translate(lang(r), "party.none")}
	st := &canbo.PartyStats{AgeBands: map[string]int{}, CellsByKind: map[string]int{}, Grassroots: map[string]int{}, Ended: map[string]int{}}
	if q.Under != 0 {
		if unit, err = s.Org.FindUnit(r.Context(), q.Under, q.On); err == nil {
			st, err = s.reports.PartyStats(r.Context(), q.Under, q.On, q.From, q.To)
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
	}
	l := lang(r)
	var labels []string
	var values []int
	for _, b := range canbo.AgeBands {
		labels, values = append(labels, translate(l, "age."+b)), append(values, st.AgeBands[b])
	}
	kinds, err := s.Party.CellKinds(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "party_stats", page{Title: translate(l, "party.stats"), Section: "party", AsOf: q.On,
		Data: map[string]any{"Unit": unit, "Stats": st, "Bars": barChart(labels, values, 600, 220), "Kinds": kinds,
			"From": q.From, "To": q.To, "Export": "/party/stats.xlsx?" + partyLink(q), "Health": "/party/health?" + partyLink(q),
			"EndReasons": canbo.EndReasons, "AgeBands": canbo.AgeBands}})
}

// partyStatsExport writes the statistics as a workbook, audited.
func (s *Server) partyStatsExport(w http.ResponseWriter, r *http.Request) {
	q, err := s.partyParams(r, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	unit, err := s.Org.FindUnit(r.Context(), q.Under, q.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	st, err := s.reports.PartyStats(r.Context(), q.Under, q.On, q.From, q.To)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "party_stats", EntityID: r.URL.RawQuery}); err != nil {
		s.error(w, r, err)
		return
	}
	x := excelize.NewFile()
	defer x.Close()
	l := lang(r)
	sheet := translate(l, "party.stats")
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		s.error(w, r, err)
		return
	}
	rows := [][]any{{unit.Name, fmt.Sprintf(translate(l, "party.xlsx.on"), fmtDay(q.On)), fmt.Sprintf(translate(l, "party.xlsx.period"), fmtDay(q.From), fmtDay(q.To))},
		{translate(l, "party.xlsx.members"), st.Members}, {translate(l, "party.xlsx.full"), st.Full}, {translate(l, "party.xlsx.probationary"), st.Probationary}, {translate(l, "party.xlsx.women"), st.Women},
		{translate(l, "party.xlsx.under30"), st.Under30}, {translate(l, "party.xlsx.cells"), st.Cells}}
	for _, b := range canbo.AgeBands {
		rows = append(rows, []any{fmt.Sprintf(translate(l, "party.xlsx.age"), translate(l, "age."+b)), st.AgeBands[b]})
	}
	for k, n := range st.Grassroots {
		rows = append(rows, []any{fmt.Sprintf(translate(l, "party.xlsx.grassroots"), k), n})
	}
	for k, n := range st.CellsByKind {
		rows = append(rows, []any{fmt.Sprintf(translate(l, "party.xlsx.cell_kind"), k), n})
	}
	rows = append(rows, []any{translate(l, "party.xlsx.admitted"), st.Admitted}, []any{translate(l, "party.xlsx.recognised"), st.Recognised})
	for _, e := range canbo.EndReasons {
		rows = append(rows, []any{fmt.Sprintf(translate(l, "party.xlsx.ended"), translate(l, "end."+e)), st.Ended[e]})
	}
	rows = append(rows, []any{translate(l, "party.xlsx.transfers_in"), st.TransfersIn}, []any{translate(l, "party.xlsx.transfers_out"), st.TransfersOut})
	for e, n := range st.Ethnicity {
		rows = append(rows, []any{fmt.Sprintf(translate(l, "party.xlsx.ethnicity"), vocab.Ethnicities.Show(e)), n})
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sheet, cell, &row); err != nil {
			s.error(w, r, err)
			return
		}
	}
	x.SetColWidth(sheet, "A", "A", 40)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="thong-ke-dang-vien-`+isoDay(q.On)+`.xlsx"`)
	if err := x.Write(w); err != nil {
		s.Log.Error("party stats export", "err", err)
	}
}
