package sqlite

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// progressEvery is how many rows pass between Progress calls and
// cancellation checks: often enough for a progress bar, rarely enough to
// cost nothing.
const progressEvery = 1000

// Sync implements store.Store. Everything happens in one transaction,
// committed once, so that a crash or cancellation leaves the store as it
// was. An Answer's Dataset may be left empty; it is stored as dataset. A
// zero opts.Now means time.Now().
func (d *DB) Sync(ctx context.Context, dataset string, content store.Content, opts store.SyncOptions) (store.SyncResult, error) {
	started := time.Now()
	if opts.Now.IsZero() {
		opts.Now = started
	}
	if err := store.Validate(dataset, content); err != nil {
		return store.SyncResult{}, fmt.Errorf("sqlite: sync %s: %w", dataset, err)
	}
	res, err := d.sync(ctx, dataset, content, opts, started)
	if err != nil {
		// database/sql rolls back as soon as ctx is done, so the error
		// seen may be "transaction has already been committed or rolled
		// back"; the cause worth reporting is the context's.
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return store.SyncResult{}, fmt.Errorf("sqlite: sync %s: %w", dataset, err)
	}
	return res, nil
}

func (d *DB) sync(ctx context.Context, dataset string, c store.Content, opts store.SyncOptions, started time.Time) (store.SyncResult, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return store.SyncResult{}, err
	}
	defer tx.Rollback()
	if opts.IfVersion != nil {
		// A write first: it takes the database's write lock, so that no
		// publish commits between this check and the commit.
		r, err := tx.ExecContext(ctx, `UPDATE store_version SET version = version WHERE version = ?`, *opts.IfVersion)
		if err != nil {
			return store.SyncResult{}, fmt.Errorf("check version: %w", err)
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			return store.SyncResult{}, cmp.Or(err, store.ErrVersionChanged)
		}
	}

	s := &syncer{
		ctx:     ctx,
		tx:      tx,
		dataset: dataset,
		now:     formatTime(opts.Now),
		progress: progress{
			ctx:   ctx,
			total: len(c.Sources) + len(c.Topics) + len(c.Questions) + len(c.Answers) + len(c.Digests),
			fn:    opts.Progress,
		},
	}
	res, err := s.run(c)
	if err != nil {
		return store.SyncResult{}, err
	}
	if err := s.logImport(res, started); err != nil {
		return store.SyncResult{}, err
	}
	if changed(res) || s.readabilityWrites > 0 {
		if _, err := tx.ExecContext(ctx, nextVersion, clockVersion()); err != nil {
			return store.SyncResult{}, fmt.Errorf("bump version: %w", err)
		}
		if _, err := tx.ExecContext(ctx, markImported); err != nil {
			return store.SyncResult{}, fmt.Errorf("mark the import's version: %w", err)
		}
		if _, err := tx.ExecContext(ctx, dropSnapshot); err != nil {
			return store.SyncResult{}, fmt.Errorf("drop search snapshot: %w", err)
		}
		if err := saveSnapshotInSync(ctx, tx, opts.Snapshot); err != nil {
			return store.SyncResult{}, fmt.Errorf("search snapshot: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return store.SyncResult{}, err
	}
	s.progress.finish()
	return res, nil
}

// syncer holds one Sync's transaction and what it has learnt so far.
type syncer struct {
	ctx      context.Context
	tx       *sql.Tx
	dataset  string
	now      string
	progress progress

	topicIDs       map[string]int64 // by slug, after upsert
	questionIDs    map[string]int64 // by slug, after upsert
	topicStates    map[int64]rowState
	questionStates map[int64]rowState
	digestStates   map[int64]rowState // by question id

	readabilityWrites int // answer_readability rows written (issue 12)
}

// rowState is what a Sync did to a row, remembered so that the orphan
// sweep can correct the counts of rows it removes again.
type rowState int

const (
	stateNone rowState = iota // stored before, not in the content
	stateInserted
	stateUpdated
	stateUnchanged
)

func (s *syncer) run(c store.Content) (store.SyncResult, error) {
	var res store.SyncResult
	var err error
	s.progress.start()
	if res.Sources, err = s.syncSources(c.Sources, c.Answers); err != nil {
		return res, err
	}
	if res.Topics, err = s.syncTopics(c.Topics); err != nil {
		return res, err
	}
	if res.Questions, err = s.syncQuestions(c.Questions); err != nil {
		return res, err
	}
	oldPairs, err := s.storedAbbreviations() // issue 11, before answers go
	if err != nil {
		return res, fmt.Errorf("abbreviations: %w", err)
	}
	if res.Answers, err = s.syncAnswers(c.Answers); err != nil {
		return res, err
	}
	if res.Abbreviations, err = s.syncAbbreviations(c.Abbreviations, c.Answers, oldPairs); err != nil {
		return res, fmt.Errorf("abbreviations: %w", err)
	}
	// Issue 12: reading grades, in answer_readability (readability.go).
	if s.readabilityWrites, err = s.syncReadability(c.Answers); err != nil {
		return res, fmt.Errorf("readability: %w", err)
	}
	if res.Digests, err = s.syncDigests(c.Digests); err != nil {
		return res, err
	}
	// The digests of the questions about to go would go with them by
	// cascade, uncounted; deleting them first counts them.
	if err := s.sweep(`DELETE FROM digests WHERE NOT EXISTS
		(SELECT 1 FROM answers a WHERE a.question_id = digests.question_id) RETURNING question_id`,
		&res.Digests, s.digestStates); err != nil {
		return res, fmt.Errorf("delete digests of questions without answers: %w", err)
	}
	if err := s.sweep(`DELETE FROM questions WHERE NOT EXISTS
		(SELECT 1 FROM answers a WHERE a.question_id = questions.id) RETURNING id`,
		&res.Questions, s.questionStates); err != nil {
		return res, fmt.Errorf("delete questions without answers: %w", err)
	}
	if err := s.sweep(`DELETE FROM topics WHERE NOT EXISTS
		(SELECT 1 FROM questions q WHERE q.topic_id = topics.id) RETURNING id`,
		&res.Topics, s.topicStates); err != nil {
		return res, fmt.Errorf("delete topics without questions: %w", err)
	}
	return res, nil
}

// syncSources upserts sources after checking that every answer cites a
// source in the content or already stored. It runs first, and checks
// before it writes, so that a bad reference writes nothing at all.
func (s *syncer) syncSources(sources []model.Source, answers []model.Answer) (store.Changes, error) {
	var ch store.Changes
	stored, err := s.storedSources()
	if err != nil {
		return ch, err
	}
	known := make(map[string]bool, len(stored)+len(sources))
	for k := range stored {
		known[k] = true
	}
	for _, src := range sources {
		known[src.Key] = true
	}
	for _, a := range answers {
		if !known[a.SourceKey] {
			return ch, fmt.Errorf("answer %q: source %q is neither in the content nor stored", a.Key, a.SourceKey)
		}
	}

	ins, err := s.prepare(`INSERT INTO sources (name, short_name, home_url, description, kind, key)
		VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return ch, err
	}
	defer ins.Close()
	upd, err := s.prepare(`UPDATE sources SET name = ?, short_name = ?, home_url = ?, description = ?, kind = ?
		WHERE key = ?`)
	if err != nil {
		return ch, err
	}
	defer upd.Close()

	for _, src := range sources {
		old, ok := stored[src.Key]
		args := []any{src.Name, src.ShortName, src.HomeURL, src.Description, string(src.Kind), src.Key}
		switch {
		case !ok:
			_, err = ins.ExecContext(s.ctx, args...)
			ch.Inserted++
		case old != src:
			_, err = upd.ExecContext(s.ctx, args...)
			ch.Updated++
		default:
			ch.Unchanged++
		}
		if err != nil {
			return ch, fmt.Errorf("source %q: %w", src.Key, err)
		}
		if err := s.progress.step(); err != nil {
			return ch, err
		}
	}
	return ch, nil
}

func (s *syncer) storedSources() (map[string]model.Source, error) {
	rows, err := s.tx.QueryContext(s.ctx, `SELECT `+sourceColumns+` FROM sources`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]model.Source{}
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, err
		}
		m[src.Key] = src
	}
	return m, rows.Err()
}

// stored is a row's identity and content hash, as loaded before upserting.
type stored struct {
	id      int64
	hash    []byte
	dataset string // answers only
}

// storedHashes loads every row of a table by natural key. Loading them
// all at once is far cheaper than one lookup per content row.
func (s *syncer) storedHashes(query string) (map[string]stored, error) {
	rows, err := s.tx.QueryContext(s.ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]stored{}
	for rows.Next() {
		var key string
		var r stored
		if err := rows.Scan(&key, &r.id, &r.hash, &r.dataset); err != nil {
			return nil, err
		}
		m[key] = r
	}
	return m, rows.Err()
}

func (s *syncer) syncTopics(topics []model.Topic) (store.Changes, error) {
	var ch store.Changes
	old, err := s.storedHashes(`SELECT slug, id, hash, '' FROM topics`)
	if err != nil {
		return ch, err
	}
	ins, err := s.prepare(`INSERT INTO topics
		(slug, name, category, semantic_group, cuis, semantic_types, synonyms, foci, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return ch, err
	}
	defer ins.Close()
	upd, err := s.prepare(`UPDATE topics SET slug = ?, name = ?, category = ?, semantic_group = ?,
		cuis = ?, semantic_types = ?, synonyms = ?, foci = ?, hash = ? WHERE id = ?`)
	if err != nil {
		return ch, err
	}
	defer upd.Close()

	s.topicIDs = make(map[string]int64, len(topics))
	s.topicStates = make(map[int64]rowState, len(topics))
	for _, t := range topics {
		r, err := encodeTopic(t)
		if err != nil {
			return ch, err
		}
		args := []any{t.Slug, t.Name, string(t.Category), t.SemanticGroup, r.cuis, r.semanticTypes, r.synonyms, r.foci, r.hash}
		id, state, err := s.upsert(ins, upd, old[t.Slug], args)
		if err != nil {
			return ch, fmt.Errorf("topic %q: %w", t.Slug, err)
		}
		s.topicIDs[t.Slug] = id
		s.topicStates[id] = state
		count(&ch, state)
		if err := s.progress.step(); err != nil {
			return ch, err
		}
	}
	return ch, nil
}

func (s *syncer) syncQuestions(questions []model.Question) (store.Changes, error) {
	var ch store.Changes
	old, err := s.storedHashes(`SELECT slug, id, hash, '' FROM questions`)
	if err != nil {
		return ch, err
	}
	ins, err := s.prepare(`INSERT INTO questions (slug, topic_id, type, title, hash) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return ch, err
	}
	defer ins.Close()
	upd, err := s.prepare(`UPDATE questions SET slug = ?, topic_id = ?, type = ?, title = ?, hash = ? WHERE id = ?`)
	if err != nil {
		return ch, err
	}
	defer upd.Close()

	s.questionIDs = make(map[string]int64, len(questions))
	s.questionStates = make(map[int64]rowState, len(questions))
	for _, q := range questions {
		args := []any{q.Slug, s.topicIDs[q.TopicSlug], q.Type, q.Title, store.QuestionHash(q)}
		id, state, err := s.upsert(ins, upd, old[q.Slug], args)
		if err != nil {
			return ch, fmt.Errorf("question %q: %w", q.Slug, err)
		}
		s.questionIDs[q.Slug] = id
		s.questionStates[id] = state
		count(&ch, state)
		if err := s.progress.step(); err != nil {
			return ch, err
		}
	}
	return ch, nil
}

// upsert writes one topic or question: args are the insert's arguments,
// ending with the hash; the update takes the same plus the row id.
func (s *syncer) upsert(ins, upd *sql.Stmt, old stored, args []any) (int64, rowState, error) {
	if old.id == 0 {
		res, err := ins.ExecContext(s.ctx, args...)
		if err != nil {
			return 0, 0, err
		}
		id, err := res.LastInsertId()
		return id, stateInserted, err
	}
	if bytes.Equal(old.hash, args[len(args)-1].([]byte)) {
		return old.id, stateUnchanged, nil
	}
	_, err := upd.ExecContext(s.ctx, append(args, old.id)...)
	return old.id, stateUpdated, err
}

func (s *syncer) syncAnswers(answers []model.Answer) (store.Changes, error) {
	var ch store.Changes
	old, err := s.storedHashes(`SELECT key, id, hash, dataset FROM answers`)
	if err != nil {
		return ch, err
	}
	ins, err := s.prepare(`INSERT INTO answers (doc_id, question_id, source_key, dataset, origin,
		source_url, source_question, text, hash, updated_at, key, imported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return ch, err
	}
	defer ins.Close()
	upd, err := s.prepare(`UPDATE answers SET doc_id = ?, question_id = ?, source_key = ?, dataset = ?,
		origin = ?, source_url = ?, source_question = ?, text = ?, hash = ?, updated_at = ?
		WHERE key = ?`)
	if err != nil {
		return ch, err
	}
	defer upd.Close()

	keep := make(map[string]bool, len(answers))
	for _, a := range answers {
		a.Dataset = s.dataset
		keep[a.Key] = true
		h := store.AnswerHash(a)
		args := []any{a.DocID, s.questionIDs[a.QuestionSlug], a.SourceKey, a.Dataset, a.Origin,
			a.SourceURL, a.SourceQuestion, a.Text, h, s.now, a.Key}
		o, ok := old[a.Key]
		if ok && o.dataset != s.dataset {
			// Another dataset's answer (a contributor's, above all) is
			// never overwritten by an import: the key clash is an error.
			return ch, fmt.Errorf("answer %q: the key belongs to an answer of dataset %q", a.Key, o.dataset)
		}
		switch {
		case !ok:
			_, err = ins.ExecContext(s.ctx, append(args, s.now)...)
			ch.Inserted++
		case !bytes.Equal(o.hash, h):
			_, err = upd.ExecContext(s.ctx, args...)
			ch.Updated++
		default:
			ch.Unchanged++
		}
		if err != nil {
			return ch, fmt.Errorf("answer %q: %w", a.Key, err)
		}
		if err := s.progress.step(); err != nil {
			return ch, err
		}
	}
	ch.Deleted, err = s.deleteAnswers(old, keep)
	return ch, err
}

// deleteAnswers deletes this dataset's stored answers that the content
// no longer has. Other datasets' answers are theirs to keep.
func (s *syncer) deleteAnswers(old map[string]stored, keep map[string]bool) (int, error) {
	del, err := s.prepare(`DELETE FROM answers WHERE id = ?`)
	if err != nil {
		return 0, err
	}
	defer del.Close()
	n := 0
	for key, o := range old {
		if o.dataset != s.dataset || keep[key] {
			continue
		}
		if _, err := del.ExecContext(s.ctx, o.id); err != nil {
			return n, fmt.Errorf("delete answer %q: %w", key, err)
		}
		n++
	}
	return n, nil
}

// sweep runs a DELETE ... RETURNING id of orphans and counts each row
// removed as Deleted, unless this Sync inserted it: a row that came and
// went within one Sync was never there for the caller.
func (s *syncer) sweep(query string, ch *store.Changes, states map[int64]rowState) error {
	rows, err := s.tx.QueryContext(s.ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		switch states[id] {
		case stateInserted:
			ch.Inserted--
			continue
		case stateUpdated:
			ch.Updated--
		case stateUnchanged:
			ch.Unchanged--
		}
		ch.Deleted++
	}
	return rows.Err()
}

func (s *syncer) logImport(res store.SyncResult, started time.Time) error {
	counts, err := json.Marshal(res)
	if err != nil {
		return err
	}
	_, err = s.tx.ExecContext(s.ctx,
		`INSERT INTO imports (dataset, started_at, finished_at, counts) VALUES (?, ?, ?, ?)`,
		s.dataset, formatTime(started), formatTime(time.Now()), string(counts))
	return err
}

func (s *syncer) prepare(query string) (*sql.Stmt, error) {
	return s.tx.PrepareContext(s.ctx, query)
}

// changed reports whether a Sync wrote anything a reader could see.
func changed(res store.SyncResult) bool {
	return res.Sources.Changed() || res.Topics.Changed() || res.Questions.Changed() || res.Answers.Changed() ||
		res.Digests.Changed() || res.Abbreviations.Changed()
}

func count(ch *store.Changes, state rowState) {
	switch state {
	case stateInserted:
		ch.Inserted++
	case stateUpdated:
		ch.Updated++
	case stateUnchanged:
		ch.Unchanged++
	}
}
