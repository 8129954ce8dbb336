package web

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"healthqa/internal/model"
	"healthqa/internal/search"
	"healthqa/internal/store"
)

//go:embed openapi.json
var openAPIFS embed.FS

func (s *Server) apiRoutes() {
	m := apiMux{s.mux}
	m.Handle("/api/openapi.json", s.cached(func(*http.Request) (*rendered, error) {
		b, err := openAPIFS.ReadFile("openapi.json")
		return newRendered(http.StatusOK, "application/json", b, 0), err
	}))
	m.Handle("/api/v1", s.api(func(context.Context, *http.Request) (any, error) {
		return s.apiIndex()
	}))
	m.Handle("/api/v1/{$}", s.api(func(context.Context, *http.Request) (any, error) {
		return s.apiIndex()
	}))
	m.Handle("/api/v1/questions/{slug}", s.api(func(ctx context.Context, r *http.Request) (any, error) {
		return s.questionView(ctx, r.PathValue("slug"))
	}))
	m.Handle("/api/v1/questions/{slug}/digest", s.api(func(ctx context.Context, r *http.Request) (any, error) {
		slug := r.PathValue("slug")
		d, err := s.store.Digest(ctx, slug)
		if errors.Is(err, store.ErrNotFound) {
			if _, _, qerr := s.store.Question(ctx, slug); qerr == nil {
				return nil, notFoundError{model.NoDigest(slug)}
			}
		}
		for i, p := range d.Points {
			d.Points[i].Voices = model.CountVoices(p) // a digest stored before voices were counted
		}
		return d, err
	}))
	m.Handle("/api/v1/topics", s.api(func(ctx context.Context, r *http.Request) (any, error) {
		letter, pageNo, err := letterAndPage(r)
		if err != nil {
			return nil, err
		}
		return s.topicsView(ctx, letter, pageNo)
	}))
	m.Handle("/api/v1/topics/{slug}", s.api(func(ctx context.Context, r *http.Request) (any, error) {
		return s.topicView(ctx, r.PathValue("slug"))
	}))
	m.Handle("/api/v1/sources", s.api(func(ctx context.Context, r *http.Request) (any, error) {
		return s.store.SourceSummaries(ctx)
	}))
	m.Handle("/api/v1/sources/{key}", s.api(func(ctx context.Context, r *http.Request) (any, error) {
		return s.sourceView(ctx, r.PathValue("key"))
	}))
	// A title search scans the database: it is admitted with the asks,
	// not with the page renders it would otherwise crowd out.
	m.Handle("/api/v1/search", s.cachedIn(s.asks, func(r *http.Request) (*rendered, error) {
		q, err := queryParam(r, "q", maxQueryLength)
		if err != nil {
			return nil, err
		}
		v, err := s.searchView(r.Context(), q)
		if err != nil {
			return nil, err
		}
		return jsonRendered(v)
	}))
	m.Handle("/api/v1/ask", s.askRoute(func(r *http.Request, ix *search.Index) (*rendered, error) {
		q, err := queryParam(r, "q", maxAskLength)
		if err != nil {
			return nil, err
		}
		return jsonRendered(askViewOf(r.Context(), ix, q))
	}))
	m.Handle("/api/v1/suggest", s.askRoute(func(r *http.Request, ix *search.Index) (*rendered, error) {
		q, err := queryParam(r, "q", maxQueryLength)
		if err != nil {
			return nil, err
		}
		return jsonRendered(ix.Suggest(q, 8))
	}))
	m.Handle("/api/v1/stats", s.api(func(ctx context.Context, r *http.Request) (any, error) {
		return s.store.Stats(ctx)
	}))
	m.Handle("/api/", getOnly(s.notFound))
}

// api serves a JSON view through the page cache.
func (s *Server) api(view func(context.Context, *http.Request) (any, error)) http.Handler {
	return s.cached(func(r *http.Request) (*rendered, error) {
		v, err := view(r.Context(), r)
		if err != nil {
			return nil, err
		}
		return jsonRendered(v)
	})
}

func jsonRendered(v any) (*rendered, error) {
	buf := scratchBuffer()
	defer releaseScratch(buf)
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return newRendered(http.StatusOK, "application/json", bytes.Clone(buf.Bytes()), 0), nil
}

// apiMux registers API routes, each open to other sites (CORS).
type apiMux struct{ *http.ServeMux }

func (m apiMux) Handle(pattern string, h http.Handler) { m.ServeMux.Handle(pattern, apiCORS(h)) }

var (
	corsAnyOrigin = []string{"*"}
	corsExpose    = []string{"ETag, Content-Encoding"}
	corsMethods   = []string{"GET, HEAD"}
	corsHeaders   = []string{"If-None-Match, If-Modified-Since"}
	corsMaxAge    = []string{"86400"}
	apiAllow      = []string{"GET, HEAD, OPTIONS"}
)

// apiCORS lets scripts on any site read the API: it is public and
// read-only and sends no credentials, so "*" is safe. OPTIONS answers a
// preflight (the conditional headers are not CORS-safelisted); any
// other method but GET and HEAD is refused.
func apiCORS(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd["Access-Control-Allow-Origin"] = corsAnyOrigin
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			hd["Access-Control-Expose-Headers"] = corsExpose
			h.ServeHTTP(w, r)
		case http.MethodOptions:
			hd["Allow"] = apiAllow
			hd["Access-Control-Allow-Methods"] = corsMethods
			hd["Access-Control-Allow-Headers"] = corsHeaders
			hd["Access-Control-Max-Age"] = corsMaxAge
			w.WriteHeader(http.StatusNoContent)
		default:
			hd["Allow"] = apiAllow
			problem(w, r, http.StatusMethodNotAllowed, "method not allowed", "this API only reads: use GET or HEAD")
		}
	})
}

// problem writes an RFC 9457 problem details document.
func problem(w http.ResponseWriter, r *http.Request, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"type":     "about:blank",
		"title":    title,
		"status":   status,
		"detail":   detail,
		"instance": r.URL.Path,
	})
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
