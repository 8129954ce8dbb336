// Package dataset fetches healthqa's default data on first run and keeps
// it in a cache folder, so later runs need no network.
package dataset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"healthqa/internal/progress"
)

// The default data: the MedQuAD archive pinned to one commit, so its
// content fingerprint never changes.
const (
	DefaultURL      = "https://github.com/abachaa/MedQuAD/archive/577bd37b96c02d1833b2c9eed2de9f96964e96cb.zip"
	DefaultFileName = "MedQuAD-577bd37.zip"
)

// Limits used when a Fetcher leaves them zero.
const (
	DefaultMaxBytes     int64 = 512 << 20
	DefaultStallTimeout       = 2 * time.Minute
)

// CacheEnv names the environment variable that overrides DefaultCacheDir.
const CacheEnv = "HEALTHQA_CACHE"

// Fetcher downloads one file into a cache folder and keeps it there once
// verified.
type Fetcher struct {
	URL      string // where to download
	CacheDir string // created if missing; see DefaultCacheDir
	FileName string // a plain name inside CacheDir, e.g. DefaultFileName
	// Verify returns nil if the file at path has the right content. It
	// may be given a temporary path: a download is checked before it
	// takes FileName. Required.
	Verify func(path string) error
	// Client makes the request; nil means one with connect, TLS and
	// response-header timeouts but no overall deadline (use ctx for one).
	Client *http.Client
	// Progress is where to draw download progress; nil is silent.
	Progress io.Writer
	// MaxBytes refuses larger bodies; 0 means DefaultMaxBytes.
	MaxBytes int64
	// StallTimeout aborts a download that receives nothing for this long;
	// 0 means DefaultStallTimeout. A slow but moving download is let be.
	StallTimeout time.Duration
}

// DefaultCacheDir is $HEALTHQA_CACHE if set, else healthqa inside the
// user's cache folder (os.UserCacheDir, which honours XDG_CACHE_HOME).
func DefaultCacheDir() (string, error) {
	if dir := os.Getenv(CacheEnv); dir != "" {
		return dir, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find a cache folder (set %s to choose one): %w", CacheEnv, err)
	}
	return filepath.Join(dir, "healthqa"), nil
}

// Fetch returns the path of the verified file, downloading it only when
// the cache holds no good copy. On error nothing is left at that path.
func (f *Fetcher) Fetch(ctx context.Context) (string, error) {
	if err := f.check(); err != nil {
		return "", err
	}
	final := filepath.Join(f.CacheDir, f.FileName)
	ok, err := f.cached(final)
	if err != nil {
		return "", err
	}
	if ok {
		return final, nil
	}
	if err := os.MkdirAll(f.CacheDir, 0o755); err != nil {
		return "", fmt.Errorf("create cache folder: %w", err)
	}
	tmp, err := f.download(ctx)
	if err != nil {
		return "", err
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("save download: %w", err)
	}
	syncDir(f.CacheDir)
	return final, nil
}

func (f *Fetcher) check() error {
	switch {
	case f.URL == "":
		return errors.New("dataset: Fetcher has no URL")
	case f.CacheDir == "":
		return errors.New("dataset: Fetcher has no CacheDir")
	case f.FileName == "" || f.FileName == "." || f.FileName == ".." || filepath.Base(f.FileName) != f.FileName:
		return fmt.Errorf("dataset: FileName %q is not a plain file name", f.FileName)
	case f.Verify == nil:
		// Unverified data would be served as if it were MedQuAD.
		return errors.New("dataset: Fetcher has no Verify function")
	}
	return nil
}

// cached reports whether path holds a good copy. A bad copy is removed,
// as a stale or damaged cache is worth one fresh download, not a failure.
func (f *Fetcher) cached(path string) (bool, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("check cached data: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return false, fmt.Errorf("cached data %s is not a regular file", path)
	}
	if f.Verify(path) == nil {
		return true, nil
	}
	if err := os.Remove(path); err != nil {
		return false, fmt.Errorf("remove cached data that failed verification: %w", err)
	}
	return false, nil
}

// download fetches into a verified temporary file beside the final path,
// so the rename into place is atomic.
func (f *Fetcher) download(ctx context.Context) (path string, err error) {
	tmp, err := os.CreateTemp(f.CacheDir, f.FileName+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("create download file: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// CreateTemp makes 0600; the cache should read like any download.
	if err := tmp.Chmod(0o644); err != nil {
		return "", fmt.Errorf("create download file: %w", err)
	}
	if err := f.get(ctx, tmp); err != nil {
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("save download: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("save download: %w", err)
	}
	if err := f.Verify(tmp.Name()); err != nil {
		return "", fmt.Errorf("file downloaded from %s failed verification: %w", f.URL, err)
	}
	return tmp.Name(), nil
}

// get copies the response body for f.URL to w.
func (f *Fetcher) get(ctx context.Context, w io.Writer) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stall := positive(f.StallTimeout, DefaultStallTimeout)
	timer := time.AfterFunc(stall, func() { cancel(stallError{stall}) })
	defer timer.Stop()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return f.errorf("%w", err)
	}
	client := f.Client
	if client == nil {
		client = defaultClient()
	}
	resp, err := client.Do(req)
	if err != nil {
		return f.errorf("%w", failure(ctx, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return f.errorf("got %s", resp.Status)
	}
	limit := positive(f.MaxBytes, DefaultMaxBytes)
	if resp.ContentLength > limit {
		return f.errorf("response of %s exceeds the limit of %s",
			progress.FormatBytes(resp.ContentLength), progress.FormatBytes(limit))
	}

	total := max(resp.ContentLength, 0)
	bar := progress.New(f.Progress, "download "+f.FileName, total, progress.Bytes)
	defer bar.Done()
	// One byte past the limit is enough to tell an oversized body.
	body := &stallReader{r: io.LimitReader(resp.Body, limit+1), timer: timer, d: stall}
	n, err := io.Copy(io.MultiWriter(w, bar), body)
	switch {
	case err != nil:
		return f.errorf("%w after %s", failure(ctx, err), got(n, total))
	case n > limit:
		return f.errorf("response exceeds the limit of %s", progress.FormatBytes(limit))
	case total > 0 && n != total:
		// The transport reports this itself; this guards custom clients.
		return f.errorf("%w after %s", io.ErrUnexpectedEOF, got(n, total))
	}
	return nil
}

// errorf names the URL, which is what a user can act on.
func (f *Fetcher) errorf(format string, args ...any) error {
	return fmt.Errorf("download %s: "+format, append([]any{f.URL}, args...)...)
}

// failure says why a request failed in a user's terms: cancellation or a
// stall rather than the transport's wording, and without *url.Error
// repeating the URL.
func failure(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}

func got(n, total int64) string {
	if total > 0 {
		return fmt.Sprintf("%d of %d bytes", n, total)
	}
	return fmt.Sprintf("%d bytes", n)
}

func positive[T int64 | time.Duration](v, fallback T) T {
	if v > 0 {
		return v
	}
	return fallback
}

// defaultClient leaves the overall deadline to ctx, so a slow but steady
// download can finish; StallTimeout catches one that has hung.
var defaultClient = sync.OnceValue(func() *http.Client {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return &http.Client{}
	}
	t = t.Clone() // keeps its proxy settings and connect and TLS timeouts
	t.ResponseHeaderTimeout = time.Minute
	return &http.Client{Transport: t}
})

type stallError struct{ d time.Duration }

func (e stallError) Error() string { return fmt.Sprintf("no data received for %v", e.d) }

// stallReader pushes the stall deadline back whenever data arrives.
type stallReader struct {
	r     io.Reader
	timer *time.Timer
	d     time.Duration
}

func (s *stallReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if n > 0 {
		s.timer.Reset(s.d)
	}
	return n, err
}

// syncDir makes the rename durable. It is best effort: some systems
// cannot sync a directory, and the data is already safe in the file.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
