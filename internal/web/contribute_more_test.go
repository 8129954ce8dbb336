package web

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"healthqa/internal/model"
)

// TestProposeQuestion: a contributor proposes a question with its
// answer; approved, the question exists with the corpus's slug and
// shows the answer; unpublished, it is gone.
func TestProposeQuestion(t *testing.T) {
	site := editorialSite(t)
	writer := signIn(t, site, model.RoleContributor)
	rev := signIn(t, site, model.RoleReviewer)
	form := must(t, writer.get("/contribute/propose"), http.StatusOK)
	if !strings.Contains(form, `<option value="causes">Causes</option>`) {
		t.Fatalf("propose form lacks the question types: %.1500s", form)
	}
	bad := must(t, writer.postForm("/contribute/submissions", url.Values{"title": {"Why?"}, "topic": {"restless-legs-syndrome"},
		"type": {"prevention"}, "markdown": {"Kept text proposeword."}}), http.StatusBadRequest)
	if !strings.Contains(bad, "at least 10 characters") || !strings.Contains(bad, "Kept text proposeword.") {
		t.Fatalf("a refused proposal must keep the text: %.2000s", bad)
	}
	unknown := must(t, writer.postForm("/contribute/submissions", url.Values{"title": {"Can RLS be prevented at all?"}, "topic": {"no-such-topic"},
		"type": {"prevention"}, "markdown": {"Text."}}), http.StatusBadRequest)
	if !strings.Contains(unknown, "No topic &#34;no-such-topic&#34;.") {
		t.Fatalf("unknown topic: %.2000s", unknown)
	}
	resp := writer.postForm("/contribute/submissions", url.Values{"title": {"Can RLS be prevented at all?"}, "topic": {"restless-legs-syndrome"},
		"type": {"prevention"}, "markdown": {"Sleep well: proposeword."}})
	must(t, resp, http.StatusSeeOther)
	id := submissionPath.FindStringSubmatch(resp.Header.Get("Location"))[1]
	must(t, writer.postForm("/contribute/submissions/"+id+"/submit", url.Values{"revision": {"1"}}), http.StatusSeeOther)
	page := must(t, rev.get("/review/submissions/"+id), http.StatusOK)
	if !strings.Contains(page, "/q/can-rls-be-prevented-at-all") {
		t.Fatalf("review page does not say where a new question goes: %.2000s", page)
	}
	must(t, decide(rev, id, "approve", "", "1", "submitted"), http.StatusSeeOther)
	q := must(t, site.anonymous().get("/q/can-rls-be-prevented-at-all"), http.StatusOK)
	if !strings.Contains(q, "proposeword") {
		t.Fatalf("the new question lacks its answer")
	}
	must(t, rev.postForm("/review/submissions/"+id+"/unpublish", url.Values{"reason": {"Not a real question."}, "revision": {"1"}, "state": {"published"}}), http.StatusSeeOther)
	must(t, site.anonymous().get("/q/can-rls-be-prevented-at-all"), http.StatusNotFound)
}

// TestTwoTabsSaving: two saves of one draft at once: one is stored, the
// other refused with its text shown back, nothing lost or doubled.
func TestTwoTabsSaving(t *testing.T) {
	site := editorialSite(t)
	writer := signIn(t, site, model.RoleContributor)
	id := newAnswer(t, writer, "Start.")
	var wg sync.WaitGroup
	codes, bodies := make([]int, 2), make([]string, 2)
	for i := range 2 {
		wg.Go(func() {
			resp := writer.postForm("/contribute/submissions/"+id, url.Values{"base": {"1"}, "markdown": {"Tab number " + string(rune('A'+i)) + " text."}})
			codes[i], bodies[i] = resp.StatusCode, readBody(t, resp)
		})
	}
	wg.Wait()
	loser := -1
	for i, c := range codes {
		if c == http.StatusConflict {
			loser = i
		}
	}
	if loser < 0 || codes[1-loser] != http.StatusSeeOther {
		t.Fatalf("two saves: %v, want one 303 and one 409", codes)
	}
	if !strings.Contains(bodies[loser], "Tab number "+string(rune('A'+loser))+" text.") {
		t.Errorf("the refused text is not shown back")
	}
	page := must(t, writer.get("/contribute/submissions/"+id), http.StatusOK)
	if !regexp.MustCompile(`Revision</dt><dd>2,`).MatchString(page) || !strings.Contains(page, "Tab number "+string(rune('A'+1-loser))) {
		t.Errorf("after the race the newest revision is not the winner's 2nd: %.2000s", page)
	}
}

func TestSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{`sqlite: create submission: invalid: no topic "x"`, `No topic "x".`},
		{`sqlite: save submission 3: not possible in this state: it was rejected`, `Not possible in this state: it was rejected.`},
		{`sqlite: create submission: already exists: submission 2 already answers this question; revise it instead`, `Submission 2 already answers this question; revise it instead.`},
		{`the answer is empty: write the answer's text`, `The answer is empty: write the answer's text.`},
		// PostgreSQL's store prefixes its errors so (issue 10).
		{`postgres: create submission: invalid: no topic "x"`, `No topic "x".`},
		{`postgres: save submission 3: not possible in this state: it was rejected`, `Not possible in this state: it was rejected.`},
	}
	for _, tt := range tests {
		if got := sentence(errors.New(tt.in)); got != tt.want {
			t.Errorf("sentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMultipartForms: the answer forms are multipart, as the templates
// send them; a text that percent-encoding would have taken past the
// server's 64 KiB body bound is saved whole.
func TestMultipartForms(t *testing.T) {
	site := editorialSite(t)
	writer := signIn(t, site, model.RoleContributor)
	form := must(t, writer.get("/contribute/answer?q="+loopQuestion), http.StatusOK)
	if !strings.Contains(form, `enctype="multipart/form-data"`) {
		t.Fatal("the answer form is not multipart")
	}
	text := strings.Repeat("é, ü; “ø” — ", 1300) // about 26 KiB, 70 KiB percent-encoded
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"csrf": writer.CSRF, "question": loopQuestion, "markdown": text} {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, site.ts.URL+"/contribute/submissions", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp := writer.do(req)
	must(t, resp, http.StatusSeeOther)
	id := submissionPath.FindStringSubmatch(resp.Header.Get("Location"))[1]
	page := must(t, writer.get("/contribute/submissions/"+id), http.StatusOK)
	if strings.Count(page, "“ø”") < 1300 {
		t.Error("the saved text is not whole")
	}
}
