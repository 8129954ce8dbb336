package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Revisions implements store.Editorial.
func (d *DB) Revisions(ctx context.Context, id int64) ([]store.Revision, error) {
	rows, err := d.pool.Query(ctx, `SELECT r.number, r.markdown, r.html, r.text, r.author_id, u.name, r.created_at
		FROM revisions r JOIN users u ON u.id = r.author_id WHERE r.submission_id = $1 ORDER BY r.number`, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: revisions of %d: %w", id, err)
	}
	list, err := collect(rows, func(r pgx.Rows) (store.Revision, error) {
		var v store.Revision
		err := r.Scan(&v.Number, &v.Markdown, &v.HTML, &v.Text, &v.AuthorID, &v.AuthorName, &v.CreatedAt)
		v.CreatedAt = v.CreatedAt.UTC()
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: revisions of %d: %w", id, err)
	}
	return list, nil
}

// Reviews implements store.Editorial.
func (d *DB) Reviews(ctx context.Context, id int64) ([]store.EditorialReview, error) {
	rows, err := d.pool.Query(ctx, `SELECT r.revision, r.reviewer_id, u.name, r.decision, r.comment, r.at
		FROM reviews r JOIN users u ON u.id = r.reviewer_id WHERE r.submission_id = $1 ORDER BY r.id`, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: reviews of %d: %w", id, err)
	}
	list, err := collect(rows, func(r pgx.Rows) (store.EditorialReview, error) {
		var v store.EditorialReview
		err := r.Scan(&v.Revision, &v.ReviewerID, &v.ReviewerName, &v.Decision, &v.Comment, &v.At)
		v.At = v.At.UTC()
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: reviews of %d: %w", id, err)
	}
	return list, nil
}

// Submissions implements store.Editorial.
func (d *DB) Submissions(ctx context.Context, a editorial.Actor) ([]store.Submission, error) {
	rows, err := d.pool.Query(ctx, submissionSelect+`
		WHERE s.author_id = $1 OR (s.source_key IS NOT NULL AND s.source_key = $2)
		ORDER BY s.updated_at DESC, s.id DESC LIMIT $3`, a.UserID, a.SourceKey, store.MaxQueuePage)
	if err != nil {
		return nil, fmt.Errorf("postgres: submissions of %d: %w", a.UserID, err)
	}
	list, err := collect(rows, func(r pgx.Rows) (store.Submission, error) { return scanSubmission(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: submissions of %d: %w", a.UserID, err)
	}
	return list, nil
}

// queueWhere filters the submitted ones by topic (the question's, or the
// proposed one) and source (people's work is under
// model.ContributorsSource). The parameters are cast to text: each is
// compared with a literal, which alone says nothing of its type.
const queueWhere = ` WHERE s.state = 'submitted'
	AND ($1::text = '' OR COALESCE(t.slug, s.proposed_topic) = $1::text)
	AND ($2::text = '' OR COALESCE(s.source_key, '` + model.ContributorsSource + `') = $2::text)`

// ReviewQueue implements store.Editorial. Oldest first: a submission's
// updated_at is when it was submitted, since saves wait until review.
// The page, the total and the counts are read in one snapshot.
func (d *DB) ReviewQueue(ctx context.Context, f store.QueueFilter) (store.Queue, error) {
	limit := f.Limit
	if limit <= 0 || limit > store.MaxQueuePage {
		limit = store.MaxQueuePage
	}
	var q store.Queue
	err := d.read(ctx, func(tx querier) error {
		rows, err := tx.Query(ctx, submissionSelect+queueWhere+` ORDER BY s.updated_at, s.id LIMIT $3`, f.Topic, f.Source, limit)
		if err != nil {
			return err
		}
		if q.Items, err = collect(rows, func(r pgx.Rows) (store.Submission, error) { return scanSubmission(r) }); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM submissions s
			LEFT JOIN questions q ON q.slug = s.question_slug AND s.question_slug <> ''
			LEFT JOIN topics t ON t.id = q.topic_id`+queueWhere, f.Topic, f.Source).Scan(&q.Total); err != nil {
			return err
		}
		if q.ByTopic, err = queueCounts(ctx, tx, `COALESCE(t.slug, s.proposed_topic)`, `COALESCE(t.name, pt.name, s.proposed_topic)`); err != nil {
			return err
		}
		q.BySource, err = queueCounts(ctx, tx, `COALESCE(s.source_key, '`+model.ContributorsSource+`')`, `COALESCE(src.name, 'Contributors')`)
		for _, c := range q.BySource {
			q.All += c.N
		}
		return err
	})
	if err != nil {
		return store.Queue{}, fmt.Errorf("postgres: review queue: %w", err)
	}
	return q, nil
}

// queueCounts counts the whole queue by one key, for the filters. The
// name is sorted in byte order, as SQLite sorts, whatever the columns'
// and literals' collations. A key has one name, so grouping by both
// is grouping by the key.
func queueCounts(ctx context.Context, tx querier, key, name string) ([]store.Count, error) {
	rows, err := tx.Query(ctx, `SELECT (`+key+`) COLLATE "C", (`+name+`) COLLATE "C", count(*) FROM submissions s
		LEFT JOIN questions q ON q.slug = s.question_slug AND s.question_slug <> ''
		LEFT JOIN topics t ON t.id = q.topic_id
		LEFT JOIN topics pt ON pt.slug = s.proposed_topic AND s.proposed_topic <> ''
		LEFT JOIN sources src ON src.key = s.source_key
		WHERE s.state = 'submitted' GROUP BY 1, 2 ORDER BY 2, 1`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r pgx.Rows) (store.Count, error) {
		var c store.Count
		err := r.Scan(&c.Key, &c.Name, &c.N)
		return c, err
	})
}
