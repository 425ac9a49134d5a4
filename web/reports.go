package web

import (
	"html/template"
	"net/http"
	"slices"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/vn"
	"canbo/vocab"
)

// The official statistics (issue 19 item 2): Biểu 01, numbers and quality of the workforce,
// and Biểu 02, the named list with salary, for a unit's subtree on a day. The page, the
// workbook and the API read the same store call; the page and the workbook lay it out with the
// same columns (bieu01Columns), so the workbook read back equals the screen.

// bieu01Column is one column of Biểu 01: its group and label as printed, the figure it shows
// of a row's counts (false: a column of the official layout canbo does not count, left empty),
// and the people list filters behind the figure.
type bieu01Column struct {
	Group, Label string
	Value        func(c *canbo.WorkforceCounts) (int, bool)
	Filter       []string
}

// bieu01Cell is a figure on screen with the list behind it.
type bieu01Cell struct {
	Value int
	Shown bool
	Link  template.URL
}

// bieu01Line is a line of the screen: the totals or a unit's row.
type bieu01Line struct {
	Name   string
	UnitID int64
	Cells  []bieu01Cell
}

// levelColumns are the columns of a qualification: the official levels of its list in order,
// each for every value recorded that the list reads as that level (as recorded, since the list
// filters on the value as recorded), then the values the list does not know, in collation
// order. An official level nobody has stays as an empty column.
func levelColumns(l *vocab.List, group, param string, counts func(c *canbo.WorkforceCounts) map[string]int, recorded map[string]int) []bieu01Column {
	byCode := map[string][]string{}
	var unknown []string
	for v := range recorded {
		if code, ok := l.Code(v); ok {
			byCode[code] = append(byCode[code], v)
		} else {
			unknown = append(unknown, v)
		}
	}
	var out []bieu01Column
	add := func(label, v string) {
		out = append(out, bieu01Column{Group: group, Label: label, Filter: []string{param, v},
			Value: func(c *canbo.WorkforceCounts) (int, bool) { return counts(c)[v], true }})
	}
	for _, it := range l.Items {
		vs := byCode[it.Code]
		if len(vs) == 0 {
			out = append(out, bieu01Column{Group: group, Label: it.Name, Value: func(*canbo.WorkforceCounts) (int, bool) { return 0, false }})
			continue
		}
		slices.Sort(vs)
		for _, v := range vs {
			label := it.Name
			if len(vs) > 1 {
				label += " (" + v + ")"
			}
			add(label, v)
		}
	}
	slices.SortFunc(unknown, vn.Compare)
	for _, v := range unknown {
		add(v, v)
	}
	return out
}

// recordedColumns are a column per value recorded (languages, IT), in collation order.
func recordedColumns(group, param string, counts func(c *canbo.WorkforceCounts) map[string]int, recorded map[string]int) []bieu01Column {
	var vs []string
	for v := range recorded {
		vs = append(vs, v)
	}
	slices.SortFunc(vs, vn.Compare)
	var out []bieu01Column
	for _, v := range vs {
		out = append(out, bieu01Column{Group: group, Label: v, Filter: []string{param, v},
			Value: func(c *canbo.WorkforceCounts) (int, bool) { return counts(c)[v], true }})
	}
	if len(out) == 0 {
		out = append(out, bieu01Column{Group: group, Label: "", Value: func(*canbo.WorkforceCounts) (int, bool) { return 0, false }})
	}
	return out
}

// bieu01Columns lays out Biểu 01 in the official order (TT 11/2012/TT-BNV, TT 07/2019/TT-BNV):
// total, women, party members, ethnic minorities, religion (not counted: left empty), staff
// types, professional qualification, political theory, state management, IT, languages, age
// bands. l is the reader's language for the words of canbo's own labels.
func bieu01Columns(l string, rep *canbo.Bieu01) []bieu01Column {
	t := &rep.Totals
	one := func(group, label string, v func(c *canbo.WorkforceCounts) int, filter ...string) bieu01Column {
		return bieu01Column{Group: group, Label: label, Filter: filter, Value: func(c *canbo.WorkforceCounts) (int, bool) { return v(c), true }}
	}
	cols := []bieu01Column{
		one("", translate(l, "reports.total"), func(c *canbo.WorkforceCounts) int { return c.Total }),
		one(translate(l, "reports.of_which"), translate(l, "reports.women"), func(c *canbo.WorkforceCounts) int { return c.Women }, "sex", "female"),
		one(translate(l, "reports.of_which"), translate(l, "reports.party"), func(c *canbo.WorkforceCounts) int { return c.Party }, "party", "true"),
	}
	if t.EthnicMinority != nil {
		cols = append(cols, one(translate(l, "reports.of_which"), translate(l, "reports.minority"), func(c *canbo.WorkforceCounts) int { return *c.EthnicMinority }, "minority", "true"))
	} else {
		cols = append(cols, bieu01Column{Group: translate(l, "reports.of_which"), Label: translate(l, "reports.minority"), Value: func(*canbo.WorkforceCounts) (int, bool) { return 0, false }})
	}
	cols = append(cols, bieu01Column{Group: translate(l, "reports.of_which"), Label: translate(l, "reports.religion"), Value: func(*canbo.WorkforceCounts) (int, bool) { return 0, false }})
	for _, st := range canbo.StaffTypes {
		if st == canbo.StaffNone {
			continue
		}
		cols = append(cols, one(translate(l, "reports.staff_type"), translate(l, "staff."+string(st)), func(c *canbo.WorkforceCounts) int { return c.StaffType[st] }, "staff_type", string(st)))
	}
	cols = append(cols, levelColumns(vocab.ProfessionalEducation, translate(l, "reports.professional"), "edu_professional", func(c *canbo.WorkforceCounts) map[string]int { return c.EduProfessional }, t.EduProfessional)...)
	cols = append(cols, levelColumns(vocab.PoliticalTheory, translate(l, "reports.political"), "edu_political", func(c *canbo.WorkforceCounts) map[string]int { return c.EduPolitical }, t.EduPolitical)...)
	cols = append(cols, levelColumns(vocab.StateManagement, translate(l, "reports.state"), "edu_state", func(c *canbo.WorkforceCounts) map[string]int { return c.EduState }, t.EduState)...)
	cols = append(cols, recordedColumns(translate(l, "reports.it"), "edu_it", func(c *canbo.WorkforceCounts) map[string]int { return c.EduIT }, t.EduIT)...)
	cols = append(cols, recordedColumns(translate(l, "reports.languages"), "edu_languages", func(c *canbo.WorkforceCounts) map[string]int { return c.EduLanguages }, t.EduLanguages)...)
	on, _ := time.Parse(time.DateOnly, rep.AsOf)
	for _, b := range canbo.ReportAgeBands {
		from, before := b.Born(on)
		cols = append(cols, one(translate(l, "reports.age"), translate(l, "reports.age."+b.Code), func(c *canbo.WorkforceCounts) int { return c.AgeBands[b.Code] },
			"birth_from", from, "birth_before", before))
	}
	return cols
}

// bieu01Lines lays the report's totals and rows out in the columns, each figure with its link.
func bieu01Lines(rep *canbo.Bieu01, cols []bieu01Column, on time.Time, totalName string) []bieu01Line {
	line := func(name string, unit int64, c *canbo.WorkforceCounts) bieu01Line {
		out := bieu01Line{Name: name, UnitID: unit}
		for _, col := range cols {
			v, ok := col.Value(c)
			cell := bieu01Cell{Value: v, Shown: ok}
			if ok {
				cell.Link = peopleLink(unit, on, col.Filter...)
			}
			out.Cells = append(out.Cells, cell)
		}
		return out
	}
	lines := []bieu01Line{line(totalName, rep.UnitID, &rep.Totals)}
	for i := range rep.Rows {
		lines = append(lines, line(rep.Rows[i].UnitName, rep.Rows[i].UnitID, &rep.Rows[i].WorkforceCounts))
	}
	return lines
}

// columnGroup is a header cell over columns of one group.
type columnGroup struct {
	Label string
	Span  int
}

// groupsOf returns the runs of columns of one group, for the header's first row.
func groupsOf(cols []bieu01Column) []columnGroup {
	var out []columnGroup
	for i, c := range cols {
		if i > 0 && c.Group != "" && c.Group == cols[i-1].Group {
			out[len(out)-1].Span++
			continue
		}
		out = append(out, columnGroup{c.Group, 1})
	}
	return out
}

// auditReport records a report read: it is a read of many people's records, like an export.
func (s *Server) auditReport(r *http.Request, entity string) error {
	return s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: entity, EntityID: r.URL.RawQuery})
}

// bieu01Page shows Biểu 01 for a unit's subtree on a day, every figure a link to its people.
func (s *Server) bieu01Page(w http.ResponseWriter, r *http.Request) {
	q, err := s.reportParams(r, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	l := lang(r)
	data := struct {
		Unit   *canbo.Unit
		Cols   []bieu01Column
		Groups []columnGroup
		Lines  []bieu01Line
		Export string
		Query  template.URL
	}{Unit: &canbo.Unit{Name: translate(l, "reports.none")}, Export: "/reports/bieu01.xlsx?" + string(reportLink(q)), Query: reportLink(q)}
	if q.Under != 0 {
		var rep *canbo.Bieu01
		if data.Unit, err = s.Org.FindUnit(r.Context(), q.Under, q.On); err == nil {
			rep, err = s.reports.Bieu01(r.Context(), q.Under, q.On)
		}
		if err == nil {
			err = s.auditReport(r, "bieu01")
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		data.Cols = bieu01Columns(l, rep)
		data.Groups = groupsOf(data.Cols)
		data.Lines = bieu01Lines(rep, data.Cols, q.On, translate(l, "reports.total_line"))
	}
	s.render(w, r, http.StatusOK, "reports_bieu01", page{Title: translate(l, "reports.bieu01"), Section: "reports", AsOf: q.On, Data: data})
}

// bieu02Shown bounds the named list on screen; the workbook holds all of it.
const bieu02Shown = 1000

// bieu02Page shows Biểu 02, the named list with salary, each name a link to the profile.
func (s *Server) bieu02Page(w http.ResponseWriter, r *http.Request) {
	q, err := s.reportParams(r, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	l := lang(r)
	data := struct {
		Unit   *canbo.Unit
		Rows   []canbo.Bieu02Row
		Total  int
		Export string
		Query  template.URL
	}{Unit: &canbo.Unit{Name: translate(l, "reports.none")}, Export: "/reports/bieu02.xlsx?" + string(reportLink(q)), Query: reportLink(q)}
	if q.Under != 0 {
		if data.Unit, err = s.Org.FindUnit(r.Context(), q.Under, q.On); err == nil {
			data.Rows, err = s.reports.Bieu02(r.Context(), q.Under, q.On)
		}
		if err == nil {
			err = s.auditReport(r, "bieu02")
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		data.Total = len(data.Rows)
		data.Rows = data.Rows[:min(len(data.Rows), bieu02Shown)]
	}
	s.render(w, r, http.StatusOK, "reports_bieu02", page{Title: translate(l, "reports.bieu02"), Section: "reports", AsOf: q.On, Data: data})
}
