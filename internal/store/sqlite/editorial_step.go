package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Step implements store.Editorial. The rules (editorial.Next), the
// conflict check, the state change, the review row, the answers row and
// digest and version (on approve and unpublish) and the audit entry are
// one transaction: two reviewers deciding at once are decided one after
// the other, and the second finds the submission moved on.
func (d *DB) Step(ctx context.Context, s store.Step) (store.Submission, error) {
	if err := s.Check(); err != nil {
		return store.Submission{}, err
	}
	now := nowOr(s.Now)
	err := d.write(ctx, func(tx *sql.Tx) error {
		cur, err := getSubmission(ctx, tx, s.ID)
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
		st := stepper{ctx: ctx, tx: tx, step: s, cur: cur, next: next, now: now}
		return st.apply()
	})
	if err != nil {
		return store.Submission{}, fmt.Errorf("sqlite: %s submission %d: %w", s.Action, s.ID, err)
	}
	return d.Submission(ctx, s.ID)
}

type stepper struct {
	ctx  context.Context
	tx   *sql.Tx
	step store.Step
	cur  store.Submission
	next editorial.State
	now  time.Time
}

func (st stepper) apply() error {
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
	_, err := st.tx.ExecContext(st.ctx, `UPDATE submissions SET state = ?, published_revision = ?, question_slug = ?,
		updated_at = ? WHERE id = ?`, string(st.next), published, st.cur.QuestionSlug, formatTime(st.now), st.cur.ID)
	if err != nil {
		return err
	}
	detail := "revision " + strconv.Itoa(st.cur.Revision)
	if st.step.Comment != "" {
		detail += ": " + st.step.Comment
	}
	return audit(st.ctx, st.tx, st.step.Actor, st.now, st.cur.ID, "submission."+string(st.step.Action), st.cur.State, st.next, detail)
}

func (st stepper) review(decision string) error {
	_, err := st.tx.ExecContext(st.ctx, `INSERT INTO reviews (submission_id, revision, reviewer_id, decision, comment, at)
		VALUES (?, ?, ?, ?, ?, ?)`, st.cur.ID, st.reviewedRevision(), st.step.Actor.UserID, decision,
		strings.TrimSpace(st.step.Comment), formatTime(st.now))
	return err
}

// reviewedRevision is the revision a decision is about: the newest, or
// for an unpublish the one the public saw.
func (st stepper) reviewedRevision() int {
	if st.step.Action == editorial.Unpublish {
		return st.cur.PublishedRevision
	}
	return st.cur.Revision
}

// publish writes (or rewrites) the answers row from the newest revision,
// inserting the source row for individual experts on first use, then
// recomputes the question's digest and moves the version.
func (st *stepper) publish() error {
	qid, q, err := st.question()
	if err != nil {
		return err
	}
	var rev editorial.Rendered
	var author int64
	err = st.tx.QueryRowContext(st.ctx, `SELECT markdown, html, text, author_id FROM revisions
		WHERE submission_id = ? AND number = ?`, st.cur.ID, st.cur.Revision).Scan(&rev.Markdown, &rev.HTML, &rev.Text, &author)
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
	now := formatTime(st.now)
	_, err = st.tx.ExecContext(st.ctx, `INSERT INTO answers (key, doc_id, question_id, source_key, dataset, origin,
			source_url, source_question, text, hash, imported_at, updated_at, submission_id, author_id, html, reviewed_by, reviewed_at)
		VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET question_id = excluded.question_id, source_key = excluded.source_key,
			source_question = excluded.source_question, text = excluded.text, hash = excluded.hash,
			updated_at = excluded.updated_at, author_id = excluded.author_id, html = excluded.html,
			reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at
		WHERE answers.submission_id = excluded.submission_id`,
		a.Key, a.DocID, qid, a.SourceKey, a.Dataset, a.Origin, a.SourceQuestion, a.Text, store.AnswerHash(a),
		now, now, st.cur.ID, author, rev.HTML, st.step.Actor.UserID, now)
	if err != nil {
		return fmt.Errorf("write answer: %w", err)
	}
	if err := st.writeReadability(a.Key, a.Text); err != nil { // issue 12
		return fmt.Errorf("readability: %w", err)
	}
	return st.contentChanged(qid)
}

func (st stepper) ensureContributorsSource() error {
	_, err := st.tx.ExecContext(st.ctx, `INSERT INTO sources (key, name, short_name, home_url, description, kind)
		VALUES (?, 'Contributors', 'Contributors', '', 'Answers by individual experts, reviewed on healthqa.', ?)
		ON CONFLICT (key) DO NOTHING`, model.ContributorsSource, string(model.KindIndividual))
	return err
}

// unpublish deletes the answers row, and the question when it was
// created for this submission and has no answer left (its wording is
// the contributor's and must not stay public), then recomputes the
// digest and moves the version. Revisions and reviews stay.
func (st stepper) unpublish() error {
	var qid int64
	err := st.tx.QueryRowContext(st.ctx, `DELETE FROM answers WHERE submission_id = ? RETURNING question_id`, st.cur.ID).Scan(&qid)
	if err != nil {
		return fmt.Errorf("delete answer: %w", err)
	}
	if !exists(st.ctx, st.tx, `SELECT 1 FROM answers WHERE question_id = ?`, qid) {
		if _, err := st.tx.ExecContext(st.ctx, `DELETE FROM questions WHERE id = ?`, qid); err != nil {
			return fmt.Errorf("delete the question left without answers: %w", err)
		}
		return st.bump()
	}
	return st.contentChanged(qid)
}
