package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/readability"
	"healthqa/internal/store"
)

// Step implements store.Editorial. The rules (editorial.Next), the
// conflict check, the state change, the review row, the answers row,
// digest, grade and version (on approve and unpublish) and the audit
// entry are one transaction. Two reviewers deciding at once queue on
// the submission's row lock, and the second finds it moved on.
//
// Approve and unpublish change public content, which Sync also writes:
// they first take Sync's advisory lock, so that a publish never
// interleaves with an import (whose statements read the stored rows
// once and act on them later: an answer published between its
// reading of the answers and its sweep of questions without answers
// would be the sweep's business, and its digest the import's). The lock
// comes before the row lock, in the order every lock holder takes them,
// and Sync takes no submission lock, so the two cannot deadlock.
func (d *DB) Step(ctx context.Context, s store.Step) (store.Submission, error) {
	if err := s.Check(); err != nil {
		return store.Submission{}, err
	}
	now := editorialNow(s.Now)
	bumped := false
	err := d.editorialTx(ctx, func(tx pgx.Tx) error {
		if s.Action == editorial.Approve || s.Action == editorial.Unpublish {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, syncLockKey); err != nil {
				return fmt.Errorf("sync lock: %w", err)
			}
		}
		cur, err := lockSubmission(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		next, err := editorial.Next(cur.Item(), s.Actor, s.Action)
		if err != nil && !errors.Is(err, editorial.ErrState) {
			return err
		}
		if (s.SeenRevision != 0 && s.SeenRevision != cur.Revision) || (s.SeenState != "" && s.SeenState != cur.State) {
			return &store.ConflictError{Current: cur}
		}
		if err != nil {
			return err
		}
		st := &stepper{ctx: ctx, tx: tx, step: s, cur: cur, next: next, now: now}
		err = st.apply()
		bumped = st.bumped
		return err
	})
	if err != nil {
		return store.Submission{}, fmt.Errorf("postgres: %s submission %d: %w", s.Action, s.ID, err)
	}
	if bumped {
		// As after a changing Sync: this process's next Version reads
		// the row, so that its caches follow the publish at once.
		d.ver.forget()
	}
	return d.Submission(ctx, s.ID)
}

// stepper is one Step's transaction and what it has decided.
type stepper struct {
	ctx    context.Context
	tx     pgx.Tx
	step   store.Step
	cur    store.Submission
	next   editorial.State
	now    time.Time
	bumped bool // the store version moved
}

func (st *stepper) apply() error {
	published := st.cur.PublishedRevision
	switch st.step.Action {
	case editorial.Approve:
		if err := st.publish(); err != nil {
			return err
		}
		published = st.cur.Revision
	case editorial.Unpublish:
		if err := st.unpublish(); err != nil {
			return err
		}
	}
	if d, ok := store.ReviewDecision(st.step.Action); ok {
		if err := st.review(d); err != nil {
			return err
		}
	}
	_, err := st.tx.Exec(st.ctx, `UPDATE submissions SET state = $1, published_revision = $2, question_slug = $3,
		updated_at = $4 WHERE id = $5`, string(st.next), published, st.cur.QuestionSlug, st.now, st.cur.ID)
	if err != nil {
		return err
	}
	detail := "revision " + strconv.Itoa(st.cur.Revision)
	if st.step.Comment != "" {
		detail += ": " + st.step.Comment
	}
	return auditStep(st.ctx, st.tx, st.step.Actor, st.now, st.cur.ID, "submission."+string(st.step.Action), st.cur.State, st.next, detail)
}

func (st *stepper) review(decision string) error {
	_, err := st.tx.Exec(st.ctx, `INSERT INTO reviews (submission_id, revision, reviewer_id, decision, comment, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, st.cur.ID, st.reviewedRevision(), st.step.Actor.UserID, decision,
		strings.TrimSpace(st.step.Comment), st.now)
	return err
}

// reviewedRevision is the revision a decision is about: the newest, or
// for an unpublish the one the public saw.
func (st *stepper) reviewedRevision() int {
	if st.step.Action == editorial.Unpublish {
		return st.cur.PublishedRevision
	}
	return st.cur.Revision
}

// publish writes (or rewrites) the answers row from the newest revision,
// inserting the source row for individual experts on first use, grades
// it, then recomputes the question's digest and moves the version.
func (st *stepper) publish() error {
	qid, q, err := st.question()
	if err != nil {
		return err
	}
	var rev editorial.Rendered
	var author int64
	err = st.tx.QueryRow(st.ctx, `SELECT markdown, html, text, author_id FROM revisions
		WHERE submission_id = $1 AND number = $2`, st.cur.ID, st.cur.Revision).Scan(&rev.Markdown, &rev.HTML, &rev.Text, &author)
	if err != nil {
		return fmt.Errorf("revision %d: %w", st.cur.Revision, err)
	}
	source := st.cur.SourceKey
	if source == "" {
		source = model.ContributorsSource
		if err := st.ensureContributorsSource(); err != nil {
			return err
		}
	}
	a := model.Answer{Key: st.cur.AnswerKey(), DocID: st.cur.AnswerKey(), QuestionSlug: q.Slug, SourceKey: source,
		SourceQuestion: q.Title, Text: rev.Text, Dataset: model.ContributorsDataset, Origin: "submission " + strconv.FormatInt(st.cur.ID, 10)}
	// The WHERE keeps an imported answer that somehow bears this key
	// from being taken over: the upsert then writes nothing, and the
	// count says so.
	tag, err := st.tx.Exec(st.ctx, `INSERT INTO answers (key, doc_id, question_id, source_key, dataset, origin,
			source_url, source_question, text, hash, imported_at, updated_at, submission_id, author_id, html, reviewed_by, reviewed_at)
		VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, $9, $10, $10, $11, $12, $13, $14, $10)
		ON CONFLICT (key) DO UPDATE SET question_id = excluded.question_id, source_key = excluded.source_key,
			source_question = excluded.source_question, text = excluded.text, hash = excluded.hash,
			updated_at = excluded.updated_at, author_id = excluded.author_id, html = excluded.html,
			reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at
		WHERE answers.submission_id = excluded.submission_id`,
		a.Key, a.DocID, qid, a.SourceKey, a.Dataset, a.Origin, a.SourceQuestion, a.Text, store.AnswerHash(a),
		st.now, st.cur.ID, author, rev.HTML, st.step.Actor.UserID)
	if err != nil {
		return fmt.Errorf("write answer: %w", err)
	}
	if tag.RowsAffected() != 1 {
		return fmt.Errorf("write answer: the key %q belongs to another answer", a.Key)
	}
	if err := st.writeReadability(a.Key, a.Text); err != nil { // issue 12
		return fmt.Errorf("readability: %w", err)
	}
	return st.contentChanged(qid)
}

func (st *stepper) ensureContributorsSource() error {
	_, err := st.tx.Exec(st.ctx, `INSERT INTO sources (key, name, short_name, home_url, description, kind)
		VALUES ($1, 'Contributors', 'Contributors', '', 'Answers by individual experts, reviewed on healthqa.', $2)
		ON CONFLICT (key) DO NOTHING`, model.ContributorsSource, string(model.KindIndividual))
	return err
}

// writeReadability grades the published plain text inside the
// publishing transaction, as an import grades its answers: a text too
// short to grade has no row.
func (st *stepper) writeReadability(key, text string) error {
	r := readability.Of(text)
	var err error
	if r == nil {
		_, err = st.tx.Exec(st.ctx, `DELETE FROM answer_readability r USING answers a
			WHERE a.id = r.answer_id AND a.key = $1`, key)
	} else {
		_, err = st.tx.Exec(st.ctx, `INSERT INTO answer_readability (answer_id, grade, smog)
			SELECT id, $1, $2 FROM answers WHERE key = $3
			ON CONFLICT (answer_id) DO UPDATE SET grade = excluded.grade, smog = excluded.smog`, r.Grade, r.SMOG, key)
	}
	return err
}

// unpublish deletes the answers row (its grade goes by cascade), and the
// question when it was created for this submission and has no answer
// left (its wording is the contributor's and must not stay public), then
// recomputes the digest and moves the version. Revisions and reviews
// stay.
func (st *stepper) unpublish() error {
	var qid int64
	err := st.tx.QueryRow(st.ctx, `DELETE FROM answers WHERE submission_id = $1 RETURNING question_id`, st.cur.ID).Scan(&qid)
	if err != nil {
		return fmt.Errorf("delete answer: %w", err)
	}
	left, err := rowExists(st.ctx, st.tx, `SELECT EXISTS (SELECT 1 FROM answers WHERE question_id = $1)`, qid)
	if err != nil {
		return err
	}
	if !left {
		if _, err := st.tx.Exec(st.ctx, `DELETE FROM questions WHERE id = $1`, qid); err != nil {
			return fmt.Errorf("delete the question left without answers: %w", err)
		}
		return st.bump()
	}
	return st.contentChanged(qid)
}
