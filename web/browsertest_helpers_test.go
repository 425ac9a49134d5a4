package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"canbo"
	"canbo/adminunits"
	"canbo/auth"
	"canbo/demo"
	"canbo/sqlstore"
	"canbo/web"
)

// browserTimeout bounds each browser test, so a page that never shows what a test waits for
// fails the test instead of hanging the run until go test's global timeout. It bounds a whole
// test of many steps (TestBrowserPeople takes ≈ 20 s on a quiet machine, and ran out of a
// 60 s bound on one loaded to 20): a hang guard, not a speed check.
const browserTimeout = 2 * time.Minute

// browserPassword is the password of every account the browser tests create.
const browserPassword = "mật-khẩu-thử-nghiệm-2025"

// TestMain only tears down what the browser tests share. Another test file of package web_test
// that needs set-up or tear-down should hook in here: Go allows one TestMain per test binary.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared.teardown != nil {
		shared.teardown()
	}
	os.Exit(code)
}

// shared is the seeded database every browser test uses. Importing Vietnam's administrative
// units takes seconds, so it happens once per test binary, and only when a browser test runs.
// Each test gets its own server over it (see serve), so that a test can move its server's
// clock, and provoke its login throttle, without touching another test.
var shared struct {
	once     sync.Once
	seed     *browserSeed
	err      error
	teardown func()
}

// browserSeed is a database holding the real administrative units and the Ho Chi Minh City
// demo trees, with an API token for looking data up.
type browserSeed struct {
	db    *sqlstore.DB
	token string // API bearer token of an administrator

	mu    sync.Mutex
	users map[string]int // accounts created so far by wanted name
}

// browserEnv is a running canbo server over the shared database, with its own clock.
type browserEnv struct {
	*browserSeed
	URL   string
	clock *serverClock

	mu       sync.Mutex
	requests []seenRequest // what reached the server, in order
	log      bytes.Buffer  // what the server logged, shown when the test fails
}

// serverClock is a server's web.Server.Now: the real time plus an offset that the test moves
// forward, to let a session go idle or old, or to reach the next TOTP time step. It is read by
// the server's goroutines while the test moves it, hence the atomic.
type serverClock struct{ offset atomic.Int64 }

func (c *serverClock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// advance moves the clock forward. It never moves back: a TOTP step or a session's last use
// recorded at a later time must stay in the past.
func (c *serverClock) advance(d time.Duration) {
	if d < 0 {
		panic("serverClock: moving back")
	}
	c.offset.Add(int64(d))
}

// now is the time on the test's server clock.
func (e *browserEnv) now() time.Time { return e.clock.now() }

// seenRequest is a request as it reached the server, before any of its middleware.
type seenRequest struct {
	method, uri string
	origin      string // the Origin header
	fetchSite   string // the Sec-Fetch-Site header
	session     bool   // whether it carried a session cookie
}

// seen returns the requests with the method whose path and query are uri, in order.
func (e *browserEnv) seen(method, uri string) []seenRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []seenRequest
	for _, r := range e.requests {
		if r.method == method && r.uri == uri {
			out = append(out, r)
		}
	}
	return out
}

// Write collects the server's log.
func (e *browserEnv) Write(p []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.log.Write(p)
}

// sharedSeed returns the shared database, seeding it on first use. It is called only after
// Chromium was found, so a machine without a browser pays nothing.
func sharedSeed(t *testing.T) *browserSeed {
	t.Helper()
	shared.once.Do(func() {
		start := time.Now()
		shared.seed, shared.err = seedDB()
		t.Logf("browser test database seeded in %v", time.Since(start).Round(time.Millisecond))
	})
	if shared.err != nil {
		t.Fatalf("browser test database: %v", shared.err)
	}
	return shared.seed
}

// seedDB seeds a SQLite database in its own temporary folder (not a test's, which would be
// removed when that test ends). SQLite keeps the browser tests fast; the engines' equivalence
// is the contract tests' business.
func seedDB() (*browserSeed, error) {
	dir, err := os.MkdirTemp("", "canbo-browsertest-")
	if err != nil {
		return nil, err
	}
	var cleanups []func()
	shared.teardown = func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
		os.RemoveAll(dir)
	}
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(dir, "canbo.db"))
	if err != nil {
		return nil, err
	}
	cleanups = append(cleanups, func() { db.Close() })
	if _, err := db.SetAuditDir(filepath.Join(dir, "canbo.db.audit")); err != nil {
		return nil, err
	}

	sys := canbo.SystemContext(ctx)
	if _, err := adminunits.Import(sys, db); err != nil {
		return nil, fmt.Errorf("import administrative units: %w", err)
	}
	if _, err := demo.Trees(sys, db); err != nil {
		return nil, fmt.Errorf("demo trees: %w", err)
	}
	hash, err := auth.HashPassword(browserPassword)
	if err != nil {
		return nil, err
	}
	admin := &canbo.User{Username: "api", Role: canbo.RoleAdmin}
	if err := db.CreateUser(sys, admin, hash); err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	token := auth.NewToken()
	if err := db.CreateToken(sys, auth.TokenHash(token), admin.ID, "browser tests", time.Now()); err != nil {
		return nil, fmt.Errorf("create token: %w", err)
	}
	return &browserSeed{db: db, token: token, users: map[string]int{}}, nil
}

// serve starts a server over the shared database for one test, with a clock of its own
// installed before it serves anything. It records every request, and shows what it logged if
// the test fails.
func serve(t *testing.T, s *browserSeed) *browserEnv {
	t.Helper()
	e := &browserEnv{browserSeed: s, clock: &serverClock{}}
	srv, err := web.New(s.db, slog.New(slog.NewTextHandler(e, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	srv.Now = e.clock.now
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("canbo_session")
		e.mu.Lock()
		e.requests = append(e.requests, seenRequest{method: r.Method, uri: r.URL.RequestURI(),
			origin: r.Header.Get("Origin"), fetchSite: r.Header.Get("Sec-Fetch-Site"), session: err == nil && c.Value != ""})
		e.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		ts.Close()
		if t.Failed() {
			e.mu.Lock()
			defer e.mu.Unlock()
			t.Logf("server log:\n%s", e.log.String())
		}
	})
	e.URL = ts.URL
	return e
}

// newAdmin creates an administrator, named after want, who has not enrolled a second factor
// yet. Each browser signs in as its own account, because a TOTP code is accepted once: two
// tests signing in as one account within the same 30 seconds would have to wait for the next
// code. A name already taken (a test run again with -count) gets a number.
func (s *browserSeed) newAdmin(t *testing.T, want string) string {
	t.Helper()
	name, _ := s.newUser(t, want, canbo.RoleAdmin, nil)
	return name
}

// newUser creates an account of the role and scope, named after want as newAdmin does; it
// returns the name and the account's id.
func (s *browserSeed) newUser(t *testing.T, want string, role canbo.Role, scope []int64) (string, int64) {
	t.Helper()
	s.mu.Lock()
	s.users[want]++
	name := want
	if n := s.users[want]; n > 1 {
		name = fmt.Sprintf("%s%d", want, n)
	}
	s.mu.Unlock()
	hash, err := auth.HashPassword(browserPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &canbo.User{Username: name, Role: role, Scope: scope}
	if err := s.db.CreateUser(canbo.SystemContext(context.Background()), u, hash); err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return name, u.ID
}

// browserUnit is the part of the API's unit the browser tests read.
type browserUnit struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// browserEvent is the part of the API's event the browser tests read.
type browserEvent struct {
	Kind     string `json:"kind"`
	Date     string `json:"date"`
	Document struct {
		Number string `json:"number"`
	} `json:"document"`
}

// api GETs a JSON API path with the administrator's token and decodes the answer into v. The
// tests look data up through the API, not the browser, so that a UI bug cannot hide behind a
// lookup that went through the same UI.
func (e *browserEnv) api(t *testing.T, path string, v any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

// units lists the units the API returns for the query.
func (e *browserEnv) units(t *testing.T, query url.Values) []browserUnit {
	t.Helper()
	var res struct {
		Items []browserUnit `json:"items"`
	}
	e.api(t, "/api/v1/units?"+query.Encode(), &res)
	return res.Items
}

// unitByCode returns the territory unit carrying an official code on a day.
func (e *browserEnv) unitByCode(t *testing.T, code, asOf string) browserUnit {
	t.Helper()
	units := e.units(t, url.Values{"hierarchy": {"territory"}, "code": {code}, "as_of": {asOf}})
	if len(units) != 1 {
		t.Fatalf("territory units with code %s on %s: got %d, want 1", code, asOf, len(units))
	}
	return units[0]
}

// history returns a unit's restructuring events as the API reports them.
func (e *browserEnv) history(t *testing.T, id int64, asOf string) []browserEvent {
	t.Helper()
	var res struct {
		Items []browserEvent `json:"items"`
	}
	e.api(t, fmt.Sprintf("/api/v1/units/%d/history?as_of=%s", id, asOf), &res)
	return res.Items
}

// chromiumPath finds the browser: CANBO_CHROMIUM, then Debian's /usr/bin/chromium, then
// chromium on the PATH. Without one the browser tests skip, except where
// CANBO_REQUIRE_CHROMIUM=1 (the test script, CI) says a skip would hide a regression.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CANBO_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("CANBO_CHROMIUM=%s: %v", p, err)
		}
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CANBO_REQUIRE_CHROMIUM") == "1" {
		t.Fatal("Chromium not found (set CANBO_CHROMIUM or install chromium) but CANBO_REQUIRE_CHROMIUM=1: browser tests cannot be skipped")
	}
	t.Skip("Chromium not found; set CANBO_CHROMIUM or install chromium to run the browser tests")
	return ""
}

// browser drives one headless Chromium tab on behalf of a test: its helpers fail that test.
// Each test gets its own browser and profile, so cookies (session, language) never leak from
// one test into another; a subtest borrows its parent's tab with in.
type browser struct {
	t *testing.T
	*tab
}

// tab is the state a test and its subtests share: the chromedp context and what the page
// logged.
type tab struct {
	env *browserEnv
	ctx context.Context

	mu       sync.Mutex
	problems []string     // console errors, exceptions and CSP violations, in order
	expected []failedLoad // error answers the test provoked on purpose
}

// in returns the browser for a subtest. A helper must fail the test it runs in: FailNow on a
// parent from a subtest's goroutine is not allowed.
func (b *browser) in(t *testing.T) *browser { return &browser{t: t, tab: b.tab} }

// newBrowser starts Chromium for the test, and a server of the test's own over the shared
// database. The browser dies with the test's deadline, so a hang fails the test.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	return newBrowserFor(t, browserTimeout)
}

// newBrowserFor is newBrowser for a test that needs longer than browserTimeout: one that
// opens every page of the product.
func newBrowserFor(t *testing.T, timeout time.Duration) *browser {
	t.Helper()
	path := chromiumPath(t)
	// The server is started before the browser, so that the browser is gone (cleanups run
	// last-in first-out) when the server closes and waits for its connections.
	env := serve(t, sharedSeed(t))

	// The profile folder is created before the allocator's cancel is registered, so the
	// browser has exited (cleanups run last-in first-out) before the folder is removed.
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	// Some of these repeat chromedp's defaults; they are listed so that the flags the tests
	// depend on do not change with a chromedp release.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // chromedp adds it anyway as root; containers rarely allow the sandbox
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1366, 768),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)

	// There is no favicon, and Chromium asks for one on every page (reported, not fixed here:
	// templates are not the tests' to change). A missing icon is no broken page.
	b := &browser{t: t, tab: &tab{env: env, expected: []failedLoad{{path: "/favicon.ico"}}}}
	// WithListener sees every event from the tab's first message on, so nothing the first
	// page logs is missed.
	tabCtx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(b.listen))
	t.Cleanup(cancelTab)
	b.ctx = tabCtx
	// The window size alone leaves headless Chromium a shorter viewport; screenshots must be
	// exactly what a 1366×768 screen shows.
	if err := chromedp.Do(tabCtx, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	t.Cleanup(b.checkConsole)
	return b
}

// listen records what would show as red in the DevTools console: uncaught exceptions,
// console.error calls, and browser log errors, among them the Content-Security-Policy
// violations that an inline script or style would cause. It runs on chromedp's event loop, so
// it only appends under the lock.
func (b *tab) listen(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		problem = "exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			problem += " " + d.Exception.Description
		}
		problem += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var args []string
		for _, a := range ev.Args {
			if len(a.Value) > 0 {
				args = append(args, string(a.Value))
			} else {
				args = append(args, a.Description)
			}
		}
		problem = "console.error: " + strings.Join(args, " ")
	case *log.EventEntryAdded:
		e := ev.Entry
		csp := strings.Contains(e.Text, "Content Security Policy")
		if e.Level != log.EntryLevelError && !csp {
			return
		}
		problem = fmt.Sprintf("log %s %s: %s %s", e.Level, e.Source, e.Text, e.URL)
	default:
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, problem)
}

// failedLoad is a load that answers with an error status on purpose; status 0 is any status.
type failedLoad struct {
	status int
	path   string
}

// expectFailedLoad declares that a load of the path answers with the status on purpose (a
// rejected form answers 422), so the network error Chromium logs for it is no problem. CSP
// violations, exceptions and console errors are never excused.
func (b *tab) expectFailedLoad(status int, path string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.expected = append(b.expected, failedLoad{status, path})
}

// checkConsole fails the test on any recorded problem.
func (b *browser) checkConsole() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		if !b.excused(p) {
			b.t.Errorf("browser console: %s", p)
		}
	}
}

// excused reports whether a problem is a network error the test expected. Chromium words it
// "Failed to load resource: the server responded with a status of 422 (…) URL".
func (b *tab) excused(problem string) bool {
	if !strings.HasPrefix(problem, "log error network: ") {
		return false
	}
	for _, f := range b.expected {
		if !strings.HasSuffix(problem, " "+b.env.URL+f.path) {
			continue
		}
		if f.status == 0 || strings.Contains(problem, fmt.Sprintf("status of %d ", f.status)) {
			return true
		}
	}
	return false
}

// do runs actions that return nothing, failing the test with what was being done.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open loads a path of the server and waits for the page's load event, which comes after
// the deferred scripts (htmx, app.js) ran, and then for the fragments the page loads itself
// (hx-trigger="load", a person's facts) to be in place: one arriving after a test's first
// click moved the page under it, and the click missed (TestBrowserUnitPicker, under load).
func (b *browser) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.env.URL+path), chromedp.WaitNotPresent(chromedp.CSS(`[hx-trigger="load"], .htmx-request`)))
}

// visit loads a page of another server (a test's other site) and waits for its load event.
func (b *browser) visit(url string) {
	b.t.Helper()
	b.do("open "+url, chromedp.Navigate(url))
}

// submit clicks a button that submits a form and waits until the page it leads to has
// loaded; it returns that page's HTTP status, after redirects.
func (b *browser) submit(button string) int64 {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(button)))
	if err != nil {
		b.t.Fatalf("click %s: %v", button, err)
	}
	return resp.Status
}

// location returns the tab's URL without the server's address.
func (b *browser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	return strings.TrimPrefix(loc, b.env.URL)
}

// waitVisible waits until an element matching the CSS selector is visible.
func (b *browser) waitVisible(css string) {
	b.t.Helper()
	b.do("wait for "+css, chromedp.WaitVisible(chromedp.CSS(css)))
}

// waitText waits until a tag element below the XPath within shows exactly text. An XPath
// search lets chromedp's query retry do the waiting; chromedp.Poll cannot, because it builds
// its predicate with new Function, which the page's CSP (no 'unsafe-eval') forbids.
func (b *browser) waitText(within, tag, text string) {
	b.t.Helper()
	xp := fmt.Sprintf(`%s//%s[normalize-space()=%s]`, within, tag, xpathString(text))
	b.do(fmt.Sprintf("wait for %s %q", within, text), chromedp.WaitVisible(chromedp.Search(xp)))
}

// xpathString quotes s as an XPath 1.0 string literal (which has no escapes).
func xpathString(s string) string {
	if !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	return `'` + s + `'`
}

// texts returns the trimmed text of every element matching the CSS selector, in page order.
func (b *browser) texts(css string) []string {
	b.t.Helper()
	return b.eval(css, `Array.from(document.querySelectorAll(%s), e => e.textContent.replace(/\s+/g, " ").trim())`)
}

// ownTexts is texts without the text of child elements, e.g. a list item's unit name without
// the kind and code in its span.meta.
func (b *browser) ownTexts(css string) []string {
	b.t.Helper()
	return b.eval(css, `Array.from(document.querySelectorAll(%s), e => Array.from(e.childNodes).filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join(" ").replace(/\s+/g, " ").trim())`)
}

// eval evaluates a JavaScript expression template with the JSON-quoted selector. DevTools
// evaluation is not subject to the page's CSP.
func (b *browser) eval(css, tmpl string) []string {
	b.t.Helper()
	sel, err := json.Marshal(css)
	if err != nil {
		b.t.Fatal(err)
	}
	out, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](fmt.Sprintf(tmpl, sel)))
	if err != nil {
		b.t.Fatalf("read %s: %v", css, err)
	}
	return out
}

// text returns the text of the first element matching the CSS selector.
func (b *browser) text(css string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", css, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// account is an administrator of a browser test, with the TOTP secret it enrolled.
type account struct {
	name, secret string
}

// login signs in through the login form as a new administrator, as a person would: password,
// then the enrolment of the second factor that administrators must have, with the code an
// authenticator app would show for the secret on the page. It returns the account, for
// signing in again.
func (b *browser) login(username string) account {
	b.t.Helper()
	acct := account{name: b.env.newAdmin(b.t, username)}
	b.open("/login")
	b.enterPassword(acct.name)
	if got := b.location(); !strings.HasPrefix(got, "/login/totp") {
		b.t.Fatalf("after the password of a new administrator at %s, want the TOTP enrolment", got)
	}
	b.waitVisible("#totp-secret")
	acct.secret = b.text("#totp-secret")
	if got := b.enterCode(b.code(acct.secret)); got != http.StatusOK {
		b.t.Fatalf("TOTP enrolment: status %d", got)
	}
	if got := b.location(); !strings.HasPrefix(got, "/org") {
		b.t.Fatalf("after login at %s, want /org", got)
	}
	return acct
}

// signIn signs in again as an enrolled account on the login page on screen, which may carry
// where to go next. The server's clock moves to the next TOTP time step first, since the
// last code was spent. It leaves the browser where the login leads.
func (b *browser) signIn(acct account) {
	b.t.Helper()
	b.enterPassword(acct.name)
	if got := b.location(); !strings.HasPrefix(got, "/login/totp") {
		b.t.Fatalf("after the password at %s, want the TOTP page", got)
	}
	b.env.clock.advance(totpPeriod)
	if got := b.enterCode(b.code(acct.secret)); got != http.StatusOK {
		b.t.Fatalf("TOTP code: status %d", got)
	}
}

// totpPeriod is the length of a TOTP time step.
const totpPeriod = 30 * time.Second

// enterPassword fills the login form on screen with the account's password and submits it.
func (b *browser) enterPassword(user string) {
	b.t.Helper()
	b.do("fill the login form",
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), browserPassword),
	)
	if got := b.submit(`form[method="post"][action="/login"] button[type=submit]`); got != http.StatusOK {
		b.t.Fatalf("login as %s: status %d", user, got)
	}
}

// code is the TOTP code for the secret at the server's time.
func (b *browser) code(secret string) string {
	b.t.Helper()
	code, err := totp.GenerateCode(secret, b.env.now())
	if err != nil {
		b.t.Fatalf("TOTP code: %v", err)
	}
	return code
}

// enterCode types a TOTP code into the form on screen and submits it; it returns the status of
// the page it leads to.
func (b *browser) enterCode(code string) int64 {
	b.t.Helper()
	b.do("enter the TOTP code",
		chromedp.WaitVisible(chromedp.CSS("#code")),
		chromedp.SendKeys(chromedp.CSS("#code"), code),
	)
	return b.submit(`form[method="post"][action="/login/totp"] button[type=submit]`)
}

// logout clicks the header's logout button and checks that it leads to the login page.
func (b *browser) logout() {
	b.t.Helper()
	if got := b.submit(`header form[action="/logout"] button[type=submit]`); got != http.StatusOK {
		b.t.Fatalf("logout: status %d", got)
	}
	if got := b.location(); got != "/login" {
		b.t.Fatalf("after logout at %s, want /login", got)
	}
}

// sessionCookie returns the value of the browser's session cookie for the server, or "".
func (b *browser) sessionCookie() string {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.env.URL + "/"}})
	if err != nil {
		b.t.Fatalf("cookies: %v", err)
	}
	for _, c := range res.Cookies {
		if c.Name == "canbo_session" {
			return c.Value
		}
	}
	return ""
}

// signedOut checks that the page on screen is the login form, reached for next (a path and
// query, or "" for the bare login page), and shows nobody signed in.
func (b *browser) signedOut(next string) {
	b.t.Helper()
	want := "/login"
	if next != "" {
		want += "?next=" + url.QueryEscape(next)
	}
	got := b.location()
	if got != "/login" && !strings.HasPrefix(got, "/login?") {
		b.t.Fatalf("page: got %s, want the login page %s", got, want)
	}
	if got != want {
		b.t.Errorf("login page: got %s, want %s", got, want)
	}
	b.waitVisible(`form[method="post"][action="/login"] #username`)
	if n := b.count(`form[action="/logout"]`); n != 0 {
		b.t.Errorf("the login page offers to log out: someone is still signed in")
	}
}

// count returns how many elements match the CSS selector.
func (b *browser) count(css string) int {
	b.t.Helper()
	sel, err := json.Marshal(css)
	if err != nil {
		b.t.Fatal(err)
	}
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%s).length`, sel)))
	if err != nil {
		b.t.Fatalf("count %s: %v", css, err)
	}
	return n
}

// setAsOf changes the global as-of date through the header's form and waits for the page
// it leads to.
func (b *browser) setAsOf(day string) {
	b.t.Helper()
	// SetValue, not SendKeys: a date input's keystrokes depend on the browser's locale, its
	// value property is always ISO.
	b.do("set as-of "+day, chromedp.SetValue(chromedp.CSS("form.asof input#as_of"), day))
	if got := b.submit("form.asof button[type=submit]"); got != http.StatusOK {
		b.t.Fatalf("as-of %s: status %d", day, got)
	}
	if got := b.location(); !strings.Contains(got, "as_of="+day) {
		b.t.Fatalf("after choosing as-of %s the page is %s", day, got)
	}
	if got := b.value("#as_of"); got != day {
		b.t.Fatalf("as-of field after submit: got %q, want %q", got, day)
	}
}

// value returns a form field's current value.
func (b *browser) value(css string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", css, err)
	}
	return v
}

// expand opens a unit in the org tree and returns the names of its children once htmx has
// swapped them in.
func (b *browser) expand(unit int64) []string {
	b.t.Helper()
	node := fmt.Sprintf(`li.node[data-unit="%d"]`, unit)
	b.do("expand unit "+node,
		chromedp.Click(chromedp.CSS(node+" > button.toggle")),
		// htmx swaps the whole list at once, so once one child shows, all have arrived.
		chromedp.WaitVisible(chromedp.CSS(node+" > ul.children > li.node")),
	)
	return b.texts(node + " > ul.children > li.node > a")
}

// setField sets a form field's value. SetValue rather than SendKeys, because the fields are
// prefilled and typing would append.
func (b *browser) setField(css, value string) {
	b.t.Helper()
	b.do("fill "+css, chromedp.SetValue(chromedp.CSS(css), value))
}

// screenshot captures the viewport as PNG.
func (b *browser) screenshot() []byte {
	b.t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	return buf
}
