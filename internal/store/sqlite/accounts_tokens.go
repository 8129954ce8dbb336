package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"healthqa/internal/store"
)

const tokenColumns = `t.id, t.token_hash, t.user_id, t.source_key, t.name, t.created_at, t.revoked_at, t.last_used_at`

func scanToken(row rowScanner) (store.APIToken, error) {
	var t store.APIToken
	var created, revoked, used string
	err := row.Scan(&t.ID, &t.Hash, &t.UserID, &t.SourceKey, &t.Name, &created, &revoked, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return t, store.ErrNotFound
	}
	if err != nil {
		return t, err
	}
	if t.CreatedAt, err = parseTime(created); err != nil {
		return t, err
	}
	if revoked != "" {
		if t.RevokedAt, err = parseTime(revoked); err != nil {
			return t, err
		}
	}
	if used != "" {
		t.LastUsedAt, err = parseTime(used)
	}
	return t, err
}

// CreateAPIToken implements store.Accounts.
func (d *DB) CreateAPIToken(ctx context.Context, t store.APIToken) (int64, error) {
	if len(t.Hash) == 0 || t.SourceKey == "" || t.Name == "" {
		return 0, errors.New("sqlite: create token: hash, source and name are required")
	}
	res, err := d.db.ExecContext(ctx, `INSERT INTO api_tokens (token_hash, user_id, source_key, name, created_at)
		VALUES (?, ?, ?, ?, ?)`, t.Hash, t.UserID, t.SourceKey, t.Name, formatTime(t.CreatedAt))
	if err != nil {
		return 0, fmt.Errorf("sqlite: create token: %w", err)
	}
	return res.LastInsertId()
}

// APITokenUser implements store.Accounts.
func (d *DB) APITokenUser(ctx context.Context, hash []byte, now time.Time) (store.APIToken, store.User, error) {
	t, err := scanToken(d.db.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t
		WHERE t.token_hash = ? AND t.revoked_at = ''`, hash))
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			err = fmt.Errorf("sqlite: token: %w", err)
		}
		return t, store.User{}, err
	}
	u, err := d.User(ctx, t.UserID)
	if err != nil {
		return t, u, err
	}
	// A token speaks for its source only while its account still does.
	if u.Disabled || u.SourceKey != t.SourceKey {
		return t, u, store.ErrNotFound
	}
	if t.LastUsedAt.IsZero() || now.Sub(t.LastUsedAt) >= touchEvery {
		if _, err := d.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, formatTime(now), t.ID); err != nil {
			return t, u, fmt.Errorf("sqlite: touch token: %w", err)
		}
		t.LastUsedAt = now.UTC()
	}
	return t, u, nil
}

// RevokeAPIToken implements store.Accounts.
func (d *DB) RevokeAPIToken(ctx context.Context, userID, id int64, now time.Time) error {
	res, err := d.db.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at = ''`,
		formatTime(now), id, userID)
	return affectedOne(res, err, "revoke token")
}

// APITokens implements store.Accounts.
func (d *DB) APITokens(ctx context.Context, userID int64) ([]store.APIToken, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens t WHERE t.user_id = ?
		ORDER BY t.id DESC LIMIT 1000`, userID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: tokens: %w", err)
	}
	defer rows.Close()
	list := []store.APIToken{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, t)
	}
	return list, rows.Err()
}
