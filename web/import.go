package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"canbo"
	"canbo/importer"
	"canbo/locale"
)

// An import is a job kept in memory between the steps a user takes (docs/DESIGN.md "Importing
// people"): upload → the mapping as understood, with the first rows as they will be stored →
// the dry run's problems → apply. Checking and applying run in the background with the
// uploader's context (scope, grants, client address), detached from the request, so a long file
// outlives the request timeout and the page polls the progress. Nothing is written before
// apply, and apply is one transaction: a server killed meanwhile leaves the database as it was.
type importJob struct {
	id      string
	owner   int64
	file    string
	hash    string
	data    []byte
	asOf    time.Time
	under   int64
	created time.Time
	book    *importer.Book
	// profile is the name of the mapping profile the columns got on upload or were saved as.
	profile string

	mu       sync.Mutex
	layouts  []*importer.Layout
	state    string // importChecking, importChecked, importApplying, importApplied, importFailed
	done     int
	total    int
	rows     []canbo.ImportRow
	problems []canbo.ImportProblem
	result   *canbo.ImportResult
	err      error
}

// Job states.
const (
	importChecking = "checking"
	importChecked  = "checked"
	importApplying = "applying"
	importApplied  = "applied"
	importFailed   = "failed"
)

// importJobs holds the jobs of the running server. Jobs end two hours after their upload;
// a user keeps at most maxImportJobs, so uploads cannot fill the memory.
type importJobs struct {
	mu   sync.Mutex
	jobs map[string]*importJob
}

const (
	importJobLife = 2 * time.Hour
	maxImportJobs = 3
	// maxImportBody caps an import upload: the file and a multipart envelope.
	maxImportBody = 64<<20 + 64<<10
	// importPreviewRows is how many rows the mapping step shows as they will be stored.
	importPreviewRows = 5
)

func (js *importJobs) add(j *importJob, now time.Time) {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.jobs == nil {
		js.jobs = map[string]*importJob{}
	}
	var mine []*importJob
	for id, o := range js.jobs {
		if now.Sub(o.created) > importJobLife {
			delete(js.jobs, id)
		} else if o.owner == j.owner {
			mine = append(mine, o)
		}
	}
	sort.Slice(mine, func(a, b int) bool { return mine[a].created.Before(mine[b].created) })
	for len(mine) >= maxImportJobs {
		if st := mine[0].status().State; st != importApplying && st != importChecking {
			delete(js.jobs, mine[0].id)
		}
		mine = mine[1:]
	}
	js.jobs[j.id] = j
}

// get returns the caller's job: another user's job is not found, like any record out of scope.
func (js *importJobs) get(r *http.Request, id string) (*importJob, error) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.jobs[id]
	if u := canbo.UserFromContext(r.Context()); !ok || u == nil || j.owner != u.ID {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.web.import.notfound")
	}
	return j, nil
}

// importStatus is a job's state as pages and the API show it.
type importStatus struct {
	ID       string                `json:"id"`
	File     string                `json:"file"`
	SHA256   string                `json:"sha256"`
	AsOf     string                `json:"as_of"`
	Under    int64                 `json:"under,omitempty"`
	State    string                `json:"state"`
	Done     int                   `json:"done"`
	Total    int                   `json:"total"`
	Rows     int                   `json:"rows"`
	Errors   int                   `json:"errors"`
	Result   *canbo.ImportResult   `json:"result,omitempty"`
	Problems []canbo.ImportProblem `json:"problems"`
	Layouts  []*importer.Layout    `json:"mapping"`
	Profile  string                `json:"mapping_profile,omitempty"`
	Error    string                `json:"error,omitempty"`
}

func (j *importJob) status() importStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := importStatus{ID: j.id, File: j.file, SHA256: j.hash, AsOf: isoDay(j.asOf), Under: j.under, State: j.state, Done: j.done, Total: j.total,
		Result: j.result, Problems: j.problems, Layouts: j.layouts, Profile: j.profile}
	if st.Problems == nil {
		st.Problems = []canbo.ImportProblem{}
	}
	rows := map[string]bool{}
	for _, p := range j.problems {
		rows[fmt.Sprintf("%s\x00%d", p.Sheet, p.Row)] = true
	}
	st.Errors = len(rows)
	st.Rows = len(j.rows) + st.Errors
	if j.err != nil {
		st.Error = canbo.ErrorMessage(j.err)
	}
	return st
}

// readImportUpload reads the multipart form of an upload: the file, the day units are matched
// on and the subtree they are looked for in. The file is recognised by its bytes.
func (s *Server) readImportUpload(r *http.Request) (*importJob, error) {
	u := canbo.UserFromContext(r.Context())
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, canbo.Invalid("file", "err.importer.read.too_large", mbe.Limit>>20, importer.DefaultLimits.Bytes>>20)
		}
		return nil, canbo.Invalid("file", "err.web.import.no_file")
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return nil, canbo.Invalid("file", "err.web.import.no_file")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, importer.DefaultLimits.Bytes+1))
	if err != nil {
		return nil, canbo.Invalid("file", "err.web.import.no_file")
	}
	asOf, err := asOfParam(r, s.Now())
	if err != nil {
		return nil, err
	}
	under, err := s.pickedUnit(r, "under", "under", "under_text", canbo.Hierarchies, asOf)
	if err != nil {
		return nil, err
	}
	book, err := importer.Read(data, importer.DefaultLimits)
	if err != nil {
		return nil, err
	}
	var layouts []*importer.Layout
	for _, sh := range book.Sheets {
		if l, ok := importer.Detect(sh); ok {
			layouts = append(layouts, l)
		}
	}
	if len(layouts) == 0 {
		return nil, canbo.Invalid("file", "err.web.import.no_header")
	}
	profile, err := s.chooseMapping(r, layouts)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	id := make([]byte, 12)
	rand.Read(id)
	return &importJob{id: hex.EncodeToString(id), owner: u.ID, file: cleanFileName(hdr.Filename), hash: hex.EncodeToString(sum[:]), data: data,
		asOf: asOf, under: under, created: s.Now(), book: book, layouts: layouts, profile: profile}, nil
}

// cleanFileName keeps the last part of an uploaded file's name, for the audit and the report.
func cleanFileName(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	if len(name) > 200 {
		name = name[:200]
	}
	return name
}

// startCheck parses the rows with the job's mapping and runs the dry run in the background.
func (s *Server) startCheck(ctx context.Context, j *importJob) error {
	units, _, err := s.Org.FindUnits(ctx, canbo.UnitFilter{Under: j.under, AsOf: j.asOf})
	if err != nil {
		return err
	}
	j.mu.Lock()
	if j.state == importChecking || j.state == importApplying || j.state == importApplied {
		j.mu.Unlock()
		return canbo.Errork(canbo.ECONFLICT, "err.web.import.busy")
	}
	rows, problems := importer.Parse(j.book, j.layouts, importer.Options{AsOf: j.asOf, Now: s.Now(), Units: importer.NewUnits(units)})
	j.state, j.done, j.total, j.rows, j.problems, j.result, j.err = importChecking, 0, len(rows), rows, problems, nil, nil
	j.mu.Unlock()
	go s.runImport(context.WithoutCancel(ctx), j, true)
	return nil
}

// startApply writes a checked job without problems.
func (s *Server) startApply(ctx context.Context, j *importJob) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.state != importChecked || len(j.problems) > 0 {
		return canbo.Errork(canbo.ECONFLICT, "err.web.import.not_ready")
	}
	j.state, j.done = importApplying, 0
	go s.runImport(context.WithoutCancel(ctx), j, false)
	return nil
}

func (s *Server) runImport(ctx context.Context, j *importJob, dry bool) {
	res, err := s.Imports.ImportPeople(ctx, j.rows, canbo.ImportOptions{File: j.file, Hash: j.hash, DryRun: dry, Progress: func(done, total int) {
		j.mu.Lock()
		j.done, j.total = done, total
		j.mu.Unlock()
	}})
	j.mu.Lock()
	defer j.mu.Unlock()
	j.done = j.total
	switch {
	case err != nil:
		s.Log.Error("import", "file", j.file, "err", err)
		j.state, j.err = importFailed, err
	case dry:
		j.state, j.result = importChecked, res
		j.problems = append(j.problems, res.Problems...)
		sort.SliceStable(j.problems, func(a, b int) bool {
			pa, pb := j.problems[a], j.problems[b]
			return pa.Sheet < pb.Sheet || pa.Sheet == pb.Sheet && pa.Row < pb.Row
		})
	case len(res.Problems) > 0:
		// The data changed between the dry run and apply (another user's edit): nothing was
		// written; the new problems are shown.
		j.state, j.result, j.problems = importChecked, res, res.Problems
	default:
		j.state, j.result = importApplied, res
	}
}

// setMapping applies the columns' fields chosen on the mapping form ("m.<sheet>.<column>").
func (j *importJob) setMapping(r *http.Request) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for si, l := range j.layouts {
		for ci, c := range l.Columns {
			v, ok := r.Form[fmt.Sprintf("m.%d.%d", si, c.Index)]
			if !ok {
				continue
			}
			f := importer.Field(strings.TrimSpace(v[0]))
			if !importer.KnownField(f) {
				return canbo.Invalid("mapping", "err.web.import.field", v[0])
			}
			l.Columns[ci].Field = f
		}
	}
	return nil
}

// errorWorkbook is the user's file with the bad cells marked and an error column.
func (s *Server) errorWorkbook(r *http.Request, j *importJob) ([]byte, error) {
	st := j.status()
	l := lang(r)
	return importer.ErrorWorkbook(j.data, j.book, st.Problems, translate(l, "import.errors.column"),
		func(p canbo.ImportProblem) string { return problemText(l, p) })
}

// importTemplate is the empty workbook users fill: one header per field, in the reader's
// language, and a sheet of instructions.
func importTemplate(l string) ([]byte, error) {
	var lines []string
	for i := 1; ; i++ {
		k := fmt.Sprintf("import.template.help.%d", i)
		s := translate(l, k)
		if s == k {
			break
		}
		lines = append(lines, s)
	}
	return importer.Template(translate(l, "import.template.sheet"), func(f importer.Field) string { return translate(l, "import.field."+string(f)) },
		translate(l, "import.template.help"), lines)
}

func (s *Server) importTemplateGet(w http.ResponseWriter, r *http.Request) {
	b, err := importTemplate(lang(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	sendXLSX(w, "mau-nhap-nhan-su.xlsx", b)
}

// sendXLSX writes a workbook as a download.
func sendXLSX(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename=%q`, name))
	w.Header().Set("Cache-Control", "private, no-store")
	io.Copy(w, bytes.NewReader(b))
}

// importView is the data of the import page.
type importView struct {
	Job     *importStatus
	Error   string
	Fields  []importer.Field
	Preview []canbo.ImportRow
	Sheets  []importSheetView
	Shown   []importProblemView // the problems listed on the page (all are in the workbook)
	More    int
	Summary string // the counts, worded
	// Mappings are the caller's saved mapping profiles (the upload form offers them).
	Mappings []*canbo.ImportMapping
}

// importProblemView is a problem with its message in the reader's language.
type importProblemView struct {
	canbo.ImportProblem
	Text string
}

// problemText words a problem in lang.
func problemText(l string, p canbo.ImportProblem) string {
	if p.Key == "" {
		return p.Message
	}
	return canbo.LocalMessage(l, &canbo.Error{Key: p.Key, Args: p.Args, Message: p.Message})
}

type importSheetView struct {
	Index  int
	Layout *importer.Layout
}

// maxListedProblems bounds the problems a page lists; the error workbook has them all.
const maxListedProblems = 500

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	s.renderImport(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, j *importJob, err error) {
	v := importView{Fields: importer.Fields}
	if j == nil {
		ms, merr := s.ImportMappings.ImportMappings(r.Context())
		if merr != nil && err == nil {
			err = merr
		}
		v.Mappings = ms
	}
	if err != nil {
		v.Error = canbo.LocalMessage(lang(r), err)
		if canbo.ErrorCode(err) == canbo.EINTERNAL {
			s.Log.Error("import page", "err", err)
		}
	}
	if j != nil {
		st := j.status()
		v.Job = &st
		for i, l := range st.Layouts {
			v.Sheets = append(v.Sheets, importSheetView{Index: i, Layout: l})
		}
		j.mu.Lock()
		v.Preview = j.rows[:min(importPreviewRows, len(j.rows))]
		j.mu.Unlock()
		l := lang(r)
		for _, p := range st.Problems[:min(len(st.Problems), maxListedProblems)] {
			v.Shown = append(v.Shown, importProblemView{p, problemText(l, p)})
		}
		v.More = len(st.Problems) - len(v.Shown)
		switch res := st.Result; {
		case st.State == importApplied && res != nil:
			v.Summary = locale.Format(l, "import.counts", res.Rows, res.Imported, res.Updated, res.Unchanged)
		case res != nil:
			v.Summary = locale.Format(l, "import.dry_counts", st.Rows, res.Imported, res.Updated, res.Unchanged, st.Errors)
		default:
			v.Summary = locale.Format(l, "import.dry_errors", st.Rows, st.Errors)
		}
	}
	s.render(w, r, status, "import", page{Title: translate(lang(r), "import.title"), Section: "imports", Data: v})
}

func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	j, err := s.readImportUpload(r)
	if err == nil {
		s.imports.add(j, s.Now())
		err = s.startCheck(r.Context(), j)
	}
	if err != nil {
		s.renderImport(w, r, errorStatus(err), nil, err)
		return
	}
	http.Redirect(w, r, "/imports/"+j.id, http.StatusSeeOther)
}

func (s *Server) importJobPage(w http.ResponseWriter, r *http.Request) {
	j, err := s.imports.get(r, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderImport(w, r, http.StatusOK, j, nil)
}

// importProgress answers the page's polling: the progress bar while the job runs; when it has
// finished, htmx reloads the page to show the outcome.
func (s *Server) importProgress(w http.ResponseWriter, r *http.Request) {
	j, err := s.imports.get(r, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	st := j.status()
	if st.State != importChecking && st.State != importApplying {
		w.Header().Set("HX-Refresh", "true")
	}
	s.renderFragment(w, http.StatusOK, "import-progress", map[string]any{"Lang": lang(r), "Job": st})
}

func (s *Server) importMapping(w http.ResponseWriter, r *http.Request) {
	j, err := s.imports.get(r, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, canbo.Invalid("mapping", "err.web.import.field", ""))
		return
	}
	err = j.setMapping(r)
	if err == nil {
		err = s.saveMapping(r, j)
	}
	if err == nil {
		err = s.startCheck(r.Context(), j)
	}
	if err != nil {
		s.renderImport(w, r, errorStatus(err), j, err)
		return
	}
	http.Redirect(w, r, "/imports/"+j.id, http.StatusSeeOther)
}

func (s *Server) importApply(w http.ResponseWriter, r *http.Request) {
	j, err := s.imports.get(r, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.startApply(r.Context(), j); err != nil {
		s.renderImport(w, r, errorStatus(err), j, err)
		return
	}
	http.Redirect(w, r, "/imports/"+j.id, http.StatusSeeOther)
}

func (s *Server) importErrors(w http.ResponseWriter, r *http.Request) {
	j, err := s.imports.get(r, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	b, err := s.errorWorkbook(r, j)
	if err != nil {
		s.error(w, r, err)
		return
	}
	name := strings.TrimSuffix(strings.TrimSuffix(j.file, ".xlsx"), ".csv")
	sendXLSX(w, name+"-loi.xlsx", b)
}

// errorStatus is the HTTP status of an error shown on a page rather than by s.error.
func errorStatus(err error) int {
	if st, ok := statusOf[canbo.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// isImportUpload tells the body limit which requests carry a spreadsheet.
func isImportUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && (r.URL.Path == "/imports" || r.URL.Path == "/api/v1/imports")
}
