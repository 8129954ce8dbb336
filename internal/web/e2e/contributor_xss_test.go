package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"healthqa/internal/account"
	"healthqa/internal/editorial"
	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/sqlite"
	"healthqa/internal/web"
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
// handler for reasons), is shown in Chromium on every page that shows it,
// and nothing runs, loads, becomes markup or a dangerous link; then again
// with the Content-Security-Policy bypassed, so that escaping and
// sanitizing alone are tested.
func TestContributorXSSInChromium(t *testing.T) {
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
			// A browser context of its own: cookies (the session) are
			// per host, not per port, and each pass has its server.
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
			for _, target := range site.public {
				tab.visitProbe(t, site.hostileSite, target.path, target.want, contributorProbeJS)
			}
			site.signIn(t, tab.ctx)
			for _, target := range site.signedIn {
				tab.visitProbe(t, site.hostileSite, target.path, target.want, contributorProbeJS)
			}
			t.Logf("%d public and %d signed-in pages; %d payloads in each field", len(site.public), len(site.signedIn), len(contributorPayloads))
		})
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
	public, signedIn []visitTarget
	session          string // the signed-in reviewer and admin's session token
}

type visitTarget struct {
	path string
	want []string
}

// contributorSeed is where the payloads went, for the visits.
type contributorSeed struct {
	people     []store.User // contributors, then the reviewer
	answers    []store.Submission
	proposals  []store.Submission
	questions  map[string][]string // question slug → its contributors' names
	reasons    map[string][]string // answer key → its feedback reasons
	reviewer   store.User
	refused    map[string]int // field → payloads the write path refused
	reasonKeys []string
}

func newContributorSite(t *testing.T) *contributorSite {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir()+"/xss.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := ingest.MedQuAD(ctx, st, "../../ingest/testdata/medquad", ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	seed := seedContributors(t, st)
	h, err := web.New(st, web.Options{VersionTTL: -1})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	seedFeedback(t, h, seed)
	site := &contributorSite{hostileSite: serveHostile(t, st, h)}
	// Secure (__Host-) cookies are kept by Chromium from http only on
	// localhost, a secure context.
	site.URL = strings.Replace(site.URL, "127.0.0.1", "localhost", 1)
	site.session = newSession(t, st, seed.reviewer)
	site.targets(t, seed)
	return site
}

// seedContributors writes one account per payload, every profile field
// cycling through the payloads so that each lands in each field; each
// account answers a question with payloads in its Markdown, which a
// reviewer (whose own profile is hostile too) approves, and proposes a
// question worded as a payload, left waiting for review.
func seedContributors(t *testing.T, st *sqlite.DB) contributorSeed {
	t.Helper()
	ctx := context.Background()
	c, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := len(contributorPayloads)
	p := func(i int) string { return contributorPayloads[i%n] }
	seed := contributorSeed{questions: map[string][]string{}, reasons: map[string][]string{}, refused: map[string]int{}}
	seed.reviewer = createUser(t, st, &seed, "reviewer", model.Person{Name: "Dr " + p(0), Credentials: p(1), Specialty: p(2), Affiliation: p(3), Bio: p(4)},
		model.RoleReviewer, model.RoleAdmin)
	reviewer := editorial.Actor{UserID: seed.reviewer.ID, Roles: seed.reviewer.Roles}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tick := func() time.Time { now = now.Add(time.Minute); return now }
	for i := range n {
		u := createUser(t, st, &seed, fmt.Sprintf("contributor-%d", i),
			model.Person{Name: p(i), Credentials: p(i + 1), Specialty: p(i + 2), Affiliation: p(i + 3), Bio: p(i+4) + "\n\n" + p(i+5)},
			model.RoleContributor)
		seed.people = append(seed.people, u)
		author := editorial.Actor{UserID: u.ID, Roles: u.Roles}
		q := c.Questions[i%len(c.Questions)]
		md := fmt.Sprintf("Answer %d of a hostile contributor.\n\n%s\n\n%s\n\nThe end.", i, p(i), p(i+17))
		s := mustEditorial(t)(st.CreateSubmission(ctx, store.NewSubmission{Actor: author, QuestionSlug: q.Slug, Text: render(t, md), Now: tick()}))
		s = mustEditorial(t)(st.Step(ctx, store.Step{Actor: author, ID: s.ID, Action: editorial.Submit, SeenRevision: s.Revision, SeenState: s.State, Now: tick()}))
		s = mustEditorial(t)(st.Step(ctx, store.Step{Actor: reviewer, ID: s.ID, Action: editorial.Approve, SeenRevision: s.Revision, SeenState: s.State, Now: tick()}))
		seed.answers = append(seed.answers, s)
		seed.questions[q.Slug] = append(seed.questions[q.Slug], u.Name)
		prop := mustEditorial(t)(st.CreateSubmission(ctx, store.NewSubmission{Actor: author, ProposedTitle: p(i + 9),
			ProposedTopic: q.TopicSlug, ProposedType: "information", Text: render(t, p(i+3)+"\n\nA proposed question's answer."), Now: tick()}))
		prop = mustEditorial(t)(st.Step(ctx, store.Step{Actor: author, ID: prop.ID, Action: editorial.Submit, SeenRevision: prop.Revision, SeenState: prop.State, Now: tick()}))
		seed.proposals = append(seed.proposals, prop)
	}
	for field, k := range seed.refused {
		t.Logf("%s: the write path refused %d of %d payloads", field, k, n)
		if n-k < 50 {
			t.Errorf("%s holds only %d payloads; want at least 50", field, n-k)
		}
	}
	return seed
}

// createUser creates an account the way the invite and profile pages
// do: the profile cleaned by account.CleanProfile (a field it refuses
// is left empty and counted), the slug made from the name.
func createUser(t *testing.T, st *sqlite.DB, seed *contributorSeed, email string, p model.Person, roles ...model.Role) store.User {
	t.Helper()
	fields := []struct {
		name string
		v    *string
	}{{"name", &p.Name}, {"credentials", &p.Credentials}, {"specialty", &p.Specialty}, {"affiliation", &p.Affiliation}, {"bio", &p.Bio}}
	for _, f := range fields {
		one := model.Person{Name: "x"}
		switch f.name {
		case "name":
			one.Name = *f.v
		case "credentials":
			one.Credentials = *f.v
		case "specialty":
			one.Specialty = *f.v
		case "affiliation":
			one.Affiliation = *f.v
		case "bio":
			one.Bio = *f.v
		}
		if _, err := account.CleanProfile(one); err != nil {
			seed.refused[f.name]++
			*f.v = ""
		}
	}
	if p.Name == "" {
		p.Name = "Refused name " + email
	}
	clean, err := account.CleanProfile(p)
	if err != nil {
		t.Fatalf("%s: %v", email, err)
	}
	clean.Slug = account.Slug(clean.Name)
	u, err := st.CreateUser(context.Background(), store.User{Person: clean, Email: email + "@xss.test", Roles: roles, CreatedAt: time.Now()})
	if err != nil {
		t.Fatalf("CreateUser %s: %v", email, err)
	}
	return u
}

func render(t *testing.T, md string) editorial.Rendered {
	t.Helper()
	r, err := editorial.Render(md)
	if err != nil {
		t.Fatalf("rendering %q: %v", md, err)
	}
	return r
}

func mustEditorial(t *testing.T) func(store.Submission, error) store.Submission {
	return func(s store.Submission, err error) store.Submission {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// seedFeedback posts every payload as a feedback reason through the
// feedback handler, ten to an answer (the reviewers' page shows ten per
// answer), each vote from its own client address so that the rate limit,
// tested elsewhere, stays out of the way.
func seedFeedback(t *testing.T, h http.Handler, seed contributorSeed) {
	t.Helper()
	for i, reason := range contributorPayloads {
		key := seed.answers[i/10].AnswerKey()
		form := url.Values{"helpful": {[]string{"yes", "no"}[i%2]}, "reason": {reason}}
		req := httptest.NewRequest(http.MethodPost, "/feedback/"+url.PathEscape(key), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.RemoteAddr = fmt.Sprintf("198.18.%d.%d:1000", i/250, i%250+1)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == http.StatusBadRequest && len([]rune(reason)) > store.MaxFeedbackReason {
			continue
		}
		if rec.Code != http.StatusOK {
			t.Fatalf("feedback %q: status %d: %s", reason, rec.Code, rec.Body)
		}
		seed.reasons[key] = append(seed.reasons[key], strings.TrimSpace(reason))
	}
}

// sessionCookie is the accounts layer's session cookie (internal/web).
const sessionCookie = "__Host-session"

// newSession signs u in as the sign-in page does, in the store: a random
// session id, stored hashed. The browser gets the id as its cookie.
func newSession(t *testing.T, st *sqlite.DB, u store.User) string {
	t.Helper()
	id, hash := account.NewToken("")
	csrf, _ := account.NewToken("")
	if err := st.CreateSession(context.Background(), store.Session{IDHash: hash, UserID: u.ID, CSRFToken: csrf, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return id
}

// signIn gives the tab's browser context the session cookie, as the
// sign-in page's answer would.
func (s *contributorSite) signIn(t *testing.T, ctx context.Context) {
	t.Helper()
	yes := true
	_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: sessionCookie, Value: s.session,
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
		s.public = append(s.public, visitTarget{"/q/" + url.PathEscape(slug), norm(names...)})
	}
	slices.SortFunc(s.public, func(a, b visitTarget) int { return strings.Compare(a.path, b.path) })
	for _, u := range append(slices.Clone(seed.people), seed.reviewer) {
		s.public = append(s.public, visitTarget{"/people/" + url.PathEscape(u.Slug), norm(u.Name, u.Credentials, u.Specialty, u.Affiliation, u.Bio)})
	}
	for _, a := range seed.answers {
		s.public = append(s.public, visitTarget{"/answers/" + url.PathEscape(a.AnswerKey()) + "/history", nil})
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
	s.signedIn = append(s.signedIn, visitTarget{"/review/feedback", norm(reasons...)})

	// The admin's pages: every account listed by name, each account's
	// page, the admin's own account page (its profile in form fields)
	// and the audit log of the editorial steps.
	var names []string
	for i, u := range append(slices.Clone(seed.people), seed.reviewer) {
		names = append(names, u.Name)
		// Every name is on the list; an account's page shows it the
		// same way, so a sample of them will do.
		if i%10 == 0 {
			s.signedIn = append(s.signedIn, visitTarget{fmt.Sprintf("/admin/users/%d", u.ID), norm(u.Name)})
		}
	}
	s.signedIn = append(s.signedIn, visitTarget{"/admin/users", norm(names...)}, visitTarget{"/account", nil}, visitTarget{"/admin/audit", nil})
}
