package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkServeCachedMetrics is BenchmarkServeCached with and without
// Options.Metrics, in one run, so the two can be compared as a ratio:
//
//	go test -run '^$' -bench ServeCachedMetrics -benchmem ./internal/web
func BenchmarkServeCachedMetrics(b *testing.B) {
	_, st := newTestServer(b)
	for _, bc := range []struct {
		name string
		on   bool
	}{{"off", false}, {"on", true}} {
		b.Run(bc.name, func(b *testing.B) {
			var m *Metrics
			if bc.on {
				m = NewMetrics()
			}
			s, err := New(st, Options{BaseURL: "https://healthqa.test", Metrics: m})
			if err != nil {
				b.Fatal(err)
			}
			if err := s.Warm(context.Background()); err != nil {
				b.Fatal(err)
			}
			req := httptest.NewRequest("GET", "/q/what-is-restless-legs-syndrome", nil)
			req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
			s.ServeHTTP(httptest.NewRecorder(), req)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					s.ServeHTTP(&discard{h: http.Header{}}, req)
				}
			})
		})
	}
}
