package web

import (
	"context"
	"sync/atomic"
)

// contentChanges counts ContentChanged calls of every Server in the
// process, for metrics.
var contentChanges atomic.Int64

// ContentChanges is how many content changes the servers of this process
// were told of (ContentChanged), for metrics.
func ContentChanges() int64 { return contentChanges.Load() }

// ContentChanged tells the server that the store's content is now at
// version: serve wires it to the store's version watcher, which reports
// the changes other processes make (an import, a publish on another
// node). The version memo is forgotten, so that pages cached under the
// old version are not served again, and the search index for the new
// version is built at once in the background, so that the first asker
// after a change does not wait for it and a node without traffic is
// still current. It returns at once.
func (s *Server) ContentChanged(version int64) {
	contentChanges.Add(1)
	s.ver.forget()
	if s.search.held.Load() {
		return // Warm builds the first index, and catches up (catchUp)
	}
	if cur := s.search.cur.Load(); cur != nil && cur.version == version {
		return
	}
	s.rebuild(version)
}

// catchUp runs after Warm has published the index of built: a change
// reported while Warm was building was ignored, so the version is read
// afresh and a newer one built in the background.
func (s *Server) catchUp(ctx context.Context, built int64) {
	s.ver.forget()
	if v, err := s.ver.get(ctx); err == nil && v != built {
		s.rebuild(v)
	}
}
