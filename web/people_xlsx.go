package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"canbo"
	"canbo/audit"
	"canbo/vocab"
)

// maxExportPeople bounds a people export. A ward's or an agency's list fits many times over; a
// whole city's personal records do not belong in a spreadsheet, so a list that long must be
// narrowed first.
const maxExportPeople = 20000

// exportPage is the page size an export reads the list in (the store's largest).
const exportPage = 500

// peopleExport answers GET /people/export.xlsx: the people list with its filters and chosen
// columns, every page of it, as a workbook. It reads through the same store calls as the page,
// so scope and grants apply alike, and it is audited before anything is sent.
func (s *Server) peopleExport(w http.ResponseWriter, r *http.Request) {
	f, err := s.personFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	cols, err := chosenColumns(r.URL.Query(), canbo.UserFromContext(r.Context()))
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.Limit, f.Cursor = exportPage, ""
	var people []*canbo.Person
	standings := map[int64]canbo.PersonStanding{}
	for {
		page, _, next, err := s.People.FindPeople(r.Context(), f)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if len(people)+len(page) > maxExportPeople {
			s.error(w, r, canbo.Invalid("under", "err.web.people_xlsx.too_many", maxExportPeople))
			return
		}
		st, err := s.standings(r, page, f, cols)
		if err != nil {
			s.error(w, r, err)
			return
		}
		for id, v := range st {
			standings[id] = v
		}
		people = append(people, page...)
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "people", EntityID: r.URL.RawQuery,
		After: audit.Redact(map[string]string{"rows": strconv.Itoa(len(people))})}); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="danh-sach-nhan-su-`+isoDay(f.AsOf)+`.xlsx"`)
	lng := lang(r)
	meta := xlsxList{Title: translate(lng, "xlsx.people"), AsOf: f.AsOf, Filters: s.peopleFilterLabels(r, lng, f),
		By: canbo.UserFromContext(r.Context()).Username, At: s.Now(), Lang: lng}
	if err := writePeopleXLSX(w, meta, cols, people, standings); err != nil {
		s.Log.Error("people export", "err", err)
	}
}

// exportWidths are the columns' widths in characters.
var exportWidths = map[string]float64{"birth": 12, "sex": 10, "staff_type": 16, "staff_code": 12, "post": 36,
	"unit": 46, "party": 10, "ethnicity": 12, "education": 40}

// writePeopleXLSX writes the list as the page shows it (see xlsxList), one row per person in
// Vietnamese order; birth dates are Excel dates when the day is known.
func writePeopleXLSX(w io.Writer, l xlsxList, cols []string, people []*canbo.Person, st map[int64]canbo.PersonStanding) error {
	l.Columns = []xlsxColumn{{Name: "STT", Width: 6}, {Name: translate(l.Lang, "person.name"), Width: 28}}
	for _, c := range cols {
		l.Columns = append(l.Columns, xlsxColumn{Name: translate(l.Lang, "col."+c), Width: exportWidths[c]})
	}
	rows := make([][]any, 0, len(people))
	for i, p := range people {
		row := []any{i + 1, p.FullName}
		for _, c := range cols {
			if c == "birth" {
				row = append(row, xlsxDate(p.BirthDate))
				continue
			}
			row = append(row, columnValue(l.Lang, c, p, st[p.ID]))
		}
		rows = append(rows, row)
	}
	return writeXLSXList(w, l, rows)
}

// peopleFilterLabels says which filters of the list produced an export, "label: value" in the
// words of the page's filter form.
func (s *Server) peopleFilterLabels(r *http.Request, lng string, f canbo.PersonFilter) []string {
	q := r.URL.Query()
	var out []string
	add := func(label, value string) {
		if value = strings.TrimSpace(value); value != "" {
			out = append(out, translate(lng, label)+": "+value)
		}
	}
	if f.Under != 0 {
		name := "#" + strconv.FormatInt(f.Under, 10)
		if u, err := s.Org.FindUnit(r.Context(), f.Under, f.AsOf); err == nil {
			name = u.Name
		}
		add("cleaning.unit", name)
	}
	add("people.search", q.Get("q"))
	if v := q.Get("staff_type"); v != "" {
		add("person.staff_type", translate(lng, "staff."+v))
	}
	if v := q.Get("sex"); v != "" {
		add("person.sex", translate(lng, "sex."+v))
	}
	switch q.Get("party") {
	case "true":
		add("person.party", translate(lng, "people.members"))
	case "false":
		add("person.party", translate(lng, "people.nonmembers"))
	}
	if v := q.Get("age"); v != "" {
		add("people.age", translate(lng, "age."+v))
	}
	add("people.ethnicity", vocab.Ethnicities.Show(f.Ethnicity))
	add("people.edu_professional", vocab.ProfessionalEducation.Show(f.EduProfessional))
	add("people.edu_political", vocab.PoliticalTheory.Show(f.EduPolitical))
	add("people.edu_state", vocab.StateManagement.Show(f.EduState))
	add("people.post_title", f.PostTitle)
	add("people.post_unit", q.Get("post_unit"))
	if v := q.Get("evaluation"); v != "" {
		add("people.evaluation", translate(lng, "eval."+v))
	}
	return out
}

// columnValue is a list column's text for a person, as the people page shows it.
func columnValue(lng, col string, p *canbo.Person, st canbo.PersonStanding) string {
	switch col {
	case "birth":
		return vnDate(p.BirthDate)
	case "sex":
		return translate(lng, "sex."+string(p.Sex))
	case "staff_type":
		return translate(lng, "staff."+string(p.StaffType))
	case "staff_code":
		return p.StaffCode
	case "post":
		return st.PostTitle
	case "unit":
		return st.UnitName
	case "party":
		if st.PartyMember {
			return "✓"
		}
		return ""
	case "ethnicity":
		return vocab.Ethnicities.Show(p.Ethnicity)
	case "education":
		return educationLine(p.Education)
	}
	return ""
}
