package ingest

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	gosync "sync"
	"sync/atomic"

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
	var todo []model.Question
	for _, q := range c.Questions {
		if have[q.Slug] || !digest.Gathers(q.Type) {
			continue
		}
		todo = append(todo, q)
	}
	// A topic's questions one after another, so that its answers' units
	// are still in the digest's cache (digest/unitcache.go).
	slices.SortStableFunc(todo, func(a, b model.Question) int { return cmp.Compare(a.TopicSlug, b.TopicSlug) })
	// The questions are independent: computed by one worker per core,
	// kept in question order.
	type result struct {
		d   model.Digest
		ok  bool
		err error
	}
	results := make([]result, len(todo))
	var next atomic.Int64
	var wg gosync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(todo) {
					return
				}
				q := todo[i]
				var others []model.Answer
				for _, slug := range byTopic[q.TopicSlug] {
					if slug != q.Slug && digest.GathersFrom(q.Type, questions[slug].Type) {
						others = append(others, byQuestion[slug]...)
					}
				}
				if !newVoices(byQuestion[q.Slug], others) {
					continue // no source beside its own: nothing to gather
				}
				r := &results[i]
				r.d, r.ok, r.err = editorial.TopicDigest(q, topics[q.TopicSlug], byQuestion[q.Slug], others, questions)
			}
		})
	}
	wg.Wait()
	for i, r := range results {
		switch {
		case r.err != nil:
			failed = append(failed, fmt.Sprintf("digest of %s: %v", todo[i].Slug, r.err))
		case r.ok:
			out = append(out, r.d)
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
