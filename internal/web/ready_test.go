package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"healthqa/internal/store"
)

// heldStore holds every Load until release is closed: a search index
// build that takes as long as the test wants.
type heldStore struct {
	store.Store
	release chan struct{}
}

func (h heldStore) Load(ctx context.Context) (store.Content, error) {
	select {
	case <-h.release:
	case <-ctx.Done():
		return store.Content{}, ctx.Err()
	}
	return h.Store.Load(ctx)
}

// A node is live at once but ready only when its search index is; until
// then /ask answers 503 with Retry-After at once instead of waiting for
// the build, while pages that need no index keep serving.
func TestReadyOnlyWithIndex(t *testing.T) {
	_, st := newTestServer(t)
	held := heldStore{Store: st, release: make(chan struct{})}
	s, err := New(held, Options{BaseURL: "https://healthqa.test", VersionTTL: -1})
	if err != nil {
		t.Fatal(err)
	}
	warmed := make(chan error, 1)
	go func() { warmed <- s.Warm(context.Background()) }()

	for _, tc := range []struct {
		target, contentType string
		status              int
	}{
		{"/healthz", "text/plain; charset=utf-8", 200},
		{"/readyz", "text/plain; charset=utf-8", 503},
		{"/ask?q=what+causes+restless+legs", "text/html; charset=utf-8", 503},
		{"/api/v1/ask?q=what+causes+restless+legs", "application/problem+json", 503},
		{"/q/what-is-restless-legs-syndrome", "text/html; charset=utf-8", 200},
	} {
		resp := do(t, s, "GET", tc.target)
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != tc.contentType {
			t.Errorf("%s before the index: %d %q, want %d %q", tc.target, resp.StatusCode, resp.Header.Get("Content-Type"), tc.status, tc.contentType)
		}
		if tc.status == 503 && (resp.Header.Get("Retry-After") == "" || resp.Header.Get("Cache-Control") != "no-store") {
			t.Errorf("%s: 503 without Retry-After or no-store: %v", tc.target, resp.Header)
		}
	}
	close(held.release)
	if err := <-warmed; err != nil {
		t.Fatal(err)
	}
	if resp := do(t, s, "GET", "/readyz"); resp.StatusCode != 200 || body(t, resp) != "ready\n" {
		t.Errorf("/readyz after the build: %d", resp.StatusCode)
	}
	page := body(t, do(t, s, "GET", "/ask?q=what+causes+restless+legs"))
	if !strings.Contains(page, "restless") {
		t.Error("/ask after the build found nothing")
	}
}

// The retired title search sends its old links to /ask with the query.
func TestSearchRedirectsToAsk(t *testing.T) {
	s, _ := newTestServer(t)
	for _, tc := range []struct{ target, location string }{
		{"/search?q=restless+legs", "/ask?q=restless+legs"},
		{"/search?q=%3Cscript%3E", "/ask?q=%3Cscript%3E"},
		{"/search", "/ask"},
	} {
		resp := do(t, s, "GET", tc.target)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != tc.location {
			t.Errorf("%s: %d Location %q, want 301 %q", tc.target, resp.StatusCode, resp.Header.Get("Location"), tc.location)
		}
	}
}

// With WaitForWarm (serve, which may import first) nothing builds an
// index and nothing is ready until Warm: an index of the content before
// the import must not make the node ready.
func TestWaitForWarm(t *testing.T) {
	_, st := newTestServer(t)
	s, err := New(st, Options{VersionTTL: -1, WaitForWarm: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/readyz", "/ask?q=restless+legs"} {
		if resp := do(t, s, "GET", target); resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%s before Warm: %d", target, resp.StatusCode)
		}
	}
	if s.search.building.Load() || s.search.cur.Load() != nil {
		t.Error("a request started an index build before Warm")
	}
	if err := s.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	if resp := do(t, s, "GET", "/readyz"); resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz after Warm: %d", resp.StatusCode)
	}
}
