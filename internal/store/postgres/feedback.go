package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/store"
)

// This file implements store.Feedback (migration 0010). Nothing here
// touches store_version: a vote changes no page and no search result.

var _ store.Feedback = (*DB)(nil)

// recordVote finds the answer and upserts the vote in one statement.
// FOR KEY SHARE holds the answer row until the statement's transaction
// ends, so an unpublish or an import deleting it either commits first
// (and the vote finds no answer: ErrNotFound) or waits for the vote: a
// vote never lands on an answer deleted meanwhile. KEY SHARE rather than
// SHARE, so that an import updating the answer's text is not held up.
// ON CONFLICT DO UPDATE makes the replace atomic across connections:
// two votes of one voter on one answer from two nodes end as one row,
// the later one, with no unique violation for either.
const recordVote = `WITH target AS (
		SELECT q.slug FROM answers a JOIN questions q ON q.id = a.question_id
		WHERE a.key = $1 FOR KEY SHARE OF a
	), vote AS (
		INSERT INTO feedback_votes (answer_key, voter_hash, helpful, reason, at)
		SELECT $1, $2, $3, $4, $5 FROM target
		ON CONFLICT (answer_key, voter_hash) DO UPDATE
			SET helpful = excluded.helpful, reason = excluded.reason, at = excluded.at
	)
	SELECT slug FROM target`

// RecordFeedback implements store.Feedback.
func (d *DB) RecordFeedback(ctx context.Context, v store.FeedbackVote) (string, error) {
	if err := store.CheckVote(v); err != nil {
		return "", fmt.Errorf("postgres: record feedback: %w", err)
	}
	// No stored key holds NUL (PostgreSQL's text cannot), and sending one
	// would fail as an encoding error rather than find nothing.
	if strings.ContainsRune(v.AnswerKey, 0) {
		return "", fmt.Errorf("postgres: record feedback on %q: %w", v.AnswerKey, store.ErrNotFound)
	}
	var slug string
	err := d.pool.QueryRow(ctx, recordVote, v.AnswerKey, v.VoterHash, v.Helpful, v.Reason, dbTime(v.At)).Scan(&slug)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("postgres: record feedback on %q: %w", v.AnswerKey, store.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("postgres: record feedback: %w", err)
	}
	return slug, nil
}

// FeedbackSummaries implements store.Feedback. One read transaction, so
// the total, the counts and the reasons describe the same moment; three
// statements whatever the page size (the reasons of the whole page in
// one).
func (d *DB) FeedbackSummaries(ctx context.Context, offset, limit, reasons int) ([]store.FeedbackSummary, int, error) {
	if offset < 0 || limit < 0 || reasons < 0 {
		return nil, 0, fmt.Errorf("postgres: feedback summaries: negative offset %d, limit %d or reasons %d", offset, limit, reasons)
	}
	limit = min(limit, store.MaxFeedbackPage)
	reasons = min(reasons, store.MaxFeedbackReasons)
	var list []store.FeedbackSummary
	var total int
	err := d.read(ctx, func(tx querier) error {
		if err := tx.QueryRow(ctx, `SELECT count(DISTINCT answer_key) FROM feedback_votes`).Scan(&total); err != nil {
			return err
		}
		var err error
		if list, err = feedbackPage(ctx, tx, offset, limit); err != nil || len(list) == 0 {
			return err
		}
		return feedbackReasons(ctx, tx, list, reasons)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: feedback summaries: %w", err)
	}
	return list, total, nil
}

// feedbackPage counts the votes of one page of answers, then joins the
// answer and its question from the left: votes outlive an answer that
// was unpublished or dropped by an import. answer_key is COLLATE "C", so
// ties sort byte by byte, as on SQLite.
func feedbackPage(ctx context.Context, tx querier, offset, limit int) ([]store.FeedbackSummary, error) {
	rows, err := tx.Query(ctx, `SELECT f.answer_key, f.yes, f.no, f.last,
			coalesce(q.slug, ''), coalesce(q.title, ''), coalesce(a.source_key, '')
		FROM (SELECT answer_key, count(*) FILTER (WHERE helpful) AS yes,
				count(*) FILTER (WHERE NOT helpful) AS no, max(at) AS last
			FROM feedback_votes GROUP BY answer_key
			ORDER BY last DESC, answer_key LIMIT $1 OFFSET $2) f
		LEFT JOIN answers a ON a.key = f.answer_key
		LEFT JOIN questions q ON q.id = a.question_id
		ORDER BY f.last DESC, f.answer_key`, limit, offset)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r pgx.Rows) (store.FeedbackSummary, error) {
		f := store.FeedbackSummary{Reasons: []store.FeedbackReason{}}
		err := r.Scan(&f.AnswerKey, &f.Yes, &f.No, &f.Last, &f.QuestionSlug, &f.QuestionTitle, &f.SourceKey)
		f.Last = f.Last.UTC()
		return f, err
	})
}

// feedbackReasons fills each listed answer's newest non-empty reasons,
// at most limit each, newest first (the later vote first on a tie).
func feedbackReasons(ctx context.Context, tx querier, list []store.FeedbackSummary, limit int) error {
	if limit == 0 {
		return nil
	}
	keys := make([]string, len(list))
	at := make(map[string]int, len(list))
	for i, f := range list {
		keys[i] = f.AnswerKey
		at[f.AnswerKey] = i
	}
	rows, err := tx.Query(ctx, `SELECT answer_key, helpful, reason, at FROM (
			SELECT answer_key, helpful, reason, at, id,
				row_number() OVER (PARTITION BY answer_key ORDER BY at DESC, id DESC) AS n
			FROM feedback_votes WHERE answer_key = ANY($1) AND reason <> '') r
		WHERE n <= $2 ORDER BY answer_key, at DESC, id DESC`, keys, limit)
	if err != nil {
		return err
	}
	var key string
	var fr store.FeedbackReason
	_, err = pgx.ForEachRow(rows, []any{&key, &fr.Helpful, &fr.Reason, &fr.At}, func() error {
		fr.At = fr.At.UTC()
		i := at[key]
		list[i].Reasons = append(list[i].Reasons, fr)
		return nil
	})
	return err
}
