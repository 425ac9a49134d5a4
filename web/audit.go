package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/vn"
)

// auditFilter reads the audit page's filters; a malformed date is a field error.
func auditFilter(r *http.Request) (audit.Filter, error) {
	q := r.URL.Query()
	f := audit.Filter{Username: strings.TrimSpace(q.Get("user")), Action: strings.TrimSpace(q.Get("action")),
		Entity: strings.TrimSpace(q.Get("entity")), EntityID: strings.TrimSpace(q.Get("entity_id"))}
	for _, d := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if v := strings.TrimSpace(q.Get(d.name)); v != "" {
			t, err := vn.ParseDay(v)
			if err != nil {
				return f, canbo.OnField(d.name, err)
			}
			*d.dst = t.AddDate(0, 0, d.add) // "to" includes the whole day
		}
	}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	f.Limit = 100
	return f, nil
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	f, err := auditFilter(r)
	data := map[string]any{"Q": r.URL.Query()}
	if err != nil {
		data["Error"] = fmt.Sprintf(translate(lang(r), "err.web.audit.day"), canbo.ErrorField(err), canbo.LocalMessage(lang(r), err))
	} else {
		events, total, err := s.Audit.AuditEvents(r.Context(), f)
		if err != nil {
			s.error(w, r, err)
			return
		}
		data["Events"], data["Total"], data["Next"] = events, total, f.Offset+len(events)
		data["More"] = f.Offset+len(events) < total
	}
	data["Export"] = "/admin/audit.csv?" + r.URL.RawQuery
	s.render(w, r, http.StatusOK, "audit", page{Title: translate(lang(r), "audit"), Section: "admin", Data: data})
}

// auditExport streams the filtered log as CSV (UTF-8 with a byte-order mark, which Excel needs to
// read Vietnamese). The export itself is an audited event.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) {
	f, err := auditFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "audit", EntityID: r.URL.RawQuery}); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="nhat-ky-kiem-toan.csv"`)
	w.Write([]byte("\ufeff"))
	cw := newCSVWriter(w)
	cw.Write([]string{"seq", "thời gian (UTC)", "người dùng", "địa chỉ", "thao tác", "đối tượng", "mã đối tượng", "trước", "sau", "lý do"})
	err = s.Audit.EachAuditEvent(r.Context(), f, func(e *audit.Event) error {
		return cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.Format(time.RFC3339), e.Username, e.Client, e.Action,
			e.Entity, e.EntityID, string(e.Before), string(e.After), e.Reason})
	})
	cw.Flush()
	if err != nil {
		s.Log.Error("audit export", "err", err)
	}
}
