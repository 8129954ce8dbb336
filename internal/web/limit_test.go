package web

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestAdmission(t *testing.T) {
	tests := []struct {
		name            string
		inflight, queue int
		held            int  // slots taken before the call
		freeWhileQueued bool // a holder releases while the call waits
		want            error
	}{
		{"a free slot admits at once", 2, 1, 1, false, nil},
		{"full, queued, admitted when a slot frees", 1, 1, 1, true, nil},
		{"full, queued, shed when the wait runs out", 1, 1, 1, false, errBusy},
		{"full with no queue sheds at once", 1, 0, 1, false, errBusy},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newAdmission(tc.inflight, tc.queue, 50*time.Millisecond)
			for range tc.held {
				if err := a.acquire(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			if tc.freeWhileQueued {
				go func() {
					for len(a.queue) == 0 {
						time.Sleep(time.Millisecond)
					}
					a.release()
				}()
			}
			if err := a.acquire(context.Background()); err != tc.want {
				t.Fatalf("acquire: %v, want %v", err, tc.want)
			}
			if len(a.queue) != 0 {
				t.Errorf("%d left in the queue", len(a.queue))
			}
		})
	}
}

// Waiters beyond the queue's length are shed at once, and a release lets
// the next one in.
func TestAdmissionQueueBound(t *testing.T) {
	a := newAdmission(1, 1, time.Hour)
	if err := a.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	waiter := make(chan error)
	go func() { waiter <- a.acquire(context.Background()) }()
	for len(a.queue) == 0 {
		time.Sleep(time.Millisecond)
	}
	if err := a.acquire(context.Background()); err != errBusy {
		t.Errorf("past the queue: %v, want errBusy", err)
	}
	a.release()
	if err := <-waiter; err != nil {
		t.Errorf("queued waiter after a release: %v", err)
	}
	a.release()
	if len(a.slots) != 0 {
		t.Errorf("%d slots still held", len(a.slots))
	}
}

// A client that gives up while queued leaves the queue.
func TestAdmissionCancelled(t *testing.T) {
	a := newAdmission(1, 1, time.Hour)
	a.acquire(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.acquire(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if len(a.queue) != 0 {
		t.Error("a cancelled waiter stayed queued")
	}
}

// With every ask slot taken, asks and title searches are answered 503
// with Retry-After at once, as a page or a problem document, while
// cached pages and uncached page renders still serve.
func TestAskShedsWhileCachedPagesServe(t *testing.T) {
	s, _ := newTestServer(t)
	const cachedPage = "/q/what-is-restless-legs-syndrome"
	if resp := do(t, s, "GET", cachedPage); resp.StatusCode != 200 {
		t.Fatalf("warming %s: %d", cachedPage, resp.StatusCode)
	}
	for range cap(s.asks.slots) {
		if err := s.asks.acquire(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// Fill the queue too, so that the requests below are shed without
	// waiting.
	for range cap(s.asks.queue) {
		s.asks.queue <- struct{}{}
	}
	for _, tc := range []struct{ target, contentType, text string }{
		{"/ask?q=what+causes+restless+legs", "text/html; charset=utf-8", "busy"},
		{"/api/v1/ask?q=what+causes+restless+legs", "application/problem+json", `"status":503`},
		{"/api/v1/suggest?q=rest", "application/problem+json", `"status":503`},
		{"/api/v1/search?q=legs", "application/problem+json", `"status":503`},
	} {
		resp := do(t, s, "GET", tc.target)
		got := body(t, resp)
		h := resp.Header
		if tc.target == "/ask?q=what+causes+restless+legs" {
			golden(t, filepath.Join("testdata", "golden", "busy.html"), got)
		}
		if resp.StatusCode != http.StatusServiceUnavailable || h.Get("Retry-After") != "1" || h.Get("Cache-Control") != "no-store" || h.Get("Connection") != "close" || h.Get("Content-Type") != tc.contentType || !strings.Contains(got, tc.text) {
			t.Errorf("%s while saturated: %d %v\n%s", tc.target, resp.StatusCode, h, got)
		}
	}
	for _, target := range []string{cachedPage, "/topics/restless-legs-syndrome", "/api/v1/stats"} {
		if resp := do(t, s, "GET", target); resp.StatusCode != 200 {
			t.Errorf("%s while asks are shed: %d", target, resp.StatusCode)
		}
	}
	for range cap(s.asks.queue) {
		<-s.asks.queue
	}
	s.asks.release()
	if resp := do(t, s, "GET", "/ask?q=what+causes+restless+legs"); resp.StatusCode != 200 {
		t.Errorf("/ask once a slot frees: %d", resp.StatusCode)
	}
}
