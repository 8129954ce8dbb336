package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// querier is what reads need: a read transaction or the database, both
// running their statements through the DB's statement cache.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// stmtCache keeps every read statement prepared, by its text, so that
// SQLite parses and plans it once rather than on every call: for the
// reads behind a page that is a third or more of their time. database/sql
// prepares a Stmt again on each pooled connection it meets and keeps
// each. Every query text is a constant of this package or, for
// SearchQuestions, one of MaxSearchWords shapes, so the cache is small.
type stmtCache struct {
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	closed bool
}

var errClosed = errors.New("sqlite: database is closed")

func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errClosed
	}
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts, c.closed = nil, true
}

// cachedDB runs cached statements on the database, outside any
// transaction: for reads of one statement.
type cachedDB struct{ d *DB }

func (c cachedDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.d.stmts.get(ctx, c.d.db, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c cachedDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.d.stmts.get(ctx, c.d.db, query)
	if err != nil {
		// A *sql.Row carries only a query's error: run the query
		// unprepared, and it fails with its own (a cancelled context, a
		// closed database).
		return c.d.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// cachedTx runs cached statements in a transaction.
type cachedTx struct {
	d  *DB
	tx *sql.Tx
}

func (c cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.d.stmts.get(ctx, c.d.db, query)
	if err != nil {
		return nil, err
	}
	return c.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

func (c cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.d.stmts.get(ctx, c.d.db, query)
	if err != nil {
		return c.tx.QueryRowContext(ctx, query, args...)
	}
	return c.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
}
