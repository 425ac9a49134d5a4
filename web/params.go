package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// asOfParam reads the global "as of" date from the query; today when absent.
func asOfParam(r *http.Request, now time.Time) (time.Time, error) {
	s := strings.TrimSpace(r.URL.Query().Get("as_of"))
	if s == "" {
		y, m, d := now.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	t, err := vn.ParseDay(s)
	if err != nil {
		return time.Time{}, canbo.Invalid("as_of", "err.web.params.as_of", s)
	}
	return t, nil
}

// idParam reads a positive integer id; anything else is simply not found.
func idParam(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, canbo.Errork(canbo.ENOTFOUND, "err.not_found")
	}
	return id, nil
}

// optionalID reads an optional id filter; a malformed one is a field error.
func optionalID(field, s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, canbo.Invalid(field, "err.web.params.unit_id", field)
	}
	return id, nil
}

func hierarchyParam(s string) (canbo.Hierarchy, error) {
	if s == "" {
		return "", nil
	}
	h := canbo.Hierarchy(s)
	if !h.Valid() {
		return "", canbo.Invalid("hierarchy", "err.web.params.hierarchy", s)
	}
	return h, nil
}

func dayBefore(t time.Time) time.Time { return t.AddDate(0, 0, -1) }

// dayAndID reads what a unit's pages and API answers start from: the as-of date (today by
// default) and the id in the path.
func (s *Server) dayAndID(r *http.Request) (time.Time, int64, error) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		return on, 0, err
	}
	id, err := idParam(r.PathValue("id"))
	return on, id, err
}

// link is a page address with its query, built from values so that each value is escaped once.
// Templates take it as a whole attribute (href="{{.X}}"): a query string written after a "?"
// in a template is escaped a second time by html/template ("?as_of%3d…%26kind%3d…"), which
// broke every link carrying filters (issue 10 item 1).
func link(path string, v url.Values) template.URL {
	if len(v) == 0 {
		return template.URL(path)
	}
	return template.URL(path + "?" + v.Encode())
}

// withValue is a copy of v with key set to value (removed when value is empty), for a link that
// changes one parameter of the current page's query, such as the next page's cursor.
func withValue(v url.Values, key, value string) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = slices.Clone(vs)
	}
	if value == "" {
		c.Del(key)
	} else {
		c.Set(key, value)
	}
	return c
}

// offsetParam reads the offset of a page of a list (0 when absent).
func offsetParam(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("offset"))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, canbo.Invalid("offset", "err.web.params.offset", v)
	}
	return n, nil
}
