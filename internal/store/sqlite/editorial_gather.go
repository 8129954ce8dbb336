package sqlite

import (
	"healthqa/internal/editorial"
	"healthqa/internal/model"
)

// A publish changes what the topic's other questions may gather: a
// question that fewer than two sources answer reads the topic's other
// answers (digest.Gather). regather computes the digests of the
// question's topic again, as the import does (editorial.TopicDigest):
// the question's own, and those of the topic's questions that gather.

// topicAnswers returns every answer of a topic with its question slug,
// in question, source key, key order, and the topic's questions by slug
// with their ids.
func (st stepper) topicAnswers(topicSlug string) ([]model.Answer, map[string]model.Question, map[string]int64, error) {
	qs := map[string]model.Question{}
	ids := map[string]int64{}
	rows, err := st.tx.QueryContext(st.ctx, `SELECT q.id, q.slug, q.type, q.title
		FROM questions q JOIN topics t ON t.id = q.topic_id WHERE t.slug = ?`, topicSlug)
	if err != nil {
		return nil, nil, nil, err
	}
	for rows.Next() {
		var q model.Question
		var id int64
		if err := rows.Scan(&id, &q.Slug, &q.Type, &q.Title); err != nil {
			rows.Close()
			return nil, nil, nil, err
		}
		q.TopicSlug = topicSlug
		qs[q.Slug], ids[q.Slug] = q, id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, nil, err
	}
	arows, err := st.tx.QueryContext(st.ctx, `SELECT q.slug, `+answerColumns+`
		FROM answers a JOIN questions q ON q.id = a.question_id JOIN topics t ON t.id = q.topic_id `+contribJoins+`
		WHERE t.slug = ? ORDER BY q.slug, a.source_key, a.key`, topicSlug)
	if err != nil {
		return nil, nil, nil, err
	}
	answers, err := collect(arows, scanLoadedAnswer)
	return answers, qs, ids, err
}

// regather computes again the digests of the topic's questions other
// than done that gather: fewer than two sources answer them.
func (st stepper) regather(t model.Topic, done string, all []model.Answer, qs map[string]model.Question, ids map[string]int64) error {
	for _, q := range editorial.Gathering(done, all, qs) {
		d, ok, err := editorial.TopicDigestOf(q, t, all, qs)
		if err := st.storeDigest(ids[q.Slug], d, ok && err == nil); err != nil {
			return err
		}
	}
	return nil
}

// storeDigest writes a question's digest, or deletes it when it has none.
func (st stepper) storeDigest(qid int64, d model.Digest, ok bool) error {
	if !ok {
		_, err := st.tx.ExecContext(st.ctx, `DELETE FROM digests WHERE question_id = ?`, qid)
		return err
	}
	row, err := encodeDigest(d)
	if err != nil {
		return err
	}
	_, err = st.tx.ExecContext(st.ctx, `INSERT INTO digests (question_id, points, hash) VALUES (?, ?, ?)
		ON CONFLICT (question_id) DO UPDATE SET points = excluded.points, hash = excluded.hash`, qid, row.points, row.hash)
	return err
}
