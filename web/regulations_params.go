package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// regulationRequest is a document as the API's JSON and the form both give it; toRegulation
// turns either into the one value the store checks.
type regulationRequest struct {
	Number        string           `json:"number"`
	Kind          string           `json:"kind"`
	Title         string           `json:"title"`
	IssuerUnitID  int64            `json:"issuer_unit_id"`
	SignedOn      string           `json:"signed_on"`
	EffectiveFrom string           `json:"effective_from"`
	ExpiresOn     string           `json:"expires_on"`
	NextReview    string           `json:"next_review"`
	Body          string           `json:"body"`
	Replaces      []int64          `json:"replaces"`
	Amends        []int64          `json:"amends"`
	Implements    []centralRequest `json:"implements"`
}

type centralRequest struct {
	Number string `json:"number"`
	Issuer string `json:"issuer"`
	Date   string `json:"date"`
}

func (req *regulationRequest) toRegulation() (*canbo.Regulation, error) {
	r := &canbo.Regulation{Number: req.Number, Kind: canbo.RegulationKind(req.Kind), Title: req.Title, IssuerUnitID: req.IssuerUnitID,
		Body: req.Body, Replaces: req.Replaces, Amends: req.Amends}
	for _, d := range []struct {
		field string
		s     string
		dst   *time.Time
	}{{"signed_on", req.SignedOn, &r.SignedOn}, {"effective_from", req.EffectiveFrom, &r.EffectiveFrom},
		{"expires_on", req.ExpiresOn, &r.ExpiresOn}, {"next_review", req.NextReview, &r.NextReview}} {
		t, err := vn.ParseDayField(d.field, d.s)
		if err != nil {
			return nil, err
		}
		*d.dst = t
	}
	for i, c := range req.Implements {
		t, err := vn.ParseDay(c.Date)
		if err != nil {
			return nil, canbo.Invalid("implements", "err.web.params.iso_day_of", "implements["+strconv.Itoa(i)+"].date", c.Date)
		}
		r.Implements = append(r.Implements, canbo.CentralDoc{Number: c.Number, Issuer: c.Issuer, Date: t})
	}
	return r, nil
}

// regulationForm reads the page's form: the central documents, and the replaced and amended
// documents as lists of ids.
func (s *Server) regulationForm(r *http.Request) (regulationRequest, error) {
	f := r.PostForm
	req := regulationRequest{Number: f.Get("number"), Kind: f.Get("kind"), Title: f.Get("title"), SignedOn: f.Get("signed_on"),
		EffectiveFrom: f.Get("effective_from"), ExpiresOn: f.Get("expires_on"), NextReview: f.Get("next_review"), Body: f.Get("body")}
	var err error
	// The issuing unit comes from the unit picker: the chosen id, or a name or code typed.
	if req.IssuerUnitID, err = s.pickedUnit(r, "issuer_unit_id", "issuer_unit_id", "issuer_unit", postHierarchies, s.Now()); err != nil {
		return req, err
	}
	for _, l := range []struct {
		field string
		dst   *[]int64
	}{{"replaces", &req.Replaces}, {"amends", &req.Amends}} {
		for _, v := range f[l.field] {
			for s := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ',' || r == ' ' }) {
				id, err := strconv.ParseInt(s, 10, 64)
				if err != nil || id <= 0 {
					return req, canbo.Invalid(l.field, "err.web.regulations_params.id", l.field, s)
				}
				*l.dst = append(*l.dst, id)
			}
		}
	}
	// The central documents are rows of three inputs with the same names; a row without a
	// number is an unused blank row.
	for i, n := range f["central_number"] {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		c := centralRequest{Number: n}
		if i < len(f["central_issuer"]) {
			c.Issuer = f["central_issuer"][i]
		}
		if i < len(f["central_date"]) {
			c.Date = f["central_date"][i]
		}
		req.Implements = append(req.Implements, c)
	}
	return req, nil
}

// regulationFilter reads the list's query: in_force_on (a day; empty lists every document), q,
// as_of (the day statuses are shown for), offset and limit.
func (s *Server) regulationFilter(r *http.Request) (canbo.RegulationFilter, error) {
	q := r.URL.Query()
	on, err := asOfParam(r, s.Now())
	if err != nil {
		return canbo.RegulationFilter{}, err
	}
	f := canbo.RegulationFilter{AsOf: on, Q: strings.TrimSpace(q.Get("q")), Limit: 100}
	if f.InForceOn, err = vn.ParseDayField("in_force_on", q.Get("in_force_on")); err != nil {
		return f, err
	}
	for _, p := range []struct {
		name string
		dst  *int
		min  int
	}{{"offset", &f.Offset, 0}, {"limit", &f.Limit, 1}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < p.min {
				return f, canbo.Invalid(p.name, "err.web.params.paging", p.name)
			}
			*p.dst = n
		}
	}
	return f, nil
}

// unitNameFor fills a form's unit-picker text (the field text) with the name of the unit whose id
// the form carries in field id, when a link prefilled the id only (?unit=, an edit), so the
// picker shows what it holds. An unknown or out-of-scope id shows nothing: the save names it.
func (s *Server) unitNameFor(r *http.Request, form url.Values, id, text string) {
	if form.Get(text) != "" {
		return
	}
	n, err := strconv.ParseInt(form.Get(id), 10, 64)
	if err != nil || n <= 0 {
		return
	}
	if u, err := s.Org.FindUnit(r.Context(), n, s.Now()); err == nil {
		form.Set(text, u.Name)
	}
}
