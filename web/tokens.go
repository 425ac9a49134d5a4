package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/auth"
)

// maxTokenDays bounds a token made on the web: one that never expires is for the command line,
// run by whoever keeps the server.
const maxTokenDays = 365

// tokensPage lists the caller's API tokens (never the tokens themselves) with a form to make
// one and buttons to revoke them.
func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request) {
	s.renderTokens(w, r, http.StatusOK, "", "")
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, fresh, msg string) {
	u := canbo.UserFromContext(r.Context())
	toks, err := s.Users.ListTokens(r.Context(), u.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, status, "tokens", page{Title: translate(lang(r), "tokens"),
		Data: tokensData{Tokens: toks, New: fresh, Error: msg, Now: s.Now(), MaxDays: maxTokenDays}})
}

// tokensData is the tokens page's view data; New is a token just made, shown this once.
type tokensData struct {
	Tokens     []*canbo.APIToken
	New, Error string
	Now        time.Time
	MaxDays    int
}

// tokenCreate makes an API token for the caller, shown once. Only a signed-in browser session
// may make one — a token cannot breed tokens — and an administrator's session must have passed
// the second factor: an administrator's token skips it at every use, so it is issued only to
// someone who proved it once.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	u := canbo.UserFromContext(r.Context())
	if r.Header.Get("Authorization") != "" {
		s.error(w, r, canbo.Errork(canbo.EFORBIDDEN, "err.web.tokens.from_session"))
		return
	}
	if u.Role == canbo.RoleAdmin && !u.TOTPEnabled {
		s.renderTokens(w, r, http.StatusForbidden, "", translate(lang(r), "err.web.tokens.admin_totp"))
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if name == "" || len([]rune(name)) > 100 {
		s.renderTokens(w, r, http.StatusUnprocessableEntity, "", translate(lang(r), "err.web.tokens.name"))
		return
	}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days")))
	if err != nil || days < 1 || days > maxTokenDays {
		s.renderTokens(w, r, http.StatusUnprocessableEntity, "", translate(lang(r), "err.web.tokens.days"))
		return
	}
	now := s.Now()
	token := auth.NewToken()
	if _, err := s.Users.CreateTokenUntil(r.Context(), auth.TokenHash(token), u.ID, name, now, now.AddDate(0, 0, days)); err != nil {
		s.error(w, r, err)
		return
	}
	s.renderTokens(w, r, http.StatusOK, token, "")
}

// tokenRevoke deletes a token: the caller's own, or anyone's for an administrator (from the
// users page), then goes back where the form came from.
func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Users.RevokeToken(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	back := localPath(r.PostFormValue("back"))
	if back == "/" {
		back = "/account/tokens"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// tokenExpired reports an expired token, for the list.
func tokenExpired(t *canbo.APIToken, now time.Time) bool {
	return !t.ExpiresAt.IsZero() && !t.ExpiresAt.After(now)
}
