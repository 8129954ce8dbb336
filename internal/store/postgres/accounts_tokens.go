package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/store"
)

const tokenColumns = `t.id, t.token_hash, t.user_id, t.source_key, t.name, t.created_at, t.revoked_at, t.last_used_at`

// maxTokensListed bounds APITokens, as on SQLite.
const maxTokensListed = 1000

func tokenDest(t *store.APIToken, revoked, used **time.Time) []any {
	return []any{&t.ID, &t.Hash, &t.UserID, &t.SourceKey, &t.Name, &t.CreatedAt, revoked, used}
}

func finishToken(t *store.APIToken, revoked, used *time.Time) {
	t.CreatedAt, t.RevokedAt, t.LastUsedAt = t.CreatedAt.UTC(), utc(revoked), utc(used)
}

func scanToken(row pgx.Row) (store.APIToken, error) {
	var t store.APIToken
	var revoked, used *time.Time
	if err := row.Scan(tokenDest(&t, &revoked, &used)...); err != nil {
		return t, err
	}
	finishToken(&t, revoked, used)
	return t, nil
}

// CreateAPIToken implements store.Accounts.
func (d *DB) CreateAPIToken(ctx context.Context, t store.APIToken) (int64, error) {
	if len(t.Hash) == 0 || t.SourceKey == "" || t.Name == "" {
		return 0, errors.New("postgres: create token: hash, source and name are required")
	}
	var id int64
	err := d.pool.QueryRow(ctx, `INSERT INTO api_tokens (token_hash, user_id, source_key, name, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, t.Hash, t.UserID, t.SourceKey, t.Name, dbTime(t.CreatedAt)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create token: %w", err)
	}
	return id, nil
}

// APITokenUser implements store.Accounts: the token and its user in one
// statement, and a write only when the last use is touchEvery old.
func (d *DB) APITokenUser(ctx context.Context, hash []byte, now time.Time) (store.APIToken, store.User, error) {
	var t store.APIToken
	var revoked, used, changed *time.Time
	var u store.User
	var roles []string
	dest := append(tokenDest(&t, &revoked, &used), userDest(&u, &changed, &roles)...)
	err := d.pool.QueryRow(ctx, `SELECT `+tokenColumns+`, `+userColumns+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL`, hash).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return t, store.User{}, store.ErrNotFound
	}
	if err != nil {
		return t, store.User{}, fmt.Errorf("postgres: token: %w", err)
	}
	finishToken(&t, revoked, used)
	finishUser(&u, changed, roles)
	// A token speaks for its source only while its account still does.
	if u.Disabled || u.SourceKey != t.SourceKey {
		return t, u, store.ErrNotFound
	}
	if t.LastUsedAt.IsZero() || now.Sub(t.LastUsedAt) >= touchEvery {
		at := dbTime(now)
		if _, err := d.pool.Exec(ctx, `UPDATE api_tokens SET last_used_at = $2
			WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`, t.ID, at); err != nil {
			return t, u, fmt.Errorf("postgres: touch token: %w", err)
		}
		t.LastUsedAt = at
	}
	return t, u, nil
}

// RevokeAPIToken implements store.Accounts.
func (d *DB) RevokeAPIToken(ctx context.Context, userID, id int64, now time.Time) error {
	tag, err := d.pool.Exec(ctx, `UPDATE api_tokens SET revoked_at = $1
		WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`, dbTime(now), id, userID)
	return oneRow(tag, err, "revoke token")
}

// APITokens implements store.Accounts.
func (d *DB) APITokens(ctx context.Context, userID int64) ([]store.APIToken, error) {
	rows, err := d.pool.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens t WHERE t.user_id = $1
		ORDER BY t.id DESC LIMIT $2`, userID, maxTokensListed)
	if err != nil {
		return nil, fmt.Errorf("postgres: tokens: %w", err)
	}
	list, err := collect(rows, func(r pgx.Rows) (store.APIToken, error) { return scanToken(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: tokens: %w", err)
	}
	return list, nil
}
