package store

import "context"

// A backend with read replicas (PostgreSQL's --db-replica) sends content
// reads to a replica unless the request's context asks for the primary.
// The web layer asks for it for every request of someone who may have
// just written (a session cookie, an API token), so that they read their
// own writes; everyone else may read a replica a moment behind.

type primaryKey struct{}

// ReadPrimary returns ctx marked so that a backend with replicas reads
// from its primary. Backends without replicas ignore the mark.
func ReadPrimary(ctx context.Context) context.Context {
	return context.WithValue(ctx, primaryKey{}, true)
}

// ReadAny returns ctx without ReadPrimary's mark: for reads that must
// stay with the replica in use whoever asks (the content version a node
// labels its caches with).
func ReadAny(ctx context.Context) context.Context {
	if !IsPrimary(ctx) {
		return ctx
	}
	return context.WithValue(ctx, primaryKey{}, false)
}

// IsPrimary reports whether ctx carries ReadPrimary's mark.
func IsPrimary(ctx context.Context) bool {
	p, _ := ctx.Value(primaryKey{}).(bool)
	return p
}

// Replicated is implemented by a store that reads from replicas.
type Replicated interface {
	// ReadsReplicas reports whether the store was given replicas at all
	// (whatever their state now).
	ReadsReplicas() bool
	// Backends describes the primary and each replica as the store last
	// saw them, for /readyz.
	Backends() []Backend
}

// Backend is one database server a store uses, as /readyz reports it.
type Backend struct {
	Role  string // "primary" or "replica"
	Name  string // host:port/database, no credentials
	State string // "up", "in use", "standby", "lagging", "down", "not a replica", "starting"
	// Detail says why a replica is not in use (its lag, its error).
	Detail string
}
