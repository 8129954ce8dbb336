package postgres

import "healthqa/internal/store"

var _ store.Pooled = (*DB)(nil)

// PoolStats reads pgxpool's counters: an acquire that found the pool
// without an idle connection is one that waited (EmptyAcquireCount),
// for EmptyAcquireWaitTime in all.
func (d *DB) PoolStats() store.PoolStats {
	s := d.pool.Stat()
	return store.PoolStats{MaxOpen: int(s.MaxConns()), Open: int(s.TotalConns()), InUse: int(s.AcquiredConns()), Idle: int(s.IdleConns()),
		Waits: s.EmptyAcquireCount(), WaitTime: s.EmptyAcquireWaitTime()}
}
