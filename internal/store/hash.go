package store

import (
	"crypto/sha256"
	"encoding/binary"

	"healthqa/internal/model"
)

// ContentHash hashes fields length-prefixed, so that moving text from one
// field to the next changes the hash. Backends keep it beside each row so
// that a Sync can skip unchanged rows without comparing every column. The
// fields are gathered into one buffer first because hash.Hash.Write would
// need each string copied to a []byte of its own.
func ContentHash(fields ...string) []byte {
	n := 0
	for _, f := range fields {
		n += binary.MaxVarintLen64 + len(f)
	}
	buf := make([]byte, 0, n)
	for _, f := range fields {
		buf = binary.AppendUvarint(buf, uint64(len(f)))
		buf = append(buf, f...)
	}
	sum := sha256.Sum256(buf)
	return sum[:]
}

// QuestionHash is the content hash of a question.
func QuestionHash(q model.Question) []byte {
	return ContentHash(q.Slug, q.TopicSlug, q.Type, q.Title)
}

// AnswerHash is the content hash of an answer. It leaves out the
// timestamps: they record when content changed and are not content
// themselves.
func AnswerHash(a model.Answer) []byte {
	return ContentHash(a.Key, a.DocID, a.QuestionSlug, a.SourceKey, a.SourceURL,
		a.SourceQuestion, a.Text, a.Dataset, a.Origin)
}
