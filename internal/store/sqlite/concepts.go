package sqlite

import (
	"context"
	"fmt"

	"healthqa/internal/corpus"
	"healthqa/internal/store"
)

var _ store.Concepts = (*DB)(nil)

// Concept implements store.Concepts. Everything is reached through the
// topic_cuis index (cui → topics), never by parsing topics' JSON: the
// count, the names that decide genericity, and one page of topics, all
// in one read transaction so that they agree.
func (d *DB) Concept(ctx context.Context, cui string) (store.ConceptPage, error) {
	page := store.ConceptPage{CUI: cui, Topics: []store.ConceptTopic{}}
	err := d.read(ctx, func(tx querier) error {
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM topic_cuis WHERE cui = ?`, cui).Scan(&page.TopicCount)
		if err != nil {
			return err
		}
		if page.TopicCount == 0 {
			return store.ErrNotFound
		}
		if page.Generic, err = genericConcept(ctx, tx, cui); err != nil {
			return err
		}
		topics, err := topicList(ctx, tx, `SELECT `+topicColumns+`
			FROM topic_cuis c JOIN topics t ON t.id = c.topic_id WHERE c.cui = ?
			ORDER BY `+topicOrder+` LIMIT ?`, cui, store.MaxConceptPageTopics)
		if err != nil {
			return err
		}
		for _, t := range topics {
			qs, err := topicQuestions(ctx, tx, t.Slug)
			if err != nil {
				return fmt.Errorf("topic %q: %w", t.Slug, err)
			}
			page.Topics = append(page.Topics, store.ConceptTopic{TopicSummary: t, Questions: qs})
		}
		return nil
	})
	if err != nil {
		return store.ConceptPage{}, fmt.Errorf("sqlite: concept %q: %w", cui, err)
	}
	return page, nil
}

// genericNamesRead bounds the topics whose names genericConcept reads:
// a concept is generic as soon as corpus.GenericCUIThreshold distinct
// names are seen, and a concept on thousands of topics must not cost
// thousands of rows to say so.
const genericNamesRead = 64

// genericConcept applies the corpus' rule (corpus.GenericConcept) to the
// names the sources gave the topics carrying cui.
func genericConcept(ctx context.Context, tx querier, cui string) (bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.name, t.foci FROM topic_cuis c JOIN topics t ON t.id = c.topic_id
		WHERE c.cui = ? LIMIT ?`, cui, genericNamesRead)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name, foci string
		if err := rows.Scan(&name, &foci); err != nil {
			return false, err
		}
		list, err := decodeList(foci)
		if err != nil {
			return false, err
		}
		if len(list) == 0 {
			list = []string{name}
		}
		names = append(names, list...)
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	return corpus.GenericConcept(names), nil
}

// HardAnswers implements store.Concepts, from the grade index.
func (d *DB) HardAnswers(ctx context.Context, minGrade float64, limit int) (store.HardQueue, error) {
	if limit < 0 {
		return store.HardQueue{}, fmt.Errorf("sqlite: hard answers: limit %d: must not be negative", limit)
	}
	q := store.HardQueue{Answers: []store.HardAnswer{}}
	err := d.read(ctx, func(tx querier) error {
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM answer_readability WHERE grade > ?`, minGrade).Scan(&q.Total)
		if err != nil || limit == 0 {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT a.key, qu.slug, qu.title, a.source_key, a.dataset, r.grade, r.smog
			FROM answer_readability r JOIN answers a ON a.id = r.answer_id JOIN questions qu ON qu.id = a.question_id
			WHERE r.grade > ? ORDER BY r.grade DESC, a.key LIMIT ?`, minGrade, limit)
		if err != nil {
			return err
		}
		q.Answers, err = collect(rows, func(s scanner) (store.HardAnswer, error) {
			var h store.HardAnswer
			err := s.Scan(&h.Key, &h.QuestionSlug, &h.QuestionTitle, &h.SourceKey, &h.Dataset, &h.Grade, &h.SMOG)
			return h, err
		})
		return err
	})
	if err != nil {
		return store.HardQueue{}, fmt.Errorf("sqlite: hard answers: %w", err)
	}
	return q, nil
}

// ReadingLevels implements store.Concepts.
func (d *DB) ReadingLevels(ctx context.Context) ([]store.ReadingLevel, error) {
	rows, err := cachedDB{d}.QueryContext(ctx, `SELECT a.source_key, a.dataset, r.grade, r.smog
		FROM answer_readability r JOIN answers a ON a.id = r.answer_id ORDER BY a.source_key, a.key`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: reading levels: %w", err)
	}
	list, err := collect(rows, func(s scanner) (store.ReadingLevel, error) {
		var l store.ReadingLevel
		err := s.Scan(&l.SourceKey, &l.Dataset, &l.Grade, &l.SMOG)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: reading levels: %w", err)
	}
	return list, nil
}

// AnswerGrades implements store.Concepts: one statement, the keys as a
// JSON array.
func (d *DB) AnswerGrades(ctx context.Context, keys []string) (map[string]float64, error) {
	if len(keys) > store.MaxKeys {
		return nil, fmt.Errorf("sqlite: answer grades: %d keys, more than %d", len(keys), store.MaxKeys)
	}
	out := map[string]float64{}
	if len(keys) == 0 {
		return out, nil
	}
	list, err := encodeJSON(keys)
	if err != nil {
		return nil, err
	}
	rows, err := cachedDB{d}.QueryContext(ctx, `SELECT a.key, r.grade FROM answers a JOIN answer_readability r ON r.answer_id = a.id
		WHERE a.key IN (SELECT value FROM json_each(?))`, list)
	if err != nil {
		return nil, fmt.Errorf("sqlite: answer grades: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var g float64
		if err := rows.Scan(&k, &g); err != nil {
			return nil, fmt.Errorf("sqlite: answer grades: %w", err)
		}
		out[k] = g
	}
	return out, rows.Err()
}
