package web

import (
	_ "embed"
	"net/http"
)

// openapiJSON documents the API; a test checks that every /api/v1 route is described in it.
//
//go:embed openapi.json
var openapiJSON []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openapiJSON)
}
