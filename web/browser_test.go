package web_test

import (
	"bytes"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The browser tests drive the real UI in headless Chromium against a server over the real
// administrative units: they catch what handler tests cannot — htmx wiring, the as-of form,
// redirects after POST, and scripts or styles the Content-Security-Policy would block. The
// harness is in browsertest_helpers_test.go.

// Ho Chi Minh City and two of its wards, by official code.
const (
	codeHCMC    = "79"
	codeSaiGon  = "26740" // Phường Sài Gòn from 1 Jul 2025; Phường Bến Nghé before
	nameSaiGon  = "Phường Sài Gòn"
	nameQuan1   = "Quận 1"
	nameHCMC    = "Thành phố Hồ Chí Minh"
	beforeDay   = "2025-06-30" // the last day of districts
	reformDay   = "2025-07-01" // the first day of the two-level local government
	mergeDay    = "2026-01-01" // the test's own merge, after the reform
	mergeDocNum = "99/NQ-THU"
)

// TestBrowserOrganization is the organization officer's day: browse the territory on two
// dates either side of the 2025 reform, then record a merge of two wards through the form,
// with a preview, and find it in both wards' histories. A merge with an unknown source must be
// refused in Vietnamese and change nothing.
func TestBrowserOrganization(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	hcmcBefore := e.unitByCode(t, codeHCMC, beforeDay)
	hcmcAfter := e.unitByCode(t, codeHCMC, reformDay)

	b.login("tochuc.hcm")
	b.open("/org?h=territory")
	b.waitVisible("ul#tree > li.node")

	t.Run("before the reform the city has districts", func(t *testing.T) {
		b := b.in(t)
		b.setAsOf(beforeDay)
		children := b.expand(hcmcBefore.ID)
		if !slices.Contains(children, nameQuan1) {
			t.Errorf("children of %s on %s: %q is missing from %q", nameHCMC, beforeDay, nameQuan1, children)
		}
	})

	t.Run("from the reform the city has wards directly", func(t *testing.T) {
		b := b.in(t)
		b.setAsOf(reformDay)
		children := b.expand(hcmcAfter.ID)
		if !slices.Contains(children, nameSaiGon) {
			t.Errorf("children of %s on %s: %q is missing from %d units", nameHCMC, reformDay, nameSaiGon, len(children))
		}
		if slices.Contains(children, nameQuan1) {
			t.Errorf("children of %s on %s include %q, which ended on %s", nameHCMC, reformDay, nameQuan1, beforeDay)
		}
		if got, want := len(children), 168; got != want {
			t.Errorf("children of %s on %s: got %d, want %d", nameHCMC, reformDay, got, want)
		}
	})

	// The two wards of the merge: Phường Sài Gòn receives another ward of the city.
	target := e.unitByCode(t, codeSaiGon, mergeDay)
	var source browserUnit
	for _, u := range e.units(t, url.Values{"under": {fmt.Sprint(hcmcAfter.ID)}, "tier": {"commune"},
		"as_of": {mergeDay}, "limit": {"5"}}) {
		if u.ID != target.ID {
			source = u
			break
		}
	}
	if source.ID == 0 {
		t.Fatalf("no ward of %s besides %s on %s", nameHCMC, nameSaiGon, mergeDay)
	}

	// fillMerge fills the merge form for merging sources into Phường Sài Gòn.
	fillMerge := func(t *testing.T, sources string) {
		t.Helper()
		b := b.in(t)
		b.open("/org/events/new?kind=merge&h=territory&as_of=" + mergeDay)
		b.waitVisible("form#event-form")
		if got, want := b.value("#date"), "01/01/2026"; got != want {
			t.Errorf("date prefilled from as-of: got %q, want %q", got, want)
		}
		for _, f := range []struct{ id, value string }{
			{"#date", "01/01/2026"},
			{"#doc_number", mergeDocNum},
			{"#doc_date", "15/12/2025"},
			{"#doc_issuer", "Ủy ban Thường vụ Quốc hội"},
			{"#sources", sources},
			{"#target", codeSaiGon},
			{"#note", "Kiểm thử trình duyệt."},
		} {
			b.setField(f.id, f.value)
		}
	}

	t.Run("a merge with an unknown source is refused and writes nothing", func(t *testing.T) {
		b := b.in(t)
		before := len(e.history(t, target.ID, mergeDay))
		fillMerge(t, "99999999")
		b.expectFailedLoad(http.StatusUnprocessableEntity, "/org/events")
		if got, want := b.submit("#save-button"), int64(http.StatusUnprocessableEntity); got != want {
			t.Errorf("status: got %d, want %d", got, want)
		}
		b.waitVisible("#form-error")
		msg := b.text("#form-error")
		if !strings.Contains(msg, "99999999") || !strings.Contains(msg, "Không có đơn vị") {
			t.Errorf("form error %q: want the Vietnamese message naming the unknown code", msg)
		}
		if got := b.value("#sources"); !strings.Contains(got, "99999999") {
			t.Errorf("sources after the error: got %q, want what was typed kept", got)
		}
		if got := len(e.history(t, target.ID, mergeDay)); got != before {
			t.Errorf("history of %s after a refused merge: got %d events, want %d", nameSaiGon, got, before)
		}
	})

	t.Run("merge two wards", func(t *testing.T) {
		b := b.in(t)
		fillMerge(t, source.Code)

		b.do("preview", chromedp.Click(chromedp.CSS("#preview-button")))
		b.waitVisible("#preview section.preview li")
		listed := b.ownTexts("#preview section.preview li")
		if !slices.Contains(listed, nameSaiGon) {
			t.Errorf("preview: the receiving unit %q is missing from %d units", nameSaiGon, len(listed))
		}
		if slices.Contains(listed, source.Name) {
			t.Errorf("preview still lists the merged ward %q", source.Name)
		}
		if got := b.texts("#preview section.preview h4"); !slices.Contains(got, nameHCMC) {
			t.Errorf("preview parents: got %q, want %q among them", got, nameHCMC)
		}
		before := len(e.history(t, target.ID, mergeDay))

		if got := b.submit("#save-button"); got != http.StatusOK {
			t.Fatalf("save: status %d", got)
		}
		if got, want := b.location(), fmt.Sprintf("/org/units/%d?as_of=%s", target.ID, mergeDay); !strings.HasPrefix(got, want) {
			t.Errorf("after saving at %s, want %s", got, want)
		}
		after := e.history(t, target.ID, mergeDay)
		if got := len(after); got != before+1 {
			t.Fatalf("history of %s after the merge: got %d events, want %d", nameSaiGon, got, before+1)
		}
		// The API lists events oldest first, so the saved merge is the last one.
		if got := after[len(after)-1]; got.Kind != "merge" || got.Date != mergeDay || got.Document.Number != mergeDocNum {
			t.Errorf("saved event: got %s on %s with document %q, want merge on %s with %q",
				got.Kind, got.Date, got.Document.Number, mergeDay, mergeDocNum)
		}
		b.checkMergeShown(nameSaiGon, "li.predecessor", source.Name)

		// The merged ward no longer exists on 2 Jan 2026; its page shows its last day, history
		// included.
		b.open(fmt.Sprintf("/org/units/%d?as_of=2026-01-02", source.ID))
		b.checkMergeShown(source.Name, "li.successor", nameSaiGon)
		b.waitVisible("div.notice")
	})
}

// checkMergeShown checks that the unit page on screen is the unit's and that its history has
// the test's merge, naming the other unit in the given role.
func (b *browser) checkMergeShown(unit, role, other string) {
	b.t.Helper()
	b.waitVisible("article.unit h1")
	if got := b.text("article.unit h1"); got != unit {
		b.t.Errorf("unit page heading: got %q, want %q", got, unit)
	}
	event := `ol#history li.event[data-kind="merge"]`
	b.waitVisible(event)
	// The reform's own merges are in the history too: find the test's by its document.
	found := false
	for _, ev := range b.texts(event) {
		if strings.Contains(ev, mergeDocNum) {
			found = true
			break
		}
	}
	if !found {
		b.t.Errorf("history of %s: no merge with document %s in %q", unit, mergeDocNum, b.texts(event))
	}
	if got := b.texts(event + " " + role + " a"); !slices.Contains(got, other) {
		b.t.Errorf("history of %s: merges name %q as %s, want %q among them", unit, got, role, other)
	}
}

// TestBrowserSearchAndLanguage checks the accent-free search and the switch to English.
func TestBrowserSearchAndLanguage(t *testing.T) {
	b := newBrowser(t)
	b.login("tran.thi.b")
	b.open("/org?h=territory&as_of=" + beforeDay)
	b.waitVisible("input#q")

	t.Run("search without accents", func(t *testing.T) {
		b := b.in(t)
		b.do("type a query", chromedp.SendKeys(chromedp.CSS("input#q"), "ben nghe"))
		// Typing fires a request per pause; wait for the answer to the whole query.
		b.waitText(`//div[@id="search-results"]//ul[contains(@class,"results")]`, "li/a", "Phường Bến Nghé")
	})

	t.Run("switch to English", func(t *testing.T) {
		b := b.in(t)
		if got := b.text("nav.modules a[aria-current=page]"); got != "Tổ chức bộ máy" {
			t.Errorf("nav in Vietnamese: got %q", got)
		}
		if got := b.submit("form.lang button"); got != http.StatusOK {
			t.Fatalf("switch language: status %d", got)
		}
		b.waitVisible("nav.modules")
		if got, want := b.text("nav.modules a[aria-current=page]"), "Organization"; got != want {
			t.Errorf("nav in English: got %q, want %q", got, want)
		}
		if got := b.location(); !strings.HasPrefix(got, "/org?") {
			t.Errorf("after switching language the page is %s, want the org page again", got)
		}
	})
}

// TestBrowserScreenshots renders the unit page of Ho Chi Minh City and the org browser at
// 1366×768, the smallest screen the offices use. With CANBO_SCREENSHOT_DIR set it writes the
// PNGs there for the README and for eyes; otherwise it only checks that they are real images
// of that size.
func TestBrowserScreenshots(t *testing.T) {
	b := newBrowser(t)
	hcmc := b.env.unitByCode(t, codeHCMC, reformDay)
	b.login("nguyen.van.a")

	shots := []struct {
		file string
		show func(b *browser)
	}{
		// The README shows the unit page: tree, facts and restructuring history at once.
		{"screenshot.png", func(b *browser) {
			b.open(fmt.Sprintf("/org/units/%d?as_of=%s", hcmc.ID, reformDay))
			b.waitVisible("ol#history li.event")
		}},
		{"screenshot-org.png", func(b *browser) {
			b.open("/org?h=territory&as_of=" + reformDay)
			b.expand(hcmc.ID)
		}},
	}
	dir := os.Getenv("CANBO_SCREENSHOT_DIR")
	for _, s := range shots {
		t.Run(s.file, func(t *testing.T) {
			b := b.in(t)
			s.show(b)
			buf := b.screenshot()
			img, err := png.Decode(bytes.NewReader(buf))
			if err != nil {
				t.Fatalf("screenshot is not a PNG: %v", err)
			}
			if got := img.Bounds().Size(); got.X != 1366 || got.Y != 768 {
				t.Errorf("screenshot size: got %v, want 1366×768", got)
			}
			if dir == "" {
				return
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, s.file), buf, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
