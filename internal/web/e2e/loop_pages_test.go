package e2e

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// newPages are the pages issue 9 adds, as pagePattern names them: each
// must be audited by axe-core with no serious or critical violation.
var newPages = []string{
	"/signin", "/account", "/invite/{token}",
	"/admin/users", "/admin/invites", "/admin/users/{id}", "/admin/sources", "/admin/audit",
	"/account/tokens",
	"/contribute", "/contribute/answer", "/contribute/propose", "/contribute/submissions/{id}",
	"/review", "/review/submissions/{id}", "/review/stale", "/review/feedback",
	"/people/{slug}", "/answers/{key}/history", "/q/{slug}", "/feedback/{key}",
}

// Every page issue 9 adds passes axe-core (WCAG 2.2 A/AA and best
// practice: no serious or critical violation), each audited in the state
// a person meets it in, reached by the people of the loop through the
// site's own links and forms: sign-in, account, invitation, the admin's
// accounts, invitation link, account, sources and audit pages, an
// organization's API tokens, the contributor's dashboard, answer and
// propose forms and submission, the review queue and page, the stale
// queue, readers' feedback counts, the author's profile, the answer's
// history and the question page with a contributor answer and its
// feedback forms.
func TestNewPagesAccessible(t *testing.T) {
	axe, err := os.ReadFile(axeScript(t))
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	site := newLoopSite(t)
	browser := loopBrowser(t)
	js := string(axe)
	c := newCast(t, browser, site, js)

	// The admin: a source for an organization, whose desk is invited and
	// makes an API token; an account's page; the audit log.
	c.admin.visit("/admin/sources")
	c.admin.typeInto("#key", "loop-society")
	c.admin.typeInto("#src-name", "Loop Society of Sleep Medicine")
	c.admin.typeInto("#short", "LSSM")
	c.admin.choose("#kind", "professional society")
	c.admin.click(`form[action="/admin/sources"] button[type=submit]`)
	link := c.admin.invite(orgEmail, "loop-society", "contributor")
	org := newActor(t, browser, site, "organization", js)
	org.accept(site, link, orgName)
	org.visit("/account/tokens")
	org.typeInto("#token-name", "loop uploader")
	org.click(`form[action="/account/tokens"] button[type=submit]`)
	if tok := org.value("#new-token"); len(tok) < 20 {
		t.Errorf("new token %q", tok)
	}
	c.admin.visit("/admin/users")
	c.admin.clickLink(contributorName)

	// The contributor: dashboard, propose form, answer form, submission.
	c.contributor.visit("/contribute")
	c.contributor.visit("/contribute/propose")
	slug := c.contributor.findQuestion(rlsCausesTitle)
	id := c.contributor.draft(revision)
	c.contributor.submit()
	key := "contrib-" + id

	// The reviewer: queue, review page, approval; the stale queue.
	c.reviewer.openReview(id)
	c.reviewer.decide("approve", "")
	c.reviewer.visit("/review/stale")

	// A reader: the question page with the answer and feedback forms, a
	// vote, the author's profile and the answer's history.
	c.anonymous.waitUntil("/q/"+slug, fmt.Sprintf("document.getElementById(%q) !== null", "answer-"+key), "the published answer")
	c.anonymous.typeInto("#answer-"+key+"-reason", "Short and clear.")
	c.anonymous.click(`form[action="/feedback/` + key + `"] button[value="yes"]`)
	c.anonymous.visit("/q/" + slug)
	c.anonymous.click("#answer-" + key + ` .attribution a[href^="/people/"]`)
	c.anonymous.visit("/q/" + slug)
	c.anonymous.click("#answer-" + key + ` .attribution a[href$="/history"]`)

	// The counts of readers' feedback, and the audit log of it all.
	c.reviewer.visit("/review/feedback")
	if got := c.reviewer.text("table.feedback tbody"); !strings.Contains(got, "Short and clear.") {
		t.Errorf("feedback counts do not show the reader's reason: %q", got)
	}
	c.admin.visit("/admin/audit")

	audited := map[string]bool{}
	for _, a := range []*actor{c.admin, c.contributor, c.reviewer, c.anonymous, org} {
		for p := range a.audited {
			audited[p] = true
		}
	}
	for _, p := range newPages {
		if !audited[p] {
			t.Errorf("%s was never audited", p)
		}
	}
	var all []string
	for p := range audited {
		all = append(all, p)
	}
	slices.Sort(all)
	t.Logf("%d page kinds audited in %s: %s", len(all), time.Since(started).Round(time.Second), strings.Join(all, " "))
}

// clickLink follows the link whose text is text.
func (a *actor) clickLink(text string) {
	a.t.Helper()
	href := eval[string](a, `(() => { const l = [...document.querySelectorAll("main a")].find(e => e.textContent.trim() === `+strconv.Quote(text)+`); return l ? l.getAttribute("href") : "" })()`)
	if href == "" {
		a.fatal("no link %q", text)
	}
	a.click(`main a[href="` + href + `"]`)
}
