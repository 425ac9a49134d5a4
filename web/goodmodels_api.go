package web

import (
	"fmt"
	"net/http"
	"strings"

	"canbo"
	"canbo/vn"
)

type apiGoodModel struct {
	ID          int64   `json:"id"`
	UnitID      int64   `json:"unit_id"`
	UnitName    string  `json:"unit_name"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Results     string  `json:"results"`
	Evidence    string  `json:"evidence"`
	Sensitive   bool    `json:"sensitive"`
	Status      string  `json:"status"`
	ReviewNote  string  `json:"review_note,omitempty"`
	ReviewedOn  *string `json:"reviewed_on"`
	PublishedOn *string `json:"published_on"`
	// Files are the model's documents and photos, each with the path that downloads it: the
	// feed carries the bundle by reference.
	Files []apiModelFile `json:"files"`
}

type apiModelFile struct {
	canbo.ModelFile
	URL string `json:"url"`
}

func toAPIGoodModel(m *canbo.GoodModel) apiGoodModel {
	a := apiGoodModel{ID: m.ID, UnitID: m.UnitID, UnitName: m.UnitName, Title: m.Title, Description: m.Description, Results: m.Results,
		Evidence: m.Evidence, Sensitive: m.Sensitive, Status: m.Status, ReviewNote: m.ReviewNote,
		ReviewedOn: dateOrNull(m.ReviewedOn), PublishedOn: dateOrNull(m.PublishedOn), Files: []apiModelFile{}}
	for _, f := range m.Files {
		a.Files = append(a.Files, apiModelFile{ModelFile: f, URL: fmt.Sprintf("/api/v1/good-models/%d/files/%d", m.ID, f.ID)})
	}
	return a
}

// apiGoodModel answers GET /api/v1/good-models/{id}.
func (s *Server) apiGoodModel(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	m, err := s.GoodModels.GoodModel(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIGoodModel(m))
}

// goodModelRequest is the body of POST /api/v1/good-models and the page's form.
type goodModelRequest struct {
	UnitID      int64  `json:"unit_id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Results     string `json:"results"`
	Evidence    string `json:"evidence"`
	Sensitive   bool   `json:"sensitive"`
}

// modelStepRequest is the body of the review and publish calls.
type modelStepRequest struct {
	On      string `json:"on"`
	Approve bool   `json:"approve"`
	Note    string `json:"note"`
}

// apiGoodModels answers GET /api/v1/good-models?q=&status=: with status=published it is the
// feed for the Propaganda Commission.
func (s *Server) apiGoodModels(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	list, total, err := s.GoodModels.GoodModels(r.Context(), canbo.GoodModelFilter{Q: strings.TrimSpace(q.Get("q")), Status: q.Get("status")})
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := []apiGoodModel{}
	for _, m := range list {
		items = append(items, toAPIGoodModel(m))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total})
}

func (s *Server) apiCreateGoodModel(w http.ResponseWriter, r *http.Request) {
	var req goodModelRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	id, err := s.GoodModels.AddGoodModel(r.Context(), &canbo.GoodModel{UnitID: req.UnitID, Title: req.Title, Description: req.Description,
		Results: req.Results, Evidence: req.Evidence, Sensitive: req.Sensitive})
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id})
}

// apiGoodModelStep answers POST /api/v1/good-models/{id}/review and …/publish.
func (s *Server) apiGoodModelStep(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req modelStepRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.goodModelStep(r, id, r.PathValue("step"), req); err != nil {
		s.error(w, r, err)
		return
	}
	m, err := s.GoodModels.GoodModel(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIGoodModel(m))
}

// goodModelStep runs a review or a publication, for the API and the page alike.
func (s *Server) goodModelStep(r *http.Request, id int64, step string, req modelStepRequest) error {
	on, err := vn.ParseDayField("on", req.On)
	if err != nil {
		return err
	}
	switch step {
	case "review":
		return s.GoodModels.ReviewGoodModel(r.Context(), id, on, req.Approve, req.Note)
	case "publish":
		return s.GoodModels.PublishGoodModel(r.Context(), id, on)
	}
	return canbo.Errork(canbo.ENOTFOUND, "err.not_found")
}
