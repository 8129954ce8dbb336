package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"healthqa/internal/store"
)

// SearchSnapshot implements store.Store.
func (d *DB) SearchSnapshot(ctx context.Context, version int64) ([]byte, error) {
	var data []byte
	err := d.db.QueryRowContext(ctx, `SELECT data FROM search_snapshot WHERE version = ?`, version).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: search snapshot: %w", err)
	}
	return data, nil
}

// SaveSearchSnapshot implements store.Store. The version check and the
// write are one statement, so no Sync can commit between them.
func (d *DB) SaveSearchSnapshot(ctx context.Context, version int64, data []byte) (bool, error) {
	if len(data) == 0 {
		return false, errors.New("sqlite: save search snapshot: no data")
	}
	res, err := d.db.ExecContext(ctx, `INSERT INTO search_snapshot (id, version, data)
			SELECT 1, ?, ? WHERE (SELECT version FROM store_version) = ?
		ON CONFLICT (id) DO UPDATE SET version = excluded.version, data = excluded.data`,
		version, data, version)
	if err != nil {
		return false, fmt.Errorf("sqlite: save search snapshot: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("sqlite: save search snapshot: %w", err)
	}
	return n == 1, nil
}

// dropSnapshot runs in a changing Sync's transaction: the snapshot
// describes the content as it was.
const dropSnapshot = `DELETE FROM search_snapshot`

// saveSnapshotInSync saves the snapshot that build makes of the content
// as tx sees it, under the version tx has set (store.SyncOptions.Snapshot).
func saveSnapshotInSync(ctx context.Context, tx *sql.Tx, build func(context.Context, store.Content) []byte) error {
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
	// "WHERE true": SQLite cannot otherwise tell ON CONFLICT from a join.
	_, err = tx.ExecContext(ctx, `INSERT INTO search_snapshot (id, version, data)
			SELECT 1, version, ? FROM store_version WHERE true
		ON CONFLICT (id) DO UPDATE SET version = excluded.version, data = excluded.data`, data)
	return err
}
