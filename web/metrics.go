package web

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/VictoriaMetrics/metrics"

	"canbo"
)

// Operations: metrics in Prometheus's text format on a listener of their own (canbo serve
// --metrics-addr), a request id on every request and log line, a log line for each slow
// request, and a readiness check beside /healthz.

// Health is what the store tells the operator: whether the database answers, its connection
// pool, how many audit events this process appended, and in how many commits of events of
// their own (profile reads, exports: several share one). *sqlstore.DB has it.
type Health interface {
	Ping(ctx context.Context) error
	PoolStats() sql.DBStats
	AuditAppends() uint64
	AuditCommits() uint64
}

// newMetrics makes the server's metrics set: one per server, so tests with many servers in one
// process do not share counters.
func (s *Server) newMetrics(h Health) {
	s.metrics = metrics.NewSet()
	if h == nil {
		return
	}
	for name, f := range map[string]func(sql.DBStats) float64{
		"canbo_db_open_connections":            func(st sql.DBStats) float64 { return float64(st.OpenConnections) },
		"canbo_db_in_use_connections":          func(st sql.DBStats) float64 { return float64(st.InUse) },
		"canbo_db_idle_connections":            func(st sql.DBStats) float64 { return float64(st.Idle) },
		"canbo_db_wait_count_total":            func(st sql.DBStats) float64 { return float64(st.WaitCount) },
		"canbo_db_wait_duration_seconds_total": func(st sql.DBStats) float64 { return st.WaitDuration.Seconds() },
	} {
		s.metrics.NewGauge(name, func() float64 { return f(h.PoolStats()) })
	}
	s.metrics.NewGauge("canbo_audit_appends_total", func() float64 { return float64(h.AuditAppends()) })
	s.metrics.NewGauge("canbo_audit_commits_total", func() float64 { return float64(h.AuditCommits()) })
}

// MetricsHandler serves the metrics in Prometheus's text format, with the Go runtime's and the
// process's own.
func (s *Server) MetricsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		s.metrics.WritePrometheus(w)
		metrics.WriteProcessMetrics(w)
	})
}

// observe counts a request and its duration by route (the pattern that served it, never the
// path, which holds ids) and status class.
func (s *Server) observe(route string, status int, d time.Duration) {
	code := fmt.Sprintf("%dxx", status/100)
	route = strings.ReplaceAll(route, `"`, ``)
	s.metrics.GetOrCreateCounter(`canbo_http_requests_total{route="` + route + `",code="` + code + `"}`).Inc()
	s.metrics.GetOrCreatePrometheusHistogram(`canbo_http_request_duration_seconds{route="` + route + `"}`).Update(d.Seconds())
}

// reminders computes the due lists, timed for the metrics: the heaviest computation a page
// asks for (canbo_reminders_duration_seconds).
func (s *Server) reminders(ctx context.Context, f canbo.ReminderFilter) (*canbo.Reminders, error) {
	defer s.metrics.GetOrCreatePrometheusHistogram(`canbo_reminders_duration_seconds`).UpdateDuration(time.Now())
	return s.Reminders.Reminders(ctx, f)
}

type requestIDKey struct{}

// requestID returns the id of the request ctx belongs to, or "".
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// newRequestID keeps a well-formed id a proxy sent (so one id follows a request through the
// proxy's log and this one) and makes one otherwise.
func newRequestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); len(id) >= 8 && len(id) <= 64 && strings.Trim(id, "0123456789abcdefABCDEF-") == "" {
		return id
	}
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// LogHandler adds the request id of the context to every record logged with it, so the lines
// a request causes (its access line, an error, a slow warning) can be found together.
func LogHandler(h slog.Handler) slog.Handler { return requestIDHandler{h} }

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := requestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// readyz answers 200 when the database answers within two seconds and 503 otherwise: a load
// balancer sends no users to a server whose database is gone (/healthz only says the process
// runs).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.health == nil {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.health.Ping(ctx); err != nil {
		s.Log.Warn("not ready: the database does not answer", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
