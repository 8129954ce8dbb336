package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"healthqa/internal/store"
)

// versionTTL is how long Version trusts the version it last read. Every
// request asks for the version; reading the row each time would cost a
// round trip per request, for a number that changes a few times a day.
// A Sync in this process forgets it at once; one by another node is seen
// within versionTTL (issue 10's LISTEN/NOTIFY will shorten that path for
// the caches built on it).
const versionTTL = 100 * time.Millisecond

// versionMemo holds the version last read and when. gen counts Syncs
// that forgot it, so that a read begun before such a Sync cannot store
// the older version after it.
type versionMemo struct {
	mu    sync.Mutex
	v     int64
	at    time.Time
	valid bool
	gen   uint64
}

func (m *versionMemo) cached(now time.Time) (int64, uint64, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.v, m.gen, m.valid && now.Sub(m.at) < versionTTL
}

func (m *versionMemo) set(v int64, gen uint64, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if gen == m.gen {
		m.v, m.at, m.valid = v, at, true
	}
}

func (m *versionMemo) forget() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.valid = false
	m.gen++
}

// Version implements store.Store: the store_version row, memoized for
// versionTTL.
func (d *DB) Version(ctx context.Context) (int64, error) {
	if d.replicas != nil {
		return d.replicatedVersion(ctx)
	}
	now := time.Now()
	v, gen, ok := d.ver.cached(now)
	if ok {
		return v, nil
	}
	v, err := readVersion(ctx, d.pool)
	if err != nil {
		return 0, err
	}
	d.ver.set(v, gen, now)
	return v, nil
}

// nextVersion is the version a changing Sync sets: one more than the
// last, or the clock in microseconds if that is larger, so that a
// database dropped and built again does not repeat the old one's
// versions to a cache that outlived it.
const nextVersion = `UPDATE store_version SET version = GREATEST(version + 1, $1)`

// markImported follows nextVersion in a Sync, never in a publish: a
// search index of the version it records, or a later one, differs from
// the content only in contributor answers (store.ContributorState).
const markImported = `UPDATE store_version SET imported = version`

func clockVersion() int64 { return time.Now().UnixMicro() }

// SearchSnapshot implements store.Store.
func (d *DB) SearchSnapshot(ctx context.Context, version int64) ([]byte, error) {
	var data []byte
	err := d.using(ctx, func(p *pgxpool.Pool) error {
		return p.QueryRow(ctx, `SELECT data FROM search_snapshot WHERE version = $1`, version).Scan(&data)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: search snapshot: %w", err)
	}
	return data, nil
}

// SaveSearchSnapshot implements store.Store. The version row is read FOR
// SHARE, which a Sync's update of it must wait for (and which waits for
// a Sync that got there first, then reads its version): no Sync can
// commit between the check and the write.
func (d *DB) SaveSearchSnapshot(ctx context.Context, version int64, data []byte) (bool, error) {
	if len(data) == 0 {
		return false, errors.New("postgres: save search snapshot: no data")
	}
	saved := false
	err := pgx.BeginTxFunc(ctx, d.pool, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		var current int64
		if err := tx.QueryRow(ctx, `SELECT version FROM store_version FOR SHARE`).Scan(&current); err != nil {
			return err
		}
		if current != version {
			return nil
		}
		_, err := tx.Exec(ctx, `INSERT INTO search_snapshot (id, version, data) VALUES (1, $1, $2)
			ON CONFLICT (id) DO UPDATE SET version = excluded.version, data = excluded.data`, version, data)
		saved = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("postgres: save search snapshot: %w", err)
	}
	return saved, nil
}

// dropSnapshot runs in a changing Sync's transaction: the snapshot
// describes the content as it was.
const dropSnapshot = `DELETE FROM search_snapshot`

// saveSnapshotInSync saves the snapshot that build makes of the content
// as tx sees it, under the version tx has set (store.SyncOptions.Snapshot).
// The Sync holds its advisory lock, which publishes take too, so the
// content cannot change under it.
func saveSnapshotInSync(ctx context.Context, tx pgx.Tx, build func(context.Context, store.Content) []byte) error {
	if build == nil {
		return nil
	}
	c, err := loadContent(ctx, tx)
	if err != nil {
		return err
	}
	data := build(ctx, c)
	if len(data) == 0 {
		return nil
	}
	_, err = tx.Exec(ctx, `INSERT INTO search_snapshot (id, version, data)
			SELECT 1, version, $1 FROM store_version
		ON CONFLICT (id) DO UPDATE SET version = excluded.version, data = excluded.data`, data)
	return err
}
