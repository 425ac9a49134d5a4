package web

import (
	"context"
	"encoding/base64"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"canbo"
	"canbo/auth"
)

// maxBody caps request bodies; uploads that need more get their own limit.
const maxBody = 1 << 20

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				s.error(w, r, canbo.Errork(canbo.EINTERNAL, "err.internal"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// logRequests logs method, path (never the query, which may hold search text about people),
// status and duration.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID(r)
		w.Header().Set("X-Request-Id", id)
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
		_, route := s.mux.Handler(r)
		if route == "" {
			route = "unmatched"
		}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		took := time.Since(start)
		s.observe(route, sw.status, took)
		level := slog.LevelDebug
		switch {
		case sw.status >= 500:
			level = slog.LevelError
		case s.SlowRequest > 0 && took > s.SlowRequest:
			level = slog.LevelWarn
		}
		s.Log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "route", route, "status", sw.status,
			"ms", took.Milliseconds(), "slow", s.SlowRequest > 0 && took > s.SlowRequest)
	})
}

// secureHeaders sets the headers every response needs: a CSP without inline script, no
// framing, no sniffing, no referrer leaking ids, and no caching of pages with personal data.
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		if s.TLS {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxBody)
		if isPhotoUpload(r) {
			limit = maxPhotoBody
		} else if isEvidenceUpload(r) {
			limit = maxEvidenceBody
		} else if isModelFileUpload(r) {
			limit = maxModelFileBody
		} else if isImportUpload(r) {
			limit = maxImportBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// clientIP is the caller's address for throttling and the audit trail; X-Forwarded-For counts
// only from the configured trusted proxies.
func (s *Server) clientIP(r *http.Request) string { return auth.ClientIP(r, s.TrustedProxies) }

// pngDataURL embeds a small PNG (a QR code) in a page; the CSP allows data: images.
func pngDataURL(png []byte) template.URL {
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
}

// cookieName is __Host- prefixed under TLS, which pins the cookie to this host and path /.
func (s *Server) cookieName() string {
	if s.TLS {
		return "__Host-canbo_session"
	}
	return "canbo_session"
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: token, Path: "/", HttpOnly: true,
		Secure: s.TLS, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.TLS, SameSite: http.SameSiteLaxMode})
}

// currentUser returns the caller from a bearer token or the session cookie, or nil. An error
// is a failure to look the caller up (the database unreachable, as during a fail-over), which
// must not be answered as "signed out": the client would drop a valid token or cookie.
func (s *Server) currentUser(w http.ResponseWriter, r *http.Request) (*canbo.User, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		u, err := s.Users.FindUserByToken(ctx, auth.TokenHash(strings.TrimPrefix(h, "Bearer ")))
		if err != nil {
			return nil, lookupFailure(err)
		}
		return u, nil
	}
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return nil, nil
	}
	sess, u, err := s.Users.TouchSession(ctx, auth.TokenHash(c.Value), s.Now().UTC(), s.IdleTimeout, s.AbsoluteTimeout)
	if err != nil {
		if err := lookupFailure(err); err != nil {
			return nil, err
		}
		s.clearSessionCookie(w)
		return nil, nil
	}
	if sess.Stage != canbo.StageFull {
		return nil, nil // between password and second factor: not signed in yet
	}
	return u, nil
}

// lookupFailure is err when a token or session lookup failed rather than found no valid one.
func lookupFailure(err error) error {
	switch canbo.ErrorCode(err) {
	case canbo.EUNAUTHORIZED, canbo.ENOTFOUND:
		return nil
	}
	return err
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// isHTMX reports a request for a fragment. htmx restoring a page from history asks for the
// whole page, though it marks the request as its own.
func isHTMX(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-History-Restore-Request") != "true"
}

// unauthenticated answers a caller without a valid session: 401 for the API, a redirect to the
// login page (back to where they were going) for the UI.
func (s *Server) unauthenticated(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		s.error(w, r, canbo.Errork(canbo.EUNAUTHORIZED, "err.web.middleware.sign_in"))
		return
	}
	// Come back to the page the user was on: for an htmx request that is the page that made
	// it (HX-Current-URL, if it is ours), not the fragment asked for.
	next := "/"
	if r.Method == http.MethodGet {
		next = r.URL.RequestURI()
	}
	if isHTMX(r) {
		next = "/"
		if u, err := url.Parse(r.Header.Get("HX-Current-URL")); err == nil && u.Host == r.Host {
			next = u.RequestURI()
		}
	}
	target := "/login?next=" + url.QueryEscape(next)
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
