package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// rendered is one response ready to send again, in each encoding worth
// keeping.
type rendered struct {
	status       int
	contentType  string
	lastModified time.Time
	version      int64
	identity     variant
	// The compressed encodings, nil when not made (small or error
	// bodies) or not smaller.
	gzip, br *variant
	// The header values, made once.
	hContentType, hLastModified []string
	// encoding is set by the one request that makes the compressed
	// encodings of a cached response (cacheHit), so that no other does.
	encoding atomic.Bool
}

// variant is the body in one content coding, with its own validator:
// a cache that stored the gzip bytes must not be told they match the
// plain ones.
type variant struct {
	body                    []byte
	etag                    string
	hETag, hLength, hCoding []string
}

func newVariant(body []byte, tag, coding string) *variant {
	if cap(body)-len(body) > len(body)/16 {
		// A rendering buffer grows by doubling; keeping its spare half
		// for the life of a cache entry would double what pages cost.
		body = bytes.Clone(body)
	}
	v := &variant{body: body, etag: tag, hETag: []string{tag}, hLength: []string{strconv.Itoa(len(body))}}
	if coding != "" {
		v.hCoding = []string{coding}
	}
	return v
}

func newRendered(status int, contentType string, body []byte, lastModified time.Time, version int64) *rendered {
	sum := sha256.Sum256(body)
	p := &rendered{
		status: status, contentType: contentType,
		lastModified: lastModified.UTC().Truncate(time.Second),
		version:      version,
	}
	p.identity = *newVariant(body, `"`+base64.RawURLEncoding.EncodeToString(sum[:12])+`"`, "")
	p.hContentType = []string{contentType}
	if !p.lastModified.IsZero() {
		p.hLastModified = []string{p.lastModified.Format(http.TimeFormat)}
	}
	return p
}

// storedBytes is what the response holds in memory besides the fixed
// overhead of an entry: every body and every header value.
func (p *rendered) storedBytes() int {
	n := len(p.contentType) + len(p.hLastModified)*len(http.TimeFormat)
	for _, v := range []*variant{&p.identity, p.gzip, p.br} {
		if v != nil {
			n += cap(v.body) + 2*len(v.etag) + len(v.hLength[0]) + 8
		}
	}
	return n
}

var (
	publicCache        = []string{"public, max-age=300"}
	varyAcceptEncoding = []string{"Accept-Encoding"}
)

// write sends the response in the encoding the client prefers, or 304
// when the client already has that one.
func (p *rendered) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Content-Type"] = p.hContentType
	v := p.variantFor(r.Header.Get("Accept-Encoding"))
	if p.gzip != nil || p.br != nil || p.compressible() {
		// Also before the encodings are made: a cache must not keep
		// this plain answer for clients that will get it compressed.
		h["Vary"] = varyAcceptEncoding
	}
	if p.status == http.StatusOK {
		h["Etag"] = v.hETag
		if p.hLastModified != nil {
			h["Last-Modified"] = p.hLastModified
		}
		h["Cache-Control"] = publicCache
		if notModified(r, p, v) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if v.hCoding != nil {
		h["Content-Encoding"] = v.hCoding
	}
	h["Content-Length"] = v.hLength
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(v.body)
	}
}

func (p *rendered) variantFor(acceptEncoding string) *variant {
	if p.gzip == nil && p.br == nil {
		return &p.identity
	}
	switch negotiate(acceptEncoding, p.br != nil, p.gzip != nil) {
	case codingBrotli:
		return p.br
	case codingGzip:
		return p.gzip
	}
	return &p.identity
}

func notModified(r *http.Request, p *rendered, v *variant) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, tag := range strings.Split(inm, ",") {
			if t := strings.TrimSpace(tag); t == v.etag || t == "*" || t == "W/"+v.etag {
				return true
			}
		}
		return false
	}
	if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !p.lastModified.IsZero() {
		return !p.lastModified.After(ims)
	}
	return false
}
