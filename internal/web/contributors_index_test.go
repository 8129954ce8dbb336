package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// A publish and an unpublish made elsewhere (another node, here a
// second Server on the same store) reach this node's /ask by taking the
// contributor answers into its index in place, not by a full build.
func TestPublishTakenIntoIndexInPlace(t *testing.T) {
	p := newPublishedSite(t)
	node, m := watchedNode(t, p.st)
	const ask = "/api/v1/ask?q=quokkas+and+restless+legs"
	if strings.Contains(body(t, do(t, node, "GET", ask)), "do not cause") {
		t.Fatal("an answer already says it")
	}
	waitFor := func() { t.Helper(); indexCaughtUp(t, node, p.st) }
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

// A published answer that defines a short form no topic name has is
// understood at once: the node takes it into its index in place and
// learns the short form from it, as the next import would.
func TestPublishedDefinitionUnderstood(t *testing.T) {
	p := newPublishedSite(t)
	node, m := watchedNode(t, p.st)
	const ask = "/api/v1/ask?q=what+causes+MNRD+attacks"
	about := func() string {
		t.Helper()
		var got struct {
			Understanding struct {
				Foci []struct{ Topics []string } `json:"foci"`
			} `json:"understanding"`
		}
		if err := json.Unmarshal([]byte(body(t, do(t, node, "GET", ask))), &got); err != nil {
			t.Fatal(err)
		}
		var topics []string
		for _, f := range got.Understanding.Foci {
			topics = append(topics, f.Topics...)
		}
		return strings.Join(topics, ", ")
	}
	if got := about(); got != "" {
		t.Fatalf("before the publish, MNRD names %q", got)
	}
	p.sd.Submit(t, storetest.Submission{Author: p.nina, SourceKey: "NINDS", Reviewer: p.rick,
		QuestionSlug: "what-is-menieres-disease", State: "published",
		Revisions: []storetest.Revision{{Text: "Meniere's disease (MNRD, a short form of this test's own) affects the inner ear."}},
		Approved:  []int{1}, ApprovedAt: []time.Time{clockNow}})
	indexCaughtUp(t, node, p.st)
	if got := about(); !strings.Contains(got, "Meni") {
		t.Errorf("after the publish, MNRD names %q; want Meniere's disease", got)
	}
	if n := metricValue(t, scrape(t, m), `healthqa_search_index_builds_total{result="contributors"}`); n != 1 {
		t.Errorf("%v changes taken in place; want the publish's", n)
	}
}

// watchedNode is a node over st with metrics and an hour's version TTL,
// so that only ContentChanged, as serve's watcher calls it, tells it of
// changes.
func watchedNode(t *testing.T, st store.Store) (*Server, *Metrics) {
	t.Helper()
	m := NewMetrics()
	node, err := New(st, Options{BaseURL: "https://healthqa.test", VersionTTL: time.Hour, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	if err := node.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	return node, m
}

// indexCaughtUp tells the node of the store's version, as serve's
// watcher does, and waits for its index to reach it.
func indexCaughtUp(t *testing.T, node *Server, st store.Store) {
	t.Helper()
	v, err := st.Version(context.Background())
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
