package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store/storetest"
)

// The leak test (issue 9): content in every state that is not published
// carries a marker word of its own, and no public address may show any
// of them, whether rendered afresh, served from the page cache, answered
// 304 to a validator obtained while the content was public, or found by
// a search index built before it was taken down. The published marker
// must show where expected, so that the test can tell a page that hides
// everything from one that hides only what it must.
//
// Every state is reached through the editorial workflow itself
// (storetest.Seeder), so the rows are exactly those it writes.

// hiddenMarkers are the words of content in each unpublished state, as
// stored. Asks use their stems (the word without its final "s"), which
// find them but which an echo of the query cannot be taken for.
var hiddenMarkers = map[string]string{
	"draft":             "qzdraftmarks",
	"submitted":         "qzsubmitmarks",
	"changes requested": "qzchangesmarks",
	"rejected":          "qzrejectmarks",
	"proposed question": "qzproposemarks",
	"pending revision":  "qzpendingmarks",
	"unpublished":       "qzunpubmarks",
	"hidden author":     "qzauthormarks", // the name of an account whose only published answer was taken down
	"e-mail address":    "@people.test",
}

const liveMarker = "qzlivemarks"

type leakSite struct {
	*publishedSite
	liveKey, unpubKey string
	unpubSub          int64
	subs              []int64
	people            []string
}

func newLeakSite(t *testing.T) *leakSite {
	p := newPublishedSite(t)
	l := &leakSite{publishedSite: p, people: []string{pJane.Slug, pRick.Slug, pNina.Slug, "dora-draft"}}
	dora := p.sd.User(t, model.Person{Slug: "dora-draft", Name: "Dora Qzauthormarks", Credentials: "MD"}, model.RoleContributor)
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	add := func(sub storetest.Submission) (int64, string) {
		id, key := p.sd.Submit(t, sub)
		l.subs = append(l.subs, id)
		return id, key
	}
	rev := func(text string) []storetest.Revision { return []storetest.Revision{{Text: text}} }
	// One open submission per author and question: each state on its own
	// question.
	for _, d := range []struct{ state, question, text string }{
		{"draft", "what-is-restless-legs-syndrome", "Restless legs qzdraftmarks."},
		{"submitted", "what-are-the-treatments-for-restless-legs-syndrome", "Restless legs qzsubmitmarks."},
		{"changes_requested", "what-is-menieres-disease", "Meniere qzchangesmarks."},
		{"rejected", "what-causes-menieres-disease", "Meniere qzrejectmarks."},
	} {
		add(storetest.Submission{Author: dora, Reviewer: p.rick, QuestionSlug: d.question, State: d.state, Revisions: rev(d.text)})
	}
	add(storetest.Submission{Author: dora, ProposedTitle: "What is qzproposemarks?", ProposedTopic: "restless-legs-syndrome",
		ProposedType: "causes", State: "submitted", Revisions: rev("Restless legs qzproposemarks.")})
	_, l.liveKey = add(storetest.Submission{Author: p.jane, Reviewer: p.rick, QuestionSlug: "what-is-restless-legs-syndrome",
		State: "published", Revisions: rev("Restless legs syndrome qzlivemarks makes the legs move."), Approved: []int{1}, ApprovedAt: []time.Time{at}})
	p.sd.Revise(t, l.subs[len(l.subs)-1], "Restless legs syndrome qzpendingmarks revised.", "submitted")
	l.unpubSub, l.unpubKey = add(storetest.Submission{Author: dora, Reviewer: p.rick, QuestionSlug: "what-are-the-treatments-for-holmes-adie",
		State: "published", Revisions: rev("Holmes-Adie qzunpubmarks answer."), Approved: []int{1}, ApprovedAt: []time.Time{at}})
	l.subs = append(l.subs, p.janeSub, p.historySub)
	return l
}

// paths lists every public address with something to show: the fixed
// pages, every sitemap and the addresses they list, every source,
// profile and history, asks for every marker and topic, and every GET
// route of openapi.json with each value its parameters can take.
func (l *leakSite) paths(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	words := []string{"qzlivemark", "restless legs", "what causes restless legs", "menieres disease", "holmes adie", "qz", "people test"}
	for _, m := range hiddenMarkers {
		if stem, ok := strings.CutSuffix(m, "s"); ok {
			words = append(words, stem)
		}
	}
	set := map[string]bool{}
	add := func(p string) { set[p] = true }
	for _, p := range []string{"/", "/topics", "/topics?letter=R", "/topics?letter=M", "/topics?letter=H", "/sources",
		"/robots.txt", "/sitemap.xml", "/api/openapi.json"} {
		add(p)
	}
	locs := regexp.MustCompile(`<loc>https://healthqa\.test([^<]*)</loc>`)
	for _, m := range locs.FindAllStringSubmatch(body(t, do(t, l.s, "GET", "/sitemap.xml")), -1) {
		add(m[1])
		for _, page := range locs.FindAllStringSubmatch(body(t, do(t, l.s, "GET", m[1])), -1) {
			add(page[1])
		}
	}
	c, err := l.st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string][]string{} // route prefix → values of its parameter
	for _, q := range c.Questions {
		values["/api/v1/questions/"] = append(values["/api/v1/questions/"], q.Slug)
		add("/q/" + q.Slug)
	}
	for _, tp := range c.Topics {
		values["/api/v1/topics/"] = append(values["/api/v1/topics/"], tp.Slug)
		add("/topics/" + tp.Slug)
	}
	for _, src := range c.Sources {
		values["/api/v1/sources/"] = append(values["/api/v1/sources/"], src.Key)
		add("/sources/" + src.Key)
	}
	for _, slug := range l.people {
		add("/people/" + slug)
	}
	for _, id := range l.subs {
		add("/answers/contrib-" + itoa(id) + "/history")
		// The contributions API needs a token: asked anonymously, as
		// every request here is, it must show nothing either.
		values["/api/v1/contributions/"] = append(values["/api/v1/contributions/"], itoa(id))
	}
	for _, w := range words {
		add("/ask?q=" + url.QueryEscape(w))
	}
	var doc openAPIDoc
	if err := json.Unmarshal([]byte(body(t, do(t, l.s, "GET", "/api/openapi.json"))), &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{[a-z]+\}`)
	for route, ops := range doc.Paths {
		if _, ok := ops["get"]; !ok {
			continue
		}
		targets := []string{route}
		if loc := param.FindStringIndex(route); loc != nil {
			vals, ok := values[route[:loc[0]]]
			if !ok {
				t.Errorf("openapi.json route %s has a parameter this test cannot fill: add its values", route)
				continue
			}
			targets = nil
			for _, v := range vals {
				targets = append(targets, route[:loc[0]]+v+route[loc[1]:])
			}
		}
		for _, target := range targets {
			add(target)
			for _, w := range words {
				// Routes ignore parameters they do not read.
				add(target + "?letter=R&q=" + url.QueryEscape(w))
			}
		}
	}
	list := make([]string, 0, len(set))
	for p := range set {
		list = append(list, p)
	}
	sort.Strings(list)
	return list
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// decoded is the response body with its content coding undone.
func decoded(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(decode(t, resp.Header.Get("Content-Encoding"), b))
}

// leaks reports the hidden markers in a response.
func leaks(b string) []string {
	lower := strings.ToLower(b)
	var found []string
	for state, m := range hiddenMarkers {
		if strings.Contains(lower, m) {
			found = append(found, state+" ("+m+")")
		}
	}
	slices.Sort(found)
	return found
}

type seen struct {
	etag, body string
}

// sweep requests every path, checks that nothing hidden shows, and
// returns what each answered. With before, each request also carries the
// ETag that path had then: a 304 is only right if that old body was
// clean.
func (l *leakSite) sweep(t *testing.T, phase string, paths []string, before map[string]seen) map[string]seen {
	t.Helper()
	out := map[string]seen{}
	for _, p := range paths {
		for _, enc := range []string{"", "gzip", "br"} {
			h := []string{"Accept-Encoding", enc}
			if old, ok := before[p+"\x00"+enc]; ok && old.etag != "" {
				h = append(h, "If-None-Match", old.etag)
			}
			resp := do(t, l.s, "GET", p, h...)
			b := decoded(t, resp)
			if resp.StatusCode == http.StatusNotModified {
				if found := leaks(before[p+"\x00"+enc].body); len(found) > 0 {
					t.Errorf("%s: GET %s (%s) = 304 to an ETag whose body showed %v", phase, p, enc, found)
				}
				continue
			}
			if resp.StatusCode >= 500 {
				t.Errorf("%s: GET %s = %d", phase, p, resp.StatusCode)
			}
			if found := leaks(b); len(found) > 0 {
				t.Errorf("%s: GET %s (%s, %d) shows %v", phase, p, enc, resp.StatusCode, found)
			}
			out[p+"\x00"+enc] = seen{etag: resp.Header.Get("ETag"), body: b}
		}
	}
	return out
}

func TestNothingUnpublishedLeaks(t *testing.T) {
	l := newLeakSite(t)
	ctx := context.Background()
	if err := l.s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	paths := l.paths(t)
	if len(paths) < 100 {
		t.Fatalf("only %d paths to check", len(paths))
	}
	t.Logf("%d public addresses, each in 3 content codings, in 3 sweeps", len(paths))

	// While the soon-unpublished answer is public it shows: the test
	// can see a marker when there is one.
	for _, p := range []string{"/q/what-are-the-treatments-for-holmes-adie", "/ask?q=qzunpubmark", "/api/v1/ask?q=qzunpubmark", "/people/dora-draft",
		"/answers/" + l.unpubKey + "/history", "/api/v1/questions/what-are-the-treatments-for-holmes-adie"} {
		if b := body(t, do(t, l.s, "GET", p)); !strings.Contains(b, "qzunpubmarks") && !strings.Contains(strings.ToLower(b), "qzauthormarks") {
			t.Fatalf("GET %s does not show the published answer before it is unpublished", p)
		}
	}
	before := map[string]seen{}
	for _, p := range paths {
		for _, enc := range []string{"", "gzip", "br"} {
			resp := do(t, l.s, "GET", p, "Accept-Encoding", enc)
			before[p+"\x00"+enc] = seen{etag: resp.Header.Get("ETag"), body: decoded(t, resp)}
		}
	}
	l.sd.Unpublish(t, l.unpubSub, l.rick, time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))

	// The index is the old one until rebuilt, which takes seconds on the
	// real data: asks must filter it. A build counted as running keeps
	// the old index in place for the whole sweep.
	l.s.search.building.Store(true)
	l.sweep(t, "after unpublish, old index", paths, before)
	if cur := l.s.search.cur.Load(); cur == nil || !l.s.indexBehind(ctx, cur) {
		t.Fatal("the sweep meant for the old index ran on a new one")
	}
	l.s.search.building.Store(false)
	if err := l.s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	after := l.sweep(t, "after unpublish, new index", paths, before)
	// Once more, now from the page cache.
	l.sweep(t, "from the cache", paths, after)

	for _, p := range []struct{ path, want string }{
		{"/q/what-is-restless-legs-syndrome", liveMarker},
		{"/ask?q=qzlivemark", liveMarker},
		{"/api/v1/ask?q=qzlivemark", liveMarker},
		{"/api/v1/questions/what-is-restless-legs-syndrome", liveMarker},
		{"/answers/" + l.liveKey + "/history", liveMarker},
		{"/people/jane-roe", "#answer-" + l.liveKey},
		{"/sitemaps/people-1.xml", "/people/jane-roe"},
	} {
		if b := body(t, do(t, l.s, "GET", p.path)); !strings.Contains(b, p.want) {
			t.Errorf("GET %s does not show the published answer (%s)", p.path, p.want)
		}
	}
	for _, p := range []string{"/people/dora-draft", "/answers/" + l.unpubKey + "/history"} {
		if resp := do(t, l.s, "GET", p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d after unpublish, want 404", p, resp.StatusCode)
		}
	}
}
