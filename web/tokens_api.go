package web

import (
	"net/http"

	"canbo"
)

// apiTokens lists the caller's API tokens, so a program can see what it and its siblings hold.
func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) {
	toks, err := s.Users.ListTokens(r.Context(), canbo.UserFromContext(r.Context()).ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if toks == nil {
		toks = []*canbo.APIToken{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": toks})
}

// apiRevokeToken revokes a token: the caller's own (a leaked token can revoke itself), or
// anyone's for an administrator.
func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Users.RevokeToken(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
