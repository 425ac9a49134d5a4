package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestUnitPicker: the picker finds units by name without marks and by official code, only in
// the caller's scope, and answers the same units as JSON and as the buttons htmx swaps in.
func TestUnitPicker(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		tok := f.user("q1", canbo.RoleOfficer, []int64{f.d1})
		type pick struct {
			Units []struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"units"`
		}
		names := func(tok, q string) string {
			t.Helper()
			var p pick
			if code, body := f.api(tok, "GET", "/api/v1/units/pick?as_of=2020-01-01&q="+url.QueryEscape(q), "", &p); code != 200 {
				t.Fatalf("pick %q: %d %s", q, code, body)
			}
			var ns []string
			for _, u := range p.Units {
				ns = append(ns, u.Name)
			}
			return strings.Join(ns, "|")
		}
		for _, c := range []struct{ tok, q, want string }{
			{tok, "ben nghe", "Phường Bến Nghé"}, // no marks
			{tok, "PHƯỜNG ĐA", "Phường Đa Kao"},  // case
			{tok, "26737", "Phường Đa Kao"},      // official code
			{tok, "#" + strconv.FormatInt(f.w2, 10), "Phường Đa Kao"},
			{tok, "vo thi sau", ""},                      // out of scope
			{tok, "27139", ""},                           // its code too
			{tok, "#" + strconv.FormatInt(f.w3, 10), ""}, // and its id
			{f.adminTok, "vo thi sau", "Phường Võ Thị Sáu"},
			{tok, "x", ""}, // too short to search names
		} {
			if got := names(c.tok, c.q); got != c.want {
				t.Errorf("pick %q: got %q, want %q", c.q, got, c.want)
			}
		}
		if code, body := f.api(tok, "GET", "/api/v1/units/pick?h=nation&q=ben", "", nil); code != 400 || !strings.Contains(body, `"field":"h"`) {
			t.Errorf("a hierarchy that does not exist: %d %s", code, body)
		}
	})
}
