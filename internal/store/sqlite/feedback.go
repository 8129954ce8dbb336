package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"healthqa/internal/store"
)

var _ store.Feedback = (*DB)(nil)

// RecordFeedback implements store.Feedback. The answer is looked up and
// the vote written in one transaction, so a vote never lands on an
// answer unpublished meanwhile. store_version is not touched: the page
// cache and the search index stay as they are.
func (d *DB) RecordFeedback(ctx context.Context, v store.FeedbackVote) (string, error) {
	if err := store.CheckVote(v); err != nil {
		return "", fmt.Errorf("sqlite: record feedback: %w", err)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return "", fmt.Errorf("sqlite: record feedback: %w", err)
	}
	defer tx.Rollback()
	var slug string
	err = tx.QueryRowContext(ctx, `SELECT q.slug FROM answers a JOIN questions q ON q.id = a.question_id
		WHERE a.key = ?`, v.AnswerKey).Scan(&slug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("sqlite: record feedback on %q: %w", v.AnswerKey, store.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: record feedback: %w", err)
	}
	// The second vote of a voter on an answer replaces the first.
	if _, err := tx.ExecContext(ctx, `INSERT INTO feedback_votes (answer_key, voter_hash, helpful, reason, at)
			VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (answer_key, voter_hash) DO UPDATE
			SET helpful = excluded.helpful, reason = excluded.reason, at = excluded.at`,
		v.AnswerKey, v.VoterHash, v.Helpful, v.Reason, formatTime(v.At)); err != nil {
		return "", fmt.Errorf("sqlite: record feedback: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("sqlite: record feedback: %w", err)
	}
	return slug, nil
}

// FeedbackSummaries implements store.Feedback. One read transaction, so
// counts and reasons describe the same moment.
func (d *DB) FeedbackSummaries(ctx context.Context, offset, limit, reasons int) ([]store.FeedbackSummary, int, error) {
	if offset < 0 || limit < 0 || reasons < 0 {
		return nil, 0, fmt.Errorf("sqlite: feedback summaries: negative offset %d, limit %d or reasons %d", offset, limit, reasons)
	}
	limit = min(limit, store.MaxFeedbackPage)
	reasons = min(reasons, store.MaxFeedbackReasons)
	var list []store.FeedbackSummary
	var total int
	err := d.read(ctx, func(tx querier) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(DISTINCT answer_key) FROM feedback_votes`).Scan(&total); err != nil {
			return err
		}
		var err error
		if list, err = feedbackPage(ctx, tx, offset, limit); err != nil {
			return err
		}
		for i := range list {
			if list[i].Reasons, err = feedbackReasons(ctx, tx, list[i].AnswerKey, reasons); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: feedback summaries: %w", err)
	}
	return list, total, nil
}

// feedbackPage counts the votes of one page of answers. The answer and
// its question are joined from the left: votes outlive an answer that
// was unpublished or dropped by an import.
func feedbackPage(ctx context.Context, tx querier, offset, limit int) ([]store.FeedbackSummary, error) {
	rows, err := tx.QueryContext(ctx, `SELECT f.answer_key, sum(f.helpful), sum(1 - f.helpful), max(f.at),
			coalesce(q.slug, ''), coalesce(q.title, ''), coalesce(a.source_key, '')
		FROM feedback_votes f
		LEFT JOIN answers a ON a.key = f.answer_key
		LEFT JOIN questions q ON q.id = a.question_id
		GROUP BY f.answer_key
		ORDER BY max(f.at) DESC, f.answer_key
		LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (store.FeedbackSummary, error) {
		var f store.FeedbackSummary
		var last string
		if err := s.Scan(&f.AnswerKey, &f.Yes, &f.No, &last, &f.QuestionSlug, &f.QuestionTitle, &f.SourceKey); err != nil {
			return f, err
		}
		var err error
		f.Last, err = parseTime(last)
		return f, err
	})
}

// feedbackReasons lists an answer's newest non-empty reasons.
func feedbackReasons(ctx context.Context, tx querier, answerKey string, limit int) ([]store.FeedbackReason, error) {
	rows, err := tx.QueryContext(ctx, `SELECT helpful, reason, at FROM feedback_votes
		WHERE answer_key = ? AND reason != '' ORDER BY at DESC, id DESC LIMIT ?`, answerKey, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (store.FeedbackReason, error) {
		var r store.FeedbackReason
		var at string
		if err := s.Scan(&r.Helpful, &r.Reason, &at); err != nil {
			return r, err
		}
		var err error
		r.At, err = parseTime(at)
		return r, err
	})
}
