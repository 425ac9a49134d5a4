package web

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
)

// maxModelFileBody caps a good model's file upload: the file and a multipart envelope.
const maxModelFileBody = canbo.MaxModelFileBytes + 64<<10

// isModelFileUpload tells limitBody to allow a file's size on the upload routes of good models.
func isModelFileUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/files") &&
		(strings.HasPrefix(r.URL.Path, "/good-models/") || strings.HasPrefix(r.URL.Path, "/api/v1/good-models/"))
}

// readModelFile reads an upload up to the limit, naming the limit when it is passed.
func readModelFile(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, canbo.MaxModelFileBytes+1))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || len(b) > canbo.MaxModelFileBytes {
		return nil, canbo.Invalid("file", "err.sqlstore.goodmodel_files.size", canbo.MaxModelFileBytes>>20)
	}
	return b, err
}

// goodModelFileForm stores the file of the model page's upload form (fields kind, caption,
// file), then shows the model again.
func (s *Server) goodModelFileForm(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	err = s.saveModelFilePart(r, id)
	if err != nil {
		if code := canbo.ErrorCode(err); code == canbo.EINVALID || code == canbo.ECONFLICT {
			s.goodModelShow(w, r, id, http.StatusUnprocessableEntity, err)
			return
		}
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/good-models/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) saveModelFilePart(r *http.Request, id int64) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return canbo.Invalid("file", "err.web.goodmodels_files.form")
	}
	f := &canbo.ModelFile{ModelID: id}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return canbo.Invalid("file", "err.web.goodmodels_files.none")
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return canbo.Invalid("file", "err.sqlstore.goodmodel_files.size", canbo.MaxModelFileBytes>>20)
		} else if err != nil {
			return canbo.Invalid("file", "err.web.goodmodels_files.form")
		}
		switch part.FormName() {
		case "kind", "caption":
			b, err := io.ReadAll(io.LimitReader(part, 4<<10))
			if err != nil {
				return canbo.Invalid("file", "err.web.goodmodels_files.form")
			}
			if part.FormName() == "kind" {
				f.Kind = string(b)
			} else {
				f.Caption = string(b)
			}
		case "file":
			// The form puts kind and caption before the file, so they are known by now.
			b, err := readModelFile(part)
			if err != nil {
				return err
			}
			f.Name = part.FileName()
			return s.GoodModels.AddModelFile(r.Context(), f, b)
		}
	}
}

// apiAddModelFile answers POST /api/v1/good-models/{id}/files?kind=&name=&caption=: the body
// is the file.
func (s *Server) apiAddModelFile(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	data, err := readModelFile(r.Body)
	if err != nil {
		s.error(w, r, err)
		return
	}
	q := r.URL.Query()
	f := &canbo.ModelFile{ModelID: id, Kind: q.Get("kind"), Name: q.Get("name"), Caption: q.Get("caption")}
	if err := s.GoodModels.AddModelFile(r.Context(), f, data); err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, f)
}

// modelFileGet serves a good model's file (page and API alike) to a caller who sees the model;
// the store audits the download. Always an attachment with the type recognised on upload,
// never rendered as a page; photos are shown by the model page through the same route.
func (s *Server) modelFileGet(w http.ResponseWriter, r *http.Request) {
	id, fid, err := fileIDs(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f, data, err := s.GoodModels.ModelFile(r.Context(), id, fid)
	if err != nil {
		s.error(w, r, err)
		return
	}
	sendStoredFile(w, f.Name, f.ContentType, data)
}

// goodModelsBundle answers GET /good-models/bundle.zip?q=: the published good models the caller
// sees, as the document bundle for the Propaganda Commission: a workbook listing them, and for
// each a folder with its description and its files. The store audits the export.
func (s *Server) goodModelsBundle(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	list, data, err := s.GoodModels.GoodModelBundle(r.Context(), canbo.GoodModelFilter{Q: q, Status: canbo.ModelPublished})
	if err != nil {
		s.error(w, r, err)
		return
	}
	lng := lang(r)
	var buf bytes.Buffer
	if err := writeModelBundle(&buf, lng, list, data, canbo.UserFromContext(r.Context()).Username, s.Now(), q); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="mo-hinh-hay-`+isoDay(s.Now())+`.zip"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// writeModelBundle writes the bundle's zip: danh-sach.xlsx, then NNN-<title>/mo-ta.txt and the
// model's files, each name prefixed by its id so two files of one name both arrive.
func writeModelBundle(w io.Writer, lng string, list []*canbo.GoodModel, data map[int64][]byte, by string, at time.Time, q string) error {
	z := zip.NewWriter(w)
	var filters []string
	if q != "" {
		filters = append(filters, translate(lng, "reg.search")+": "+q)
	}
	meta := xlsxList{Title: translate(lng, "model.bundle.title"), AsOf: at, Filters: filters, By: by, At: at, Lang: lng}
	for _, c := range []struct {
		key   string
		width float64
	}{{"reg.xlsx.no", 6}, {"model.name", 40}, {"prop.unit", 32}, {"model.description", 60}, {"model.results", 50},
		{"model.evidence", 40}, {"model.published", 14}, {"model.folder", 30}, {"model.files", 10}} {
		meta.Columns = append(meta.Columns, xlsxColumn{Name: translate(lng, c.key), Width: c.width, Wrap: c.width >= 40})
	}
	var rows [][]any
	folders := make([]string, len(list))
	for i, m := range list {
		folders[i] = fmt.Sprintf("%03d-%s", i+1, slug(m.Title))
		rows = append(rows, []any{i + 1, m.Title, m.UnitName, m.Description, m.Results, m.Evidence, m.PublishedOn, folders[i], len(m.Files)})
	}
	xw, err := z.Create("danh-sach.xlsx")
	if err != nil {
		return err
	}
	if err := writeXLSXList(xw, meta, rows); err != nil {
		return err
	}
	for i, m := range list {
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n%s: %s\n%s: %s\n\n%s:\n%s\n\n%s:\n%s\n\n%s:\n%s\n", m.Title, translate(lng, "prop.unit"), m.UnitName,
			translate(lng, "model.published"), fmtDay(m.PublishedOn), translate(lng, "model.description"), m.Description,
			translate(lng, "model.results"), m.Results, translate(lng, "model.evidence"), m.Evidence)
		for _, f := range m.Files {
			if f.Caption != "" {
				fmt.Fprintf(&b, "\n%d-%s: %s", f.ID, f.Name, f.Caption)
			}
		}
		tw, err := z.Create(folders[i] + "/mo-ta.txt")
		if err != nil {
			return err
		}
		if _, err := io.WriteString(tw, b.String()); err != nil {
			return err
		}
		for _, f := range m.Files {
			fw, err := z.Create(folders[i] + "/" + strconv.FormatInt(f.ID, 10) + "-" + path.Base(f.Name))
			if err != nil {
				return err
			}
			if _, err := fw.Write(data[f.ID]); err != nil {
				return err
			}
		}
	}
	return z.Close()
}

// slug makes a folder name from a title: folded to ASCII, words joined by hyphens, at most 60
// characters, so that every unzip tool and mail system keeps it.
func slug(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(vn.Fold(s)) {
		w = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, strings.ToLower(w))
		if w == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
		if b.Len() >= 60 {
			break
		}
	}
	if b.Len() == 0 {
		return "mo-hinh"
	}
	return b.String()
}
