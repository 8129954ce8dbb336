package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"healthqa/internal/search"
)

// indexed is a search index and the content version it was built from.
type indexed struct {
	version int64
	ix      *search.Index
}

// searchIndex holds the current index. A content change builds a new one
// in the background while the old one keeps answering.
type searchIndex struct {
	cur      atomic.Pointer[indexed]
	held     atomic.Bool // Options.WaitForWarm, until Warm succeeds
	mu       sync.Mutex  // one build at a time
	building atomic.Bool
	want     atomic.Int64 // the newest version a rebuild was asked for
}

// errNotReady answers asks that come before the first index is built:
// at once, rather than after the seconds a build takes.
var errNotReady = unavailable{retryAfter: 2 * time.Second, reason: "The search is starting up. Please try again in a few seconds."}

// Warm builds the search index for the current content, so that the
// node is ready (/readyz) and the first ask is as fast as any other.
// serve runs it in the background once it listens.
func (s *Server) Warm(ctx context.Context) error {
	v, err := s.ver.get(ctx)
	if err != nil {
		return err
	}
	if _, err = s.buildIndex(ctx, v); err != nil {
		return err
	}
	s.search.held.Store(false)
	s.catchUp(ctx, v)
	return nil
}

// warmUp readies the process for its first asks before the first index
// is published: the content loaded for the build is collected, every
// page template is escaped, and one ask goes through the whole page and
// is thrown away, so that what a process does only once falls here and
// not on the first reader.
func (s *Server) warmUp(ctx context.Context, ix *search.Index) {
	runtime.GC()
	s.escapeTemplates()
	if r, err := http.NewRequestWithContext(ctx, http.MethodGet, "/ask?q=what+causes+it%3F", nil); err == nil {
		s.askPage(r, ix)
	}
}

// escapeTemplates renders every page kind once, empty, to nowhere:
// html/template works out its escaping on a template's first execution,
// which would otherwise fall on the first reader of each kind of page
// (a few milliseconds on the first ask after a start).
func (s *Server) escapeTemplates() {
	for name, t := range s.pages {
		t.ExecuteTemplate(io.Discard, "layout.html", &page{template: name})
	}
}

// currentIndex is the newest index built, whatever version it is of; a
// content version past it starts a build in the background. Before the
// first index it is errNotReady.
func (s *Server) currentIndex(ctx context.Context) (*indexed, error) {
	if s.search.held.Load() {
		return nil, errNotReady
	}
	v, err := s.ver.get(ctx)
	if err != nil {
		return nil, err
	}
	cur := s.search.cur.Load()
	if cur == nil || cur.version != v {
		s.rebuild(v)
	}
	if cur == nil {
		return nil, errNotReady
	}
	if cur.version != v {
		answeredStale(ctx)
	}
	return cur, nil
}

// rebuild starts a build of the index for version unless one is running;
// a running one builds again when it ends if a newer version was asked
// for meanwhile, so the last change is never left unbuilt (a node
// without traffic would otherwise keep the older index).
func (s *Server) rebuild(version int64) {
	s.search.want.Store(version)
	if !s.search.building.CompareAndSwap(false, true) {
		return
	}
	go func() {
		for {
			v := s.search.want.Load()
			if _, err := s.buildIndex(context.Background(), v); err != nil {
				s.log.Error("building the search index", "err", err)
			}
			s.search.building.Store(false)
			if s.search.want.Load() == v || !s.search.building.CompareAndSwap(false, true) {
				return
			}
		}
	}()
}

// buildIndex is the one place an index for a content version comes
// from.
func (s *Server) buildIndex(ctx context.Context, version int64) (*search.Index, error) {
	s.search.mu.Lock()
	defer s.search.mu.Unlock()
	version, err := s.indexVersion(ctx, version) // read replicas: primary.go
	if err != nil {
		return nil, err
	}
	if cur := s.search.cur.Load(); cur != nil && cur.version == version {
		return cur.ix, nil
	}
	start := time.Now()
	if next, how := s.takeContributors(ctx, s.search.cur.Load()); next != nil {
		s.opts.Metrics.indexUpdated(time.Since(start))
		s.search.cur.Store(next)
		s.log.Info("search index ready", "how", how, "version", next.version, "duration", time.Since(start).Round(time.Millisecond))
		return next.ix, nil
	} else if how != "" {
		s.log.Debug("search index: a full build", "why", how)
	}
	ix, how, err := search.LoadIndex(ctx, s.store, version, search.DefaultParams)
	if err == nil {
		ix.PrepareSpelling() // here, in the background, not on a reader's ask
	}
	s.opts.Metrics.indexBuilt(time.Since(start), err)
	if err != nil {
		return nil, err
	}
	if s.search.cur.Load() == nil {
		s.warmUp(ctx, ix)
	}
	s.search.cur.Store(&indexed{version: version, ix: ix})
	s.log.Info("search index ready", "how", how, "version", version, "duration", time.Since(start).Round(time.Millisecond))
	return ix, nil
}

// takeContributors brings the index up to the store's content in place
// when only contributor answers changed since it was built (a publish,
// an edit, an unpublish), which takes milliseconds where a full build
// takes seconds (docs/POSTGRES.md, "Several nodes"). It returns nil and
// why not when a full build is needed: no index yet, an import since,
// a change the index cannot take in place (search.ErrRebuild).
func (s *Server) takeContributors(ctx context.Context, cur *indexed) (*indexed, string) {
	if cur == nil || s.published == nil {
		return nil, ""
	}
	st, err := s.published.ContributorState(ctx)
	switch {
	case err != nil:
		return nil, fmt.Sprintf("reading the contributor answers: %v", err)
	case st.Imported > cur.version:
		return nil, "an import changed the content"
	case st.Version < cur.version:
		return nil, "the content read is older than the index"
	}
	docs := search.ContentDocuments(st.Content)
	ix, err := cur.ix.WithContributors(docs)
	if err != nil {
		return nil, err.Error()
	}
	ix.PrepareSpelling() // here, in the background, not on a reader's ask
	return &indexed{version: st.Version, ix: ix}, "took the contributor answers in"
}

// askRoute serves a response made from the search index. It is cached
// under the version of the index that made it, not the content's: after
// an import the old index answers until the new one is built, and its
// answers must not pass for the new content's. Misses take a slot of the
// ask class; before the first index, or past the limit, the answer is
// 503 with Retry-After.
func (s *Server) askRoute(build func(r *http.Request, ix *search.Index) (*rendered, error)) http.Handler {
	return getOnly(func(w http.ResponseWriter, r *http.Request) {
		cur, err := s.currentIndex(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		// An index older than the content may hold answers unpublished
		// since (issue 9): while the new one builds, asks are answered
		// afresh, without the answers gone, and neither read from nor
		// kept in the cache.
		behind := s.indexBehind(r.Context(), cur)
		key, keep := s.cacheKey(r)
		if p := s.cache.get(key, cur.version); p != nil && !behind {
			s.cacheHit(w, r, key, p)
			return
		}
		if err := s.asks.acquire(r.Context()); err != nil {
			s.fail(w, r, err)
			return
		}
		req := canonicalRequest(r)
		if behind {
			req = req.WithContext(withGoneFilter(req.Context(), s.published))
		}
		p, err := build(req, cur.ix)
		s.asks.release()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.version = cur.version
		if p.status == http.StatusOK && keep && !behind {
			s.cache.put(key, p) // compressed on its first hit (cacheHit)
		}
		p.write(w, r)
	})
}

type askView struct {
	Query      string                `json:"query"`
	Understood *search.Understanding `json:"understanding"`
	TypeLabels []string              `json:"type_labels"`
	Results    []search.Result       `json:"results"`
	// Issue 12: Order is "easiest" when the results are ordered by
	// their answers' reading grade; Grades labels them by answer key.
	Order  string            `json:"-"`
	Grades map[string]string `json:"-"`
}

const askResults = 10

func askViewOf(ctx context.Context, ix *search.Index, q string) *askView {
	v := &askView{Query: q, Results: []search.Result{}, TypeLabels: []string{}}
	if q == "" {
		return v
	}
	u, results := ix.Ask(ctx, q, askResults)
	v.Understood = u
	if results != nil {
		v.Results = dropGone(ctx, results)
	}
	for _, t := range u.Types {
		v.TypeLabels = append(v.TypeLabels, typeLabel(t))
	}
	return v
}

func (s *Server) askPage(r *http.Request, ix *search.Index) (*rendered, error) {
	q, err := queryParam(r, "q", maxAskLength)
	if err != nil {
		return nil, err
	}
	title := "Ask a health question"
	if q != "" {
		title = "Answers for: " + q
	}
	v := askViewOf(r.Context(), ix, q)
	if easiest(r) { // issue 12: ?order=easiest
		if err := s.orderResultsByGrade(r.Context(), v); err != nil {
			return nil, err
		}
		v.Order = orderEasiest
	}
	p := &page{Title: title, Path: "/ask", Robots: "noindex", Query: q, View: v, template: "ask"}
	buf := scratchBuffer()
	defer releaseScratch(buf)
	if err := s.render(buf, r, p); err != nil {
		return nil, err
	}
	return newRendered(http.StatusOK, "text/html; charset=utf-8", bytes.Clone(buf.Bytes()), 0), nil
}
