package web

import (
	"net/http"
	"strconv"
)

// fileIDs reads the owner's id and the file's id from a file route (…/{id}/files/{file}).
func fileIDs(r *http.Request) (owner, file int64, err error) {
	if owner, err = idParam(r.PathValue("id")); err != nil {
		return 0, 0, err
	}
	file, err = idParam(r.PathValue("file"))
	return owner, file, err
}

// sendStoredFile answers with a stored upload: always an attachment of the type recognised on
// upload, sandboxed, never rendered as a page of this site.
func sendStoredFile(w http.ResponseWriter, name, contentType string, data []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Content-Disposition", attachment(name))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Write(data)
}
