package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// This file implements store.Published: the reads behind profiles,
// answer histories and the stale queue, SQLite's published.go
// translated. They read published content only: the answers rows of
// dataset 'contributors', and of the editorial tables only the revisions
// a reviewer approved for an answer that is published now.
//
// reviewed_at is NULL where SQLite stores an empty string (no recorded
// review). SQLite sorts the empty string before every date, so here NULL
// is placed explicitly: first in the stale queue (the most overdue),
// last in a profile's newest-first lists.

var _ store.Published = (*DB)(nil)

// publishedColumns are what scanPublished reads, from answers a joined
// with questions q and contribJoins.
var publishedColumns = `a.key, q.slug, q.title, a.source_key, a.updated_at, ` + contribColumns

const publishedFrom = `FROM answers a JOIN questions q ON q.id = a.question_id ` + contribJoins

// contributorOnly restricts answers a to contributor answers.
const contributorOnly = `a.dataset = '` + model.ContributorsDataset + `'`

func scanPublished(r pgx.Rows) (store.PublishedAnswer, error) {
	var p store.PublishedAnswer
	var c contribScan
	dest := append([]any{&p.Key, &p.QuestionSlug, &p.QuestionTitle, &p.SourceKey, &p.UpdatedAt}, c.dest()...)
	if err := r.Scan(dest...); err != nil {
		return p, err
	}
	p.UpdatedAt = p.UpdatedAt.UTC()
	var a model.Answer
	c.apply(&a)
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
	if !storable(slug) {
		return store.PersonPage{}, fmt.Errorf("postgres: person %q: %w", slug, store.ErrNotFound)
	}
	var pg store.PersonPage
	err := d.read(ctx, func(tx querier) error {
		var id int64
		dest := append([]any{&id}, personDest(&pg.Person)...)
		err := tx.QueryRow(ctx, `SELECT u.id, `+personColumns("u")+` FROM users u WHERE u.slug = $1`, slug).Scan(dest...)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		for _, l := range []struct {
			dst    *[]store.PublishedAnswer
			column string
		}{{&pg.Answers, "a.author_id"}, {&pg.Reviewed, "a.reviewed_by"}} {
			rows, err := tx.Query(ctx, `SELECT `+publishedColumns+` `+publishedFrom+`
				WHERE `+l.column+` = $1 AND `+contributorOnly+`
				ORDER BY a.reviewed_at DESC NULLS LAST, a.key`, id)
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
			src, err := scanSource(tx.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources WHERE key = $1`, pg.Person.SourceKey))
			if err != nil {
				return fmt.Errorf("organization %q: %w", pg.Person.SourceKey, err)
			}
			pg.Organization = &src
		}
		return nil
	})
	if err != nil {
		return store.PersonPage{}, fmt.Errorf("postgres: person %q: %w", slug, err)
	}
	return pg, nil
}

// PeopleRefs implements store.Published. Every answer with an author or
// a reviewer is a contributor answer, published (the row exists only
// while it is), so no dataset filter is needed, as on SQLite.
func (d *DB) PeopleRefs(ctx context.Context) ([]store.PageRef, error) {
	list, err := d.pageRefs(ctx, `SELECT u.slug, max(p.updated_at) FROM (
			SELECT author_id AS uid, updated_at FROM answers WHERE author_id IS NOT NULL
			UNION ALL
			SELECT reviewed_by, updated_at FROM answers WHERE reviewed_by IS NOT NULL
		) p JOIN users u ON u.id = p.uid GROUP BY u.slug ORDER BY u.slug`)
	if err != nil {
		return nil, fmt.Errorf("postgres: people refs: %w", err)
	}
	return list, nil
}

// AnswerHistory implements store.Published. A revision is published
// when a review approved it: approving publishes at once, so the
// approved reviews of a submission are its publications.
func (d *DB) AnswerHistory(ctx context.Context, key string) (store.AnswerHistory, error) {
	if !storable(key) {
		return store.AnswerHistory{}, fmt.Errorf("postgres: history of %q: %w", key, store.ErrNotFound)
	}
	h := store.AnswerHistory{Key: key}
	err := d.read(ctx, func(tx querier) error {
		var submission int64
		err := tx.QueryRow(ctx, `SELECT a.submission_id, q.slug, q.title
			FROM answers a JOIN questions q ON q.id = a.question_id
			WHERE a.key = $1 AND `+contributorOnly+` AND a.submission_id IS NOT NULL`, key).
			Scan(&submission, &h.QuestionSlug, &h.QuestionTitle)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT r.number, r.html, r.text, r.created_at, rv.at,
				`+personColumns("au")+`, `+personColumns("ru")+`
			FROM reviews rv
			JOIN revisions r ON r.submission_id = rv.submission_id AND r.number = rv.revision
			LEFT JOIN users au ON au.id = r.author_id
			LEFT JOIN users ru ON ru.id = rv.reviewer_id
			WHERE rv.submission_id = $1 AND rv.decision = 'approved'
			ORDER BY rv.at, r.number`, submission)
		if err != nil {
			return err
		}
		h.Revisions, err = collect(rows, scanRevision)
		h.Revisions = firstOfEach(h.Revisions)
		return err
	})
	if err != nil {
		return store.AnswerHistory{}, fmt.Errorf("postgres: history of %q: %w", key, err)
	}
	return h, nil
}

func scanRevision(r pgx.Rows) (store.PublishedRevision, error) {
	var rv store.PublishedRevision
	dest := append([]any{&rv.Number, &rv.HTML, &rv.Text, &rv.Written, &rv.Review.At}, personDest(&rv.Author)...)
	err := r.Scan(append(dest, personDest(&rv.Review.Reviewer)...)...)
	rv.Written, rv.Review.At = rv.Written.UTC(), rv.Review.At.UTC()
	return rv, err
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
// a recorded review date (NULL) counts as stale and sorts first: it is
// the most overdue, as SQLite's empty string is.
func (d *DB) StaleAnswers(ctx context.Context, reviewedBefore time.Time, limit int) (store.StaleQueue, error) {
	if limit < 0 {
		return store.StaleQueue{}, fmt.Errorf("postgres: stale answers: limit %d: must not be negative", limit)
	}
	var q store.StaleQueue
	before := dbTime(reviewedBefore)
	err := d.read(ctx, func(tx querier) error {
		const where = `WHERE ` + contributorOnly + ` AND (a.reviewed_at IS NULL OR a.reviewed_at < $1)`
		err := tx.QueryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM answers a `+where+`),
			(SELECT COUNT(*) FROM answers WHERE dataset <> '`+model.ContributorsDataset+`')`, before).
			Scan(&q.Total, &q.Imported)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+publishedColumns+` `+publishedFrom+` `+where+`
			ORDER BY a.reviewed_at NULLS FIRST, a.key LIMIT $2`, before, limit)
		if err != nil {
			return err
		}
		q.Answers, err = collect(rows, scanPublished)
		return err
	})
	if err != nil {
		return store.StaleQueue{}, fmt.Errorf("postgres: stale answers: %w", err)
	}
	return q, nil
}

// ContributorContent implements store.Published: the contributor
// answers, the questions they answer, those questions' topics and the
// sources the answers cite, each ordered as Load orders them, with the
// versions, in one snapshot of the primary.
func (d *DB) ContributorContent(ctx context.Context) (store.ContributorState, error) {
	st, err := contributorState(ctx, d.read)
	if err != nil {
		return store.ContributorState{}, fmt.Errorf("postgres: contributor content: %w", err)
	}
	return st, nil
}

// ContributorState implements store.Published, from the backend content
// reads use.
func (d *DB) ContributorState(ctx context.Context) (store.ContributorState, error) {
	st, err := contributorState(ctx, d.readContent)
	if err != nil {
		return store.ContributorState{}, fmt.Errorf("postgres: contributor state: %w", err)
	}
	return st, nil
}

// contributorState reads the versions and the contributor content in
// one transaction of read.
func contributorState(ctx context.Context, read func(context.Context, func(querier) error) error) (store.ContributorState, error) {
	var st store.ContributorState
	err := read(ctx, func(tx querier) (err error) {
		if err = tx.QueryRow(ctx, `SELECT version, imported FROM store_version`).Scan(&st.Version, &st.Imported); err != nil {
			return err
		}
		st.Content, err = contributorContent(ctx, tx)
		return err
	})
	return st, err
}

// contributorContent reads ContributorContent in tx.
func contributorContent(ctx context.Context, tx querier) (store.Content, error) {
	var c store.Content
	rows, err := tx.Query(ctx, `SELECT q.slug, `+answerColumns+`
		FROM answers a JOIN questions q ON q.id = a.question_id `+contribJoins+`
		WHERE `+contributorOnly+` ORDER BY a.key`)
	if err != nil {
		return c, err
	}
	if c.Answers, err = collect(rows, scanAnswer); err != nil || len(c.Answers) == 0 {
		return c, err
	}
	rows, err = tx.Query(ctx, `SELECT q.slug, t.slug, q.type, q.title
		FROM questions q JOIN topics t ON t.id = q.topic_id
		WHERE q.id IN (SELECT a.question_id FROM answers a WHERE `+contributorOnly+`) ORDER BY q.slug`)
	if err != nil {
		return c, err
	}
	c.Questions, err = collect(rows, func(r pgx.Rows) (model.Question, error) {
		var q model.Question
		return q, r.Scan(&q.Slug, &q.TopicSlug, &q.Type, &q.Title)
	})
	if err != nil {
		return c, err
	}
	topics, err := topicList(ctx, tx, topicSelect+` WHERE t.id IN (SELECT q.topic_id
		FROM questions q JOIN answers a ON a.question_id = q.id WHERE `+contributorOnly+`) ORDER BY t.slug`)
	if err != nil {
		return c, err
	}
	for _, t := range topics {
		c.Topics = append(c.Topics, t.Topic)
	}
	rows, err = tx.Query(ctx, `SELECT `+sourceColumns+` FROM sources
		WHERE key IN (SELECT a.source_key FROM answers a WHERE `+contributorOnly+`) ORDER BY key`)
	if err != nil {
		return c, err
	}
	c.Sources, err = collect(rows, func(r pgx.Rows) (model.Source, error) { return scanSource(r) })
	return c, err
}

// PublishedKeys implements store.Published. A key PostgreSQL could not
// hold (NUL, invalid UTF-8) is left out of the query: no answer has it.
func (d *DB) PublishedKeys(ctx context.Context, keys []string) (map[string]bool, error) {
	if len(keys) > store.MaxKeys {
		return nil, fmt.Errorf("postgres: published keys: %d keys, at most %d", len(keys), store.MaxKeys)
	}
	asked := make([]string, 0, len(keys))
	for _, k := range keys {
		if storable(k) {
			asked = append(asked, k)
		}
	}
	rows, err := d.pool.Query(ctx, `SELECT key FROM answers WHERE key = ANY($1)`, asked)
	if err != nil {
		return nil, fmt.Errorf("postgres: published keys: %w", err)
	}
	m := make(map[string]bool, len(asked))
	var k string
	if _, err := pgx.ForEachRow(rows, []any{&k}, func() error {
		m[k] = true
		return nil
	}); err != nil {
		return nil, fmt.Errorf("postgres: published keys: %w", err)
	}
	return m, nil
}
