package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// The editorial workflow (issue 9) on PostgreSQL: SQLite's code
// translated, with its single writer replaced by locks. Every save and
// step runs in one READ COMMITTED transaction that first locks the
// submission's row: two saves or two decisions on one
// submission queue there, and the second reads what the first committed,
// so it is refused as a conflict exactly as on SQLite. Creations lock
// their author (drafts limit) and question (one open submission per
// source). Publish and unpublish also take Sync's advisory lock first
// (editorial_step.go).

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
	LEFT JOIN questions q ON q.slug = s.question_slug AND s.question_slug <> ''
	LEFT JOIN topics t ON t.id = q.topic_id
	LEFT JOIN topics pt ON pt.slug = s.proposed_topic AND s.proposed_topic <> ''`

func scanSubmission(r pgx.Row) (store.Submission, error) {
	var s store.Submission
	var state string
	err := r.Scan(&s.ID, &s.AuthorID, &s.AuthorName, &s.SourceKey, &s.QuestionSlug,
		&s.QuestionTitle, &s.TopicSlug, &s.TopicName,
		&s.ProposedTitle, &s.ProposedTopic, &s.ProposedType, &state, &s.Revision, &s.PublishedRevision,
		&s.Live, &s.CreatedAt, &s.UpdatedAt)
	s.State = editorial.State(state)
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, err
}

func getSubmission(ctx context.Context, q querier, id int64) (store.Submission, error) {
	s, err := scanSubmission(q.QueryRow(ctx, submissionSelect+` WHERE s.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return s, store.ErrNotFound
	}
	return s, err
}

// lockSubmission locks the submission's row for the rest of tx and reads
// it as last committed: a save or step waiting here for another then
// sees that one's result. NO KEY UPDATE is the lock an UPDATE not
// touching the key takes: exclusive among steps, yet it lets other
// transactions insert rows referring to the submission.
func lockSubmission(ctx context.Context, tx pgx.Tx, id int64) (store.Submission, error) {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM submissions WHERE id = $1 FOR NO KEY UPDATE`, id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Submission{}, store.ErrNotFound
	}
	if err != nil {
		return store.Submission{}, err
	}
	return getSubmission(ctx, tx, id)
}

// Submission implements store.Editorial.
func (d *DB) Submission(ctx context.Context, id int64) (store.Submission, error) {
	s, err := getSubmission(ctx, d.pool, id)
	if err != nil {
		return s, fmt.Errorf("postgres: submission %d: %w", id, err)
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
	now := editorialNow(n.Now)
	var id int64
	err := d.editorialTx(ctx, func(tx pgx.Tx) error {
		if err := lockCreation(ctx, tx, n); err != nil {
			return err
		}
		if err := checkTarget(ctx, tx, n); err != nil {
			return err
		}
		if err := checkDuplicate(ctx, tx, n); err != nil {
			return err
		}
		var drafts int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM submissions WHERE author_id = $1 AND state = 'draft'`,
			n.Actor.UserID).Scan(&drafts); err != nil {
			return err
		}
		if drafts >= store.MaxDrafts {
			return fmt.Errorf("%w: you have %d drafts; submit some before starting another", store.ErrInvalid, drafts)
		}
		err := tx.QueryRow(ctx, `INSERT INTO submissions (author_id, source_key, question_slug,
			proposed_title, proposed_topic, proposed_type, state, revision, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 'draft', 1, $7, $7) RETURNING id`, n.Actor.UserID, textOrNull(n.Actor.SourceKey),
			n.QuestionSlug, n.ProposedTitle, n.ProposedTopic, n.ProposedType, now).Scan(&id)
		if err != nil {
			return err
		}
		if err := insertRevision(ctx, tx, id, 1, n.Text, n.Actor.UserID, now); err != nil {
			return err
		}
		return auditStep(ctx, tx, n.Actor, now, id, "submission.create", "", editorial.Draft, n.QuestionSlug+n.ProposedTitle)
	})
	if err != nil {
		return store.Submission{}, fmt.Errorf("postgres: create submission: %w", err)
	}
	return d.Submission(ctx, id)
}

// lockCreation serializes what the checks of a creation read: the
// author's row, for the drafts limit (two tabs creating at once), and
// the question, for the one open submission per source (two colleagues
// of one organization at once, who share no row), by an advisory lock on
// its slug. SQLite's single writer gave both for free. The author's row
// is locked FOR NO KEY UPDATE, which excludes another creation but not
// a sign-in inserting a session that refers to the account.
func lockCreation(ctx context.Context, tx pgx.Tx, n store.NewSubmission) error {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE`, n.Actor.UserID).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: no account %d", store.ErrInvalid, n.Actor.UserID)
	}
	if err != nil || n.QuestionSlug == "" {
		return err
	}
	_, err = tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, questionLockSpace, n.QuestionSlug)
	return err
}

// questionLockSpace is the first key of the two-key advisory locks taken
// on a question slug's hash; the two-key space cannot collide with the
// one-key locks of migrate and Sync.
const questionLockSpace int32 = 0x68716564 // "hqed"

// checkTarget makes sure the answered question, or the proposal's topic
// and type, exist.
func checkTarget(ctx context.Context, tx pgx.Tx, n store.NewSubmission) error {
	if n.QuestionSlug != "" {
		if ok, err := rowExists(ctx, tx, `SELECT EXISTS (SELECT 1 FROM questions WHERE slug = $1)`, n.QuestionSlug); err != nil || !ok {
			return cmpErr(err, fmt.Errorf("%w: no question %q", store.ErrInvalid, n.QuestionSlug))
		}
		return nil
	}
	if n.ProposedTitle == "" {
		return fmt.Errorf("%w: a proposed question needs its wording", store.ErrInvalid)
	}
	if ok, err := rowExists(ctx, tx, `SELECT EXISTS (SELECT 1 FROM topics WHERE slug = $1)`, n.ProposedTopic); err != nil || !ok {
		return cmpErr(err, fmt.Errorf("%w: no topic %q", store.ErrInvalid, n.ProposedTopic))
	}
	if _, ok := model.LookupQuestionType(n.ProposedType); !ok {
		return fmt.Errorf("%w: no question type %q", store.ErrInvalid, n.ProposedType)
	}
	return nil
}

// cmpErr is err if there is one, else the refusal.
func cmpErr(err, refusal error) error {
	if err != nil {
		return err
	}
	return refusal
}

// checkDuplicate refuses a second open submission of one author (or
// organization) for one question: two answers from one source on one
// page would be a duplicate, not a second opinion.
func checkDuplicate(ctx context.Context, tx pgx.Tx, n store.NewSubmission) error {
	if n.QuestionSlug == "" {
		return nil
	}
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM submissions
		WHERE question_slug = $1 AND state NOT IN ('rejected', 'unpublished')
		AND (author_id = $2 OR (source_key IS NOT NULL AND source_key = $3)) ORDER BY id LIMIT 1`,
		n.QuestionSlug, n.Actor.UserID, n.Actor.SourceKey).Scan(&id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return fmt.Errorf("%w: submission %d already answers this question; revise it instead", store.ErrExists, id)
}

// SaveRevision implements store.Editorial. The optimistic lock: the
// row lock makes concurrent saves on one base run one after the other,
// and all but the first find the revision moved on.
func (d *DB) SaveRevision(ctx context.Context, s store.SaveRevision) (store.Submission, error) {
	if s.Text.Text == "" {
		return store.Submission{}, fmt.Errorf("%w: the answer is empty", store.ErrInvalid)
	}
	now := editorialNow(s.Now)
	err := d.editorialTx(ctx, func(tx pgx.Tx) error {
		cur, err := lockSubmission(ctx, tx, s.ID)
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
		if _, err := tx.Exec(ctx, `UPDATE submissions SET revision = $1, updated_at = $2 WHERE id = $3`,
			next, now, s.ID); err != nil {
			return err
		}
		return auditStep(ctx, tx, s.Actor, now, s.ID, "submission.save", cur.State, cur.State, "revision "+strconv.Itoa(next))
	})
	if err != nil {
		return store.Submission{}, fmt.Errorf("postgres: save submission %d: %w", s.ID, err)
	}
	return d.Submission(ctx, s.ID)
}

func insertRevision(ctx context.Context, tx pgx.Tx, id int64, n int, r editorial.Rendered, author int64, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO revisions (submission_id, number, markdown, html, text, author_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, n, r.Markdown, r.HTML, r.Text, author, now)
	return err
}

// auditStep appends the step to the audit log inside its transaction:
// an editorial change is never stored without its entry, nor the
// reverse.
func auditStep(ctx context.Context, tx pgx.Tx, a editorial.Actor, now time.Time, id int64, action string, from, to editorial.State, detail string) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (at, actor_id, action, entity, entity_id, from_state, to_state, detail)
		VALUES ($1, $2, $3, 'submission', $4, $5, $6, $7)`, now, idOrNull(a.UserID), action, strconv.FormatInt(id, 10),
		string(from), string(to), store.CutUTF8(detail, 500))
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// editorialTx runs fn in one READ COMMITTED transaction: each statement
// sees what others committed before it, which is what the row locks
// taken first rely on (REPEATABLE READ would fail the second of two
// racing saves with a serialization error instead of a conflict).
// The rollback after a cancellation still reaches the server.
func (d *DB) editorialTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := d.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func rowExists(ctx context.Context, q querier, query string, args ...any) (bool, error) {
	var ok bool
	err := q.QueryRow(ctx, query, args...).Scan(&ok)
	return ok, err
}

// editorialNow is t, or the clock, as timestamptz keeps it.
func editorialNow(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return dbTime(t)
}
