package web_test

import (
	"context"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// The security features as a person meets them in the browser: the second factor at login,
// sessions that end when idle, too old or logged out, and forms posted from another site. The
// HTTP-level tests of the same features are in web_test.go; these add what only a browser
// does: its cookie jar, its history, and the Origin and Sec-Fetch-Site headers it sends.

// Messages of the server the tests look for.
const (
	msgTOTPRefused = "Mã xác thực không đúng hoặc đã được dùng."
	msgCrossOrigin = "Yêu cầu từ trang web khác bị từ chối."
)

// TestBrowserTOTPLogin is an administrator's first login, with the enrolment of the second
// factor, and the logins after it, where a code is asked for and accepted once.
func TestBrowserTOTPLogin(t *testing.T) {
	b := newBrowser(t)
	user := b.env.newAdmin(t, "hai.buoc")
	var secret string
	var enrolCode string // the code that enrolled the second factor, spent

	b.expectFailedLoad(http.StatusUnauthorized, "/login/totp")

	t.Run("the first login shows a new secret as a QR code and as text", func(t *testing.T) {
		b := b.in(t)
		b.open("/login")
		b.enterPassword(user)
		if got := b.location(); got != "/login/totp?next=%2F" {
			t.Fatalf("after the password at %s, want /login/totp?next=%%2F", got)
		}
		b.waitVisible("#totp-secret")
		secret = b.text("#totp-secret")
		if secret == "" || strings.Trim(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
			t.Fatalf("TOTP secret on the page: %q, want base32", secret)
		}
		b.checkQR()
	})
	if secret == "" {
		t.FailNow()
	}

	t.Run("a wrong code keeps the enrolment on screen", func(t *testing.T) {
		b := b.in(t)
		if got := b.enterCode(wrongCode(t, secret, b.env.now())); got != http.StatusUnauthorized {
			t.Fatalf("status: got %d, want %d", got, http.StatusUnauthorized)
		}
		b.waitVisible(`section.login .error[role=alert]`)
		if got := b.text(`section.login .error[role=alert]`); got != msgTOTPRefused {
			t.Errorf("error: got %q, want %q", got, msgTOTPRefused)
		}
		// The person may not have scanned the code yet: the page must still show it.
		if got := b.text("#totp-secret"); got != secret {
			t.Errorf("secret after a wrong code: got %q, want the same %q", got, secret)
		}
		b.checkQR()
	})

	t.Run("the enrolment code signs in", func(t *testing.T) {
		b := b.in(t)
		enrolCode = b.code(secret)
		if got := b.enterCode(enrolCode); got != http.StatusOK {
			t.Fatalf("enrolment code: status %d", got)
		}
		if got := b.location(); !strings.HasPrefix(got, "/org") {
			t.Fatalf("after the enrolment at %s, want /org", got)
		}
		b.waitVisible(`header form[action="/logout"]`)
		if got := b.text("header .who span"); got != user {
			t.Errorf("signed in as %q, want %q", got, user)
		}
	})
	if enrolCode == "" {
		t.FailNow()
	}

	// secondLogin logs out and enters the password again, up to the page asking for the code.
	secondLogin := func(b *browser) {
		b.t.Helper()
		b.logout()
		b.enterPassword(user)
		if got := b.location(); got != "/login/totp?next=%2F" {
			b.t.Fatalf("after the password at %s, want /login/totp?next=%%2F", got)
		}
		b.waitVisible("#code")
	}
	// refused submits a code that must be refused, and checks that the page asks again.
	refused := func(b *browser, code string) {
		b.t.Helper()
		// Fatal: a page that is not the refusal has no error to wait for.
		if got := b.enterCode(code); got != http.StatusUnauthorized {
			b.t.Fatalf("status: got %d, want %d", got, http.StatusUnauthorized)
		}
		if got := b.location(); got != "/login/totp" {
			b.t.Errorf("after a refused code at %s, want /login/totp", got)
		}
		b.waitVisible(`section.login .error[role=alert]`)
		if got := b.text(`section.login .error[role=alert]`); got != msgTOTPRefused {
			b.t.Errorf("error: got %q, want %q", got, msgTOTPRefused)
		}
		b.noEnrolment()
	}

	t.Run("the next login asks for a code only", func(t *testing.T) {
		b := b.in(t)
		secondLogin(b)
		b.noEnrolment()
	})

	t.Run("a wrong code is refused", func(t *testing.T) {
		refused(b.in(t), wrongCode(t, secret, b.env.now()))
	})

	t.Run("the enrolment code cannot be used again", func(t *testing.T) {
		// The server's clock has not moved since the enrolment, and only seconds passed, so
		// the code is still within the step of clock skew allowed: only the record of its use
		// can refuse it.
		refused(b.in(t), enrolCode)
	})

	var used string
	t.Run("the code of a later time step signs in", func(t *testing.T) {
		b := b.in(t)
		b.env.clock.advance(totpPeriod)
		used = b.code(secret)
		if got := b.enterCode(used); got != http.StatusOK {
			t.Fatalf("status %d", got)
		}
		if got := b.location(); !strings.HasPrefix(got, "/org") {
			t.Fatalf("after the code at %s, want /org", got)
		}
		b.waitVisible(`header form[action="/logout"]`)
	})

	t.Run("a code that signed in cannot sign in again", func(t *testing.T) {
		if used == "" {
			t.Skip("no code signed in")
		}
		b := b.in(t)
		secondLogin(b) // the clock stays in the code's step, or the next
		refused(b, used)
	})
}

// checkQR checks that the TOTP page on screen shows the QR code of the secret to enrol: a PNG
// in a data: URL (the CSP allows no other image source but the server's own) that the browser
// decoded.
func (b *browser) checkQR() {
	b.t.Helper()
	const qr = `section.login img[alt="QR"]`
	if b.count(qr) == 0 {
		b.t.Errorf("no QR code on the enrolment page")
		return
	}
	loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](fmt.Sprintf(
		`(i => i.complete && i.naturalWidth > 0 && i.src.startsWith("data:image/png;base64,"))(document.querySelector(%q))`, qr)))
	if err != nil || !loaded {
		b.t.Errorf("QR code image: loaded %v (%v), want a decoded PNG data: URL", loaded, err)
	}
}

// noEnrolment checks that the TOTP page on screen asks for a code without offering a new
// secret: an enrolled account must not be able to replace its second factor at login.
func (b *browser) noEnrolment() {
	b.t.Helper()
	for _, css := range []string{"#totp-secret", "section.login img", `input[name="secret"]`} {
		if n := b.count(css); n != 0 {
			b.t.Errorf("the TOTP page of an enrolled account shows %s", css)
		}
	}
	b.waitVisible("#code")
}

// wrongCode returns a well-formed code that is not the secret's around the time.
func wrongCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	var valid []string
	for d := -2; d <= 2; d++ {
		c, err := totp.GenerateCode(secret, at.Add(time.Duration(d)*totpPeriod))
		if err != nil {
			t.Fatal(err)
		}
		valid = append(valid, c)
	}
	for n := 0; ; n++ {
		if c := fmt.Sprintf("%06d", n); !slices.Contains(valid, c) {
			return c
		}
	}
}

// TestBrowserIdleTimeout: a session left alone for more than 15 minutes ends, and so does one
// kept busy for more than 12 hours; either way the next page is the login, which leads back to
// where the user was going.
func TestBrowserIdleTimeout(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	hcmc := e.unitByCode(t, codeHCMC, reformDay)
	acct := b.login("tam.nghi")
	orgPage := "/org?h=territory&as_of=" + reformDay
	link := fmt.Sprintf(`li.node[data-unit="%d"] > a`, hcmc.ID)

	t.Run("idle for 16 minutes, a click leads to the login and back", func(t *testing.T) {
		b := b.in(t)
		b.open(orgPage)
		b.waitVisible(link)
		href := b.attr(link, "href")
		e.clock.advance(16 * time.Minute)
		if got := b.submit(link); got != http.StatusOK {
			t.Fatalf("click %s: status %d", href, got)
		}
		b.signedOut(href)
		if b.sessionCookie() != "" {
			t.Errorf("the expired session's cookie is still in the browser")
		}
		b.signIn(acct)
		if got := b.location(); got != href {
			t.Fatalf("after signing in again at %s, want %s", got, href)
		}
		b.waitVisible("article.unit h1")
		if got := b.text("article.unit h1"); got != nameHCMC {
			t.Errorf("unit page heading: got %q, want %q", got, nameHCMC)
		}
	})

	t.Run("idle for 16 minutes, expanding the tree leads to the login and back", func(t *testing.T) {
		b := b.in(t)
		b.open(orgPage)
		toggle := fmt.Sprintf(`li.node[data-unit="%d"] > button.toggle`, hcmc.ID)
		b.waitVisible(toggle)
		fragment := b.attr(toggle, "hx-get")
		// htmx asks for the children; the server answers 401 with HX-Redirect, and htmx
		// follows it.
		b.expectFailedLoad(http.StatusUnauthorized, fragment)
		e.clock.advance(16 * time.Minute)
		// Were the session still alive, htmx would swap the children in and no page would
		// load: the wait is bounded, to fail rather than wait for the test's deadline.
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		defer cancel()
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(toggle)))
		if err != nil {
			t.Fatalf("expand %s: no page loaded: %v", fragment, err)
		}
		if resp.Status != http.StatusOK {
			t.Fatalf("expand: status %d", resp.Status)
		}
		// Back to the page, not to the fragment htmx asked for: a bare list of units is no
		// page to land on.
		b.signedOut(orgPage)
		b.signIn(acct)
		if got := b.location(); got != orgPage {
			t.Fatalf("after signing in again at %s, want %s", got, orgPage)
		}
		b.waitVisible("ul#tree > li.node")
	})

	t.Run("a session ends 12 hours after login however busy", func(t *testing.T) {
		b := b.in(t)
		// Signed in since the last subtest: /login would lead straight on (issue 10), so sign
		// out first for a new session, which starts at the password.
		b.logout()
		b.open("/login?next=" + url.QueryEscape(orgPage))
		b.signIn(acct)
		if got := b.location(); got != orgPage {
			t.Fatalf("after login at %s, want %s", got, orgPage)
		}
		// A request from the page every ten minutes, 71 times: the last is 11 h 50 min 30 s
		// after the password (the 30 s are signIn's move to the next TOTP step), each within
		// the idle timeout of the one before. A request from the page's script is as good as a
		// page for keeping the session alive, and much quicker than loading one.
		for i := 1; i <= 71; i++ {
			e.clock.advance(10 * time.Minute)
			if got := b.fetchStatus("/api/v1/kinds"); got != http.StatusOK {
				t.Fatalf("request %d, %v after the password: status %d, want 200 (still signed in)",
					i, time.Duration(i)*10*time.Minute+totpPeriod, got)
			}
		}
		if got := b.location(); got != orgPage {
			t.Fatalf("page after the requests: %s, want still %s", got, orgPage)
		}
		// 11 minutes more is 12 h 1 min 30 s after the password, and within the idle timeout
		// since the last request.
		e.clock.advance(11 * time.Minute)
		b.open(orgPage)
		b.signedOut(orgPage)
	})
}

// fetchStatus requests a path of the server from the page on screen, with the browser's
// cookies, as a script of the page would; it returns the status.
func (b *browser) fetchStatus(path string) int {
	b.t.Helper()
	status, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](
		fmt.Sprintf(`fetch(%q, {redirect: "manual"}).then(r => r.status)`, path), chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("fetch %s: %v", path, err)
	}
	return status
}

// attr returns an attribute of the first element matching the CSS selector.
func (b *browser) attr(css, name string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.AttributeValue(chromedp.CSS(css), name))
	if err != nil || !v.Exists {
		b.t.Fatalf("attribute %s of %s: exists %v, %v", name, css, v.Exists, err)
	}
	return v.Value
}

// TestBrowserLogout: logging out ends the session on the server, not just the cookie in the
// browser.
func TestBrowserLogout(t *testing.T) {
	b := newBrowser(t)
	b.login("dang.xuat")
	orgPage := "/org?h=territory&as_of=" + reformDay
	b.open(orgPage)
	b.waitVisible("ul#tree > li.node")
	old := b.sessionCookie()
	if old == "" {
		t.Fatal("no session cookie while signed in")
	}
	if code, loc := replay(t, b.env.URL+"/org", old); code != http.StatusOK {
		t.Fatalf("the session cookie replayed outside the browser while signed in: status %d (→ %s), want 200", code, loc)
	}

	b.logout()
	if b.sessionCookie() != "" {
		t.Errorf("the session cookie is still in the browser after logout")
	}

	t.Run("the back button shows the login page", func(t *testing.T) {
		b := b.in(t)
		b.do("go back", chromedp.NavigateBack())
		b.signedOut(orgPage)
	})

	t.Run("the org page shows the login page", func(t *testing.T) {
		b := b.in(t)
		b.open("/org")
		b.signedOut("/org")
	})

	t.Run("the old cookie replayed gets the login page", func(t *testing.T) {
		code, loc := replay(t, b.env.URL+"/org", old)
		if want := "/login?next=%2Forg"; code != http.StatusSeeOther || loc != want {
			t.Errorf("GET /org with the old session cookie: %d → %q, want %d → %q", code, loc, http.StatusSeeOther, want)
		}
	})
}

// replay GETs a URL outside the browser with a session cookie and without following
// redirects; it returns the status and the redirect's target.
func replay(t *testing.T, u, session string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: "canbo_session", Value: session})
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}

// TestBrowserCrossSiteFormRefused: a page of another site, opened in the browser of a signed-in
// user, posts forms to canbo: a restructuring event and a logout. Both are refused, and nothing
// changes.
func TestBrowserCrossSiteFormRefused(t *testing.T) {
	b := newBrowser(t)
	e := b.env
	b.login("lien.trang")
	orgPage := "/org?h=territory&as_of=" + reformDay
	session := b.sessionCookie()

	const renameDay = "2026-03-01"
	saigon := e.unitByCode(t, codeSaiGon, renameDay)
	before := len(e.history(t, saigon.ID, renameDay))

	// The other site's page: forms a person is lured into submitting, which need no script.
	page := template.Must(template.New("").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Quà tặng</title></head>
<body>
<form method="post" action="{{.}}/org/events">
  <input type="hidden" name="kind" value="rename">
  <input type="hidden" name="h" value="territory">
  <input type="hidden" name="date" value="01/03/2026">
  <input type="hidden" name="doc_number" value="1/GIA-MAO">
  <input type="hidden" name="unit" value="` + codeSaiGon + `">
  <input type="hidden" name="name" value="Phường Giả Mạo">
  <button type="submit" id="rename">Nhận quà</button>
</form>
<form method="post" action="{{.}}/logout"><button type="submit" id="logout">Đăng xuất hộ</button></form>
</body></html>`))
	other := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := page.Execute(w, e.URL); err != nil {
			t.Errorf("other site's page: %v", err)
		}
	})

	for _, site := range []struct {
		name string
		host string // where the other site listens
		// The Sec-Fetch-Site the browser sends, and whether it sends the session cookie
		// (SameSite=Lax withholds it from a cross-site POST).
		fetchSite string
		cookie    bool
	}{
		// Another port of the same host is the same site but another origin: the browser sends
		// the session cookie, so only the origin check stands between the form and the data.
		{"another port of the same host", "127.0.0.1", "same-site", true},
		{"another site", "127.0.0.2", "cross-site", false},
	} {
		t.Run(site.name, func(t *testing.T) {
			b := b.in(t)
			ln, err := net.Listen("tcp", net.JoinHostPort(site.host, "0"))
			if err != nil {
				t.Fatalf("listen on %s: %v", site.host, err)
			}
			ts := httptest.NewUnstartedServer(other)
			ts.Listener.Close()
			ts.Listener = ln
			ts.Start()
			defer ts.Close()

			t.Run("a restructuring event is refused", func(t *testing.T) {
				b := b.in(t)
				b.visit(ts.URL + "/")
				b.expectFailedLoad(http.StatusForbidden, "/org/events")
				status := b.submit("#rename")
				if got := len(e.history(t, saigon.ID, renameDay)); got != before {
					t.Errorf("history of %s: got %d events, want %d", nameSaiGon, got, before)
				}
				if got := e.unitByCode(t, codeSaiGon, renameDay).Name; got != nameSaiGon {
					t.Errorf("name of %s on %s: got %q", codeSaiGon, renameDay, got)
				}
				if status != http.StatusForbidden {
					t.Fatalf("status: got %d, want %d", status, http.StatusForbidden)
				}
				b.refusedAs(ts.URL, "/org/events", site.fetchSite, site.cookie)
			})

			t.Run("a logout is refused", func(t *testing.T) {
				b := b.in(t)
				b.visit(ts.URL + "/")
				b.expectFailedLoad(http.StatusForbidden, "/logout")
				if got := b.submit("#logout"); got != http.StatusForbidden {
					t.Fatalf("status: got %d, want %d", got, http.StatusForbidden)
				}
				b.refusedAs(ts.URL, "/logout", site.fetchSite, site.cookie)
				if got := b.sessionCookie(); got != session {
					t.Errorf("session cookie after the other site's logout: changed")
				}
				b.open(orgPage)
				if got := b.location(); got != orgPage {
					t.Fatalf("after the other site's logout at %s, want still signed in at %s", got, orgPage)
				}
				b.waitVisible(`header form[action="/logout"]`)
			})
		})
	}
}

// refusedAs checks that the page on screen is canbo's refusal of a POST of path from the other
// site, and that the request the browser sent is the one meant: from that origin, with the
// Sec-Fetch-Site and, or not, the session cookie.
func (b *browser) refusedAs(origin, path, fetchSite string, cookie bool) {
	b.t.Helper()
	if got := b.location(); got != path {
		b.t.Errorf("page: got %s, want %s", got, path)
	}
	b.waitVisible("main .error[role=alert]")
	if got := b.text("main .error[role=alert]"); got != msgCrossOrigin {
		b.t.Errorf("refusal: got %q, want %q", got, msgCrossOrigin)
	}
	posts := b.env.seen(http.MethodPost, path)
	if len(posts) == 0 {
		b.t.Fatalf("no POST %s reached the server", path)
	}
	r := posts[len(posts)-1]
	if r.origin != origin || r.fetchSite != fetchSite || r.session != cookie {
		b.t.Errorf("POST %s came with Origin %q, Sec-Fetch-Site %q, session cookie %v; want %q, %q, %v",
			path, r.origin, r.fetchSite, r.session, origin, fetchSite, cookie)
	}
}
