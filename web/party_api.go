package web

import (
	"net/http"

	"canbo"
)

// apiPartyHealth answers GET /api/v1/party/health?under=UNIT&as_of=DAY.
func (s *Server) apiPartyHealth(w http.ResponseWriter, r *http.Request) {
	q, err := s.partyParams(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items, err := s.reports.PartyHealth(r.Context(), q.Under, q.On)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if items == nil {
		items = []canbo.HealthItem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "as_of": isoDay(q.On), "under": q.Under})
}

// apiPartyStats answers GET /api/v1/party/stats?under=UNIT&as_of=DAY&from=DAY&to=DAY.
func (s *Server) apiPartyStats(w http.ResponseWriter, r *http.Request) {
	q, err := s.partyParams(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	st, err := s.reports.PartyStats(r.Context(), q.Under, q.On, q.From, q.To)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		*canbo.PartyStats
		Under int64  `json:"under"`
		AsOf  string `json:"as_of"`
		From  string `json:"from"`
		To    string `json:"to"`
	}{st, q.Under, isoDay(q.On), isoDay(q.From), isoDay(q.To)})
}
