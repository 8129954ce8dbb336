package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/model"
)

// syncReadability makes answer_readability hold, for this dataset's
// answers, exactly the grades the content carries (an answer without
// Readability has no row), as SQLite's syncReadability does. Only rows
// that differ are written, so a repeated Sync writes nothing; it returns
// the rows written, which move the store version like any other change
// (the grades are on the pages). Answers imported before migration 0011
// have no row, so the next import fills them.
//
// The writes are set-based, like the rest of Sync: one upsert over
// unnested arrays (the ids of answers COPYed a moment ago are found by
// key in the same statement) and one delete, instead of a statement per
// answer.
func (s *syncer) syncReadability(answers []model.Answer) (int, error) {
	rows, err := s.tx.Query(s.ctx, `SELECT a.key, r.grade, r.smog
		FROM answer_readability r JOIN answers a ON a.id = r.answer_id WHERE a.dataset = $1`, s.dataset)
	if err != nil {
		return 0, err
	}
	old := map[string]model.Readability{}
	var key string
	var r model.Readability
	if _, err := pgx.ForEachRow(rows, []any{&key, &r.Grade, &r.SMOG}, func() error {
		old[key] = r
		return nil
	}); err != nil {
		return 0, err
	}
	var upKeys, delKeys []string
	var grades, smogs []float64
	for _, a := range answers {
		o, had := old[a.Key]
		switch {
		case a.Readability == nil && had:
			delKeys = append(delKeys, a.Key)
		case a.Readability != nil && (!had || o.Grade != a.Readability.Grade || o.SMOG != a.Readability.SMOG):
			upKeys = append(upKeys, a.Key)
			grades = append(grades, a.Readability.Grade)
			smogs = append(smogs, a.Readability.SMOG)
		}
	}
	if len(upKeys) > 0 {
		tag, err := s.tx.Exec(s.ctx, `INSERT INTO answer_readability (answer_id, grade, smog)
			SELECT a.id, u.grade, u.smog FROM unnest($1::text[], $2::float8[], $3::float8[]) AS u (key, grade, smog)
			JOIN answers a ON a.key = u.key
			ON CONFLICT (answer_id) DO UPDATE SET grade = excluded.grade, smog = excluded.smog`,
			upKeys, grades, smogs)
		if err != nil {
			return 0, fmt.Errorf("write grades: %w", err)
		}
		// Every key is an answer Sync has just written: a missing one
		// would be a grade silently lost.
		if n := tag.RowsAffected(); n != int64(len(upKeys)) {
			return 0, fmt.Errorf("write grades: %d rows written for %d answers", n, len(upKeys))
		}
	}
	if len(delKeys) > 0 {
		if _, err := s.tx.Exec(s.ctx, `DELETE FROM answer_readability r USING answers a
			WHERE a.id = r.answer_id AND a.key = ANY($1)`, delKeys); err != nil {
			return 0, fmt.Errorf("delete grades: %w", err)
		}
	}
	return len(upKeys) + len(delKeys), nil
}

// attachReadability sets the Readability of a question's answers.
func attachReadability(ctx context.Context, tx querier, questionID int64, answers []model.Answer) error {
	rows, err := tx.Query(ctx, `SELECT a.key, r.grade, r.smog
		FROM answers a JOIN answer_readability r ON r.answer_id = a.id WHERE a.question_id = $1`, questionID)
	if err != nil {
		return err
	}
	byKey := map[string]model.Readability{}
	var key string
	var r model.Readability
	if _, err := pgx.ForEachRow(rows, []any{&key, &r.Grade, &r.SMOG}, func() error {
		byKey[key] = r
		return nil
	}); err != nil {
		return err
	}
	for i := range answers {
		if r, ok := byKey[answers[i].Key]; ok {
			answers[i].Readability = &r
		}
	}
	return nil
}
