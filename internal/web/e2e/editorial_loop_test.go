package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// The answer the contributor writes: test text for this test, stating
// causes the way the digest reads them (a colon list, split at
// semicolons) and as the imported NHLBI answer states them, so that the
// digest has points both sources make. The first draft leaves one out;
// the reviewer asks for it.
const (
	rlsCausesTitle = "What causes restless legs syndrome?"
	firstDraft     = "Restless legs syndrome can be caused by: iron deficiency; kidney failure.\n\nThis answer was written for a browser test."
	revision       = "Restless legs syndrome can be caused by: iron deficiency; kidney failure; pregnancy.\n\nThis answer was written for a browser test."
	changesComment = "Please name pregnancy too: the NHLBI answer lists it among the conditions."
	unpublishWhy   = "Withdrawn at the end of the browser test."
	// askCauses is a reader's question about restless legs causes.
	askCauses = "can restless legs syndrome be caused by pregnancy or kidney failure?"
)

// The whole editorial loop in Chromium, as its people do it: the first
// admin, made by the command line, invites a contributor and a reviewer;
// the contributor answers "What causes restless legs syndrome?"; the
// reviewer asks for changes, the contributor revises, the reviewer
// approves; a reader not signed in then finds the answer with its
// attribution on the question page, in /ask, in the API and in the
// digest; the reviewer unpublishes it and the reader, at the same
// addresses and with the same browser cache, no longer does.
func TestEditorialLoop(t *testing.T) {
	started := time.Now()
	site := newLoopSite(t)
	c := newCast(t, loopBrowser(t), site, "")
	l := &loop{t: t, c: c, anon: c.anonymous}

	// The reader opens the question page first: the browser caches it.
	l.anon.visit("/q/what-causes-restless-legs-syndrome")
	// One source answers it with text, so any digest is gathered from
	// the topic's other answers (digest.Gather), never from a contributor.
	if l.anon.has(`section.answer[id^="answer-contrib-"]`) || l.anon.has(`section.digest a[href*="answer-contrib-"]`) {
		t.Fatal("before any contribution the page has a contributor answer or a digest point from one")
	}
	l.write()
	l.requestChanges()
	l.revise()
	before := time.Now().UTC()
	l.approve()
	l.readerSees(before, time.Now().UTC())
	l.unpublish()
	l.readerNoLongerSees()
	t.Logf("the whole loop took %s", time.Since(started).Round(time.Second))
}

// loop is the state of one run of the loop: the cast, the question, the
// submission and the answer's key once published.
type loop struct {
	t             *testing.T
	c             *cast
	anon          *actor
	slug, id, key string
	profile       string // the author's profile page, found from the answer
}

// write: the contributor finds the question and submits a first draft.
func (l *loop) write() {
	l.slug = l.c.contributor.findQuestion(rlsCausesTitle)
	if l.slug != "what-causes-restless-legs-syndrome" {
		l.t.Fatalf("the question's slug is %q", l.slug)
	}
	l.id = l.c.contributor.draft(firstDraft)
	l.c.contributor.submit()
	l.key = "contrib-" + l.id
}

// requestChanges: the reviewer reads it in the queue and asks for changes.
func (l *loop) requestChanges() {
	l.c.reviewer.openReview(l.id)
	if got := l.c.reviewer.text(".answer-preview"); !strings.Contains(got, "kidney failure") {
		l.t.Errorf("review page shows %q", got)
	}
	l.c.reviewer.decide("changes", changesComment)
}

// revise: the contributor sees the comment, revises and resubmits.
func (l *loop) revise() {
	ct := l.c.contributor
	ct.visit("/contribute")
	if got := ct.text("main table tbody"); !strings.Contains(got, changesComment) {
		l.t.Errorf("the contributions list does not show the reviewer's words: %q", got)
	}
	ct.click(`a[href="/contribute/submissions/` + l.id + `"]`)
	if got := ct.text("ol.reviews"); !strings.Contains(got, changesComment) || !strings.Contains(got, reviewerName) {
		l.t.Errorf("the submission's reviews: %q", got)
	}
	ct.typeInto("#markdown", revision)
	ct.click(`form[action="/contribute/submissions/` + l.id + `"] button[type=submit]`)
	ct.submit()
}

// approve: the reviewer sees what changed and approves.
func (l *loop) approve() {
	l.c.reviewer.openReview(l.id)
	if got := l.c.reviewer.text(".diff ins"); !strings.Contains(got, "pregnancy") {
		l.t.Errorf("the diff's insertion is %q; want pregnancy", got)
	}
	l.c.reviewer.decide("approve", "")
}

// readerSees: the reader finds the answer, attributed, on the question
// page, in its digest, in the API, in /ask, on the author's profile and
// in its history; the contributor sees it live.
func (l *loop) readerSees(before, after time.Time) {
	t, anon := l.t, l.anon
	visits := anon.waitUntil("/q/"+l.slug, fmt.Sprintf("document.getElementById(%q) !== null", "answer-"+l.key), "the published answer")
	t.Logf("the question page showed the answer at visit %d after approval", visits)
	if page := anon.fetch("/q/" + l.slug); !strings.Contains(page.CacheControl, "no-cache") {
		t.Errorf("question page Cache-Control %q: a browser could keep the answer after it is unpublished", page.CacheControl)
	}
	checkAttribution(t, anon, l.key, before, after)
	checkDigestOnPage(t, anon, l.key)
	checkAPIs(t, anon, l.slug, l.key, true)
	visits = anon.waitUntil("/ask?q="+url.QueryEscape(askCauses), askFinds(l.slug, l.key), "the answer in /ask results")
	t.Logf("/ask listed the answer at visit %d (the search index is rebuilt in the background)", visits)
	anon.visit("/q/" + l.slug)
	anon.click("#answer-" + l.key + ` .attribution a[href^="/people/"]`)
	l.profile = anon.path()
	if !anon.has(profileLink(l.slug, l.key)) {
		t.Errorf("the contributor's profile %s does not list the answer: %s", l.profile, anon.text("main"))
	}
	if h := anon.fetch("/answers/" + l.key + "/history"); h.Status != 200 || !strings.Contains(h.Body, "pregnancy") {
		t.Errorf("history page: status %d", h.Status)
	}
	l.c.contributor.visit("/contribute")
	if got := l.c.contributor.text("main table tbody"); !strings.Contains(got, "(live)") {
		t.Errorf("the contributor's list does not show the answer live: %q", got)
	}
}

// unpublish: the reviewer unpublishes it, with a reason, on the review
// page of the submission (no longer in the queue: nothing waits).
func (l *loop) unpublish() {
	rv := l.c.reviewer
	rv.visit("/review")
	if rv.has(`a[href="/review/submissions/` + l.id + `"]`) {
		l.t.Error("the published submission is still in the review queue")
	}
	rv.visit("/review/submissions/" + l.id)
	rv.typeInto("#reason", unpublishWhy)
	rv.click(`form[action="/review/submissions/` + l.id + `/unpublish"] button[type=submit]`)
	if p := rv.path(); !strings.HasSuffix(p, "?done=unpub") {
		l.t.Errorf("unpublishing led to %s", p)
	}
}

// readerNoLongerSees: at the same addresses, with the same browser
// cache, the answer is gone everywhere.
func (l *loop) readerNoLongerSees() {
	t, anon := l.t, l.anon
	visits := anon.waitUntil("/q/"+l.slug, fmt.Sprintf("document.getElementById(%q) === null", "answer-"+l.key), "the unpublished answer's removal")
	t.Logf("the question page dropped the answer at visit %d after unpublishing", visits)
	if got := anon.text("main"); strings.Contains(got, "Answered by") || strings.Contains(got, contributorName) {
		t.Errorf("the question page still names the contributor: %q", got)
	}
	if anon.has(`section.digest a[href*="answer-contrib-"]`) || anon.has(`section.digest a[href="#answer-`+l.key+`"]`) {
		t.Error("the question page's digest still links to the unpublished answer")
	}
	checkAPIs(t, anon, l.slug, l.key, false)
	// The contributor has no other published answer: no public profile
	// (docs/READING.md), rather than one listing nothing.
	if p := anon.fetch(l.profile); p.Status != 404 {
		t.Errorf("the profile of a contributor with nothing published: status %d; want 404", p.Status)
	}
	if h := anon.fetch("/answers/" + l.key + "/history"); h.Status != 404 {
		t.Errorf("history page of the unpublished answer: status %d; want 404", h.Status)
	}
	l.c.contributor.visit("/contribute")
	if got := l.c.contributor.text("main table tbody"); strings.Contains(got, "(live)") {
		t.Errorf("the contributor's list still shows the answer live: %q", got)
	}
	l.c.contributor.visit("/contribute/submissions/" + l.id)
	if got := l.c.contributor.text("ol.reviews"); !strings.Contains(got, unpublishWhy) {
		t.Errorf("the contributor does not see why it was unpublished: %q", got)
	}
	// The admin's audit log has every step, by whom.
	l.c.admin.visit("/admin/audit")
	audit := l.c.admin.text("main table")
	for _, step := range []string{"submission.submit", "submission.request_changes", "submission.approve", "submission.unpublish", "invite.accept"} {
		if !strings.Contains(audit, step) {
			t.Errorf("the audit log has no %s", step)
		}
	}
	anon.visit("/ask?q=" + url.QueryEscape(askCauses))
	if eval[bool](anon, askFinds(l.slug, l.key)) || strings.Contains(anon.text("main"), "can be caused by: iron deficiency") {
		t.Errorf("/ask still shows the unpublished answer: %s", anon.text("ol.ask-results"))
	}
}

// profileLink selects the profile's link to the answer.
func profileLink(slug, key string) string {
	return fmt.Sprintf(`main a[href="/q/%s#answer-%s"]`, slug, key)
}

// askFinds is true on an /ask page that links a result to the answer.
func askFinds(slug, key string) string {
	return fmt.Sprintf(`document.querySelector('ol.ask-results a[href="/q/%s#answer-%s"]') !== null`, slug, key)
}

// checkAttribution reads the answer's attribution line on the question
// page: author with credentials and specialty, review date and reviewer.
func checkAttribution(t *testing.T, anon *actor, key string, before, after time.Time) {
	t.Helper()
	sec := "#answer-" + key
	if got := anon.text(sec + " .text"); !strings.Contains(got, "iron deficiency; kidney failure; pregnancy") {
		t.Errorf("the answer shows %q; want the approved revision", got)
	}
	got := anon.text(sec + " .attribution")
	var dated bool
	for _, d := range []time.Time{before, after} {
		dated = dated || strings.Contains(got, "reviewed "+d.Format("2 January 2006")+" by "+reviewerName+", MD, PhD")
	}
	if !strings.HasPrefix(got, "Answered by "+contributorName+", MD — Sleep Medicine") || !dated {
		t.Errorf("attribution %q", got)
	}
}

// checkDigestOnPage: the page's digest, made now that two sources answer,
// names points the contributor's answer states, linked to its sentence.
func checkDigestOnPage(t *testing.T, anon *actor, key string) {
	t.Helper()
	if !anon.has("section.digest") {
		t.Error("no digest on the question page, though two sources answer now")
		return
	}
	type point struct {
		Label string   `json:"label"`
		Links []string `json:"links"`
	}
	points := eval[[]point](anon, `[...document.querySelectorAll("section.digest ol.points li")].map(li => ({
  label: li.querySelector(".point").textContent,
  links: [...li.querySelectorAll("a")].map(a => { const ev = document.getElementById(a.getAttribute("href").slice(1)); const s = ev && ev.closest("section.answer"); return s ? s.id : "none" }),
}))`)
	var theirs []string
	for _, p := range points {
		if slices.Contains(p.Links, "answer-"+key) {
			theirs = append(theirs, p.Label)
		}
	}
	t.Logf("digest on the page: %d points; linked to the contributor's sentence: %q", len(points), theirs)
	if !slices.Contains(theirs, "pregnancy") {
		t.Errorf("no digest point links to the contributor's answer for pregnancy; points: %+v", points)
	}
}

// checkAPIs reads the question and its digest from the API with the
// page's fetch (the browser's cache in between), published or not.
func checkAPIs(t *testing.T, anon *actor, slug, key string, published bool) {
	t.Helper()
	q := anon.fetch("/api/v1/questions/" + slug)
	if q.Status != 200 || !strings.Contains(q.CacheControl, "no-cache") {
		t.Errorf("question API: status %d, Cache-Control %q", q.Status, q.CacheControl)
	}
	var view struct {
		Answers []struct {
			Key    string `json:"key"`
			Author *struct {
				Name        string `json:"name"`
				Credentials string `json:"credentials"`
				Specialty   string `json:"specialty"`
			} `json:"author"`
			Review *struct {
				Reviewer struct {
					Name string `json:"name"`
				} `json:"reviewer"`
				At time.Time `json:"at"`
			} `json:"review"`
		} `json:"answers"`
	}
	if err := json.Unmarshal([]byte(q.Body), &view); err != nil {
		t.Fatalf("question API: %v", err)
	}
	found := false
	for _, a := range view.Answers {
		if a.Key != key {
			continue
		}
		found = true
		if a.Author == nil || a.Author.Name != contributorName || a.Author.Credentials != "MD" || a.Author.Specialty != "Sleep Medicine" ||
			a.Review == nil || a.Review.Reviewer.Name != reviewerName || a.Review.At.IsZero() {
			t.Errorf("question API: the answer's attribution is %+v / %+v", a.Author, a.Review)
		}
	}
	if found != published {
		t.Errorf("question API lists %s: %v; want %v", key, found, published)
	}

	d := anon.fetch("/api/v1/questions/" + slug + "/digest")
	var digest struct {
		Points []struct {
			Label   string   `json:"label"`
			Sources []string `json:"sources"`
		} `json:"points"`
	}
	// With one source left, the digest is gone (404) or gathered from the
	// topic's other answers (200); either way the contributor is not in it.
	if !published && d.Status == 404 {
		return
	}
	if err := json.Unmarshal([]byte(d.Body), &digest); d.Status != 200 || err != nil {
		t.Fatalf("digest API: status %d, %v: %s", d.Status, err, d.Body)
	}
	var theirs []string
	for _, p := range digest.Points {
		if slices.Contains(p.Sources, "contributors") {
			theirs = append(theirs, fmt.Sprintf("%s %v", p.Label, p.Sources))
		}
	}
	t.Logf("digest API: %d points; with the contributor's source: %q", len(digest.Points), theirs)
	if !published {
		if len(theirs) > 0 {
			t.Errorf("digest API after unpublishing still has the contributor's points: %q", theirs)
		}
		return
	}
	for _, want := range []string{"iron deficiency", "kidney failure", "pregnancy"} {
		if !slices.ContainsFunc(theirs, func(s string) bool { return strings.HasPrefix(s, want+" [") }) {
			t.Errorf("digest API: no point %q with the contributors source", want)
		}
	}
}
