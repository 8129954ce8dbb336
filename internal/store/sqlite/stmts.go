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
//
// The pool is bounded, so preparing never happens while holding the
// cache's lock, and never for a caller that holds a connection (a read
// transaction): with every connection held by such callers, each waiting
// for another connection to prepare on, reads would deadlock. Those
// callers run their statement unprepared and have it prepared in the
// background, for the next time.
type stmtCache struct {
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool // being prepared in the background
	closed  bool

	// background counts the preparations running in the background, and
	// stop cancels them: close waits for them, so that no connection is
	// opened (and no -wal or -shm file created) after the DB is closed.
	background sync.WaitGroup
	stop       context.Context
	cancel     context.CancelFunc
}

var errClosed = errors.New("sqlite: database is closed")

// lookup returns the prepared statement, or nil; it never waits for a
// connection.
func (c *stmtCache) lookup(query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errClosed
	}
	return c.stmts[query], nil
}

// get returns the prepared statement, preparing it on a miss: only for
// callers that hold no connection.
func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	if st, err := c.lookup(query); st != nil || err != nil {
		return st, err
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return c.add(query, st)
}

// add keeps st unless another caller prepared the same query first, or
// the cache closed meanwhile.
func (c *stmtCache) add(query string, st *sql.Stmt) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		st.Close()
		return nil, errClosed
	}
	if prev, ok := c.stmts[query]; ok {
		st.Close()
		return prev, nil
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = st
	return st, nil
}

// prepareLater prepares query in the background once a connection is
// free, for a caller that holds one and so must not wait for another.
func (c *stmtCache) prepareLater(db *sql.DB, query string) {
	c.mu.Lock()
	_, ok := c.stmts[query]
	if c.closed || ok || c.pending[query] {
		c.mu.Unlock()
		return
	}
	if c.pending == nil {
		c.pending = map[string]bool{}
	}
	c.pending[query] = true
	if c.stop == nil {
		c.stop, c.cancel = context.WithCancel(context.Background())
	}
	ctx := c.stop
	c.background.Add(1)
	c.mu.Unlock()
	go func() {
		defer c.background.Done()
		st, err := db.PrepareContext(ctx, query)
		c.mu.Lock()
		delete(c.pending, query)
		c.mu.Unlock()
		if err == nil {
			c.add(query, st)
		}
	}()
}

func (c *stmtCache) close() {
	c.mu.Lock()
	c.closed = true
	if c.cancel != nil {
		c.cancel()
	}
	c.mu.Unlock()
	c.background.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
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
	st, err := c.stmt(query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.tx.QueryContext(ctx, query, args...)
	}
	return c.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

func (c cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st, err := c.stmt(query); err == nil && st != nil {
		return c.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	// Unprepared, or failing with the query's own error (a closed
	// database).
	return c.tx.QueryRowContext(ctx, query, args...)
}

// stmt is the prepared statement, or nil while it is being prepared in
// the background: the transaction holds a connection already.
func (c cachedTx) stmt(query string) (*sql.Stmt, error) {
	st, err := c.d.stmts.lookup(query)
	if st == nil && err == nil {
		c.d.stmts.prepareLater(c.d.db, query)
	}
	return st, err
}
