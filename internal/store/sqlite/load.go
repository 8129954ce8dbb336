package sqlite

import (
	"context"
	"fmt"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Load implements store.Store. Questions, answers and digests are read
// in one transaction so that every answer's and digest's question is
// there; a Sync between that and the topic read can only add or drop
// whole topics, which the search index tolerates until the next load.
func (d *DB) Load(ctx context.Context) (store.Content, error) {
	var c store.Content
	err := d.read(ctx, func(tx querier) error {
		var err error
		if c.Sources, err = d.Sources(ctx); err != nil {
			return err
		}
		topics, err := d.Topics(ctx)
		if err != nil {
			return err
		}
		c.Topics = make([]model.Topic, len(topics))
		for i, t := range topics {
			c.Topics[i] = t.Topic
		}
		rows, err := tx.QueryContext(ctx, `SELECT q.slug, t.slug, q.type, q.title
			FROM questions q JOIN topics t ON t.id = q.topic_id ORDER BY q.slug`)
		if err != nil {
			return err
		}
		c.Questions, err = collect(rows, func(s scanner) (model.Question, error) {
			var q model.Question
			return q, s.Scan(&q.Slug, &q.TopicSlug, &q.Type, &q.Title)
		})
		if err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT q.slug, `+answerColumns+`
			FROM answers a JOIN questions q ON q.id = a.question_id `+contribJoins+` ORDER BY a.key`)
		if err != nil {
			return err
		}
		if c.Answers, err = collect(rows, scanLoadedAnswer); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT q.slug, d.points
			FROM digests d JOIN questions q ON q.id = d.question_id ORDER BY q.slug`)
		if err != nil {
			return err
		}
		c.Digests, err = collect(rows, func(s scanner) (model.Digest, error) {
			var slug, points string
			if err := s.Scan(&slug, &points); err != nil {
				return model.Digest{}, err
			}
			return decodeDigest(slug, points)
		})
		if err != nil {
			return err
		}
		c.Abbreviations, err = loadAbbreviations(ctx, tx)
		return err
	})
	if err != nil {
		return store.Content{}, fmt.Errorf("sqlite: load: %w", err)
	}
	return c, nil
}

// scanLoadedAnswer reads a question slug and then answerColumns.
func scanLoadedAnswer(s scanner) (model.Answer, error) {
	var slug string
	a, err := scanAnswer(s, &slug)
	a.QuestionSlug = slug
	return a, err
}
