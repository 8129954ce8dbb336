package web

import (
	"container/list"
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// queryParams names, per route pattern, the query parameters its
// handler reads, in the order they appear in a cache key. Everything
// else in a query string is ignored: it can neither change the answer
// nor make a new cache entry.
var queryParams = map[string][]string{
	"/ask":            {"q"},
	"/search":         {"q"},
	"/topics":         {"letter", "page"},
	"/api/v1/ask":     {"q"},
	"/api/v1/search":  {"q"},
	"/api/v1/suggest": {"q"},
	"/api/v1/topics":  {"letter", "page"},
}

// maxKeyBytes bounds a cache key; a longer address (a very long
// question) is answered but not kept.
const maxKeyBytes = 2 << 10

// entryOverhead stands for what an entry costs besides the bytes
// storedBytes counts: the list element, the map slot (and its share of
// a map doubling), the response struct and its header slices. About
// 480 bytes measured (TestCacheCountCoversHeap logs it); 1 KiB keeps
// the count above the heap it stands for.
const entryOverhead = 1 << 10

// canonicalQuery is the request's query reduced to the parameters its
// route reads: first value of each, blanks around it trimmed, in a fixed
// order. A parameter given empty stays, so that it can be refused.
func canonicalQuery(r *http.Request) string {
	names := queryParams[r.Pattern]
	if len(names) == 0 || r.URL.RawQuery == "" {
		return ""
	}
	q := r.URL.Query()
	var b strings.Builder
	for _, name := range names {
		if !q.Has(name) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(name + "=" + url.QueryEscape(strings.TrimSpace(q.Get(name))))
	}
	return b.String()
}

// pageCache keeps rendered responses by canonical address, least
// recently used out first, within a byte budget that counts keys, every
// stored encoding, header values and a fixed overhead per entry, and
// within a number of entries. Entries of an older content version are
// misses.
type pageCache struct {
	mu         sync.Mutex
	maxBytes   int
	maxEntries int
	size       int
	order      *list.List // front = most recent; values are *cacheEntry
	byKey      map[string]*list.Element
	hits       int64
	misses     int64
}

type cacheEntry struct {
	key  string
	page *rendered
	cost int
}

func newPageCache(maxBytes, maxEntries int) *pageCache {
	return &pageCache{maxBytes: maxBytes, maxEntries: maxEntries, order: list.New(), byKey: map[string]*list.Element{}}
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
	cost := len(key) + p.storedBytes() + entryOverhead
	if cost > c.maxBytes/8 {
		return // one huge page must not flush everything else
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		e := el.Value.(*cacheEntry)
		c.size += cost - e.cost
		e.page, e.cost = p, cost
		c.order.MoveToFront(el)
	} else {
		c.byKey[key] = c.order.PushFront(&cacheEntry{key, p, cost})
		c.size += cost
	}
	for c.size > c.maxBytes || c.order.Len() > c.maxEntries {
		last := c.order.Back()
		e := last.Value.(*cacheEntry)
		c.order.Remove(last)
		delete(c.byKey, e.key)
		c.size -= e.cost
	}
}

// staleness travels in a build's context: a build that answered from a
// search index older than the content version must not be stored as
// that version's answer, or it would outlive the index rebuild.
type staleness struct {
	stale bool
	// until is when the page being built stops being true even if the
	// content does not change (an answer's review falls due); zero for
	// never.
	until time.Time
}

type stalenessKey struct{}

func withStaleness(ctx context.Context) (context.Context, *staleness) {
	st := &staleness{}
	return context.WithValue(ctx, stalenessKey{}, st), st
}

// answeredStale marks the build under way as not to be cached.
func answeredStale(ctx context.Context) {
	if st, ok := ctx.Value(stalenessKey{}).(*staleness); ok {
		st.stale = true
	}
}

// cacheUntil bounds how long the build under way may be served from
// the cache: its earliest such time wins.
func cacheUntil(ctx context.Context, t time.Time) {
	if st, ok := ctx.Value(stalenessKey{}).(*staleness); ok && (st.until.IsZero() || t.Before(st.until)) {
		st.until = t
	}
}
