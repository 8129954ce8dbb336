package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// A dump of everything a store holds, to compare before and after.

// dump is everything a store shows through its interface, but Version,
// which a Sync may change without changing any of this (a dataset's
// answers added and removed again).
type dump struct {
	Stats           store.Stats
	Sources         []model.Source
	Topics          []store.TopicSummary
	TopicQuestions  map[string][]store.QuestionSummary
	Questions       map[string]model.Question
	Answers         map[string]model.Answer // by key
	Letters         []store.LetterCount
	Related         map[string][]store.TopicSummary
	SourceSummaries []store.SourceSummary
	SourceTopics    map[string][]store.SourceTopic
	QuestionRefs    []store.PageRef
	TopicRefs       []store.PageRef
	Digests         map[string]model.Digest // by question slug
}

func snapshot(t *testing.T, s store.Store) dump {
	t.Helper()
	ctx := context.Background()
	d := dump{
		TopicQuestions: map[string][]store.QuestionSummary{},
		Questions:      map[string]model.Question{},
		Answers:        map[string]model.Answer{},
		Related:        map[string][]store.TopicSummary{},
		SourceTopics:   map[string][]store.SourceTopic{},
		Digests:        map[string]model.Digest{},
	}
	var err error
	if d.Stats, err = s.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	if d.Sources, err = s.Sources(ctx); err != nil {
		t.Fatal(err)
	}
	if d.Topics, err = s.Topics(ctx); err != nil {
		t.Fatal(err)
	}
	if d.Letters, err = s.TopicLetters(ctx); err != nil {
		t.Fatal(err)
	}
	if d.SourceSummaries, err = s.SourceSummaries(ctx); err != nil {
		t.Fatal(err)
	}
	for _, src := range d.SourceSummaries {
		if _, d.SourceTopics[src.Key], err = s.SourceTopics(ctx, src.Key); err != nil {
			t.Fatal(err)
		}
	}
	if d.QuestionRefs, err = s.QuestionRefs(ctx); err != nil {
		t.Fatal(err)
	}
	if d.TopicRefs, err = s.TopicRefs(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tp := range d.Topics {
		if d.Related[tp.Slug], err = s.RelatedTopics(ctx, tp.Slug, 100); err != nil {
			t.Fatal(err)
		}
		qs, err := s.TopicQuestions(ctx, tp.Slug)
		if err != nil {
			t.Fatal(err)
		}
		d.TopicQuestions[tp.Slug] = qs
		for _, qs := range qs {
			q, answers, err := s.Question(ctx, qs.Slug)
			if err != nil {
				t.Fatal(err)
			}
			d.Questions[q.Slug] = q
			for _, a := range answers {
				d.Answers[a.Key] = a
			}
			switch dg, err := s.Digest(ctx, qs.Slug); {
			case err == nil:
				d.Digests[q.Slug] = dg
			case !errors.Is(err, store.ErrNotFound):
				t.Fatal(err)
			}
		}
	}
	return d
}

func checkUnchanged(t *testing.T, before, after dump) {
	t.Helper()
	if !reflect.DeepEqual(before, after) {
		t.Errorf("store changed:\nbefore %s\nafter  %s", jsonOf(before), jsonOf(after))
	}
}

func jsonOf(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err.Error()
	}
	return string(b)
}
