package programme

import (
	"archive/zip"
	"bytes"
	"path"
	"strings"
	"unicode/utf8"

	"canbo"
)

// Evidence content types canbo accepts: what commissions file as evidence of a product (signed
// decisions as PDF or scans, reports in Word or Excel). Anything else is refused, so that no
// executable or HTML is ever served back from the store.
const (
	PDF  = "application/pdf"
	JPEG = "image/jpeg"
	PNG  = "image/png"
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	OLE  = "application/x-ole-storage" // .doc, .xls of older Office
	Text = "text/plain; charset=utf-8"
)

// SniffEvidence recognises an evidence file's type from its bytes (never from its name or the
// type the browser declared) and refuses what is not on the list, or is empty or too large.
// Office Open XML files are zip archives; which one is told by the part they hold.
func SniffEvidence(b []byte) (string, error) {
	switch {
	case len(b) == 0:
		return "", canbo.Invalid("file", "err.programme.evidence.empty")
	case len(b) > canbo.MaxEvidenceBytes:
		return "", canbo.Invalid("file", "err.programme.evidence.too_big", canbo.MaxEvidenceBytes>>20)
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return PDF, nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG, nil
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, nil
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return OLE, nil
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		if t := officeType(b); t != "" {
			return t, nil
		}
	case utf8.Valid(b) && !bytes.ContainsAny(b, "\x00<"):
		// Plain text, but never anything a browser could take for markup.
		return Text, nil
	}
	return "", canbo.Invalid("file", "err.programme.evidence.type")
}

// officeType tells an Office Open XML document by its main part.
func officeType(b []byte) string {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return ""
	}
	for _, f := range z.File {
		switch {
		case strings.HasPrefix(f.Name, "word/"):
			return DOCX
		case strings.HasPrefix(f.Name, "xl/"):
			return XLSX
		case strings.HasPrefix(f.Name, "ppt/"):
			return PPTX
		}
	}
	return ""
}

// FileName cleans an uploaded file's name for storage and for Content-Disposition: the base
// name only, without control characters or quotes, at most 200 characters.
func FileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "" {
		name = "minh-chung"
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	return name
}
