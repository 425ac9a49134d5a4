package web

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"time"

	"canbo/audit"
)

// Anyone can make the server write audit events: a wrong password, a request with a bad token
// or from another site each leave one. Each is signed and chained in one transaction, so a
// flood of them (5,500 rows in 15 s from 16 threads, slowing real writes to seconds) both
// fills the trail and holds up everybody's work. eventLimiter bounds what one client address
// can have written: per action and client, the first few events of a window are written as
// they happen, the rest only counted and written as one summary event when the window ends
// (with the count and the names tried), so nothing is hidden and the cost is bounded.
//
// The limits are per action and address: a failed login is already limited by the login
// throttle (ClientMaxFailures per address and window), so its burst is as large and normally
// nothing is summarised; a login refused by the throttle, a bad bearer token and a cross-site
// request cost the attacker nothing, so only the first few are written one by one.
var limitedActions = map[string]int{
	"login.failed":       20,
	"login.throttled":    1,
	"login.totp_failed":  5,
	"auth.invalid_token": 5,
	"auth.cross_origin":  5,
}

const (
	// limitWindow is how long one count runs, like the login throttle's window.
	limitWindow = 15 * time.Minute
	// limitMaxKeys caps the windows kept; past it, new addresses share one window per action
	// (client "*"), so a flood from many addresses is bounded too.
	limitMaxKeys = 10_000
	// limitMaxNames caps the login names listed in one summary.
	limitMaxNames = 20
)

type limitKey struct{ action, client string }

type limitCount struct {
	start      time.Time
	written    int
	suppressed int
	names      []string // distinct login names tried, at most limitMaxNames
	what       string   // the last request's description
	timer      *time.Timer
}

type eventLimiter struct {
	mu   sync.Mutex
	open map[limitKey]*limitCount
}

// summary is the event that stands for the events a window suppressed.
func summary(k limitKey, c *limitCount, end time.Time) *audit.Event {
	after, _ := json.Marshal(map[string]any{"suppressed": c.suppressed, "from": c.start.UTC().Format(time.RFC3339),
		"to": end.UTC().Format(time.RFC3339), "usernames": c.names})
	e := &audit.Event{Action: k.action, Entity: "request", EntityID: c.what, Client: k.client, After: after,
		Reason: "tóm tắt: các lần tương tự không ghi riêng"}
	if len(c.names) == 1 {
		e.Username = c.names[0]
	}
	return e
}

// securityEvent records a refused or failed attempt, within the limits above. The request goes
// on being refused if the trail cannot be written; the failure is logged, never shown.
func (s *Server) securityEvent(r *http.Request, action, what, username string) {
	burst, limited := limitedActions[action]
	if !limited {
		s.writeSecurityEvent(r.Context(), &audit.Event{Action: action, Entity: "request", EntityID: what, Username: username})
		return
	}
	now := s.Now()
	l := &s.limiter
	l.mu.Lock()
	var due []*audit.Event
	for k, c := range l.open { // windows that ended while nobody was looking
		if now.Sub(c.start) >= limitWindow {
			due = append(due, l.closeLocked(k, c, now)...)
		}
	}
	if l.open == nil {
		l.open = map[limitKey]*limitCount{}
	}
	k := limitKey{action, s.clientIP(r)}
	c := l.open[k]
	if c == nil && len(l.open) >= limitMaxKeys {
		k.client = "*"
		c = l.open[k]
	}
	if c == nil {
		c = &limitCount{start: now}
		l.open[k] = c
	}
	write := c.written < burst
	if write {
		c.written++
	} else {
		c.suppressed++
		c.what = what
		if username != "" && len(c.names) < limitMaxNames && !slices.Contains(c.names, username) {
			c.names = append(c.names, username)
		}
		if c.timer == nil { // write the summary when the window ends, even if all goes quiet
			c.timer = time.AfterFunc(limitWindow-now.Sub(c.start), func() { s.flushSecurityEvents(k) })
		}
	}
	l.mu.Unlock()
	for _, e := range due {
		s.writeSecurityEvent(context.Background(), e)
	}
	if write {
		e := &audit.Event{Action: action, Entity: "request", EntityID: what, Username: username}
		if k.client == "*" {
			e.Client = s.clientIP(r)
		}
		s.writeSecurityEvent(r.Context(), e)
	}
}

// closeLocked ends a window, returning its summary if it suppressed anything.
func (l *eventLimiter) closeLocked(k limitKey, c *limitCount, now time.Time) []*audit.Event {
	delete(l.open, k)
	if c.timer != nil {
		c.timer.Stop()
	}
	if c.suppressed == 0 {
		return nil
	}
	return []*audit.Event{summary(k, c, now)}
}

// flushSecurityEvents writes the summaries of the given windows, or of every open window when
// none is given (at shutdown), and ends them.
func (s *Server) flushSecurityEvents(keys ...limitKey) {
	l := &s.limiter
	now := s.Now()
	l.mu.Lock()
	var due []*audit.Event
	for k, c := range l.open {
		if len(keys) == 0 || slices.Contains(keys, k) {
			due = append(due, l.closeLocked(k, c, now)...)
		}
	}
	l.mu.Unlock()
	for _, e := range due {
		s.writeSecurityEvent(context.Background(), e)
	}
}

func (s *Server) writeSecurityEvent(ctx context.Context, e *audit.Event) {
	if err := s.Audit.Audit(ctx, e); err != nil {
		s.Log.Error("audit", "action", e.Action, "err", err)
	}
}
