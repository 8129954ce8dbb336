package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"healthqa/internal/model"
)

// reviewFeedback gets the reviewers' feedback page.
func reviewFeedback(t *testing.T, s *Server, target string) (int, string, http.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	s.feedbackReview(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Code, rec.Body.String(), rec.Header()
}

func TestFeedbackReviewPage(t *testing.T) {
	s, _ := newTestServer(t)
	code, b, _ := reviewFeedback(t, s, "/review/feedback")
	if code != http.StatusOK || !strings.Contains(b, "No reader has given feedback yet.") {
		t.Errorf("empty: status %d, %s", code, b)
	}
	vote(t, s, fbAnswer, yes("clear"), nil, "192.0.2.1:1")
	vote(t, s, fbAnswer, no(`<script>alert(1)</script>`), nil, "192.0.2.2:1")
	vote(t, s, fbAnswer, no(""), nil, "192.0.2.3:1")
	code, b, h := reviewFeedback(t, s, "/review/feedback")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if cc := h.Get("Cache-Control"); cc != "no-store, private" {
		t.Errorf("Cache-Control %q", cc)
	}
	for _, want := range []string{
		`<a href="/q/` + fbQuestion + `#answer-` + fbAnswer + `">What is Meniere&#39;s Disease?</a>`,
		`<td class="num">1</td><td class="num">2</td><td class="num">33%</td>`,
		"Yes: clear", "No: &lt;script&gt;alert(1)&lt;/script&gt;",
		"MedlinePlus Health Topics", "Answers 1–1 of 1",
	} {
		if !strings.Contains(b, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(b, "<script>alert") {
		t.Error("a reason became markup")
	}
	for _, target := range []string{"/review/feedback?page=0", "/review/feedback?page=x", "/review/feedback?page=2"} {
		if code, _, _ := reviewFeedback(t, s, target); code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", target, code)
		}
	}
}

// The whole loop over TLS with real cookie jars: a browser votes twice
// (its __Host- cookie kept and sent back, so the second vote replaces the
// first), another votes once, and the counts show to an admin and to a
// reviewer, not to a contributor.
func TestFeedbackLoopOverTLS(t *testing.T) {
	s, st := newTestServer(t)
	site := siteFor(t, s, st, nil)
	reader := &agent{site: site, c: site.client()}
	for _, form := range []url.Values{yes("first"), no("second thoughts")} {
		if resp := reader.postForm(feedbackAction(fbAnswer), form); resp.StatusCode != http.StatusOK {
			t.Fatalf("vote: status %d", resp.StatusCode)
		}
	}
	other := &agent{site: site, c: site.client()}
	if resp := other.postForm(feedbackAction(fbAnswer), yes("")); resp.StatusCode != http.StatusOK {
		t.Fatalf("vote: status %d", resp.StatusCode)
	}
	for _, role := range []model.Role{model.RoleAdmin, model.RoleReviewer} {
		resp := signIn(t, site, role).get("/review/feedback")
		b := readBody(t, resp)
		if resp.StatusCode != http.StatusOK || !strings.Contains(b, `<td class="num">1</td><td class="num">1</td><td class="num">50%</td>`) ||
			!strings.Contains(b, "No: second thoughts") || strings.Contains(b, "Yes: first") {
			t.Errorf("%s: status %d; want one yes, one no, the replaced reason gone: %s", role, resp.StatusCode, b)
		}
	}
	if resp := signIn(t, site, model.RoleContributor).get("/review/feedback"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor: status %d, want 403", resp.StatusCode)
	}
}
