package ingest

import (
	"context"
	"fmt"
	"slices"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// A re-import must leave contributor answers (issue 9) as they are: the
// store never lets a dataset's Sync overwrite or delete another's
// answers, nor delete a question or topic that still has answers. What
// the import must do itself is compute the digest of a question with
// contributor answers from all of its answers, since the Sync replaces
// the digests of the questions it carries.

// contributed is the imported content made ready for digests: the
// questions and topics of contributor answers added where the import no
// longer has them, so that their digests are recomputed too (Sync keeps
// such rows unchanged: they are stored already), and the contributor
// answers themselves, which are not synced. version is the store's
// version they were read at (nil for a store without contributors): the
// Sync is made conditional on it, so that a publish made meanwhile is
// not overwritten by a digest computed without it.
type contributed struct {
	content store.Content
	answers []model.Answer
	version *int64
}

func withContributors(ctx context.Context, st store.Store, c store.Content) (contributed, error) {
	pub, ok := st.(store.Published)
	if !ok {
		return contributed{content: c}, nil
	}
	state, err := pub.ContributorContent(ctx)
	if err != nil {
		return contributed{}, fmt.Errorf("reading contributor answers: %w", err)
	}
	cc := state.Content
	// The import's own slices may have room past their length: each try
	// appends to copies.
	c.Topics, c.Questions = slices.Clip(c.Topics), slices.Clip(c.Questions)
	topics, questions := c.TopicsBySlug(), c.QuestionsBySlug()
	for _, t := range cc.Topics {
		if _, ok := topics[t.Slug]; !ok && neededTopic(cc, questions, t.Slug) {
			c.Topics = append(c.Topics, t)
		}
	}
	for _, q := range cc.Questions {
		if _, ok := questions[q.Slug]; !ok {
			c.Questions = append(c.Questions, q)
		}
	}
	return contributed{content: c, answers: cc.Answers, version: &state.Version}, nil
}

// neededTopic tells whether a contributor question the import lacks is
// about this topic: a topic the import still has is synced as the import
// says, and one only contributor questions kept needs carrying along.
func neededTopic(cc store.Content, imported map[string]model.Question, slug string) bool {
	for _, q := range cc.Questions {
		if _, ok := imported[q.Slug]; !ok && q.TopicSlug == slug {
			return true
		}
	}
	return false
}
