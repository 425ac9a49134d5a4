package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"canbo"
)

// TestBrowserRegulations: from the "Văn bản, quy định" menu an officer registers a ward's
// regulation that implements Kết luận 14-KL/TW, then issues its replacement from the
// document's page (the form arrives with the old one selected as replaced), and sees both
// states: on a day before the replacement takes effect the first is in force, on a day after it
// the second is, and the first shows as replaced.
func TestBrowserRegulations(t *testing.T) {
	b := newBrowser(t)
	hcmc := b.env.unitByCode(t, codeHCMC, reformDay)
	tag := "mã" + strconv.FormatInt(time.Now().UnixNano()%1_000_000, 10)
	b.login("van.ban")
	b.open("/")
	b.submit(`nav.modules a[href^="/regulations"]`)
	b.waitVisible("form#reg-filter")
	b.submit("a#reg-new")
	b.waitVisible("form#reg-form")
	fill := func(fields map[string]string) {
		for css, v := range fields {
			b.setField(css, v)
		}
	}
	// The issuing unit is chosen by its official code in the unit picker, not typed as an id.
	b.pickUnit("issuer", codeHCMC, hcmc.Name, hcmc.ID)
	fill(map[string]string{"#number": "03/2024/QĐ-UBND", "#kind": "quy_dinh", "#title": "Quy định khuyến khích cán bộ năng động, sáng tạo " + tag,
		"#signed_on": "2024-03-01", "#effective_from": "2024-03-15",
		"#central_number_0": "14-KL/TW", "#central_issuer_0": "Bộ Chính trị", "#central_date_0": "2021-09-22",
		"#body": "Điều 1. Phạm vi\nĐiều 2. Đối tượng"})
	b.submit("#reg-save")
	b.waitVisible("#reg-saved")
	first := strings.TrimPrefix(b.location(), "/regulations/")
	first, _, _ = strings.Cut(first, "?")
	if got := b.text("#reg-status"); got != "Còn hiệu lực" {
		t.Errorf("status on its effective day: %q", got)
	}
	if got := b.text("#reg-implements"); !strings.Contains(got, "14-KL/TW") || !strings.Contains(got, "Bộ Chính trị") {
		t.Errorf("implements: %q", got)
	}
	// Supersede it: the form comes with the old document selected as replaced.
	b.submit("a#reg-supersede")
	b.waitVisible("form#reg-form")
	if got := b.value("#replaces"); got != first {
		t.Fatalf("replaces preselected %q, want %s", got, first)
	}
	if got, id := b.value("#issuer"), b.value("#issuer-id"); got != hcmc.Name || id != strconv.FormatInt(hcmc.ID, 10) {
		t.Errorf("issuer preselected %q (#%s), want %s", got, id, hcmc.Name)
	}
	fill(map[string]string{"#number": "11/2025/QĐ-UBND", "#kind": "quy_dinh", "#title": "Quy định khuyến khích (thay thế) " + tag,
		"#signed_on": "2025-06-20", "#effective_from": "2025-07-01"})
	b.submit("#reg-save")
	b.waitVisible("#reg-saved")
	// A replacement dated before the document it replaces is refused, naming the field.
	b.open("/regulations/new?replaces=" + first + "&unit=" + strconv.FormatInt(hcmc.ID, 10))
	b.expectFailedLoad(422, "/regulations")
	fill(map[string]string{"#number": "01/2023/QĐ-UBND", "#title": "Sai ngày " + tag, "#signed_on": "2023-01-01", "#effective_from": "2023-01-02"})
	if status := b.submit("#reg-save"); status != 422 {
		t.Errorf("a replacement effective before the replaced one: status %d", status)
	}
	if got := b.eval("#form-error", `[document.querySelector(%s).dataset.field]`); len(got) != 1 || got[0] != "replaces" {
		t.Errorf("error field %q: %s", got, b.text("#form-error"))
	}
	// Both states, on two days.
	for _, c := range []struct{ on, want string }{{"2025-06-30", "03/2024/QĐ-UBND"}, {"2025-07-01", "11/2025/QĐ-UBND"}} {
		b.open("/regulations?q=" + tag)
		b.setField("#in_force_on", c.on)
		b.submit("#reg-show")
		b.waitVisible("table#regulations")
		rows := b.texts("table#regulations tbody tr")
		if len(rows) != 1 || !strings.HasPrefix(rows[0], c.want) || !strings.Contains(rows[0], "Còn hiệu lực") {
			t.Errorf("in force on %s: %q, want only %s", c.on, rows, c.want)
		}
	}
	b.open(fmt.Sprintf("/regulations/%s?as_of=2025-07-01", first))
	if got := b.text("#reg-status"); got != "Đã bị thay thế" {
		t.Errorf("the first document on 1/7/2025: %q", got)
	}
	b.open(fmt.Sprintf("/regulations/%s?as_of=2025-06-30", first))
	if got := b.text("#reg-status"); got != "Còn hiệu lực" {
		t.Errorf("the first document on 30/6/2025: %q", got)
	}
	// Its history names the replacement, still upcoming on 30/6/2025.
	if got := b.eval("#reg-history li", `Array.from(document.querySelectorAll(%s), e => e.dataset.key)`); strings.Join(got, ",") != "reg.hist.signed,reg.hist.effective,reg.hist.replacedby" {
		t.Errorf("history %q", got)
	}
	// A correction of its text from the edit page: the form arrives filled, the new text is a
	// second version, and the history shows it.
	b.submit("a#reg-edit")
	b.waitVisible("form#reg-form")
	if got := b.value("#central_number_0"); got != "14-KL/TW" {
		t.Errorf("edit form's central document %q", got)
	}
	if got := b.value("#issuer"); got != hcmc.Name {
		t.Errorf("edit form's issuer %q", got)
	}
	b.setField("#body", "Điều 1. Phạm vi điều chỉnh\nĐiều 2. Đối tượng")
	b.submit("#reg-save")
	b.waitVisible("#reg-saved")
	if got := b.eval("#reg-history li", `Array.from(document.querySelectorAll(%s), e => e.dataset.key)`); !strings.Contains(strings.Join(got, ","), "reg.hist.version") {
		t.Errorf("history after the correction %q", got)
	}
	if got := b.texts("#version-2 .diff-add"); len(got) != 1 || !strings.Contains(got[0], "Phạm vi điều chỉnh") {
		t.Errorf("diff of version 2: %q", got)
	}
	// The list links its Excel export with the same filter.
	b.open("/regulations?q=" + tag)
	if got := b.eval("#reg-export", `[document.querySelector(%s).getAttribute("href")]`); len(got) != 1 || !strings.HasPrefix(got[0], "/regulations/export.xlsx?") || !strings.Contains(got[0], "q=") {
		t.Errorf("export link %q", got)
	}
}

// TestBrowserGoodModel: an officer records a good model choosing the unit by its code, opens
// it, attaches a photo that shows on the page and a report, then reviews and publishes it; the
// page links the bundle for the Propaganda Commission.
func TestBrowserGoodModel(t *testing.T) {
	b := newBrowser(t)
	hcmc := b.env.unitByCode(t, codeHCMC, reformDay)
	tag := "mh" + strconv.FormatInt(time.Now().UnixNano()%1_000_000, 10)
	b.login("mo.hinh")
	b.open("/good-models")
	b.waitVisible("form#model-form")
	b.pickUnit("unit", codeHCMC, hcmc.Name, hcmc.ID)
	b.setField("#title", "Chợ không tiền mặt "+tag)
	b.setField("#description", "Thanh toán số tại chợ truyền thống")
	b.submit("#model-save")
	b.open("/good-models?q=" + tag)
	b.submit("table#good-models tbody tr td strong a")
	b.waitVisible("form#model-file-form")
	dir := t.TempDir()
	photo := filepath.Join(dir, "quay-thanh-toan.png")
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 64, 48))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, img.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	b.setField("#file-kind", "photo")
	b.setField("#file-caption", "Quầy thanh toán")
	b.do("choose the photo", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{photo}))
	if got := b.submit("#model-file-save"); got != http.StatusOK {
		t.Fatalf("photo upload: status %d", got)
	}
	b.waitVisible("#model-photos img")
	if got := b.eval("#model-photos img", `[String(document.querySelector(%s).naturalWidth)]`); len(got) != 1 || got[0] != "64" {
		t.Errorf("the photo does not show: naturalWidth %q", got)
	}
	report := filepath.Join(dir, "bao-cao.pdf")
	if err := os.WriteFile(report, []byte("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.setField("#file-kind", "document")
	b.do("choose the report", chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{report}))
	if got := b.submit("#model-file-save"); got != http.StatusOK {
		t.Fatalf("report upload: status %d", got)
	}
	b.waitText(`//ul[@id="model-documents"]`, "a", "bao-cao.pdf")
	b.open("/good-models?q=" + tag)
	b.submit(`table#good-models form[action$="/review"] button`)
	b.open("/good-models?q=" + tag)
	b.submit(`table#good-models form[action$="/publish"] button`)
	b.open("/good-models?q=" + tag)
	if got := b.eval("table#good-models tbody tr", `[document.querySelector(%s).dataset.status]`); len(got) != 1 || got[0] != "published" {
		t.Errorf("status after publishing %q", got)
	}
	if got := b.eval("#model-bundle", `[document.querySelector(%s).getAttribute("href")]`); len(got) != 1 || got[0] != "/good-models/bundle.zip" {
		t.Errorf("bundle link %q", got)
	}
}

// TestBrowserProposal runs an innovation proposal from receipt to the protection outcome
// through the pages: the meeting deadline counts over Tết, the proposer's own vote is refused
// with the field named, a tie goes the head's way, and each step appears in the record.
func TestBrowserProposal(t *testing.T) {
	b := newBrowser(t)
	hcmc := b.env.unitByCode(t, codeHCMC, reformDay)
	sys := canbo.SystemContext(t.Context())
	var ids []string
	for _, given := range []string{"Đề", "Một", "Hai", "Ba", "Bốn"} {
		p := &canbo.Person{FamilyName: "Phan", MiddleName: "Sáng", GivenName: given, Sex: canbo.Male, BirthDate: "1975-01-01"}
		if err := b.env.db.CreatePerson(sys, p, &canbo.Post{UnitID: hcmc.ID, Title: "Phó Giám đốc", From: "2020-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, strconv.FormatInt(p.ID, 10))
	}
	b.login("de.xuat")
	b.open("/proposals")
	b.submit("a#prop-new")
	b.waitVisible("form#prop-form")
	b.pickUnit("unit", codeHCMC, hcmc.Name, hcmc.ID)
	for css, v := range map[string]string{"#person_id": ids[0],
		"#title": "Thí điểm một cửa số", "#received_on": "2026-02-13", "#need": "Hồ sơ tồn đọng"} {
		b.setField(css, v)
	}
	b.submit("#prop-save")
	b.waitVisible("#prop-saved")
	if got := b.text("#due-meeting"); got != "03/03/2026" {
		t.Errorf("meeting deadline %q, want 03/03/2026 (Tết 16–20/2/2026 off)", got)
	}
	meet := func(on, f, a, voters, head string) int64 {
		for css, v := range map[string]string{"#m-on": on, "#m-for": f, "#m-against": a, "#m-voters": voters, "#m-head": head} {
			b.setField(css, v)
		}
		return b.submit("#meeting-save")
	}
	self, _, _ := strings.Cut(b.location(), "?")
	b.expectFailedLoad(422, self+"/meeting")
	if status := meet("2026-02-24", "3", "0", ids[0]+","+ids[1]+","+ids[2], ""); status != 422 {
		t.Errorf("the proposer's vote: status %d", status)
	}
	if got := b.eval("#form-error", `[document.querySelector(%s).dataset.field]`); len(got) != 1 || got[0] != "voters" {
		t.Errorf("error field %q", got)
	}
	if status := meet("2026-02-24", "2", "2", strings.Join(ids[1:], ","), "for"); status != 200 {
		t.Fatalf("meeting: status %d", status)
	}
	if got := b.text("#prop-status"); got != "Được thông qua" {
		t.Errorf("after a tie the head voted for: %q", got)
	}
	step := func(kind, on string, extra map[string]string) {
		b.setField("#s-step", kind)
		b.setField("#s-on", on)
		for css, v := range extra {
			b.setField(css, v)
		}
		if status := b.submit("#step-save"); status != 200 {
			t.Fatalf("%s: status %d: %s", kind, status, b.text("main"))
		}
	}
	step("milestone", "2026-04-01", map[string]string{"#s-note": "Xong 50%"})
	step("finished", "2026-04-24", nil)
	if got := b.text("#due-report"); got != "06/05/2026" {
		t.Errorf("report deadline %q, want 06/05/2026", got)
	}
	step("report", "2026-05-04", nil)
	step("evaluation", "2026-05-12", map[string]string{"#s-achieved": "yes", "#s-damage": "no"})
	step("outcome", "2026-05-20", map[string]string{"#s-outcome": "no_liability"})
	if got := b.text("#prop-status"); got != "Đã có kết quả bảo vệ" {
		t.Errorf("final status %q", got)
	}
	if got := b.eval("#prop-steps tbody tr", `Array.from(document.querySelectorAll(%s), e => e.dataset.step)`); strings.Join(got, ",") != "meeting,milestone,finished,report,evaluation,outcome" {
		t.Errorf("steps %q", got)
	}
}
