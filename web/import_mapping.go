package web

import (
	"net/http"
	"strings"

	"canbo"
	"canbo/importer"
)

// Mapping profiles on the import pages (docs/DESIGN.md "Importing people"): an upload gets the
// profile the user chose, or else their latest profile saved for the same headers; the mapping
// form saves the mapping under a name; the upload page lists the profiles with a delete button.

// chooseMapping applies a profile to a new upload's layouts and returns its name ("" for
// none): the one named in the form's "mapping" field (refused if the caller has none of that
// name, or if it names none of the file's headers), else the caller's latest profile whose
// signature is that of one of the file's sheets.
func (s *Server) chooseMapping(r *http.Request, layouts []*importer.Layout) (string, error) {
	ms, err := s.ImportMappings.ImportMappings(r.Context())
	if err != nil {
		return "", err
	}
	want := strings.TrimSpace(r.FormValue("mapping"))
	var m *canbo.ImportMapping
	for _, x := range ms {
		if want != "" && x.Name == want || want == "" && m == nil && signed(layouts, x.Signature) {
			m = x
		}
	}
	switch {
	case m == nil && want != "":
		return "", canbo.Invalid("mapping", "err.web.import.mapping_unknown", want)
	case m == nil:
		return "", nil
	}
	n := 0
	for _, l := range layouts {
		n += l.ApplyProfile(m.Columns)
	}
	if n == 0 {
		return "", canbo.Invalid("mapping", "err.web.import.mapping_none", m.Name)
	}
	return m.Name, nil
}

// signed reports whether one of the layouts has the signature.
func signed(layouts []*importer.Layout, sig string) bool {
	for _, l := range layouts {
		if l.Signature() == sig {
			return true
		}
	}
	return false
}

// saveMapping stores the job's mapping (its first sheet's, which a profile applies to every
// sheet by header) under the name the mapping form gives, if it gives one.
func (s *Server) saveMapping(r *http.Request, j *importJob) error {
	name := strings.TrimSpace(r.FormValue("mapping_name"))
	if name == "" {
		return nil
	}
	j.mu.Lock()
	l := j.layouts[0]
	m := &canbo.ImportMapping{Name: name, Signature: l.Signature(), Columns: l.Profile()}
	j.mu.Unlock()
	if err := s.ImportMappings.SaveImportMapping(r.Context(), m); err != nil {
		return err
	}
	j.mu.Lock()
	j.profile = m.Name
	j.mu.Unlock()
	return nil
}

// importMappingDelete removes one of the caller's profiles from the upload page.
func (s *Server) importMappingDelete(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err == nil {
		err = s.ImportMappings.DeleteImportMapping(r.Context(), id)
	}
	if err != nil {
		s.renderImport(w, r, errorStatus(err), nil, err)
		return
	}
	http.Redirect(w, r, "/imports", http.StatusSeeOther)
}
