package web

import (
	"net/http"
	"net/http/httptest"
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
