package web

import (
	"net/http"
	"strconv"
	"strings"

	"canbo"
	"canbo/audit"
)

// cleaningExport writes every finding of the kinds asked as CSV (UTF-8 with a byte-order mark,
// which Excel needs to read Vietnamese). It lists people's names and birth dates, so the export
// is an audited event, written before any row leaves.
func (s *Server) cleaningExport(w http.ResponseWriter, r *http.Request) {
	f, err := s.cleaningFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.Offset, f.Limit = 0, canbo.MaxFindings
	rep, err := s.Cleaning.Findings(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "cleaning", EntityID: r.URL.RawQuery,
		Reason: strconv.Itoa(len(rep.Findings)) + " phát hiện"}); err != nil {
		s.error(w, r, err)
		return
	}
	identity := canbo.UserFromContext(r.Context()).Can(canbo.GrantIdentity)
	head := []string{"loại", "điểm", "lý do", "gợi ý"}
	for _, n := range []string{"1", "2"} {
		head = append(head, "mã hồ sơ "+n, "họ và tên "+n, "ngày sinh "+n, "giới tính "+n)
		if identity {
			head = append(head, "số định danh "+n)
		}
		head = append(head, "đơn vị "+n)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="ra-soat-du-lieu.csv"`)
	w.Write([]byte("\ufeff"))
	cw := newCSVWriter(w)
	cw.Write(head)
	for _, x := range rep.Findings {
		row := []string{translate("vi", "cleaning.kind."+string(x.Kind)), strconv.Itoa(x.Score), strings.Join(x.Reasons, "; "), x.Suggestion}
		for _, p := range x.People {
			row = append(row, strconv.FormatInt(p.ID, 10), p.FullName, vnDate(p.BirthDate), translate("vi", "sex."+string(p.Sex)))
			if identity {
				row = append(row, p.IdentityNumber)
			}
			row = append(row, strings.Join(p.Units, "; "))
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.Log.Error("cleaning export", "err", err)
	}
}
