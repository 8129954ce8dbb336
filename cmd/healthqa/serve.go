package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"healthqa/internal/dataset"
	"healthqa/internal/ingest"
	"healthqa/internal/medquad"
	"healthqa/internal/store"
	"healthqa/internal/store/sqlite"
)

func serveCmd() *command {
	return &command{
		name:    "serve",
		summary: "Serve healthqa over HTTP, importing the default data first if the database is empty.",
		help: `On an empty database and without --medquad, serve downloads MedQuAD at a
fixed release into the cache folder (HEALTHQA_CACHE, or the user cache
folder), checks its content fingerprint and imports it. With --medquad it
imports from that zip or folder first (an unchanged import changes nothing).`,
		nargs: [2]int{0, 0},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
			mq := fs.String("medquad", "", "import MedQuAD from this zip or folder before serving")
			return func(ctx context.Context, env *runEnv) error {
				st, err := sqlite.Open(ctx, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				if err := prepareData(ctx, st, *mq, env); err != nil {
					return err
				}
				return listen(ctx, *addr, newHandler(st), slog.New(slog.NewTextHandler(env.stderr, nil)))
			}
		},
	}
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
	if imported {
		printSummary(env.stderr, sum, false)
	}
	if errors.Is(err, ingest.ErrSkipped) {
		return nil // named in the summary; the rest is served
	}
	return err
}

// newHandler serves what there is so far: health and counts. The reader
// pages come with the next piece of work.
func newHandler(st store.Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if _, err := st.Empty(r.Context()); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /api/v1/stats", func(w http.ResponseWriter, r *http.Request) {
		s, err := st.Stats(r.Context())
		if err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		writeJSON(w, s)
	})
	return mux
}

// listen serves until ctx ends, then drains in-flight requests.
func listen(ctx context.Context, addr string, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	log.Info("serving", "addr", "http://"+ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}
