package web

import (
	"net/http"

	"canbo"
	"canbo/vn"
)

type apiLink struct {
	ID       int64   `json:"id"`
	Relation string  `json:"relation"`
	From     int64   `json:"from_unit"`
	To       int64   `json:"to_unit"`
	Start    *string `json:"valid_from"`
	End      *string `json:"valid_to"`
	Other    apiUnit `json:"other"`
}

func (s *Server) apiUnitLinks(w http.ResponseWriter, r *http.Request) {
	on, id, err := s.dayAndID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	links, err := s.Org.UnitLinks(r.Context(), id, on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	items := make([]apiLink, len(links))
	for i, l := range links {
		items[i] = apiLink{ID: l.ID, Relation: l.Relation, From: l.From, To: l.To, Start: dateOrNull(l.Start), End: dateOrNull(l.End), Other: toAPIUnit(l.Other)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiCreateLink(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var req struct {
		To       int64  `json:"to_unit"`
		Relation string `json:"relation"`
		From     string `json:"valid_from"`
	}
	if err := decode(r, &req); err != nil {
		s.error(w, r, err)
		return
	}
	start, err := vn.ParseDay(req.From)
	if err != nil {
		s.error(w, r, canbo.Invalid("valid_from", "err.web.params.iso_day_of", "valid_from", req.From))
		return
	}
	if req.Relation == "" {
		req.Relation = canbo.RelationBelongsTo
	}
	l := &canbo.UnitLink{From: id, To: req.To, Relation: req.Relation, Start: start}
	if err := s.Org.LinkUnits(r.Context(), l); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": l.ID, "from_unit": l.From, "to_unit": l.To, "relation": l.Relation, "valid_from": isoDay(l.Start)})
}
