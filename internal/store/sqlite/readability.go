package sqlite

import (
	"context"

	"healthqa/internal/model"
	"healthqa/internal/readability"
)

// syncReadability makes answer_readability hold, for this dataset's
// answers, exactly the grades the content carries (an answer without
// Readability has no row). Only rows that differ are written, so a
// repeated Sync writes nothing; it returns the rows written, which move
// the store version like any other change (the grades are on the pages).
// It also fills the table for answers imported before migration 0011.
func (s *syncer) syncReadability(answers []model.Answer) (int, error) {
	rows, err := s.tx.QueryContext(s.ctx, `SELECT a.key, r.grade, r.smog
		FROM answer_readability r JOIN answers a ON a.id = r.answer_id WHERE a.dataset = ?`, s.dataset)
	if err != nil {
		return 0, err
	}
	old := map[string]model.Readability{}
	for rows.Next() {
		var key string
		var r model.Readability
		if err := rows.Scan(&key, &r.Grade, &r.SMOG); err != nil {
			rows.Close()
			return 0, err
		}
		old[key] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, a := range answers {
		o, had := old[a.Key]
		switch {
		case a.Readability == nil && had:
			_, err = s.tx.ExecContext(s.ctx, deleteReadability, a.Key)
		case a.Readability != nil && (!had || o.Grade != a.Readability.Grade || o.SMOG != a.Readability.SMOG):
			_, err = s.tx.ExecContext(s.ctx, upsertReadability, a.Readability.Grade, a.Readability.SMOG, a.Key)
		default:
			continue
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

const (
	upsertReadability = `INSERT INTO answer_readability (answer_id, grade, smog)
		SELECT id, ?, ? FROM answers WHERE key = ?
		ON CONFLICT (answer_id) DO UPDATE SET grade = excluded.grade, smog = excluded.smog`
	deleteReadability = `DELETE FROM answer_readability WHERE answer_id = (SELECT id FROM answers WHERE key = ?)`
)

// writeReadability grades a published contributor answer's plain text
// inside the publishing transaction.
func (st stepper) writeReadability(key, text string) error {
	r := readability.Of(text)
	var err error
	if r == nil {
		_, err = st.tx.ExecContext(st.ctx, deleteReadability, key)
	} else {
		_, err = st.tx.ExecContext(st.ctx, upsertReadability, r.Grade, r.SMOG, key)
	}
	return err
}

// attachReadability sets the Readability of a question's answers.
func attachReadability(ctx context.Context, tx querier, questionID int64, answers []model.Answer) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.key, r.grade, r.smog
		FROM answers a JOIN answer_readability r ON r.answer_id = a.id WHERE a.question_id = ?`, questionID)
	if err != nil {
		return err
	}
	defer rows.Close()
	byKey := map[string]model.Readability{}
	for rows.Next() {
		var key string
		var r model.Readability
		if err := rows.Scan(&key, &r.Grade, &r.SMOG); err != nil {
			return err
		}
		byKey[key] = r
	}
	for i := range answers {
		if r, ok := byKey[answers[i].Key]; ok {
			answers[i].Readability = &r
		}
	}
	return rows.Err()
}
