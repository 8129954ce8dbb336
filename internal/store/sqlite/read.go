package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

// Empty implements store.Store.
func (d *DB) Empty(ctx context.Context) (bool, error) {
	var empty bool
	err := d.db.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM answers)`).Scan(&empty)
	if err != nil {
		return false, fmt.Errorf("sqlite: empty: %w", err)
	}
	return empty, nil
}

// Stats implements store.Store. It is one statement so that the counts
// agree with each other even while a Sync commits.
func (d *DB) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	err := d.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM sources),
		(SELECT COUNT(*) FROM topics),
		(SELECT COUNT(*) FROM questions),
		(SELECT COUNT(*) FROM (SELECT 1 FROM answers GROUP BY question_id
			HAVING COUNT(DISTINCT source_key) >= 2)),
		(SELECT COUNT(DISTINCT doc_id) FROM answers),
		(SELECT COUNT(*) FROM answers),
		(SELECT COUNT(*) FROM answers WHERE text <> ''),
		(SELECT COUNT(DISTINCT doc_id) FROM answers WHERE text <> '')`).Scan(
		&st.Sources, &st.Topics, &st.Questions, &st.MultiSourceQuestions,
		&st.Entries, &st.Answers, &st.AnswersWithText, &st.EntriesWithText)
	if err != nil {
		return store.Stats{}, fmt.Errorf("sqlite: stats: %w", err)
	}
	return st, nil
}

const sourceColumns = `key, name, short_name, home_url, description, kind`

func scanSource(s scanner) (model.Source, error) {
	var src model.Source
	err := s.Scan(&src.Key, &src.Name, &src.ShortName, &src.HomeURL, &src.Description, &src.Kind)
	return src, err
}

// Sources implements store.Store.
func (d *DB) Sources(ctx context.Context) ([]model.Source, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources ORDER BY key`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: sources: %w", err)
	}
	list, err := collect(rows, scanSource)
	if err != nil {
		return nil, fmt.Errorf("sqlite: sources: %w", err)
	}
	return list, nil
}

// Topics implements store.Store.
func (d *DB) Topics(ctx context.Context) ([]store.TopicSummary, error) {
	var list []store.TopicSummary
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		list, err = topicSummaries(ctx, tx, allTopics)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: topics: %w", err)
	}
	return list, nil
}

// Topic implements store.Store.
func (d *DB) Topic(ctx context.Context, slug string) (store.TopicSummary, error) {
	var list []store.TopicSummary
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		list, err = topicSummaries(ctx, tx, oneTopic, slug)
		return err
	})
	if err != nil {
		return store.TopicSummary{}, fmt.Errorf("sqlite: topic %q: %w", slug, err)
	}
	if len(list) == 0 {
		return store.TopicSummary{}, fmt.Errorf("sqlite: topic %q: %w", slug, store.ErrNotFound)
	}
	return list[0], nil
}

// topicQueries select topics with their question counts, then the
// distinct sources answering each topic's questions. They come in two
// forms, for all topics and for one by slug, because one form with an
// optional filter would keep SQLite from using the indexes for one topic.
type topicQueries struct{ topics, sources string }

var (
	allTopics = topicQueries{
		topics: topicSelect + ` ORDER BY t.slug`,
		sources: `SELECT DISTINCT q.topic_id, a.source_key
			FROM answers a JOIN questions q ON q.id = a.question_id
			ORDER BY q.topic_id, a.source_key`,
	}
	oneTopic = topicQueries{
		topics: topicSelect + ` WHERE t.slug = ?`,
		sources: `SELECT DISTINCT q.topic_id, a.source_key
			FROM topics t JOIN questions q ON q.topic_id = t.id JOIN answers a ON a.question_id = q.id
			WHERE t.slug = ? ORDER BY a.source_key`,
	}
)

const topicSelect = `SELECT t.id, t.slug, t.name, t.category, t.semantic_group,
		t.cuis, t.semantic_types, t.synonyms, t.foci,
		(SELECT COUNT(*) FROM questions q WHERE q.topic_id = t.id)
	FROM topics t`

// topicSummaries runs qs with args: two set-based queries rather than
// one per topic.
func topicSummaries(ctx context.Context, tx *sql.Tx, qs topicQueries, args ...any) ([]store.TopicSummary, error) {
	rows, err := tx.QueryContext(ctx, qs.topics, args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	list, err := collect(rows, func(s scanner) (store.TopicSummary, error) {
		id, ts, err := scanTopicSummary(s)
		ids = append(ids, id)
		return ts, err
	})
	if err != nil || len(list) == 0 {
		return list, err
	}
	rows, err = tx.QueryContext(ctx, qs.sources, args...)
	if err != nil {
		return nil, err
	}
	sources, err := groupKeys(rows)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if keys := sources[ids[i]]; keys != nil {
			list[i].Sources = keys
		}
	}
	return list, nil
}

func scanTopicSummary(s scanner) (int64, store.TopicSummary, error) {
	var id int64
	var ts store.TopicSummary
	var cuis, semTypes, synonyms, foci string
	err := s.Scan(&id, &ts.Slug, &ts.Name, &ts.Category, &ts.SemanticGroup,
		&cuis, &semTypes, &synonyms, &foci, &ts.QuestionCount)
	if err != nil {
		return 0, ts, err
	}
	for _, f := range []struct {
		dst *[]string
		src string
	}{{&ts.CUIs, cuis}, {&ts.SemanticTypes, semTypes}, {&ts.Synonyms, synonyms}, {&ts.Foci, foci}} {
		if *f.dst, err = decodeList(f.src); err != nil {
			return 0, ts, fmt.Errorf("topic %q: %w", ts.Slug, err)
		}
	}
	ts.Sources = []string{}
	return id, ts, nil
}

// groupKeys reads (id, key) rows into a map of key lists, keeping the
// rows' order.
func groupKeys(rows *sql.Rows) (map[int64][]string, error) {
	defer rows.Close()
	m := map[int64][]string{}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return nil, err
		}
		m[id] = append(m[id], key)
	}
	return m, rows.Err()
}

// TopicQuestions implements store.Store.
func (d *DB) TopicQuestions(ctx context.Context, topicSlug string) ([]store.QuestionSummary, error) {
	var list []store.QuestionSummary
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		list, err = topicQuestions(ctx, tx, topicSlug)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: topic %q questions: %w", topicSlug, err)
	}
	return list, nil
}

func topicQuestions(ctx context.Context, tx *sql.Tx, topicSlug string) ([]store.QuestionSummary, error) {
	var topicID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM topics WHERE slug = ?`, topicSlug).Scan(&topicID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT q.id, q.slug, q.type, q.title,
			(SELECT COUNT(*) FROM answers a WHERE a.question_id = q.id)
		FROM questions q WHERE q.topic_id = ?`, topicID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	list, err := collect(rows, func(s scanner) (store.QuestionSummary, error) {
		var id int64
		qs := store.QuestionSummary{Sources: []string{}}
		qs.TopicSlug = topicSlug
		err := s.Scan(&id, &qs.Slug, &qs.Type, &qs.Title, &qs.AnswerCount)
		ids = append(ids, id)
		return qs, err
	})
	if err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT DISTINCT a.question_id, a.source_key
		FROM answers a JOIN questions q ON q.id = a.question_id
		WHERE q.topic_id = ? ORDER BY a.question_id, a.source_key`, topicID)
	if err != nil {
		return nil, err
	}
	sources, err := groupKeys(rows)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if keys := sources[ids[i]]; keys != nil {
			list[i].Sources = keys
		}
	}
	// The order is model.QuestionTypes', which SQL does not know.
	slices.SortFunc(list, func(a, b store.QuestionSummary) int {
		return cmp.Or(
			cmp.Compare(model.QuestionTypeOrder(a.Type), model.QuestionTypeOrder(b.Type)),
			cmp.Compare(a.Slug, b.Slug))
	})
	return list, nil
}

// Question implements store.Store.
func (d *DB) Question(ctx context.Context, slug string) (model.Question, []model.Answer, error) {
	var q model.Question
	var answers []model.Answer
	err := d.read(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT q.id, q.slug, t.slug, q.type, q.title
			FROM questions q JOIN topics t ON t.id = q.topic_id WHERE q.slug = ?`, slug).
			Scan(&id, &q.Slug, &q.TopicSlug, &q.Type, &q.Title)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		answers, err = questionAnswers(ctx, tx, id, q.Slug)
		return err
	})
	if err != nil {
		return model.Question{}, nil, fmt.Errorf("sqlite: question %q: %w", slug, err)
	}
	return q, answers, nil
}

func questionAnswers(ctx context.Context, tx *sql.Tx, questionID int64, slug string) ([]model.Answer, error) {
	rows, err := tx.QueryContext(ctx, `SELECT key, doc_id, source_key, source_url, source_question,
			text, dataset, origin, imported_at, updated_at
		FROM answers WHERE question_id = ? ORDER BY source_key, key`, questionID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (model.Answer, error) {
		a := model.Answer{QuestionSlug: slug}
		var imported, updated string
		err := s.Scan(&a.Key, &a.DocID, &a.SourceKey, &a.SourceURL, &a.SourceQuestion,
			&a.Text, &a.Dataset, &a.Origin, &imported, &updated)
		if err != nil {
			return a, err
		}
		if a.ImportedAt, err = parseTime(imported); err != nil {
			return a, err
		}
		a.UpdatedAt, err = parseTime(updated)
		return a, err
	})
}

// read runs fn in a read-only transaction, so that the several queries
// behind one answer see the same snapshot even if a Sync commits
// meanwhile. It is a deferred transaction and takes no write lock.
func (d *DB) read(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// collect scans every row, returning an empty, non-nil slice when there
// are none so that JSON shows [] rather than null.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	list := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}
