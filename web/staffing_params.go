package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"canbo"
)

// staffingQuery is what the staffing page, its export and the API read: the unit whose subtree
// is counted and the day.
type staffingQuery struct {
	Unit int64
	On   time.Time
}

// staffingParams reads the day (as_of) and the unit: the path's {id} for the API, else the
// query's unit; a page without one shows the first state unit the caller sees.
func (s *Server) staffingParams(r *http.Request, page bool) (staffingQuery, error) {
	var q staffingQuery
	var err error
	if q.On, err = asOfParam(r, s.Now()); err != nil {
		return q, err
	}
	if v := r.PathValue("id"); v != "" {
		q.Unit, err = idParam(v)
		return q, err
	}
	if q.Unit, err = optionalID("unit", r.URL.Query().Get("unit")); err != nil || q.Unit != 0 || !page {
		return q, err
	}
	units, _, err := s.Org.FindUnits(r.Context(), canbo.UnitFilter{Hierarchy: canbo.State, AsOf: q.On, Limit: 1})
	if err == nil && len(units) > 0 {
		q.Unit = units[0].ID
	}
	return q, err
}

// staffingLink is the page's address for a unit on a day.
func staffingLink(unit int64, on time.Time) string {
	return "/staffing?unit=" + strconv.FormatInt(unit, 10) + "&as_of=" + isoDay(on)
}

// formDocument reads the document fields of the staffing forms.
func formDocument(r *http.Request) canbo.StaffingDocument {
	return canbo.StaffingDocument{Number: r.FormValue("doc_number"), Date: r.FormValue("doc_date"), Issuer: r.FormValue("doc_issuer")}
}

// formTarget reads the streamlining target form: the page's unit, an optional staff type (all
// when empty), the percent (a comma is read as the decimal point), the days and the document.
func formTarget(r *http.Request) (canbo.StaffingTarget, error) {
	t := canbo.StaffingTarget{StaffType: canbo.StaffType(r.PostFormValue("staff_type")), BaseDate: r.PostFormValue("base_date"),
		Due: r.PostFormValue("due"), Document: formDocument(r)}
	var err error
	if t.UnitID, err = optionalID("unit_id", r.PostFormValue("unit_id")); err != nil {
		return t, err
	}
	pct := strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("percent")), ",", ".")
	if t.Percent, err = strconv.ParseFloat(pct, 64); err != nil {
		return t, canbo.Invalid("percent", "err.validate.staffing.percent")
	}
	return t, nil
}
