package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// seedEditorial writes, in plain SQL, the rows the editorial workflow
// writes and store.Published reads (submissions, revisions, reviews, the
// published answers row, the version bump), for storetest's Seeder while
// store.Editorial is not on PostgreSQL. The rules are editorial.Next's,
// as in the real workflow. It leaves out what Published does not read:
// digests, reading grades, the audit log. The Seeder calls only the
// methods defined here; the embedded nil interface panics on any other.
type seedEditorial struct {
	store.Editorial
	db *DB
}

// Submission implements the Seeder's use of store.Editorial.
func (e seedEditorial) Submission(ctx context.Context, id int64) (store.Submission, error) {
	return seedSubmission(ctx, e.db.pool, id)
}

func seedSubmission(ctx context.Context, q querier, id int64) (store.Submission, error) {
	var s store.Submission
	err := q.QueryRow(ctx, `SELECT s.id, s.author_id, coalesce(s.source_key, ''), s.question_slug, s.state,
			s.revision, s.published_revision, s.created_at, s.updated_at,
			EXISTS (SELECT 1 FROM answers a WHERE a.submission_id = s.id)
		FROM submissions s WHERE s.id = $1`, id).
		Scan(&s.ID, &s.AuthorID, &s.SourceKey, &s.QuestionSlug, &s.State,
			&s.Revision, &s.PublishedRevision, &s.CreatedAt, &s.UpdatedAt, &s.Live)
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, err
}

// CreateSubmission implements the Seeder's use of store.Editorial.
func (e seedEditorial) CreateSubmission(ctx context.Context, n store.NewSubmission) (store.Submission, error) {
	if err := editorial.CanCreate(n.Actor); err != nil {
		return store.Submission{}, err
	}
	var id int64
	err := pgx.BeginFunc(ctx, e.db.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO submissions (author_id, source_key, question_slug, proposed_title,
				proposed_topic, proposed_type, state, revision, created_at, updated_at)
			VALUES ($1, NULLIF($2, ''), $3, $4, $5, $6, 'draft', 1, $7, $7) RETURNING id`,
			n.Actor.UserID, n.Actor.SourceKey, n.QuestionSlug, n.ProposedTitle, n.ProposedTopic, n.ProposedType,
			dbTime(n.Now)).Scan(&id)
		if err != nil {
			return err
		}
		return seedRevision(ctx, tx, id, 1, n.Text, n.Actor.UserID, n.Now)
	})
	if err != nil {
		return store.Submission{}, fmt.Errorf("seed: create submission: %w", err)
	}
	return e.Submission(ctx, id)
}

func seedRevision(ctx context.Context, tx pgx.Tx, id int64, n int, r editorial.Rendered, author int64, at any) error {
	_, err := tx.Exec(ctx, `INSERT INTO revisions (submission_id, number, markdown, html, text, author_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, n, r.Markdown, r.HTML, r.Text, author, at)
	return err
}

// SaveRevision implements the Seeder's use of store.Editorial.
func (e seedEditorial) SaveRevision(ctx context.Context, s store.SaveRevision) (store.Submission, error) {
	err := pgx.BeginFunc(ctx, e.db.pool, func(tx pgx.Tx) error {
		cur, err := seedSubmission(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		if _, err := editorial.Next(cur.Item(), s.Actor, editorial.Save); err != nil {
			return err
		}
		n := cur.Revision + 1
		if err := seedRevision(ctx, tx, s.ID, n, s.Text, s.Actor.UserID, dbTime(s.Now)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE submissions SET revision = $2, updated_at = $3 WHERE id = $1`, s.ID, n, dbTime(s.Now))
		return err
	})
	if err != nil {
		return store.Submission{}, fmt.Errorf("seed: save submission %d: %w", s.ID, err)
	}
	return e.Submission(ctx, s.ID)
}

// decisions are the reviews rows' names of the reviewers' actions.
var decisions = map[editorial.Action]string{editorial.Approve: "approved",
	editorial.RequestChanges: "changes_requested", editorial.Reject: "rejected", editorial.Unpublish: "unpublished"}

// Step implements the Seeder's use of store.Editorial: the state change,
// the review, and for an approval or an unpublish the answers row.
func (e seedEditorial) Step(ctx context.Context, s store.Step) (store.Submission, error) {
	err := pgx.BeginFunc(ctx, e.db.pool, func(tx pgx.Tx) error {
		cur, err := seedSubmission(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		next, err := editorial.Next(cur.Item(), s.Actor, s.Action)
		if err != nil {
			return err
		}
		now := dbTime(s.Now)
		if _, err := tx.Exec(ctx, `UPDATE submissions SET state = $2, updated_at = $3 WHERE id = $1`, s.ID, next, now); err != nil {
			return err
		}
		if d, ok := decisions[s.Action]; ok {
			if _, err := tx.Exec(ctx, `INSERT INTO reviews (submission_id, revision, reviewer_id, decision, comment, at)
				VALUES ($1, $2, $3, $4, $5, $6)`, s.ID, cur.Revision, s.Actor.UserID, d, s.Comment, now); err != nil {
				return err
			}
		}
		switch s.Action {
		case editorial.Approve:
			return seedPublish(ctx, tx, cur, s.Actor.UserID, now)
		case editorial.Unpublish:
			if _, err := tx.Exec(ctx, `DELETE FROM answers WHERE submission_id = $1`, s.ID); err != nil {
				return err
			}
			return seedBump(ctx, tx)
		}
		return nil
	})
	if err != nil {
		return store.Submission{}, fmt.Errorf("seed: %s submission %d: %w", s.Action, s.ID, err)
	}
	return e.Submission(ctx, s.ID)
}

// seedPublish writes the answers row of the submission's newest
// revision, as the workflow's publish does (SQLite's editorial_step.go).
func seedPublish(ctx context.Context, tx pgx.Tx, cur store.Submission, reviewer int64, now any) error {
	var qid int64
	var title string
	if err := tx.QueryRow(ctx, `SELECT id, title FROM questions WHERE slug = $1`, cur.QuestionSlug).Scan(&qid, &title); err != nil {
		return fmt.Errorf("question %q: %w", cur.QuestionSlug, err)
	}
	var html, text string
	var author int64
	if err := tx.QueryRow(ctx, `SELECT html, text, author_id FROM revisions WHERE submission_id = $1 AND number = $2`,
		cur.ID, cur.Revision).Scan(&html, &text, &author); err != nil {
		return err
	}
	source := model.ContributorsSource
	if cur.SourceKey != "" {
		source = cur.SourceKey
	} else if _, err := tx.Exec(ctx, `INSERT INTO sources (key, name, short_name, home_url, description, kind)
		VALUES ($1, 'Contributors', 'Contributors', '', 'Answers by individual experts, reviewed on healthqa.', $2)
		ON CONFLICT (key) DO NOTHING`, model.ContributorsSource, string(model.KindIndividual)); err != nil {
		return err
	}
	a := model.Answer{Key: cur.AnswerKey(), DocID: cur.AnswerKey(), QuestionSlug: cur.QuestionSlug, SourceKey: source,
		SourceQuestion: title, Text: text, Dataset: model.ContributorsDataset, Origin: "submission " + strconv.FormatInt(cur.ID, 10)}
	_, err := tx.Exec(ctx, `INSERT INTO answers (key, doc_id, question_id, source_key, dataset, origin,
			source_url, source_question, text, hash, imported_at, updated_at, submission_id, author_id, html, reviewed_by, reviewed_at)
		VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, $9, $10, $10, $11, $12, $13, $14, $10)
		ON CONFLICT (key) DO UPDATE SET text = excluded.text, hash = excluded.hash, updated_at = excluded.updated_at,
			author_id = excluded.author_id, html = excluded.html, reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at`,
		a.Key, a.DocID, qid, a.SourceKey, a.Dataset, a.Origin, a.SourceQuestion, a.Text, store.AnswerHash(a),
		now, cur.ID, author, html, reviewer)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE submissions SET published_revision = revision WHERE id = $1`, cur.ID); err != nil {
		return err
	}
	return seedBump(ctx, tx)
}

func seedBump(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, nextVersion, clockVersion()); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, dropSnapshot)
	return err
}
