package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"healthqa/internal/dataset"
	"healthqa/internal/ingest"
	"healthqa/internal/medquad"
	"healthqa/internal/store"
	"healthqa/internal/web"
)

func serveCmd() *command {
	return &command{
		name:    "serve",
		summary: "Serve healthqa over HTTP, importing the default data first if the database is empty.",
		help: `On an empty database and without --medquad, serve downloads MedQuAD at a
fixed release into the cache folder (HEALTHQA_CACHE, or the user cache
folder), checks its content fingerprint and imports it. With --medquad it
imports from that zip or folder first (an unchanged import changes nothing).
serve listens at once (/healthz answers) and imports and builds its search
index meanwhile; /readyz answers 200 once both are done, 503 until then.
On SIGTERM /readyz turns 503 at once; after --drain-delay the listener
closes and requests in flight have --drain-timeout to finish. Deployment
on several nodes behind a balancer: docs/DEPLOY.md.`,
		nargs: [2]int{0, 0},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			replicas := addReplicaFlags(fs)
			addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
			mq := fs.String("medquad", "", "import MedQuAD from this zip or folder before the node is ready")
			base := fs.String("base-url", "", "public address for canonical links and sitemaps, e.g. https://healthqa.example (default: the address serve listens on)")
			level := fs.String("log-level", "info", "log level: debug (logs every request), info, warn or error")
			lim := limitFlags(fs)
			staleAfter := fs.String("stale-after", web.FormatStaleAfter(web.DefaultStaleAfter), "review period of contributor answers: older reviews are flagged on the page and listed at /review/stale; days (730d) or a duration (17520h)")
			poll := fs.Duration("version-poll", time.Second, "on a database several nodes share (PostgreSQL), how often the content version is read besides the notifications, in case their connection is down: a change elsewhere shows within this")
			var mem memoryLimitFlag
			ops := addOpsFlags(fs) // serveops.go
			wordLists := wordListsFlag(fs)
			fs.Var(&mem, "memory-limit", "soft limit on the Go runtime's memory, written as GOMEMLIMIT is (512MiB, 1GiB) or off (default: GOMEMLIMIT if set, else 256MiB, or three quarters of the memory of a smaller machine or container)")
			return func(ctx context.Context, env *runEnv) error {
				var lvl slog.Level
				if err := lvl.UnmarshalText([]byte(*level)); err != nil {
					return usageError{fmt.Sprintf("--log-level: %v", err)}
				}
				if *base != "" {
					if _, err := web.CheckBaseURL(*base); err != nil {
						return usageError{fmt.Sprintf("--base-url: %v", err)}
					}
				}
				stale, err := web.ParseStaleAfter(*staleAfter)
				if err != nil {
					return usageError{fmt.Sprintf("--stale-after: %v", err)}
				}
				if err := ops.check(); err != nil {
					return err
				}
				log := slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: lvl}))
				if err := useWordLists(*wordLists, log); err != nil {
					return err
				}
				ro, err := replicas.options(*db, log)
				if err != nil {
					return err
				}
				memLimit := applyMemoryLimit(mem, log)
				// The metrics listener first: a bad address fails the
				// start before a database file is made.
				metrics := newMetrics(*ops.metricsAddr)
				stopMetrics, err := serveMetrics(*ops.metricsAddr, metrics, log)
				if err != nil {
					return err
				}
				defer stopMetrics()
				_, statErr := os.Stat(*db)
				st, err := openForServingWith(ctx, *db, ro)
				if err != nil {
					return err
				}
				ln, err := net.Listen("tcp", *addr)
				if err != nil {
					st.Close()
					return err
				}
				defer ln.Close()
				baseURL := *base
				if baseURL == "" {
					baseURL = localBaseURL(ln.Addr())
				}
				metrics.WatchPool("primary", st)
				metrics.WatchReplicas(st)
				h, err := web.New(st, web.Options{BaseURL: baseURL, Logger: log, CacheBytes: pageCacheBytes, Limits: *lim, WaitForWarm: true,
					Accounts: st, Editorial: st, Feedback: st, StaleAfter: stale,
					TrustedProxies: ops.proxies.prefixes, Metrics: metrics})
				if err != nil {
					st.Close()
					return err
				}
				ops.drain.begin = h.Drain
				if *poll <= 0 {
					st.Close()
					return usageError{"--version-poll must be positive"}
				}
				stopWatch := watchVersion(ctx, st, h.ContentChanged, *poll, log)
				// Listen at once (live); import and build the index
				// meanwhile (ready, at /readyz, once both are done).
				prepared := make(chan error, 1)
				err = listen(ctx, ln, h, log, ops.drain, func(ctx context.Context) error {
					err := prepareData(ctx, st, *mq, env)
					prepared <- err
					if err != nil {
						return err
					}
					if err := h.Warm(ctx); err != nil {
						return err
					}
					warnIfMemoryTight(log, memLimit, pageCacheBytes)
					return nil
				})
				stopWatch()
				if failed := firstImportFailed(prepared); failed {
					// A failed first import leaves no empty database behind.
					return discardNewDatabase(ctx, st, *db, errors.Is(statErr, os.ErrNotExist), err)
				}
				st.Close()
				return err
			}
		},
	}
}

// watchVersion follows the changes other processes make to a store
// several nodes share (store.VersionWatcher: PostgreSQL), reporting them
// to changed, until the returned function is called; it waits for the
// watcher to end, so that the store can be closed after it. A store
// without a watcher (SQLite: one process) gets a no-op.
func watchVersion(ctx context.Context, st store.Store, changed func(int64), poll time.Duration, log *slog.Logger) (stop func()) {
	w, ok := st.(store.VersionWatcher)
	if !ok {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := w.WatchVersion(ctx, store.WatchOptions{Poll: poll, Log: log}, changed)
		if ctx.Err() == nil {
			log.Error("version watch ended", "err", err)
		}
	}()
	return func() { cancel(); <-done }
}

// pageCacheBytes is the page cache's budget (web.Options.CacheBytes);
// the default memory limit leaves room for it.
const pageCacheBytes = 64 << 20

// applyMemoryLimit sets the runtime's soft memory limit (issue 8: the
// collector otherwise lets a flood of cache misses grow the heap to
// twice what is live) and logs it with where it comes from.
func applyMemoryLimit(flagged memoryLimitFlag, log *slog.Logger) int64 {
	limit, from, apply := decideMemoryLimit(flagged, memorySource{getenv: os.Getenv, available: availableMemory})
	if apply {
		debug.SetMemoryLimit(limit)
	}
	log.Info("memory limit", "limit", formatBytes(limit), "from", from)
	return limit
}

// warnIfMemoryTight says so when the content and a full page cache would
// leave the collector less than a quarter of the limit: it would then
// run almost without pause. Checked once the index is built.
func warnIfMemoryTight(log *slog.Logger, limit int64, cacheBytes int) {
	runtime.GC()
	if live := liveHeap(); live+int64(cacheBytes) > limit/4*3 {
		log.Warn("the memory limit is tight for this content: raise --memory-limit", "live_heap", formatBytes(live>>20<<20), "cache", formatBytes(int64(cacheBytes)), "limit", formatBytes(limit))
	}
}

// firstImportFailed tells whether the data step ended with an error.
func firstImportFailed(prepared <-chan error) bool {
	select {
	case err := <-prepared:
		return err != nil
	default:
		return false
	}
}

// limitFlags are the bounds on work in flight; the defaults follow the
// cores Go may use.
func limitFlags(fs *flag.FlagSet) *web.Limits {
	d := web.DefaultLimits()
	l := &web.Limits{}
	fs.IntVar(&l.AskInflight, "max-inflight-ask", d.AskInflight, "asks, suggestions and title searches computed at once (default: one per core)")
	fs.IntVar(&l.RenderInflight, "max-inflight", d.RenderInflight, "other pages and API responses rendered at once on a cache miss (default: two per core)")
	fs.IntVar(&l.Queue, "max-queue", d.Queue, "requests of each kind that may wait for a slot, past which 503 comes at once; -1 for none (default: four per core)")
	fs.DurationVar(&l.QueueWait, "max-queue-wait", d.QueueWait, "longest wait for a slot before 503")
	return l
}

func prepareData(ctx context.Context, st store.Store, path string, env *runEnv) error {
	cache, err := dataset.DefaultCacheDir()
	if err != nil && path == "" {
		return err
	}
	fetch := &dataset.Fetcher{
		URL:      medquad.ReleaseURL,
		CacheDir: cache,
		FileName: dataset.DefaultFileName,
		Verify:   func(p string) error { return medquad.Verify(p, medquad.ReleaseFingerprint) },
		Progress: env.stderr,
	}
	sum, imported, err := ingest.EnsureData(ctx, st, path, fetch, ingest.Options{Progress: env.stderr})
	if imported && (err == nil || errors.Is(err, ingest.ErrSkipped)) {
		// A failed import changed nothing: no summary of zeros.
		printSummary(env.stderr, sum, false)
	}
	if errors.Is(err, ingest.ErrSkipped) {
		return nil // named in the summary; the rest is served
	}
	if err != nil {
		// The path and the archive's file names are the user's or the
		// archive's text: terminal controls in them are shown escaped.
		return escapedError{err}
	}
	return nil
}

// localBaseURL is the base URL when none is configured: the address
// actually listened on (so port 0 names the real port), loopback for a
// wildcard address. A request's Host is never used: it is the
// client's to choose, and pages, sitemaps and cached entries would
// carry it.
func localBaseURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	ip := tcp.IP
	switch {
	case ip.IsUnspecified() && ip.To4() != nil:
		ip = net.IPv4(127, 0, 0, 1)
	case ip.IsUnspecified():
		ip = net.IPv6loopback
	}
	return "http://" + net.JoinHostPort(ip.String(), strconv.Itoa(tcp.Port))
}

// listen serves on ln until ctx ends, then drains by plan. start runs
// once the address is open, while requests are served; its error stops
// the server at once (the node was never ready: no drain delay).
func listen(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, plan drainPlan, start func(context.Context) error) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	log.Info("serving", "addr", "http://"+ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	started := make(chan error, 1)
	go func() { started <- start(ctx) }()
	for {
		select {
		case err := <-errc:
			return err
		case err := <-started:
			started = nil // done; a nil channel is never ready again
			if err != nil && ctx.Err() == nil {
				plan.delay = 0
				plan.drain(srv, log)
				return err
			}
			continue
		case <-ctx.Done():
		}
		return plan.drain(srv, log) // serveops.go
	}
}
