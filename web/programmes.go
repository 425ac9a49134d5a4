package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"canbo"
	"canbo/programme"
)

// itemRow is an item as the pages show it on a day: its state, current status and deadline in
// force, computed by package programme like the figures.
type itemRow struct {
	*canbo.ProgrammeItem
	State    programme.State
	Current  string // the latest status on the day, or "planned"
	Deadline string // in force on the day
	Result   string // on_time, late, overdue, due_today, open, cancelled
}

func newItemRow(it *canbo.ProgrammeItem, on string) itemRow {
	st := programme.Assess(it, on)
	row := itemRow{ProgrammeItem: it, State: st, Current: "planned", Deadline: programme.Deadline(it, on)}
	for _, s := range it.Statuses {
		if s.On <= on {
			row.Current = string(s.Status)
		}
	}
	switch {
	case st.Cancelled:
		row.Result = "cancelled"
	case st.Done && st.OnTime:
		row.Result = "on_time"
	case st.Done:
		row.Result = "late"
	case st.Overdue:
		row.Result = "overdue"
	case st.DueToday:
		row.Result = "due_today"
	default:
		row.Result = "open"
	}
	return row
}

// monthGroup is the items whose deadline in force falls in one month.
type monthGroup struct {
	Month string // "2024-06"
	Items []itemRow
}

// boardColumn is the items of one current status.
type boardColumn struct {
	Status string
	Items  []itemRow
}

// boardStatuses are the board's columns, left to right.
var boardStatuses = []string{"planned", string(canbo.StatusInProgress), string(canbo.StatusSubmitted), string(canbo.StatusPostponed),
	string(canbo.StatusDone), string(canbo.StatusCancelled)}

// rateBar is one bar of a completion chart, laid out on the server: the page carries plain SVG, no
// script, so the CSP holds.
type rateBar struct {
	Label   string
	Y       int
	Width   int
	Percent int
	Due     int
}

// chart is a horizontal bar chart of rates.
type chart struct {
	Height int
	Bars   []rateBar
}

const chartBarMax = 300

func newChart(labels []string, rates []float64, dues []int) chart {
	c := chart{Height: 24*len(labels) + 8}
	for i, l := range labels {
		p := int(rates[i]*100 + 0.5)
		c.Bars = append(c.Bars, rateBar{Label: l, Y: 4 + 24*i, Width: chartBarMax * p / 100, Percent: p, Due: dues[i]})
	}
	return c
}

// programmeView is the programme page's data.
type programmeView struct {
	P          *canbo.Programme
	C          *canbo.Completion
	AsOfISO    string
	Months     []monthGroup
	Board      []boardColumn
	UnitChart  chart
	MonthChart chart
	Kinds      []canbo.ItemKind
	Units      []*canbo.Unit // the owner unit and its subtree, for the presiding unit
	Form       itemRequest
	Err        *formError
	Saved      bool
}

// formError is a refused form's message and the field it names, shown beside the form.
type formError struct {
	Field   string
	Message string
}

func newFormError(err error) *formError {
	if err == nil {
		return nil
	}
	return &formError{Field: canbo.ErrorField(err), Message: canbo.ErrorMessage(err)}
}

func (s *Server) programmesPage(w http.ResponseWriter, r *http.Request) {
	s.showProgrammes(w, r, http.StatusOK, programmeRequest{}, nil)
}

func (s *Server) showProgrammes(w http.ResponseWriter, r *http.Request, status int, form programmeRequest, formErr error) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	year, err := yearParam(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, err := s.Programmes.Programmes(r.Context(), canbo.ProgrammeFilter{Year: year})
	if err != nil {
		s.error(w, r, err)
		return
	}
	if form.Year == 0 {
		form.Year = on.Year()
	}
	data := programmesData{List: list, Year: year, Form: form, Err: newFormError(formErr), AsOfISO: isoDay(on)}
	s.render(w, r, status, "programmes", page{Title: translate(lang(r), "nav.programmes"), Section: "programmes", AsOf: on, Data: data})
}

// programmesData is the programmes page's view data: the year's programmes and the new
// programme's form with its error, if any.
type programmesData struct {
	List    []*canbo.Programme
	Year    int
	Form    programmeRequest
	Err     *formError
	AsOfISO string
}

func (s *Server) programmeCreate(w http.ResponseWriter, r *http.Request) {
	q, err := programmeForm(r)
	if err == nil {
		p := q.programme()
		if err = s.Programmes.CreateProgramme(r.Context(), p); err == nil {
			http.Redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10)+"?saved=1", http.StatusSeeOther)
			return
		}
	}
	if code := canbo.ErrorCode(err); code != canbo.EINVALID && code != canbo.ECONFLICT {
		s.error(w, r, err)
		return
	}
	s.showProgrammes(w, r, http.StatusUnprocessableEntity, q, err)
}

func (s *Server) programmePage(w http.ResponseWriter, r *http.Request) {
	s.showProgramme(w, r, http.StatusOK, itemRequest{Kind: canbo.ItemContent}, nil)
}

// programmeData reads a programme and its figures on the page's day.
func (s *Server) programmeData(r *http.Request) (*canbo.Programme, *canbo.Completion, time.Time, error) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		return nil, nil, on, err
	}
	p, err := s.Programmes.Programme(r.Context(), id, on)
	if err != nil {
		return nil, nil, on, err
	}
	c := programme.Compute(p.Items, isoDay(on))
	return p, c, on, nil
}

func (s *Server) showProgramme(w http.ResponseWriter, r *http.Request, status int, form itemRequest, formErr error) {
	p, c, on, err := s.programmeData(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	d := isoDay(on)
	v := programmeView{P: p, C: c, AsOfISO: d, Kinds: canbo.ItemKinds, Form: form, Err: newFormError(formErr), Saved: r.URL.Query().Get("saved") == "1"}
	byMonth := map[string]int{}
	cols := map[string]int{}
	for i, st := range boardStatuses {
		v.Board = append(v.Board, boardColumn{Status: st})
		cols[st] = i
	}
	for _, it := range p.Items {
		row := newItemRow(it, d)
		m := row.Deadline[:7]
		if _, ok := byMonth[m]; !ok {
			byMonth[m] = len(v.Months)
			v.Months = append(v.Months, monthGroup{Month: m})
		}
		v.Months[byMonth[m]].Items = append(v.Months[byMonth[m]].Items, row)
		v.Board[cols[row.Current]].Items = append(v.Board[cols[row.Current]].Items, row)
	}
	sortMonths(v.Months)
	var labels []string
	var rates []float64
	var dues []int
	for _, u := range c.ByUnit {
		labels = append(labels, u.Name)
		rates = append(rates, programme.Rate(u.Scheduled.DoneOnTime+u.Scheduled.DoneLate+u.Arising.DoneOnTime+u.Arising.DoneLate, u.Scheduled.Due+u.Arising.Due))
		dues = append(dues, u.Scheduled.Due+u.Arising.Due)
	}
	v.UnitChart = newChart(labels, rates, dues)
	// The month chart: the whole programme's rate at the end of each month up to the day shown.
	labels, rates, dues = nil, nil, nil
	for m := time.January; m <= time.December; m++ {
		end := time.Date(p.Year, m+1, 0, 0, 0, 0, 0, time.UTC)
		last := !end.Before(on)
		if last {
			end = on
		}
		all := programme.Count(p.Items, isoDay(end))
		labels = append(labels, fmt.Sprintf("%02d/%d", m, p.Year))
		rates = append(rates, all.Rate)
		dues = append(dues, all.Due)
		if last {
			break
		}
	}
	v.MonthChart = newChart(labels, rates, dues)
	if u := canbo.UserFromContext(r.Context()); u != nil && u.Role.CanEdit() {
		v.Units, _, _ = s.Org.FindUnits(r.Context(), canbo.UnitFilter{Parent: p.OwnerUnitID, AsOf: on, Limit: 500})
		if owner, err := s.Org.FindUnit(r.Context(), p.OwnerUnitID, on); err == nil {
			v.Units = append([]*canbo.Unit{owner}, v.Units...)
		}
	}
	s.render(w, r, status, "programme", page{Title: p.Title, Section: "programmes", AsOf: on, Data: v})
}

func sortMonths(ms []monthGroup) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Month < ms[j-1].Month; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

func (s *Server) itemCreate(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	q, err := itemForm(r)
	if err == nil {
		if err = s.Programmes.AddItem(r.Context(), q.item(id)); err == nil {
			http.Redirect(w, r, "/programmes/"+strconv.FormatInt(id, 10)+"?saved=1&"+r.URL.RawQuery, http.StatusSeeOther)
			return
		}
	}
	if code := canbo.ErrorCode(err); code != canbo.EINVALID && code != canbo.ECONFLICT {
		s.error(w, r, err)
		return
	}
	s.showProgramme(w, r, http.StatusUnprocessableEntity, q, err)
}

// itemView is the item page's data.
type itemView struct {
	Item     itemRow
	Subs     []itemRow // the items delegated from it
	AsOfISO  string
	Statuses []canbo.ItemStatus
	Form     string // the form an error is about
	Err      *formError
	Saved    bool
	Today    string
}

func (s *Server) itemPage(w http.ResponseWriter, r *http.Request) {
	s.showItem(w, r, http.StatusOK, "", nil)
}

func (s *Server) showItem(w http.ResponseWriter, r *http.Request, status int, form string, formErr error) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	it, err := s.Programmes.Item(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := itemView{Item: newItemRow(it, isoDay(on)), AsOfISO: isoDay(on), Statuses: canbo.ItemStatuses, Form: form, Err: newFormError(formErr),
		Saved: r.URL.Query().Get("saved") == "1", Today: isoDay(on)}
	for _, sub := range it.SubItems {
		v.Subs = append(v.Subs, newItemRow(sub, isoDay(on)))
	}
	s.render(w, r, status, "programme_item", page{Title: it.Title, Section: "programmes", AsOf: on, Data: v})
}

// itemDone answers an item form: back to the item page, or the page again with the error.
func (s *Server) itemDone(w http.ResponseWriter, r *http.Request, form string, err error) {
	switch canbo.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/programme-items/"+r.PathValue("id")+"?saved=1&"+r.URL.RawQuery+"#"+form, http.StatusSeeOther)
	case canbo.EINVALID, canbo.ECONFLICT:
		s.showItem(w, r, http.StatusUnprocessableEntity, form, err)
	default:
		s.error(w, r, err)
	}
}

func (s *Server) itemStatus(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.itemDone(w, r, "status", s.Programmes.AddStatus(r.Context(), statusForm(r).change(id)))
}

func (s *Server) itemNote(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.itemDone(w, r, "notes", s.Programmes.AddNote(r.Context(), &canbo.ItemNote{ItemID: id, On: r.PostFormValue("on"), Text: r.PostFormValue("text")}))
}

// itemFile stores the "file" of a multipart form as evidence.
func (s *Server) itemFile(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.itemDone(w, r, "files", s.saveEvidencePart(r, id))
}

func (s *Server) saveEvidencePart(r *http.Request, id int64) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return canbo.Invalid("file", "err.web.programmes.evidence_form")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return canbo.Invalid("file", "err.web.programmes.evidence_none")
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return canbo.Invalid("file", "err.programme.evidence.too_big", canbo.MaxEvidenceBytes>>20)
		} else if err != nil {
			return canbo.Invalid("file", "err.web.programmes.bad_form")
		}
		if part.FormName() != "file" {
			continue
		}
		b, err := readEvidence(part)
		if err != nil {
			return err
		}
		return s.Programmes.AddEvidence(r.Context(), &canbo.EvidenceFile{ItemID: id, Name: part.FileName()}, b)
	}
}

// myItemsPage is a head's list across the programmes the caller sees: the signed-in head's own
// ("việc của tôi", through the account's linked personal record), or the head ?person= names.
func (s *Server) myItemsPage(w http.ResponseWriter, r *http.Request) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	person, err := optionalID("person", r.URL.Query().Get("person"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if person == 0 {
		if person, err = s.Programmes.AccountPerson(r.Context()); err != nil {
			s.error(w, r, err)
			return
		}
	}
	var rows []itemRow
	var name string
	if person != 0 {
		items, err := s.Programmes.Items(r.Context(), canbo.ItemFilter{HeadPersonID: person, AsOf: on})
		if err != nil {
			s.error(w, r, err)
			return
		}
		for _, it := range items {
			rows = append(rows, newItemRow(it, isoDay(on)))
			name = it.HeadName
		}
	}
	data := map[string]any{"Items": rows, "Person": person, "Name": name, "AsOfISO": isoDay(on)}
	s.render(w, r, http.StatusOK, "programme_mine", page{Title: translate(lang(r), "programmes.mine"), Section: "programmes", AsOf: on, Data: data})
}

// KindName is the item's kind in the language, or the kind as typed for a body's own kind.
func (r itemRow) KindName(lang string) string {
	key := "programmes.kind." + string(r.Kind)
	if s := translate(lang, key); s != key {
		return s
	}
	return string(r.Kind)
}

// programmeReminders are the items for Nhắc việc: neither done nor cancelled on the day, with
// a deadline in force before the horizon's end — overdue ones first, then those coming up.
func (s *Server) programmeReminders(r *http.Request, f canbo.ReminderFilter) ([]itemRow, error) {
	if len(f.Kinds) > 0 {
		return nil, nil // a list of one reminder kind asked for
	}
	items, err := s.Programmes.Items(r.Context(), canbo.ItemFilter{Open: true, AsOf: f.AsOf, To: f.To, Limit: 200})
	if err != nil {
		return nil, err
	}
	rows := make([]itemRow, len(items))
	for i, it := range items {
		rows[i] = newItemRow(it, isoDay(f.AsOf))
	}
	return rows, nil
}

// yearRow is one programme's figures at the end of its year (or on the day shown, for a year
// not over yet), for the yearly comparison.
type yearRow struct {
	P  *canbo.Programme
	On time.Time
	C  *canbo.Completion
}

// programmesCompare compares an owner body's programmes year by year: the annual review's
// "so với năm trước".
func (s *Server) programmesCompare(w http.ResponseWriter, r *http.Request) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	owner, err := optionalID("owner_unit_id", r.URL.Query().Get("owner_unit_id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if owner == 0 {
		s.error(w, r, canbo.Invalid("owner_unit_id", "err.web.programmes.owner_required"))
		return
	}
	list, err := s.reports.Programmes(r.Context(), canbo.ProgrammeFilter{OwnerUnitID: owner})
	if err != nil {
		s.error(w, r, err)
		return
	}
	var rows []yearRow
	name := ""
	for _, p := range list {
		end := time.Date(p.Year, 12, 31, 0, 0, 0, 0, time.UTC)
		if end.After(on) {
			end = on
		}
		c, err := s.reports.Completion(r.Context(), p.ID, end)
		if err != nil {
			s.error(w, r, err)
			return
		}
		rows = append(rows, yearRow{P: p, On: end, C: c})
		name = p.OwnerUnitName
	}
	data := map[string]any{"Rows": rows, "Name": name, "AsOfISO": isoDay(on)}
	s.render(w, r, http.StatusOK, "programme_compare", page{Title: translate(lang(r), "programmes.compare"), Section: "programmes", AsOf: on, Data: data})
}
