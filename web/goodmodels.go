package web

import (
	"net/http"
	"net/url"
	"strings"

	"canbo"
)

// goodModelsView is the good-models page: the list, and for editors the form of a new one.
type goodModelsView struct {
	Form  url.Values // the new model's form as typed, after a refusal
	Q     string
	Items []*canbo.GoodModel
	Total int
	Error string
	Field string
	Today string
}

func (s *Server) goodModelsPage(w http.ResponseWriter, r *http.Request) {
	s.goodModelsShow(w, r, http.StatusOK, nil)
}

func (s *Server) goodModelsShow(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	list, total, err := s.GoodModels.GoodModels(r.Context(), canbo.GoodModelFilter{Q: q})
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := goodModelsView{Form: r.PostForm, Q: q, Items: list, Total: total, Today: isoDay(s.Now())}
	if formErr != nil {
		v.Error, v.Field = canbo.LocalMessage(lang(r), formErr), canbo.ErrorField(formErr)
	}
	s.render(w, r, status, "good_models", page{Title: translate(lang(r), "model.title"), Section: "regulations", Data: v})
}

// goodModelView is one good model's page: its record, its documents and photos, and for
// editors the upload form while it is a draft or returned.
type goodModelView struct {
	Model     *canbo.GoodModel
	Documents []canbo.ModelFile
	Photos    []canbo.ModelFile
	CanUpload bool
	Error     string
	Field     string
	MaxMB     int
}

func (s *Server) goodModelPage(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.goodModelShow(w, r, id, http.StatusOK, nil)
}

func (s *Server) goodModelShow(w http.ResponseWriter, r *http.Request, id int64, status int, formErr error) {
	m, err := s.GoodModels.GoodModel(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := goodModelView{Model: m, MaxMB: canbo.MaxModelFileBytes >> 20,
		CanUpload: (m.Status == canbo.ModelDraft || m.Status == canbo.ModelReturned) && len(m.Files) < canbo.MaxModelFiles}
	for _, f := range m.Files {
		if f.Kind == canbo.ModelFilePhoto {
			v.Photos = append(v.Photos, f)
		} else {
			v.Documents = append(v.Documents, f)
		}
	}
	if formErr != nil {
		v.Error, v.Field = canbo.LocalMessage(lang(r), formErr), canbo.ErrorField(formErr)
	}
	s.render(w, r, status, "good_model", page{Title: m.Title, Section: "regulations", Data: v})
}

// goodModelCreate records a good model from the page's form.
func (s *Server) goodModelCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("", "err.web.regulations.form"))
		return
	}
	f := r.PostForm
	unit, err := s.pickedUnit(r, "unit_id", "unit_id", "unit", postHierarchies, s.Now())
	if err == nil {
		_, err = s.GoodModels.AddGoodModel(r.Context(), &canbo.GoodModel{UnitID: unit, Title: f.Get("title"), Description: f.Get("description"),
			Results: f.Get("results"), Evidence: f.Get("evidence"), Sensitive: f.Get("sensitive") == "1"})
	}
	s.afterModel(w, r, err)
}

// goodModelStepForm reviews or publishes from the page's buttons.
func (s *Server) goodModelStepForm(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("", "err.web.regulations.form"))
		return
	}
	f := r.PostForm
	s.afterModel(w, r, s.goodModelStep(r, id, r.PathValue("step"), modelStepRequest{On: f.Get("on"), Approve: f.Get("approve") == "1", Note: f.Get("note")}))
}

func (s *Server) afterModel(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		if code := canbo.ErrorCode(err); code == canbo.EINVALID || code == canbo.ECONFLICT {
			s.goodModelsShow(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/good-models", http.StatusSeeOther)
}
