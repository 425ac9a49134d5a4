package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"canbo"
	"canbo/audit"
)

// cleaningPageSize is the number of findings on one page of the report.
const cleaningPageSize = 50

// cleaningFilter reads the report's query: kind (one or several, comma-separated; empty for
// every kind offered), under, as_of, offset and limit.
func (s *Server) cleaningFilter(r *http.Request) (canbo.CleaningFilter, error) {
	q := r.URL.Query()
	on, err := asOfParam(r, s.Now())
	if err != nil {
		return canbo.CleaningFilter{}, err
	}
	f := canbo.CleaningFilter{AsOf: on, Limit: cleaningPageSize}
	if f.Under, err = optionalID("under", q.Get("under")); err != nil {
		return f, err
	}
	for k := range strings.SplitSeq(q.Get("kind"), ",") {
		if k = strings.TrimSpace(k); k != "" {
			f.Kinds = append(f.Kinds, canbo.FindingKind(k))
		}
	}
	for _, p := range []struct {
		name string
		dst  *int
		min  int
	}{{"offset", &f.Offset, 0}, {"limit", &f.Limit, 1}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < p.min {
				return f, canbo.FieldError(p.name, "%s phải là số nguyên không âm (limit từ 1).", p.name)
			}
			*p.dst = n
		}
	}
	return f, nil
}

// cleaningPage is the data-cleaning report ("Rà soát dữ liệu"): a unit picker, one tab per kind
// of finding with its count, and the findings of the tab with both records side by side.
func (s *Server) cleaningPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.cleaningFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(f.Kinds) == 0 {
		f.Kinds = []canbo.FindingKind{canbo.FindingDuplicate}
	}
	f.Kinds, f.Limit = f.Kinds[:1], cleaningPageSize
	rep, err := s.Cleaning.Findings(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	units, under, err := s.cleaningUnits(r, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	link := func(kind canbo.FindingKind, offset int) string {
		v := url.Values{"kind": {string(kind)}, "as_of": {isoDay(f.AsOf)}}
		if f.Under != 0 {
			v.Set("under", strconv.FormatInt(f.Under, 10))
		}
		if offset > 0 {
			v.Set("offset", strconv.Itoa(offset))
		}
		return v.Encode()
	}
	var tabs []map[string]any
	for _, k := range rep.Kinds {
		tabs = append(tabs, map[string]any{"Kind": k, "Count": rep.Counts[k], "Link": "/cleaning?" + link(k, 0), "Current": k == f.Kinds[0]})
	}
	data := map[string]any{"Report": rep, "Kind": f.Kinds[0], "Tabs": tabs, "Units": units, "Under": under, "UnderID": f.Under,
		"From": f.Offset + 1, "To": f.Offset + len(rep.Findings), "AsOfISO": isoDay(f.AsOf),
		"Export":   "/cleaning.csv?" + link(f.Kinds[0], 0),
		"Identity": canbo.UserFromContext(r.Context()).Can(canbo.GrantIdentity)}
	if f.Offset > 0 {
		data["Prev"] = "/cleaning?" + link(f.Kinds[0], max(0, f.Offset-cleaningPageSize))
	}
	if next := f.Offset + len(rep.Findings); next < rep.Total {
		data["Next"] = "/cleaning?" + link(f.Kinds[0], next)
	}
	s.render(w, r, http.StatusOK, "cleaning", page{Title: translate(lang(r), "cleaning"), Section: "cleaning", AsOf: f.AsOf, Data: data})
}

// cleaningUnits lists the units the picker offers: the caller's top units, the unit shown and
// its children, all through the scoped unit queries (a unit out of scope is not offered).
func (s *Server) cleaningUnits(r *http.Request, f canbo.CleaningFilter) ([]*canbo.Unit, *canbo.Unit, error) {
	ctx := r.Context()
	var units []*canbo.Unit
	add := func(us ...*canbo.Unit) {
		for _, u := range us {
			if !slices.ContainsFunc(units, func(x *canbo.Unit) bool { return x.ID == u.ID }) {
				units = append(units, u)
			}
		}
	}
	if sc := canbo.ScopeFromContext(ctx); sc.All {
		roots, _, err := s.Org.FindUnits(ctx, canbo.UnitFilter{AsOf: f.AsOf, Roots: true})
		if err != nil {
			return nil, nil, err
		}
		add(roots...)
	} else {
		for _, id := range sc.Roots {
			u, err := s.Org.FindUnit(ctx, id, f.AsOf)
			if canbo.ErrorCode(err) == canbo.ENOTFOUND {
				continue // a scope unit that did not exist that day
			} else if err != nil {
				return nil, nil, err
			}
			add(u)
		}
	}
	var under *canbo.Unit
	if f.Under != 0 {
		u, err := s.Org.FindUnit(ctx, f.Under, f.AsOf)
		if err != nil {
			return nil, nil, err
		}
		under = u
		add(u)
		children, _, err := s.Org.FindUnits(ctx, canbo.UnitFilter{AsOf: f.AsOf, Parent: f.Under})
		if err != nil {
			return nil, nil, err
		}
		add(children...)
	}
	return units, under, nil
}

// cleaningExport writes every finding of the kinds asked as CSV (UTF-8 with a byte-order mark,
// which Excel needs to read Vietnamese). It lists people's names and birth dates, so the export
// is an audited event, written before any row leaves.
func (s *Server) cleaningExport(w http.ResponseWriter, r *http.Request) {
	f, err := s.cleaningFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.Offset, f.Limit = 0, canbo.MaxFindings
	rep, err := s.Cleaning.Findings(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "cleaning", EntityID: r.URL.RawQuery,
		Reason: strconv.Itoa(len(rep.Findings)) + " phát hiện"}); err != nil {
		s.error(w, r, err)
		return
	}
	identity := canbo.UserFromContext(r.Context()).Can(canbo.GrantIdentity)
	head := []string{"loại", "điểm", "lý do", "gợi ý"}
	for _, n := range []string{"1", "2"} {
		head = append(head, "mã hồ sơ "+n, "họ và tên "+n, "ngày sinh "+n, "giới tính "+n)
		if identity {
			head = append(head, "số định danh "+n)
		}
		head = append(head, "đơn vị "+n)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="ra-soat-du-lieu.csv"`)
	w.Write([]byte("\ufeff"))
	cw := newCSVWriter(w)
	cw.Write(head)
	for _, x := range rep.Findings {
		row := []string{translate("vi", "cleaning.kind."+string(x.Kind)), strconv.Itoa(x.Score), strings.Join(x.Reasons, "; "), x.Suggestion}
		for _, p := range x.People {
			row = append(row, strconv.FormatInt(p.ID, 10), p.FullName, vnDate(p.BirthDate), translate("vi", "sex."+string(p.Sex)))
			if identity {
				row = append(row, p.IdentityNumber)
			}
			row = append(row, strings.Join(p.Units, "; "))
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.Log.Error("cleaning export", "err", err)
	}
}

// apiCleaning returns one page of findings as JSON.
func (s *Server) apiCleaning(w http.ResponseWriter, r *http.Request) {
	f, err := s.cleaningFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	rep, err := s.Cleaning.Findings(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if rep.Findings == nil {
		rep.Findings = []canbo.Finding{}
	}
	writeJSON(w, http.StatusOK, rep)
}
