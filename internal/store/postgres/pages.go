package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/store"
)

// This file holds the reads behind the reader pages: letters, related
// topics, sources, search and sitemaps. Migration 0002 adds the schema
// they rely on.

// TopicLetters implements store.Store. '#' sorts before 'A' in byte
// order, so the ORDER BY puts it last explicitly.
func (d *DB) TopicLetters(ctx context.Context) ([]store.LetterCount, error) {
	rows, err := d.pool.Query(ctx, `SELECT letter, COUNT(*) FROM topics
		GROUP BY letter ORDER BY letter = '#', letter`)
	if err != nil {
		return nil, fmt.Errorf("postgres: topic letters: %w", err)
	}
	list, err := collect(rows, func(r pgx.Rows) (store.LetterCount, error) {
		var lc store.LetterCount
		err := r.Scan(&lc.Letter, &lc.Topics)
		return lc, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: topic letters: %w", err)
	}
	return list, nil
}

// topicOrder is the order of every topic listing: by name with ASCII
// case folding, then slug, byte by byte (the columns are COLLATE "C").
// The topics_letter_name and topics_name indexes hold it.
const topicOrder = `ascii_lower(t.name), t.slug`

// TopicsByLetter implements store.Store: the count and the page in one
// read transaction, so that they agree.
func (d *DB) TopicsByLetter(ctx context.Context, letter string, offset, limit int) (store.TopicPage, error) {
	if offset < 0 || limit < 0 {
		return store.TopicPage{}, fmt.Errorf("postgres: topics by letter %q: offset %d, limit %d: must not be negative", letter, offset, limit)
	}
	folded, ok := foldLetter(letter)
	if !ok {
		return store.TopicPage{}, fmt.Errorf("postgres: topics by letter %q: %w", letter, store.ErrNotFound)
	}
	count, page := `SELECT COUNT(*) FROM topics t WHERE t.letter = $1`,
		`SELECT `+topicColumns+` FROM topics t WHERE t.letter = $1 ORDER BY `+topicOrder+` LIMIT $2 OFFSET $3`
	args := []any{folded}
	if folded == "" {
		count, page = `SELECT COUNT(*) FROM topics t`,
			`SELECT `+topicColumns+` FROM topics t ORDER BY `+topicOrder+` LIMIT $1 OFFSET $2`
		args = nil
	}
	p := store.TopicPage{Topics: []store.TopicSummary{}}
	err := d.read(ctx, func(tx querier) error {
		if err := tx.QueryRow(ctx, count, args...).Scan(&p.Total); err != nil {
			return err
		}
		if limit == 0 || offset >= p.Total {
			return nil
		}
		var err error
		p.Topics, err = topicList(ctx, tx, page, append(args, limit, offset)...)
		return err
	})
	if err != nil {
		return store.TopicPage{}, fmt.Errorf("postgres: topics by letter %q: %w", letter, err)
	}
	return p, nil
}

// foldLetter turns a letter as TopicsByLetter takes it into the letter
// column's form, reporting whether it is one.
func foldLetter(letter string) (string, bool) {
	switch {
	case letter == "" || letter == "#":
		return letter, true
	case len(letter) == 1 && 'A' <= letter[0] && letter[0] <= 'Z':
		return letter, true
	case len(letter) == 1 && 'a' <= letter[0] && letter[0] <= 'z':
		return strings.ToUpper(letter), true
	}
	return "", false
}

// RelatedTopics implements store.Store. Topics meet through topic_cuis;
// a concept's breadth is counted only up to one past the cut-off.
func (d *DB) RelatedTopics(ctx context.Context, slug string, limit int) ([]store.TopicSummary, error) {
	if limit < 0 {
		return nil, fmt.Errorf("postgres: topics related to %q: limit %d: must not be negative", slug, limit)
	}
	if !storable(slug) {
		return nil, fmt.Errorf("postgres: topics related to %q: %w", slug, store.ErrNotFound)
	}
	var list []store.TopicSummary
	err := d.read(ctx, func(tx querier) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM topics WHERE slug = $1`, slug).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil || limit == 0 {
			list = []store.TopicSummary{}
			return err
		}
		list, err = topicList(ctx, tx, `WITH shared AS (
				SELECT o.topic_id AS id, COUNT(*) AS n
				FROM topic_cuis m JOIN topic_cuis o ON o.cui = m.cui AND o.topic_id <> m.topic_id
				WHERE m.topic_id = $1
					AND (SELECT COUNT(*) FROM (SELECT 1 FROM topic_cuis c WHERE c.cui = m.cui LIMIT $2::bigint + 1) AS b) <= $2::bigint
				GROUP BY o.topic_id)
			SELECT `+topicColumns+` FROM shared JOIN topics t ON t.id = shared.id
			ORDER BY shared.n DESC, `+topicOrder+` LIMIT $3`,
			id, store.MaxConceptTopics, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: topics related to %q: %w", slug, err)
	}
	return list, nil
}

// SourceSummaries implements store.Store, in one statement so that the
// counts agree with each other.
func (d *DB) SourceSummaries(ctx context.Context) ([]store.SourceSummary, error) {
	rows, err := d.pool.Query(ctx, `WITH per AS (
			SELECT a.source_key, COUNT(DISTINCT q.topic_id) AS topics, COUNT(*) AS answers,
				COUNT(*) FILTER (WHERE a.text <> '') AS with_text
			FROM answers a JOIN questions q ON q.id = a.question_id GROUP BY a.source_key)
		SELECT s.key, s.name, s.short_name, s.home_url, s.description, s.kind,
			COALESCE(per.topics, 0), COALESCE(per.answers, 0), COALESCE(per.with_text, 0)
		FROM sources s LEFT JOIN per ON per.source_key = s.key
		ORDER BY s.key`)
	if err != nil {
		return nil, fmt.Errorf("postgres: source summaries: %w", err)
	}
	list, err := collect(rows, func(r pgx.Rows) (store.SourceSummary, error) {
		var ss store.SourceSummary
		err := r.Scan(append(sourceDest(&ss.Source), &ss.Topics, &ss.Answers, &ss.AnswersWithText)...)
		return ss, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: source summaries: %w", err)
	}
	return list, nil
}

// SourceTopics implements store.Store. The summary's counts are summed
// from the list, so that they cannot disagree with it.
func (d *DB) SourceTopics(ctx context.Context, key string) (store.SourceSummary, []store.SourceTopic, error) {
	if !storable(key) {
		return store.SourceSummary{}, nil, fmt.Errorf("postgres: source %q topics: %w", key, store.ErrNotFound)
	}
	var sum store.SourceSummary
	var list []store.SourceTopic
	err := d.read(ctx, func(tx querier) error {
		var err error
		sum.Source, err = scanSource(tx.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources WHERE key = $1`, key))
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT t.slug, t.name, COUNT(*), COUNT(*) FILTER (WHERE a.text <> '')
			FROM answers a JOIN questions q ON q.id = a.question_id JOIN topics t ON t.id = q.topic_id
			WHERE a.source_key = $1 GROUP BY t.id ORDER BY `+topicOrder, key)
		if err != nil {
			return err
		}
		list, err = collect(rows, func(r pgx.Rows) (store.SourceTopic, error) {
			var st store.SourceTopic
			var withText int
			err := r.Scan(&st.Slug, &st.Name, &st.Answers, &withText)
			sum.Topics++
			sum.Answers += st.Answers
			sum.AnswersWithText += withText
			return st, err
		})
		return err
	})
	if err != nil {
		return store.SourceSummary{}, nil, fmt.Errorf("postgres: source %q topics: %w", key, err)
	}
	return sum, list, nil
}

// SearchQuestions implements store.Store. Each word is one LIKE pattern
// and one CTE of the topics whose name or synonyms match it. Stored text
// is folded with ascii_lower, so that matching folds ASCII only, as
// SQLite's LIKE does; the words are already lower case. Synonyms are
// matched in one string, joined by a space, which no word contains.
func (d *DB) SearchQuestions(ctx context.Context, query string, limit int) ([]store.QuestionSummary, error) {
	if limit < 0 {
		return nil, fmt.Errorf("postgres: search %q: limit %d: must not be negative", query, limit)
	}
	words := store.SearchWords(query)
	if len(words) == 0 || limit == 0 {
		return []store.QuestionSummary{}, nil
	}
	limit = min(limit, store.MaxSearchResults)
	var with, where strings.Builder
	args := make([]any, 0, len(words)+1)
	for i, w := range words {
		n := strconv.Itoa(i + 1)
		if i > 0 {
			with.WriteString(",\n")
			where.WriteString(" AND ")
		}
		with.WriteString(`w` + n + ` AS (SELECT id FROM topics WHERE ascii_lower(name) LIKE $` + n + ` ESCAPE '\'
			OR ascii_lower(array_to_string(synonyms, ' ')) LIKE $` + n + ` ESCAPE '\')`)
		where.WriteString(`(ascii_lower(q.title) LIKE $` + n + ` ESCAPE '\' OR q.topic_id IN (SELECT id FROM w` + n + `))`)
		args = append(args, "%"+store.EscapeLike(w)+"%")
	}
	args = append(args, limit)
	var list []store.QuestionSummary
	err := d.read(ctx, func(tx querier) error {
		var err error
		list, err = questionSummaries(ctx, tx, `WITH `+with.String()+`,
			hits AS (
				SELECT q.id, (SELECT COUNT(DISTINCT a.source_key) FROM answers a WHERE a.question_id = q.id) AS n
				FROM questions q
				WHERE `+where.String()+`
				ORDER BY n DESC, q.title, q.slug LIMIT $`+strconv.Itoa(len(args))+`)
			SELECT `+questionColumns+`
			FROM hits JOIN questions q ON q.id = hits.id JOIN topics t ON t.id = q.topic_id `+leadJoin+`
			ORDER BY hits.n DESC, q.title, q.slug`, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: search %q: %w", query, err)
	}
	return list, nil
}

// QuestionRefs implements store.Store.
func (d *DB) QuestionRefs(ctx context.Context) ([]store.PageRef, error) {
	list, err := d.pageRefs(ctx, `SELECT q.slug,
			(SELECT max(a.updated_at) FROM answers a WHERE a.question_id = q.id)
		FROM questions q ORDER BY q.slug`)
	if err != nil {
		return nil, fmt.Errorf("postgres: question refs: %w", err)
	}
	return list, nil
}

// TopicRefs implements store.Store.
func (d *DB) TopicRefs(ctx context.Context) ([]store.PageRef, error) {
	list, err := d.pageRefs(ctx, `SELECT t.slug,
			(SELECT max(a.updated_at) FROM questions q JOIN answers a ON a.question_id = q.id
				WHERE q.topic_id = t.id)
		FROM topics t ORDER BY t.slug`)
	if err != nil {
		return nil, fmt.Errorf("postgres: topic refs: %w", err)
	}
	return list, nil
}

func (d *DB) pageRefs(ctx context.Context, query string) ([]store.PageRef, error) {
	rows, err := d.pool.Query(ctx, query)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r pgx.Rows) (store.PageRef, error) {
		var ref store.PageRef
		var updated *time.Time
		err := r.Scan(&ref.Slug, &updated)
		ref.UpdatedAt = utc(updated)
		return ref, err
	})
}
