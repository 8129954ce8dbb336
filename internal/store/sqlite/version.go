package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// versionCache serves Version from memory. It keeps one connection of
// its own and asks it for PRAGMA data_version, which changes when any
// other connection, in this process or another, commits to the
// database; only then is the version row read again. The connection
// never writes, so every commit, this process's Syncs included, is some
// other connection's.
type versionCache struct {
	mu          sync.Mutex
	conn        *sql.Conn // nil until first use, and after an error
	dataVersion *sql.Stmt // PRAGMA data_version, on conn
	seen        int64     // data_version when version was read
	version     int64
	valid       bool
}

// Version implements store.Store.
func (d *DB) Version(ctx context.Context) (int64, error) {
	v, err := d.ver.get(ctx, d.db)
	if err != nil {
		return 0, fmt.Errorf("sqlite: version: %w", err)
	}
	return v, nil
}

func (c *versionCache) get(ctx context.Context, db *sql.DB) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		if err := c.connect(ctx, db); err != nil {
			return 0, err
		}
	}
	var dv int64
	if err := c.dataVersion.QueryRowContext(ctx).Scan(&dv); err != nil {
		c.reset()
		return 0, err
	}
	if c.valid && dv == c.seen {
		return c.version, nil
	}
	// A commit between the pragma and this read is read here and then
	// seen again by the next pragma, which costs one more read but never
	// leaves a stale version cached.
	if err := c.conn.QueryRowContext(ctx, `SELECT version FROM store_version`).Scan(&c.version); err != nil {
		c.reset()
		return 0, err
	}
	c.seen, c.valid = dv, true
	return c.version, nil
}

func (c *versionCache) connect(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	stmt, err := conn.PrepareContext(ctx, `PRAGMA data_version`)
	if err != nil {
		conn.Close()
		return err
	}
	c.conn, c.dataVersion, c.valid = conn, stmt, false
	return nil
}

// reset drops the connection after an error, a cancelled context
// perhaps, so that the next call starts afresh. data_version is only
// comparable on one connection, so the cached version goes too.
func (c *versionCache) reset() {
	if c.conn != nil {
		c.dataVersion.Close()
		c.conn.Close()
	}
	c.conn, c.dataVersion, c.valid = nil, nil, false
}

// close releases the connection; DB.Close calls it first, since
// sql.DB.Close leaves a connection held by a Conn open until released.
func (c *versionCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reset()
}

// nextVersion is the version a changing Sync sets: one more than the
// last, or the clock in microseconds if that is larger, so that a
// database deleted and built again does not repeat the old one's
// versions to a cache that outlived it.
const nextVersion = `UPDATE store_version SET version = max(version + 1, ?)`

// markImported follows nextVersion in a Sync, never in a publish: a
// search index of the version it records, or a later one, differs from
// the content only in contributor answers (store.ContributorState).
const markImported = `UPDATE store_version SET imported = version`

func clockVersion() int64 { return time.Now().UnixMicro() }
