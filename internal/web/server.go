package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"healthqa/internal/account"
	"healthqa/internal/store"
)

// Options configure a Server.
type Options struct {
	// BaseURL is the public address pages name as canonical
	// ("https://healthqa.example"), decided once at start and never
	// taken from a request's Host; empty means DefaultBaseURL.
	BaseURL string
	Logger  *slog.Logger
	// CacheBytes bounds the rendered-page cache, keys, every encoding
	// and a per-entry overhead counted; 0 means 64 MiB.
	CacheBytes int
	// CacheEntries bounds the number of cached responses; 0 means 16384.
	CacheEntries int
	// VersionTTL is how long the content version is trusted before the
	// store is asked again, so how soon an import shows; 0 means 250 ms,
	// negative means ask on every request.
	VersionTTL time.Duration
	// Limits bound the work in flight; see Limits.
	Limits Limits
	// WaitForWarm keeps the server not ready (/readyz and asks 503) until
	// Warm has built the index, and builds none before: serve sets it so
	// that an import at start finishes before the node says it is ready.
	WaitForWarm bool
	// Feedback keeps readers' votes on answers; nil means the store, when
	// it keeps them too (sqlite does). Votes never change the content
	// version.
	Feedback store.Feedback
	// StaleAfter is how long a contributor answer's review stands before
	// the page flags it as due for review and the stale queue lists it;
	// 0 means DefaultStaleAfter.
	StaleAfter time.Duration
	// Accounts keeps accounts, sessions and the audit log (issue 9); nil
	// means the store itself when it implements store.Accounts.
	Accounts store.Accounts
	// Now is the clock of sessions, sign-in throttling and review ages
	// (stale flags, the stale queue); nil: time.Now.
	Now func() time.Time
	// Sessions bound sessions; zero fields mean account.SessionTimeouts.
	Sessions store.SessionTimeouts
	// Throttle bounds password guessing; zero means account.DefaultThrottle.
	Throttle account.ThrottlePolicy

	// Editorial keeps submissions, revisions and reviews and publishes
	// (issue 9, docs/EDITORIAL.md); nil means the store itself when it
	// implements store.Editorial.
	Editorial store.Editorial

	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (clientaddr.go); none by default: the peer is the client.
	TrustedProxies []netip.Prefix
	// Metrics, when set, counts requests, the page cache, index builds
	// and shed work (metrics.go); nil counts nothing.
	Metrics *Metrics
}

// DefaultStaleAfter is 24 months, as 730 days.
const DefaultStaleAfter = 730 * 24 * time.Hour

// Server serves the site and the API from a store.
type Server struct {
	store  store.Store
	opts   Options
	log    *slog.Logger
	assets *assets
	pages  map[string]*template.Template
	cache  *pageCache
	mux    *http.ServeMux
	ver    *versionMemo
	// replicated: the store reads from replicas (primary.go).
	replicated bool
	search     searchIndex
	// asks and renders admit work by class, so that a flood of asks
	// cannot starve page renders and cache hits wait for neither.
	asks, renders *admission
	shedPages     shedPages
	// voteRefusals: the clients this node knows have no vote token yet.
	voteRefusals refusals
	// published reads profiles and histories; nil when the store has no
	// accounts (those pages are then 404).
	published store.Published
	// accounts, routeTable, cop, accountPages: see access.go, signin.go.
	accounts     store.Accounts
	routeTable   []routeEntry
	cop          *http.CrossOriginProtection
	accountPages map[string]*template.Template

	// editorial: see contribute.go.
	editorial store.Editorial

	// draining is set once the process begins to stop (Drain): /readyz
	// answers 503 so that balancers stop sending.
	draining atomic.Bool
}

// New builds a Server; it fails if the base URL is not an absolute
// http(s) address or the embedded templates or assets are broken.
func New(st store.Store, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.CacheBytes == 0 {
		opts.CacheBytes = 64 << 20
	}
	if opts.CacheEntries == 0 {
		opts.CacheEntries = 16384
	}
	if opts.StaleAfter == 0 {
		opts.StaleAfter = DefaultStaleAfter
	}
	if opts.VersionTTL == 0 {
		opts.VersionTTL = 250 * time.Millisecond
	}
	base, err := CheckBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	opts.BaseURL = base
	opts.Limits = opts.Limits.withDefaults()
	if f, ok := st.(store.Feedback); ok && opts.Feedback == nil {
		opts.Feedback = f
	}
	// Lines logged with a request's context carry its id (requestid.go).
	opts.Logger = slog.New(requestIDHandler{opts.Logger.Handler()})
	s := &Server{store: st, opts: opts, log: opts.Logger, cache: newPageCache(opts.CacheBytes, opts.CacheEntries), mux: http.NewServeMux(),
		ver: &versionMemo{ttl: opts.VersionTTL, ask: contentVersion(st)}}
	if rs, ok := st.(store.Replicated); ok {
		s.replicated = rs.ReadsReplicas()
	}
	l := opts.Limits
	s.asks = newAdmission(l.AskInflight, l.Queue, l.QueueWait)
	s.asks.share = newShareMeter(askShare) // see shareMeter: one core
	s.renders = newAdmission(l.RenderInflight, l.Queue, l.QueueWait)
	s.search.held.Store(opts.WaitForWarm)
	s.published, _ = st.(store.Published)
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = parseTemplates(s.assets); err != nil {
		return nil, err
	}
	s.accounts = opts.Accounts
	if s.accounts == nil {
		s.accounts, _ = st.(store.Accounts)
	}
	if s.opts.Throttle == (account.ThrottlePolicy{}) {
		s.opts.Throttle = account.DefaultThrottle
	}
	s.cop = newCrossOriginProtection(opts.BaseURL)
	s.routes()
	if err := opts.Metrics.attach(s); err != nil {
		return nil, err
	}
	return s, nil
}

// ServeHTTP makes every response carry the security headers, turns a
// panic into the 500 page, and logs the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	securityHeaders(sw.Header())
	r, _ = withRequestID(sw, r) // requestid.go
	s.opts.Metrics.inFlight(1)
	defer func() {
		if p := recover(); p != nil {
			s.log.ErrorContext(r.Context(), "panic", "path", r.URL.Path, "panic", fmt.Sprint(p))
			s.fail(sw, r, fmt.Errorf("panic: %v", p))
		}
		d := time.Since(start)
		s.opts.Metrics.inFlight(-1)
		s.opts.Metrics.observe(r.Pattern, r.Method, sw.status, d) // metrics.go
		s.logAccess(r, sw, d)
	}()
	if r.ContentLength != 0 {
		// GET requests carry no body; anything else is refused past 64 KiB.
		r.Body = http.MaxBytesReader(sw, r.Body, 64<<10)
	}
	s.mux.ServeHTTP(sw, s.markPrimary(r))
}

// securityHeaders go on every response. The values are made once and
// assigned directly: this runs on every request.
func securityHeaders(h http.Header) {
	for k, v := range securityHeaderValues {
		h[k] = v
	}
}

var securityHeaderValues = map[string][]string{
	"Content-Security-Policy":    {"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
	"X-Content-Type-Options":     {"nosniff"},
	"Referrer-Policy":            {"strict-origin-when-cross-origin"},
	"X-Frame-Options":            {"DENY"},
	"Cross-Origin-Opener-Policy": {"same-origin"},
	"Permissions-Policy":         {"camera=(), microphone=(), geolocation=()"},
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64 // of the body, as written (compressed when it is)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (s *Server) routes() {
	m := s.mux
	m.Handle("/{$}", s.htmlPage(s.home))
	m.Handle("/search", getOnly(searchMoved))
	m.Handle("/ask", s.askRoute(s.askPage))
	m.Handle("/q/{slug}", s.htmlPage(s.question))
	m.Handle("/topics", s.htmlPage(s.topics))
	m.Handle("/topics/{slug}", s.htmlPage(s.topic))
	m.Handle("/sources", s.htmlPage(s.sourceList))
	m.Handle("/sources/{key}", s.htmlPage(s.source))
	// Published contributor content (issue 9): public pages.
	m.Handle("/people/{slug}", s.freshPage(s.person))
	m.Handle("/answers/{key}/history", s.htmlPage(s.history))
	m.Handle("/static/{name}", getOnly(func(w http.ResponseWriter, r *http.Request) {
		if !s.assets.serve(w, r) {
			s.notFound(w, r)
		}
	}))
	m.Handle("/healthz", getOnly(healthz))
	m.Handle("/readyz", getOnly(s.readyz))
	m.Handle("/robots.txt", s.cached(s.robots))
	m.Handle("/sitemap.xml", s.cached(s.sitemapIndex))
	m.Handle("/sitemaps/{name}", s.cached(s.sitemap))
	s.apiRoutes()
	s.accountRoutes()
	s.publishedRoutes()
	s.feedbackRoutes()
	s.editorialRoutes()
	s.conceptRoutes() // issue 12: concepts, Infobutton, readability queue
	m.Handle("/", getOnly(s.notFound))
}

// getOnly refuses methods other than GET and HEAD: the site only reads.
func getOnly(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			if strings.HasPrefix(r.URL.Path, "/api/") {
				problem(w, r, http.StatusMethodNotAllowed, "method not allowed", "this API only reads: use GET")
				return
			}
			http.Error(w, "Method not allowed: this site only reads.", http.StatusMethodNotAllowed)
			return
		}
		h(w, r)
	})
}

// cached serves a response from the page cache while the content
// version stands, rendering it with build on a miss. The handler sees
// the request with its query reduced to what the key names, so the
// response cannot depend on anything the key leaves out.
func (s *Server) cached(build func(r *http.Request) (*rendered, error)) http.Handler {
	return s.cachedIn(s.renders, build)
}

// cachedIn is cached with misses admitted by class: a miss waits for a
// slot of adm, a hit for nothing.
func (s *Server) cachedIn(adm *admission, build func(r *http.Request) (*rendered, error)) http.Handler {
	return getOnly(func(w http.ResponseWriter, r *http.Request) {
		version, err := s.pageVersion(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		key, keep := s.cacheKey(r)
		if p := s.cache.get(key, version); p != nil && !p.expired(s.now()) {
			s.cacheHit(w, r, key, p)
			return
		}
		if err := adm.acquire(r.Context()); err != nil {
			s.fail(w, r, err)
			return
		}
		ctx, stale := withStaleness(r.Context())
		p, err := build(canonicalRequest(r.WithContext(ctx)))
		adm.release()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.version, p.expires = version, stale.until
		if p.status == http.StatusOK && keep && !stale.stale {
			// Compressed on its first hit (cacheHit); a response that is
			// not kept goes out plain rather than pay for it each time.
			s.cache.put(key, p)
		}
		p.write(w, r)
	})
}

// canonicalRequest is r with only the query parameters its route reads,
// in a fixed order: what the cache key names is all a response may
// depend on.
func canonicalRequest(r *http.Request) *http.Request {
	// A shallow copy: handlers only read the request, and a deep copy of
	// the headers on every cache miss was garbage for nothing.
	canon := r.WithContext(r.Context())
	u := *r.URL
	u.RawQuery = canonicalQuery(r)
	canon.URL = &u
	return canon
}

// cacheKey names a response by its path and the parameters its route
// reads, canonical; never by Host or other headers, since the base URL
// is fixed. keep is false for a key too long to be worth storing.
func (s *Server) cacheKey(r *http.Request) (key string, keep bool) {
	key = r.URL.EscapedPath()
	if q := canonicalQuery(r); q != "" {
		key += "?" + q
	}
	return key, len(key) <= maxKeyBytes
}

// fail answers an error: 404 for what is not there, 500 otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var reqErr requestError
	var nf notFoundError
	var unavail unavailable
	switch {
	case errors.As(err, &unavail):
		s.serviceUnavailable(w, r, unavail)
	case errors.As(err, &nf) && strings.HasPrefix(r.URL.Path, "/api/"):
		problem(w, r, http.StatusNotFound, "not found", nf.detail)
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
	case errors.As(err, &reqErr):
		s.badRequest(w, r, reqErr.msg)
	case errors.Is(err, context.Canceled):
		// The client went away; nobody is left to answer.
	default:
		s.log.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "err", err)
		if strings.HasPrefix(r.URL.Path, "/api/") {
			problem(w, r, http.StatusInternalServerError, "internal error", "the server could not answer; try again later")
			return
		}
		s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong", "The page could not be shown. Please try again in a moment.")
	}
}

// notFoundError is a 404 that says more than "nothing is here": the API
// gives detail as the problem's detail.
type notFoundError struct{ detail string }

func (e notFoundError) Error() string { return e.detail }
func (e notFoundError) Unwrap() error { return store.ErrNotFound }

// requestError is a mistake in the request: 400.
type requestError struct{ msg string }

func (e requestError) Error() string { return e.msg }

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		problem(w, r, http.StatusNotFound, "not found", "nothing is at "+r.URL.Path)
		return
	}
	s.errorPage(w, r, http.StatusNotFound, "Page not found", "There is no page at this address. Search for a question or browse the topics A–Z.")
}

func (s *Server) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		problem(w, r, http.StatusBadRequest, "bad request", msg)
		return
	}
	s.errorPage(w, r, http.StatusBadRequest, "Bad request", msg)
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	p := &page{Title: title, Robots: "noindex", View: errorView{Status: status, Title: title, Message: msg}, template: "error"}
	var buf bytes.Buffer
	if err := s.render(&buf, r, p); err != nil {
		s.log.ErrorContext(r.Context(), "rendering the error page", "err", err)
		http.Error(w, title, status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type errorView struct {
	Status         int
	Title, Message string
}

// healthz says the process is alive and answering; it asks nothing of
// the database or the index, so a slow dependency never gets a live
// process restarted. Readiness is /readyz.
func healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}

// readyz says whether this node should get traffic: the database answers
// and a search index is built. After an import the old index keeps
// answering while the new one builds, so the node stays ready.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	status, msg := http.StatusOK, "ready"
	if s.draining.Load() {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "not ready: draining before stopping")
		return
	}
	if _, err := s.currentIndex(r.Context()); err != nil {
		msg = "not ready: building the search index"
		if !errors.Is(err, errNotReady) {
			s.log.WarnContext(r.Context(), "not ready", "err", err)
			msg = "not ready: the database does not answer"
		}
		w.Header().Set("Retry-After", "1")
		status = http.StatusServiceUnavailable
	}
	w.WriteHeader(status)
	fmt.Fprintln(w, msg)
	s.writeBackends(w)
}

// Drain makes /readyz answer 503 from now on, so that balancers stop
// sending this node requests while it finishes those in flight; serve
// calls it on SIGTERM, before the listener closes (docs/DEPLOY.md).
func (s *Server) Drain() { s.draining.Store(true) }

// searchMoved sends the retired title search (/search?q=) to /ask, which
// answers the same words better, so that old links and bookmarks work.
func searchMoved(w http.ResponseWriter, r *http.Request) {
	target := "/ask"
	if q := r.URL.Query().Get("q"); q != "" {
		target += "?q=" + urlQueryEscape(q)
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}

// baseURL is the public address decided at start; the request is
// not consulted, whatever its Host says.
func (s *Server) baseURL(*http.Request) string { return s.opts.BaseURL }

// DefaultBaseURL is the base URL when none is given: serve's default
// listen address.
const DefaultBaseURL = "http://127.0.0.1:8080"

// CheckBaseURL accepts an absolute http(s) address with a host and
// nothing after the path, and drops a trailing slash.
func CheckBaseURL(raw string) (string, error) {
	if raw == "" {
		return DefaultBaseURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("base URL %q: want an absolute http or https address such as https://healthqa.example", raw)
	}
	return strings.TrimRight(raw, "/"), nil
}
