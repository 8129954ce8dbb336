package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// footprint is what the cache really holds: every key and every stored
// body, whatever the cache itself counts.
func footprint(c *pageCache) (bytes, entries int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, el := range c.byKey {
		bytes += len(k) + el.Value.(*cacheEntry).page.storedBytes()
		entries++
	}
	return bytes, entries
}

// A flood of addresses made unique by parameters the route does not read
// (the attack of issue 8) must land on one entry per route, and a flood
// of addresses that really differ must stay within the byte budget and
// the entry bound, keys and all.
func TestCacheFloodStaysBounded(t *testing.T) {
	s, _ := newTestServer(t)
	const budget = 256 << 10
	s.cache = newPageCache(budget, 64)
	pad := strings.Repeat("x", 12000)
	for i := range 300 {
		for _, target := range []string{
			fmt.Sprintf("/api/v1/suggest?q=zzzzq&r=%d&pad=%s", i, pad),
			fmt.Sprintf("/q/what-is-restless-legs-syndrome?r=%d&pad=%s", i, pad),
		} {
			if resp := do(t, s, "GET", target); resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %.60s… = %d", target, resp.StatusCode)
			}
		}
	}
	if bytes, entries := footprint(s.cache); entries != 2 || bytes > budget {
		t.Errorf("after 600 junk-parameter requests to two routes: %d entries, %d bytes held; want 2 entries within %d", entries, bytes, budget)
	}
	for i := range 2000 {
		target := fmt.Sprintf("/api/v1/suggest?q=%d%s", i, strings.Repeat("q", 400))
		if resp := do(t, s, "GET", target); resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %.60s… = %d", target, resp.StatusCode)
		}
		if bytes, entries := footprint(s.cache); bytes > budget || entries > 64 {
			t.Fatalf("after %d distinct queries: %d entries, %d bytes held; bounds are 64 entries, %d bytes", i+1, entries, bytes, budget)
		}
	}
}

// The same page asked with its parameters in another order, with blanks
// around a value or with extra parameters is one entry.
func TestCacheKeyIsCanonical(t *testing.T) {
	s, _ := newTestServer(t)
	same := [][]string{
		{"/topics?letter=R&page=1", "/topics?page=1&letter=R", "/topics?letter=R&page=1&utm_source=x", "/topics?letter=R&page=1&page=2"},
		{"/ask?q=restless+legs", "/ask?q=+restless+legs+", "/ask?fbclid=1&q=restless%20legs"},
	}
	for _, group := range same {
		var keys []string
		for _, target := range group {
			r := httptestRequest(t, s, target)
			key, _ := s.cacheKey(r)
			keys = append(keys, key)
		}
		for i := range keys {
			if keys[i] != keys[0] {
				t.Errorf("%s → %q, but %s → %q", group[0], keys[0], group[i], keys[i])
			}
		}
	}
}

// httptestRequest is a request as the mux hands it to a handler.
func httptestRequest(t *testing.T, s *Server, target string) *http.Request {
	t.Helper()
	r := httptest.NewRequest("GET", target, nil)
	_, r.Pattern = s.mux.Handler(r)
	return r
}

// The budget's count of an entry covers what the entry really takes on
// the heap: many small entries (where the fixed overhead dominates) and
// a few large compressed ones, measured after a collection.
func TestCacheCountCoversHeap(t *testing.T) {
	for _, tt := range []struct {
		name    string
		n, size int
	}{{"small", 20000, 3}, {"large", 200, 40 << 10}} {
		t.Run(tt.name, func(t *testing.T) {
			c := newPageCache(1<<30, 1<<20)
			before := heapInUse()
			for i := range tt.n {
				var b bytes.Buffer // as the handlers render: a growing buffer
				fmt.Fprintf(&b, "%d ", i)
				for b.Len() < tt.size {
					fmt.Fprintf(&b, "<p>answer text %d</p>\n", b.Len()*7919%1000003)
				}
				p := newRendered(http.StatusOK, "application/json", b.Bytes(), 1)
				p.compress()
				c.put(fmt.Sprintf("/api/v1/suggest?q=%d%s", i, strings.Repeat("q", 40)), p)
			}
			after := heapInUse()
			t.Logf("%d entries: %d bytes of heap, %d counted", tt.n, after-before, c.size)
			if held := int(after - before); c.size < held {
				t.Errorf("%d entries hold %d bytes of heap; the cache counts %d", tt.n, held, c.size)
			}
		})
	}
}

func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
