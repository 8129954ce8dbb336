package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// The style sheet and the script are served compressed when the client
// accepts it (made once at start), each encoding with its own tag, with
// Vary, and decoding to the embedded file; a 304 for the tag it holds.
func TestStaticAssetsPrecompressed(t *testing.T) {
	s, _ := newTestServer(t)
	plain, err := staticFS.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	url := s.assets.url("style.css")
	tags := map[string]bool{}
	for _, tt := range []struct{ accept, coding string }{
		{"", ""},
		{"gzip", "gzip"},
		{"gzip, deflate, br", "br"},
		{"br;q=0", ""},
		{"identity", ""},
	} {
		resp := do(t, s, "GET", url, "Accept-Encoding", tt.accept)
		h := resp.Header
		if resp.StatusCode != 200 || h.Get("Content-Encoding") != tt.coding || h.Get("Vary") != "Accept-Encoding" || !strings.Contains(h.Get("Cache-Control"), "immutable") {
			t.Errorf("Accept-Encoding %q: %d, Content-Encoding %q, Vary %q, Cache-Control %q", tt.accept, resp.StatusCode, h.Get("Content-Encoding"), h.Get("Vary"), h.Get("Cache-Control"))
			continue
		}
		raw, _ := io.ReadAll(resp.Body)
		var r io.Reader = bytes.NewReader(raw)
		switch tt.coding {
		case "gzip":
			if r, err = gzip.NewReader(r); err != nil {
				t.Fatal(err)
			}
		case "br":
			r = brotli.NewReader(r)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("Accept-Encoding %q: the body does not decode to style.css (%v)", tt.accept, err)
		}
		if tt.coding != "" && len(raw) >= len(plain) {
			t.Errorf("%s body %d bytes, plain %d", tt.coding, len(raw), len(plain))
		}
		tag := h.Get("ETag")
		tags[tag+" "+tt.coding] = true
		if resp := do(t, s, "GET", url, "Accept-Encoding", tt.accept, "If-None-Match", tag); resp.StatusCode != http.StatusNotModified {
			t.Errorf("Accept-Encoding %q, If-None-Match %s: %d, want 304", tt.accept, tag, resp.StatusCode)
		}
	}
	if len(tags) != 3 { // one tag per encoding, never one tag for two
		t.Errorf("tags by encoding: %v", tags)
	}
	if resp := do(t, s, "HEAD", url, "Accept-Encoding", "gzip"); resp.StatusCode != 200 || body(t, resp) != "" || resp.Header.Get("Content-Length") == "" {
		t.Errorf("HEAD: %d %v", resp.StatusCode, resp.Header)
	}
}
