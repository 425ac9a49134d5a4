package web

import (
	"net/http"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// partyQuery is what the party health and statistics pages and API read from the query: the
// subtree (under), the day counted (as_of) and the period (from–to, default the year so far).
type partyQuery struct {
	Under    int64
	On       time.Time
	From, To time.Time
}

// partyParams reads a partyQuery. Without under, a page picks the first party unit the caller
// sees (the API insists, page true or not).
func (s *Server) partyParams(r *http.Request, page bool) (partyQuery, error) {
	var q partyQuery
	var err error
	if q.On, err = asOfParam(r, s.Now()); err != nil {
		return q, err
	}
	if q.Under, err = optionalID("under", r.URL.Query().Get("under")); err != nil {
		return q, err
	}
	if q.Under == 0 {
		if !page {
			return q, canbo.Invalid("under", "err.web.party_params.under")
		}
		units, _, err := s.Org.FindUnits(r.Context(), canbo.UnitFilter{Hierarchy: canbo.Party, AsOf: q.On, Limit: 1})
		if err != nil {
			return q, err
		}
		if len(units) > 0 {
			q.Under = units[0].ID // else 0: the page says there is no party unit to show
		}
	}
	q.From, q.To = time.Date(q.On.Year(), 1, 1, 0, 0, 0, 0, time.UTC), q.On
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		if v := strings.TrimSpace(r.URL.Query().Get(p.name)); v != "" {
			if *p.dst, err = vn.ParseDay(v); err != nil {
				return q, canbo.Invalid(p.name, "err.web.params.day", p.name, v)
			}
		}
	}
	if q.To.Before(q.From) {
		return q, canbo.Invalid("to", "err.web.party_params.to", fmtDay(q.To), fmtDay(q.From))
	}
	return q, nil
}
