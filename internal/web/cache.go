package web

import (
	"container/list"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rendered is one response ready to send again.
type rendered struct {
	status       int
	contentType  string
	body         []byte
	etag         string
	lastModified time.Time
	version      int64
	// The header values, made once.
	hContentType, hETag, hLastModified, hLength []string
}

func newRendered(status int, contentType string, body []byte, lastModified time.Time, version int64) *rendered {
	sum := sha256.Sum256(body)
	p := &rendered{
		status: status, contentType: contentType, body: body,
		etag:         `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
		lastModified: lastModified.UTC().Truncate(time.Second),
		version:      version,
	}
	p.hContentType, p.hETag = []string{contentType}, []string{p.etag}
	// A known length spares the chunked encoding of a large page.
	p.hLength = []string{strconv.Itoa(len(body))}
	if !p.lastModified.IsZero() {
		p.hLastModified = []string{p.lastModified.Format(http.TimeFormat)}
	}
	return p
}

var publicCache = []string{"public, max-age=300"}

// write sends the response, or 304 when the client already has it.
func (p *rendered) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Content-Type"] = p.hContentType
	if p.status == http.StatusOK {
		h["Etag"] = p.hETag
		if p.hLastModified != nil {
			h["Last-Modified"] = p.hLastModified
		}
		h["Cache-Control"] = publicCache
		if notModified(r, p) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h["Content-Length"] = p.hLength
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(p.body)
	}
}

func notModified(r *http.Request, p *rendered) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, tag := range strings.Split(inm, ",") {
			if t := strings.TrimSpace(tag); t == p.etag || t == "*" || t == "W/"+p.etag {
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

// pageCache keeps rendered responses by URL, least recently used out
// first, within a byte budget. Entries of an older content version are
// misses.
type pageCache struct {
	mu     sync.Mutex
	max    int
	size   int
	order  *list.List // front = most recent; values are *cacheEntry
	byKey  map[string]*list.Element
	hits   int64
	misses int64
}

type cacheEntry struct {
	key  string
	page *rendered
}

func newPageCache(maxBytes int) *pageCache {
	return &pageCache{max: maxBytes, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *pageCache) get(key string, version int64) *rendered {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok || el.Value.(*cacheEntry).page.version != version {
		c.misses++
		return nil
	}
	c.hits++
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).page
}

func (c *pageCache) put(key string, p *rendered) {
	if len(p.body) > c.max/8 {
		return // one huge page must not flush everything else
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.size -= len(el.Value.(*cacheEntry).page.body)
		el.Value.(*cacheEntry).page = p
		c.order.MoveToFront(el)
	} else {
		c.byKey[key] = c.order.PushFront(&cacheEntry{key, p})
	}
	c.size += len(p.body)
	for c.size > c.max {
		last := c.order.Back()
		e := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.byKey, e.key)
		c.size -= len(e.page.body)
	}
}
