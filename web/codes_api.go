package web

import (
	"net/http"

	"canbo"
	"canbo/vocab"
)

// apiCodeFindings lists the stored values no state list knows, with their counts.
func (s *Server) apiCodeFindings(w http.ResponseWriter, r *http.Request) {
	_, found, err := s.codeFindings(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if found == nil {
		found = []canbo.CodeFinding{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": found})
}

// codePickBody is the body of POST /api/v1/cleaning/codes.
type codePickBody struct {
	Field string `json:"field"`
	Value string `json:"value"`
	Code  string `json:"code"`
	Under int64  `json:"under"`
}

// apiPickCode stores a code for every record of the caller's scope holding a value no list knows.
func (s *Server) apiPickCode(w http.ResponseWriter, r *http.Request) {
	var b codePickBody
	if err := decode(r, &b); err != nil {
		s.error(w, r, err)
		return
	}
	n, err := s.Codes.PickCode(r.Context(), canbo.CleaningFilter{Under: b.Under}, b.Field, b.Value, b.Code)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"changed": n})
}

// vocabList is a state list as the API shows it.
type vocabList struct {
	Source string       `json:"source"`
	Items  []vocab.Item `json:"items"`
}

// apiVocab returns the state lists whose codes the coded fields store.
func (s *Server) apiVocab(w http.ResponseWriter, r *http.Request) {
	out := map[string]vocabList{}
	for k, l := range vocab.Lists() {
		out[k] = vocabList{Source: l.Source, Items: l.Items}
	}
	writeJSON(w, http.StatusOK, out)
}
