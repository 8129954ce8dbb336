package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"healthqa/internal/ingest"
	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
)

// An answer of the fixture and its question.
const (
	fbQuestion = "what-is-menieres-disease"
	fbAnswer   = "MPlusHealthTopics_0000520-1"
)

// vote posts the feedback form as a browser on this site would.
func vote(t *testing.T, h http.Handler, key string, form url.Values, cookie *http.Cookie, remote string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, feedbackAction(key), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if cookie != nil {
		req.AddCookie(cookie)
	}
	if remote != "" {
		req.RemoteAddr = remote
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func yes(reason string) url.Values { return url.Values{"helpful": {"yes"}, "reason": {reason}} }
func no(reason string) url.Values  { return url.Values{"helpful": {"no"}, "reason": {reason}} }

func voterCookieOf(t *testing.T, resp *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == voterCookie {
			return c
		}
	}
	return nil
}

func feedbackOf(t *testing.T, st store.Store, key string) store.FeedbackSummary {
	t.Helper()
	list, _, err := st.(store.Feedback).FeedbackSummaries(context.Background(), 0, store.MaxFeedbackPage, store.MaxFeedbackReasons)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range list {
		if f.AnswerKey == key {
			return f
		}
	}
	return store.FeedbackSummary{}
}

func TestFeedbackVote(t *testing.T) {
	s, st := newTestServer(t)
	resp := vote(t, s, fbAnswer, yes("  clear and short  "), nil, "")
	b := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, b)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	for _, want := range []string{"Thank you", `href="/q/` + fbQuestion + `#answer-` + fbAnswer + `"`, "found this answer helpful"} {
		if !strings.Contains(b, want) {
			t.Errorf("thank-you page lacks %q", want)
		}
	}
	c := voterCookieOf(t, resp)
	if c == nil {
		t.Fatal("no voter cookie")
	}
	if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" || c.MaxAge <= 0 || len(c.Value) != 43 {
		t.Errorf("voter cookie %+v: want __Host- rules (Secure, Path=/, no Domain), HttpOnly, Lax, lasting, 32 random bytes", c)
	}
	got := feedbackOf(t, st, fbAnswer)
	if got.Yes != 1 || got.No != 0 || len(got.Reasons) != 1 || got.Reasons[0].Reason != "clear and short" {
		t.Errorf("stored %+v", got)
	}
}

// At most one vote per browser per answer: the same cookie replaces its
// vote; another browser (no cookie) adds one; a forged cookie is
// replaced by a fresh one.
func TestFeedbackOneVotePerBrowser(t *testing.T) {
	s, st := newTestServer(t)
	first := vote(t, s, fbAnswer, yes(""), nil, "")
	c := voterCookieOf(t, first)
	if c == nil {
		t.Fatal("no voter cookie")
	}
	for i := range 3 {
		resp := vote(t, s, fbAnswer, no("changed my mind"), c, "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("vote %d: status %d", i, resp.StatusCode)
		}
		if voterCookieOf(t, resp) != nil {
			t.Error("a browser with a valid voter cookie was given another")
		}
	}
	if got := feedbackOf(t, st, fbAnswer); got.Yes != 0 || got.No != 1 {
		t.Errorf("one browser voting four times counted %d yes, %d no; want its last vote only", got.Yes, got.No)
	}
	other := vote(t, s, fbAnswer, yes(""), nil, "")
	forged := vote(t, s, fbAnswer, yes(""), &http.Cookie{Name: voterCookie, Value: "not-a-token"}, "")
	if fc := voterCookieOf(t, forged); fc == nil || fc.Value == "not-a-token" {
		t.Errorf("a malformed voter cookie was kept: %+v", fc)
	}
	if oc := voterCookieOf(t, other); oc == nil || oc.Value == c.Value {
		t.Error("two browsers share a voter id")
	}
	if got := feedbackOf(t, st, fbAnswer); got.Yes != 2 || got.No != 1 {
		t.Errorf("three browsers counted %d yes, %d no; want 2 and 1", got.Yes, got.No)
	}
}

// The form's address carries any answer key intact, as one path segment.
func TestFeedbackActionKeys(t *testing.T) {
	rec := &recordingFeedback{}
	s, _ := newTestServer(t)
	s.opts.Feedback = rec
	for _, key := range []string{fbAnswer, "CancerGov_0000013_2-1@0000013_2_1.xml", `a/b?c#d e"><img src=x>`, "contrib-12", "ünï"} {
		resp := vote(t, s, key, yes(""), nil, "")
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%q: status %d", key, resp.StatusCode)
		}
		if rec.last.AnswerKey != key {
			t.Errorf("posted %q, the store got %q", key, rec.last.AnswerKey)
		}
	}
}

type recordingFeedback struct {
	store.Feedback
	last store.FeedbackVote
}

func (r *recordingFeedback) RecordFeedback(_ context.Context, v store.FeedbackVote) (string, error) {
	r.last = v
	return fbQuestion, nil
}

func (r *recordingFeedback) TakeVoteToken(context.Context, string, time.Time, store.TokenBucket) (bool, time.Duration, error) {
	return true, 0, nil
}

func TestFeedbackRefused(t *testing.T) {
	s, st := newTestServer(t)
	tests := []struct {
		name   string
		key    string
		form   url.Values
		header []string
		status int
	}{
		{"unknown answer", "no-such-answer", yes(""), nil, http.StatusNotFound},
		{"no answer key", "", yes(""), nil, http.StatusMethodNotAllowed}, // "/feedback/" is no form's address
		{"no vote", fbAnswer, url.Values{"reason": {"hm"}}, nil, http.StatusBadRequest},
		{"other vote", fbAnswer, url.Values{"helpful": {"maybe"}}, nil, http.StatusBadRequest},
		{"reason too long", fbAnswer, yes(strings.Repeat("é", store.MaxFeedbackReason+1)), nil, http.StatusBadRequest},
		{"reason not UTF-8", fbAnswer, yes("bad \xff"), nil, http.StatusBadRequest},
		{"body too large", fbAnswer, url.Values{"helpful": {"yes"}, "pad": {strings.Repeat("x", maxFeedbackBody)}}, nil, http.StatusRequestEntityTooLarge},
		{"cross-site", fbAnswer, yes(""), []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"other origin", fbAnswer, yes(""), []string{"Sec-Fetch-Site", "", "Origin", "https://evil.example"}, http.StatusForbidden},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, feedbackAction(tc.key), strings.NewReader(tc.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			for j := 0; j+1 < len(tc.header); j += 2 {
				req.Header.Set(tc.header[j], tc.header[j+1])
			}
			// Each case from its own address, so the rate limit stays out.
			req.RemoteAddr = "198.51.100." + strconv.Itoa(i+1) + ":5000"
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d: %s", rec.Code, tc.status, rec.Body.String())
			}
			if voterCookieOf(t, rec.Result()) != nil {
				t.Error("a refused vote set a voter cookie")
			}
		})
	}
	if got := feedbackOf(t, st, fbAnswer); got.Yes+got.No != 0 {
		t.Errorf("refused votes were counted: %+v", got)
	}
	if resp := do(t, s, http.MethodGet, feedbackAction(fbAnswer)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET of the feedback address: status %d, want 404", resp.StatusCode)
	}
}

// Hostile reasons are kept as the text they are and never become markup
// on the thank-you page.
func TestFeedbackHostileReasons(t *testing.T) {
	s, st := newTestServer(t)
	reasons := []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `[x](javascript:alert(1))`, `{{.}} %s '; DROP TABLE feedback_votes; --`}
	for i, r := range reasons {
		resp := vote(t, s, fbAnswer, no(r), nil, "203.0.113."+strconv.Itoa(i+1)+":1")
		if b := body(t, resp); resp.StatusCode != http.StatusOK || strings.Contains(b, "<script>alert") || strings.Contains(b, "<img") {
			t.Errorf("%q: status %d, body %s", r, resp.StatusCode, b)
		}
	}
	got := feedbackOf(t, st, fbAnswer)
	if len(got.Reasons) != len(reasons) {
		t.Fatalf("%d reasons stored, want %d", len(got.Reasons), len(reasons))
	}
	for i, r := range got.Reasons {
		if want := reasons[len(reasons)-1-i]; r.Reason != want {
			t.Errorf("stored %q, want %q", r.Reason, want)
		}
	}
	// Control and bidi characters are dropped, as from imported text.
	vote(t, s, fbAnswer, no("a\u202Eb\x1bc"), nil, "203.0.113.99:1")
	if got := feedbackOf(t, st, fbAnswer); got.Reasons[0].Reason != "abc" {
		t.Errorf("stored %q, want control characters dropped", got.Reasons[0].Reason)
	}
}

func TestFeedbackRateLimit(t *testing.T) {
	s, st := newTestServer(t)
	const client = "192.0.2.7:4000"
	for i := range feedbackBurst {
		if resp := vote(t, s, fbAnswer, yes(""), nil, client); resp.StatusCode != http.StatusOK {
			t.Fatalf("vote %d: status %d", i+1, resp.StatusCode)
		}
	}
	resp := vote(t, s, fbAnswer, yes(""), nil, client)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("vote past the burst: status %d, want 429", resp.StatusCode)
	}
	if ra, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || ra < 1 || ra > int(feedbackEvery.Seconds()) {
		t.Errorf("Retry-After %q, want 1–%v seconds", resp.Header.Get("Retry-After"), feedbackEvery.Seconds())
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("429 Cache-Control %q", cc)
	}
	// The same host on another port is the same client; another is not.
	if resp := vote(t, s, fbAnswer, yes(""), nil, "192.0.2.7:4001"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("same address, other port: status %d, want 429", resp.StatusCode)
	}
	if resp := vote(t, s, fbAnswer, yes(""), nil, "192.0.2.8:4000"); resp.StatusCode != http.StatusOK {
		t.Errorf("another client: status %d, want 200", resp.StatusCode)
	}
	if got := feedbackOf(t, st, fbAnswer); got.Yes != feedbackBurst+1 {
		t.Errorf("%d votes counted, want %d", got.Yes, feedbackBurst+1)
	}
}

// countingFeedback counts the store's vote-token transactions.
type countingFeedback struct {
	store.Feedback
	takes atomic.Int64
}

func (c *countingFeedback) TakeVoteToken(ctx context.Context, client string, now time.Time, rule store.TokenBucket) (bool, time.Duration, error) {
	c.takes.Add(1)
	return c.Feedback.TakeVoteToken(ctx, client, now, rule)
}

// A flood of votes past the burst is refused by the node that knows the
// bucket is empty, without a database transaction per request.
func TestFeedbackFloodSparesTheDatabase(t *testing.T) {
	s, st := newTestServer(t)
	counted := &countingFeedback{Feedback: st}
	s.opts.Feedback = counted
	const client, flood = "192.0.2.99:1", 50
	refused := 0
	for range feedbackBurst + flood {
		if resp := vote(t, s, fbAnswer, yes(""), nil, client); resp.StatusCode == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != flood {
		t.Errorf("%d votes refused, want the %d past the burst", refused, flood)
	}
	if n := counted.takes.Load(); n > feedbackBurst+2 {
		t.Errorf("%d token transactions for %d votes; want the burst's and about one per refill", n, feedbackBurst+flood)
	}
}

// Two nodes on one database share a client's bucket: votes sent to
// both in turn get the burst once between them, not once each.
func TestFeedbackRateLimitSharedByNodes(t *testing.T) {
	ctx := context.Background()
	st, dsn := testdb.Open(t)
	if _, err := ingest.MedQuAD(ctx, st, fixture, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	var nodes []*Server
	for _, nodeStore := range []store.Store{st, testdb.Reopen(t, dsn)} {
		s, err := New(nodeStore, Options{BaseURL: "https://healthqa.test", VersionTTL: -1})
		if err != nil {
			t.Fatal(err)
		}
		nodes = append(nodes, s)
	}
	const client = "192.0.2.77:4000"
	for i := range feedbackBurst {
		if resp := vote(t, nodes[i%2], fbAnswer, yes(""), nil, client); resp.StatusCode != http.StatusOK {
			t.Fatalf("vote %d, node %d: status %d", i+1, i%2, resp.StatusCode)
		}
	}
	for i, s := range nodes {
		if resp := vote(t, s, fbAnswer, yes(""), nil, client); resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("node %d, past the burst the nodes shared: status %d, want 429", i, resp.StatusCode)
		}
	}
}

// Votes change nothing a reader sees: the cached question page is served
// byte for byte as before, with the same ETag, from the same cache entry.
func TestFeedbackLeavesPublicPageAlone(t *testing.T) {
	s, st := newTestServer(t)
	before := do(t, s, http.MethodGet, "/q/"+fbQuestion)
	beforeBody := body(t, before)
	v0, err := st.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		vote(t, s, fbAnswer, url.Values{"helpful": {[]string{"yes", "no"}[i%2]}, "reason": {"reason " + strconv.Itoa(i)}}, nil, "192.0.2.50:1")
	}
	v1, err := st.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v1 != v0 {
		t.Errorf("votes moved the content version from %d to %d", v0, v1)
	}
	after := do(t, s, http.MethodGet, "/q/"+fbQuestion)
	if afterBody := body(t, after); !bytes.Equal([]byte(afterBody), []byte(beforeBody)) {
		t.Error("the question page changed after votes")
	}
	if before.Header.Get("ETag") == "" || after.Header.Get("ETag") != before.Header.Get("ETag") {
		t.Errorf("ETag %q before, %q after", before.Header.Get("ETag"), after.Header.Get("ETag"))
	}
	key, _ := s.cacheKey(httptest.NewRequest(http.MethodGet, "/q/"+fbQuestion, nil))
	if s.cache.get(key, v0) == nil {
		t.Error("the cached question page was dropped")
	}
	for _, want := range []string{`action="/feedback/` + fbAnswer + `"`, `name="helpful" value="yes"`, `name="reason" maxlength="280"`} {
		if !strings.Contains(beforeBody, want) {
			t.Errorf("question page lacks %s", want)
		}
	}
	if n := strings.Count(beforeBody, `<form class="feedback"`); n != strings.Count(beforeBody, `<section class="answer"`) || n == 0 {
		t.Errorf("%d feedback forms for %d answers", n, strings.Count(beforeBody, `<section class="answer"`))
	}
}
