package sqlite

import "healthqa/internal/store"

var _ store.Pooled = (*DB)(nil)

// PoolStats reads database/sql's own counters.
func (d *DB) PoolStats() store.PoolStats {
	s := d.db.Stats()
	return store.PoolStats{MaxOpen: s.MaxOpenConnections, Open: s.OpenConnections, InUse: s.InUse, Idle: s.Idle,
		Waits: s.WaitCount, WaitTime: s.WaitDuration}
}
