package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/store"
)

// progressEvery is how many rows pass between Progress calls and
// cancellation checks.
const progressEvery = 1000

// Sync implements store.Store. Everything happens in one transaction,
// committed once, so that a crash, a kill or a cancellation leaves the
// store as it was. The transaction first takes an advisory lock, so that
// two imports (from two nodes, say) run one after the other instead of
// colliding on the same keys; under READ COMMITTED the second then reads
// what the first committed. An Answer's Dataset may be left empty; it is
// stored as dataset. A zero opts.Now means time.Now().
func (d *DB) Sync(ctx context.Context, dataset string, content store.Content, opts store.SyncOptions) (store.SyncResult, error) {
	started := time.Now()
	if opts.Now.IsZero() {
		opts.Now = started
	}
	if err := store.Validate(dataset, content); err != nil {
		return store.SyncResult{}, fmt.Errorf("postgres: sync %s: %w", dataset, err)
	}
	res, wrote, err := d.sync(ctx, dataset, content, opts, started)
	if err != nil {
		// pgx reports a cancelled statement in its own words; the cause
		// worth reporting, and matching with errors.Is, is the context's.
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return store.SyncResult{}, fmt.Errorf("postgres: sync %s: %w", dataset, err)
	}
	if wrote {
		d.ver.forget()
	}
	return res, nil
}

// sync reports, besides the counts, whether it wrote anything a reader
// could see: the counts do not cover the reading grades.
func (d *DB) sync(ctx context.Context, dataset string, c store.Content, opts store.SyncOptions, started time.Time) (store.SyncResult, bool, error) {
	var none store.SyncResult
	tx, err := d.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return none, false, err
	}
	// Rolling back after a commit does nothing; after a cancellation it
	// must still reach the server, so it gets a context of its own.
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, syncLockKey); err != nil {
		return none, false, fmt.Errorf("sync lock: %w", err)
	}
	// Publishes take the same lock: none commits between this check and
	// the commit.
	if opts.IfVersion != nil {
		var v int64
		if err := tx.QueryRow(ctx, `SELECT version FROM store_version`).Scan(&v); err != nil {
			return none, false, fmt.Errorf("check version: %w", err)
		}
		if v != *opts.IfVersion {
			return none, false, store.ErrVersionChanged
		}
	}
	s := &syncer{
		ctx:     ctx,
		tx:      tx,
		dataset: dataset,
		now:     dbTime(opts.Now),
		progress: progress{
			ctx:   ctx,
			total: len(c.Sources) + len(c.Topics) + len(c.Questions) + len(c.Answers) + len(c.Digests),
			fn:    opts.Progress,
		},
	}
	res, err := s.run(c)
	if err != nil {
		return none, false, err
	}
	if err := s.logImport(res, started); err != nil {
		return none, false, err
	}
	wrote := changed(res) || s.readabilityWrites > 0
	if wrote {
		if _, err := tx.Exec(ctx, nextVersion, clockVersion()); err != nil {
			return none, false, fmt.Errorf("bump version: %w", err)
		}
		if _, err := tx.Exec(ctx, markImported); err != nil {
			return none, false, fmt.Errorf("mark the import's version: %w", err)
		}
		if _, err := tx.Exec(ctx, dropSnapshot); err != nil {
			return none, false, fmt.Errorf("drop search snapshot: %w", err)
		}
	}
	if bulk(res) || s.readabilityWrites >= bulkRows {
		// The planner's statistics would otherwise describe the tables
		// as they were (empty, after a first import) until autovacuum
		// comes by: the Load that follows an import took seconds on
		// such plans. ANALYZE in the transaction counts its own rows and
		// commits the statistics with them. Only the columns reads join,
		// filter and group on: statistics of answer text would cost the
		// most and serve no plan. (The grades of a database from before
		// migration 0011 are all written by one import that changes
		// nothing else: hence the second condition.)
		if _, err := tx.Exec(ctx, `ANALYZE topics (id, slug, letter), questions (id, slug, topic_id),
			answers (question_id, source_key, key, doc_id, dataset), digests (question_id),
			topic_cuis (topic_id, cui), answer_readability (answer_id, grade), abbreviations (answer_id)`); err != nil {
			return none, false, fmt.Errorf("analyze: %w", err)
		}
	}
	if wrote {
		// After ANALYZE: the snapshot's Load plans with the new counts.
		if err := saveSnapshotInSync(ctx, tx, opts.Snapshot); err != nil {
			return none, false, fmt.Errorf("search snapshot: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return none, false, err
	}
	s.progress.finish()
	return res, wrote, nil
}

// syncer holds one Sync's transaction and what it has learnt so far.
type syncer struct {
	ctx      context.Context
	tx       pgx.Tx
	dataset  string
	now      time.Time
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

// sweep runs a DELETE ... RETURNING id of orphans and counts each row
// removed as Deleted, unless this Sync inserted it: a row that came and
// went within one Sync was never there for the caller.
func (s *syncer) sweep(query string, ch *store.Changes, states map[int64]rowState) error {
	rows, err := s.tx.Query(s.ctx, query)
	if err != nil {
		return err
	}
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&id}, func() error {
		switch states[id] {
		case stateInserted:
			ch.Inserted--
			return nil
		case stateUpdated:
			ch.Updated--
		case stateUnchanged:
			ch.Unchanged--
		}
		ch.Deleted++
		return nil
	})
	return err
}

func (s *syncer) logImport(res store.SyncResult, started time.Time) error {
	counts, err := json.Marshal(res)
	if err != nil {
		return err
	}
	_, err = s.tx.Exec(s.ctx,
		`INSERT INTO imports (dataset, started_at, finished_at, counts) VALUES ($1, $2, $3, $4)`,
		s.dataset, dbTime(started), dbTime(time.Now()), string(counts))
	return err
}

// changed reports whether a Sync changed a counted row (the reading
// grades are not counted: sync adds them).
func changed(res store.SyncResult) bool {
	return res.Sources.Changed() || res.Topics.Changed() || res.Questions.Changed() || res.Answers.Changed() ||
		res.Digests.Changed() || res.Abbreviations.Changed()
}

// bulkRows is how many rows added or removed make a Sync refresh the
// planner's statistics.
const bulkRows = 1000

// bulk reports whether a Sync added or removed enough rows to change
// the tables' shape for the planner. Updates in place do not.
func bulk(res store.SyncResult) bool {
	n := 0
	for _, ch := range []store.Changes{res.Topics, res.Questions, res.Answers, res.Digests, res.Abbreviations} {
		n += ch.Inserted + ch.Deleted
	}
	return n >= bulkRows
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

// progress reports rows done to SyncOptions.Progress and, at the same
// pace, notices cancellation between statements.
type progress struct {
	ctx         context.Context
	done, total int
	fn          func(done, total int)
}

func (p *progress) start() {
	if p.fn != nil {
		p.fn(0, p.total)
	}
}

func (p *progress) step() error {
	p.done++
	if p.done%progressEvery != 0 {
		return nil
	}
	if err := p.ctx.Err(); err != nil {
		return err
	}
	if p.fn != nil {
		p.fn(p.done, p.total)
	}
	return nil
}

// finish reports completion once, unless step just did.
func (p *progress) finish() {
	if p.fn != nil && p.total%progressEvery != 0 {
		p.fn(p.total, p.total)
	}
}

// stepAll steps n rows at once, for rows that needed no statement.
func (p *progress) stepAll(n int) error {
	for range n {
		if err := p.step(); err != nil {
			return err
		}
	}
	return nil
}
