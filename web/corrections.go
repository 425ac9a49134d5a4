package web

import "net/http"

// Corrections of a record: a post or a timeline entry recorded by mistake is removed with a
// reason, from the profile's tables or through the API; the store audits what was removed.

// partRef reads the person and the part ({post} or {entry}) of a correction's path.
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

// removal is the body of the API's removals.
type removal struct {
	Reason string `json:"reason"`
}
