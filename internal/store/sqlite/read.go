package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

// Empty implements store.Store.
func (d *DB) Empty(ctx context.Context) (bool, error) {
	var empty bool
	err := cachedDB{d}.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM answers)`).Scan(&empty)
	if err != nil {
		return false, fmt.Errorf("sqlite: empty: %w", err)
	}
	return empty, nil
}

// Stats implements store.Store. It is one statement so that the counts
// agree with each other even while a Sync commits.
func (d *DB) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	err := cachedDB{d}.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM sources),
		(SELECT COUNT(*) FROM topics),
		(SELECT COUNT(*) FROM questions),
		(SELECT COUNT(*) FROM (SELECT 1 FROM answers GROUP BY question_id
			HAVING COUNT(DISTINCT source_key) >= 2)),
		(SELECT COUNT(DISTINCT doc_id) FROM answers),
		(SELECT COUNT(*) FROM answers),
		(SELECT COUNT(*) FROM answers WHERE text <> ''),
		(SELECT COUNT(DISTINCT doc_id) FROM answers WHERE text <> ''),
		(SELECT COUNT(*) FROM digests)`).Scan(
		&st.Sources, &st.Topics, &st.Questions, &st.MultiSourceQuestions,
		&st.Entries, &st.Answers, &st.AnswersWithText, &st.EntriesWithText, &st.Digests)
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
	rows, err := cachedDB{d}.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources ORDER BY key`)
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
	err := d.read(ctx, func(tx querier) error {
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
	err := d.read(ctx, func(tx querier) error {
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

// topicColumns are what scanTopicSummary reads, from topics t.
const topicColumns = `t.id, t.slug, t.name, t.category, t.semantic_group,
		t.cuis, t.semantic_types, t.synonyms, t.foci,
		(SELECT COUNT(*) FROM questions q WHERE q.topic_id = t.id)`

const topicSelect = `SELECT ` + topicColumns + ` FROM topics t`

// topicSourcesByID is the sources half of topicQueries for any list of
// topics, given their ids as a JSON array.
const topicSourcesByID = `SELECT DISTINCT q.topic_id, a.source_key
	FROM questions q JOIN answers a ON a.question_id = q.id
	WHERE q.topic_id IN (SELECT value FROM json_each(?))
	ORDER BY q.topic_id, a.source_key`

// topicSummaries runs qs with args: two set-based queries rather than
// one per topic.
func topicSummaries(ctx context.Context, tx querier, qs topicQueries, args ...any) ([]store.TopicSummary, error) {
	list, ids, err := queryTopics(ctx, tx, qs.topics, args...)
	if err != nil || len(list) == 0 {
		return list, err
	}
	return list, attachTopicSources(ctx, tx, list, ids, qs.sources, args...)
}

// topicList runs query, which selects topicColumns in the order wanted,
// then fetches the sources of the topics it returned: for listings that
// are neither all topics nor one.
func topicList(ctx context.Context, tx querier, query string, args ...any) ([]store.TopicSummary, error) {
	list, ids, err := queryTopics(ctx, tx, query, args...)
	if err != nil || len(list) == 0 {
		return list, err
	}
	return list, attachTopicSources(ctx, tx, list, ids, topicSourcesByID, idList(ids))
}

func queryTopics(ctx context.Context, tx querier, query string, args ...any) ([]store.TopicSummary, []int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	var ids []int64
	list, err := collect(rows, func(s scanner) (store.TopicSummary, error) {
		id, ts, err := scanTopicSummary(s)
		ids = append(ids, id)
		return ts, err
	})
	return list, ids, err
}

// attachTopicSources runs a query of (topic id, source key) rows and
// sets each topic's Sources from them.
func attachTopicSources(ctx context.Context, tx querier, list []store.TopicSummary, ids []int64, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	sources, err := groupKeys(rows)
	if err != nil {
		return err
	}
	for i := range list {
		if keys := sources[ids[i]]; keys != nil {
			list[i].Sources = keys
		}
	}
	return nil
}

// idList encodes ids as a JSON array, for json_each: one parameter
// however many ids, and one statement to prepare.
func idList(ids []int64) string {
	b := make([]byte, 0, 8*len(ids)+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
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
	err := d.read(ctx, func(tx querier) error {
		var err error
		list, err = topicQuestions(ctx, tx, topicSlug)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: topic %q questions: %w", topicSlug, err)
	}
	return list, nil
}

func topicQuestions(ctx context.Context, tx querier, topicSlug string) ([]store.QuestionSummary, error) {
	var topicID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM topics WHERE slug = ?`, topicSlug).Scan(&topicID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+questionColumns+`
		FROM questions q JOIN topics t ON t.id = q.topic_id `+leadJoin+`
		WHERE q.topic_id = ?`, topicID)
	if err != nil {
		return nil, err
	}
	list, ids, err := scanQuestionSummaries(rows)
	if err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT DISTINCT a.question_id, a.source_key
		FROM answers a JOIN questions q ON q.id = a.question_id
		WHERE q.topic_id = ? ORDER BY a.question_id, a.source_key`, topicID)
	if err != nil {
		return nil, err
	}
	if err := attachQuestionSources(rows, list, ids); err != nil {
		return nil, err
	}
	// The order is model.QuestionTypes', which SQL does not know.
	slices.SortFunc(list, func(a, b store.QuestionSummary) int {
		return cmp.Or(
			cmp.Compare(model.QuestionTypeOrder(a.Type), model.QuestionTypeOrder(b.Type)),
			cmp.Compare(a.Slug, b.Slug))
	})
	return list, nil
}

// questionColumns are what scanQuestionSummaries reads, from questions q
// joined with topics t and, by leadJoin, the lead answer l. The lead is
// cut to LeadLength characters here, which is at least LeadLength bytes,
// and to LeadLength bytes at a rune boundary in Go, since SQLite's substr
// counts characters in text and bytes in blobs but cannot do both.
var questionColumns = `q.id, q.slug, t.slug, q.type, q.title,
		(SELECT COUNT(*) FROM answers a WHERE a.question_id = q.id),
		COALESCE(l.source_key, ''), COALESCE(substr(l.text, 1, ` + strconv.Itoa(store.LeadLength) + `), '')`

// leadJoin finds each question's lead answer with one seek in the
// partial index answers_with_text, which holds exactly the answers with
// text in (question_id, source_key, key) order.
const leadJoin = `LEFT JOIN answers l ON l.id = (SELECT a.id FROM answers a
		WHERE a.question_id = q.id AND a.text <> '' ORDER BY a.source_key, a.key LIMIT 1)`

// questionSourcesByID selects (question id, source key) rows for
// attachQuestionSources, given the question ids as a JSON array.
const questionSourcesByID = `SELECT DISTINCT question_id, source_key FROM answers
	WHERE question_id IN (SELECT value FROM json_each(?))
	ORDER BY question_id, source_key`

func scanQuestionSummaries(rows *sql.Rows) ([]store.QuestionSummary, []int64, error) {
	var ids []int64
	list, err := collect(rows, func(s scanner) (store.QuestionSummary, error) {
		var id int64
		qs := store.QuestionSummary{Sources: []string{}}
		err := s.Scan(&id, &qs.Slug, &qs.TopicSlug, &qs.Type, &qs.Title, &qs.AnswerCount, &qs.LeadSource, &qs.Lead)
		qs.Lead = store.CutUTF8(qs.Lead, store.LeadLength)
		ids = append(ids, id)
		return qs, err
	})
	return list, ids, err
}

// attachQuestionSources reads (question id, source key) rows and sets
// each question's Sources from them.
func attachQuestionSources(rows *sql.Rows, list []store.QuestionSummary, ids []int64) error {
	sources, err := groupKeys(rows)
	if err != nil {
		return err
	}
	for i := range list {
		if keys := sources[ids[i]]; keys != nil {
			list[i].Sources = keys
		}
	}
	return nil
}

// Question implements store.Store.
func (d *DB) Question(ctx context.Context, slug string) (model.Question, []model.Answer, error) {
	var q model.Question
	var answers []model.Answer
	err := d.read(ctx, func(tx querier) error {
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
		if answers, err = questionAnswers(ctx, tx, id, q.Slug); err != nil {
			return err
		}
		return attachReadability(ctx, tx, id, answers) // issue 12
	})
	if err != nil {
		return model.Question{}, nil, fmt.Errorf("sqlite: question %q: %w", slug, err)
	}
	return q, answers, nil
}

func questionAnswers(ctx context.Context, tx querier, questionID int64, slug string) ([]model.Answer, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+answerColumns+`
		FROM answers a `+contribJoins+` WHERE a.question_id = ? ORDER BY a.source_key, a.key`, questionID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (model.Answer, error) {
		a, err := scanAnswer(s)
		a.QuestionSlug = slug
		return a, err
	})
}

// Digest implements store.Store. A question without a digest and an
// unknown question are both ErrNotFound: to a page they are the same.
func (d *DB) Digest(ctx context.Context, questionSlug string) (model.Digest, error) {
	var points string
	err := cachedDB{d}.QueryRowContext(ctx, `SELECT d.points
		FROM questions q JOIN digests d ON d.question_id = q.id WHERE q.slug = ?`, questionSlug).Scan(&points)
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	var dg model.Digest
	if err == nil {
		dg, err = decodeDigest(questionSlug, points)
	}
	if err != nil {
		return model.Digest{}, fmt.Errorf("sqlite: digest %q: %w", questionSlug, err)
	}
	return dg, nil
}

// read runs fn in a read-only transaction, so that the several queries
// behind one answer see the same snapshot even if a Sync commits
// meanwhile. It is a deferred transaction and takes no write lock.
func (d *DB) read(ctx context.Context, fn func(querier) error) error {
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(cachedTx{d, tx})
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
