package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
