package postgres

import (
	"context"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// TestVoteWaitsForDelete votes on an answer that another connection is
// deleting (an unpublish or an import, not yet committed). Under READ
// COMMITTED a plain SELECT would still see the row and the vote would
// land on an answer gone a moment later; the vote's row lock makes it
// wait for the delete, then find nothing.
func TestVoteWaitsForDelete(t *testing.T) {
	ctx := context.Background()
	d := openTemp(t)
	defer d.Close()
	c := storetest.GenerateContent(1, 1, 1, 100)
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{Now: time.Unix(1_700_000_000, 0)}); err != nil {
		t.Fatal(err)
	}
	key := c.Answers[0].Key

	tx, err := d.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var deleter int
	if err := tx.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&deleter); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM answers WHERE key = $1`, key); err != nil {
		t.Fatal(err)
	}

	voted := make(chan error, 1)
	go func() {
		h := sha256.Sum256([]byte("voter"))
		_, err := d.RecordFeedback(ctx, store.FeedbackVote{AnswerKey: key, VoterHash: h[:], Helpful: true, At: time.Now()})
		voted <- err
	}()
	// Wait until the vote is blocked by the deleter, or has returned.
	for blocked := false; !blocked; {
		select {
		case err := <-voted:
			t.Fatalf("vote returned (%v) while the answer's delete was uncommitted; want it to wait", err)
		default:
		}
		err := d.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
			WHERE $1 = ANY(pg_blocking_pids(pid)))`, deleter).Scan(&blocked)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond) // a polling pace, not an assertion
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-voted; !errors.Is(err, store.ErrNotFound) {
		t.Errorf("vote on an answer deleted meanwhile: %v; want ErrNotFound", err)
	}
	var n int
	if err := d.pool.QueryRow(ctx, `SELECT count(*) FROM feedback_votes`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d votes stored (%v); want none", n, err)
	}
}
