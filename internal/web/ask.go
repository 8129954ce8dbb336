package web

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"

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
	mu       sync.Mutex // one build at a time
	building atomic.Bool
}

func (s *Server) index(ctx context.Context) (*search.Index, error) {
	v, err := s.ver.get(ctx)
	if err != nil {
		return nil, err
	}
	cur := s.search.cur.Load()
	if cur == nil {
		return s.buildIndex(ctx, v)
	}
	if cur.version != v {
		answeredStale(ctx)
	}
	if cur.version != v && s.search.building.CompareAndSwap(false, true) {
		go func() {
			defer s.search.building.Store(false)
			if _, err := s.buildIndex(context.Background(), v); err != nil {
				s.log.Error("rebuilding the search index", "err", err)
			}
		}()
	}
	return cur.ix, nil
}

func (s *Server) buildIndex(ctx context.Context, version int64) (*search.Index, error) {
	s.search.mu.Lock()
	defer s.search.mu.Unlock()
	if cur := s.search.cur.Load(); cur != nil && cur.version == version {
		return cur.ix, nil
	}
	docs, err := search.LoadDocuments(ctx, s.store)
	if err != nil {
		return nil, err
	}
	ix := search.NewIndex(docs, search.DefaultParams)
	s.search.cur.Store(&indexed{version: version, ix: ix})
	return ix, nil
}

type askView struct {
	Query      string                `json:"query"`
	Understood *search.Understanding `json:"understanding"`
	TypeLabels []string              `json:"type_labels"`
	Results    []search.Result       `json:"results"`
}

const askResults = 10

func (s *Server) askView(ctx context.Context, q string) (*askView, error) {
	v := &askView{Query: q, Results: []search.Result{}, TypeLabels: []string{}}
	if q == "" {
		return v, nil
	}
	ix, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	u, results := ix.Ask(ctx, q, askResults)
	v.Understood = u
	if results != nil {
		v.Results = results
	}
	for _, t := range u.Types {
		v.TypeLabels = append(v.TypeLabels, typeLabel(t))
	}
	return v, nil
}

func (s *Server) ask(r *http.Request) (*page, error) {
	q, err := queryParam(r, "q", maxAskLength)
	if err != nil {
		return nil, err
	}
	v, err := s.askView(r.Context(), q)
	if err != nil {
		return nil, err
	}
	title := "Ask a health question"
	if q != "" {
		title = "Answers for: " + q
	}
	return &page{Title: title, Path: "/ask", Robots: "noindex", Query: q, View: v, template: "ask"}, nil
}
