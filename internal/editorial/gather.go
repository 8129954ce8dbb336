package editorial

import (
	"cmp"
	"fmt"
	"slices"

	"healthqa/internal/digest"
	"healthqa/internal/model"
)

// TopicDigest is QuestionDigest for a question whose topic's other
// answers are at hand: a question that two or more sources answer has
// the digest of its own answers; one that fewer answer, of a kind that
// gathers (causes, symptoms, treatment: digest.Gathers), has the points
// of its kind that its own answers and the topic's other answers make,
// each gathered sentence naming the question it answers
// (digest.Gather). others are the answers of the topic's other
// questions and questions the topic's questions by slug; answers of
// this question among others are ignored. The import and a publish both
// compute digests here, so that they agree.
func TopicDigest(q model.Question, t model.Topic, answers, others []model.Answer, questions map[string]model.Question) (d model.Digest, ok bool, err error) {
	if d, ok, err = QuestionDigest(q, t, answers); ok || err != nil || !digest.Gathers(q.Type) {
		return d, ok, err
	}
	var own, from []digest.Answer
	seen := map[string]bool{}
	for _, a := range answers {
		if !a.HasText() || seen[a.SourceKey] {
			continue
		}
		seen[a.SourceKey] = true
		own = append(own, digest.Answer{Source: a.SourceKey, Key: a.Key, Text: a.Text})
	}
	sorted := make([]model.Answer, 0, len(others))
	for _, a := range others {
		oq, known := questions[a.QuestionSlug]
		if a.HasText() && known && a.QuestionSlug != q.Slug && digest.GathersFrom(q.Type, oq.Type) {
			sorted = append(sorted, a)
		}
	}
	if len(sorted) == 0 {
		return model.Digest{}, false, nil
	}
	// One order whatever order the caller read them in.
	slices.SortFunc(sorted, func(a, b model.Answer) int {
		return cmp.Or(cmp.Compare(a.QuestionSlug, b.QuestionSlug), cmp.Compare(a.SourceKey, b.SourceKey), cmp.Compare(a.Key, b.Key))
	})
	for _, a := range sorted {
		from = append(from, digest.Answer{Source: a.SourceKey, Key: a.Key, Text: a.Text,
			Question: a.QuestionSlug, QuestionTitle: questions[a.QuestionSlug].Title})
	}
	defer func() {
		if p := recover(); p != nil {
			d, ok, err = model.Digest{}, false, fmt.Errorf("digest of %s: internal error: %v", q.Slug, p)
		}
	}()
	built := digest.Gather(q.Type, t.Name, t.Synonyms, own, from)
	if len(built.Points) == 0 {
		return model.Digest{}, false, nil
	}
	return toModel(q.Slug, built), true, nil
}

// toModel is a digest as the store keeps it.
func toModel(slug string, built digest.Digest) model.Digest {
	d := model.Digest{QuestionSlug: slug, Points: make([]model.DigestPoint, 0, len(built.Points))}
	for _, p := range built.Points {
		mp := model.DigestPoint{Label: p.Label, Sources: p.Sources, Voices: p.Voices, Evidence: make([]model.DigestEvidence, 0, len(p.Evidence))}
		for _, e := range p.Evidence {
			mp.Evidence = append(mp.Evidence, model.DigestEvidence{Source: e.Source, AnswerKey: e.AnswerKey,
				Sentence: e.Sentence, Repeats: e.Repeats, Question: e.Question, QuestionTitle: e.QuestionTitle})
		}
		d.Points = append(d.Points, mp)
	}
	return d
}

// TopicDigestOf is TopicDigest with q's answers taken from all, the
// topic's answers, as a publish reads them.
func TopicDigestOf(q model.Question, t model.Topic, all []model.Answer, questions map[string]model.Question) (model.Digest, bool, error) {
	var own []model.Answer
	for _, a := range all {
		if a.QuestionSlug == q.Slug {
			own = append(own, a)
		}
	}
	return TopicDigest(q, t, own, all, questions)
}

// Gathering lists the topic's questions other than done whose digests
// are gathered (digest.Gather): of a kind that gathers, and answered
// with text by fewer than two sources. A publish changes what they may
// gather, so it computes their digests again. all is every answer of
// the topic.
func Gathering(done string, all []model.Answer, questions map[string]model.Question) []model.Question {
	sources := map[string]map[string]bool{}
	for _, a := range all {
		if a.HasText() {
			if sources[a.QuestionSlug] == nil {
				sources[a.QuestionSlug] = map[string]bool{}
			}
			sources[a.QuestionSlug][a.SourceKey] = true
		}
	}
	var out []model.Question
	for slug, q := range questions {
		if slug != done && digest.Gathers(q.Type) && len(sources[slug]) < 2 {
			out = append(out, q)
		}
	}
	return out
}
