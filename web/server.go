// Package web serves canbo over HTTP: the server-rendered Vietnamese UI (html/template + htmx)
// and the JSON API under /api/v1. Every route is registered in routes.go with an explicit access
// policy; handlers parse input into a form, validate it, call a service and render.
package web

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/auth"
	"canbo/rules"

	"github.com/VictoriaMetrics/metrics"
)

// Auditor records and reads the audit trail.
type Auditor interface {
	Audit(ctx context.Context, e *audit.Event) error
	AuditEvents(ctx context.Context, f audit.Filter) ([]audit.Event, int, error)
	EachAuditEvent(ctx context.Context, f audit.Filter, fn func(*audit.Event) error) error
}

// RuleStore gives the rule parameter versions in force, defaults plus administrators' additions,
// and keeps those additions.
type RuleStore interface {
	RuleSet(ctx context.Context) (*rules.Set, error)
	RuleVersions(ctx context.Context) ([]rules.StoredVersion, error)
	AddRuleVersion(ctx context.Context, rule string, version json.RawMessage) (*rules.StoredVersion, error)
}

// Server is canbo's HTTP server.
type Server struct {
	Org    canbo.OrgService
	Users  canbo.UserService
	People canbo.PersonService
	// Lister answers the people list's extra columns.
	Lister canbo.PeopleLister
	Audit  Auditor
	Rules  RuleStore
	// Reminders computes due items and a profile's derived facts.
	Reminders canbo.ReminderService
	// Cleaning finds likely mistakes in people records (the data-cleaning report).
	Cleaning canbo.CleaningService
	// Codes lists and fixes values typed before the state lists (codes.go).
	Codes canbo.CodeService
	// Carry answers what restructuring does to people (carry.go).
	Carry CarryStore
	// Party answers the party organisation's health and statistics (party.go).
	Party PartyStore
	// Plans keeps consolidation plans (plan.go).
	Plans PlanStore
	// Programmes keeps the annual work programmes.
	Programmes canbo.ProgrammeService
	// Regulations and Proposals keep the registries of issue 16.
	Regulations canbo.RegulationService
	Proposals   canbo.ProposalService
	// RegistryDue lists the registries' items for Nhắc việc.
	RegistryDue canbo.RegistryReminders
	GoodModels  canbo.GoodModelService
	// Staffing keeps quotas and job positions and counts headcount against quota (issue 13).
	Staffing StaffingStore
	// Planning keeps cadre planning pools and congress preparations (issue 14).
	Planning canbo.PlanningService
	// Secondments keeps secondments and cohorts (issue 17).
	Secondments canbo.SecondmentService
	// Imports writes imported people (import.go).
	Imports canbo.ImportService
	// ImportMappings keeps the import's saved mapping profiles (import_mapping.go).
	ImportMappings canbo.ImportMappingService
	// Training keeps training plans, courses and enrolments (issue 17 item 3).
	Training canbo.TrainingService
	Log      *slog.Logger
	// Now returns the current time; tests move it to check timeouts.
	Now func() time.Time
	// TLS reports whether the server is reached over HTTPS; it makes cookies Secure and
	// __Host- prefixed and turns on HSTS.
	TLS bool
	// IdleTimeout and AbsoluteTimeout end sessions (defaults 15 min and 12 h).
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// RequestTimeout bounds the work of one request, database queries included (both drivers
	// cancel a statement when its context ends): whatever a query meets — a huge scope, bad
	// data — it cannot hold a core longer than this. Default 100 s, under the server's 120 s
	// write timeout, after which no answer could be sent anyway.
	RequestTimeout time.Duration
	// RequireAdminTOTP makes the second factor mandatory for administrators (default true).
	RequireAdminTOTP bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix

	throttle *auth.Throttle
	// limiter bounds the audit events anonymous clients cause (see securityEvent).
	limiter eventLimiter

	// imports are the import jobs in progress (import.go).
	imports importJobs

	// SlowRequest is the duration above which a request is logged as slow (0: never).
	SlowRequest time.Duration

	// reads and reports: where the reports are computed (readdb.go).
	reads   readRouter
	reports ReportReader

	ui      *templates
	routes  []route
	mux     *http.ServeMux
	metrics *metrics.Set
	health  Health // nil when the store cannot tell
}

// Store is everything the server needs from the database; sqlstore.DB is one.
type Store interface {
	canbo.OrgService
	canbo.UserService
	canbo.PersonService
	canbo.PeopleLister
	canbo.CleaningService
	canbo.CodeService
	Auditor
	RuleStore
	canbo.ReminderService
	CarryStore
	PartyStore
	PlanStore
	canbo.ProgrammeService
	canbo.RegulationService
	canbo.ProposalService
	canbo.RegistryReminders
	canbo.GoodModelService
	StaffingStore
	canbo.PlanningService
	canbo.SecondmentService
	canbo.ReportService
	canbo.ImportService
	canbo.ImportMappingService
	canbo.TrainingService
}

// New returns a server over the store. Templates are parsed here, so a broken template fails at
// start-up (and in tests), never in front of a user.
func New(store Store, log *slog.Logger) (*Server, error) {
	s := &Server{Org: store, Users: store, People: store, Lister: store, Audit: store, Rules: store, Reminders: store, Cleaning: store, Codes: store, Carry: store, Party: store, Plans: store, Programmes: store,
		Regulations: store, Proposals: store, RegistryDue: store, GoodModels: store, Staffing: store,
		Planning: store, Imports: store, ImportMappings: store, Secondments: store,
		Log: log, Now: time.Now,
		IdleTimeout: 15 * time.Minute, AbsoluteTimeout: 12 * time.Hour, RequireAdminTOTP: true, RequestTimeout: 100 * time.Second,
		SlowRequest: 2 * time.Second,
		throttle:    auth.NewThrottle(auth.DefaultPolicy())}
	s.Training = store
	s.reads.primary, s.reads.log, s.reports = store, log, reportReader{s}
	var err error
	if s.ui, err = parseTemplates(); err != nil {
		return nil, err
	}
	s.health, _ = store.(Health)
	s.newMetrics(s.health)
	s.mux = http.NewServeMux()
	s.registerRoutes()
	return s, nil
}

// SetLockout replaces the login throttling policy (failures before a lock, and its length).
func (s *Server) SetLockout(p auth.Policy) { s.throttle = auth.NewThrottle(p) }

// Handler returns the server's handler with its middleware.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path, "origin", r.Header.Get("Origin"))
		s.securityEvent(r, "auth.cross_origin", r.Method+" "+r.URL.Path, "")
		s.error(w, r, canbo.Errork(canbo.EFORBIDDEN, "err.web.server.cross_origin"))
	}))
	return s.recoverer(s.logRequests(s.secureHeaders(cop.Handler(s.limitBody(s.notFound(s.mux))))))
}

// notFound answers a page that no route serves with the product's own error page (in
// Vietnamese, or JSON for the API) instead of the mux's plain English "404 page not found".
func (s *Server) notFound(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := s.mux.Handler(r); pattern == "" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			s.error(w, r, canbo.Errork(canbo.ENOTFOUND, "err.web.server.no_page", r.URL.Path))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Serve listens on addr until ctx is done, with TLS when both files are given.
func (s *Server) Serve(ctx context.Context, ln net.Listener, certFile, keyFile string) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
	}
	if certFile != "" {
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	var err error
	if certFile != "" {
		err = srv.ServeTLS(ln, certFile, keyFile)
	} else {
		err = srv.Serve(ln)
	}
	s.flushSecurityEvents() // the counts of suppressed attempts still open
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
