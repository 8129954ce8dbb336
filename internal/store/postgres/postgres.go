// Package postgres implements store.Store on PostgreSQL, for deployments
// that outgrow one machine: several app nodes over one database server
// (issue 10). It holds the content core (Sync, every read, Version, the
// search snapshot) and, as SQLite's store does, accounts, the editorial
// workflow, the published reads and readers' feedback.
//
// It talks to PostgreSQL through pgx's own pool (pgxpool) rather than
// database/sql: Sync needs COPY and pipelined batches, which only pgx's
// native interface offers, and the rest gains typed arrays, bytea and
// timestamptz without conversions (docs/POSTGRES.md).
package postgres

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"healthqa/internal/store"
)

// DB is a store.Store backed by a PostgreSQL database.
type DB struct {
	pool *pgxpool.Pool
	ver  versionMemo
}

var _ store.Store = (*DB)(nil)

// IsURL reports whether a --db value names a PostgreSQL database
// (postgres:// or postgresql://) rather than a SQLite file.
func IsURL(s string) bool {
	scheme, _, ok := strings.Cut(s, "://")
	if !ok {
		return false
	}
	scheme = strings.ToLower(scheme)
	return scheme == "postgres" || scheme == "postgresql"
}

// Open connects to the database named by a postgres:// URL and brings its
// schema up to date, under an advisory lock so that nodes starting
// together never race (migrate.go). The database itself must exist: it
// is the operator's to create, with its owner and settings.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, openError(dsn, err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, openError(dsn, err)
	}
	// The pool connects lazily; connect now so that a wrong address or
	// a missing database is reported by Open, not by some later read.
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, openError(dsn, err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, openError(dsn, err)
	}
	return &DB{pool: pool}, nil
}

// openError names the database without its password.
func openError(dsn string, err error) error {
	return fmt.Errorf("opening database %s: %w", Redact(dsn), err)
}

// Redact returns dsn with any password replaced, for messages and logs.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(a PostgreSQL URL that does not parse)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Close closes the pool, waiting for connections in use to be released.
func (d *DB) Close() error {
	d.pool.Close()
	return nil
}
