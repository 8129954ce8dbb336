package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Load implements store.Store. Every statement runs in one REPEATABLE
// READ transaction, topics and sources included, so that the content is
// one snapshot: every answer's question and every question's topic is
// there, whatever Sync commits meanwhile.
func (d *DB) Load(ctx context.Context) (store.Content, error) {
	var c store.Content
	err := d.readContent(ctx, func(tx querier) (err error) {
		c, err = loadContent(ctx, tx)
		return err
	})
	if err != nil {
		return store.Content{}, fmt.Errorf("postgres: load: %w", err)
	}
	return c, nil
}

// loadContent reads Load's content in tx: a read transaction, or a
// Sync's, which sees its own writes (SyncOptions.Snapshot).
func loadContent(ctx context.Context, tx querier) (store.Content, error) {
	var c store.Content
	var err error
	if c.Sources, err = sources(ctx, tx); err != nil {
		return c, err
	}
	topics, err := topicList(ctx, tx, topicSelect+` ORDER BY t.slug`)
	if err != nil {
		return c, err
	}
	c.Topics = make([]model.Topic, len(topics))
	for i, t := range topics {
		c.Topics[i] = t.Topic
	}
	rows, err := tx.Query(ctx, `SELECT q.slug, t.slug, q.type, q.title
		FROM questions q JOIN topics t ON t.id = q.topic_id ORDER BY q.slug`)
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
	rows, err = tx.Query(ctx, `SELECT q.slug, `+answerColumns+`
		FROM answers a JOIN questions q ON q.id = a.question_id `+contribJoins+` ORDER BY a.key`)
	if err != nil {
		return c, err
	}
	if c.Answers, err = collect(rows, scanAnswer); err != nil {
		return c, err
	}
	rows, err = tx.Query(ctx, `SELECT q.slug, d.points::text
		FROM digests d JOIN questions q ON q.id = d.question_id ORDER BY q.slug`)
	if err != nil {
		return c, err
	}
	c.Digests, err = collect(rows, func(r pgx.Rows) (model.Digest, error) {
		var slug string
		var points []byte
		if err := r.Scan(&slug, &points); err != nil {
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
