package form2c_test

import (
	"archive/zip"
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/form2c"
)

var update = flag.Bool("update", false, "rewrite the golden page images in testdata/")

// Secret values of every sensitive class: a reader without the grant must find none of them in
// either file.
var secrets = map[string]string{
	canbo.GrantIdentity:   "079165001234",
	canbo.GrantBackground: "Kinh-BÍ-MẬT",
	canbo.GrantHealth:     "O-BÍ-MẬT",
	canbo.GrantFamily:     "Trần Thị Bí Mật",
	canbo.GrantDiscipline: "Khiển trách bí mật",
}

// sample is a full record, as the store returns it to reader (redacted per grant).
func sample(reader *canbo.User) form2c.Input {
	p := &canbo.Person{ID: 7, FullName: "Nguyễn Thị Thu Hằng", OtherNames: "Hằng", Sex: canbo.Female, BirthDate: "1975-03-12",
		BirthPlace: "Phường Bến Thành, Quận 1, TP. Hồ Chí Minh", HomeTown: "Xã Đức Hòa, tỉnh Long An", Residence: "12 Lê Lợi, Phường Sài Gòn",
		Phone: "0903 123 456", StaffType: canbo.StaffType("civil_servant"), StaffCode: "CC-0042",
		Education: canbo.Education{General: "12/12", Professional: "Thạc sĩ", Field: "Quản lý công", PoliticalTheory: "Cao cấp",
			StateManagement: "Chuyên viên chính", Languages: "Tiếng Anh B1", IT: "Ứng dụng CNTT cơ bản"},
		IdentityNumber: secrets[canbo.GrantIdentity], Ethnicity: secrets[canbo.GrantBackground], Religion: "Không", Health: "Tốt",
		Form2C: canbo.Form2C{RecruitedOn: "1998-07-01", RecruitingAgency: "UBND Quận 1", OccupationBefore: "Giáo viên",
			PermanentResidence: "12 Lê Lợi", Allowances: "Phụ cấp chức vụ 0,4", YouthUnionOn: "1990-03-26", MassOrg: "Hội Liên hiệp Phụ nữ",
			Titles: "Chiến sĩ thi đua cơ sở", Strengths: "Tổ chức cán bộ", AgencyAssessment: "Hoàn thành tốt nhiệm vụ",
			SocialInsurance: "7901234567", Height: "158", Weight: "52", BloodType: secrets[canbo.GrantHealth],
			PoliticalHistory: "Không bị bắt, không làm việc trong chế độ cũ", PolicyFamily: "Con liệt sĩ", SpouseFamily: "Cha vợ: hưu trí"}}
	entries := []canbo.Entry{
		{Kind: canbo.EntrySalary, From: "2019-07-01", Title: "Chuyên viên chính", Details: map[string]string{canbo.DetailGrade: "01.002", canbo.DetailStep: "3", canbo.DetailCoefficient: "5,08"}},
		{Kind: canbo.EntryTraining, From: "2010-09-01", To: "2012-06-30", Title: "Học viện Hành chính Quốc gia", Details: map[string]string{canbo.DetailField: "Quản lý công", canbo.DetailMode: "Tại chức", canbo.DetailDegree: "Thạc sĩ"}},
		{Kind: canbo.EntryReward, From: "2022-12-20", Title: "Bằng khen của UBND Thành phố", Details: map[string]string{canbo.DetailAuthority: "UBND TP"}},
		{Kind: canbo.EntryDiscipline, From: "2016-05-02", Title: secrets[canbo.GrantDiscipline], Details: map[string]string{canbo.DetailLevel: "khiển trách", canbo.DetailAuthority: "Quận ủy"}},
		{Kind: canbo.EntryFamily, Title: secrets[canbo.GrantFamily], Details: map[string]string{canbo.DetailRelation: "Mẹ", canbo.DetailBirthYear: "1950", canbo.DetailHomeTown: "Long An"}},
	}
	posts := []canbo.Post{
		{UnitName: "UBND Quận 1", Title: "Chuyên viên", Primary: true, From: "1998-07-01", To: "2015-01-01"},
		{UnitName: "Ban Tổ chức Thành ủy", Title: "Phó Trưởng phòng", Primary: true, From: "2015-01-01"},
	}
	p.Redact(reader)
	var visible []canbo.Entry
	for _, e := range entries {
		if c := canbo.EntryClass(e.Kind); c == "" || reader.Can(c) {
			visible = append(visible, e)
		}
	}
	return form2c.Input{Person: p, Posts: posts, Entries: visible, Reader: reader,
		Party:     &canbo.Membership{AdmittedOn: "2003-05-19", FullOn: "2004-05-19"},
		AsOf:      time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Governing: "Thành ủy Thành phố Hồ Chí Minh", Unit: "Ban Tổ chức Thành ủy", Province: "Thành phố Hồ Chí Minh",
		Photo: portrait()}
}

// portrait is a small JPEG that is clearly not blank: a dark figure on a light ground.
func portrait() []byte {
	m := image.NewRGBA(image.Rect(0, 0, 120, 160))
	for y := range 160 {
		for x := range 120 {
			c := color.RGBA{230, 235, 245, 255}
			if (x-60)*(x-60)+(y-60)*(y-60) < 900 || (y > 100 && x > 25 && x < 95) {
				c = color.RGBA{40, 50, 70, 255}
			}
			m.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, m, &jpeg.Options{Quality: 90})
	return b.Bytes()
}

var (
	everyone = &canbo.User{Role: canbo.RoleViewer, Grants: canbo.GrantClasses}
	nobody   = &canbo.User{Role: canbo.RoleViewer}
)

// labels are the item and table labels of a form in print order.
func labels(d form2c.Doc) []string {
	var out []string
	for _, bl := range d.Blocks {
		if bl.Item != nil {
			out = append(out, bl.Item.Label)
		} else {
			out = append(out, bl.Table.Title)
		}
	}
	return out
}

// inOrder checks that every label appears in text, each after the one before. Whitespace is
// folded first: a PDF or a converted DOCX wraps lines wherever the page ends.
func inOrder(t *testing.T, what, text string, want []string) {
	t.Helper()
	text = fold(text)
	at := 0
	for _, w := range want {
		i := strings.Index(text[at:], fold(w))
		if i < 0 {
			t.Errorf("%s: %q missing after byte %d (or out of order)", what, w, at)
			continue
		}
		at += i + len(fold(w))
	}
}

var space = regexp.MustCompile(`\s+`)

func fold(s string) string { return space.ReplaceAllString(s, "") }

// TestOrderOfItems: both variants number their items in increasing order, each label once,
// and the BNV form has its 32 items (15 in six parts).
func TestOrderOfItems(t *testing.T) {
	for _, v := range []form2c.Variant{form2c.BNV, form2c.TCTW} {
		d := form2c.Build(sample(everyone), v)
		seen, last := map[string]bool{}, 0
		for _, bl := range d.Blocks {
			no := ""
			if bl.Item != nil {
				no = bl.Item.No
			} else {
				no = bl.Table.No
			}
			if no == "" {
				continue
			}
			n := 0
			for _, r := range no {
				if r < '0' || r > '9' {
					break
				}
				n = n*10 + int(r-'0')
			}
			if n < last || seen[no] {
				t.Errorf("%s: item %q after %d", v, no, last)
			}
			seen[no], last = true, n
		}
		if v == form2c.BNV && last != 32 {
			t.Errorf("BNV ends at item %d, want 32", last)
		}
	}
}

// TestWithheldNeverBlank: a reader without grants sees "withheld" where a sensitive value
// stands, and none of the values themselves.
func TestWithheldNeverBlank(t *testing.T) {
	d := form2c.Build(sample(nobody), form2c.BNV)
	text := strings.Join(d.Text(), "\n")
	for class, v := range secrets {
		if strings.Contains(text, v) {
			t.Errorf("class %s: %q in the form of a reader without the grant", class, v)
		}
	}
	if n := strings.Count(text, form2c.Withheld); n < 8 {
		t.Errorf("%d withheld marks, want at least 8:\n%s", n, text)
	}
	full := strings.Join(form2c.Build(sample(everyone), form2c.BNV).Text(), "\n")
	if strings.Contains(full, form2c.Withheld) {
		t.Errorf("a reader with every grant sees a withheld mark:\n%s", full)
	}
}

// tool finds a program the file checks need: poppler's pdftotext and pdftoppm, LibreOffice.
// scripts/test.sh installs them and sets CANBO_REQUIRE_DOCTOOLS, so a missing one fails there.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CANBO_REQUIRE_DOCTOOLS") != "" {
			t.Fatalf("%s is required (CANBO_REQUIRE_DOCTOOLS) but not installed", name)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

func write(t *testing.T, dir, name string, fn func(io.Writer, form2c.Doc) error, d form2c.Doc) string {
	t.Helper()
	path := filepath.Join(dir, name)
	var b bytes.Buffer
	if err := fn(&b, d); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command(tool(t, "pdftotext"), "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", path, err, out)
	}
	return string(out)
}

// TestPDFText: the text poppler extracts holds every label in the official order, the values,
// and for a reader without grants none of the secrets.
func TestPDFText(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []form2c.Variant{form2c.BNV, form2c.TCTW} {
		d := form2c.Build(sample(everyone), v)
		text := pdfText(t, write(t, dir, string(v)+".pdf", form2c.WritePDF, d))
		inOrder(t, string(v)+".pdf", text, append([]string{d.Title}, labels(d)...))
		for _, want := range []string{"NGUYỄN THỊ THU HẰNG", "Ban Tổ chức Thành ủy", "01.002", "Tại chức", secrets[canbo.GrantFamily]} {
			if !strings.Contains(fold(text), fold(want)) {
				t.Errorf("%s: %q missing", v, want)
			}
		}
		hidden := pdfText(t, write(t, dir, string(v)+"-nobody.pdf", form2c.WritePDF, form2c.Build(sample(nobody), v)))
		for class, s := range secrets {
			if strings.Contains(fold(hidden), fold(s)) {
				t.Errorf("%s: %s value %q in the PDF of a reader without the grant", v, class, s)
			}
		}
		if !strings.Contains(fold(hidden), fold(form2c.Withheld)) {
			t.Errorf("%s: no withheld mark in the PDF of a reader without grants", v)
		}
	}
}

// docxText is the text of word/document.xml, paragraphs on their own lines.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			x, _ := io.ReadAll(r)
			s := regexp.MustCompile(`</w:p>`).ReplaceAllString(string(x), "\n")
			return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(s, "")
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// TestDOCXOpensInLibreOffice: LibreOffice converts the DOCX without error, and the converted
// document holds every label in order; the package itself holds no secret for a reader
// without grants.
func TestDOCXOpensInLibreOffice(t *testing.T) {
	soffice := tool(t, "soffice")
	dir := t.TempDir()
	for _, v := range []form2c.Variant{form2c.BNV, form2c.TCTW} {
		d := form2c.Build(sample(everyone), v)
		path := write(t, dir, string(v)+".docx", form2c.WriteDOCX, d)
		cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"),
			"--convert-to", "pdf", "--outdir", dir, path)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice %s: %v\n%s", path, err, out)
		}
		text := pdfText(t, strings.TrimSuffix(path, ".docx")+".pdf")
		inOrder(t, string(v)+".docx", text, append([]string{d.Title}, labels(d)...))

		var b bytes.Buffer
		if err := form2c.WriteDOCX(&b, form2c.Build(sample(nobody), v)); err != nil {
			t.Fatal(err)
		}
		x := docxText(t, b.Bytes())
		for class, s := range secrets {
			if strings.Contains(x, s) {
				t.Errorf("%s: %s value %q in the DOCX of a reader without the grant", v, class, s)
			}
		}
	}
}

// TestPDFLooksTheSame renders the first page of each variant and compares it with the golden
// image in testdata/ (run with -update after a deliberate change of layout and look at the
// new images). The tolerance absorbs anti-aliasing differences, not a moved block: a shifted
// line of text changes several percent of the pixels.
func TestPDFLooksTheSame(t *testing.T) {
	pdftoppm := tool(t, "pdftoppm")
	dir := t.TempDir()
	for _, v := range []form2c.Variant{form2c.BNV, form2c.TCTW} {
		path := write(t, dir, string(v)+".pdf", form2c.WritePDF, form2c.Build(sample(everyone), v))
		out := filepath.Join(dir, string(v))
		if b, err := exec.Command(pdftoppm, "-png", "-r", "40", "-gray", "-f", "1", "-l", "1", "-singlefile", path, out).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, b)
		}
		got := readPNG(t, out+".png")
		golden := filepath.Join("testdata", string(v)+"-page1.png")
		if *update {
			b, _ := os.ReadFile(out + ".png")
			if err := os.WriteFile(golden, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want := readPNG(t, golden)
		if got.Bounds() != want.Bounds() {
			t.Fatalf("%s: page is %v, golden %v", v, got.Bounds(), want.Bounds())
		}
		differ, total := 0, 0
		for y := got.Bounds().Min.Y; y < got.Bounds().Max.Y; y++ {
			for x := got.Bounds().Min.X; x < got.Bounds().Max.X; x++ {
				a, _, _, _ := got.At(x, y).RGBA()
				b, _, _, _ := want.At(x, y).RGBA()
				if d := int(a>>8) - int(b>>8); d > 64 || d < -64 {
					differ++
				}
				total++
			}
		}
		if frac := float64(differ) / float64(total); frac > 0.005 {
			t.Errorf("%s: %.2f%% of the first page differs from %s", v, 100*frac, golden)
		}
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
