package web

import (
	"net/http"

	"canbo"
)

// apiBieu01 answers GET /api/v1/reports/bieu01?under=UNIT&as_of=DAY: the totals and one row
// per unit directly under UNIT, counting the people of GET /api/v1/people?under=…&as_of=…;
// &format=xlsx gives the workbook. Audited like an export.
func (s *Server) apiBieu01(w http.ResponseWriter, r *http.Request) {
	q, err := s.reportParams(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if q.Format == "xlsx" {
		s.bieu01Export(w, r)
		return
	}
	rep, err := s.reports.Bieu01(r.Context(), q.Under, q.On)
	if err == nil {
		err = s.auditReport(r, "bieu01")
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if rep.Rows == nil {
		rep.Rows = []canbo.Bieu01Row{}
	}
	writeJSON(w, http.StatusOK, rep)
}

// apiBieu02 answers GET /api/v1/reports/bieu02?under=UNIT&as_of=DAY: the named list with
// salary; &format=xlsx gives the workbook. Audited like an export.
func (s *Server) apiBieu02(w http.ResponseWriter, r *http.Request) {
	q, err := s.reportParams(r, false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if q.Format == "xlsx" {
		s.bieu02Export(w, r)
		return
	}
	rows, err := s.reports.Bieu02(r.Context(), q.Under, q.On)
	if err == nil {
		err = s.auditReport(r, "bieu02")
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if rows == nil {
		rows = []canbo.Bieu02Row{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit_id": q.Under, "as_of": isoDay(q.On), "rows": rows})
}
