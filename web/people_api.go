package web

import (
	"encoding/json"
	"net/http"

	"canbo"
)

func (s *Server) apiPeople(w http.ResponseWriter, r *http.Request) {
	f, err := s.personFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	people, total, next, err := s.People.FindPeople(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	standings, err := s.Lister.Standings(r.Context(), ids, f.AsOf)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// Each item carries the person's status on the list's day, as the page's column shows it.
	items := make([]listedPerson, len(people))
	for i, p := range people {
		items[i] = listedPerson{Person: p, Status: standings[p.ID].Status}
	}
	var cursor any
	if next != "" {
		cursor = next
	}
	// total_at_least says the total stopped counting at PeopleCountCap + 1; exact=true counts all.
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total, "next_cursor": cursor,
		"total_at_least": !f.ExactCount && total > canbo.PeopleCountCap})
}

// listedPerson is an item of the API's people list: the record and its status that day.
type listedPerson struct {
	*canbo.Person
	Status string `json:"status"`
}

// personKeys are the JSON fields of a person, sensitive ones included (they are omitted from
// a redacted record, but a caller with the grant may patch them).
var personKeys = func() map[string]bool {
	b, _ := json.Marshal(canbo.Person{IdentityNumber: "x", Ethnicity: "x", Religion: "x", Health: "x", Warnings: []string{"x"}})
	var m map[string]json.RawMessage
	json.Unmarshal(b, &m)
	keys := make(map[string]bool, len(m))
	for k := range m {
		keys[k] = true
	}
	return keys
}()

// sensitiveKeys maps the sensitive JSON fields of a person to their class.
var sensitiveKeys = map[string]string{"identity_number": canbo.GrantIdentity, "ethnicity": canbo.GrantBackground,
	"religion": canbo.GrantBackground, "health": canbo.GrantHealth}
