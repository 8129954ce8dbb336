package e2e

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"healthqa/internal/store"
)

// A dataset whose every field is hostile is shown in Chromium on every
// page kind, API response and sitemap, and nothing in it runs, loads,
// becomes markup or a dangerous link, while the text stays readable. The
// second pass bypasses the Content-Security-Policy, so that escaping
// alone is tested and CSP stays a second line of defence.
func TestHostileContentInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	ctx := browser(t)
	// Start the browser once, before the two passes open their tabs.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []struct {
		name      string
		bypassCSP bool
	}{{"csp", false}, {"csp-bypassed", true}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			// Each pass has its own server, so a marker request is
			// counted against the pass that made it.
			site := newHostileSite(t)
			routes := routesOf(t, site.Store)
			visible := visibleText(t, site.Store)
			tab := hostileTab(t, ctx, mode.bypassCSP)
			// Reported even when a visit ends the pass early.
			defer func() {
				if d := tab.dialogs(); len(d) > 0 {
					t.Errorf("JavaScript dialogs opened: %q", d)
				}
			}()
			var items, headings, marks, points int
			for _, target := range slices.Concat(routes.pages, sampleAPI(routes.api), routes.crawler, routes.notFound) {
				p := tab.visit(t, site, target, visible[target])
				items += p.ListItems
				headings += p.Headings
				marks += p.Marks
				points += p.Points
			}
			// Asking found hostile answers and highlighted words in their
			// passages, so the snippet markup was exercised too.
			if marks == 0 {
				t.Error("no ask result highlighted a passage of the hostile answers")
			}
			// Two sources answer one hostile question: its digest
			// shows points made of their sentences.
			if points == 0 {
				t.Error("no digest point from the hostile answers was shown")
			}
			// The payloads also went through answertext's restored
			// lists and headings, not only through paragraphs.
			t.Logf("answers showed %d list items and %d headings; ask results %d highlighted words; digests %d points", items, headings, marks, points)
			if items == 0 || headings == 0 {
				t.Errorf("answers show %d list items and %d headings; want some of each", items, headings)
			}
		})
	}
}

// sampleAPI keeps one address of each API resource kind with each
// parameter: in the browser a JSON response is a text document whatever
// it holds, so one of each kind shows that; TestHostileJSONResponses
// reads every one.
func sampleAPI(api []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range api {
		u, err := url.Parse(a)
		if err != nil {
			continue
		}
		parts := strings.Split(u.Path, "/") // "", "api", "v1", kind, [slug], [digest]
		if len(parts) > 4 {
			parts[4] = "{}"
		}
		kind := strings.Join(parts, "/") + "?" + strings.Join(slices.Sorted(maps.Keys(u.Query())), "&")
		if !seen[kind] {
			seen[kind] = true
			out = append(out, a)
		}
	}
	return out
}

// tab is one browser tab that records the JavaScript dialogs opened in it.
type tab struct {
	ctx context.Context
	mu  sync.Mutex
	dlg []string
}

// hostileTab opens a tab that dismisses and records every dialog and
// records every CSP violation, bypassing CSP if asked.
func hostileTab(t *testing.T, parent context.Context, bypassCSP bool) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent)
	t.Cleanup(cancel)
	tb := &tab{ctx: ctx}
	if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: bypassCSP}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordViolationsJS}); err != nil {
		t.Fatal(err)
	}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.dlg = append(tb.dlg, string(ev.Type)+": "+ev.Message+" on "+ev.URL)
			tb.mu.Unlock()
			// A dialog blocks the page; close it so the test goes on.
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return tb
}

func (tb *tab) dialogs() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return slices.Clone(tb.dlg)
}

// recordViolationsJS runs before any page script: with CSP on, a payload
// that became markup shows up as a violation even though it was stopped.
// Chromium's own XML viewer (the sitemaps) inserts a style element that
// the site's CSP refuses; that one is not the data's.
const recordViolationsJS = `window.__csp = [];
document.addEventListener("securitypolicyviolation", e => e.target.id === "xml-viewer-style" || window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));`

// probeJS waits for a frame and a moment, so that onerror, onfocus,
// ontoggle and SVG animations would have fired, then reports what a
// payload would have left behind.
const probeJS = `new Promise(r => requestAnimationFrame(() => setTimeout(r, 30))).then(() => {
  const safe = new Set(["http:", "https:", "mailto:"]);
  const handlers = [], badURLs = [];
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      if (/^on/i.test(a.name)) handlers.push(e.tagName + " " + a.name);
      if (/^(href|src|action|formaction|data|xlink:href|srcdoc|poster|background)$/i.test(a.name)) {
        let scheme = "invalid:";
        try { scheme = new URL(a.value, document.baseURI).protocol; } catch (_) {}
        if (a.name.toLowerCase() === "srcdoc" || !safe.has(scheme)) badURLs.push(e.tagName + " " + a.name + "=" + a.value);
      }
    }
  }
  const foreign = [...document.querySelectorAll(` + "`" + foreignSelector + "`" + `)].map(e => e.outerHTML.slice(0, 100));
  const q = document.querySelector("input[name=q]");
  return {
    marker: String(window.__xss ?? ""),
    title: document.title,
    injected: document.querySelectorAll("[data-xss]").length,
    handlers, badURLs, foreign,
    csp: window.__csp || [],
    query: q ? q.value : null,
    listItems: document.querySelectorAll("section.answer .text li").length,
    headings: document.querySelectorAll("section.answer .text h3").length,
    marks: document.querySelectorAll("ol.ask-results .snippet mark").length,
    points: document.querySelectorAll("section.digest ol.points li").length,
    text: (document.body || document.documentElement).innerText.replace(/\s+/g, " "),
  };
})`

// foreignSelector matches what healthqa's templates never write: any of
// it on a page came from the data. The question page's own forms are the
// search box and the feedback form under each answer.
const foreignSelector = `style:not(#xml-viewer-style), script:not([src^="/static/"]):not([type="application/ld+json"]), iframe, frame, object, embed, ` +
	`img, image, base, template, noscript, math, animate, set, x, ` +
	`meta[http-equiv], link:not([rel=stylesheet][href^="/static/"]):not([rel=canonical]), form:not([action="/ask"]):not(.feedback[action^="/feedback/"])`

// visitTimeout bounds one page visit: a visit takes well under a second,
// also on a loaded machine.
const visitTimeout = 15 * time.Second

type probe struct {
	Marker    string   `json:"marker"`
	Title     string   `json:"title"`
	Injected  int      `json:"injected"`
	Handlers  []string `json:"handlers"`
	BadURLs   []string `json:"badURLs"`
	Foreign   []string `json:"foreign"`
	CSP       []string `json:"csp"`
	Query     *string  `json:"query"`
	ListItems int      `json:"listItems"`
	Headings  int      `json:"headings"`
	Marks     int      `json:"marks"`
	Points    int      `json:"points"`
	Text      string   `json:"text"`
}

// visit opens target as a reader would and checks that no payload took
// effect and that the texts in want are shown.
func (tb *tab) visit(t *testing.T, site *hostileSite, target string, want []string) probe {
	t.Helper()
	return tb.visitProbe(t, site, target, want, probeJS)
}

// visitProbe is visit with another probe script, probeJS with another
// foreignSelector (pages for signed-in accounts have forms of their own).
func (tb *tab) visitProbe(t *testing.T, site *hostileSite, target string, want []string, probeJS string) probe {
	t.Helper()
	// A page that a payload took over can stall the tab; one such page
	// ends the pass with its address instead of using up the browser's
	// time.
	ctx, cancel := context.WithTimeout(tb.ctx, visitTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(site.URL+target)); err != nil {
		t.Fatalf("%s: opening: %v", target, err)
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[probe](probeJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: inspecting: %v", target, err)
	}
	fail := func(format string, args ...any) { t.Errorf("%s: %s", target, fmt.Sprintf(format, args...)) }
	if p.Marker != "" || p.Title == "PWNED" {
		fail("a payload ran: window.__xss=%q, title %q", p.Marker, p.Title)
	}
	if hits := site.takeHits(); len(hits) > 0 {
		fail("payloads requested %q", hits)
	}
	if p.Injected > 0 || len(p.Foreign) > 0 {
		fail("payload markup in the page: %d data-xss elements, %q", p.Injected, p.Foreign)
	}
	if len(p.Handlers) > 0 {
		fail("event handler attributes %q", p.Handlers)
	}
	if len(p.BadURLs) > 0 {
		fail("links or sources with a dangerous scheme: %q", p.BadURLs)
	}
	if len(p.CSP) > 0 {
		fail("CSP violations %q", p.CSP)
	}
	if q := queryOf(target); q != "" && p.Query != nil && *p.Query != q {
		fail("search box holds %q, want %q", *p.Query, q)
	}
	for _, w := range want {
		if !strings.Contains(p.Text, w) {
			fail("%q is not shown as text", w)
		}
	}
	return p
}

func queryOf(target string) string {
	u, err := url.Parse(target)
	if err != nil || strings.HasPrefix(u.Path, "/api/") {
		return ""
	}
	return u.Query().Get("q")
}

// visibleText lists, per address, hostile text the reader must see as
// written (whitespace runs as one space): a topic's name, synonyms and
// concepts on its page; on a question page the topic, each source's
// wording and every payload in the answers.
func visibleText(t *testing.T, st store.Store) map[string][]string {
	t.Helper()
	ctx := t.Context()
	c, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	topics := c.TopicsBySlug()
	for _, tp := range c.Topics {
		p := "/topics/" + url.PathEscape(tp.Slug)
		want[p] = append(want[p], tp.Name)
		want[p] = append(want[p], tp.Synonyms...)
		want[p] = append(want[p], tp.CUIs...)
	}
	for _, q := range c.Questions {
		p := "/q/" + url.PathEscape(q.Slug)
		want[p] = append(want[p], topics[q.TopicSlug].Name)
		_, answers, err := st.Question(ctx, q.Slug)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range answers {
			want[p] = append(want[p], a.SourceQuestion)
			for _, pl := range payloads {
				if strings.Contains(a.Text, pl) {
					want[p] = append(want[p], pl)
				}
			}
		}
	}
	for p, list := range want {
		for i, s := range list {
			list[i] = strings.Join(strings.Fields(s), " ")
		}
		want[p] = list
	}
	return want
}
