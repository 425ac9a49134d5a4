package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// templates holds one parsed set per page (layout + partials + the page) and the static files
// under content-hashed names, so browsers may cache them forever.
type templates struct {
	pages  map[string]*template.Template
	frags  *template.Template
	hashed map[string]string // "app.css" → "app.3f2a9c1e.css"
	files  map[string][]byte // hashed name → content
}

func parseTemplates() (*templates, error) {
	t := &templates{pages: map[string]*template.Template{}, hashed: map[string]string{}, files: map[string][]byte{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := path.Base(p)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		t.hashed[name], t.files[hashed] = hashed, b
		return nil
	})
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"t":            translate,
		"detail":       detailLabel,
		"asset":        func(name string) (string, error) { return t.asset(name) },
		"day":          fmtDay,
		"iso":          isoDay,
		"open":         func(d time.Time) bool { return !d.Before(canbo.Forever) },
		"known":        func(d time.Time) bool { return !d.IsZero() },
		"evkind":       eventKindName,
		"say":          say,
		"hname":        hierarchyName,
		"add":          func(a, b int) int { return a + b },
		"dict":         dict,
		"list":         func(v ...string) []string { return v },
		"hasGrant":     hasGrant,
		"upper":        strings.ToUpper,
		"vndate":       vnDate,
		"dvalue":       detailValue,
		"label":        codeLabel,
		"local":        localTime,
		"eduline":      educationLine,
		"vocab":        showCode,
		"codeOptions":  codeOptions,
		"pickedShown":  pickedShown,
		"dots":         joinDots,
		"tokenExpired": tokenExpired,
		"hasCol":       func(cols []string, c string) bool { return slices.Contains(cols, c) },
		"percent":      func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" },
		"queryPairs": func(q string) map[string]string {
			vals, _ := url.ParseQuery(q)
			m := make(map[string]string, len(vals))
			for k, v := range vals {
				m[k] = v[0]
			}
			return m
		},
	}
	base, err := template.New("base").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/_*.html")
	if err != nil {
		return nil, err
	}
	t.frags = base
	entries, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := strings.TrimSuffix(path.Base(e), ".html")
		if name == "layout" || name == "partials" || strings.HasPrefix(name, "_") { // "_name.html": partials of their own
			continue
		}
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t.pages[name], err = clone.ParseFS(templateFS, e); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (t *templates) asset(name string) (string, error) {
	h, ok := t.hashed[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + h, nil
}

// fragment renders a partial template (for htmx swaps).
func (t *templates) fragment(w io.Writer, name string, data any) error {
	return t.frags.ExecuteTemplate(w, name, data)
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// vnDate shows an ISO date, full or partial, the Vietnamese way: "1965", "09/1965", "02/09/1965".
func vnDate(s string) string {
	d, err := vn.ParseDate(s)
	if err != nil || d.IsZero() {
		return s
	}
	return d.VN()
}

func fmtDay(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("02/01/2006")
}

func isoDay(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// page is what every full page template receives.
type page struct {
	Title   string
	Section string // the module shown as active in the navigation
	User    *canbo.User
	Lang    string
	AsOf    time.Time
	Path    string // the current path, for the as-of form to come back to
	Query   string // the current query without as_of
	Back    string // the current path and query, for forms that come back here
	Flash   string
	Data    any
}

// render executes a full page into a buffer first, so a template error becomes a clean 500
// instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	tmpl, ok := s.ui.pages[name]
	if !ok {
		s.Log.Error("no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p.User = canbo.UserFromContext(r.Context())
	p.Lang = lang(r)
	p.Path = r.URL.Path
	q := r.URL.Query()
	q.Del("as_of")
	p.Query = q.Encode()
	p.Back = r.URL.RequestURI()
	if p.AsOf.IsZero() {
		p.AsOf, _ = asOfParam(r, s.Now())
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.Log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderFragment renders a partial for htmx.
func (s *Server) renderFragment(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.ui.fragment(&buf, name, data); err != nil {
		s.Log.Error("render fragment", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	b, ok := s.ui.files[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	ct := mime.TypeByExtension(path.Ext(r.PathValue("name")))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(b)
}

// joinDots joins the non-empty parts with " · ": a profile line of two values (general and
// professional education) shows no stray separator when one of them is not recorded.
func joinDots(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}
