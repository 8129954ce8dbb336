package sqlite

import (
	"database/sql"
	"errors"
	"fmt"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// question finds the question an approved answer goes to, and records
// it on the submission (cur.QuestionSlug, written by apply): the
// question answered; for a proposal, the question the reviewer mapped it
// onto, or the existing question of the proposed topic and type, or a
// new question as proposed.
func (st *stepper) question() (int64, model.Question, error) {
	slug := st.cur.QuestionSlug
	if st.step.MapTo != "" {
		if slug != "" && slug != st.step.MapTo {
			return 0, model.Question{}, fmt.Errorf("%w: this answer already belongs to question %q", store.ErrInvalid, slug)
		}
		slug = st.step.MapTo
	}
	if slug != "" {
		id, q, err := st.questionBySlug(slug)
		if err == nil || st.cur.ProposedTitle == "" || st.step.MapTo != "" {
			st.cur.QuestionSlug = q.Slug
			return id, q, err
		}
		// A question made for this proposal and removed at unpublish
		// is made again below.
	}
	return st.proposedQuestion()
}

func (st stepper) questionBySlug(slug string) (int64, model.Question, error) {
	var id int64
	q := model.Question{Slug: slug}
	err := st.tx.QueryRowContext(st.ctx, `SELECT q.id, t.slug, q.type, q.title FROM questions q
		JOIN topics t ON t.id = q.topic_id WHERE q.slug = ?`, slug).Scan(&id, &q.TopicSlug, &q.Type, &q.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, q, fmt.Errorf("%w: question %q no longer exists", store.ErrInvalid, slug)
	}
	return id, q, err
}

// proposedQuestion takes the topic's question of the proposed type if
// there is one (a topic has one question per type), else creates it with
// the proposed wording.
func (st *stepper) proposedQuestion() (int64, model.Question, error) {
	c := st.cur
	var topicID int64
	if err := st.tx.QueryRowContext(st.ctx, `SELECT id FROM topics WHERE slug = ?`, c.ProposedTopic).Scan(&topicID); err != nil {
		return 0, model.Question{}, fmt.Errorf("%w: proposed topic %q: %v", store.ErrInvalid, c.ProposedTopic, err)
	}
	var slug string
	err := st.tx.QueryRowContext(st.ctx, `SELECT slug FROM questions WHERE topic_id = ? AND type = ? ORDER BY slug LIMIT 1`,
		topicID, c.ProposedType).Scan(&slug)
	if err == nil {
		st.cur.QuestionSlug = slug
		return st.questionBySlug(slug)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, model.Question{}, err
	}
	base := st.step.NewQuestionSlug
	if base == "" {
		return 0, model.Question{}, fmt.Errorf("%w: a new question needs a slug", store.ErrInvalid)
	}
	slug = base
	for n := 2; exists(st.ctx, st.tx, `SELECT 1 FROM questions WHERE slug = ?`, slug); n++ {
		slug = fmt.Sprintf("%s-%d", base, n)
	}
	q := model.Question{Slug: slug, TopicSlug: c.ProposedTopic, Type: c.ProposedType, Title: c.ProposedTitle}
	res, err := st.tx.ExecContext(st.ctx, `INSERT INTO questions (slug, topic_id, type, title, hash) VALUES (?, ?, ?, ?, ?)`,
		q.Slug, topicID, q.Type, q.Title, store.QuestionHash(q))
	if err != nil {
		return 0, q, fmt.Errorf("create question: %w", err)
	}
	id, err := res.LastInsertId()
	st.cur.QuestionSlug = slug
	return id, q, err
}

// contentChanged follows a change to a question's answers: its digest
// is computed again from all its answers (editorial.TopicDigest, the
// import's rule), with the digests its topic's questions gather, and the store version moves so that caches, the
// search index and the sitemap follow.
func (st stepper) contentChanged(qid int64) error {
	if err := st.redigest(qid); err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	return st.bump()
}

func (st stepper) bump() error {
	if _, err := st.tx.ExecContext(st.ctx, nextVersion, clockVersion()); err != nil {
		return fmt.Errorf("bump version: %w", err)
	}
	if _, err := st.tx.ExecContext(st.ctx, dropSnapshot); err != nil {
		return fmt.Errorf("drop search snapshot: %w", err)
	}
	return nil
}

func (st stepper) redigest(qid int64) error {
	var q model.Question
	var t model.Topic
	var synonyms string
	err := st.tx.QueryRowContext(st.ctx, `SELECT q.slug, q.type, q.title, t.slug, t.name, t.synonyms
		FROM questions q JOIN topics t ON t.id = q.topic_id WHERE q.id = ?`, qid).
		Scan(&q.Slug, &q.Type, &q.Title, &t.Slug, &t.Name, &synonyms)
	if err != nil {
		return err
	}
	q.TopicSlug = t.Slug
	if t.Synonyms, err = decodeList(synonyms); err != nil {
		return err
	}
	// The topic's answers: a question that fewer than two sources
	// answer gathers from them, and the topic's questions that gather
	// may gather from this one (editorial_gather.go).
	all, qs, ids, err := st.topicAnswers(t.Slug)
	if err != nil {
		return err
	}
	d, ok, err := editorial.TopicDigestOf(q, t, all, qs)
	// No digest, or one that failed: a digest is an aid to reading and
	// must not stop a publish, as at import.
	if err := st.storeDigest(qid, d, ok && err == nil); err != nil {
		return err
	}
	return st.regather(t, q.Slug, all, qs, ids)
}
