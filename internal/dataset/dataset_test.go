package dataset_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"healthqa/internal/dataset"
)

var payload = bytes.Repeat([]byte("MedQuAD "), 1000) // 8000 bytes

// verifyBytes stands in for the content fingerprint check.
func verifyBytes(want []byte) func(string) error {
	return func(path string) error {
		got, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			return errors.New("fingerprint mismatch")
		}
		return nil
	}
}

// serve starts a server that counts the requests it sees.
func serve(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts, &n
}

func servePayload(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", fmt.Sprint(len(payload)))
	w.Write(payload)
}

func newFetcher(t *testing.T, url string) *dataset.Fetcher {
	return &dataset.Fetcher{
		URL:      url,
		CacheDir: filepath.Join(t.TempDir(), "cache"), // not there yet
		FileName: "data.zip",
		Verify:   verifyBytes(payload),
	}
}

// assertNothingLeft checks a failed Fetch left neither the file nor a
// temporary one.
func assertNothingLeft(t *testing.T, f *dataset.Fetcher) {
	t.Helper()
	entries, err := os.ReadDir(f.CacheDir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left behind in the cache: %s", e.Name())
	}
}

func TestFetchThenCache(t *testing.T) {
	ts, requests := serve(t, servePayload)
	f := newFetcher(t, ts.URL)
	var out bytes.Buffer
	f.Progress = &out

	path, err := f.Fetch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(f.CacheDir, "data.zip"); path != want {
		t.Errorf("path = %q, want %q", path, want)
	}
	if err := verifyBytes(payload)(path); err != nil {
		t.Error(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(f.CacheDir); len(entries) != 1 {
		t.Errorf("cache holds %d entries, want just the file", len(entries))
	}
	if !strings.Contains(out.String(), "download data.zip: 8.0 kB/8.0 kB (100%)") {
		t.Errorf("progress output %q lacks the completion line", out.String())
	}

	out.Reset()
	again, err := f.Fetch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if again != path {
		t.Errorf("second Fetch = %q, want %q", again, path)
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1: the second Fetch should use the cache", n)
	}
	if out.Len() != 0 {
		t.Errorf("cache hit drew progress: %q", out.String())
	}
}

// hijack lets a handler write a raw, broken response and hang up.
func hijack(raw string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		buf.WriteString(raw)
		buf.Flush()
	}
}

func TestFetchFailures(t *testing.T) {
	short := strings.Repeat("x", 1234)
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		maxBytes int64
		want     string
	}{
		{
			name:    "not found",
			handler: http.NotFound,
			want:    "got 404 Not Found",
		},
		{
			name:    "server error",
			handler: func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", http.StatusInternalServerError) },
			want:    "got 500 Internal Server Error",
		},
		{
			name: "body shorter than Content-Length",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", "5000")
				io.WriteString(w, short)
			},
			want: "unexpected EOF after 1234 of 5000 bytes",
		},
		{
			name:    "connection closed mid-body",
			handler: hijack("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + short),
			want:    "unexpected EOF after 1234 of 5000 bytes",
		},
		{
			name:    "chunked body cut short",
			handler: hijack("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4d2\r\n" + short + "\r\n"),
			want:    "unexpected EOF after 1234 bytes",
		},
		{
			name: "tampered",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Write(bytes.ToUpper(payload))
			},
			want: "failed verification: fingerprint mismatch",
		},
		{
			name:     "Content-Length over MaxBytes",
			handler:  servePayload,
			maxBytes: 100,
			want:     "response of 8.0 kB exceeds the limit of 100 B",
		},
		{
			name: "streamed body over MaxBytes",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.NewResponseController(w).Flush() // no Content-Length
				w.Write(payload)
			},
			maxBytes: 100,
			want:     "response exceeds the limit of 100 B",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, _ := serve(t, tt.handler)
			f := newFetcher(t, ts.URL+"/MedQuAD.zip")
			f.MaxBytes = tt.maxBytes
			path, err := f.Fetch(context.Background())
			if err == nil {
				t.Fatalf("Fetch = %q, want an error", path)
			}
			t.Log(err)
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), f.URL) {
				t.Errorf("error %q should name %s and say %q", err, f.URL, tt.want)
			}
			assertNothingLeft(t, f)
		})
	}
}

func TestCorruptCacheIsReplaced(t *testing.T) {
	ts, requests := serve(t, servePayload)
	f := newFetcher(t, ts.URL)
	writeCache(t, f, "garbage")

	path, err := f.Fetch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := verifyBytes(payload)(path); err != nil {
		t.Error(err)
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestCorruptCacheAndTamperedDownload(t *testing.T) {
	ts, requests := serve(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "tampered") })
	f := newFetcher(t, ts.URL)
	writeCache(t, f, "garbage")

	if _, err := f.Fetch(context.Background()); err == nil || !strings.Contains(err.Error(), "failed verification") {
		t.Errorf("Fetch error = %v, want a verification failure", err)
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("server saw %d requests, want exactly 1 retry", n)
	}
	assertNothingLeft(t, f)
}

func writeCache(t *testing.T, f *dataset.Fetcher, content string) {
	t.Helper()
	if err := os.MkdirAll(f.CacheDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.CacheDir, f.FileName), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// roundTripFunc lets a test see the response body as Fetch reads it.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// cancelOnRead cancels the download as soon as its first bytes arrive.
type cancelOnRead struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnRead) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	if n > 0 {
		c.cancel()
	}
	return n, err
}

func TestCancelMidDownload(t *testing.T) {
	released := make(chan struct{})
	ts, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(payload)))
		w.Write(payload[:1000])
		http.NewResponseController(w).Flush()
		// Hold the rest back until the client gives up (or the test ends).
		select {
		case <-r.Context().Done():
		case <-released:
		}
	})
	defer close(released)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := newFetcher(t, ts.URL)
	f.Client = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err == nil {
			resp.Body = cancelOnRead{resp.Body, cancel}
		}
		return resp, err
	})}

	_, err := f.Fetch(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Fetch error = %v, want context.Canceled", err)
	}
	t.Log(err)
	if !strings.Contains(err.Error(), f.URL) || !strings.Contains(err.Error(), "of 8000 bytes") {
		t.Errorf("error %q should name the URL and how far it got", err)
	}
	assertNothingLeft(t, f)
}

func TestCancelledBeforeStart(t *testing.T) {
	ts, _ := serve(t, servePayload)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := newFetcher(t, ts.URL)
	if _, err := f.Fetch(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Fetch error = %v, want context.Canceled", err)
	}
	assertNothingLeft(t, f)
}

func TestCancelledContextStillUsesCache(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := newFetcher(t, "http://127.0.0.1:1/never-asked")
	writeCache(t, f, string(payload))
	if _, err := f.Fetch(ctx); err != nil {
		t.Fatalf("Fetch with a good cache = %v, want no error", err)
	}
}

// TestStall waits on a real timer, but only for it to fire: it asserts
// nothing about how long that took.
func TestStall(t *testing.T) {
	ts, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(payload)))
		w.Write(payload[:10])
		http.NewResponseController(w).Flush()
		<-r.Context().Done()
	})
	f := newFetcher(t, ts.URL)
	f.StallTimeout = 10 * time.Millisecond
	_, err := f.Fetch(context.Background())
	if err == nil || !strings.Contains(err.Error(), "no data received for 10ms") {
		t.Fatalf("Fetch error = %v, want a stall", err)
	}
	t.Log(err)
	assertNothingLeft(t, f)
}

func TestRedirect(t *testing.T) {
	ts, requests := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/archive.zip" {
			http.Redirect(w, r, "/codeload.zip", http.StatusFound)
			return
		}
		servePayload(w, r)
	})
	f := newFetcher(t, ts.URL+"/archive.zip")
	if _, err := f.Fetch(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := requests.Load(); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}

func TestInvalidFetcher(t *testing.T) {
	ts, requests := serve(t, servePayload)
	tests := []struct {
		name   string
		modify func(*dataset.Fetcher)
	}{
		{"no URL", func(f *dataset.Fetcher) { f.URL = "" }},
		{"no cache dir", func(f *dataset.Fetcher) { f.CacheDir = "" }},
		{"no file name", func(f *dataset.Fetcher) { f.FileName = "" }},
		{"file name with a folder", func(f *dataset.Fetcher) { f.FileName = "sub/data.zip" }},
		{"file name escaping", func(f *dataset.Fetcher) { f.FileName = "../data.zip" }},
		{"dot dot", func(f *dataset.Fetcher) { f.FileName = ".." }},
		{"no Verify", func(f *dataset.Fetcher) { f.Verify = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFetcher(t, ts.URL)
			tt.modify(f)
			if _, err := f.Fetch(context.Background()); err == nil {
				t.Error("Fetch succeeded")
			}
		})
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestCachedPathIsFolder(t *testing.T) {
	ts, requests := serve(t, servePayload)
	f := newFetcher(t, ts.URL)
	if err := os.MkdirAll(filepath.Join(f.CacheDir, f.FileName), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Fetch(context.Background()); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Fetch error = %v, want not a regular file", err)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestDefaultCacheDir(t *testing.T) {
	t.Run("HEALTHQA_CACHE", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv("HEALTHQA_CACHE", dir)
		if got, err := dataset.DefaultCacheDir(); err != nil || got != dir {
			t.Errorf("DefaultCacheDir = %q, %v; want %q", got, err, dir)
		}
	})
	t.Run("user cache dir", func(t *testing.T) {
		t.Setenv("HEALTHQA_CACHE", "")
		xdg := t.TempDir()
		t.Setenv("XDG_CACHE_HOME", xdg)
		base, err := os.UserCacheDir()
		if err != nil {
			t.Skip(err)
		}
		got, err := dataset.DefaultCacheDir()
		if err != nil || got != filepath.Join(base, "healthqa") {
			t.Errorf("DefaultCacheDir = %q, %v; want %q", got, err, filepath.Join(base, "healthqa"))
		}
		if runtime.GOOS == "linux" && got != filepath.Join(xdg, "healthqa") {
			t.Errorf("DefaultCacheDir = %q ignores XDG_CACHE_HOME", got)
		}
	})
	t.Run("no cache dir", func(t *testing.T) {
		if runtime.GOOS != "linux" {
			t.Skip("how UserCacheDir fails is platform specific")
		}
		t.Setenv("HEALTHQA_CACHE", "")
		t.Setenv("XDG_CACHE_HOME", "")
		t.Setenv("HOME", "")
		if _, err := dataset.DefaultCacheDir(); err == nil || !strings.Contains(err.Error(), "HEALTHQA_CACHE") {
			t.Errorf("DefaultCacheDir error = %v, want a hint to set HEALTHQA_CACHE", err)
		}
	})
}
