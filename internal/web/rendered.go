package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// rendered is one response ready to send again, in each encoding worth
// keeping.
type rendered struct {
	status      int
	contentType string
	version     int64
	// expires, when set, is when the response stops being true although
	// the content version has not moved (see cacheUntil).
	expires  time.Time
	identity variant
	// The compressed encodings, nil when not made (small or error
	// bodies) or not smaller.
	gzip, br *variant
	// The header value, made once.
	hContentType []string
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

// newRendered makes a response whose only validator is the strong ETag
// of its body. It has no Last-Modified on purpose: a page's newest
// answer date goes back when an answer is unpublished or an import
// deletes one, and a date has one-second granularity, so a client's
// If-Modified-Since could be answered 304 with content that was taken
// down. The ETag changes with every byte.
func newRendered(status int, contentType string, body []byte, version int64) *rendered {
	sum := sha256.Sum256(body)
	p := &rendered{status: status, contentType: contentType, version: version}
	p.identity = *newVariant(body, `"`+base64.RawURLEncoding.EncodeToString(sum[:12])+`"`, "")
	p.hContentType = []string{contentType}
	return p
}

func (p *rendered) expired(now time.Time) bool {
	return !p.expires.IsZero() && !now.Before(p.expires)
}

// storedBytes is what the response holds in memory besides the fixed
// overhead of an entry: every body and every header value.
func (p *rendered) storedBytes() int {
	n := len(p.contentType)
	for _, v := range []*variant{&p.identity, p.gzip, p.br} {
		if v != nil {
			n += cap(v.body) + 2*len(v.etag) + len(v.hLength[0]) + 8
		}
	}
	return n
}

var (
	// publicCache lets any cache store a public response but makes it
	// revalidate (If-None-Match) before each use: an unpublished answer
	// must vanish at once, from browsers' caches too. The server's own
	// cache keeps revalidation cheap.
	publicCache        = []string{"public, no-cache"}
	varyAcceptEncoding = []string{"Accept-Encoding"}
)

// write sends the response in the encoding the client prefers, or 304
// when the client already has that one.
func (p *rendered) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Content-Type"] = p.hContentType
	v := p.variantFor(r.Header.Get("Accept-Encoding"))
	if p.gzip != nil || p.br != nil {
		h["Vary"] = varyAcceptEncoding
	}
	if p.status == http.StatusOK {
		h["Etag"] = v.hETag
		h["Cache-Control"] = publicCache
		if notModified(r, v) {
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

// notModified compares If-None-Match with the variant's ETag, the only
// validator sent; If-Modified-Since is ignored, as RFC 9110 asks of a
// resource without a modification date.
func notModified(r *http.Request, v *variant) bool {
	for _, tag := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if t := strings.TrimSpace(tag); t != "" && (t == v.etag || t == "*" || t == "W/"+v.etag) {
			return true
		}
	}
	return false
}
