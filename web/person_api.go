package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"canbo"
	"canbo/audit"
)

// etag is a person's version as an entity tag, for If-Match.
func etag(p *canbo.Person) string { return fmt.Sprintf(`"%d-%d"`, p.ID, p.Version) }

// readPerson loads a full profile and audits the read: who looked at whom, and when.
func (s *Server) readPerson(r *http.Request) (*canbo.Person, error) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p, err := s.People.FindPerson(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if err := s.auditRead(r, "person.read", id); err != nil {
		return nil, err
	}
	return p, nil
}

// auditRead records that the caller was shown personal data of person id (action says which):
// every answer carrying a record, its timeline or facts is audited, whatever route serves it —
// a form, a conflict answer with the current version, a fragment. Call it after the scoped read
// succeeded and before anything is written to the client, so an audit failure fails the read.
func (s *Server) auditRead(r *http.Request, action string, id int64) error {
	return s.Audit.Audit(r.Context(), &audit.Event{Action: action, Entity: "person", EntityID: strconv.FormatInt(id, 10)})
}

func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request) {
	p, err := s.readPerson(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(p))
	writeJSON(w, http.StatusOK, p)
}

// partyRequest is an admission as the API takes it, at creation or later: the cell and the day
// membership in it starts (since; the admission day when empty).
type partyRequest struct {
	CellID     int64  `json:"cell_id"`
	AdmittedOn string `json:"admitted_on"`
	FullOn     string `json:"full_on"`
	CardNumber string `json:"card_number"`
	Since      string `json:"since"`
	// Decision is the admission decision (number, date, issuer).
	Decision canbo.Decision `json:"decision"`
}

func (p *partyRequest) membership() *canbo.Membership {
	return &canbo.Membership{AdmittedOn: p.AdmittedOn, FullOn: p.FullOn, CardNumber: p.CardNumber, Decision: p.Decision,
		Cells: []canbo.CellPeriod{{CellID: p.CellID, From: p.Since}}}
}

// apiCreatePerson creates a person with an optional first post and party membership.
func (s *Server) apiCreatePerson(w http.ResponseWriter, r *http.Request) {
	var req struct {
		canbo.Person
		Post *struct {
			UnitID  int64  `json:"unit_id"`
			Title   string `json:"title"`
			From    string `json:"from"`
			Primary *bool  `json:"primary"`
		} `json:"post"`
		Party *partyRequest `json:"party"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	p := req.Person
	var post *canbo.Post
	if req.Post != nil {
		post = &canbo.Post{UnitID: req.Post.UnitID, Title: req.Post.Title, From: req.Post.From, Primary: req.Post.Primary == nil || *req.Post.Primary}
	}
	var m *canbo.Membership
	if req.Party != nil {
		m = req.Party.membership()
	}
	if err := s.People.CreatePerson(r.Context(), &p, post, m); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(&p))
	w.Header().Set("Location", "/api/v1/people/"+strconv.FormatInt(p.ID, 10))
	writeJSON(w, http.StatusCreated, p)
}

// apiPatchPerson applies a partial JSON document to a person. The version comes from If-Match
// (or "version" in the body); a stale one is answered 412 with the current record.
func (s *Server) apiPatchPerson(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	cur, err := s.People.FindPerson(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var patch map[string]json.RawMessage
	if err := decode(r, &patch); err != nil {
		s.error(w, r, err)
		return
	}
	for _, k := range []string{"id", "full_name", "updated_at", "warnings"} {
		delete(patch, k)
	}
	version := cur.Version
	if m := r.Header.Get("If-Match"); m != "" {
		if m != etag(cur) {
			if err := s.auditRead(r, "person.read", id); err != nil {
				s.error(w, r, err)
				return
			}
			w.Header().Set("ETag", etag(cur))
			writeJSON(w, http.StatusPreconditionFailed, map[string]any{"error": map[string]string{"code": canbo.EPRECONDITION,
				"message": fmt.Sprintf(translate(lang(r), "err.web.person_api.stale"), etag(cur))}, "current": cur})
			return
		}
	} else if v, ok := patch["version"]; ok {
		if err := json.Unmarshal(v, &version); err != nil {
			s.error(w, r, canbo.Invalid("version", "err.web.person_api.version"))
			return
		}
	} else {
		s.error(w, r, canbo.Invalid("If-Match", "err.web.person_api.if_match"))
		return
	}
	delete(patch, "version")
	merged, _ := json.Marshal(cur)
	var doc map[string]json.RawMessage
	json.Unmarshal(merged, &doc)
	user := canbo.UserFromContext(r.Context())
	for k, v := range patch {
		if c := sensitiveKeys[k]; c != "" && !user.Can(c) {
			s.error(w, r, canbo.Errork(canbo.EFORBIDDEN, "err.web.person_api.field_forbidden", k))
			return
		}
		if !personKeys[k] {
			s.error(w, r, canbo.Invalid(k, "err.web.person_api.field_unknown", k))
			return
		}
		doc[k] = v
	}
	body, _ := json.Marshal(doc)
	var p canbo.Person
	if err := json.Unmarshal(body, &p); err != nil {
		s.error(w, r, canbo.Errork(canbo.EINVALID, "err.web.json.invalid", err))
		return
	}
	p.ID, p.Version = id, version
	if err := s.People.UpdatePerson(r.Context(), &p); err != nil {
		if canbo.ErrorCode(err) == canbo.ECONFLICT && canbo.ErrorField(err) == "" {
			fresh, ferr := s.People.FindPerson(r.Context(), id)
			if ferr == nil {
				ferr = s.auditRead(r, "person.read", id)
			}
			if ferr != nil {
				s.error(w, r, ferr)
				return
			}
			w.Header().Set("ETag", etag(fresh)) // as the If-Match refusal above gives it
			writeJSON(w, http.StatusPreconditionFailed, map[string]any{"error": map[string]string{"code": canbo.EPRECONDITION,
				"message": canbo.LocalMessage(lang(r), err)}, "current": fresh})
			return
		}
		s.error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(&p))
	writeJSON(w, http.StatusOK, p)
}

// apiTimeline returns a person's posts, party membership and entries.
func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	posts, entries, m, err := s.People.Timeline(r.Context(), id)
	if err == nil {
		err = s.auditRead(r, "person.timeline.read", id)
	}
	if err != nil {
		s.error(w, r, err)
		return
	}
	if posts == nil {
		posts = []canbo.Post{}
	}
	if entries == nil {
		entries = []canbo.Entry{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"posts": posts, "party": m, "entries": entries})
}

func (s *Server) apiAddPost(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var p canbo.Post
	if err := decode(r, &p); err != nil {
		s.error(w, r, err)
		return
	}
	p.PersonID = id
	if err := s.People.AddPost(r.Context(), &p); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiAddEntry(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var e canbo.Entry
	if err := decode(r, &e); err != nil {
		s.error(w, r, err)
		return
	}
	e.PersonID = id
	if err := s.People.AddEntry(r.Context(), &e); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, e)
}
