package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"canbo"
	"canbo/vocab"
)

// The dashboards (issue 19 item 3): for a unit's subtree on a day, the workforce by staff type
// and sex, the age pyramid, qualifications and political theory, party members and
// probationers, the retirement wave, work-programme completion and what falls due in Nhắc
// việc. Every chart is drawn on the server as SVG by barChart (party.go), with its table beside
// it; a bar is a link to the list behind it, so the figures Biểu 01 counts can be opened from
// the picture too. The counts are Biểu 01's totals (one store call), the wave the rules'.

// barPanel is a bar chart with its table view: rows of a label, a value and the link behind it.
type barPanel struct {
	ID, Title string
	Bars      []bar
	Width     int
	Height    int
}

// chartHeight is the height of every chart's drawing (its width grows with the bars).
const chartHeight = 220

// newBarPanel lays out labelled values with their links. The drawing is at least 360 units wide
// and 60 per bar, so labels stay apart; the SVG scales to the screen (a phone of 390 px too).
func newBarPanel(id, title string, labels []string, values []int, links []template.URL) barPanel {
	width := max(360, 60*len(values))
	bars := barChart(labels, values, width, chartHeight)
	for i := range bars {
		bars[i].Href = links[i]
	}
	return barPanel{ID: id, Title: title, Bars: bars, Width: width, Height: chartHeight}
}

// dashboardData is the dashboard page's view.
type dashboardData struct {
	Unit       *canbo.Unit
	Charts     []barPanel
	Programmes []programmeLine
	Query      template.URL
}

// programmeLine is a work programme of the unit for the day's year, with its completion.
type programmeLine struct {
	ID    int64
	Title string
	Due   int
	Done  int
	Rate  float64
}

// dashboardPage answers GET /reports, the "Báo cáo" menu item.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) {
	q, err := s.reportParams(r, true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	l := lang(r)
	data := dashboardData{Unit: &canbo.Unit{Name: translate(l, "reports.none")}, Query: reportLink(q)}
	if q.Under != 0 {
		if data.Unit, err = s.Org.FindUnit(r.Context(), q.Under, q.On); err == nil {
			err = s.dashboardCharts(r, q, &data)
		}
		if err == nil {
			err = s.auditReport(r, "dashboard")
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "reports", page{Title: translate(l, "reports.title"), Section: "reports", AsOf: q.On, Data: data})
}

// dashboardCharts fills the charts of the dashboard for q.
func (s *Server) dashboardCharts(r *http.Request, q reportQuery, data *dashboardData) error {
	ctx, l, under, on := r.Context(), lang(r), q.Under, q.On
	rep, err := s.reports.Bieu01(ctx, under, on)
	if err != nil {
		return err
	}
	t := &rep.Totals
	var labels []string
	var values []int
	var links []template.URL
	add := func(label string, v int, link template.URL) {
		labels, values, links = append(labels, label), append(values, v), append(links, link)
	}
	flush := func(id, title string) {
		data.Charts = append(data.Charts, newBarPanel(id, title, labels, values, links))
		labels, values, links = nil, nil, nil
	}
	// People by staff type and sex: men and women of each type counted.
	for _, st := range canbo.StaffTypes {
		if t.StaffType[st] == 0 {
			continue
		}
		women := t.StaffTypeWomen[st]
		name := translate(l, "staff."+string(st))
		add(name+" · "+translate(l, "sex.male"), t.StaffType[st]-women, peopleLink(under, on, "staff_type", string(st), "sex", "male"))
		add(name+" · "+translate(l, "sex.female"), women, peopleLink(under, on, "staff_type", string(st), "sex", "female"))
	}
	flush("chart-staff", translate(l, "reports.chart.staff"))
	// The age pyramid: each band, men and women.
	for _, b := range canbo.ReportAgeBands {
		from, before := b.Born(on)
		band := translate(l, "reports.age."+b.Code)
		women := t.AgeBandsWomen[b.Code]
		add(band+" · "+translate(l, "sex.male"), t.AgeBands[b.Code]-women, peopleLink(under, on, "sex", "male", "birth_from", from, "birth_before", before))
		add(band+" · "+translate(l, "sex.female"), women, peopleLink(under, on, "sex", "female", "birth_from", from, "birth_before", before))
	}
	flush("chart-ages", translate(l, "reports.chart.ages"))
	// Qualifications and political theory, in the official order of their levels.
	for _, c := range levelColumns(vocab.ProfessionalEducation, "", "edu_professional", func(c *canbo.WorkforceCounts) map[string]int { return c.EduProfessional }, t.EduProfessional) {
		if v, ok := c.Value(t); ok {
			add(c.Label, v, peopleLink(under, on, c.Filter...))
		}
	}
	flush("chart-professional", translate(l, "reports.professional"))
	for _, c := range levelColumns(vocab.PoliticalTheory, "", "edu_political", func(c *canbo.WorkforceCounts) map[string]int { return c.EduPolitical }, t.EduPolitical) {
		if v, ok := c.Value(t); ok {
			add(c.Label, v, peopleLink(under, on, c.Filter...))
		}
	}
	flush("chart-political", translate(l, "reports.political"))
	// Party members and probationers.
	add(translate(l, "reports.party"), t.Party, peopleLink(under, on, "party", "true"))
	add(translate(l, "reports.probationary"), t.Probationary, peopleLink(under, on, "probationary", "true"))
	add(translate(l, "reports.not_party"), t.Total-t.Party, peopleLink(under, on, "party", "false"))
	flush("chart-party", translate(l, "reports.chart.party"))
	// The retirement wave of the next ten years, men and women of each year.
	wave, err := s.reports.RetirementWave(ctx, under, on, 10)
	if err != nil {
		return err
	}
	for _, y := range wave {
		year := strconv.Itoa(y.Year)
		add(year+" · "+translate(l, "sex.male"), y.Men, peopleLink(under, on, "sex", "male", "birth_from", y.MenFrom, "birth_before", y.MenBefore))
		add(year+" · "+translate(l, "sex.female"), y.Women, peopleLink(under, on, "sex", "female", "birth_from", y.WomenFrom, "birth_before", y.WomenBefore))
	}
	flush("chart-retirement", translate(l, "reports.chart.retirement"))
	// Headcount against quota per child unit (the unit itself when it has none), each pair
	// linking to that unit's staffing page.
	st, err := s.reports.Staffing(ctx, under, on)
	if err != nil {
		return err
	}
	children := st.Children
	if len(children) == 0 {
		children = []canbo.StaffingChild{{UnitID: st.UnitID, Name: st.UnitName, StaffingTotals: st.Totals}}
	}
	for _, c := range children[:min(len(children), staffingChartMax)] {
		link := template.URL(staffingLink(c.UnitID, on))
		add(c.Name+" · "+translate(l, "staffing.allotted"), c.Allotted, link)
		add(c.Name+" · "+translate(l, "staffing.filled"), c.Filled, link)
	}
	if st.Totals.Allotted > 0 || st.Totals.Filled > 0 {
		flush("chart-staffing", translate(l, "reports.chart.staffing"))
	}
	labels, values, links = nil, nil, nil
	// What falls due in Nhắc việc in the next 90 days, by kind.
	due, err := s.reports.Reminders(ctx, canbo.ReminderFilter{Under: under, AsOf: on, From: on, To: on.AddDate(0, 0, 90), Limit: 1})
	if err != nil {
		return err
	}
	for _, k := range canbo.ReminderKinds {
		if n, ok := due.Counts[k]; ok {
			v := url.Values{"under": {strconv.FormatInt(under, 10)}, "as_of": {isoDay(on)}, "kind": {string(k)}, "within": {"90"}}
			add(translate(l, "remind."+string(k)), n, template.URL("/reminders?"+v.Encode()))
		}
	}
	flush("chart-due", translate(l, "reports.chart.due"))
	// The unit's work programmes of the year, with their completion so far.
	programmes, err := s.reports.Programmes(ctx, canbo.ProgrammeFilter{Year: on.Year(), OwnerUnitID: under})
	if err != nil {
		return err
	}
	for _, p := range programmes {
		c, err := s.reports.Completion(ctx, p.ID, on)
		if err != nil {
			return err
		}
		done := c.Scheduled.DoneOnTime + c.Scheduled.DoneLate + c.Arising.DoneOnTime + c.Arising.DoneLate
		due := c.Scheduled.Due + c.Arising.Due
		data.Programmes = append(data.Programmes, programmeLine{ID: p.ID, Title: p.Title, Due: due, Done: done, Rate: c.Scheduled.Rate})
		add(p.Title, done, template.URL("/programmes/"+strconv.FormatInt(p.ID, 10)+"?as_of="+isoDay(on)))
	}
	if len(programmes) > 0 {
		flush("chart-programmes", translate(l, "reports.chart.programmes"))
	}
	return nil
}
