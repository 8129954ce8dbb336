package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Content codings a stored response is kept in.
type coding int

const (
	codingIdentity coding = iota
	codingGzip
	codingBrotli
)

// minCompressBytes: below this a compressed body saves less than the
// headers it needs.
const minCompressBytes = 1 << 10

// brotliQuality trades compression for the time a cache miss takes:
// quality 5 is about as fast as gzip's default and smaller; 11 is many
// times slower for a few per cent more.
const brotliQuality = 5

// compressible: a successful response large enough to be worth
// compressing.
func (p *rendered) compressible() bool {
	return p.status == 200 && len(p.identity.body) >= minCompressBytes
}

// compress adds the gzip and brotli bodies of a successful response; an
// encoding that does not make the body smaller is not kept. It runs
// before p is shared (static assets at start) or on a copy (cacheHit).
func (p *rendered) compress() {
	body := p.identity.body
	if !p.compressible() {
		return
	}
	buf := scratchBuffer()
	defer releaseScratch(buf)
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(buf)
	zw.Write(body)
	if zw.Close() == nil && buf.Len() < len(body) {
		p.gzip = newVariant(bytes.Clone(buf.Bytes()), suffixTag(p.identity.etag, "gz"), "gzip")
	}
	gzipWriters.Put(zw)
	buf.Reset()
	bw := brotliWriters.Get().(*brotli.Writer)
	bw.Reset(buf)
	bw.Write(body)
	if bw.Close() == nil && buf.Len() < len(body) {
		p.br = newVariant(bytes.Clone(buf.Bytes()), suffixTag(p.identity.etag, "br"), "br")
	}
	brotliWriters.Put(bw)
}

// Rendering and compressing go through reused buffers, and what is kept
// is an exact-size copy: a fresh buffer grows by doubling, and under a
// flood of cache misses those intermediate slices were a tenth of all
// garbage (heap profile, docs/BENCHMARKS.md), which is what makes the
// collector run against the memory limit.
var scratchBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxScratchBytes: a buffer grown past this (a rare huge page) is left
// to the collector rather than kept in the pool.
const maxScratchBytes = 1 << 20

func scratchBuffer() *bytes.Buffer {
	b := scratchBuffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func releaseScratch(b *bytes.Buffer) {
	if b.Cap() <= maxScratchBytes {
		scratchBuffers.Put(b)
	}
}

// The compressors' state (about 0.8 MB for gzip, 1.2 MB for brotli) is
// reused: made afresh on every cache miss it was garbage enough to
// grow the process by a few hundred MB under a flood of misses.
var (
	gzipWriters = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
		return w
	}}
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, brotliQuality) }}
)

// suffixTag makes an encoding's entity tag from the plain one:
// `"abc"` → `"abc-gz"`.
func suffixTag(tag, suffix string) string {
	return strings.TrimSuffix(tag, `"`) + "-" + suffix + `"`
}

// negotiate picks the coding for an Accept-Encoding header (RFC 9110
// §12.5.3): the highest q-value among the codings on offer, brotli
// before gzip on a tie, and no coding when none is acceptable or when
// identity is asked for with a higher q-value. Identity not named is
// acceptable but least preferred.
func negotiate(header string, haveBr, haveGzip bool) coding {
	if header == "" {
		return codingIdentity
	}
	qBr, qGzip, qIdentity, qStar := -1.0, -1.0, -1.0, -1.0
	for header != "" { // Cut, not Split: this runs on every request
		var part string
		part, header, _ = strings.Cut(header, ",")
		name, params, _ := strings.Cut(part, ";")
		q := qValue(params)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			qBr = q
		case "gzip", "x-gzip":
			qGzip = q
		case "identity":
			qIdentity = q
		case "*":
			qStar = q
		}
	}
	if qBr < 0 {
		qBr = qStar
	}
	if qGzip < 0 {
		qGzip = qStar
	}
	if !haveBr {
		qBr = 0
	}
	if !haveGzip {
		qGzip = 0
	}
	best, q := codingIdentity, 0.0
	if qBr > 0 {
		best, q = codingBrotli, qBr
	}
	if qGzip > q {
		best, q = codingGzip, qGzip
	}
	if qIdentity > q {
		return codingIdentity
	}
	return best
}

// qValue reads "q=0.5" among a coding's parameters; 1 when absent,
// 0 when unreadable.
func qValue(params string) float64 {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}

// cacheHit sends a cached response. A response is cached plain, and the
// first hit from a client that accepts gzip or brotli makes both
// encodings and stores them with it: what is asked once (a unique
// question, a page a crawler reads once, a flood of junk addresses) never
// pays for compression, which was a quarter of the server's CPU under a
// flood of asks (docs/BENCHMARKS.md). The first reader of a page gets it
// plain; every later one the smallest encoding it accepts.
func (s *Server) cacheHit(w http.ResponseWriter, r *http.Request, key string, p *rendered) {
	if p.gzip == nil && p.br == nil && p.compressible() &&
		negotiate(r.Header.Get("Accept-Encoding"), true, true) != codingIdentity &&
		p.encoding.CompareAndSwap(false, true) {
		q := p.withEncodings()
		// Should a newer version have replaced the entry meanwhile,
		// this puts the older one back: the next request finds its
		// version stale and renders again, nothing worse.
		s.cache.put(key, q)
		p = q
	}
	p.write(w, r)
}

// withEncodings is a copy of p with its compressed encodings: p itself
// is being read by other requests.
func (p *rendered) withEncodings() *rendered {
	q := &rendered{status: p.status, contentType: p.contentType, version: p.version, expires: p.expires,
		identity: p.identity, hContentType: p.hContentType}
	q.compress()
	q.encoding.Store(true) // made: never again for this entry
	return q
}
