package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/store"
)

// TakeVoteToken implements store.Feedback. The bucket's row is made or
// locked by one upsert, so two nodes taking from one bucket at once take
// one token each: the second waits for the first's row lock and reads
// what it wrote.
func (d *DB) TakeVoteToken(ctx context.Context, client string, now time.Time, rule store.TokenBucket) (bool, time.Duration, error) {
	if err := rule.Check(client); err != nil {
		return false, 0, fmt.Errorf("postgres: take vote token: %w", err)
	}
	now = dbTime(now)
	var ok bool
	var wait time.Duration
	err := d.accountTx(ctx, func(tx pgx.Tx) error {
		// Forgetting skips rows another vote holds, so it never waits and
		// two votes cannot deadlock over it; at most store.MaxForgotten a
		// call, more than one vote can add.
		if _, err := tx.Exec(ctx, `DELETE FROM vote_limits WHERE client IN (
			SELECT client FROM vote_limits WHERE at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
			rule.FullBefore(now), store.MaxForgotten); err != nil {
			return err
		}
		// The upsert makes the row or locks it as it stands, and returns it.
		var tokens float64
		var at time.Time
		if err := tx.QueryRow(ctx, `INSERT INTO vote_limits AS v (client, tokens, at) VALUES ($1, $2, $3)
			ON CONFLICT (client) DO UPDATE SET tokens = v.tokens
			RETURNING tokens, at`, client, float64(rule.Burst), now).Scan(&tokens, &at); err != nil {
			return err
		}
		var left float64
		var leftAt time.Time
		left, leftAt, ok, wait = rule.Take(tokens, at.UTC(), now)
		_, err := tx.Exec(ctx, `UPDATE vote_limits SET tokens = $2, at = $3 WHERE client = $1`, client, left, leftAt)
		return err
	})
	if err != nil {
		return false, 0, fmt.Errorf("postgres: take vote token: %w", err)
	}
	return ok, wait, nil
}
