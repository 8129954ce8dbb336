package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

var _ store.Editorial = (*DB)(nil)

// submissionSelect reads a submission with what pages show beside it:
// the author's name, the question's title and topic (or the proposal's),
// and whether an answers row makes it live.
const submissionSelect = `SELECT s.id, s.author_id, u.name, COALESCE(s.source_key, ''), s.question_slug,
		COALESCE(q.title, s.proposed_title), COALESCE(t.slug, s.proposed_topic), COALESCE(t.name, pt.name, ''),
		s.proposed_title, s.proposed_topic, s.proposed_type, s.state, s.revision, s.published_revision,
		EXISTS (SELECT 1 FROM answers a WHERE a.submission_id = s.id), s.created_at, s.updated_at
	FROM submissions s
	JOIN users u ON u.id = s.author_id
	LEFT JOIN questions q ON q.slug = s.question_slug AND s.question_slug != ''
	LEFT JOIN topics t ON t.id = q.topic_id
	LEFT JOIN topics pt ON pt.slug = s.proposed_topic AND s.proposed_topic != ''`

func scanSubmission(r scanner) (store.Submission, error) {
	var s store.Submission
	var state, created, updated string
	err := r.Scan(&s.ID, &s.AuthorID, &s.AuthorName, &s.SourceKey, &s.QuestionSlug,
		&s.QuestionTitle, &s.TopicSlug, &s.TopicName,
		&s.ProposedTitle, &s.ProposedTopic, &s.ProposedType, &state, &s.Revision, &s.PublishedRevision,
		&s.Live, &created, &updated)
	if err != nil {
		return s, err
	}
	s.State = editorial.State(state)
	if s.CreatedAt, err = parseTime(created); err != nil {
		return s, err
	}
	s.UpdatedAt, err = parseTime(updated)
	return s, err
}

func getSubmission(ctx context.Context, q querier, id int64) (store.Submission, error) {
	s, err := scanSubmission(q.QueryRowContext(ctx, submissionSelect+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, store.ErrNotFound
	}
	return s, err
}

// Submission implements store.Editorial.
func (d *DB) Submission(ctx context.Context, id int64) (store.Submission, error) {
	s, err := getSubmission(ctx, d.db, id)
	if err != nil {
		return s, fmt.Errorf("sqlite: submission %d: %w", id, err)
	}
	return s, nil
}

// CreateSubmission implements store.Editorial.
func (d *DB) CreateSubmission(ctx context.Context, n store.NewSubmission) (store.Submission, error) {
	if err := editorial.CanCreate(n.Actor); err != nil {
		return store.Submission{}, err
	}
	if n.Text.Text == "" {
		return store.Submission{}, fmt.Errorf("%w: the answer is empty", store.ErrInvalid)
	}
	now := nowOr(n.Now)
	var id int64
	err := d.write(ctx, func(tx *sql.Tx) error {
		if err := checkTarget(ctx, tx, n); err != nil {
			return err
		}
		if err := checkDuplicate(ctx, tx, n); err != nil {
			return err
		}
		var drafts int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM submissions WHERE author_id = ? AND state = 'draft'`,
			n.Actor.UserID).Scan(&drafts); err != nil {
			return err
		}
		if drafts >= store.MaxDrafts {
			return fmt.Errorf("%w: you have %d drafts; submit some before starting another", store.ErrInvalid, drafts)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO submissions (author_id, source_key, question_slug,
			proposed_title, proposed_topic, proposed_type, state, revision, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?)`, n.Actor.UserID, nullString(n.Actor.SourceKey),
			n.QuestionSlug, n.ProposedTitle, n.ProposedTopic, n.ProposedType, formatTime(now), formatTime(now))
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := insertRevision(ctx, tx, id, 1, n.Text, n.Actor.UserID, now); err != nil {
			return err
		}
		return audit(ctx, tx, n.Actor, now, id, "submission.create", "", editorial.Draft, n.QuestionSlug+n.ProposedTitle)
	})
	if err != nil {
		return store.Submission{}, fmt.Errorf("sqlite: create submission: %w", err)
	}
	return d.Submission(ctx, id)
}

// checkTarget makes sure the answered question, or the proposal's topic
// and type, exist.
func checkTarget(ctx context.Context, tx *sql.Tx, n store.NewSubmission) error {
	if n.QuestionSlug != "" {
		if !exists(ctx, tx, `SELECT 1 FROM questions WHERE slug = ?`, n.QuestionSlug) {
			return fmt.Errorf("%w: no question %q", store.ErrInvalid, n.QuestionSlug)
		}
		return nil
	}
	if n.ProposedTitle == "" {
		return fmt.Errorf("%w: a proposed question needs its wording", store.ErrInvalid)
	}
	if !exists(ctx, tx, `SELECT 1 FROM topics WHERE slug = ?`, n.ProposedTopic) {
		return fmt.Errorf("%w: no topic %q", store.ErrInvalid, n.ProposedTopic)
	}
	if _, ok := model.LookupQuestionType(n.ProposedType); !ok {
		return fmt.Errorf("%w: no question type %q", store.ErrInvalid, n.ProposedType)
	}
	return nil
}

// checkDuplicate refuses a second open submission of one author (or
// organization) for one question: two answers from one source on one
// page would be a duplicate, not a second opinion.
func checkDuplicate(ctx context.Context, tx *sql.Tx, n store.NewSubmission) error {
	if n.QuestionSlug == "" {
		return nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM submissions
		WHERE question_slug = ? AND state NOT IN ('rejected', 'unpublished')
		AND (author_id = ? OR (source_key IS NOT NULL AND source_key = ?)) LIMIT 1`,
		n.QuestionSlug, n.Actor.UserID, n.Actor.SourceKey).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return fmt.Errorf("%w: submission %d already answers this question; revise it instead", store.ErrExists, id)
}

// SaveRevision implements store.Editorial.
func (d *DB) SaveRevision(ctx context.Context, s store.SaveRevision) (store.Submission, error) {
	if s.Text.Text == "" {
		return store.Submission{}, fmt.Errorf("%w: the answer is empty", store.ErrInvalid)
	}
	now := nowOr(s.Now)
	err := d.write(ctx, func(tx *sql.Tx) error {
		cur, err := getSubmission(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		if _, err := editorial.Next(cur.Item(), s.Actor, editorial.Save); err != nil {
			return err
		}
		if cur.Revision != s.Base {
			return &store.ConflictError{Current: cur}
		}
		next := cur.Revision + 1
		if err := insertRevision(ctx, tx, s.ID, next, s.Text, s.Actor.UserID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE submissions SET revision = ?, updated_at = ? WHERE id = ?`,
			next, formatTime(now), s.ID); err != nil {
			return err
		}
		return audit(ctx, tx, s.Actor, now, s.ID, "submission.save", cur.State, cur.State, "revision "+strconv.Itoa(next))
	})
	if err != nil {
		return store.Submission{}, fmt.Errorf("sqlite: save submission %d: %w", s.ID, err)
	}
	return d.Submission(ctx, s.ID)
}

func insertRevision(ctx context.Context, tx *sql.Tx, id int64, n int, r editorial.Rendered, author int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO revisions (submission_id, number, markdown, html, text, author_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, id, n, r.Markdown, r.HTML, r.Text, author, formatTime(now))
	return err
}

// audit appends the step to the audit log inside its transaction: an
// editorial change is never stored without its entry, nor the reverse.
func audit(ctx context.Context, tx *sql.Tx, a editorial.Actor, now time.Time, id int64, action string, from, to editorial.State, detail string) error {
	return appendAudit(ctx, tx, store.AuditEntry{At: now, ActorID: a.UserID, Action: action, Entity: "submission",
		EntityID: strconv.FormatInt(id, 10), FromState: string(from), ToState: string(to), Detail: truncate(detail, 500)})
}

// write runs fn in one write transaction, begun IMMEDIATE (see dsn), so
// that concurrent steps on one submission are decided one at a time.
func (d *DB) write(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func exists(ctx context.Context, q querier, query string, args ...any) bool {
	var one int
	return q.QueryRowContext(ctx, query, args...).Scan(&one) == nil
}

func nowOr(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 { // not inside a UTF-8 sequence
		n--
	}
	return s[:n]
}
