package sqlite

import (
	"context"
	"fmt"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Issue 11: the abbreviation definitions the import learns from the
// answers' text, each kept with its answer (migration 0014).

// abbrevPair is one stored pair of an answer.
type abbrevPair struct{ short, long string }

// storedAbbreviations loads this dataset's stored pairs by answer key.
// Sync loads them before it writes the answers, so that the pairs of an
// answer it deletes (which go with it by cascade) can be counted.
func (s *syncer) storedAbbreviations() (map[string]map[abbrevPair]bool, error) {
	rows, err := s.tx.QueryContext(s.ctx, `SELECT a.key, ab.short_form, ab.long_form
		FROM abbreviations ab JOIN answers a ON a.id = ab.answer_id WHERE a.dataset = ?`, s.dataset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	old := map[string]map[abbrevPair]bool{}
	for rows.Next() {
		var key string
		var p abbrevPair
		if err := rows.Scan(&key, &p.short, &p.long); err != nil {
			return nil, err
		}
		if old[key] == nil {
			old[key] = map[abbrevPair]bool{}
		}
		old[key][p] = true
	}
	return old, rows.Err()
}

// syncAbbreviations makes the table hold, for this dataset's answers,
// exactly the content's pairs: an answer's new pairs are inserted and
// those it no longer states deleted, so a changed answer's pairs are
// replaced and an unchanged re-import writes nothing. It runs after the
// answers are written; old is storedAbbreviations from before.
func (s *syncer) syncAbbreviations(pairs []model.Abbreviation, answers []model.Answer, old map[string]map[abbrevPair]bool) (store.Changes, error) {
	var ch store.Changes
	ins, err := s.prepare(`INSERT INTO abbreviations (answer_id, short_form, long_form)
		SELECT id, ?, ? FROM answers WHERE key = ?`)
	if err != nil {
		return ch, err
	}
	defer ins.Close()
	del, err := s.prepare(`DELETE FROM abbreviations
		WHERE answer_id = (SELECT id FROM answers WHERE key = ?) AND short_form = ? AND long_form = ?`)
	if err != nil {
		return ch, err
	}
	defer del.Close()

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
		res, err := ins.ExecContext(s.ctx, ab.Short, ab.Long, ab.AnswerKey)
		if err != nil {
			return ch, fmt.Errorf("abbreviation %q of answer %q: %w", ab.Short, ab.AnswerKey, err)
		}
		// The answer was written a moment ago: a pair that finds no
		// answer would be silently lost.
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return ch, fmt.Errorf("abbreviation %q of answer %q: %d rows written (%v)", ab.Short, ab.AnswerKey, n, err)
		}
		ch.Inserted++
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
			if want[key][p] {
				continue
			}
			if _, err := del.ExecContext(s.ctx, key, p.short, p.long); err != nil {
				return ch, fmt.Errorf("delete abbreviation %q of answer %q: %w", p.short, key, err)
			}
			ch.Deleted++
		}
	}
	return ch, nil
}

// loadAbbreviations reads every stored pair for Load, in the order
// store.Content documents.
func loadAbbreviations(ctx context.Context, tx querier) ([]model.Abbreviation, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.key, ab.short_form, ab.long_form
		FROM abbreviations ab JOIN answers a ON a.id = ab.answer_id ORDER BY a.key, ab.short_form, ab.long_form`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (model.Abbreviation, error) {
		var ab model.Abbreviation
		return ab, s.Scan(&ab.AnswerKey, &ab.Short, &ab.Long)
	})
}
