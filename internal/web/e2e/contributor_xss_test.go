package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"healthqa/internal/store"
)

// markdownPayloads are hostile answers as a contributor would type them
// in Markdown, beside the HTML payloads of the hostile dataset
// (payloads): link and image destinations with dangerous schemes in
// every spelling, autolinks, reference links, raw HTML blocks and
// inlines, entities, code, and attributes smuggled through titles. Each,
// if it took effect, runs alert, sets window.__xss, requests xssHitPath
// or leaves a data-xss element, as the others do.
var markdownPayloads = []string{
	`[x](javascript:alert(1))`,
	`[x](JaVaScRiPt:alert(1))`,
	`[x]( javascript:alert(1) )`,
	`[x](<javascript:alert(1)>)`,
	`[x](java&#x73;cript:alert(1))`,
	`[x](&#106;avascript:alert(1))`,
	`[x](javascript&colon;alert(1))`,
	`[x](%6Aavascript:alert(1))`,
	`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[x](vbscript:msgbox(1))`,
	`[x](/xss-hit?p=relative-link)`,
	`[x](//xss-hit.invalid/protocol-relative)`,
	`[x](https://example.org/" onmouseover="alert(1)" data-xss=")`,
	`[x](https://example.org "a title\" onmouseover=\"alert(1)\" data-xss=\"")`,
	`[<img src=x onerror=alert(1) data-xss>](https://example.org/)`,
	`**[bold link](javascript:window.__xss=1)** and *[em](data:text/html,<script>alert(1)</script>)*`,
	`<javascript:alert(1)>`,
	`<JAVASCRIPT:alert(1)>`,
	`<data:text/html,<script>alert(1)</script>>`,
	`<https://example.org/"onmouseover="alert(1)">`,
	`<mailto:x@example.org?body=<script>alert(1)</script>>`,
	"[x][ref]\n\n[ref]: javascript:alert(1)",
	"[x][ref2]\n\n[ref2]: <javascript:alert(1)> \"title\"",
	"[x]\n\n[x]: data:text/html,<script>alert(1)</script>",
	`![x](javascript:alert(1))`,
	`![x](/xss-hit?p=markdown-image)`,
	`![x" onerror="alert(1)" data-xss="](https://example.org/a.png)`,
	"<div onclick=\"alert(1)\" data-xss>an HTML block</div>",
	"<script>\nwindow.__xss = 1\n</script>",
	"<style>\nbody { background: url(/xss-hit?p=markdown-style) }\n</style>",
	"<!-- a comment --><img src=/xss-hit?p=after-comment data-xss>",
	"<svg><a xlink:href=\"javascript:alert(1)\"><text y=\"20\">svg link</text></a></svg>",
	"`<script>alert(1)</script>` in a code span",
	"    <script>alert(1)</script> in an indented code block",
	"```\n<img src=x onerror=alert(1) data-xss>\n```",
	"# <img src=x onerror=alert(1) data-xss> in a heading",
	"- [a list link](javascript:alert(1))\n- <b onmouseover=alert(1) data-xss>item</b>",
	`&lt;script&gt;alert(1)&lt;/script&gt; and &#x3C;img src=x onerror=alert(1)&#x3E;`,
	`[x](https://example.org)<script>alert(1)</script>`,
	`<a href="javascript:alert(1)" data-xss>an inline link</a>`,
}

// contributorPayloads is every payload a contributor field receives.
var contributorPayloads = slices.Concat(payloads, markdownPayloads)

// Every field a contributor controls, filled with the payloads through
// the write paths the site uses (accounts' store for profiles, the
// editorial workflow for answers and proposed questions, the feedback
// handler for reasons), is shown in Chromium on every public page that
// shows it, and nothing runs, loads, becomes markup or a dangerous link;
// then again with the Content-Security-Policy bypassed, so that escaping
// and sanitizing alone are tested.
func TestContributorXSSPublicPages(t *testing.T) {
	contributorPasses(t, func(t *testing.T, site *contributorSite, tab *tab) {
		site.visitAll(t, tab, site.public)
		t.Logf("%d public pages; %d payloads in each field", len(site.public), len(contributorPayloads))
	})
}

// The same for the pages of signed-in accounts: a reviewer and admin's
// (queue, review pages, feedback counts, stale answers, accounts, audit)
// and a contributor's (dashboard, drafts, forms). A test of their own
// keeps each within the browser's time budget.
func TestContributorXSSSignedInPages(t *testing.T) {
	contributorPasses(t, func(t *testing.T, site *contributorSite, tab *tab) {
		site.signIn(t, tab.ctx, site.reviewerSession)
		site.visitAll(t, tab, site.reviewer)
		site.signIn(t, tab.ctx, site.writerSession)
		site.visitAll(t, tab, site.writer)
		t.Logf("%d pages of the reviewer and admin, %d of a contributor; %d payloads in each field",
			len(site.reviewer), len(site.writer), len(contributorPayloads))
	})
}

// contributorPasses runs visit in two passes, with CSP and with CSP
// bypassed, in parallel, each on a site of its own in a browser context
// of its own (cookies, the session among them, are per host, not per
// port).
func contributorPasses(t *testing.T, visit func(t *testing.T, site *contributorSite, tab *tab)) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	ctx := browser(t)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []struct {
		name      string
		bypassCSP bool
	}{{"csp", false}, {"csp-bypassed", true}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			site := newContributorSite(t)
			bctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
			t.Cleanup(cancel)
			if err := chromedp.Do(bctx); err != nil {
				t.Fatal(err)
			}
			tab := hostileTab(t, bctx, mode.bypassCSP)
			defer func() {
				if d := tab.dialogs(); len(d) > 0 {
					t.Errorf("JavaScript dialogs opened: %q", d)
				}
			}()
			visit(t, site, tab)
		})
	}
}

func (s *contributorSite) visitAll(t *testing.T, tab *tab, targets []visitTarget) {
	t.Helper()
	for _, target := range targets {
		tab.visitProbe(t, s.hostileSite, target.path, target.want, contributorProbeJS)
	}
}

// contributorProbeJS is the hostile test's probe with the forms of the
// signed-in pages allowed: a form is the site's when its action is a path
// on the site, or absent.
var contributorProbeJS = strings.Replace(probeJS, foreignSelector, contributorForeign, 1)

var contributorForeign = strings.Replace(foreignSelector,
	`form:not([action="/ask"]):not(.feedback[action^="/feedback/"])`,
	`form[action]:not([action^="/"]), form[action^="//"]`, 1)

// contributorSite is a site whose contributor content is all payloads,
// with the pages to visit and what each must show as text.
type contributorSite struct {
	*hostileSite
	// Pages for the reviewer (and admin), then for the writer, each
	// visited with its session.
	public, reviewer, writer []visitTarget
	reviewerSession          string
	writerSession            string
}

type visitTarget struct {
	path string
	want []string
}

// signIn gives the tab's browser context a session cookie, as the
// sign-in page's answer would; it replaces the one there.
func (s *contributorSite) signIn(t *testing.T, ctx context.Context, session string) {
	t.Helper()
	yes := true
	_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: sessionCookie, Value: session,
		URL: s.URL + "/", Path: "/", Secure: &yes, HTTPOnly: &yes, SameSite: network.CookieSameSiteLax})
	if err != nil {
		t.Fatalf("setting the session cookie: %v", err)
	}
}

// targets lists the pages that show contributor content, with the
// hostile text each must show as text (white space runs as one space).
func (s *contributorSite) targets(t *testing.T, seed contributorSeed) {
	t.Helper()
	norm := func(list ...string) []string {
		var out []string
		for _, v := range list {
			if v = strings.Join(strings.Fields(v), " "); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	for slug, names := range seed.questions {
		// The page, and the API's JSON of it (a text document in the
		// browser, whatever it holds) with its digest.
		s.public = append(s.public, visitTarget{"/q/" + url.PathEscape(slug), norm(names...)},
			visitTarget{"/api/v1/questions/" + url.PathEscape(slug), nil})
	}
	slices.SortFunc(s.public, func(a, b visitTarget) int { return strings.Compare(a.path, b.path) })
	// Profiles of everyone with published work (the writer has only
	// drafts: no profile page), every field of every one.
	for _, u := range append(slices.Clone(seed.people), seed.reviewer) {
		s.public = append(s.public, visitTarget{"/people/" + url.PathEscape(u.Slug), norm(u.Name, u.Credentials, u.Specialty, u.Affiliation, u.Bio)})
	}
	// Histories show the published HTML every question page shows, and
	// who wrote and reviewed it: every other one will do.
	for i, a := range seed.answers {
		if i%2 == 0 {
			s.public = append(s.public, visitTarget{"/answers/" + url.PathEscape(a.AnswerKey()) + "/history", nil})
		}
	}
	s.public = append(s.public, visitTarget{"/", nil}, visitTarget{"/ask?q=" + url.QueryEscape("hostile contributor answer"), nil})

	fb, ok := s.Store.(store.Feedback)
	if !ok {
		t.Fatal("the store keeps no feedback")
	}
	list, _, err := fb.FeedbackSummaries(context.Background(), 0, store.MaxFeedbackPage, store.MaxFeedbackReasons)
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, f := range list {
		for i, r := range f.Reasons {
			if i < 10 { // the page's ten newest per answer
				reasons = append(reasons, r.Reason)
			}
		}
	}
	if len(reasons) < 50 {
		t.Errorf("%d feedback reasons stored; want at least 50", len(reasons))
	}
	s.reviewer = append(s.reviewer, visitTarget{"/review/feedback", norm(reasons...)})

	// The admin's pages: every account listed by name, each account's
	// page, the admin's own account page (its profile in form fields)
	// and the audit log of the editorial steps.
	var names []string
	for i, u := range append(slices.Clone(seed.people), seed.reviewer, seed.writer) {
		names = append(names, u.Name)
		// Every name is on the list; an account's page shows it the
		// same way, so a sample of them will do.
		if i%10 == 0 {
			s.reviewer = append(s.reviewer, visitTarget{fmt.Sprintf("/admin/users/%d", u.ID), norm(u.Name)})
		}
	}
	s.reviewer = append(s.reviewer, visitTarget{"/admin/users", norm(names...)}, visitTarget{"/account", nil}, visitTarget{"/admin/audit", nil})
	// The stale queue names every author with credentials (the
	// signature) beside the hostile reviewer.
	var signatures []string
	for _, u := range seed.people {
		signatures = append(signatures, u.Name)
	}
	s.reviewer = append(s.reviewer, visitTarget{"/review/stale", norm(signatures...)})

	// The review queue lists every proposed wording and author; each
	// proposal's page shows its wording, each revised answer's page the
	// diff against the published text and the hostile comment.
	var wordings, authors []string
	for i, pr := range seed.proposals {
		wordings = append(wordings, pr.ProposedTitle)
		authors = append(authors, seed.people[i].Name)
		// Every wording is in the queue; the review page shows it in
		// its own template, seen with every other one.
		if i%2 == 1 {
			s.reviewer = append(s.reviewer, visitTarget{fmt.Sprintf("/review/submissions/%d", pr.ID), norm(pr.ProposedTitle, seed.people[i].Name)})
		}
	}
	s.reviewer = append(s.reviewer, visitTarget{"/review", norm(append(wordings, authors...)...)},
		visitTarget{"/review?topic=" + url.QueryEscape(seed.proposals[0].ProposedTopic), nil})
	for _, r := range seed.revised {
		s.reviewer = append(s.reviewer, visitTarget{fmt.Sprintf("/review/submissions/%d", r.ID), nil})
	}
	s.reviewer = append(s.reviewer, visitTarget{fmt.Sprintf("/review/submissions/%d", seed.answers[1].ID), nil})

	// The writer's dashboard, drafts and forms.
	var titles []string
	for _, d := range seed.drafts {
		if d.ProposedTitle != "" {
			titles = append(titles, d.ProposedTitle)
		}
		s.writer = append(s.writer, visitTarget{fmt.Sprintf("/contribute/submissions/%d", d.ID), norm(d.ProposedTitle)})
	}
	s.writer = append(s.writer, visitTarget{"/contribute", norm(titles...)}, visitTarget{"/contribute/propose", nil},
		visitTarget{"/contribute/answer", nil})
	for _, r := range seed.revised[:2] {
		s.writer = append(s.writer, visitTarget{"/answers/" + url.PathEscape(r.AnswerKey()) + "/history", nil})
	}
}

// The feedback form in Chromium, as a reader uses it: hostile reasons
// typed into the form under a contributor's answer and sent with the No
// button, with JavaScript off (the form needs none). The browser keeps
// the __Host- voter cookie (on localhost), so its three votes count once;
// each reason arrives as the text typed, and the reviewers' page shows it
// as text. axe-core finds no serious or critical violation on the
// question page with its forms, the thank-you page or the reviewers'
// page.
func TestContributorXSSFeedbackForm(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	axe, err := os.ReadFile(axeScript(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	site := newContributorSite(t)
	tab := hostileTab(t, ctx, false)
	i := slices.IndexFunc(site.public, func(v visitTarget) bool { return strings.HasPrefix(v.path, "/q/") })
	if i < 0 {
		t.Fatal("no question page with contributor answers")
	}
	question := site.public[i].path
	if _, err := chromedp.Call(tab.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	const form = `section.answer form.feedback[action^="/feedback/contrib-"]`
	// Marked, so as not to be mistaken for seedFeedback's reasons.
	typed := []string{payloads[3] + " typed 1", markdownPayloads[0] + " typed 2", payloads[10] + " typed 3"}
	for i, reason := range typed {
		err := chromedp.Do(tab.ctx,
			chromedp.Navigate(site.URL+question),
			chromedp.WaitReady(chromedp.CSS(form)),
			chromedp.SendKeys(chromedp.CSS(form+` input[name=reason]`), reason),
			chromedp.Click(chromedp.CSS(form+` button[value=no]`)),
			chromedp.WaitReady(chromedp.CSS(`meta[name=robots][content=noindex]`)),
		)
		if err != nil {
			t.Fatalf("vote %d: %v", i, err)
		}
	}
	// Scripts back on for the probes and axe-core (Runtime.evaluate
	// waits while they are off), on the last thank-you page, reloaded
	// as it is: the same vote again.
	if _, err := chromedp.Call(tab.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab.ctx, chromedp.Reload(), chromedp.WaitReady(chromedp.CSS(`meta[name=robots][content=noindex]`))); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, tab.ctx, axe, "thank-you page")
	back, err := chromedp.Run(tab.ctx, chromedp.Evaluate[string](`document.querySelector("main a[href^='/q/']").getAttribute("href")`))
	if err != nil {
		t.Fatal(err)
	}
	_, frag, _ := strings.Cut(back, "#answer-")
	key, err := url.PathUnescape(frag)
	if err != nil || key == "" {
		t.Fatalf("thank-you page links back to %q", back)
	}
	cookies, err := chromedp.Call(tab.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{site.URL + "/"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(cookies.Cookies, func(c *network.Cookie) bool {
		return c.Name == "__Host-healthqa-voter" && c.Secure && c.HTTPOnly && c.Path == "/"
	}) {
		t.Errorf("the browser kept no voter cookie: %+v", cookies.Cookies)
	}
	list, _, err := site.Store.(store.Feedback).FeedbackSummaries(context.Background(), 0, store.MaxFeedbackPage, store.MaxFeedbackReasons)
	if err != nil {
		t.Fatal(err)
	}
	var got store.FeedbackSummary
	for _, f := range list {
		if f.AnswerKey == key {
			got = f
		}
	}
	// seedFeedback's votes on this answer are other browsers'; the
	// three typed here are one vote, the last.
	if got.Reasons == nil || got.Reasons[0].Reason != typed[2] || slices.ContainsFunc(got.Reasons, func(r store.FeedbackReason) bool { return r.Reason == typed[0] }) {
		t.Errorf("answer %q: reasons %+v; want the last typed reason, first, and the replaced ones gone", key, got.Reasons)
	}
	if err := chromedp.Do(tab.ctx, chromedp.Navigate(site.URL+question), chromedp.WaitReady(chromedp.CSS(form))); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, tab.ctx, axe, question)
	site.signIn(t, tab.ctx, site.reviewerSession)
	tab.visitProbe(t, site.hostileSite, "/review/feedback", []string{strings.Join(strings.Fields(typed[2]), " ")}, contributorProbeJS)
	axeCheck(t, tab.ctx, axe, "/review/feedback")
	if d := tab.dialogs(); len(d) > 0 {
		t.Errorf("JavaScript dialogs opened: %q", d)
	}
}

// axeCheck runs axe-core on the tab's page: a serious or critical WCAG
// 2.2 A/AA violation fails the test, others are logged.
func axeCheck(t *testing.T, ctx context.Context, axe []byte, page string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
		t.Fatalf("%s: loading axe-core: %v", page, err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](
		`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}).then(r => r.violations)`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", page, err)
	}
	for _, v := range violations {
		msg := fmt.Sprintf("%s: %s (%s): %s, e.g. %v", page, v.ID, v.Impact, v.Help, v.Nodes[0].Target)
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}
