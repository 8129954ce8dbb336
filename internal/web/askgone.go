package web

import (
	"context"

	"healthqa/internal/search"
	"healthqa/internal/store"
)

// Between an unpublish and the search index built after it, the old
// index still holds the answer taken down. askRoute then answers without
// the cache and with a filter in the request's context that drops every
// result whose answer is no longer stored, so that no ask, page or API,
// shows unpublished text even for the seconds a rebuild takes.

type goneFilterKey struct{}

// indexBehind tells whether the index answering is older than the
// content.
func (s *Server) indexBehind(ctx context.Context, cur *indexed) bool {
	v, err := s.ver.get(ctx)
	return err != nil || v != cur.version
}

func withGoneFilter(ctx context.Context, pub store.Published) context.Context {
	return context.WithValue(ctx, goneFilterKey{}, goneFilter{pub})
}

type goneFilter struct{ pub store.Published }

// dropGone keeps the results whose answer is still stored, when the
// context carries a filter; on an error it keeps none, as it cannot tell
// which are gone.
func dropGone(ctx context.Context, results []search.Result) []search.Result {
	f, ok := ctx.Value(goneFilterKey{}).(goneFilter)
	if !ok {
		return results
	}
	if f.pub == nil {
		// A store without contributor content: an import alone changed
		// it, and imports never take an answer's text down in a way a
		// reader must not see for a moment more.
		return results
	}
	keys := make([]string, 0, len(results))
	for _, r := range results {
		keys = append(keys, r.AnswerKey)
	}
	stored, err := f.pub.PublishedKeys(ctx, keys)
	if err != nil {
		return []search.Result{}
	}
	kept := results[:0:0]
	for _, r := range results {
		if stored[r.AnswerKey] {
			kept = append(kept, r)
		}
	}
	return kept
}
