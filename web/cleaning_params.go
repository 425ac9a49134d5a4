package web

import (
	"net/http"
	"strconv"
	"strings"

	"canbo"
)

// cleaningFilter reads the report's query: kind (one or several, comma-separated; empty for
// every kind offered), under, as_of, offset and limit.
func (s *Server) cleaningFilter(r *http.Request) (canbo.CleaningFilter, error) {
	q := r.URL.Query()
	on, err := asOfParam(r, s.Now())
	if err != nil {
		return canbo.CleaningFilter{}, err
	}
	f := canbo.CleaningFilter{AsOf: on, Limit: cleaningPageSize}
	if f.Under, err = optionalID("under", q.Get("under")); err != nil {
		return f, err
	}
	for k := range strings.SplitSeq(q.Get("kind"), ",") {
		if k = strings.TrimSpace(k); k != "" {
			f.Kinds = append(f.Kinds, canbo.FindingKind(k))
		}
	}
	for _, p := range []struct {
		name string
		dst  *int
		min  int
	}{{"offset", &f.Offset, 0}, {"limit", &f.Limit, 1}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < p.min {
				return f, canbo.Invalid(p.name, "err.web.params.paging", p.name)
			}
			*p.dst = n
		}
	}
	return f, nil
}
