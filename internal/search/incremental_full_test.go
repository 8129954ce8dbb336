package search_test

import (
	"context"
	"fmt"
	"healthqa/internal/abbrev"
	"slices"
	"testing"

	"healthqa/internal/model"
	"healthqa/internal/search"
)

// contributions turns n of the corpus's answers with text, from every
// step-th document, into contributor answers to the same questions:
// real wording on real topics, under keys of their own.
func contributions(docs []search.Document, n, step, salt int) []search.Document {
	var out []search.Document
	for i := salt; len(out) < n && i < len(docs); i += step {
		d := docs[i]
		if d.Answer == "" {
			continue
		}
		d.AnswerKey = fmt.Sprintf("contrib-%d", i)
		d.DocID, d.SourceKey, d.Dataset, d.SourceQuestion = d.AnswerKey, "contributors-test", model.ContributorsDataset, ""
		d.Abbreviations = abbrev.Of(d.AnswerKey, d.Answer) // as ContentDocuments reads a contributor answer
		out = append(out, d)
	}
	return out
}

// TestWithContributorsFullCorpus takes publishes, edits and unpublishes
// into an index of the full MedQuAD, and checks it answers five hundred
// generic questions as a full build of the same answers does.
func TestWithContributorsFullCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full dataset")
	}
	docs, err := search.LoadDocuments(context.Background(), fullStore(t))
	if err != nil {
		t.Fatal(err)
	}
	before := contributions(docs, 40, 997, 0)
	after := slices.Clone(before[10:]) // ten unpublished
	for i := range 5 {                 // five edited
		after[i].Answer = docs[i*13].Answer
	}
	after = append(after, contributions(docs, 20, 761, 5)...) // twenty published
	ix := search.NewIndex(append(slices.Clone(docs), before...), search.DefaultParams)
	got, err := ix.WithContributors(after)
	if err != nil {
		t.Fatal(err)
	}
	want := search.NewIndex(append(slices.Clone(docs), after...), search.DefaultParams)
	qs := append(search.GenericQueries(want, 500), "what causes restless legs", "iron deficiency", "tummy ache and crawly legs")
	search.SameRanking(t, want, got, qs)
	expanding := search.DefaultParams
	expanding.Expand = 0.4
	search.SameRanking(t, want.WithParams(expanding), got.WithParams(expanding), qs)
}

// BenchmarkWithContributors takes one published answer into the full
// corpus's index: the peer of BenchmarkIndexBuild, the full build a
// node would otherwise run on every publish.
//
//	go test -run '^$' -bench 'WithContributors|IndexBuild' -benchtime 5x ./internal/search
func BenchmarkWithContributors(b *testing.B) {
	docs, err := search.LoadDocuments(context.Background(), fullStore(b))
	if err != nil {
		b.Fatal(err)
	}
	c := contributions(docs, 21, 401, 0)
	ix := search.NewIndex(append(slices.Clone(docs), c[:20]...), search.DefaultParams)
	for b.Loop() {
		if _, err := ix.WithContributors(c); err != nil {
			b.Fatal(err)
		}
	}
}
