package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"healthqa/internal/store/storetest"
)

// A publish and an unpublish made elsewhere (another node, here a
// second Server on the same store) reach this node's /ask by taking the
// contributor answers into its index in place, not by a full build.
func TestPublishTakenIntoIndexInPlace(t *testing.T) {
	ctx := context.Background()
	p := newPublishedSite(t)
	m := NewMetrics()
	node, err := New(p.st, Options{BaseURL: "https://healthqa.test", VersionTTL: time.Hour, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	if err := node.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	const ask = "/api/v1/ask?q=quokkas+and+restless+legs"
	if strings.Contains(body(t, do(t, node, "GET", ask)), "do not cause") {
		t.Fatal("an answer already says it")
	}
	// waitFor tells the node of the store's version, as serve's watcher
	// does, and waits for its index to reach it.
	waitFor := func() {
		t.Helper()
		v, err := p.st.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		node.ContentChanged(v)
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if cur := node.search.cur.Load(); cur != nil && cur.version == v {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("no index of version %d", v)
			}
		}
	}
	sub, key := p.sd.Submit(t, storetest.Submission{Author: p.jane, Reviewer: p.rick,
		QuestionSlug: loopQuestion, State: "published",
		Revisions: []storetest.Revision{{Text: "Quokkas do not cause restless legs."}},
		Approved:  []int{1}, ApprovedAt: []time.Time{clockNow}})
	waitFor()
	if got := body(t, do(t, node, "GET", ask)); !strings.Contains(got, key) {
		t.Fatalf("ask after the publish does not list %s: %s", key, got)
	}
	p.sd.Unpublish(t, sub, p.rick, clockNow.Add(time.Minute))
	waitFor()
	if got := body(t, do(t, node, "GET", ask)); strings.Contains(got, key) {
		t.Fatalf("ask after the unpublish still lists %s", key)
	}
	text := scrape(t, m)
	if n := metricValue(t, text, `healthqa_search_index_builds_total{result="contributors"}`); n != 2 {
		t.Errorf("%v changes taken in place; want 2 (the publish and the unpublish)", n)
	}
	if n := metricValue(t, text, `healthqa_search_index_builds_total{result="ok"}`); n != 1 {
		t.Errorf("%v full builds; want 1 (the first)", n)
	}
}
