package postgres

import (
	"bytes"
	"fmt"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

func (s *syncer) syncAnswers(answers []model.Answer) (store.Changes, error) {
	var ch store.Changes
	old, err := s.storedHashes(`SELECT key, id, hash, dataset FROM answers`)
	if err != nil {
		return ch, err
	}
	keep := make(map[string]bool, len(answers))
	var inserts [][]any
	upd := s.newBatch()
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
			inserts = append(inserts, append(args, s.now))
			ch.Inserted++
			continue // stepped as it is copied
		case !bytes.Equal(o.hash, h):
			err = upd.exec(`UPDATE answers SET doc_id = $1, question_id = $2, source_key = $3, dataset = $4,
				origin = $5, source_url = $6, source_question = $7, text = $8, hash = $9, updated_at = $10
				WHERE key = $11`, args...)
			ch.Updated++
		default:
			ch.Unchanged++
		}
		if err != nil {
			return ch, fmt.Errorf("answers: %w", err)
		}
		if err := s.progress.step(); err != nil {
			return ch, err
		}
	}
	if err := upd.flush(); err != nil {
		return ch, fmt.Errorf("answers: %w", err)
	}
	if err := s.copyRows("answers", []string{"doc_id", "question_id", "source_key", "dataset", "origin",
		"source_url", "source_question", "text", "hash", "updated_at", "key", "imported_at"}, inserts); err != nil {
		return ch, err
	}
	ch.Deleted, err = s.deleteAnswers(old, keep)
	return ch, err
}

// deleteAnswers deletes this dataset's stored answers that the content
// no longer has, in one statement. Other datasets' answers are theirs.
func (s *syncer) deleteAnswers(old map[string]stored, keep map[string]bool) (int, error) {
	var ids []int64
	for key, o := range old {
		if o.dataset == s.dataset && !keep[key] {
			ids = append(ids, o.id)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	tag, err := s.tx.Exec(s.ctx, `DELETE FROM answers WHERE id = ANY($1)`, ids)
	if err != nil {
		return 0, fmt.Errorf("delete answers: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// syncDigests upserts the content's digests (validate has checked that
// each names a question of the content) and deletes the stored digests
// of the content's questions that it has none for: a question that lost
// its second source loses its digest. Digests of questions the content
// does not hold are other datasets' business, or the sweep's.
func (s *syncer) syncDigests(digests []model.Digest) (store.Changes, error) {
	var ch store.Changes
	old, err := s.storedHashes(`SELECT q.slug, d.question_id, d.hash, ''
		FROM digests d JOIN questions q ON q.id = d.question_id`)
	if err != nil {
		return ch, err
	}
	s.digestStates = make(map[int64]rowState, len(digests))
	var inserts [][]any
	upd := s.newBatch()
	for _, d := range digests {
		r, err := encodeDigest(d)
		if err != nil {
			return ch, err
		}
		id := s.questionIDs[d.QuestionSlug]
		o, ok := old[d.QuestionSlug]
		switch {
		case !ok:
			inserts = append(inserts, []any{id, r.points, r.hash})
			s.digestStates[id] = stateInserted
			ch.Inserted++
			continue // stepped as it is copied
		case !bytes.Equal(o.hash, r.hash):
			err = upd.exec(`UPDATE digests SET points = $1, hash = $2 WHERE question_id = $3`, r.points, r.hash, id)
			s.digestStates[id] = stateUpdated
			ch.Updated++
		default:
			s.digestStates[id] = stateUnchanged
			ch.Unchanged++
		}
		if err != nil {
			return ch, fmt.Errorf("digests: %w", err)
		}
		if err := s.progress.step(); err != nil {
			return ch, err
		}
	}
	if err := upd.flush(); err != nil {
		return ch, fmt.Errorf("digests: %w", err)
	}
	if err := s.copyRows("digests", []string{"question_id", "points", "hash"}, inserts); err != nil {
		return ch, err
	}
	ch.Deleted, err = s.deleteDigests(old)
	return ch, err
}

// deleteDigests deletes the stored digests of this content's questions
// that the content no longer has.
func (s *syncer) deleteDigests(old map[string]stored) (int, error) {
	var ids []int64
	for slug, o := range old {
		if _, ours := s.questionIDs[slug]; ours && s.digestStates[o.id] == stateNone {
			ids = append(ids, o.id)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	tag, err := s.tx.Exec(s.ctx, `DELETE FROM digests WHERE question_id = ANY($1)`, ids)
	if err != nil {
		return 0, fmt.Errorf("delete digests: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
