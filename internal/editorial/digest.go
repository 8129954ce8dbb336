package editorial

import (
	"fmt"

	"healthqa/internal/digest"
	"healthqa/internal/model"
)

// QuestionDigest recomputes a question's digest after a publish or an
// unpublish, by the rule the import follows (internal/ingest/digests.go):
// the first answer with text of each source, in the order given (source
// key, then answer key, as the store lists a question's answers), and a
// digest only when two or more sources answer (model.DigestRule). ok is
// false when the question has no digest. A panic inside the digest
// builder is an error rather than a failed publish of the whole process.
func QuestionDigest(q model.Question, t model.Topic, answers []model.Answer) (d model.Digest, ok bool, err error) {
	var in []digest.Answer
	seen := map[string]bool{}
	for _, a := range answers {
		if !a.HasText() || seen[a.SourceKey] {
			continue
		}
		seen[a.SourceKey] = true
		in = append(in, digest.Answer{Source: a.SourceKey, Key: a.Key, Text: a.Text})
	}
	if len(in) < 2 {
		return model.Digest{}, false, nil
	}
	defer func() {
		if p := recover(); p != nil {
			d, ok, err = model.Digest{}, false, fmt.Errorf("digest of %s: internal error: %v", q.Slug, p)
		}
	}()
	return toModel(q.Slug, digest.Build(q.Type, t.Name, t.Synonyms, in)), true, nil
}
