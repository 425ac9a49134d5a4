package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"canbo"
	"canbo/auth"
)

// dummyHash is checked when the username is unknown, so that a wrong username takes as long
// as a wrong password and does not reveal which accounts exist.
var dummyHash, _ = auth.HashPassword("canbo-timing-equalizer")

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	// Signed in already (a live session, not merely a cookie): go where the login would lead.
	if canbo.UserFromContext(r.Context()) != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", page{Title: translate(lang(r), "login"), Data: map[string]any{"Next": localPath(r.URL.Query().Get("next"))}})
}

func (s *Server) loginError(w http.ResponseWriter, r *http.Request, status int, username, next, msg string) {
	s.render(w, r, status, "login", page{Title: translate(lang(r), "login"),
		Data: map[string]any{"Next": next, "Username": username, "Error": msg}})
}

// login checks the password. Throttling comes first, so a locked-out guesser learns nothing
// about the password; an unknown user costs as much time as a wrong password.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	username := strings.TrimSpace(strings.ToLower(r.PostFormValue("username")))
	password := r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	client := s.clientIP(r)
	now := s.Now()
	if ok, wait := s.throttle.Allow(username, client, now); !ok {
		s.Log.Warn("login throttled", "client", client)
		s.securityEvent(r, "login.throttled", "/login", username)
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		s.loginError(w, r, http.StatusTooManyRequests, username, next,
			fmt.Sprintf(translate(lang(r), "err.web.session.throttled"), int(wait.Minutes())+1))
		return
	}
	u, cred, err := s.Users.FindUserByUsername(r.Context(), username)
	switch {
	case err != nil && canbo.ErrorCode(err) != canbo.ENOTFOUND:
		s.error(w, r, err)
		return
	case err != nil:
		auth.CheckPassword(dummyHash, password)
	case auth.CheckPassword(cred.PasswordHash, password) && !u.Disabled:
		stage := canbo.StageFull
		if cred.TOTPSecret != "" || (u.Role == canbo.RoleAdmin && s.RequireAdminTOTP) {
			stage = canbo.StagePassword
		}
		// Only a complete login makes this client known for the account; a password
		// awaiting its second factor merely ends the attempt.
		if stage == canbo.StageFull {
			s.throttle.Succeed(username, client, now)
		} else {
			s.throttle.Release(username, client, now)
		}
		if err := s.startSession(w, r, u, stage); err != nil {
			s.error(w, r, err)
			return
		}
		s.Log.Info("login", "user", u.Username, "stage", stage)
		s.securityEvent(r, "login", stage, u.Username)
		if stage == canbo.StagePassword {
			http.Redirect(w, r, "/login/totp?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.throttle.Fail(username, client, now)
	s.Log.Info("login failed", "client", client)
	s.securityEvent(r, "login.failed", "/login", username)
	s.loginError(w, r, http.StatusUnauthorized, username, next, translate(lang(r), "err.web.session.login_failed"))
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *canbo.User, stage string) error {
	token := auth.NewToken()
	sess := &canbo.Session{TokenHash: auth.TokenHash(token), UserID: u.ID, Stage: stage, Client: s.clientIP(r),
		UserAgent: r.UserAgent(), CreatedAt: s.Now().UTC()}
	if err := s.Users.CreateSession(r.Context(), sess); err != nil {
		return err
	}
	s.setSessionCookie(w, token)
	return nil
}

// pendingSession returns the session between password and second factor, or nil.
func (s *Server) pendingSession(w http.ResponseWriter, r *http.Request) (*canbo.Session, *canbo.User, string) {
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return nil, nil, ""
	}
	sess, u, err := s.Users.TouchSession(r.Context(), auth.TokenHash(c.Value), s.Now().UTC(), 5*time.Minute, 10*time.Minute)
	if err != nil || sess.Stage != canbo.StagePassword {
		return nil, nil, ""
	}
	return sess, u, c.Value
}

// totpPage asks for the code, or, for an administrator without a second factor yet, shows a new
// secret to enrol.
func (s *Server) totpPage(w http.ResponseWriter, r *http.Request) {
	sess, u, token := s.pendingSession(w, r)
	if u == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	data := map[string]any{"Next": localPath(r.URL.Query().Get("next"))}
	if !u.TOTPEnabled {
		secret := sess.PendingTOTP
		if secret == "" {
			var err error
			if secret, _, err = auth.NewTOTPSecret("canbo", u.Username); err != nil {
				s.error(w, r, err)
				return
			}
			if err := s.Users.OfferTOTP(r.Context(), auth.TokenHash(token), secret); err != nil {
				s.error(w, r, err)
				return
			}
		}
		if err := s.enrolmentData(data, u, secret); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "totp", page{Title: translate(lang(r), "totp"), Data: data})
}

// enrolmentData adds the secret and its QR code to the enrolment page.
func (s *Server) enrolmentData(data map[string]any, u *canbo.User, secret string) error {
	png, err := auth.TOTPQRCodePNG(auth.TOTPURL("canbo", u.Username, secret), 200)
	if err != nil {
		return err
	}
	data["Secret"], data["QR"] = secret, pngDataURL(png)
	return nil
}

// totp checks the second factor; on success the session is promoted under a new token.
func (s *Server) totp(w http.ResponseWriter, r *http.Request) {
	sess, u, token := s.pendingSession(w, r)
	if u == nil {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	next := localPath(r.PostFormValue("next"))
	client, now := s.clientIP(r), s.Now()
	if ok, wait := s.throttle.Allow(u.Username, client, now); !ok {
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		s.render(w, r, http.StatusTooManyRequests, "totp", page{Title: translate(lang(r), "totp"),
			Data: map[string]any{"Next": next, "Error": fmt.Sprintf(translate(lang(r), "err.web.session.totp_throttled"), int(wait.Minutes())+1)}})
		return
	}
	_, cred, err := s.Users.FindUserByUsername(r.Context(), u.Username)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// An enrolling user confirms the secret the server offered, never one posted by the client.
	secret, enrolling := cred.TOTPSecret, false
	if secret == "" {
		secret, enrolling = sess.PendingTOTP, true
	}
	step, ok := auth.CheckTOTP(secret, r.PostFormValue("code"), now, 0)
	if ok {
		ok, err = s.Users.UseTOTPStep(r.Context(), u.ID, step)
		if err != nil {
			s.error(w, r, err)
			return
		}
	}
	if !ok || secret == "" {
		s.throttle.Fail(u.Username, client, now)
		s.securityEvent(r, "login.totp_failed", "/login/totp", u.Username)
		data := map[string]any{"Next": next, "Error": translate(lang(r), "err.web.session.totp_wrong")}
		if enrolling && secret != "" {
			if err := s.enrolmentData(data, u, secret); err != nil {
				s.error(w, r, err)
				return
			}
		}
		s.render(w, r, http.StatusUnauthorized, "totp", page{Title: translate(lang(r), "totp"), Data: data})
		return
	}
	if enrolling {
		if err := s.Users.SetTOTP(canbo.NewContextWithUser(r.Context(), u), u.ID, secret); err != nil {
			s.error(w, r, err)
			return
		}
		// SetTOTP resets the used step; consume this one again so the enrolment code is spent.
		if _, err := s.Users.UseTOTPStep(r.Context(), u.ID, step); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.throttle.Succeed(u.Username, client, now)
	fresh := auth.NewToken()
	if err := s.Users.PromoteSession(r.Context(), auth.TokenHash(token), auth.TokenHash(fresh)); err != nil {
		s.error(w, r, err)
		return
	}
	s.setSessionCookie(w, fresh)
	s.Log.Info("login second factor", "user", u.Username)
	s.securityEvent(r, "login", "totp", u.Username)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.cookieName()); err == nil {
		if err := s.Users.DeleteSession(r.Context(), auth.TokenHash(c.Value)); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/org?"+r.URL.RawQuery, http.StatusSeeOther)
}
