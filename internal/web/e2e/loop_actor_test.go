package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// loopTimeout bounds a whole loop test in the browser: generous, since
// the machine may be shared; no step waits for a time, only for elements.
const loopTimeout = 6 * time.Minute

// loopBrowser starts Chromium for one test, as browser does, with a
// longer bound.
func loopBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, loopTimeout)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// actor is one person at one browser: a browser context of its own
// (incognito-like: its own cookies and cache).
type actor struct {
	t    *testing.T
	name string
	ctx  context.Context
	base string
	axe  string // axe-core's source: when set, every page landed on is audited
	// audited counts the pages axe-core checked, by path pattern.
	audited map[string]bool
}

func newActor(t *testing.T, browser context.Context, site *loopSite, name string, axe string) *actor {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("%s: new browser context: %v", name, err)
	}
	a := &actor{t: t, name: name, ctx: ctx, base: site.URL, axe: axe, audited: map[string]bool{}}
	// Cleanups run last first: this one runs while the browser lives.
	t.Cleanup(a.screenshotOnFailure)
	return a
}

func (a *actor) screenshotOnFailure() {
	if !a.t.Failed() {
		return
	}
	shot, err := chromedp.Run(a.ctx, chromedp.FullScreenshot(90))
	if err != nil {
		return // the context may have ended: the failure says more
	}
	loc, _ := chromedp.Run(a.ctx, chromedp.Location())
	path := filepath.Join(artifactDir(a.t), fmt.Sprintf("%s-%s.png", strings.ReplaceAll(a.t.Name(), "/", "-"), a.name))
	if os.WriteFile(path, shot, 0o644) == nil {
		a.t.Logf("%s was at %s: screenshot %s", a.name, loc, path)
	}
}

// fatal stops the test, naming the actor and where it was.
func (a *actor) fatal(format string, args ...any) {
	a.t.Helper()
	loc, _ := chromedp.Run(a.ctx, chromedp.Location())
	a.t.Fatalf("%s at %s: %s", a.name, loc, fmt.Sprintf(format, args...))
}

// visit opens a path as typed into the address bar, then audits it.
// The browser leaves for about:blank first, so that an address it is on
// already is a new navigation, not a reload (a reload revalidates its
// cache; a navigation may use it, which is what readers do).
func (a *actor) visit(path string) {
	a.t.Helper()
	if err := chromedp.Do(a.ctx, chromedp.Navigate("about:blank")); err != nil {
		a.fatal("about:blank: %v", err)
	}
	r, err := chromedp.Run(a.ctx, chromedp.NavigateResponse(a.base+path))
	if err != nil {
		a.fatal("opening %s: %v", path, err)
	}
	if r.Status >= 400 {
		a.fatal("%s: status %d", path, r.Status)
	}
	a.landed()
}

// click clicks an element that navigates (a link or a form's button)
// and waits for the page it leads to.
func (a *actor) click(sel string) {
	a.t.Helper()
	// Pages are rendered by the server and loaded before any click: a
	// missing element is a failure now, not a wait until the deadline.
	if !a.has(sel) {
		a.fatal("nothing to click at %s: %s", sel, a.text("main"))
	}
	r, err := chromedp.RunResponse(a.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		a.fatal("clicking %s: %v", sel, err)
	}
	if r.Status >= 400 {
		a.fatal("clicking %s: status %d: %s", sel, r.Status, a.text("main"))
	}
	a.landed()
}

// landed waits for the page's heading and audits the page.
func (a *actor) landed() {
	a.t.Helper()
	if err := chromedp.Do(a.ctx, chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		a.fatal("no heading: %v", err)
	}
	if a.axe != "" {
		a.audit()
	}
}

// typeInto types text into a field as a person does, after emptying it.
func (a *actor) typeInto(sel, text string) {
	a.t.Helper()
	if err := chromedp.Do(a.ctx, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
		a.fatal("no field %s: %v", sel, err)
	}
	eval[bool](a, fmt.Sprintf(`(() => { document.querySelector(%q).value = ""; return true })()`, sel))
	if err := chromedp.Do(a.ctx, chromedp.SendKeys(chromedp.CSS(sel), text)); err != nil {
		a.fatal("typing into %s: %v", sel, err)
	}
}

// check ticks a checkbox.
func (a *actor) check(sel string) {
	a.t.Helper()
	if err := chromedp.Do(a.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		a.fatal("ticking %s: %v", sel, err)
	}
}

// choose picks an option of a select element.
func (a *actor) choose(sel, value string) {
	a.t.Helper()
	if err := chromedp.Do(a.ctx, chromedp.SetValue(chromedp.CSS(sel), value)); err != nil {
		a.fatal("choosing %q in %s: %v", value, sel, err)
	}
}

// text is the visible text of the first element matching sel.
func (a *actor) text(sel string) string {
	a.t.Helper()
	s, err := chromedp.Run(a.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		a.fatal("reading %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// has tells whether an element matches sel on the page now.
func (a *actor) has(sel string) bool {
	a.t.Helper()
	return eval[bool](a, fmt.Sprintf("document.querySelector(%q) !== null", sel))
}

// value is a form field's value.
func (a *actor) value(sel string) string {
	a.t.Helper()
	v, err := chromedp.Run(a.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		a.fatal("reading the value of %s: %v", sel, err)
	}
	return v
}

// path is the page's path and query.
func (a *actor) path() string {
	a.t.Helper()
	loc, err := chromedp.Run(a.ctx, chromedp.Location())
	if err != nil {
		a.fatal("location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		a.fatal("location %q: %v", loc, err)
	}
	return u.RequestURI()
}

// idIn reads the number after prefix in the page's path.
func (a *actor) idIn(prefix string) string {
	a.t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `(\d+)`).FindStringSubmatch(a.path())
	if m == nil {
		a.fatal("no %s<id> in the address", prefix)
	}
	return m[1]
}

func eval[T any](a *actor, js string) T {
	a.t.Helper()
	v, err := chromedp.Run(a.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		a.fatal("evaluating %s: %v", js, err)
	}
	return v
}

// fetched is a response read by the page's own fetch, which uses the
// browser context's HTTP cache as a reader's program in the page would.
type fetched struct {
	Status       int    `json:"status"`
	CacheControl string `json:"cacheControl"`
	Body         string `json:"body"`
}

func (a *actor) fetch(path string) fetched {
	a.t.Helper()
	return eval[fetched](a, fmt.Sprintf(`fetch(%q).then(async r => ({status: r.status, cacheControl: r.headers.get("cache-control") || "", body: await r.text()}))`, path))
}

// audit runs axe-core on the page: no serious or critical violation of
// WCAG 2.2 A/AA (as TestAccessibility checks the reading pages).
func (a *actor) audit() {
	a.t.Helper()
	path := a.path()
	if _, err := chromedp.Run(a.ctx, chromedp.Evaluate[bool](a.axe+";true")); err != nil {
		a.fatal("loading axe-core: %v", err)
	}
	res, err := chromedp.Run(a.ctx, chromedp.Evaluate[axeResult](
		`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}).then(r => ({violations: r.violations, passes: r.passes.length}))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		a.fatal("axe: %v", err)
	}
	if res.Passes == 0 {
		a.t.Errorf("%s (%s): axe-core checked nothing", path, a.name)
	}
	for _, v := range res.Violations {
		msg := fmt.Sprintf("%s (%s): %s (%s): %s, e.g. %v", path, a.name, v.ID, v.Impact, v.Help, v.Nodes[0].Target)
		if v.Impact == "serious" || v.Impact == "critical" {
			a.t.Error(msg)
		} else {
			a.t.Log(msg)
		}
	}
	a.audited[pagePattern(path)] = true
}

type axeResult struct {
	Violations []violation `json:"violations"`
	Passes     int         `json:"passes"`
}

// pagePattern names a page by its path with numbers and tokens as
// placeholders: /review/submissions/12?done=saved is
// /review/submissions/{id}.
func pagePattern(requestURI string) string {
	p, _, _ := strings.Cut(requestURI, "?")
	p = regexp.MustCompile(`/\d+(/|$)`).ReplaceAllString(p, "/{id}$1")
	p = regexp.MustCompile(`^/invite/.*`).ReplaceAllString(p, "/invite/{token}")
	p = regexp.MustCompile(`^/answers/[^/]+/history$`).ReplaceAllString(p, "/answers/{key}/history")
	p = regexp.MustCompile(`^/people/.*`).ReplaceAllString(p, "/people/{slug}")
	p = regexp.MustCompile(`^/q/.*`).ReplaceAllString(p, "/q/{slug}")
	p = regexp.MustCompile(`^/feedback/.*`).ReplaceAllString(p, "/feedback/{key}")
	return p
}

// waitUntil opens path again and again (each time as a new navigation)
// until the predicate holds on the page, or the test's context ends: a
// wait on the page's content, never on a clock. It returns how many
// visits it took.
func (a *actor) waitUntil(path, predicateJS, what string) int {
	a.t.Helper()
	for n := 1; ; n++ {
		a.visit(path)
		if eval[bool](a, predicateJS) {
			return n
		}
		if a.ctx.Err() != nil {
			a.fatal("%s never came: %v", what, a.ctx.Err())
		}
	}
}
