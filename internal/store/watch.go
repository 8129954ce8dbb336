package store

import (
	"context"
	"log/slog"
	"time"
)

// VersionWatcher is implemented by stores that several processes share
// (PostgreSQL): it tells a process when another one changed the content,
// so that its caches and search index follow without waiting for a
// request to ask. A store used by one process (SQLite) needs none: its
// Version already sees every change made through it.
type VersionWatcher interface {
	// WatchVersion calls changed with the store's version each time it
	// is seen to differ from the one last reported (the first one seen
	// included), until ctx ends; it then returns ctx's error. Changes are
	// pushed by the database when it can; besides, the version is read
	// every opts.Poll, so that a lost push connection delays a change by
	// at most that. Reports are coalesced: changed gets the latest
	// version, never a queue of them, and is called from one goroutine
	// at a time, which it must not block for long.
	WatchVersion(ctx context.Context, opts WatchOptions, changed func(version int64)) error
}

// WatchOptions configure WatchVersion.
type WatchOptions struct {
	// Poll is the period of the version check that backs up the pushed
	// changes; it must be positive.
	Poll time.Duration
	// Log receives the connection's losses and recoveries; nil: none.
	Log *slog.Logger
}
