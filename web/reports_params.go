package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"canbo"
)

// reportQuery is what the report pages, the dashboards and the report API read from the query:
// the subtree (under), the day (as_of) and, for the API, the format (json or xlsx).
type reportQuery struct {
	Under  int64
	On     time.Time
	Format string
}

// reportParams reads a reportQuery. Without under, a page shows the first unit the caller sees
// (its scope's top); the API insists.
func (s *Server) reportParams(r *http.Request, page bool) (reportQuery, error) {
	var q reportQuery
	var err error
	if q.On, err = asOfParam(r, s.Now()); err != nil {
		return q, err
	}
	if q.Under, err = optionalID("under", r.URL.Query().Get("under")); err != nil {
		return q, err
	}
	switch q.Format = r.URL.Query().Get("format"); q.Format {
	case "", "json", "xlsx":
	default:
		return q, canbo.Invalid("format", "err.web.reports_params.format")
	}
	if q.Under == 0 {
		if !page {
			return q, canbo.Invalid("under", "err.web.reports_params.under")
		}
		units, _, err := s.Org.FindUnits(r.Context(), canbo.UnitFilter{AsOf: q.On, Limit: 1})
		if err != nil {
			return q, err
		}
		if len(units) > 0 {
			q.Under = units[0].ID // else 0: the page says there is no unit to show
		}
	}
	return q, nil
}

// reportLink is the query of a report page for q, as a template.URL: the pages put it after a
// "?", where html/template would escape a string whole ("as_of%3d…%26under%3d…").
func reportLink(q reportQuery) template.URL {
	v := url.Values{"as_of": {isoDay(q.On)}}
	if q.Under != 0 {
		v.Set("under", strconv.FormatInt(q.Under, 10))
	}
	return template.URL(v.Encode())
}

// peopleLink is the people list for unit under on the day with the filters given as name,
// value pairs: the list behind a figure. Built with url.Values into a template.URL, so the
// query reaches the browser as a query (html/template would escape it whole).
func peopleLink(under int64, on time.Time, kv ...string) template.URL {
	v := url.Values{"under": {strconv.FormatInt(under, 10)}, "as_of": {isoDay(on)}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return template.URL("/people?" + v.Encode())
}
