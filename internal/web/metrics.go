package web

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"healthqa/internal/store"
)

// Metrics are the Prometheus metrics of one serving process, in a
// registry of its own rather than the library's global one, so that
// nothing a dependency registers is exposed by accident and tests can
// build as many as they like. serve exposes them with Handler on a
// listener of their own (--metrics-addr), never on the public site:
// they tell an outsider the load, the routes' latencies and the pool's
// state, which is the operator's business. See docs/DEPLOY.md.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec   // route, method, code
	latency  *prometheus.HistogramVec // route
	inflight prometheus.Gauge
	builds   *prometheus.CounterVec // result
	buildDur prometheus.Histogram
	pools    *poolCollector
	attached atomic.Bool
}

// latencyBuckets reach from a cache hit (well under a millisecond) to a
// slow ask on a loaded machine.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// NewMetrics makes the registry with the Go runtime's and the process's
// collectors; the Server's own are added when one is built with it.
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "healthqa_http_requests_total",
		Help: "HTTP requests answered, by route pattern (never the raw path), method and status code.",
	}, []string{"route", "method", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "healthqa_http_request_duration_seconds",
		Help:    "Time from a request's arrival to the end of its response, by route pattern.",
		Buckets: latencyBuckets,
	}, []string{"route"})
	m.inflight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "healthqa_http_requests_in_flight",
		Help: "Requests being answered now.",
	})
	m.builds = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "healthqa_search_index_builds_total",
		Help: "Search index builds (or loads of the import's snapshot), by result: ok, error, or contributors (a publish taken into the index in place).",
	}, []string{"result"})
	m.buildDur = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "healthqa_search_index_build_duration_seconds",
		Help:    "Time to build or load the search index for a content version.",
		Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2, 4, 8, 16, 32},
	})
	m.pools = &poolCollector{}
	m.reg.MustRegister(m.requests, m.latency, m.inflight, m.builds, m.buildDur, m.pools,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format (or
// OpenMetrics, when the scraper asks for it).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{EnableOpenMetrics: true, MaxRequestsInFlight: 4})
}

// Register adds a collector of the caller's (serve adds none today;
// tests and other packages may).
func (m *Metrics) Register(c prometheus.Collector) error { return m.reg.Register(c) }

// WatchPool reports a store's connection pool under the given name
// ("primary"; a replica's name when there are replicas), read at each
// scrape. A store without a pool (store.Pooled) reports nothing, and
// nil Metrics watch nothing.
func (m *Metrics) WatchPool(name string, st any) {
	if p, ok := st.(store.Pooled); ok && m != nil {
		m.pools.add(name, p)
	}
}

// attach adds the server's gauges read at scrape time: the page cache,
// the versions served and the work shed. One Metrics serves one
// Server: its series would otherwise mix two.
func (m *Metrics) attach(s *Server) error {
	if m == nil {
		return nil
	}
	if !m.attached.CompareAndSwap(false, true) {
		return errors.New("web: one Metrics per Server")
	}
	cache := func(pick func(hits, misses int64, entries, bytes int) float64) func() float64 {
		return func() float64 { return pick(s.cache.stats()) }
	}
	indexVersion := func() float64 {
		if cur := s.search.cur.Load(); cur != nil {
			return float64(cur.version)
		}
		return 0
	}
	cs := []prometheus.Collector{
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "healthqa_page_cache_hits_total",
			Help: "Page cache lookups that found the response for the current version; ratio: hits / (hits + misses)."},
			cache(func(h, _ int64, _, _ int) float64 { return float64(h) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "healthqa_page_cache_misses_total",
			Help: "Page cache lookups that had to render (absent, or of an older content version)."},
			cache(func(_, mi int64, _, _ int) float64 { return float64(mi) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "healthqa_page_cache_entries", Help: "Responses held in the page cache."},
			cache(func(_, _ int64, e, _ int) float64 { return float64(e) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "healthqa_page_cache_bytes", Help: "The page cache's size as counted against its budget."},
			cache(func(_, _ int64, _, b int) float64 { return float64(b) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "healthqa_content_version",
			Help: "The content version this node last read from the database (pages are served for it)."},
			func() float64 { return float64(s.ver.version.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "healthqa_search_index_version",
			Help: "The content version of the search index answering asks; behind healthqa_content_version while a rebuild runs."},
			indexVersion),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "healthqa_shed_asks_total",
			Help: "Asks, suggestions and title searches refused with 503 because their class was full."},
			func() float64 { return float64(s.asks.refused.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "healthqa_shed_renders_total",
			Help: "Other cache misses refused with 503 because their class was full."},
			func() float64 { return float64(s.renders.refused.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "healthqa_draining",
			Help: "1 once the node drains before stopping (/readyz is 503), else 0."},
			func() float64 { return boolFloat(s.draining.Load()) }),
	}
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// observe counts one answered request. The route is the ServeMux
// pattern that matched ("GET /q/{slug}"), so the label's values are as
// many as the routes, whatever paths clients make up; the method is
// one of the few the site answers or "other".
func (m *Metrics) observe(route, method string, status int, d time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = "unmatched" // the mux answered itself (405, a redirect to a clean path)
	}
	m.requests.WithLabelValues(route, metricMethod(method), strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

func (m *Metrics) inFlight(delta float64) {
	if m != nil {
		m.inflight.Add(delta)
	}
}

// indexBuilt counts one build of the search index.
func (m *Metrics) indexBuilt(d time.Duration, err error) {
	if m == nil {
		return
	}
	if err != nil {
		m.builds.WithLabelValues("error").Inc()
		return
	}
	m.builds.WithLabelValues("ok").Inc()
	m.buildDur.Observe(d.Seconds())
}

// indexUpdated counts one change of contributor answers taken into the
// index without a full build (Server.takeContributors).
func (m *Metrics) indexUpdated(d time.Duration) {
	if m == nil {
		return
	}
	m.builds.WithLabelValues("contributors").Inc()
	m.buildDur.Observe(d.Seconds())
}

func metricMethod(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodOptions:
		return method
	}
	return "other"
}

// stats reads the cache's counters under its lock.
func (c *pageCache) stats() (hits, misses int64, entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses, c.order.Len(), c.size
}

// poolCollector reads the stores' pools at each scrape: one collector
// for all, since a registry takes each metric's description once.
type poolCollector struct {
	mu    sync.Mutex
	names []string
	pools []store.Pooled
}

func (c *poolCollector) add(name string, p store.Pooled) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.names = append(c.names, name)
	c.pools = append(c.pools, p)
}

var (
	poolLabels   = []string{"pool"}
	poolMaxDesc  = prometheus.NewDesc("healthqa_db_pool_max_connections", "The pool's bound on open connections.", poolLabels, nil)
	poolOpenDesc = prometheus.NewDesc("healthqa_db_pool_connections", "Open connections by state.", []string{"pool", "state"}, nil)
	poolWaitDesc = prometheus.NewDesc("healthqa_db_pool_waits_total", "Acquisitions that found no idle connection and waited.", poolLabels, nil)
	poolTimeDesc = prometheus.NewDesc("healthqa_db_pool_wait_seconds_total", "Total time spent waiting for a connection.", poolLabels, nil)
)

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- poolMaxDesc
	ch <- poolOpenDesc
	ch <- poolWaitDesc
	ch <- poolTimeDesc
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range c.pools {
		s, name := p.PoolStats(), c.names[i]
		ch <- prometheus.MustNewConstMetric(poolMaxDesc, prometheus.GaugeValue, float64(s.MaxOpen), name)
		ch <- prometheus.MustNewConstMetric(poolOpenDesc, prometheus.GaugeValue, float64(s.InUse), name, "in_use")
		ch <- prometheus.MustNewConstMetric(poolOpenDesc, prometheus.GaugeValue, float64(s.Idle), name, "idle")
		ch <- prometheus.MustNewConstMetric(poolWaitDesc, prometheus.CounterValue, float64(s.Waits), name)
		ch <- prometheus.MustNewConstMetric(poolTimeDesc, prometheus.CounterValue, s.WaitTime.Seconds(), name)
	}
}
