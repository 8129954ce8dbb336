package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// The people of the editorial loop. Their names are made up; their
// answer is test text written for these tests, shown nowhere but in the
// test's own database.
const (
	contributorName  = "Carla Quinn"
	contributorEmail = "carla@loop.test"
	reviewerName     = "Rafael Ortiz"
	reviewerEmail    = "rafael@loop.test"
	orgEmail         = "desk@loop.test"
	orgName          = "Loop Society Desk"
	castPassword     = "a long pass phrase for the loop 42"
)

// cast is the admin, a contributor and a reviewer, each signed in in a
// browser context of their own, and the reading public.
type cast struct {
	admin, contributor, reviewer, anonymous *actor
}

// newCast signs the CLI-made admin in, who invites a contributor (a
// person, with credentials and a specialty) and a reviewer; each accepts
// the invitation in their own browser context and fills in a profile.
// With axe set, every page any of them lands on is audited.
func newCast(t *testing.T, browser context.Context, site *loopSite, axe string) *cast {
	t.Helper()
	c := &cast{
		admin:       newActor(t, browser, site, "admin", axe),
		contributor: newActor(t, browser, site, "contributor", axe),
		reviewer:    newActor(t, browser, site, "reviewer", axe),
		anonymous:   newActor(t, browser, site, "anonymous", axe),
	}
	c.admin.signIn(site.adminEmail, site.adminPass)
	link := c.admin.invite(contributorEmail, "", "contributor")
	c.contributor.accept(site, link, contributorName)
	c.contributor.setProfile("MD", "Sleep Medicine")
	link = c.admin.invite(reviewerEmail, "", "reviewer")
	c.reviewer.accept(site, link, reviewerName)
	c.reviewer.setProfile("MD, PhD", "Neurology")
	return c
}

func (a *actor) signIn(email, password string) {
	a.t.Helper()
	a.visit("/signin")
	a.typeInto("#email", email)
	a.typeInto("#password", password)
	a.click(`form[action="/signin"] button[type=submit]`)
	if p := a.path(); !strings.HasPrefix(p, "/account") {
		a.fatal("signing in led to %s: %s", p, a.text("main"))
	}
}

// invite makes an invitation link on the admin's accounts page and
// reads it from the page, where it is shown once.
func (a *actor) invite(email, source string, roles ...string) string {
	a.t.Helper()
	a.visit("/admin/users")
	a.typeInto("#invite-email", email)
	for _, r := range roles {
		a.check(`input[name="role"][value="` + r + `"]`)
	}
	if source != "" {
		a.choose("#invite-source", source)
	}
	a.click(`form[action="/admin/invites"] button[type=submit]`)
	link := a.value("#invite-link")
	if !strings.HasPrefix(link, a.base+"/invite/") {
		a.fatal("invitation link %q", link)
	}
	return link
}

// accept opens the invitation link, chooses a name and a password, and
// lands signed in on the account page.
func (a *actor) accept(site *loopSite, link, name string) {
	a.t.Helper()
	a.visit(strings.TrimPrefix(link, site.URL))
	if h := a.text("h1"); h != "Accept your invitation" {
		a.fatal("invitation page: %q", h)
	}
	a.typeInto("#name", name)
	a.typeInto("#new-password", castPassword)
	a.typeInto("#again", castPassword)
	a.click(`form.account button[type=submit]`)
	if p := a.path(); p != "/account?done=welcome" {
		a.fatal("accepting led to %s: %s", p, a.text("main"))
	}
}

func (a *actor) setProfile(credentials, specialty string) {
	a.t.Helper()
	a.typeInto("#credentials", credentials)
	a.typeInto("#specialty", specialty)
	a.click(`form[action="/account/profile"] button[type=submit]`)
	if p := a.path(); p != "/account?done=profile" {
		a.fatal("saving the profile led to %s: %s", p, a.text("main"))
	}
}

// findQuestion looks a question up by its words on the answer form's
// search, as a contributor does, and opens its answer form; it returns
// the question's slug.
func (a *actor) findQuestion(title string) string {
	a.t.Helper()
	a.visit("/contribute/answer")
	a.typeInto("#find", title)
	a.click(`form[action="/contribute/answer"] button[type=submit]`)
	href := eval[string](a, `(() => { const l = [...document.querySelectorAll("main li a")].find(e => e.textContent.trim() === `+strconv.Quote(title)+`); return l ? l.getAttribute("href") : "" })()`)
	slug, ok := strings.CutPrefix(href, "/contribute/answer?q=")
	if !ok {
		a.fatal("the search for %q does not list it: %s", title, a.text("main"))
	}
	a.click(`main li a[href="` + href + `"]`)
	if h := a.text("h1"); h != "Answer: "+title {
		a.fatal("answer form heading %q", h)
	}
	return slug
}

// draft types an answer into the open form and saves it; it returns the
// submission's id.
func (a *actor) draft(markdown string) string {
	a.t.Helper()
	a.typeInto("#markdown", markdown)
	a.click(`form[action="/contribute/submissions"] button[type=submit]`)
	return a.idIn("/contribute/submissions/")
}

// submit sends the open submission for review.
func (a *actor) submit() {
	a.t.Helper()
	a.click(`form[action$="/submit"] button[type=submit]`)
	if p := a.path(); !strings.HasSuffix(p, "?done=submitted") {
		a.fatal("submitting led to %s: %s", p, a.text("main"))
	}
}

// openReview finds the submission in the review queue and opens it.
func (a *actor) openReview(id string) {
	a.t.Helper()
	a.visit("/review")
	a.click(`a[href="/review/submissions/` + id + `"]`)
}

// decide comments and clicks one of approve, changes, reject on the open
// review page.
func (a *actor) decide(decision, comment string) {
	a.t.Helper()
	if comment != "" {
		a.typeInto("#comment", comment)
	}
	a.click(`button[name="decision"][value="` + decision + `"]`)
	if p := a.path(); !strings.Contains(p, "?done=") {
		a.fatal("deciding %s led to %s: %s", decision, p, a.text("main"))
	}
}
