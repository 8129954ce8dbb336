package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestNegotiate(t *testing.T) {
	tests := []struct {
		header string
		want   coding
	}{
		{"", codingIdentity},
		{"gzip", codingGzip},
		{"gzip, deflate, br, zstd", codingBrotli}, // a browser over TLS: br preferred on a tie
		{"gzip, deflate", codingGzip},             // a browser over plain HTTP
		{"br;q=0.5, gzip", codingGzip},
		{"br;q=0, gzip;q=0", codingIdentity},
		{"GZIP;Q=0.8", codingGzip},
		{"x-gzip", codingGzip},
		{"*", codingBrotli},
		{"*;q=0.5, br;q=0", codingGzip},
		{"gzip;q=0.5, identity", codingIdentity},
		{"identity", codingIdentity},
		{"identity;q=0, gzip;q=0.1", codingGzip},
		{"deflate", codingIdentity},
		{"gzip;q=nonsense", codingIdentity},
		{"gzip;q=2", codingIdentity},
	}
	for _, tt := range tests {
		if got := negotiate(tt.header, true, true); got != tt.want {
			t.Errorf("negotiate(%q) = %d, want %d", tt.header, got, tt.want)
		}
	}
	if got := negotiate("br, gzip;q=0.5", false, true); got != codingGzip {
		t.Errorf("without a brotli body: %d", got)
	}
}

func decode(t *testing.T, coding string, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch coding {
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(r)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", coding, err)
	}
	return out
}

// A browser gets the page compressed as it asks, byte for byte the same
// page once decoded, with a validator of its own per encoding, Vary,
// working 304s and HEAD; a page below 1 KiB stays as it is.
func TestCompressedResponses(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/q/what-is-restless-legs-syndrome", "/api/v1/questions/what-is-restless-legs-syndrome", "/api/openapi.json"} {
		plain := do(t, s, "GET", target)
		plainBody := body(t, plain)
		tags := map[string]string{"": plain.Header.Get("ETag")}
		for _, tt := range []struct{ accept, coding string }{
			{"gzip, deflate", "gzip"},
			{"gzip, deflate, br, zstd", "br"},
			{"identity", ""},
		} {
			resp := do(t, s, "GET", target, "Accept-Encoding", tt.accept)
			raw := []byte(body(t, resp))
			if got := resp.Header.Get("Content-Encoding"); got != tt.coding {
				t.Errorf("%s with %q: Content-Encoding %q, want %q", target, tt.accept, got, tt.coding)
				continue
			}
			if resp.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s with %q: Vary %q", target, tt.accept, resp.Header.Get("Vary"))
			}
			if got := string(decode(t, tt.coding, raw)); got != plainBody {
				t.Errorf("%s with %q: decoded body differs from the plain one", target, tt.accept)
			}
			etag := resp.Header.Get("ETag")
			if prev, ok := tags[tt.coding]; ok && prev != etag || !ok && slicesContainsValue(tags, etag) {
				t.Errorf("%s with %q: ETag %s, seen %v", target, tt.accept, etag, tags)
			}
			tags[tt.coding] = etag
			if again := do(t, s, "GET", target, "Accept-Encoding", tt.accept, "If-None-Match", etag); again.StatusCode != http.StatusNotModified || again.Header.Get("ETag") != etag {
				t.Errorf("%s with %q and its ETag: %d", target, tt.accept, again.StatusCode)
			}
			head := do(t, s, "HEAD", target, "Accept-Encoding", tt.accept)
			if b := body(t, head); b != "" || head.Header.Get("Content-Length") != resp.Header.Get("Content-Length") || head.Header.Get("Content-Encoding") != tt.coding {
				t.Errorf("HEAD %s with %q: %d body bytes, length %s (GET %s), encoding %q", target, tt.accept, len(b), head.Header.Get("Content-Length"), resp.Header.Get("Content-Length"), head.Header.Get("Content-Encoding"))
			}
		}
	}
	small := do(t, s, "GET", "/robots.txt", "Accept-Encoding", "gzip")
	if small.Header.Get("Content-Encoding") != "" || !strings.HasPrefix(body(t, small), "User-agent") {
		t.Errorf("robots.txt (under 1 KiB) was compressed: %q", small.Header.Get("Content-Encoding"))
	}
}

func slicesContainsValue(m map[string]string, v string) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}

// BenchmarkCompress is what a cache miss pays to store the question
// page compressed, beside the alternatives weighed for brotliQuality:
//
//	go test -run '^$' -bench Compress -benchtime 200x ./internal/web
func BenchmarkCompress(b *testing.B) {
	s, _ := newTestServer(b)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/q/what-is-restless-legs-syndrome", nil))
	page := rec.Body.Bytes()
	b.Run("stored", func(b *testing.B) {
		for b.Loop() {
			p := newRendered(http.StatusOK, "text/html", page, 0)
			p.compress()
			b.ReportMetric(float64(len(p.gzip.body)), "gzip-bytes")
			b.ReportMetric(float64(len(p.br.body)), "br-bytes")
		}
	})
	for _, level := range []int{1, 6, 9} {
		b.Run(fmt.Sprintf("gzip-%d", level), func(b *testing.B) {
			for b.Loop() {
				var out bytes.Buffer
				w, _ := gzip.NewWriterLevel(&out, level)
				w.Write(page)
				w.Close()
				b.ReportMetric(float64(out.Len()), "bytes")
			}
		})
	}
	for _, q := range []int{4, 5, 6, 11} {
		b.Run(fmt.Sprintf("brotli-%d", q), func(b *testing.B) {
			for b.Loop() {
				var out bytes.Buffer
				w := brotli.NewWriterLevel(&out, q)
				w.Write(page)
				w.Close()
				b.ReportMetric(float64(out.Len()), "bytes")
			}
		})
	}
}
