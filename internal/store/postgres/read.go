package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// querier is what reads need: the pool, or a read transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// read runs fn in a REPEATABLE READ, READ ONLY transaction, so that the
// several statements behind one answer see one snapshot even if a Sync
// commits meanwhile (READ COMMITTED would give each statement its own).
// Reads of one statement skip it: a statement is its own snapshot.
func (d *DB) read(ctx context.Context, fn func(querier) error) error {
	return pgx.BeginTxFunc(ctx, d.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error { return fn(tx) })
}

// collect scans every row, returning an empty, non-nil slice when there
// are none so that JSON shows [] rather than null.
func collect[T any](rows pgx.Rows, scan func(pgx.Rows) (T, error)) ([]T, error) {
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

// Empty implements store.Store.
func (d *DB) Empty(ctx context.Context) (bool, error) {
	var empty bool
	if err := d.pool.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM answers)`).Scan(&empty); err != nil {
		return false, fmt.Errorf("postgres: empty: %w", err)
	}
	return empty, nil
}

// Stats implements store.Store, in one statement so that the counts
// agree with each other even while a Sync commits.
func (d *DB) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	err := d.pool.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM sources),
		(SELECT COUNT(*) FROM topics),
		(SELECT COUNT(*) FROM questions),
		(SELECT COUNT(*) FROM (SELECT 1 FROM answers GROUP BY question_id
			HAVING COUNT(DISTINCT source_key) >= 2) AS multi),
		(SELECT COUNT(DISTINCT doc_id) FROM answers),
		(SELECT COUNT(*) FROM answers),
		(SELECT COUNT(*) FROM answers WHERE text <> ''),
		(SELECT COUNT(DISTINCT doc_id) FROM answers WHERE text <> ''),
		(SELECT COUNT(*) FROM digests)`).Scan(
		&st.Sources, &st.Topics, &st.Questions, &st.MultiSourceQuestions,
		&st.Entries, &st.Answers, &st.AnswersWithText, &st.EntriesWithText, &st.Digests)
	if err != nil {
		return store.Stats{}, fmt.Errorf("postgres: stats: %w", err)
	}
	return st, nil
}

const sourceColumns = `key, name, short_name, home_url, description, kind`

func sourceDest(src *model.Source) []any {
	return []any{&src.Key, &src.Name, &src.ShortName, &src.HomeURL, &src.Description, &src.Kind}
}

func scanSource(r pgx.Row) (model.Source, error) {
	var src model.Source
	err := r.Scan(sourceDest(&src)...)
	return src, err
}

// Sources implements store.Store.
func (d *DB) Sources(ctx context.Context) ([]model.Source, error) {
	list, err := sources(ctx, d.pool)
	if err != nil {
		return nil, fmt.Errorf("postgres: sources: %w", err)
	}
	return list, nil
}

func sources(ctx context.Context, q querier) ([]model.Source, error) {
	rows, err := q.Query(ctx, `SELECT `+sourceColumns+` FROM sources ORDER BY key`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r pgx.Rows) (model.Source, error) { return scanSource(r) })
}

// Topics implements store.Store.
func (d *DB) Topics(ctx context.Context) ([]store.TopicSummary, error) {
	var list []store.TopicSummary
	err := d.read(ctx, func(tx querier) error {
		var err error
		list, err = topicList(ctx, tx, topicSelect+` ORDER BY t.slug`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: topics: %w", err)
	}
	return list, nil
}

// Topic implements store.Store.
func (d *DB) Topic(ctx context.Context, slug string) (store.TopicSummary, error) {
	if !storable(slug) {
		return store.TopicSummary{}, fmt.Errorf("postgres: topic %q: %w", slug, store.ErrNotFound)
	}
	var list []store.TopicSummary
	err := d.read(ctx, func(tx querier) error {
		var err error
		list, err = topicList(ctx, tx, topicSelect+` WHERE t.slug = $1`, slug)
		return err
	})
	if err != nil {
		return store.TopicSummary{}, fmt.Errorf("postgres: topic %q: %w", slug, err)
	}
	if len(list) == 0 {
		return store.TopicSummary{}, fmt.Errorf("postgres: topic %q: %w", slug, store.ErrNotFound)
	}
	return list[0], nil
}

// topicColumns are what scanTopicSummary reads, from topics t.
const topicColumns = `t.id, t.slug, t.name, t.category, t.semantic_group,
		t.cuis, t.semantic_types, t.synonyms, t.foci,
		(SELECT COUNT(*) FROM questions q WHERE q.topic_id = t.id)`

const topicSelect = `SELECT ` + topicColumns + ` FROM topics t`

// topicList runs query, which selects topicColumns in the order wanted,
// then fetches the sources of the topics it returned in one more
// statement: two set-based queries rather than one per topic.
func topicList(ctx context.Context, tx querier, query string, args ...any) ([]store.TopicSummary, error) {
	list, _, err := topicListIDs(ctx, tx, query, args...)
	return list, err
}

// topicListIDs is topicList also returning the topics' ids, in order.
func topicListIDs(ctx context.Context, tx querier, query string, args ...any) ([]store.TopicSummary, []int64, error) {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return nil, nil, err
	}
	var ids []int64
	list, err := collect(rows, func(r pgx.Rows) (store.TopicSummary, error) {
		id, ts, err := scanTopicSummary(r)
		ids = append(ids, id)
		return ts, err
	})
	if err != nil || len(list) == 0 {
		return list, ids, err
	}
	rows, err = tx.Query(ctx, `SELECT DISTINCT q.topic_id, a.source_key
		FROM questions q JOIN answers a ON a.question_id = q.id
		WHERE q.topic_id = ANY($1) ORDER BY q.topic_id, a.source_key`, ids)
	if err != nil {
		return nil, nil, err
	}
	sources, err := groupKeys(rows)
	if err != nil {
		return nil, nil, err
	}
	for i := range list {
		if keys := sources[ids[i]]; keys != nil {
			list[i].Sources = keys
		}
	}
	return list, ids, nil
}

func scanTopicSummary(r pgx.Row) (int64, store.TopicSummary, error) {
	var id int64
	var ts store.TopicSummary
	err := r.Scan(&id, &ts.Slug, &ts.Name, &ts.Category, &ts.SemanticGroup,
		&ts.CUIs, &ts.SemanticTypes, &ts.Synonyms, &ts.Foci, &ts.QuestionCount)
	ts.CUIs, ts.SemanticTypes, ts.Synonyms, ts.Foci = list(ts.CUIs), list(ts.SemanticTypes), list(ts.Synonyms), list(ts.Foci)
	ts.Sources = []string{}
	return id, ts, err
}

// groupKeys reads (id, key) rows into a map of key lists, keeping the
// rows' order.
func groupKeys(rows pgx.Rows) (map[int64][]string, error) {
	m := map[int64][]string{}
	var id int64
	var key string
	_, err := pgx.ForEachRow(rows, []any{&id, &key}, func() error {
		m[id] = append(m[id], key)
		return nil
	})
	return m, err
}

// TopicQuestions implements store.Store.
func (d *DB) TopicQuestions(ctx context.Context, topicSlug string) ([]store.QuestionSummary, error) {
	if !storable(topicSlug) {
		return nil, fmt.Errorf("postgres: topic %q questions: %w", topicSlug, store.ErrNotFound)
	}
	var list []store.QuestionSummary
	err := d.read(ctx, func(tx querier) error {
		var topicID int64
		err := tx.QueryRow(ctx, `SELECT id FROM topics WHERE slug = $1`, topicSlug).Scan(&topicID)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		list, err = topicQuestions(ctx, tx, topicID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: topic %q questions: %w", topicSlug, err)
	}
	return list, nil
}

// topicQuestions lists a topic's questions in model.QuestionTypes order.
func topicQuestions(ctx context.Context, tx querier, topicID int64) ([]store.QuestionSummary, error) {
	list, err := questionSummaries(ctx, tx, `SELECT `+questionColumns+`
		FROM questions q JOIN topics t ON t.id = q.topic_id `+leadJoin+`
		WHERE q.topic_id = $1`, topicID)
	if err != nil {
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

// questionColumns are what questionSummaries reads, from questions q
// joined with topics t and, by leadJoin, the lead answer l. substr counts
// characters, so the lead is cut to LeadLength bytes in Go.
var questionColumns = `q.id, q.slug, t.slug, q.type, q.title,
		(SELECT COUNT(*) FROM answers a WHERE a.question_id = q.id),
		COALESCE(l.source_key, ''), COALESCE(substr(l.text, 1, ` + strconv.Itoa(store.LeadLength) + `), '')`

// leadJoin finds each question's lead answer, its first with text by
// (source_key, key): one probe of the partial index answers_with_text.
const leadJoin = `LEFT JOIN LATERAL (SELECT a.source_key, a.text FROM answers a
		WHERE a.question_id = q.id AND a.text <> '' ORDER BY a.source_key, a.key LIMIT 1) l ON true`

// questionSummaries runs query, which selects questionColumns, and fills
// each question's sources with one more statement.
func questionSummaries(ctx context.Context, tx querier, query string, args ...any) ([]store.QuestionSummary, error) {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	list, err := collect(rows, func(r pgx.Rows) (store.QuestionSummary, error) {
		var id int64
		qs := store.QuestionSummary{Sources: []string{}}
		err := r.Scan(&id, &qs.Slug, &qs.TopicSlug, &qs.Type, &qs.Title, &qs.AnswerCount, &qs.LeadSource, &qs.Lead)
		qs.Lead = store.CutUTF8(qs.Lead, store.LeadLength)
		ids = append(ids, id)
		return qs, err
	})
	if err != nil || len(list) == 0 {
		return list, err
	}
	rows, err = tx.Query(ctx, `SELECT DISTINCT question_id, source_key FROM answers
		WHERE question_id = ANY($1) ORDER BY question_id, source_key`, ids)
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

// Question implements store.Store.
func (d *DB) Question(ctx context.Context, slug string) (model.Question, []model.Answer, error) {
	if !storable(slug) {
		return model.Question{}, nil, fmt.Errorf("postgres: question %q: %w", slug, store.ErrNotFound)
	}
	var q model.Question
	var answers []model.Answer
	err := d.read(ctx, func(tx querier) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT q.id, q.slug, t.slug, q.type, q.title
			FROM questions q JOIN topics t ON t.id = q.topic_id WHERE q.slug = $1`, slug).
			Scan(&id, &q.Slug, &q.TopicSlug, &q.Type, &q.Title)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT '', `+answerColumns+` FROM answers a `+contribJoins+`
			WHERE a.question_id = $1 ORDER BY a.source_key, a.key`, id)
		if err != nil {
			return err
		}
		if answers, err = collect(rows, scanAnswer); err != nil {
			return err
		}
		for i := range answers {
			answers[i].QuestionSlug = q.Slug
		}
		return attachReadability(ctx, tx, id, answers) // issue 12
	})
	if err != nil {
		return model.Question{}, nil, fmt.Errorf("postgres: question %q: %w", slug, err)
	}
	return q, answers, nil
}

// Digest implements store.Store. A question without a digest and an
// unknown question are both ErrNotFound: to a page they are the same.
func (d *DB) Digest(ctx context.Context, questionSlug string) (model.Digest, error) {
	if !storable(questionSlug) {
		return model.Digest{}, fmt.Errorf("postgres: digest %q: %w", questionSlug, store.ErrNotFound)
	}
	var points []byte
	err := d.pool.QueryRow(ctx, `SELECT d.points::text
		FROM questions q JOIN digests d ON d.question_id = q.id WHERE q.slug = $1`, questionSlug).Scan(&points)
	if errors.Is(err, pgx.ErrNoRows) {
		err = store.ErrNotFound
	}
	var dg model.Digest
	if err == nil {
		dg, err = decodeDigest(questionSlug, points)
	}
	if err != nil {
		return model.Digest{}, fmt.Errorf("postgres: digest %q: %w", questionSlug, err)
	}
	return dg, nil
}

// utc is t in UTC, or the zero time for NULL.
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
