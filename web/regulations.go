package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
)

// regulationsView is the registry page: the filter and the documents found, with their status
// on the day asked.
type regulationsView struct {
	Q         string
	InForceOn string // ISO day, or "" for every document
	On        time.Time
	Items     []*canbo.Regulation
	Total     int
	Saved     bool
	// ExportURL is the workbook of the same list: built with url.Values, since html/template
	// would escape a whole query string placed in an href.
	ExportURL template.URL
}

// regulationsPage lists the local documents ("Văn bản, quy định"), those in force on a day
// (in_force_on) or all, searched accent-insensitively.
func (s *Server) regulationsPage(w http.ResponseWriter, r *http.Request) {
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
	v := regulationsView{Q: f.Q, On: f.AsOf, Items: list, Total: total}
	export := url.Values{}
	if f.Q != "" {
		export.Set("q", f.Q)
	}
	if !f.InForceOn.IsZero() {
		v.InForceOn, v.On = isoDay(f.InForceOn), f.InForceOn
		export.Set("in_force_on", v.InForceOn)
	} else {
		export.Set("as_of", isoDay(f.AsOf))
	}
	v.ExportURL = template.URL("/regulations/export.xlsx?" + export.Encode())
	s.render(w, r, http.StatusOK, "regulations", page{Title: translate(lang(r), "reg.title"), Section: "regulations", Data: v})
}

// regulationFormView is the document form, new (ID 0) or an edit, with what was typed and the
// error, if any.
type regulationFormView struct {
	ID      int64
	Form    url.Values
	Kinds   []canbo.RegulationKind
	Docs    []docOption // documents it may replace or amend
	Central []centralRequest
	Error   string
	Field   string
}

// docOption is a registered document offered as a link target, and whether the form names it.
type docOption struct {
	ID       int64
	Label    string
	Replaces bool
	Amends   bool
}

func (s *Server) regulationFormPage(w http.ResponseWriter, r *http.Request, status int, id int64, form url.Values, err error) {
	docs, _, lerr := s.Regulations.Regulations(r.Context(), canbo.RegulationFilter{AsOf: s.Now()})
	if lerr != nil {
		s.error(w, r, lerr)
		return
	}
	s.unitNameFor(r, form, "issuer_unit_id", "issuer_unit")
	v := regulationFormView{ID: id, Form: form, Kinds: canbo.RegulationKinds}
	for i, n := range form["central_number"] {
		c := centralRequest{Number: n}
		if i < len(form["central_issuer"]) {
			c.Issuer = form["central_issuer"][i]
		}
		if i < len(form["central_date"]) {
			c.Date = form["central_date"][i]
		}
		if strings.TrimSpace(n) != "" {
			v.Central = append(v.Central, c)
		}
	}
	v.Central = append(v.Central, centralRequest{}) // one blank row to add a document
	for _, x := range docs {
		if x.ID == id {
			continue // a document cannot replace or amend itself
		}
		id := strconv.FormatInt(x.ID, 10)
		v.Docs = append(v.Docs, docOption{ID: x.ID, Label: x.Number + " — " + x.Title,
			Replaces: slices.Contains(form["replaces"], id), Amends: slices.Contains(form["amends"], id)})
	}
	if err != nil {
		v.Error, v.Field = canbo.LocalMessage(lang(r), err), canbo.ErrorField(err)
	}
	title := "reg.new"
	if id != 0 {
		title = "reg.edit"
	}
	s.render(w, r, status, "regulation_form", page{Title: translate(lang(r), title), Section: "regulations", Data: v})
}

// regulationNew shows the form; ?unit= preselects the issuing unit, ?replaces= a document to
// supersede.
func (s *Server) regulationNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	form := url.Values{"issuer_unit_id": {q.Get("unit")}, "replaces": q["replaces"], "amends": q["amends"], "kind": {string(canbo.RegQuyDinh)}}
	s.regulationFormPage(w, r, http.StatusOK, 0, form, nil)
}

// regulationEdit shows the form filled with the stored document: a correction, a new text
// (kept as a new version), or links added later.
func (s *Server) regulationEdit(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	reg, err := s.Regulations.Regulation(r.Context(), id, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	form := url.Values{"number": {reg.Number}, "kind": {string(reg.Kind)}, "title": {reg.Title},
		"issuer_unit_id": {strconv.FormatInt(reg.IssuerUnitID, 10)}, "signed_on": {isoDay(reg.SignedOn)},
		"effective_from": {isoDay(reg.EffectiveFrom)}, "expires_on": {isoDay(reg.ExpiresOn)}, "next_review": {isoDay(reg.NextReview)},
		"body": {reg.Body}}
	for _, x := range reg.Replaces {
		form.Add("replaces", strconv.FormatInt(x, 10))
	}
	for _, x := range reg.Amends {
		form.Add("amends", strconv.FormatInt(x, 10))
	}
	for _, c := range reg.Implements {
		form.Add("central_number", c.Number)
		form.Add("central_issuer", c.Issuer)
		form.Add("central_date", isoDay(c.Date))
	}
	s.regulationFormPage(w, r, http.StatusOK, id, form, nil)
}

// regulationUpdate saves the edit form (UpdateRegulation checks the links again, cycles
// included) and shows the document.
func (s *Server) regulationUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("", "err.web.regulations.form"))
		return
	}
	req, err := s.regulationForm(r)
	var reg *canbo.Regulation
	if err == nil {
		reg, err = req.toRegulation()
	}
	if err == nil {
		reg.ID = id
		err = s.Regulations.UpdateRegulation(r.Context(), reg)
	}
	if err != nil {
		if code := canbo.ErrorCode(err); code == canbo.EINVALID || code == canbo.ECONFLICT {
			s.regulationFormPage(w, r, http.StatusUnprocessableEntity, id, r.PostForm, err)
			return
		}
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/regulations/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
}

// regulationCreate registers the document from the form, and shows it on its effective day.
func (s *Server) regulationCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("", "err.web.regulations.form"))
		return
	}
	req, err := s.regulationForm(r)
	var reg *canbo.Regulation
	if err == nil {
		reg, err = req.toRegulation()
	}
	var id int64
	if err == nil {
		id, err = s.Regulations.AddRegulation(r.Context(), reg)
	}
	if err != nil {
		if code := canbo.ErrorCode(err); code == canbo.EINVALID || code == canbo.ECONFLICT {
			s.regulationFormPage(w, r, http.StatusUnprocessableEntity, 0, r.PostForm, err)
			return
		}
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/regulations/"+strconv.FormatInt(id, 10)+"?as_of="+isoDay(reg.EffectiveFrom)+"&saved=1", http.StatusSeeOther)
}

// regulationView is one document's page: its status on the as-of day, links both ways and the
// versions of its text with what changed between each.
type regulationView struct {
	Reg      *canbo.Regulation
	Saved    bool
	Versions []versionView
	History  []historyEntry
}

// historyEntry is one dated event of a document's life, as its page lists them: signed, in
// effect, the documents it replaced or amended, amendments and the replacement that came later,
// its expiry, each new text. After is true for what lies after the as-of day.
type historyEntry struct {
	On      time.Time
	Key     string // word of the event: reg.hist.<what>
	Link    *canbo.RegLink
	Version int
	By      string
	After   bool
}

// regulationHistory orders a document's events by day; links count from the day the linking
// document takes effect, which is when a replacement ends this one.
func regulationHistory(reg *canbo.Regulation, versions []canbo.RegulationVersion, on time.Time) []historyEntry {
	h := []historyEntry{{On: reg.SignedOn, Key: "reg.hist.signed"}, {On: reg.EffectiveFrom, Key: "reg.hist.effective"}}
	for _, l := range []struct {
		key   string
		links []canbo.RegLink
		own   bool // dated by this document's effect, not the other's
	}{{"reg.hist.replaces", reg.ReplacesDocs, true}, {"reg.hist.amends", reg.AmendsDocs, true},
		{"reg.hist.amendedby", reg.AmendedBy, false}, {"reg.hist.replacedby", reg.ReplacedBy, false}} {
		for i := range l.links {
			d := l.links[i].EffectiveFrom
			if l.own {
				d = reg.EffectiveFrom
			}
			h = append(h, historyEntry{On: d, Key: l.key, Link: &l.links[i]})
		}
	}
	if !reg.ExpiresOn.IsZero() {
		h = append(h, historyEntry{On: reg.ExpiresOn, Key: "reg.hist.expires"})
	}
	for _, v := range versions {
		if v.Version > 1 {
			d := v.SavedAt.In(vnZone)
			h = append(h, historyEntry{On: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), Key: "reg.hist.version", Version: v.Version, By: v.SavedBy})
		}
	}
	slices.SortStableFunc(h, func(a, b historyEntry) int { return a.On.Compare(b.On) })
	for i := range h {
		h[i].After = h[i].On.After(on)
	}
	return h
}

// versionView is one saved text and its changes from the one before.
type versionView struct {
	canbo.RegulationVersion
	Diff []diffLine
}

func (s *Server) regulationPage(w http.ResponseWriter, r *http.Request) {
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
	vs, err := s.Regulations.RegulationVersions(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := regulationView{Reg: reg, Saved: r.URL.Query().Get("saved") == "1", History: regulationHistory(reg, vs, on)}
	prev := ""
	for _, x := range vs {
		v.Versions = append(v.Versions, versionView{RegulationVersion: x, Diff: lineDiff(prev, x.Body)})
		prev = x.Body
	}
	s.render(w, r, http.StatusOK, "regulation", page{Title: reg.Number, Section: "regulations", AsOf: on, Data: v})
}

// diffLine is one line of a readable diff: Op is "+" (added), "-" (removed) or " " (kept).
type diffLine struct {
	Op   string
	Text string
}

// lineDiff compares two texts line by line (longest common subsequence): legal texts change by
// whole clauses, so lines are the unit a reader checks. Texts are short (a few hundred lines),
// so the quadratic table is cheap.
func lineDiff(a, b string) []diffLine {
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	}
	x, y := split(a), split(b)
	if len(x)*len(y) > 4_000_000 {
		// Too long to compare line by line: show the new text whole.
		out := make([]diffLine, len(y))
		for i, l := range y {
			out[i] = diffLine{"+", l}
		}
		return out
	}
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffLine
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			out = append(out, diffLine{" ", x[i]})
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			// Removals before additions, so a changed line reads old then new.
			out = append(out, diffLine{"-", x[i]})
			i++
		default:
			out = append(out, diffLine{"+", y[j]})
			j++
		}
	}
	return out
}
