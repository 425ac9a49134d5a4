package web_test

import (
	"slices"
	"strings"
	"testing"

	"canbo/rules"

	"github.com/chromedp/chromedp"
)

// TestBrowserCalculator: a person types a partial birth date into the calculator and, without
// submitting, sees the retirement and the congress table replace the empty result (htmx swaps
// the result only: the page is not reloaded), with the URL updated so the answer can be shared;
// the rules page marks one version of each rule in force today.
func TestBrowserCalculator(t *testing.T) {
	b := newBrowser(t)
	b.login("quy.dinh")
	b.open("/rules/calculator")
	b.waitVisible("form#calc-form #birth")
	if n := b.count("#calc-retirement"); n != 0 {
		t.Fatalf("a result before any input: %d", n)
	}
	// A mark on the heading, outside the swapped part, survives only if the page is not reloaded.
	b.eval("h1", `[document.querySelector(%s).dataset.mark = "still here"]`)
	b.do("choose the sex and type a birth month",
		chromedp.SetValue(chromedp.CSS("#sex"), "male"),
		chromedp.SendKeys(chromedp.CSS("#birth"), "09/1965"))
	b.waitText(`//dl[@id="calc-retirement"]`, "dd", "30/06/2027")
	if got := b.text("#retirement-age"); got != "61 tuổi 9 tháng" {
		t.Errorf("age at retirement: %q", got)
	}
	if got := b.eval("h1", `[document.querySelector(%s).dataset.mark || ""]`); !slices.Equal(got, []string{"still here"}) {
		t.Errorf("the page was reloaded instead of swapping the result (mark %q)", got)
	}
	levels := b.eval("#calc-congress tbody tr", `Array.from(document.querySelectorAll(%s), e => e.dataset.level)`)
	if !slices.Equal(levels, []string{"grassroots", "above-grassroots", "commune", "province", "government"}) {
		t.Errorf("congress levels: %v", levels)
	}
	if loc := b.location(); !strings.Contains(loc, "birth=09%2F1965") || !strings.Contains(loc, "sex=male") {
		t.Errorf("the URL was not updated: %s", loc)
	}
	// The plain form works too: a full date, submitted.
	b.open("/rules/calculator?birth=02%2F09%2F1965&sex=female")
	b.waitVisible("#retirement-date")
	if got := b.text("#retirement-why"); !strings.Contains(got, "Nữ, sinh 02/09/1965") {
		t.Errorf("reasoning: %q", got)
	}
	b.open("/rules")
	if n, want := b.count("tr.in-force"), len(rules.Rules); n != want {
		t.Errorf("%d versions marked in force today, want one per rule (%d)", n, want)
	}
}
