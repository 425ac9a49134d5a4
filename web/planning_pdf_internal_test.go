package web

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"canbo"
)

// TestBallotPDF reads the ballot PDF back with pdftotext: the Vietnamese names come out whole,
// in the order given.
func TestBallotPDF(t *testing.T) {
	c := &canbo.Congress{UnitName: "Đảng bộ phường Sài Gòn", Term: "2025-2030", Date: time.Date(2025, 7, 22, 0, 0, 0, 0, time.UTC)}
	ballot := []canbo.CongressCandidate{{FullName: "Lạc Minh Ân", BirthDate: "1985-07-07"}, {FullName: "Kiều Văn Bảo", BirthDate: "1983"}, {FullName: "Vương Thị Yến", BirthDate: "1986-02"}}
	var buf bytes.Buffer
	if err := writeBallotPDF(&buf, c, ballot); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:8])
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (scripts/test.sh installs it)")
	}
	file := filepath.Join(t.TempDir(), "ballot.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	last := -1
	for _, n := range []string{"Lạc Minh Ân", "Kiều Văn Bảo", "Vương Thị Yến", "PHIẾU BẦU CỬ", "07/1985"} {
		if !strings.Contains(text, n) {
			t.Errorf("%q missing from:\n%s", n, text)
		}
	}
	for _, n := range []string{"Lạc Minh Ân", "Kiều Văn Bảo", "Vương Thị Yến"} {
		i := strings.Index(text, n)
		if i < last {
			t.Errorf("%s out of order", n)
		}
		last = i
	}
}
