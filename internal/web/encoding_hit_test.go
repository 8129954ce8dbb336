package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// A response is cached plain and compressed on its first hit from a
// client that accepts an encoding: what is asked once never pays for
// compression, and every response that may later be compressed says
// Vary: Accept-Encoding from the first.
func TestCompressedOnFirstHit(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/q/what-is-restless-legs-syndrome", "/ask?q=what+causes+restless+legs", "/api/v1/questions/what-is-restless-legs-syndrome"} {
		entry := func() *rendered {
			t.Helper()
			v, err := s.ver.get(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			key, _ := s.cacheKey(httpRequest(t, s, target))
			return s.cache.get(key, v)
		}
		steps := []struct {
			accept, wantCoding  string
			wantStoredEncodings bool
		}{
			{"gzip, br", "", false},  // the miss: sent and stored plain
			{"", "", false},          // a hit that wants no encoding makes none
			{"gzip", "gzip", true},   // the first hit that wants one makes both
			{"gzip, br", "br", true}, // and they are kept
		}
		for i, st := range steps {
			resp := do(t, s, "GET", target, "Accept-Encoding", st.accept)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != st.wantCoding || resp.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s, request %d (Accept-Encoding %q): %d, Content-Encoding %q, Vary %q", target, i+1, st.accept, resp.StatusCode, resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
			}
			e := entry()
			if e == nil {
				t.Fatalf("%s: not cached", target)
			}
			if got := e.gzip != nil && e.br != nil; got != st.wantStoredEncodings {
				t.Errorf("%s, after request %d: stored encodings %v, want %v", target, i+1, got, st.wantStoredEncodings)
			}
		}
	}
}

// httpRequest is target as the mux hands it to a handler, with its
// route pattern (which names the query parameters in the cache key).
func httpRequest(t *testing.T, s *Server, target string) *http.Request {
	t.Helper()
	r := httptest.NewRequest("GET", target, nil)
	_, r.Pattern = s.mux.Handler(r)
	return r
}

// Many first hits at once: one makes the encodings, the others are
// served meanwhile (plain or compressed), and every answer is the page
// (run with -race).
func TestCompressedOnFirstHitConcurrently(t *testing.T) {
	s, _ := newTestServer(t)
	const target = "/q/what-is-restless-legs-syndrome"
	plain := body(t, do(t, s, "GET", target))
	var wg sync.WaitGroup
	errs := make(chan string, 32)
	for range 32 {
		wg.Go(func() {
			req := httptest.NewRequest("GET", target, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			b := rec.Body.Bytes()
			if rec.Header().Get("Content-Encoding") == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(b))
				if err != nil {
					errs <- err.Error()
					return
				}
				b, _ = io.ReadAll(zr)
			}
			if string(b) != plain {
				errs <- "a response is not the page"
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if resp := do(t, s, "GET", target, "Accept-Encoding", "gzip"); resp.Header.Get("Content-Encoding") != "gzip" {
		t.Error("after the first hits the page is still sent plain")
	}
}
