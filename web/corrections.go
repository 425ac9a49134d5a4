package web

import (
	"net/http"
	"strconv"

	"canbo"
)

// Corrections of a record from the profile page and the cleaning page: edit or remove a post, a
// timeline entry or a transfer, delete a record created by mistake, merge two records of one
// person, mark a pair as two people. Each form carries the reason the store requires and audits.

// partRef reads the person and the part ({post}, {entry} or {period}) of a correction's path.
func partRef(r *http.Request, part string) (int64, int64, error) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		return 0, 0, err
	}
	ref, err := idParam(r.PathValue(part))
	return id, ref, err
}

func (s *Server) postRemove(w http.ResponseWriter, r *http.Request) {
	id, post, err := partRef(r, "post")
	if err == nil {
		err = s.People.RemovePost(r.Context(), id, post, r.PostFormValue("reason"))
	}
	s.partDone(w, r, "posts", err)
}

func (s *Server) entryRemove(w http.ResponseWriter, r *http.Request) {
	id, entry, err := partRef(r, "entry")
	if err == nil {
		err = s.People.RemoveEntry(r.Context(), id, entry, r.PostFormValue("reason"))
	}
	s.partDone(w, r, "entry-"+r.PostFormValue("kind"), err)
}

// postEdit corrects a post from the profile's edit form (the unit picker, as when adding).
func (s *Server) postEdit(w http.ResponseWriter, r *http.Request) {
	id, post, err := partRef(r, "post")
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := r.PostFormValue
	p := canbo.Post{Title: f("title"), From: f("from"), To: f("to"), Primary: f("concurrent") == "",
		Document: canbo.Document{Number: f("doc_number")}}
	if p.UnitID, err = s.requiredUnit(r, "post.unit_id", "unit_id", "unit", postHierarchies, s.dayOr(f("from"))); err == nil {
		err = s.People.EditPost(r.Context(), id, post, &p, f("reason"))
	}
	s.partDone(w, r, "posts", err)
}

// entryEdit corrects a timeline entry from its edit form; fields as when adding.
func (s *Server) entryEdit(w http.ResponseWriter, r *http.Request) {
	id, entry, err := partRef(r, "entry")
	if err != nil {
		s.error(w, r, err)
		return
	}
	e, err := entryForm(r, id)
	if err == nil {
		err = s.People.EditEntry(r.Context(), id, entry, e, r.PostForm.Get("reason"))
	}
	s.partDone(w, r, "entry-"+r.PostForm.Get("kind"), err)
}

func (s *Server) transferEdit(w http.ResponseWriter, r *http.Request) {
	id, period, err := partRef(r, "period")
	if err != nil {
		s.error(w, r, err)
		return
	}
	t := canbo.Transfer{On: r.PostFormValue("on"), Until: r.PostFormValue("until"), Decision: decisionForm(r)}
	if t.CellID, err = s.requiredUnit(r, "cell_id", "cell_id", "cell", cellHierarchies, s.dayOr(t.On)); err == nil {
		err = s.People.EditTransfer(r.Context(), id, period, &t, r.PostFormValue("reason"))
	}
	s.partDone(w, r, "party", err)
}

func (s *Server) transferRemove(w http.ResponseWriter, r *http.Request) {
	id, period, err := partRef(r, "period")
	if err == nil {
		err = s.People.RemoveTransfer(r.Context(), id, period, r.PostFormValue("reason"))
	}
	s.partDone(w, r, "party", err)
}

// decisionForm reads the paper fields of an admission or transfer form.
func decisionForm(r *http.Request) canbo.Decision {
	return canbo.Decision{Number: r.PostFormValue("doc_number"), Date: r.PostFormValue("doc_date"), Issuer: r.PostFormValue("doc_issuer")}
}

// personDelete deletes a record created by mistake and returns to the list.
func (s *Server) personDelete(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err == nil {
		err = s.People.DeletePerson(r.Context(), id, r.PostFormValue("reason"))
	}
	if err == nil {
		http.Redirect(w, r, "/people?saved=deleted", http.StatusSeeOther)
		return
	}
	s.partDone(w, r, "delete", err)
}

// mergeView is the side-by-side page of two records found by the cleaning page.
type mergeView struct {
	A, B   *canbo.Person
	Rows   []mergeRow
	Reason string
	Error  string
	Field  string
}

// mergeRow is one personal field of both records; Same rows need no choice.
type mergeRow struct {
	Name, A, B string
	Same       bool
}

// mergePage shows two records side by side, with a choice for each field that differs.
func (s *Server) mergePage(w http.ResponseWriter, r *http.Request) {
	s.showMerge(w, r, http.StatusOK, nil)
}

func (s *Server) showMerge(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		q = r.PostForm
	}
	a, err := idParam(q.Get("a"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	b, err := idParam(q.Get("b"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := mergeView{Reason: q.Get("reason")}
	if v.A, err = s.People.FindPerson(r.Context(), a); err != nil {
		s.error(w, r, err)
		return
	}
	if v.B, err = s.People.FindPerson(r.Context(), b); err != nil {
		s.error(w, r, err)
		return
	}
	for _, f := range canbo.MergeFields {
		x, y := *canbo.MergeField(v.A, f), *canbo.MergeField(v.B, f)
		v.Rows = append(v.Rows, mergeRow{Name: f, A: x, B: y, Same: x == y})
	}
	if formErr != nil {
		v.Error, v.Field = canbo.LocalMessage(lang(r), formErr), canbo.ErrorField(formErr)
	}
	s.render(w, r, status, "merge", page{Title: translate(lang(r), "merge.title"), Section: "cleaning", Data: v})
}

// merge folds record b into record a, taking the fields whose radio chose b.
func (s *Server) merge(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Errork(canbo.EINVALID, "err.web.corrections.form"))
		return
	}
	a, err := idParam(r.PostForm.Get("a"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	b, err := idParam(r.PostForm.Get("b"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var take []string
	for _, f := range canbo.MergeFields {
		if r.PostForm.Get("take."+f) == "b" {
			take = append(take, f)
		}
	}
	if _, err := s.People.MergePeople(r.Context(), a, b, take, r.PostForm.Get("reason")); err != nil {
		switch canbo.ErrorCode(err) {
		case canbo.EINVALID, canbo.ECONFLICT, canbo.EFORBIDDEN:
			s.showMerge(w, r, http.StatusUnprocessableEntity, err)
		default:
			s.error(w, r, err)
		}
		return
	}
	http.Redirect(w, r, "/people/"+strconv.FormatInt(a, 10)+"?saved=merge", http.StatusSeeOther)
}

// notDuplicate marks a pair of the cleaning page as two people and returns to the page.
func (s *Server) notDuplicate(w http.ResponseWriter, r *http.Request) {
	a, err := idParam(r.PostFormValue("a"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	b, err := idParam(r.PostFormValue("b"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.People.DismissDuplicate(r.Context(), a, b); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/cleaning?saved=1", http.StatusSeeOther)
}

// removal is the body of the API's removals.
type removal struct {
	Reason string `json:"reason"`
}
