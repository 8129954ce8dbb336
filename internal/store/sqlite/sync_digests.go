package sqlite

import (
	"bytes"
	"fmt"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// The digests a Sync writes: one per question answered with text by two
// or more sources, replaced with its question's content.
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
	ins, err := s.prepare(`INSERT INTO digests (points, hash, question_id) VALUES (?, ?, ?)`)
	if err != nil {
		return ch, err
	}
	defer ins.Close()
	upd, err := s.prepare(`UPDATE digests SET points = ?, hash = ? WHERE question_id = ?`)
	if err != nil {
		return ch, err
	}
	defer upd.Close()

	s.digestStates = make(map[int64]rowState, len(digests))
	for _, d := range digests {
		r, err := encodeDigest(d)
		if err != nil {
			return ch, err
		}
		id := s.questionIDs[d.QuestionSlug]
		args := []any{r.points, r.hash, id}
		o, ok := old[d.QuestionSlug]
		var state rowState
		switch {
		case !ok:
			_, err = ins.ExecContext(s.ctx, args...)
			state = stateInserted
		case !bytes.Equal(o.hash, r.hash):
			_, err = upd.ExecContext(s.ctx, args...)
			state = stateUpdated
		default:
			state = stateUnchanged
		}
		if err != nil {
			return ch, fmt.Errorf("digest of %q: %w", d.QuestionSlug, err)
		}
		s.digestStates[id] = state
		count(&ch, state)
		if err := s.progress.step(); err != nil {
			return ch, err
		}
	}
	ch.Deleted, err = s.deleteDigests(old)
	return ch, err
}

// deleteDigests deletes the stored digests of this content's questions
// that the content no longer has.
func (s *syncer) deleteDigests(old map[string]stored) (int, error) {
	del, err := s.prepare(`DELETE FROM digests WHERE question_id = ?`)
	if err != nil {
		return 0, err
	}
	defer del.Close()
	n := 0
	for slug, o := range old {
		if _, ours := s.questionIDs[slug]; !ours || s.digestStates[o.id] != stateNone {
			continue
		}
		if _, err := del.ExecContext(s.ctx, o.id); err != nil {
			return n, fmt.Errorf("delete digest of %q: %w", slug, err)
		}
		n++
	}
	return n, nil
}
