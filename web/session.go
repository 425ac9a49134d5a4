package web

import (
	"net/http"
	"strings"

	"canbo"
	"canbo/auth"
)

// dummyHash is checked when the username is unknown, so that a wrong username takes as long
// as a wrong password and does not reveal which accounts exist.
var dummyHash, _ = auth.HashPassword("canbo-timing-equalizer")

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", page{Title: translate(lang(r), "login"), Data: map[string]any{"Next": safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	username := strings.TrimSpace(strings.ToLower(r.PostFormValue("username")))
	password := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	u, hash, err := s.Users.FindUserByUsername(r.Context(), username)
	switch {
	case err != nil && canbo.ErrorCode(err) != canbo.ENOTFOUND:
		s.error(w, r, err)
		return
	case err != nil:
		auth.CheckPassword(dummyHash, password)
	case auth.CheckPassword(hash, password) && !u.Disabled:
		token := auth.NewToken()
		if err := s.Users.CreateSession(r.Context(), auth.TokenHash(token), u.ID, s.Now().UTC()); err != nil {
			s.error(w, r, err)
			return
		}
		s.Log.Info("login", "user", u.Username)
		s.setSessionCookie(w, token)
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.Log.Info("login failed", "username_len", len(username))
	s.render(w, r, http.StatusUnauthorized, "login", page{Title: translate(lang(r), "login"),
		Data: map[string]any{"Next": next, "Username": username, "Error": "Tên đăng nhập hoặc mật khẩu không đúng."}})
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

// safeNext accepts only local paths, so the login form cannot be used to redirect elsewhere.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/org?"+r.URL.RawQuery, http.StatusSeeOther)
}
