package web

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"canbo"
)

// Reports on a standby (canbo serve --read-db). The heavy read-only computations — Biểu 01 and
// 02, the dashboard (with its retirement wave, staffing roll-up, reminder counts and programme
// completion), party statistics and health, the staffing workbook, programme completion
// across years — go through s.reports, which runs them on a PostgreSQL streaming standby when
// one is configured and fresh, else on the primary. Everything else stays on the primary:
// writes, audit events (a report's own audit event too: it is appended by the handler through
// s.Audit), profile reads (audited in their transaction), sessions and logins, and the pages
// that hold edit forms (the staffing page, a programme, reminders with their handled marks),
// because a user who just saved must see the change, which a standby shows only after it has
// replayed it.
//
// Falling back rather than failing: the primary computed every report before --read-db
// existed and still can, so a standby that is down, lagging or on another schema costs speed,
// never the report. A lagging standby is one more than ReadMaxLag behind (checked at most every
// readCheckEvery); a standby that fails a report (gone, or a query cancelled by a replay
// conflict) is left for readCheckEvery and the report is computed again on the primary.

// ReportReader computes the reports; *sqlstore.DB is one, on the primary or on a standby.
type ReportReader interface {
	canbo.ReportService
	PartyHealth(ctx context.Context, under int64, on time.Time) ([]canbo.HealthItem, error)
	PartyStats(ctx context.Context, under int64, on, from, to time.Time) (*canbo.PartyStats, error)
	Staffing(ctx context.Context, unitID int64, on time.Time) (*canbo.Staffing, error)
	Reminders(ctx context.Context, f canbo.ReminderFilter) (*canbo.Reminders, error)
	Programmes(ctx context.Context, f canbo.ProgrammeFilter) ([]*canbo.Programme, error)
	Completion(ctx context.Context, id int64, asOf time.Time) (*canbo.Completion, error)
}

// ReadReplica is a report reader that can tell how fresh it is (a read-only sqlstore.DB).
type ReadReplica interface {
	ReportReader
	ReplicaLag(ctx context.Context) (time.Duration, error)
}

// readCheckEvery is how long a standby's freshness (or failure) is trusted before it is read
// again; the check is one statement, run by the first report after that.
const readCheckEvery = 5 * time.Second

// readRouter picks the store a report runs on.
type readRouter struct {
	primary ReportReader
	replica ReadReplica // nil: every report on the primary
	maxLag  time.Duration
	log     *slog.Logger

	mu       sync.Mutex
	checked  time.Time // when usable was last decided
	checking bool      // a check is running; others go by the last decision
	usable   bool
	lag      time.Duration
}

// SetReadReplica makes the reports run on replica while it is at most maxLag behind.
func (s *Server) SetReadReplica(replica ReadReplica, maxLag time.Duration) {
	s.reads.replica, s.reads.maxLag = replica, maxLag
	s.metrics.NewGauge("canbo_read_db_usable", func() float64 {
		s.reads.mu.Lock()
		defer s.reads.mu.Unlock()
		return map[bool]float64{true: 1}[s.reads.usable]
	})
	s.metrics.NewGauge("canbo_read_db_lag_seconds", func() float64 {
		s.reads.mu.Lock()
		defer s.reads.mu.Unlock()
		return min(s.reads.lag.Seconds(), 1e9)
	})
}

// replicaFor returns the standby to compute on, or nil for the primary.
func (rr *readRouter) replicaFor(ctx context.Context) ReadReplica {
	if rr.replica == nil {
		return nil
	}
	rr.mu.Lock()
	due := !rr.checking && time.Since(rr.checked) >= readCheckEvery
	rr.checking = rr.checking || due
	usable := rr.usable
	rr.mu.Unlock()
	if due {
		usable = rr.check(ctx)
	}
	if !usable {
		return nil
	}
	return rr.replica
}

// check reads the standby's freshness and decides whether reports may use it.
func (rr *readRouter) check(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	lag, err := rr.replica.ReplicaLag(ctx)
	usable := err == nil && lag <= rr.maxLag
	rr.mu.Lock()
	was := rr.usable
	rr.usable, rr.lag, rr.checked, rr.checking = usable, lag, time.Now(), false
	rr.mu.Unlock()
	switch {
	case err != nil && was:
		rr.log.Warn("read-db unusable, reports on the primary", "err", err)
	case err == nil && !usable && was:
		rr.log.Warn("read-db lagging, reports on the primary", "lag", lag.String(), "max", rr.maxLag.String())
	case usable && !was:
		rr.log.Info("reports on read-db", "lag", lag.String())
	}
	return usable
}

// failed decides after a report failed on the standby whether to compute it again on the
// primary: not when the request is over or the store answered in words (not found, invalid),
// which the primary would answer alike; otherwise the standby is left until the next check.
func (rr *readRouter) failed(ctx context.Context, err error) bool {
	var ce *canbo.Error
	if ctx.Err() != nil || errors.As(err, &ce) {
		return false
	}
	rr.mu.Lock()
	rr.usable, rr.checked = false, time.Now()
	rr.mu.Unlock()
	rr.log.WarnContext(ctx, "report failed on read-db, computed on the primary", "err", err)
	return true
}

// readVia runs call on the standby if one is usable, else (or when it fails there) on the
// primary, and counts where it ran (canbo_report_reads_total{store=...}).
func readVia[T any](s *Server, ctx context.Context, call func(ReportReader) (T, error)) (T, error) {
	if rep := s.reads.replicaFor(ctx); rep != nil {
		v, err := call(rep)
		if err == nil || !s.reads.failed(ctx, err) {
			s.metrics.GetOrCreateCounter(`canbo_report_reads_total{store="read_db"}`).Inc()
			return v, err
		}
	}
	s.metrics.GetOrCreateCounter(`canbo_report_reads_total{store="primary"}`).Inc()
	return call(s.reads.primary)
}

// reportReader is s.reads seen as a ReportReader, for the handlers (s.reports).
type reportReader struct{ s *Server }

func (r reportReader) Bieu01(ctx context.Context, under int64, on time.Time) (*canbo.Bieu01, error) {
	return readVia(r.s, ctx, func(x ReportReader) (*canbo.Bieu01, error) { return x.Bieu01(ctx, under, on) })
}

func (r reportReader) Bieu02(ctx context.Context, under int64, on time.Time) ([]canbo.Bieu02Row, error) {
	return readVia(r.s, ctx, func(x ReportReader) ([]canbo.Bieu02Row, error) { return x.Bieu02(ctx, under, on) })
}

func (r reportReader) RetirementWave(ctx context.Context, under int64, on time.Time, years int) ([]canbo.WaveYear, error) {
	return readVia(r.s, ctx, func(x ReportReader) ([]canbo.WaveYear, error) { return x.RetirementWave(ctx, under, on, years) })
}

func (r reportReader) PartyHealth(ctx context.Context, under int64, on time.Time) ([]canbo.HealthItem, error) {
	return readVia(r.s, ctx, func(x ReportReader) ([]canbo.HealthItem, error) { return x.PartyHealth(ctx, under, on) })
}

func (r reportReader) PartyStats(ctx context.Context, under int64, on, from, to time.Time) (*canbo.PartyStats, error) {
	return readVia(r.s, ctx, func(x ReportReader) (*canbo.PartyStats, error) { return x.PartyStats(ctx, under, on, from, to) })
}

func (r reportReader) Staffing(ctx context.Context, unitID int64, on time.Time) (*canbo.Staffing, error) {
	return readVia(r.s, ctx, func(x ReportReader) (*canbo.Staffing, error) { return x.Staffing(ctx, unitID, on) })
}

func (r reportReader) Reminders(ctx context.Context, f canbo.ReminderFilter) (*canbo.Reminders, error) {
	return readVia(r.s, ctx, func(x ReportReader) (*canbo.Reminders, error) { return x.Reminders(ctx, f) })
}

func (r reportReader) Programmes(ctx context.Context, f canbo.ProgrammeFilter) ([]*canbo.Programme, error) {
	return readVia(r.s, ctx, func(x ReportReader) ([]*canbo.Programme, error) { return x.Programmes(ctx, f) })
}

func (r reportReader) Completion(ctx context.Context, id int64, asOf time.Time) (*canbo.Completion, error) {
	return readVia(r.s, ctx, func(x ReportReader) (*canbo.Completion, error) { return x.Completion(ctx, id, asOf) })
}
