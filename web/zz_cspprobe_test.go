package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

func TestBrowserZZProbe(t *testing.T) {
	b := newBrowser(t)
	b.open("/login")
	b.do("inline style", chromedp.Evaluate[chromedp.Void](`document.body.insertAdjacentHTML("beforeend", "<p style='color:red'>x</p><img src='/nope.png'>"); const s = document.createElement("script"); s.textContent = "1"; document.body.appendChild(s); setTimeout(() => { throw new Error("boom") }, 0); console.error("err!")`))
	b.waitVisible("p")
	b.do("eval", chromedp.Evaluate[chromedp.Void](`1`))
}
