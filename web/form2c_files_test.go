package web_test

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// pdfText extracts the text of a PDF with poppler, as a reader of the file would see it.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CANBO_REQUIRE_DOCTOOLS") != "" {
			t.Fatal("pdftotext is required (CANBO_REQUIRE_DOCTOOLS) but not installed")
		}
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// TestForm2CFiles: the form of a person comes as PDF and DOCX in either variant; a reader
// without the identity grant finds the withheld mark, never the number; out of scope is not
// found; a bad variant or format is refused naming the field; the list's batch is a zip with
// one form per person.
func TestForm2CFiles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		const identity = "079065001234"
		p := f.addPerson(f.adminTok, `{"family_name":"Nguyễn","middle_name":"Phước","given_name":"Lộc","sex":"male","birth_date":"1965-09-02","identity_number":"`+identity+`"}`, f.w1)
		f.addPerson(f.adminTok, `{"family_name":"Lê","middle_name":"Thị","given_name":"Ánh","sex":"female","birth_date":"1988-02-03"}`, f.w1)
		id := strconv.FormatInt(p.ID, 10)
		plain := f.grantedUser("plain", canbo.RoleViewer, []int64{f.w1})
		trusted := f.grantedUser("trusted", canbo.RoleViewer, []int64{f.w1}, canbo.GrantIdentity)
		elsewhere := f.grantedUser("elsewhere", canbo.RoleViewer, []int64{f.w2}, canbo.GrantIdentity)

		get := func(tok, path string) (int, string, []byte) {
			t.Helper()
			code, h, b := f.do(tok, "GET", path, "", nil)
			return code, h.Get("Content-Type"), b
		}
		code, ct, b := get(trusted, "/api/v1/people/"+id+"/forms/2c?variant=bnv&format=pdf&as_of=2026-01-15")
		if code != 200 || ct != "application/pdf" || !bytes.HasPrefix(b, []byte("%PDF")) {
			t.Fatalf("pdf: %d %s %.100s", code, ct, b)
		}
		text := pdfText(t, b)
		for _, want := range []string{"SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC", "NGUYỄN PHƯỚC LỘC", "02/09/1965", identity, "Chuyên viên, Phường Bến Nghé", "ngày 15 tháng 01 năm 2026"} {
			if !strings.Contains(text, want) {
				t.Errorf("the trusted reader's PDF lacks %q:\n%s", want, text)
			}
		}
		_, _, b = get(plain, "/people/"+id+"/forms/2c?variant=tctw")
		text = pdfText(t, b)
		if strings.Contains(text, identity) || !strings.Contains(text, "không được xem") || !strings.Contains(text, "SƠ YẾU LÝ LỊCH CÁN BỘ") {
			t.Errorf("a reader without the identity grant: %s", text)
		}

		code, ct, b = get(trusted, "/api/v1/people/"+id+"/forms/2c?format=docx")
		if code != 200 || !strings.Contains(ct, "wordprocessingml") {
			t.Fatalf("docx: %d %s", code, ct)
		}
		if z, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err != nil || len(z.File) < 4 {
			t.Errorf("docx is not a package: %v", err)
		}

		if code, _, _ := get(elsewhere, "/api/v1/people/"+id+"/forms/2c"); code != 404 {
			t.Errorf("out of scope: %d, want 404", code)
		}
		for _, q := range []string{"variant=x", "format=odt", "as_of=31/02/2026"} {
			code, _, b := get(trusted, "/api/v1/people/"+id+"/forms/2c?"+q)
			if code != 400 {
				t.Errorf("%s: %d, want 400", q, code)
			}
			if field := strings.Split(q, "=")[0]; !strings.Contains(string(b), field) {
				t.Errorf("%s: the answer does not name %s: %s", q, field, b)
			}
		}

		code, ct, b = get(trusted, "/people/forms-2c.zip?under="+strconv.FormatInt(f.w1, 10))
		if code != 200 || ct != "application/zip" {
			t.Fatalf("batch: %d %s %.200s", code, ct, b)
		}
		z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		if len(z.File) != 2 {
			t.Errorf("batch holds %d files, want 2", len(z.File))
		}
	})
}
