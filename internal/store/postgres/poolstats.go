package postgres

import (
	"github.com/jackc/pgx/v5/pgxpool"

	"healthqa/internal/store"
)

var (
	_ store.Pooled         = (*DB)(nil)
	_ store.PooledReplicas = (*DB)(nil)
)

// PoolStats reads the primary's pool.
func (d *DB) PoolStats() store.PoolStats { return poolStats(d.pool) }

// ReplicaPools implements store.PooledReplicas: none without replicas.
func (d *DB) ReplicaPools() map[string]store.Pooled {
	out := map[string]store.Pooled{}
	if d.replicas == nil {
		return out
	}
	for _, r := range d.replicas.list {
		out[r.name] = pgxPool{r.pool}
	}
	return out
}

// pgxPool reports one pool.
type pgxPool struct{ pool *pgxpool.Pool }

func (p pgxPool) PoolStats() store.PoolStats { return poolStats(p.pool) }

// poolStats reads pgxpool's counters: an acquire that found the pool
// without an idle connection is one that waited (EmptyAcquireCount),
// for EmptyAcquireWaitTime in all.
func poolStats(pool *pgxpool.Pool) store.PoolStats {
	s := pool.Stat()
	return store.PoolStats{MaxOpen: int(s.MaxConns()), Open: int(s.TotalConns()), InUse: int(s.AcquiredConns()), Idle: int(s.IdleConns()),
		Waits: s.EmptyAcquireCount(), WaitTime: s.EmptyAcquireWaitTime()}
}
