package postgres

import (
	"bytes"
	"fmt"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Rows are written in bulk: new rows by COPY, changed rows by UPDATEs
// sent batchSize at a time in one round trip, deletions by one statement
// over an array of ids. One statement per row, as on SQLite, would pay a
// network round trip each: tens of seconds for MedQuAD.

// batchSize bounds the statements queued before a batch is sent, and so
// the memory a batch holds.
const batchSize = 500

// batch queues statements and sends them together.
type batch struct {
	s *syncer
	b *pgx.Batch
}

func (s *syncer) newBatch() *batch { return &batch{s: s, b: &pgx.Batch{}} }

func (b *batch) exec(query string, args ...any) error {
	b.b.Queue(query, args...)
	if b.b.Len() >= batchSize {
		return b.flush()
	}
	return nil
}

// flush sends what is queued; Close reads every result and returns the
// first error.
func (b *batch) flush() error {
	if b.b.Len() == 0 {
		return nil
	}
	err := b.s.tx.SendBatch(b.s.ctx, b.b).Close()
	b.b = &pgx.Batch{}
	return err
}

// copyRows streams rows into table with COPY, stepping the progress as
// each row goes, so that progress (and a cancellation) follows what is
// actually written.
func (s *syncer) copyRows(table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	i := 0
	_, err := s.tx.CopyFrom(s.ctx, pgx.Identifier{table}, columns, pgx.CopyFromFunc(func() ([]any, error) {
		if i == len(rows) {
			return nil, nil
		}
		if err := s.progress.step(); err != nil {
			return nil, err
		}
		i++
		return rows[i-1], nil
	}))
	if err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	return nil
}

// newIDs reads back the ids of rows just copied into table (topics or
// questions), by slug: COPY returns nothing.
func (s *syncer) newIDs(table string, slugs []string, ids map[string]int64, states map[int64]rowState, ch *store.Changes) error {
	if len(slugs) == 0 {
		return nil
	}
	rows, err := s.tx.Query(s.ctx, `SELECT slug, id FROM `+table+` WHERE slug = ANY($1)`, slugs)
	if err != nil {
		return err
	}
	var slug string
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&slug, &id}, func() error {
		ids[slug] = id
		states[id] = stateInserted
		ch.Inserted++
		return nil
	})
	return err
}

// syncSources upserts sources after checking that every answer cites a
// source in the content or already stored. It checks before it writes,
// so that a bad reference writes nothing at all.
func (s *syncer) syncSources(sources []model.Source, answers []model.Answer) (store.Changes, error) {
	var ch store.Changes
	stored, err := s.storedSources()
	if err != nil {
		return ch, err
	}
	for _, a := range answers {
		if _, ok := stored[a.SourceKey]; ok {
			continue
		}
		if !hasSource(sources, a.SourceKey) {
			return ch, fmt.Errorf("answer %q: source %q is neither in the content nor stored", a.Key, a.SourceKey)
		}
	}
	b := s.newBatch()
	for _, src := range sources {
		old, ok := stored[src.Key]
		args := []any{src.Name, src.ShortName, src.HomeURL, src.Description, string(src.Kind), src.Key}
		switch {
		case !ok:
			err = b.exec(`INSERT INTO sources (name, short_name, home_url, description, kind, key)
				VALUES ($1, $2, $3, $4, $5, $6)`, args...)
			ch.Inserted++
		case old != src:
			err = b.exec(`UPDATE sources SET name = $1, short_name = $2, home_url = $3, description = $4, kind = $5
				WHERE key = $6`, args...)
			ch.Updated++
		default:
			ch.Unchanged++
		}
		if err != nil {
			return ch, fmt.Errorf("sources: %w", err)
		}
		if err := s.progress.step(); err != nil {
			return ch, err
		}
	}
	if err := b.flush(); err != nil {
		return ch, fmt.Errorf("sources: %w", err)
	}
	return ch, nil
}

// hasSource is a linear search: contents hold a dozen sources.
func hasSource(sources []model.Source, key string) bool {
	for _, s := range sources {
		if s.Key == key {
			return true
		}
	}
	return false
}

func (s *syncer) storedSources() (map[string]model.Source, error) {
	rows, err := s.tx.Query(s.ctx, `SELECT `+sourceColumns+` FROM sources`)
	if err != nil {
		return nil, err
	}
	m := map[string]model.Source{}
	var src model.Source
	_, err = pgx.ForEachRow(rows, sourceDest(&src), func() error {
		m[src.Key] = src
		return nil
	})
	return m, err
}

// stored is a row's identity and content hash, as loaded before upserting.
type stored struct {
	id      int64
	hash    []byte
	dataset string // answers only
}

// storedHashes loads every row of a table by natural key: far cheaper
// than one lookup per content row.
func (s *syncer) storedHashes(query string) (map[string]stored, error) {
	rows, err := s.tx.Query(s.ctx, query)
	if err != nil {
		return nil, err
	}
	m := map[string]stored{}
	var key string
	var r stored
	_, err = pgx.ForEachRow(rows, []any{&key, &r.id, &r.hash, &r.dataset}, func() error {
		m[key] = r
		return nil
	})
	return m, err
}

func (s *syncer) syncTopics(topics []model.Topic) (store.Changes, error) {
	var ch store.Changes
	old, err := s.storedHashes(`SELECT slug, id, hash, '' FROM topics`)
	if err != nil {
		return ch, err
	}
	s.topicIDs = make(map[string]int64, len(topics))
	s.topicStates = make(map[int64]rowState, len(topics))
	var inserts [][]any
	var slugs []string
	upd := s.newBatch()
	for _, t := range topics {
		h, err := topicHash(t)
		if err != nil {
			return ch, err
		}
		args := []any{t.Slug, t.Name, string(t.Category), t.SemanticGroup,
			list(t.CUIs), list(t.SemanticTypes), list(t.Synonyms), list(t.Foci), h}
		o, ok := old[t.Slug]
		if !ok {
			inserts, slugs = append(inserts, args), append(slugs, t.Slug)
			continue
		}
		state := stateUnchanged
		if !bytes.Equal(o.hash, h) {
			state = stateUpdated
			err = upd.exec(`UPDATE topics SET slug = $1, name = $2, category = $3, semantic_group = $4,
				cuis = $5, semantic_types = $6, synonyms = $7, foci = $8, hash = $9 WHERE id = $10`, append(args, o.id)...)
		}
		if err != nil {
			return ch, fmt.Errorf("topics: %w", err)
		}
		s.topicIDs[t.Slug], s.topicStates[o.id] = o.id, state
		count(&ch, state)
		if err := s.progress.step(); err != nil {
			return ch, err
		}
	}
	if err := upd.flush(); err != nil {
		return ch, fmt.Errorf("topics: %w", err)
	}
	if err := s.copyRows("topics", []string{"slug", "name", "category", "semantic_group",
		"cuis", "semantic_types", "synonyms", "foci", "hash"}, inserts); err != nil {
		return ch, err
	}
	return ch, s.newIDs("topics", slugs, s.topicIDs, s.topicStates, &ch)
}

func (s *syncer) syncQuestions(questions []model.Question) (store.Changes, error) {
	var ch store.Changes
	old, err := s.storedHashes(`SELECT slug, id, hash, '' FROM questions`)
	if err != nil {
		return ch, err
	}
	s.questionIDs = make(map[string]int64, len(questions))
	s.questionStates = make(map[int64]rowState, len(questions))
	var inserts [][]any
	var slugs []string
	upd := s.newBatch()
	for _, q := range questions {
		h := store.QuestionHash(q)
		args := []any{q.Slug, s.topicIDs[q.TopicSlug], q.Type, q.Title, h}
		o, ok := old[q.Slug]
		if !ok {
			inserts, slugs = append(inserts, args), append(slugs, q.Slug)
			continue
		}
		state := stateUnchanged
		if !bytes.Equal(o.hash, h) {
			state = stateUpdated
			err = upd.exec(`UPDATE questions SET slug = $1, topic_id = $2, type = $3, title = $4, hash = $5
				WHERE id = $6`, append(args, o.id)...)
		}
		if err != nil {
			return ch, fmt.Errorf("questions: %w", err)
		}
		s.questionIDs[q.Slug], s.questionStates[o.id] = o.id, state
		count(&ch, state)
		if err := s.progress.step(); err != nil {
			return ch, err
		}
	}
	if err := upd.flush(); err != nil {
		return ch, fmt.Errorf("questions: %w", err)
	}
	if err := s.copyRows("questions", []string{"slug", "topic_id", "type", "title", "hash"}, inserts); err != nil {
		return ch, err
	}
	return ch, s.newIDs("questions", slugs, s.questionIDs, s.questionStates, &ch)
}
