package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// discard is a ResponseWriter that keeps nothing, so the benchmark
// measures the handler and not a recorder's copying.
type discard struct{ h http.Header }

func (w *discard) Header() http.Header         { return w.h }
func (w *discard) Write(b []byte) (int, error) { return len(b), nil }
func (w *discard) WriteHeader(int)             {}

// BenchmarkServeCached is the handler's own cost for a cached question
// page, on both cores, without the HTTP server:
//
//	go test -run '^$' -bench ServeCached -benchmem ./internal/web
func BenchmarkServeCached(b *testing.B) {
	s, _ := newTestServer(b)
	req := httptest.NewRequest("GET", "/q/what-is-restless-legs-syndrome", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd") // as browsers send it
	s.ServeHTTP(httptest.NewRecorder(), req)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			s.ServeHTTP(&discard{h: http.Header{}}, req)
		}
	})
}
