package programme

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"canbo"
)

func zipWith(t *testing.T, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, n := range []string{"[Content_Types].xml", name} {
		w, err := z.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSniffEvidence(t *testing.T) {
	for _, c := range []struct {
		name string
		b    []byte
		want string // "" for refused
	}{
		{"pdf", []byte("%PDF-1.7\n..."), PDF},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, JPEG},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), PNG},
		{"doc", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, OLE},
		{"docx", zipWith(t, "word/document.xml"), DOCX},
		{"xlsx", zipWith(t, "xl/workbook.xml"), XLSX},
		{"plain text", []byte("Biên bản họp ngày 12/3"), Text},
		{"zip of something else", zipWith(t, "payload.exe"), ""},
		{"html", []byte("<!doctype html><script>alert(1)</script>"), ""},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ""},
		{"binary", []byte{0x7f, 'E', 'L', 'F', 0, 1}, ""},
		{"empty", nil, ""},
		{"too large", append([]byte("%PDF-"), make([]byte, canbo.MaxEvidenceBytes)...), ""},
	} {
		got, err := SniffEvidence(c.b)
		if got != c.want || (c.want == "") != (err != nil) {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
		if err != nil && (canbo.ErrorField(err) != "file" || canbo.ErrorMessage(err) == "") {
			t.Errorf("%s: error %v does not name the file", c.name, err)
		}
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\a\Biên bản "họp".pdf`: "Biên bản họp.pdf",
		"../../etc/passwd":              "passwd",
		"a\r\nb.pdf":                    "ab.pdf",
		"":                              "minh-chung",
		strings.Repeat("x", 300):        strings.Repeat("x", 200),
	} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}
