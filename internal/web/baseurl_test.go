package web

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// Pages, sitemaps and JSON-LD name the base URL decided at start,
// whatever Host a request claims, and one page is one cache entry
// however many hosts ask for it.
func TestHostHeaderIsNotTrusted(t *testing.T) {
	for _, tt := range []struct{ configured, want string }{
		{"", "http://127.0.0.1:8080"},
		{"https://healthqa.example/", "https://healthqa.example"},
	} {
		_, st := newTestServer(t)
		s2, err := New(st, Options{BaseURL: tt.configured, VersionTTL: -1})
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range []string{"/sitemap.xml", "/sitemaps/pages-1.xml", "/robots.txt", "/q/what-is-restless-legs-syndrome", "/"} {
			for _, host := range []string{"evil.example", "other.example:8443"} {
				req := httptest.NewRequest("GET", target, nil)
				req.Host = host // as a client sends it; a Host header field is ignored by net/http
				rec := httptest.NewRecorder()
				s2.ServeHTTP(rec, req)
				resp := rec.Result()
				b := body(t, resp)
				if strings.Contains(b, host) || !strings.Contains(b, tt.want+"/") {
					t.Errorf("base %q, GET %s with Host %s: names the host or not %s", tt.configured, target, host, tt.want)
				}
			}
		}
		if n := s2.cache.order.Len(); n != 5 {
			t.Errorf("base %q: %d cache entries for 5 pages asked under 2 hosts", tt.configured, n)
		}
	}
}

func TestBaseURLIsChecked(t *testing.T) {
	_, st := newTestServer(t)
	for _, bad := range []string{"healthqa.example", "ftp://healthqa.example", "https://", "https://a.example/?x=1", "javascript:alert(1)"} {
		if _, err := New(st, Options{BaseURL: bad}); err == nil {
			t.Errorf("New accepted base URL %q", bad)
		}
	}
}
