package web

import (
	"net/http"

	"canbo"
)

type apiRegLink struct {
	ID            int64  `json:"id"`
	Number        string `json:"number"`
	Title         string `json:"title"`
	EffectiveFrom string `json:"effective_from"`
}

type apiCentral struct {
	Number string  `json:"number"`
	Issuer string  `json:"issuer"`
	Date   *string `json:"date"`
}

type apiRegulation struct {
	ID            int64        `json:"id"`
	Number        string       `json:"number"`
	Kind          string       `json:"kind"`
	Title         string       `json:"title"`
	IssuerUnitID  int64        `json:"issuer_unit_id"`
	IssuerName    string       `json:"issuer_name,omitempty"`
	SignedOn      string       `json:"signed_on"`
	EffectiveFrom string       `json:"effective_from"`
	ExpiresOn     *string      `json:"expires_on"`
	NextReview    *string      `json:"next_review"`
	Status        string       `json:"status"`
	InForce       bool         `json:"in_force"`
	Version       int          `json:"version"`
	Replaces      []int64      `json:"replaces"`
	Amends        []int64      `json:"amends"`
	ReplacedBy    []apiRegLink `json:"replaced_by"`
	AmendedBy     []apiRegLink `json:"amended_by"`
	Implements    []apiCentral `json:"implements,omitempty"`
	Body          *string      `json:"body,omitempty"`
}

func regLinks(ls []canbo.RegLink) []apiRegLink {
	out := []apiRegLink{}
	for _, l := range ls {
		out = append(out, apiRegLink{ID: l.ID, Number: l.Number, Title: l.Title, EffectiveFrom: isoDay(l.EffectiveFrom)})
	}
	return out
}

func toAPIRegulation(r *canbo.Regulation, full bool) apiRegulation {
	a := apiRegulation{ID: r.ID, Number: r.Number, Kind: string(r.Kind), Title: r.Title, IssuerUnitID: r.IssuerUnitID, IssuerName: r.IssuerName,
		SignedOn: isoDay(r.SignedOn), EffectiveFrom: isoDay(r.EffectiveFrom), ExpiresOn: dateOrNull(r.ExpiresOn), NextReview: dateOrNull(r.NextReview),
		Status: string(r.Status), InForce: r.Status.InForce(), Version: r.Version, Replaces: r.Replaces, Amends: r.Amends,
		ReplacedBy: regLinks(r.ReplacedBy), AmendedBy: regLinks(r.AmendedBy)}
	if a.Replaces == nil {
		a.Replaces = []int64{}
	}
	if a.Amends == nil {
		a.Amends = []int64{}
	}
	if full {
		a.Body = &r.Body
		a.Implements = []apiCentral{}
		for _, c := range r.Implements {
			a.Implements = append(a.Implements, apiCentral{c.Number, c.Issuer, dateOrNull(c.Date)})
		}
	}
	return a
}

// apiRegulations answers GET /api/v1/regulations?in_force_on=&q=&as_of=&offset=&limit=.
func (s *Server) apiRegulations(w http.ResponseWriter, r *http.Request) {
	f, err := s.regulationFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	list, total, err := s.Regulations.Regulations(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := []apiRegulation{}
	for _, x := range list {
		items = append(items, toAPIRegulation(x, false))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total})
}

// apiRegulation answers GET /api/v1/regulations/{id}?as_of=: the document, its links both ways
// and its status that day.
func (s *Server) apiRegulation(w http.ResponseWriter, r *http.Request) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	reg, err := s.Regulations.Regulation(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIRegulation(reg, true))
}

// apiCreateRegulation answers POST /api/v1/regulations with 201 and the new id.
func (s *Server) apiCreateRegulation(w http.ResponseWriter, r *http.Request) {
	var req regulationRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	reg, err := req.toRegulation()
	if err != nil {
		s.error(w, r, err)
		return
	}
	id, err := s.Regulations.AddRegulation(r.Context(), reg)
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id})
}

// apiUpdateRegulation answers PUT /api/v1/regulations/{id}: the whole document again (fields and
// links); a changed text becomes a new version.
func (s *Server) apiUpdateRegulation(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req regulationRequest
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	reg, err := req.toRegulation()
	if err != nil {
		s.error(w, r, err)
		return
	}
	reg.ID = id
	if err := s.Regulations.UpdateRegulation(r.Context(), reg); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "version": reg.Version})
}
