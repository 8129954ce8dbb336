package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Issue 11: the abbreviation definitions the import learns from the
// answers' text, each kept with its answer (migration 0014), as on
// SQLite (sqlite/sync_abbreviations.go).

// abbrevPair is one stored pair of an answer.
type abbrevPair struct{ short, long string }

// storedAbbreviations loads this dataset's stored pairs by answer key.
// Sync loads them before it writes the answers, so that the pairs of an
// answer it deletes (which go with it by cascade) can be counted.
func (s *syncer) storedAbbreviations() (map[string]map[abbrevPair]bool, error) {
	rows, err := s.tx.Query(s.ctx, `SELECT a.key, ab.short_form, ab.long_form
		FROM abbreviations ab JOIN answers a ON a.id = ab.answer_id WHERE a.dataset = $1`, s.dataset)
	if err != nil {
		return nil, err
	}
	old := map[string]map[abbrevPair]bool{}
	var key string
	var p abbrevPair
	_, err = pgx.ForEachRow(rows, []any{&key, &p.short, &p.long}, func() error {
		if old[key] == nil {
			old[key] = map[abbrevPair]bool{}
		}
		old[key][p] = true
		return nil
	})
	return old, err
}

// syncAbbreviations makes the table hold, for this dataset's answers,
// exactly the content's pairs: an answer's new pairs are inserted and
// those it no longer states deleted, so a changed answer's pairs are
// replaced and an unchanged re-import writes nothing. It runs after the
// answers are written (the ids of answers COPYed a moment ago are found
// by key in the same statement); old is storedAbbreviations from
// before. One insert and one delete over unnested arrays, as the rest of
// Sync is set-based.
func (s *syncer) syncAbbreviations(pairs []model.Abbreviation, answers []model.Answer, old map[string]map[abbrevPair]bool) (store.Changes, error) {
	var ch store.Changes
	var ins, del struct{ keys, shorts, longs []string }
	want := map[string]map[abbrevPair]bool{}
	for _, ab := range pairs {
		if want[ab.AnswerKey] == nil {
			want[ab.AnswerKey] = map[abbrevPair]bool{}
		}
		p := abbrevPair{ab.Short, ab.Long}
		want[ab.AnswerKey][p] = true
		if old[ab.AnswerKey][p] {
			ch.Unchanged++
			continue
		}
		ins.keys, ins.shorts, ins.longs = append(ins.keys, ab.AnswerKey), append(ins.shorts, ab.Short), append(ins.longs, ab.Long)
	}
	inContent := make(map[string]bool, len(answers))
	for _, a := range answers {
		inContent[a.Key] = true
	}
	for key, ps := range old {
		if !inContent[key] {
			ch.Deleted += len(ps) // the answer is gone, and its pairs with it
			continue
		}
		for p := range ps {
			if !want[key][p] {
				del.keys, del.shorts, del.longs = append(del.keys, key), append(del.shorts, p.short), append(del.longs, p.long)
			}
		}
	}
	if len(del.keys) > 0 {
		tag, err := s.tx.Exec(s.ctx, `DELETE FROM abbreviations ab USING answers a,
			unnest($1::text[], $2::text[], $3::text[]) AS u (key, short_form, long_form)
			WHERE a.key = u.key AND ab.answer_id = a.id AND ab.short_form = u.short_form AND ab.long_form = u.long_form`,
			del.keys, del.shorts, del.longs)
		if err != nil {
			return ch, fmt.Errorf("delete: %w", err)
		}
		ch.Deleted += int(tag.RowsAffected())
	}
	if len(ins.keys) > 0 {
		tag, err := s.tx.Exec(s.ctx, `INSERT INTO abbreviations (answer_id, short_form, long_form)
			SELECT a.id, u.short_form, u.long_form
			FROM unnest($1::text[], $2::text[], $3::text[]) AS u (key, short_form, long_form)
			JOIN answers a ON a.key = u.key`, ins.keys, ins.shorts, ins.longs)
		if err != nil {
			return ch, fmt.Errorf("insert: %w", err)
		}
		// Every key is an answer Sync has just written: a missing one
		// would be a pair silently lost.
		if n := tag.RowsAffected(); n != int64(len(ins.keys)) {
			return ch, fmt.Errorf("insert: %d rows written for %d pairs", n, len(ins.keys))
		}
		ch.Inserted = len(ins.keys)
	}
	return ch, nil
}

// loadAbbreviations reads every stored pair for Load, in the order
// store.Content documents (byte order: the columns are COLLATE "C").
func loadAbbreviations(ctx context.Context, tx querier) ([]model.Abbreviation, error) {
	rows, err := tx.Query(ctx, `SELECT a.key, ab.short_form, ab.long_form
		FROM abbreviations ab JOIN answers a ON a.id = ab.answer_id ORDER BY a.key, ab.short_form, ab.long_form`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r pgx.Rows) (model.Abbreviation, error) {
		var ab model.Abbreviation
		return ab, r.Scan(&ab.AnswerKey, &ab.Short, &ab.Long)
	})
}
