package store

import "time"

// PoolStats is a snapshot of a backend's connection pool, for the
// metrics a deployment watches (serve's --metrics-addr): how full the
// pool is and how long callers waited for a connection.
type PoolStats struct {
	MaxOpen int // the pool's bound
	Open    int // connections open, in use or idle
	InUse   int
	Idle    int
	// Waits counts acquisitions that found no idle connection and had
	// to wait, since the pool was opened; WaitTime is their total wait.
	Waits    int64
	WaitTime time.Duration
}

// Pooled is implemented by a backend that keeps a connection pool; the
// metrics read it at each scrape. It is optional: a backend without a
// pool to report reports nothing.
type Pooled interface {
	PoolStats() PoolStats
}

// PooledReplicas is implemented by a backend that reads from replicas
// (store.Replicated): each replica's pool, by the replica's name as
// Backend names it.
type PooledReplicas interface {
	ReplicaPools() map[string]Pooled
}
