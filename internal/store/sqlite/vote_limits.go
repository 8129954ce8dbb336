package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"healthqa/internal/store"
)

// TakeVoteToken implements store.Feedback. The transaction takes the
// write lock when it begins (_txlock=immediate), so two processes taking
// from one bucket at once take one token each: the second reads what the
// first wrote.
func (d *DB) TakeVoteToken(ctx context.Context, client string, now time.Time, rule store.TokenBucket) (bool, time.Duration, error) {
	if err := rule.Check(client); err != nil {
		return false, 0, fmt.Errorf("sqlite: take vote token: %w", err)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, 0, fmt.Errorf("sqlite: take vote token: %w", err)
	}
	defer tx.Rollback()
	// At most store.MaxForgotten a call, more than one vote can add.
	if _, err := tx.ExecContext(ctx, `DELETE FROM vote_limits WHERE client IN (
		SELECT client FROM vote_limits WHERE at < ? LIMIT ?)`, formatTime(rule.FullBefore(now)), store.MaxForgotten); err != nil {
		return false, 0, fmt.Errorf("sqlite: take vote token: %w", err)
	}
	tokens, at := float64(rule.Burst), now
	var stored string
	err = tx.QueryRowContext(ctx, `SELECT tokens, at FROM vote_limits WHERE client = ?`, client).Scan(&tokens, &stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return false, 0, fmt.Errorf("sqlite: take vote token: %w", err)
	default:
		if at, err = parseTime(stored); err != nil {
			return false, 0, fmt.Errorf("sqlite: take vote token: %w", err)
		}
	}
	left, leftAt, ok, wait := rule.Take(tokens, at, now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO vote_limits (client, tokens, at) VALUES (?, ?, ?)
		ON CONFLICT (client) DO UPDATE SET tokens = excluded.tokens, at = excluded.at`,
		client, left, formatTime(leftAt)); err != nil {
		return false, 0, fmt.Errorf("sqlite: take vote token: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, 0, fmt.Errorf("sqlite: take vote token: %w", err)
	}
	return ok, wait, nil
}
