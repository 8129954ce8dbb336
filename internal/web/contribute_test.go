package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"healthqa/internal/model"
)

const loopQuestion = "what-is-restless-legs-syndrome"

// editorialSite is the fixture's content served over TLS with accounts.
func editorialSite(t *testing.T) *testSite {
	t.Helper()
	srv, st := newTestServer(t)
	return siteFor(t, srv, st, nil)
}

// must checks a response's status and returns its body.
func must(t *testing.T, resp *http.Response, status int) string {
	t.Helper()
	b := readBody(t, resp)
	if resp.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d\n%.600s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, status, b)
	}
	return b
}

var submissionPath = regexp.MustCompile(`^/contribute/submissions/(\d+)\?done=saved$`)

// newAnswer has the contributor answer the loop question; it returns
// the submission's id.
func newAnswer(t *testing.T, a *agent, markdown string) string {
	t.Helper()
	resp := a.postForm("/contribute/submissions", url.Values{"question": {loopQuestion}, "markdown": {markdown}})
	must(t, resp, http.StatusSeeOther)
	m := submissionPath.FindStringSubmatch(resp.Header.Get("Location"))
	if m == nil {
		t.Fatalf("created: Location %q", resp.Header.Get("Location"))
	}
	return m[1]
}

func decide(a *agent, id, decision, comment, revision, state string) *http.Response {
	return a.postForm("/review/submissions/"+id+"/decision", url.Values{"decision": {decision}, "comment": {comment},
		"revision": {revision}, "state": {state}})
}

// TestEditorialLoop is the whole workflow through the pages: write,
// save, a refused stale save, submit, changes requested, revise, approve,
// the public question page and API show it, unpublish removes it.
func TestEditorialLoop(t *testing.T) {
	site := editorialSite(t)
	writer := signIn(t, site, model.RoleContributor)
	rev := signIn(t, site, model.RoleReviewer)
	anon := site.anonymous()

	form := must(t, writer.get("/contribute/answer?q="+loopQuestion), http.StatusOK)
	if !strings.Contains(form, `name="question" value="`+loopQuestion+`"`) || !strings.Contains(form, ">Save draft</button>") {
		t.Fatalf("answer form: %.500s", form)
	}
	id := newAnswer(t, writer, "RLS makes the legs *quiverword* at night.")
	edit := "/contribute/submissions/" + id
	must(t, rev.get("/review/submissions/"+id), http.StatusNotFound) // a draft is the author's
	page := must(t, writer.get(edit), http.StatusOK)
	if !strings.Contains(page, "<em>quiverword</em>") || !strings.Contains(page, `name="base" value="1"`) {
		t.Fatalf("edit page lacks the preview or the base: %.2000s", page)
	}
	must(t, writer.postForm(edit, url.Values{"base": {"1"}, "markdown": {"RLS makes the legs quiverword at night, tab one."}}), http.StatusSeeOther)
	// A second tab still at revision 1: refused, its text shown back.
	stale := must(t, writer.postForm(edit, url.Values{"base": {"1"}, "markdown": {"Tab two's <b>text</b>."}}), http.StatusConflict)
	if !strings.Contains(stale, "saved elsewhere") || !strings.Contains(stale, "Tab two&#39;s &lt;b&gt;text&lt;/b&gt;.") ||
		!strings.Contains(stale, `name="base" value="2"`) {
		t.Fatalf("stale save page: %.3000s", stale)
	}
	must(t, writer.postForm(edit+"/submit", url.Values{"revision": {"2"}}), http.StatusSeeOther)

	queue := must(t, rev.get("/review"), http.StatusOK)
	if !strings.Contains(queue, "/review/submissions/"+id) {
		t.Fatalf("queue lacks the submission: %.2000s", queue)
	}
	review := must(t, rev.get("/review/submissions/"+id), http.StatusOK)
	if !strings.Contains(review, "Approve and publish") || !strings.Contains(review, "quiverword") {
		t.Fatalf("review page: %.2000s", review)
	}
	must(t, decide(rev, id, "changes", "Name a source, please.", "2", "submitted"), http.StatusSeeOther)
	dash := must(t, writer.get("/contribute"), http.StatusOK)
	if !strings.Contains(dash, "Name a source, please.") || !strings.Contains(dash, "changes requested") {
		t.Fatalf("dashboard: %.2000s", dash)
	}
	must(t, writer.postForm(edit, url.Values{"base": {"2"}, "markdown": {"RLS makes the legs quiverword at night ([NINDS](https://www.ninds.nih.gov/))."}}), http.StatusSeeOther)
	must(t, writer.postForm(edit+"/submit", url.Values{"revision": {"3"}}), http.StatusSeeOther)
	review = must(t, rev.get("/review/submissions/"+id), http.StatusOK)
	if !strings.Contains(review, "<ins>") || !strings.Contains(review, "the one last reviewed") {
		t.Fatalf("review page lacks the diff: %.3000s", review)
	}
	must(t, decide(rev, id, "approve", "", "3", "submitted"), http.StatusSeeOther)

	for _, path := range []string{"/q/" + loopQuestion, "/api/v1/questions/" + loopQuestion} {
		if b := must(t, anon.get(path), http.StatusOK); !strings.Contains(b, "quiverword") {
			t.Errorf("%s after approval lacks the answer", path)
		}
	}
	must(t, rev.postForm("/review/submissions/"+id+"/unpublish", url.Values{"reason": {"Outdated."}, "revision": {"3"}, "state": {"published"}}), http.StatusSeeOther)
	for _, path := range []string{"/q/" + loopQuestion, "/api/v1/questions/" + loopQuestion} {
		if b := must(t, anon.get(path), http.StatusOK); strings.Contains(b, "quiverword") {
			t.Errorf("%s after unpublish still shows the answer", path)
		}
	}
	dash = must(t, writer.get("/contribute"), http.StatusOK)
	if !strings.Contains(dash, "Outdated.") || !strings.Contains(dash, "unpublished") {
		t.Errorf("dashboard after unpublish: %.2000s", dash)
	}
}

// TestOwnWorkNotDecided: a reviewer who wrote the answer sees no decision
// buttons, and the server refuses the decision anyway.
func TestOwnWorkNotDecided(t *testing.T) {
	site := editorialSite(t)
	both := signIn(t, site, model.RoleContributor, model.RoleReviewer)
	id := newAnswer(t, both, "My own answer.")
	must(t, both.postForm("/contribute/submissions/"+id+"/submit", url.Values{"revision": {"1"}}), http.StatusSeeOther)
	page := must(t, both.get("/review/submissions/"+id), http.StatusOK)
	if strings.Contains(page, "Approve and publish") || !strings.Contains(page, "your own work") {
		t.Fatalf("own work offers a decision: %.2000s", page)
	}
	must(t, decide(both, id, "approve", "", "1", "submitted"), http.StatusForbidden)
	if b := must(t, site.anonymous().get("/q/"+loopQuestion), http.StatusOK); strings.Contains(b, "My own answer") {
		t.Error("self-approval published the answer")
	}
}

// TestOthersWorkHidden: a contributor cannot see or change another's
// submission.
func TestOthersWorkHidden(t *testing.T) {
	site := editorialSite(t)
	a, b := signIn(t, site, model.RoleContributor), signIn(t, site, model.RoleContributor)
	id := newAnswer(t, a, "A's answer.")
	must(t, b.get("/contribute/submissions/"+id), http.StatusNotFound)
	must(t, b.postForm("/contribute/submissions/"+id, url.Values{"base": {"1"}, "markdown": {"B's"}}), http.StatusNotFound)
	must(t, b.postForm("/contribute/submissions/"+id+"/submit", url.Values{"revision": {"1"}}), http.StatusNotFound)
}

// TestConcurrentReviewers: two reviewers approve at once; exactly one
// wins, the other is told of the conflict, one answer is published.
func TestConcurrentReviewers(t *testing.T) {
	site := editorialSite(t)
	writer := signIn(t, site, model.RoleContributor)
	r1, r2 := signIn(t, site, model.RoleReviewer), signIn(t, site, model.RoleReviewer)
	id := newAnswer(t, writer, "Raced answer racedword.")
	must(t, writer.postForm("/contribute/submissions/"+id+"/submit", url.Values{"revision": {"1"}}), http.StatusSeeOther)
	var wg sync.WaitGroup
	codes := make([]int, 2)
	bodies := make([]string, 2)
	for i, r := range []*agent{r1, r2} {
		wg.Go(func() {
			resp := decide(r, id, "approve", "", "1", "submitted")
			codes[i], bodies[i] = resp.StatusCode, readBody(t, resp)
		})
	}
	wg.Wait()
	if !(codes[0] == 303 && codes[1] == 409 || codes[0] == 409 && codes[1] == 303) {
		t.Fatalf("racing approvals: %v, want one 303 and one 409", codes)
	}
	for i, c := range codes {
		if c == 409 && !strings.Contains(bodies[i], "changed meanwhile") {
			t.Errorf("the loser's page does not explain the conflict: %.1000s", bodies[i])
		}
	}
	if n := contributorAnswers(t, site); n != 1 {
		t.Errorf("%d contributor answers in the API, want one", n)
	}
}

// contributorAnswers counts the loop question's contributor answers in
// the public API.
func contributorAnswers(t *testing.T, site *testSite) int {
	t.Helper()
	var q struct {
		Answers []struct {
			Key string `json:"key"`
		} `json:"answers"`
	}
	if err := json.Unmarshal([]byte(must(t, site.anonymous().get("/api/v1/questions/"+loopQuestion), http.StatusOK)), &q); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range q.Answers {
		if strings.HasPrefix(a.Key, "contrib-") {
			n++
		}
	}
	return n
}
