package ingest

import (
	"fmt"

	"healthqa/internal/digest"
	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// gatherDigests adds the digests of the questions that fewer than two
// sources answer with text and whose kind gathers (digest.Gathers): the
// points of that kind that the topic's other answers make, each naming
// the question it answers (editorial.TopicDigest, which a publish
// follows too). byQuestion holds every answer with text, content and
// contributors', by question; have the questions that have a digest.
func gatherDigests(c store.Content, byQuestion map[string][]model.Answer, have map[string]bool) (out []model.Digest, failed []string) {
	topics := c.TopicsBySlug()
	questions := map[string]model.Question{}
	byTopic := map[string][]string{}
	for _, q := range c.Questions {
		questions[q.Slug] = q
		byTopic[q.TopicSlug] = append(byTopic[q.TopicSlug], q.Slug)
	}
	for _, q := range c.Questions {
		if have[q.Slug] || !digest.Gathers(q.Type) {
			continue
		}
		var others []model.Answer
		for _, slug := range byTopic[q.TopicSlug] {
			if slug != q.Slug {
				others = append(others, byQuestion[slug]...)
			}
		}
		if !newVoices(byQuestion[q.Slug], others) {
			continue // no source beside its own: nothing to gather
		}
		d, ok, err := editorial.TopicDigest(q, topics[q.TopicSlug], byQuestion[q.Slug], others, questions)
		if err != nil {
			failed = append(failed, fmt.Sprintf("digest of %s: %v", q.Slug, err))
			continue
		}
		if ok {
			out = append(out, d)
		}
	}
	return out, failed
}

// newVoices reports whether the topic's other answers can bring the
// question to two sources: a source that does not answer it, and two
// sources in all. GHR's topics, whose every question GHR alone
// answers, gather nothing, and are not read.
func newVoices(own, others []model.Answer) bool {
	srcs := map[string]bool{}
	for _, a := range own {
		srcs[a.SourceKey] = true
	}
	mine := len(srcs)
	for _, a := range others {
		srcs[a.SourceKey] = true
	}
	return len(srcs) >= 2 && len(srcs) > mine
}
