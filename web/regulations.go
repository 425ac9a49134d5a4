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

// regulationFormView is the new-document form with what was typed and the error, if any.
type regulationFormView struct {
	Form  url.Values
	Kinds []canbo.RegulationKind
	Docs  []docOption // documents it may replace or amend
	Error string
	Field string
}

// docOption is a registered document offered as a link target, and whether the form names it.
type docOption struct {
	ID       int64
	Label    string
	Replaces bool
	Amends   bool
}

func (s *Server) regulationFormPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, err error) {
	docs, _, lerr := s.Regulations.Regulations(r.Context(), canbo.RegulationFilter{AsOf: s.Now()})
	if lerr != nil {
		s.error(w, r, lerr)
		return
	}
	v := regulationFormView{Form: form, Kinds: canbo.RegulationKinds}
	for _, x := range docs {
		id := strconv.FormatInt(x.ID, 10)
		v.Docs = append(v.Docs, docOption{ID: x.ID, Label: x.Number + " — " + x.Title,
			Replaces: slices.Contains(form["replaces"], id), Amends: slices.Contains(form["amends"], id)})
	}
	if err != nil {
		v.Error, v.Field = canbo.ErrorMessage(err), canbo.ErrorField(err)
	}
	s.render(w, r, status, "regulation_form", page{Title: translate(lang(r), "reg.new"), Section: "regulations", Data: v})
}

// regulationNew shows the form; ?unit= preselects the issuing unit, ?replaces= a document to
// supersede.
func (s *Server) regulationNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	form := url.Values{"issuer_unit_id": {q.Get("unit")}, "replaces": q["replaces"], "amends": q["amends"], "kind": {string(canbo.RegQuyDinh)}}
	s.regulationFormPage(w, r, http.StatusOK, form, nil)
}

// regulationCreate registers the document from the form, and shows it on its effective day.
func (s *Server) regulationCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Errorf(canbo.EINVALID, "Biểu mẫu không đọc được."))
		return
	}
	req, err := regulationForm(r)
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
			s.regulationFormPage(w, r, http.StatusUnprocessableEntity, r.PostForm, err)
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
	v := regulationView{Reg: reg, Saved: r.URL.Query().Get("saved") == "1"}
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
