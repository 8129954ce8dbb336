package ingest

import (
	"cmp"
	"fmt"
	"slices"

	"healthqa/internal/digest"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// digests computes the digest of every question that two or more sources
// answer with text, from the first answer of each source (answer key
// order), so that the store keeps it with the content. others are
// answers of other datasets stored already (contributor answers), which
// count as the content's do: a question's digest is made from all its
// answers, taken as the editorial workflow takes them when it publishes
// (source key, then answer key: editorial.QuestionDigest), so that a
// re-import leaves such a digest as publishing made it. A question whose
// digest fails is left without one and named in failed: a digest is an
// aid to reading, and must not stop an import.
func digests(c store.Content, others []model.Answer) (out []model.Digest, failed []string) {
	topics, questions := c.TopicsBySlug(), c.QuestionsBySlug()
	byQuestion := map[string][]model.Answer{}
	var order []string
	for _, a := range append(c.Answers[:len(c.Answers):len(c.Answers)], others...) {
		if !a.HasText() {
			continue
		}
		if _, ok := byQuestion[a.QuestionSlug]; !ok {
			order = append(order, a.QuestionSlug)
		}
		byQuestion[a.QuestionSlug] = append(byQuestion[a.QuestionSlug], a)
	}
	contributed := map[string]bool{}
	for _, a := range others {
		contributed[a.QuestionSlug] = true
	}
	for _, slug := range order {
		all := byQuestion[slug]
		if contributed[slug] {
			slices.SortStableFunc(all, func(a, b model.Answer) int {
				return cmp.Or(cmp.Compare(a.SourceKey, b.SourceKey), cmp.Compare(a.Key, b.Key))
			})
		}
		answers := firstOfEachSource(all)
		if len(answers) < 2 {
			continue
		}
		q := questions[slug]
		t := topics[q.TopicSlug]
		d, err := safeBuild(q, t, answers)
		if err != nil {
			failed = append(failed, fmt.Sprintf("digest of %s: %v", slug, err))
			continue
		}
		out = append(out, d)
	}
	have := make(map[string]bool, len(out))
	for _, d := range out {
		have[d.QuestionSlug] = true
	}
	gathered, gfailed := gatherDigests(c, byQuestion, have)
	return append(out, gathered...), append(failed, gfailed...)
}

func firstOfEachSource(all []model.Answer) []digest.Answer {
	var out []digest.Answer
	for _, a := range all {
		if !hasSource(out, a.SourceKey) {
			out = append(out, digest.Answer{Source: a.SourceKey, Key: a.Key, Text: a.Text})
		}
	}
	return out
}

func safeBuild(q model.Question, t model.Topic, answers []digest.Answer) (d model.Digest, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v", p)
		}
	}()
	return toModel(q.Slug, digest.Build(q.Type, t.Name, t.Synonyms, answers)), nil
}

func hasSource(list []digest.Answer, source string) bool {
	for _, a := range list {
		if a.Source == source {
			return true
		}
	}
	return false
}

func toModel(slug string, d digest.Digest) model.Digest {
	m := model.Digest{QuestionSlug: slug, Points: make([]model.DigestPoint, 0, len(d.Points))}
	for _, p := range d.Points {
		mp := model.DigestPoint{Label: p.Label, Sources: p.Sources, Voices: p.Voices, Evidence: make([]model.DigestEvidence, 0, len(p.Evidence))}
		for _, e := range p.Evidence {
			mp.Evidence = append(mp.Evidence, model.DigestEvidence{Source: e.Source, AnswerKey: e.AnswerKey, Sentence: e.Sentence, Repeats: e.Repeats})
		}
		m.Points = append(m.Points, mp)
	}
	return m
}
