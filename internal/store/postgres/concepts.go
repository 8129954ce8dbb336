package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/corpus"
	"healthqa/internal/store"
)

var _ store.Concepts = (*DB)(nil)

// Concept implements store.Concepts, as SQLite's does: everything is
// reached through the topic_cuis index (cui → topics), the count, the
// names that decide genericity and one page of topics in one read
// transaction so that they agree.
func (d *DB) Concept(ctx context.Context, cui string) (store.ConceptPage, error) {
	if !storable(cui) {
		return store.ConceptPage{}, fmt.Errorf("postgres: concept %q: %w", cui, store.ErrNotFound)
	}
	page := store.ConceptPage{CUI: cui, Topics: []store.ConceptTopic{}}
	err := d.read(ctx, func(tx querier) error {
		err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM topic_cuis WHERE cui = $1`, cui).Scan(&page.TopicCount)
		if err != nil {
			return err
		}
		if page.TopicCount == 0 {
			return store.ErrNotFound
		}
		if page.Generic, err = genericConcept(ctx, tx, cui); err != nil {
			return err
		}
		topics, ids, err := topicListIDs(ctx, tx, `SELECT `+topicColumns+`
			FROM topic_cuis c JOIN topics t ON t.id = c.topic_id WHERE c.cui = $1
			ORDER BY `+topicOrder+` LIMIT $2`, cui, store.MaxConceptPageTopics)
		if err != nil {
			return err
		}
		for i, t := range topics {
			qs, err := topicQuestions(ctx, tx, ids[i])
			if err != nil {
				return fmt.Errorf("topic %q: %w", t.Slug, err)
			}
			page.Topics = append(page.Topics, store.ConceptTopic{TopicSummary: t, Questions: qs})
		}
		return nil
	})
	if err != nil {
		return store.ConceptPage{}, fmt.Errorf("postgres: concept %q: %w", cui, err)
	}
	return page, nil
}

// genericNamesRead bounds the topics whose names genericConcept reads:
// a concept is generic as soon as corpus.GenericCUIThreshold distinct
// names are seen, and a concept on thousands of topics must not cost
// thousands of rows to say so. SQLite's value.
const genericNamesRead = 64

// genericConcept applies the corpus' rule (corpus.GenericConcept) to the
// names the sources gave the topics carrying cui. Which 64 topics are
// read is left to the plan, as on SQLite: past the threshold any of them
// say the same.
func genericConcept(ctx context.Context, tx querier, cui string) (bool, error) {
	rows, err := tx.Query(ctx, `SELECT t.name, t.foci FROM topic_cuis c JOIN topics t ON t.id = c.topic_id
		WHERE c.cui = $1 LIMIT $2`, cui, genericNamesRead)
	if err != nil {
		return false, err
	}
	var names, foci []string
	var name string
	if _, err := pgx.ForEachRow(rows, []any{&name, &foci}, func() error {
		if len(foci) == 0 {
			names = append(names, name)
		} else {
			names = append(names, foci...)
		}
		return nil
	}); err != nil {
		return false, err
	}
	return corpus.GenericConcept(names), nil
}

// HardAnswers implements store.Concepts, from the grade index.
func (d *DB) HardAnswers(ctx context.Context, minGrade float64, limit int) (store.HardQueue, error) {
	if limit < 0 {
		return store.HardQueue{}, fmt.Errorf("postgres: hard answers: limit %d: must not be negative", limit)
	}
	q := store.HardQueue{Answers: []store.HardAnswer{}}
	err := d.read(ctx, func(tx querier) error {
		err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM answer_readability WHERE grade > $1`, minGrade).Scan(&q.Total)
		if err != nil || limit == 0 {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT a.key, qu.slug, qu.title, a.source_key, a.dataset, r.grade, r.smog
			FROM answer_readability r JOIN answers a ON a.id = r.answer_id JOIN questions qu ON qu.id = a.question_id
			WHERE r.grade > $1 ORDER BY r.grade DESC, a.key LIMIT $2`, minGrade, limit)
		if err != nil {
			return err
		}
		q.Answers, err = collect(rows, func(r pgx.Rows) (store.HardAnswer, error) {
			var h store.HardAnswer
			err := r.Scan(&h.Key, &h.QuestionSlug, &h.QuestionTitle, &h.SourceKey, &h.Dataset, &h.Grade, &h.SMOG)
			return h, err
		})
		return err
	})
	if err != nil {
		return store.HardQueue{}, fmt.Errorf("postgres: hard answers: %w", err)
	}
	return q, nil
}

// ReadingLevels implements store.Concepts.
func (d *DB) ReadingLevels(ctx context.Context) ([]store.ReadingLevel, error) {
	rows, err := d.pool.Query(ctx, `SELECT a.source_key, a.dataset, r.grade, r.smog
		FROM answer_readability r JOIN answers a ON a.id = r.answer_id ORDER BY a.source_key, a.key`)
	if err != nil {
		return nil, fmt.Errorf("postgres: reading levels: %w", err)
	}
	list, err := collect(rows, func(r pgx.Rows) (store.ReadingLevel, error) {
		var l store.ReadingLevel
		err := r.Scan(&l.SourceKey, &l.Dataset, &l.Grade, &l.SMOG)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: reading levels: %w", err)
	}
	return list, nil
}

// AnswerGrades implements store.Concepts: one statement, the keys as an
// array.
func (d *DB) AnswerGrades(ctx context.Context, keys []string) (map[string]float64, error) {
	if len(keys) > store.MaxKeys {
		return nil, fmt.Errorf("postgres: answer grades: %d keys, more than %d", len(keys), store.MaxKeys)
	}
	out := map[string]float64{}
	if len(keys) == 0 {
		return out, nil
	}
	rows, err := d.pool.Query(ctx, `SELECT a.key, r.grade FROM answers a JOIN answer_readability r ON r.answer_id = a.id
		WHERE a.key = ANY($1)`, keys)
	if err != nil {
		return nil, fmt.Errorf("postgres: answer grades: %w", err)
	}
	var k string
	var g float64
	if _, err := pgx.ForEachRow(rows, []any{&k, &g}, func() error {
		out[k] = g
		return nil
	}); err != nil {
		return nil, fmt.Errorf("postgres: answer grades: %w", err)
	}
	return out, nil
}
