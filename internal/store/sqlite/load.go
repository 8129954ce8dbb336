package sqlite

import (
	"context"
	"fmt"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Load implements store.Store. Everything is read in one transaction,
// so that every answer's question and every question's topic is there.
func (d *DB) Load(ctx context.Context) (store.Content, error) {
	var c store.Content
	err := d.read(ctx, func(tx querier) (err error) {
		c, err = loadContent(ctx, tx)
		return err
	})
	if err != nil {
		return store.Content{}, fmt.Errorf("sqlite: load: %w", err)
	}
	return c, nil
}

// loadContent reads Load's content in tx: a read transaction, or a
// Sync's, which sees its own writes (SyncOptions.Snapshot).
func loadContent(ctx context.Context, tx querier) (store.Content, error) {
	var c store.Content
	rows, err := tx.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources ORDER BY key`)
	if err != nil {
		return c, err
	}
	if c.Sources, err = collect(rows, scanSource); err != nil {
		return c, err
	}
	topics, err := topicSummaries(ctx, tx, allTopics)
	if err != nil {
		return c, err
	}
	c.Topics = make([]model.Topic, len(topics))
	for i, t := range topics {
		c.Topics[i] = t.Topic
	}
	rows, err = tx.QueryContext(ctx, `SELECT q.slug, t.slug, q.type, q.title
		FROM questions q JOIN topics t ON t.id = q.topic_id ORDER BY q.slug`)
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
	rows, err = tx.QueryContext(ctx, `SELECT q.slug, `+answerColumns+`
		FROM answers a JOIN questions q ON q.id = a.question_id `+contribJoins+` ORDER BY a.key`)
	if err != nil {
		return c, err
	}
	if c.Answers, err = collect(rows, scanLoadedAnswer); err != nil {
		return c, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT q.slug, d.points
		FROM digests d JOIN questions q ON q.id = d.question_id ORDER BY q.slug`)
	if err != nil {
		return c, err
	}
	c.Digests, err = collect(rows, func(s scanner) (model.Digest, error) {
		var slug, points string
		if err := s.Scan(&slug, &points); err != nil {
			return model.Digest{}, err
		}
		return decodeDigest(slug, points)
	})
	if err != nil {
		return c, err
	}
	c.Abbreviations, err = loadAbbreviations(ctx, tx)
	return c, err
}

// scanLoadedAnswer reads a question slug and then answerColumns.
func scanLoadedAnswer(s scanner) (model.Answer, error) {
	var slug string
	a, err := scanAnswer(s, &slug)
	a.QuestionSlug = slug
	return a, err
}
