package web

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"healthqa/internal/ingest"
	"healthqa/internal/store/testdb"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const fixture = "../ingest/testdata/medquad"

var importTime = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// newTestServer serves the small MedQuAD fixture from a fresh database
// on the backend of this test run (internal/store/testdb).
func newTestServer(t testing.TB) (*Server, testdb.Store) {
	t.Helper()
	ctx := context.Background()
	st, _ := testdb.Open(t)
	if _, err := ingest.MedQuAD(ctx, st, fixture, ingest.Options{Now: func() time.Time { return importTime }}); err != nil {
		t.Fatal(err)
	}
	s, err := New(st, Options{BaseURL: "https://healthqa.test", VersionTTL: -1})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	return s, st
}

func do(t *testing.T, h http.Handler, method, target string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Golden files hold every page kind as rendered from the fixture; run
// `go test ./internal/web -update` after an intended change and review
// the diff.
func TestPagesGolden(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		name, target string
		status       int
	}{
		{"home", "/", 200},
		{"question", "/q/what-is-restless-legs-syndrome", 200},
		{"question-withheld", "/q/what-causes-menieres-disease", 200},
		{"question-hostile", "/q/what-is-menieres-disease", 200},
		{"topic", "/topics/restless-legs-syndrome", 200},
		{"topics", "/topics", 200},
		{"topics-letter", "/topics?letter=m", 200},
		{"sources", "/sources", 200},
		{"source", "/sources/NINDS", 200},
		{"ask-empty", "/ask", 200},
		{"ask", "/ask?q=my+mom+has+rls+-+what+causes+it%3F", 200},
		{"ask-misspelled", "/ask?q=what+is+meniers+disease", 200},
		{"ask-nothing", "/ask?q=zzzz+qqqq", 200},
		{"not-found", "/q/no-such-question", 404},
		{"bad-request", "/topics?page=zero", 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := do(t, s, "GET", tc.target)
			got := body(t, resp)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			golden(t, filepath.Join("testdata", "golden", tc.name+".html"), got)
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the rendered page; run with -update and review the diff\n--- got ---\n%s", path, got)
	}
}

func TestQuestionPageContent(t *testing.T) {
	s, _ := newTestServer(t)
	page := body(t, do(t, s, "GET", "/q/what-is-restless-legs-syndrome"))
	for _, want := range []string{
		"<h1>What is restless legs syndrome?</h1>",
		`<a href="/sources/NINDS">National Institute of Neurological Disorders and Stroke</a>`,
		`<a href="/sources/GHR">Genetics Home Reference</a>`,
		"Based on information from the National Institute of Neurological Disorders and Stroke.",
		`href="http://www.ninds.nih.gov/disorders/restless_legs/restless_legs.htm"`,
		"Continue learning about Restless legs syndrome",
		"More answers (1)",
		"not medical advice",
		`<link rel="canonical" href="https://healthqa.test/q/what-is-restless-legs-syndrome">`,
		"It&#39;s common.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("question page lacks %q", want)
		}
	}
	withheld := body(t, do(t, s, "GET", "/q/what-causes-menieres-disease"))
	if !strings.Contains(withheld, "Read this answer on MedlinePlus") {
		t.Error("an answer without licensed text must link to its source")
	}
}

func TestHostileTextIsEscaped(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/q/what-is-menieres-disease", "/ask?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/api/v1/questions/what-is-menieres-disease"} {
		page := body(t, do(t, s, "GET", target))
		if strings.Contains(page, "<script>alert") {
			t.Errorf("%s: raw script from the data or the query reached the page", target)
		}
		if !strings.Contains(page, "alert(1)") {
			t.Errorf("%s: the text was dropped instead of escaped", target)
		}
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/", "/q/what-is-restless-legs-syndrome", "/nope", "/api/v1/stats", "/api/v1/nope", "/robots.txt", "/sitemap.xml", "/healthz", s.assets.url("style.css")} {
		resp := do(t, s, "GET", target)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", target, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", target, h)
		}
	}
}

func TestConditionalRequests(t *testing.T) {
	s, _ := newTestServer(t)
	const target = "/q/what-is-restless-legs-syndrome"
	first := do(t, s, "GET", target)
	etag := first.Header.Get("ETag")
	// Every public response revalidates (issue 9): an unpublished answer
	// must not live on in a browser's cache. The ETag is the only
	// validator: a date cannot tell that an answer was taken down.
	if etag == "" || first.Header.Get("Cache-Control") != "public, no-cache" || first.Header.Get("Last-Modified") != "" {
		t.Fatalf("ETag %q, Cache-Control %q, Last-Modified %q", etag, first.Header.Get("Cache-Control"), first.Header.Get("Last-Modified"))
	}
	if resp := do(t, s, "GET", target, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", resp.StatusCode)
	}
	if resp := do(t, s, "GET", target, "If-Modified-Since", importTime.Add(time.Hour).Format(http.TimeFormat)); resp.StatusCode != http.StatusOK {
		t.Errorf("If-Modified-Since alone: %d; want 200, dates are not validators here", resp.StatusCode)
	}
	if resp := do(t, s, "GET", target, "If-None-Match", `"other"`); resp.StatusCode != http.StatusOK {
		t.Errorf("stale ETag: %d", resp.StatusCode)
	}
}

// A re-import that changes an answer must show on the page at once,
// whatever the cache holds.
func TestCacheFollowsContent(t *testing.T) {
	s, st := newTestServer(t)
	const target = "/q/what-is-restless-legs-syndrome"
	before := body(t, do(t, s, "GET", target))
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "3_GHR_QA", "0000869.xml")
	b, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(b), "It&apos;s common.", "It is common in older adults.", 1)), 0o644)
	if _, err := ingest.MedQuAD(context.Background(), st, dir, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	after := body(t, do(t, s, "GET", target))
	if before == after || !strings.Contains(after, "It is common in older adults.") {
		t.Error("the page did not follow the re-import")
	}
}

func TestMethodsAndStatic(t *testing.T) {
	s, _ := newTestServer(t)
	if resp := do(t, s, "POST", "/q/what-is-restless-legs-syndrome"); resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := do(t, s, "DELETE", "/api/v1/stats"); resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("DELETE on the API: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp := do(t, s, "HEAD", "/"); resp.StatusCode != http.StatusOK || body(t, resp) != "" {
		t.Errorf("HEAD: %d", resp.StatusCode)
	}
	css := do(t, s, "GET", s.assets.url("style.css"))
	if css.StatusCode != 200 || !strings.Contains(css.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet: %d %v", css.StatusCode, css.Header)
	}
	if resp := do(t, s, "GET", "/static/style.css"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unfingerprinted asset name: %d", resp.StatusCode)
	}
	if resp := do(t, s, "GET", "/ask?q="+strings.Repeat("a", 5001)); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("overlong query: %d", resp.StatusCode)
	}
}

func TestSitemapAndRobots(t *testing.T) {
	s, _ := newTestServer(t)
	robots := body(t, do(t, s, "GET", "/robots.txt"))
	if !strings.Contains(robots, "Sitemap: https://healthqa.test/sitemap.xml") {
		t.Errorf("robots.txt: %s", robots)
	}
	index := body(t, do(t, s, "GET", "/sitemap.xml"))
	for _, f := range []string{"pages-1.xml", "topics-1.xml", "questions-1.xml"} {
		if !strings.Contains(index, "https://healthqa.test/sitemaps/"+f) {
			t.Errorf("sitemap index lacks %s:\n%s", f, index)
		}
	}
	qs := body(t, do(t, s, "GET", "/sitemaps/questions-1.xml"))
	if strings.Count(qs, "<url>") != 6 || !strings.Contains(qs, "<loc>https://healthqa.test/q/what-is-restless-legs-syndrome</loc><lastmod>2026-11-30</lastmod>") {
		t.Errorf("questions sitemap:\n%s", qs)
	}
	if resp := do(t, s, "GET", "/sitemaps/questions-2.xml"); resp.StatusCode != 404 {
		t.Errorf("missing sitemap file: %d", resp.StatusCode)
	}
}

func TestAskUnderstandsAndRanks(t *testing.T) {
	s, _ := newTestServer(t)
	var v struct {
		Understanding struct {
			Foci []struct {
				Topics []string `json:"topics"`
			} `json:"foci"`
			Types      []string `json:"types"`
			DidYouMean string   `json:"did_you_mean"`
		} `json:"understanding"`
		Results []struct {
			QuestionSlug string `json:"question_slug"`
		} `json:"results"`
	}
	tests := []struct {
		q, topic, qtype, first, didYouMean string
	}{
		{"my mom has RLS, what can she do about it?", "Restless legs syndrome", "treatment", "what-are-the-treatments-for-restless-legs-syndrome", ""},
		{"what is holmes adie", "Holmes-Adie", "information", "what-is-holmes-adie", ""},
		{"what causes menieres desease", "Meniere's Disease", "causes", "what-causes-menieres-disease", "what causes menieres disease"},
		// Spelled by ear (issue 11): a dropped double letter, i for y.
		{"what is restles legs sindrome", "Restless legs syndrome", "information", "what-is-restless-legs-syndrome", "what is restless legs syndrome"},
	}
	for _, tc := range tests {
		resp := do(t, s, "GET", "/api/v1/ask?q="+url.QueryEscape(tc.q))
		if err := json.Unmarshal([]byte(body(t, resp)), &v); err != nil {
			t.Fatal(err)
		}
		u := v.Understanding
		if len(u.Foci) == 0 || u.Foci[0].Topics[0] != tc.topic || len(u.Types) == 0 || u.Types[0] != tc.qtype || u.DidYouMean != tc.didYouMean {
			t.Errorf("%q: understood %+v", tc.q, u)
		}
		if len(v.Results) == 0 || v.Results[0].QuestionSlug != tc.first {
			t.Errorf("%q: results %+v", tc.q, v.Results)
		}
	}
	sugg := body(t, do(t, s, "GET", "/api/v1/suggest?q=rest"))
	if !strings.Contains(sugg, `"slug": "restless-legs-syndrome"`) {
		t.Errorf("suggest: %s", sugg)
	}
}

// Every link of the digest lands on an element of the page, and the
// digest stays off questions with a single source.
func TestDigestLinksLandOnSentences(t *testing.T) {
	s, _ := newTestServer(t)
	page := body(t, do(t, s, "GET", "/q/what-is-restless-legs-syndrome"))
	if !strings.Contains(page, "What the sources say") {
		t.Fatal("a question with two sources shows no digest")
	}
	links := regexp.MustCompile(`<a href="#(ev-[^"]+)">`).FindAllStringSubmatch(page, -1)
	if len(links) < 2 {
		t.Fatalf("digest links: %v", links)
	}
	for _, l := range links {
		if !strings.Contains(page, `id="`+l[1]+`"`) {
			t.Errorf("digest link #%s lands nowhere", l[1])
		}
	}
	single := body(t, do(t, s, "GET", "/q/what-are-the-treatments-for-restless-legs-syndrome"))
	if strings.Contains(single, "What the sources say") {
		t.Error("a question with one source shows a digest")
	}
	var d struct {
		Points []struct {
			Label   string   `json:"label"`
			Sources []string `json:"sources"`
		} `json:"points"`
	}
	if err := json.Unmarshal([]byte(body(t, do(t, s, "GET", "/api/v1/questions/what-is-restless-legs-syndrome/digest"))), &d); err != nil || len(d.Points) == 0 {
		t.Errorf("digest API: %v %+v", err, d)
	}
}

// After an import, /ask answers from the new content: the index is
// rebuilt in the background while the old one keeps answering.
func TestAskIndexFollowsContent(t *testing.T) {
	s, st := newTestServer(t)
	const target = "/api/v1/ask?q=zebrafish+legs"
	// The new answer says "Studies in zebrafish help."; the query alone
	// never contains "help".
	if strings.Contains(body(t, do(t, s, "GET", target)), "help.") {
		t.Fatal("the fixture already says it")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "3_GHR_QA", "0000869.xml")
	b, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(b), "It&apos;s common.", "Studies in zebrafish help.", 1)), 0o644)
	if _, err := ingest.MedQuAD(context.Background(), st, dir, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		// The plain URL, as a reader would ask again: a response made
		// from the old index must not stand for the new content.
		if strings.Contains(body(t, do(t, s, "GET", target)), "help.") {
			return
		}
	}
	t.Error("ask never saw the re-imported content")
}
