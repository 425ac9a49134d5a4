package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"unicode/utf8"

	"canbo"
)

// decode reads a JSON body strictly: unknown fields and trailing data are errors that name
// what is wrong.
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return canbo.Errork(canbo.EINVALID, "err.web.json.too_big", mbe.Limit)
		}
		return canbo.Errork(canbo.EINVALID, "err.web.json.read", err)
	}
	// encoding/json would replace every invalid byte by U+FFFD without a word, storing a name
	// nobody typed; refuse instead, naming where it is.
	if !utf8.Valid(body) {
		n := 0
		for n < len(body) {
			r, size := utf8.DecodeRune(body[n:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			n += size
		}
		return canbo.Errork(canbo.EINVALID, "err.web.json.utf8", n+1)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return canbo.Errork(canbo.EINVALID, "err.web.json.invalid", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return canbo.Errork(canbo.EINVALID, "err.web.json.trailing")
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}
