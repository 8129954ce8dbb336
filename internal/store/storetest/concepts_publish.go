package storetest

import (
	"context"
	"testing"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/readability"
	"healthqa/internal/store"
)

// ConceptsEditorialBackend publishes (store.Editorial) and grades
// (store.Concepts).
type ConceptsEditorialBackend interface {
	EditorialBackend
	store.Concepts
}

// RunPublishGrades checks that publishing grades the published text
// once, in the publishing transaction (issue 12): a revision published
// over it is graded again, a text too short to grade has no grade, and
// an unpublished answer's grade goes with it.
func RunPublishGrades(t *testing.T, open func(t *testing.T) ConceptsEditorialBackend) {
	b := open(t)
	if _, err := b.Sync(context.Background(), dataset, fixture(), store.SyncOptions{Now: t0}); err != nil {
		t.Fatal(err)
	}
	e := &editorialEnv{t: t, b: b, ctx: context.Background(), now: at0}
	e.writer = e.actor("writer", model.RoleContributor)
	e.reviewer = e.actor("reviewer", model.RoleReviewer)

	// Test text, not advice: plain words whose grade the formulas fix.
	const long = "This is a test answer. It is made of short words in short sentences. " +
		"Its only use is to check that a grade is stored when it is published."
	s := e.published(e.draft(e.writer, "rls-causes", long))
	got := e.contributorAnswers("rls-causes")
	want := readability.Of(got[0].Text)
	if len(got) != 1 || want == nil || got[0].Readability == nil || *got[0].Readability != *want {
		t.Fatalf("published answer graded %+v; want %+v", got[0].Readability, want)
	}
	s = e.must(e.save(e.writer, s, "Too short to grade."))
	s = e.published(s)
	if got := e.contributorAnswers("rls-causes"); len(got) != 1 || got[0].Readability != nil {
		t.Fatalf("a republished short text keeps a grade: %+v", got[0].Readability)
	}
	s = e.must(e.save(e.writer, s, long+" "+long))
	s = e.published(s)
	levels, err := b.ReadingLevels(e.ctx)
	if err != nil || len(levels) != 1 || levels[0].Dataset != model.ContributorsDataset {
		t.Fatalf("reading levels after republishing: %+v, %v", levels, err)
	}
	// A re-import of the imported dataset leaves contributor grades be.
	if _, err := b.Sync(e.ctx, dataset, fixture(), store.SyncOptions{Now: t1}); err != nil {
		t.Fatal(err)
	}
	if levels, err := b.ReadingLevels(e.ctx); err != nil || len(levels) != 1 {
		t.Fatalf("a re-import dropped a contributor answer's grade: %+v, %v", levels, err)
	}
	e.must(e.step(e.reviewer, s, editorial.Unpublish, "Test over."))
	if levels, err := b.ReadingLevels(e.ctx); err != nil || len(levels) != 0 {
		t.Errorf("an unpublished answer's grade stayed: %+v, %v", levels, err)
	}
}
