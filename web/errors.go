package web

import (
	"context"
	"errors"
	"net/http"

	"canbo"
)

// statusOf is the one table from domain error codes to HTTP statuses.
var statusOf = map[string]int{
	canbo.ECONFLICT:     http.StatusConflict,
	canbo.EINVALID:      http.StatusBadRequest,
	canbo.ENOTFOUND:     http.StatusNotFound,
	canbo.EUNAUTHORIZED: http.StatusUnauthorized,
	canbo.EFORBIDDEN:    http.StatusForbidden,
	canbo.EPRECONDITION: http.StatusPreconditionFailed,
	canbo.EINTERNAL:     http.StatusInternalServerError,
	canbo.ETIMEOUT:      http.StatusServiceUnavailable,
}

// error reports err to the caller: users see the domain message in their language (its key's
// words, see canbo.Error), logs get the detail of unexpected errors.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	var ce *canbo.Error
	if errors.Is(r.Context().Err(), context.DeadlineExceeded) && !errors.As(err, &ce) {
		// The request ran out of RequestTimeout (the drivers' errors differ: SQLite's is an
		// interrupt, PostgreSQL's wraps the context's): say so, rather than "internal error" —
		// the user can ask for less (a smaller unit) or try again when the server is less busy.
		s.Log.Warn("request timed out", "method", r.Method, "path", r.URL.Path, "limit", s.RequestTimeout, "err", err)
		err = canbo.Errork(canbo.ETIMEOUT, "err.web.errors.timeout", int(s.RequestTimeout.Seconds()))
	}
	code := canbo.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if code == canbo.EINTERNAL {
		s.Log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	msg := canbo.LocalMessage(lang(r), err)
	if code == canbo.ENOTFOUND {
		// Out of scope and absent must look the same, to the byte.
		msg = translate(lang(r), "err.not_found")
	}
	if isAPI(r) {
		body := map[string]string{"code": code, "message": msg}
		if f := canbo.ErrorField(err); f != "" {
			body["field"] = f
		}
		writeJSON(w, status, map[string]any{"error": body})
		return
	}
	field := canbo.ErrorField(err)
	if isHTMX(r) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		s.ui.fragment(w, "error-fragment", map[string]any{"Message": msg, "Field": field})
		return
	}
	s.render(w, r, status, "error", page{Title: translate(lang(r), "error.title"), Data: map[string]any{"Message": msg, "Field": field, "Status": status}})
}
