package web

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// versionMemo asks the store for its content version at most once per
// ttl. Every request needs the version to know whether its cached page is
// current; asking the database each time would serialize all requests on
// one query. A new import shows within ttl.
type versionMemo struct {
	ttl     time.Duration
	ask     func(context.Context) (int64, error)
	version atomic.Int64
	checked atomic.Int64 // unix nanoseconds of the last answer; 0 = never
	mu      sync.Mutex   // one asker at a time; the others use the last answer
}

// forget makes the next get ask the store.
func (m *versionMemo) forget() { m.checked.Store(0) }

func (m *versionMemo) get(ctx context.Context) (int64, error) {
	last := m.checked.Load()
	if last != 0 && time.Since(time.Unix(0, last)) < m.ttl {
		return m.version.Load(), nil
	}
	if last != 0 && !m.mu.TryLock() {
		return m.version.Load(), nil // someone is asking right now
	}
	if last == 0 {
		m.mu.Lock()
	}
	defer m.mu.Unlock()
	v, err := m.ask(ctx)
	if err != nil {
		return 0, err
	}
	m.version.Store(v)
	m.checked.Store(time.Now().UnixNano())
	return v, nil
}
