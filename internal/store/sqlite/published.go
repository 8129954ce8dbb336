package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// This file implements store.Published: the reads behind profiles,
// answer histories and the stale queue. They read published content
// only: the answers rows of dataset 'contributors', and of the editorial
// tables only the revisions a reviewer approved for an answer that is
// published now.

var _ store.Published = (*DB)(nil)

// publishedColumns are what scanPublished reads, from answers a joined
// with questions q and contribJoins.
var publishedColumns = `a.key, q.slug, q.title, a.source_key, a.updated_at, ` + contribColumns

const publishedFrom = `FROM answers a JOIN questions q ON q.id = a.question_id ` + contribJoins

func scanPublished(s scanner) (store.PublishedAnswer, error) {
	var p store.PublishedAnswer
	var updated string
	var c contribScan
	dest := append([]any{&p.Key, &p.QuestionSlug, &p.QuestionTitle, &p.SourceKey, &updated}, c.dest()...)
	if err := s.Scan(dest...); err != nil {
		return p, err
	}
	var err error
	if p.UpdatedAt, err = parseTime(updated); err != nil {
		return p, err
	}
	var a model.Answer
	if err := c.apply(&a); err != nil {
		return p, err
	}
	if a.Author != nil {
		p.Author = *a.Author
	}
	if a.Review != nil {
		p.Review = *a.Review
	}
	return p, nil
}

// Person implements store.Published.
func (d *DB) Person(ctx context.Context, slug string) (store.PersonPage, error) {
	var pg store.PersonPage
	err := d.read(ctx, func(tx querier) error {
		var id int64
		dest := append([]any{&id}, personDest(&pg.Person)...)
		err := tx.QueryRowContext(ctx, `SELECT u.id, `+personColumns("u")+` FROM users u WHERE u.slug = ?`, slug).Scan(dest...)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		for _, l := range []struct {
			dst    *[]store.PublishedAnswer
			column string
		}{{&pg.Answers, "a.author_id"}, {&pg.Reviewed, "a.reviewed_by"}} {
			rows, err := tx.QueryContext(ctx, `SELECT `+publishedColumns+` `+publishedFrom+`
				WHERE `+l.column+` = ? AND a.dataset = '`+model.ContributorsDataset+`'
				ORDER BY a.reviewed_at DESC, a.key`, id)
			if err != nil {
				return err
			}
			if *l.dst, err = collect(rows, scanPublished); err != nil {
				return err
			}
		}
		if len(pg.Answers) == 0 && len(pg.Reviewed) == 0 {
			return store.ErrNotFound
		}
		if pg.Person.SourceKey != "" {
			src, err := scanSource(tx.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources WHERE key = ?`, pg.Person.SourceKey))
			if err != nil {
				return fmt.Errorf("organization %q: %w", pg.Person.SourceKey, err)
			}
			pg.Organization = &src
		}
		return nil
	})
	if err != nil {
		return store.PersonPage{}, fmt.Errorf("sqlite: person %q: %w", slug, err)
	}
	return pg, nil
}

// PeopleRefs implements store.Published.
func (d *DB) PeopleRefs(ctx context.Context) ([]store.PageRef, error) {
	list, err := d.pageRefs(ctx, `SELECT u.slug, max(p.updated_at) FROM (
			SELECT author_id AS uid, updated_at FROM answers WHERE author_id IS NOT NULL
			UNION ALL
			SELECT reviewed_by, updated_at FROM answers WHERE reviewed_by IS NOT NULL
		) p JOIN users u ON u.id = p.uid GROUP BY u.slug ORDER BY u.slug`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: people refs: %w", err)
	}
	return list, nil
}

// AnswerHistory implements store.Published. A revision is published
// when a review approved it: approving publishes at once, so the
// approved reviews of a submission are its publications.
func (d *DB) AnswerHistory(ctx context.Context, key string) (store.AnswerHistory, error) {
	h := store.AnswerHistory{Key: key}
	err := d.read(ctx, func(tx querier) error {
		var submission int64
		err := tx.QueryRowContext(ctx, `SELECT a.submission_id, q.slug, q.title
			FROM answers a JOIN questions q ON q.id = a.question_id
			WHERE a.key = ? AND a.dataset = '`+model.ContributorsDataset+`' AND a.submission_id IS NOT NULL`, key).
			Scan(&submission, &h.QuestionSlug, &h.QuestionTitle)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT r.number, r.html, r.text, r.created_at, rv.at,
				`+personColumns("au")+`, `+personColumns("ru")+`
			FROM reviews rv
			JOIN revisions r ON r.submission_id = rv.submission_id AND r.number = rv.revision
			LEFT JOIN users au ON au.id = r.author_id
			LEFT JOIN users ru ON ru.id = rv.reviewer_id
			WHERE rv.submission_id = ? AND rv.decision = 'approved'
			ORDER BY rv.at, r.number`, submission)
		if err != nil {
			return err
		}
		h.Revisions, err = collect(rows, scanRevision)
		h.Revisions = firstOfEach(h.Revisions)
		return err
	})
	if err != nil {
		return store.AnswerHistory{}, fmt.Errorf("sqlite: history of %q: %w", key, err)
	}
	return h, nil
}

func scanRevision(s scanner) (store.PublishedRevision, error) {
	var r store.PublishedRevision
	var written, reviewed string
	dest := append([]any{&r.Number, &r.HTML, &r.Text, &written, &reviewed}, personDest(&r.Author)...)
	if err := s.Scan(append(dest, personDest(&r.Review.Reviewer)...)...); err != nil {
		return r, err
	}
	var err error
	if r.Written, err = parseTime(written); err != nil {
		return r, err
	}
	r.Review.At, err = parseTime(reviewed)
	return r, err
}

// firstOfEach keeps each revision number's first publication: a
// revision approved again (republished after an unpublish) is listed
// once, when it was first published.
func firstOfEach(list []store.PublishedRevision) []store.PublishedRevision {
	seen := map[int]bool{}
	out := list[:0]
	for _, r := range list {
		if !seen[r.Number] {
			seen[r.Number] = true
			out = append(out, r)
		}
	}
	return out
}

// StaleAnswers implements store.Published. A contributor answer without
// a recorded review date (”) sorts first: it is the most overdue.
func (d *DB) StaleAnswers(ctx context.Context, reviewedBefore time.Time, limit int) (store.StaleQueue, error) {
	if limit < 0 {
		return store.StaleQueue{}, fmt.Errorf("sqlite: stale answers: limit %d: must not be negative", limit)
	}
	var q store.StaleQueue
	before := formatTime(reviewedBefore)
	err := d.read(ctx, func(tx querier) error {
		const where = `WHERE a.dataset = '` + model.ContributorsDataset + `' AND a.reviewed_at < ?`
		err := tx.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM answers a `+where+`),
			(SELECT COUNT(*) FROM answers WHERE dataset <> '`+model.ContributorsDataset+`')`, before).
			Scan(&q.Total, &q.Imported)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+publishedColumns+` `+publishedFrom+` `+where+`
			ORDER BY a.reviewed_at, a.key LIMIT ?`, before, limit)
		if err != nil {
			return err
		}
		q.Answers, err = collect(rows, scanPublished)
		return err
	})
	if err != nil {
		return store.StaleQueue{}, fmt.Errorf("sqlite: stale answers: %w", err)
	}
	return q, nil
}

// ContributorContent implements store.Published: the contributor
// answers, the questions they answer, those questions' topics and the
// sources the answers cite, each ordered as Load orders them, with the
// versions. One file has no replicas, so it is ContributorState.
func (d *DB) ContributorContent(ctx context.Context) (store.ContributorState, error) {
	return d.ContributorState(ctx)
}

// ContributorState implements store.Published.
func (d *DB) ContributorState(ctx context.Context) (store.ContributorState, error) {
	var st store.ContributorState
	err := d.read(ctx, func(tx querier) (err error) {
		if err = tx.QueryRowContext(ctx, `SELECT version, imported FROM store_version`).Scan(&st.Version, &st.Imported); err != nil {
			return err
		}
		st.Content, err = contributorContent(ctx, tx)
		return err
	})
	if err != nil {
		return store.ContributorState{}, fmt.Errorf("sqlite: contributor state: %w", err)
	}
	return st, nil
}

// contributorContent reads ContributorContent in tx.
func contributorContent(ctx context.Context, tx querier) (store.Content, error) {
	var c store.Content
	const ours = `a.dataset = '` + model.ContributorsDataset + `'`
	rows, err := tx.QueryContext(ctx, `SELECT q.slug, `+answerColumns+`
		FROM answers a JOIN questions q ON q.id = a.question_id `+contribJoins+`
		WHERE `+ours+` ORDER BY a.key`)
	if err != nil {
		return c, err
	}
	if c.Answers, err = collect(rows, scanLoadedAnswer); err != nil || len(c.Answers) == 0 {
		return c, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT q.slug, t.slug, q.type, q.title
		FROM questions q JOIN topics t ON t.id = q.topic_id
		WHERE q.id IN (SELECT a.question_id FROM answers a WHERE `+ours+`) ORDER BY q.slug`)
	if err != nil {
		return c, err
	}
	c.Questions, err = collect(rows, func(s scanner) (model.Question, error) {
		var q model.Question
		return q, s.Scan(&q.Slug, &q.TopicSlug, &q.Type, &q.Title)
	})
	if err != nil {
		return c, err
	}
	topics, err := topicList(ctx, tx, topicSelect+` WHERE t.id IN (SELECT q.topic_id
		FROM questions q JOIN answers a ON a.question_id = q.id WHERE `+ours+`) ORDER BY t.slug`)
	if err != nil {
		return c, err
	}
	for _, t := range topics {
		c.Topics = append(c.Topics, t.Topic)
	}
	rows, err = tx.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources
		WHERE key IN (SELECT a.source_key FROM answers a WHERE `+ours+`) ORDER BY key`)
	if err != nil {
		return c, err
	}
	c.Sources, err = collect(rows, scanSource)
	return c, err
}

// PublishedKeys implements store.Published.
func (d *DB) PublishedKeys(ctx context.Context, keys []string) (map[string]bool, error) {
	if len(keys) > store.MaxKeys {
		return nil, fmt.Errorf("sqlite: published keys: %d keys, at most %d", len(keys), store.MaxKeys)
	}
	list, err := encodeList(keys)
	if err != nil {
		return nil, fmt.Errorf("sqlite: published keys: %w", err)
	}
	rows, err := cachedDB{d}.QueryContext(ctx, `SELECT key FROM answers WHERE key IN (SELECT value FROM json_each(?))`, list)
	if err != nil {
		return nil, fmt.Errorf("sqlite: published keys: %w", err)
	}
	found, err := collect(rows, func(s scanner) (string, error) {
		var k string
		return k, s.Scan(&k)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: published keys: %w", err)
	}
	m := make(map[string]bool, len(found))
	for _, k := range found {
		m[k] = true
	}
	return m, nil
}
