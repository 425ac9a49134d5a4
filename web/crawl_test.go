package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"canbo"
	"canbo/auth"
)

// The crawl of issue 10: every link and form rendered on every page answers, for an
// administrator and for an officer scoped to one ward. A link is followed by GET; a GET form
// is submitted with the values it shows; a POST form's action must be a route for POST (it is
// not submitted: that would change data, and log the crawler out).

// crawlPerShape bounds how many URLs of one shape (route pattern and query keys) the crawl
// fetches: the org tree alone links thousands of units, and the hundredth unit page tells
// nothing the third did not.
const crawlPerShape = 3

// crawlMax bounds the whole crawl of one account.
const crawlMax = 600

// crawlLink is a URL to fetch and the page it was found on.
type crawlLink struct {
	url, from string
}

// TestCrawlLinks crawls the product breadth-first from the home page as an administrator and
// as an officer scoped to one ward, and fails on every link or form that answers 4xx or 5xx,
// or whose action no route serves.
func TestCrawlLinks(t *testing.T) {
	chromiumPath(t) // the shared database is the browser tests'; it is seeded only with them
	e := serve(t, sharedSeed(t))
	d := seedLayout(t, e)
	officerToken := auth.NewToken()
	if err := e.db.CreateToken(canbo.SystemContext(context.Background()), auth.TokenHash(officerToken), d.officer, "crawl", time.Now()); err != nil {
		t.Fatal(err)
	}
	patterns := routePatterns(t, e)
	for _, who := range []struct{ name, token string }{{"administrator", e.token}, {"officer of one ward", officerToken}} {
		t.Run(who.name, func(t *testing.T) {
			reached := crawl(t, e.URL, who.token, patterns)
			if who.token != e.token {
				return
			}
			// An administrator reaches every page by following links, or the crawl proves less
			// than it claims (the sign-in pages need a session; the error page is no link's aim).
			for _, p := range layoutPages(d, "2025-07-01") {
				if p.route != "error" && reached[p.route] == 0 {
					t.Errorf("the crawl never reached %s: no page links to it, or the crawl is too shallow", p.route)
				}
			}
		})
	}
}

// crawl fetches from the home page breadth-first and returns how many URLs of each route
// pattern it fetched.
func crawl(t *testing.T, base, token string, patterns []string) map[string]int {
	t.Helper()
	mux := http.NewServeMux()
	for _, p := range patterns {
		mux.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}
	route := func(method, u string) string {
		req, err := http.NewRequest(method, u, nil)
		if err != nil {
			return ""
		}
		_, pattern := mux.Handler(req)
		return pattern
	}
	queue := []crawlLink{{url: base + "/", from: "(start)"}}
	seen := map[string]bool{base + "/": true}
	shapes, reached := map[string]int{}, map[string]int{}
	// files counts the downloads (workbooks, PDFs, archives) of each route: one route's file
	// under other filters runs the same code, and a file costs a page's time many times over.
	files := map[string]int{}
	fetched := 0
	for len(queue) > 0 && fetched < crawlMax {
		l := queue[0]
		queue = queue[1:]
		pattern := route(http.MethodGet, l.url)
		if pattern == "" {
			t.Errorf("GET %s (linked from %s): no route serves it", strings.TrimPrefix(l.url, base), strings.TrimPrefix(l.from, base))
			continue
		}
		shape := pattern + " " + queryKeys(l.url)
		if shapes[shape] >= crawlPerShape || files[pattern] >= crawlPerShape {
			continue
		}
		shapes[shape]++
		reached[pattern]++
		fetched++
		status, ctype, body, final := fetch(t, l.url, token)
		if status >= 400 {
			t.Errorf("GET %s (linked from %s): status %d", strings.TrimPrefix(l.url, base), strings.TrimPrefix(l.from, base), status)
			continue
		}
		if !strings.HasPrefix(ctype, "text/html") {
			files[pattern]++
			continue
		}
		links, posts := pageLinks(t, final, body)
		for _, u := range links {
			if !strings.HasPrefix(u, base+"/") || seen[u] {
				continue
			}
			if escapedQuery(u) {
				t.Errorf("GET %s (linked from %s): the link's query was escaped whole", strings.TrimPrefix(u, base), strings.TrimPrefix(final, base))
			}
			seen[u] = true
			queue = append(queue, crawlLink{url: u, from: final})
		}
		for _, p := range posts {
			if !strings.HasPrefix(p.url, base+"/") {
				t.Errorf("%s %s (form on %s): leaves the site", p.method, p.url, strings.TrimPrefix(final, base))
				continue
			}
			if route(p.method, p.url) == "" {
				t.Errorf("%s %s (form on %s): no route serves it", p.method, strings.TrimPrefix(p.url, base), strings.TrimPrefix(final, base))
			}
		}
	}
	if fetched < 40 {
		t.Errorf("the crawl fetched only %d URLs: the pages link too little, or the crawl is broken", fetched)
	}
	t.Logf("%d URLs fetched", fetched)
	return reached
}

// escapedQuery reports a link whose query a template escaped as one value ("?a%3d1%26b%3d2"):
// it parses as one key holding "=" or "&", and the page it opens ignores it.
func escapedQuery(u string) bool {
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	for k := range pu.Query() {
		if strings.ContainsAny(k, "=&") {
			return true
		}
	}
	return false
}

// queryKeys is the sorted names of a URL's query parameters.
func queryKeys(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	var keys []string
	for k := range pu.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, "&")
}

// fetch GETs a URL with the bearer token, following redirects; it returns the status, the
// content type, the body of an HTML page and the URL it ended at.
func fetch(t *testing.T, u, token string) (int, string, []byte, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	ctype := resp.Header.Get("Content-Type")
	var body []byte
	if strings.HasPrefix(ctype, "text/html") {
		if body, err = io.ReadAll(resp.Body); err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
	} else {
		io.Copy(io.Discard, resp.Body)
	}
	return resp.StatusCode, ctype, body, resp.Request.URL.String()
}

// crawlForm is a form the crawl checks but does not submit.
type crawlForm struct {
	method, url string
}

// pageLinks reads a page: the absolute URLs of its links, images, htmx GETs and GET forms
// (with the values the form shows), and its forms of other methods.
func pageLinks(t *testing.T, page string, body []byte) (links []string, posts []crawlForm) {
	t.Helper()
	base, err := url.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("parse %s: %v", page, err)
	}
	resolve := func(ref string) string {
		r, err := url.Parse(ref)
		if err != nil {
			t.Errorf("%s: unreadable URL %q: %v", page, ref, err)
			return ""
		}
		u := base.ResolveReference(r)
		u.Fragment = ""
		return u.String()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "a":
				if href, ok := attr(n, "href"); ok && !strings.HasPrefix(href, "#") && !strings.HasPrefix(href, "data:") {
					links = append(links, resolve(href))
				}
			case "img":
				if src, ok := attr(n, "src"); ok && !strings.HasPrefix(src, "data:") {
					links = append(links, resolve(src))
				}
			case "form":
				action, _ := attr(n, "action")
				method, _ := attr(n, "method")
				method = strings.ToUpper(method)
				if method == "" {
					method = http.MethodGet
				}
				if method == http.MethodGet {
					u, err := url.Parse(resolve(action))
					if err == nil {
						u.RawQuery = formValues(n).Encode()
						links = append(links, u.String())
					}
				} else {
					posts = append(posts, crawlForm{method, resolve(action)})
				}
			}
			if hx, ok := attr(n, "hx-get"); ok {
				links = append(links, resolve(hx))
			}
			if hx, ok := attr(n, "hx-post"); ok {
				posts = append(posts, crawlForm{http.MethodPost, resolve(hx)})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return slices.DeleteFunc(links, func(s string) bool { return s == "" }), posts
}

// formValues are the values a GET form submits as shown: text fields' values, checked boxes,
// each select's selected (else first) option. Fields that belong to another form by their
// form attribute are left out.
func formValues(form *html.Node) url.Values {
	v := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, named := attr(n, "name")
			_, other := attr(n, "form")
			_, disabled := attr(n, "disabled")
			if named && !other && !disabled {
				switch n.Data {
				case "input":
					typ, _ := attr(n, "type")
					_, checked := attr(n, "checked")
					val, _ := attr(n, "value")
					switch typ {
					case "checkbox", "radio":
						if checked {
							if val == "" {
								val = "on"
							}
							v.Add(name, val)
						}
					case "submit", "button", "image", "file", "reset":
					default:
						v.Add(name, val)
					}
				case "select":
					var first, chosen *html.Node
					for o := range n.Descendants() {
						if o.Type != html.ElementNode || o.Data != "option" {
							continue
						}
						if first == nil {
							first = o
						}
						if _, sel := attr(o, "selected"); sel && chosen == nil {
							chosen = o
						}
					}
					if chosen == nil {
						chosen = first
					}
					if chosen != nil {
						val, ok := attr(chosen, "value")
						if !ok {
							val = text(chosen)
						}
						v.Add(name, val)
					}
				case "textarea":
					v.Add(name, text(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}

// attr returns an element's attribute.
func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// text is the text inside a node.
func text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.TrimSpace(b.String())
}
