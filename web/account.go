package web

import (
	"net/http"

	"canbo"
	"canbo/auth"
)

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password", page{Title: translate(lang(r), "account.password")})
}

// passwordChange replaces the caller's own password after checking the current one; every
// session of the user ends, this one included, so a stolen session dies with the old password.
func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) {
	u := canbo.UserFromContext(r.Context())
	fail := func(status int, msg string) {
		s.render(w, r, status, "password", page{Title: translate(lang(r), "account.password"), Data: map[string]any{"Error": msg}})
	}
	_, cred, err := s.Users.FindUserByUsername(r.Context(), u.Username)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !auth.CheckPassword(cred.PasswordHash, r.PostFormValue("current")) {
		s.securityEvent(r, "password.failed", "/account/password", u.Username)
		fail(http.StatusUnauthorized, translate(lang(r), "err.web.account.current_wrong"))
		return
	}
	pw := r.PostFormValue("new")
	if err := auth.CheckNewPassword("new", pw, u.Username, u.Role); err != nil {
		fail(http.StatusUnprocessableEntity, canbo.LocalMessage(lang(r), err))
		return
	}
	if pw != r.PostFormValue("confirm") {
		fail(http.StatusUnprocessableEntity, translate(lang(r), "err.web.account.mismatch"))
		return
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Users.SetPassword(r.Context(), u.ID, hash); err != nil {
		s.error(w, r, err)
		return
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
