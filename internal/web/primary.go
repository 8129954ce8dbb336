package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"healthqa/internal/account"
	"healthqa/internal/store"
)

// Read replicas (docs/POSTGRES.md, "Read replicas"). With a store that
// reads from replicas, a request from someone who may have just written,
// a signed-in browser (a session cookie) or an API client (an
// Authorization header), reads the primary, so that it sees its own
// writes; everyone else reads the replica in use. Public pages do not
// look the session up (they are the same for everyone), so the mark
// goes by the cookie's presence: a forged cookie only sends its
// bearer's own reads to the primary.
//
// Cached pages are labelled with a content version, and the version and
// the content must come from the same side: a page built from the
// primary is labelled with the primary's version, asked afresh each
// time (readPrimaryVersion), never with the replica's memo, which the
// anonymous reads and the search index use (contentVersion). The label
// is then never newer than the content under it.

// markPrimary returns r marked store.ReadPrimary when the store reads
// replicas and r comes from someone who may have written.
func (s *Server) markPrimary(r *http.Request) *http.Request {
	if !s.replicated || !mayHaveWritten(r) {
		return r
	}
	return r.WithContext(store.ReadPrimary(r.Context()))
}

func mayHaveWritten(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return true
	}
	c, err := r.Cookie(sessionCookie)
	return err == nil && account.WellFormed(c.Value, "")
}

// contentVersion asks st for the version of the content anonymous
// readers see, whatever mark the asking request carries: the memo it
// feeds is shared by every request and by the search index.
func contentVersion(st store.Store) func(context.Context) (int64, error) {
	return func(ctx context.Context) (int64, error) { return st.Version(store.ReadAny(ctx)) }
}

// pageVersion is the version a cached page is labelled and looked up
// with: the primary's, unmemoized, for a request marked to read it, so
// that a write shows on the writer's next page; else the memo's.
func (s *Server) pageVersion(ctx context.Context) (int64, error) {
	if s.replicated && store.IsPrimary(ctx) {
		return s.store.Version(ctx)
	}
	return s.ver.get(ctx)
}

// writeBackends lists, under /readyz's verdict, the database servers
// the node uses and their state, for a store that says.
func (s *Server) writeBackends(w io.Writer) {
	rs, ok := s.store.(store.Replicated)
	if !ok {
		return
	}
	for _, b := range rs.Backends() {
		fmt.Fprintf(w, "%s %s: %s", b.Role, b.Name, b.State)
		if b.Detail != "" {
			fmt.Fprintf(w, " (%s)", b.Detail)
		}
		fmt.Fprintln(w)
	}
}

// replicaCatchUp bounds how long an index build waits for the replica
// in use to reach the version it was asked for.
var replicaCatchUp = 2 * time.Second

// indexVersion is the version an index built when want was asked for
// may be labelled with. want may come from elsewhere than the replica
// the build's Load reads (a notification of the primary's change):
// labelling the replica's older content with it would keep that content
// as current until the next change. So with replicas the build waits,
// within replicaCatchUp, for the replica's version to reach want, and is
// labelled with the version it reached: never newer than its content.
func (s *Server) indexVersion(ctx context.Context, want int64) (int64, error) {
	if !s.replicated {
		return want, nil
	}
	deadline := time.Now().Add(replicaCatchUp)
	for {
		s.ver.forget()
		v, err := s.ver.get(store.ReadAny(ctx))
		if err != nil || v >= want || time.Now().After(deadline) {
			return v, err
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
