package web

import "net/http"

// HandleWithoutPolicy registers a route the way a careless change would, so tests can prove
// that CheckPolicies catches it.
func (s *Server) HandleWithoutPolicy(pattern string) {
	s.handle(pattern, policyNone, func(w http.ResponseWriter, r *http.Request) {})
}
