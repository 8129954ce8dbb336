package search_test

import (
	"context"
	"testing"

	"healthqa/internal/search"
)

// TestSnapshotFullCorpus imports the full MedQuAD as a user does, then
// loads the index as ask and serve do: it must come from the snapshot
// the import saved, and answer five hundred generic questions about the
// corpus's own topics exactly as an index built from the store does.
func TestSnapshotFullCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the full dataset")
	}
	ctx := context.Background()
	st := fullStore(t)
	v, err := st.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	loaded, how, err := search.LoadIndex(ctx, st, v, search.DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if how != "loaded from the snapshot" {
		t.Fatalf("index %s; want it loaded from the import's snapshot", how)
	}
	docs, err := search.LoadDocuments(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	built := search.NewIndex(docs, search.DefaultParams)
	// The abbreviations the import learned reach the index (issue 11),
	// and the snapshot keeps them.
	learned := search.LearnedQueries(built, 200)
	if len(learned) < 100 {
		t.Errorf("the index learned %d short forms from the import; want well over 100", len(learned))
	}
	search.SameAnswers(t, built, loaded, append(search.GenericQueries(built, 500), learned...))
}

// BenchmarkSnapshotLoad decodes the full corpus's snapshot: the peer of
// BenchmarkIndexBuild, which builds the same index from the store.
//
//	go test -run '^$' -bench 'SnapshotLoad|IndexBuild' -benchtime 5x ./internal/search
func BenchmarkSnapshotLoad(b *testing.B) {
	st := fullStore(b)
	ctx := context.Background()
	v, err := st.Version(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, how, err := search.LoadIndex(ctx, st, v, search.DefaultParams); err != nil || how != "loaded from the snapshot" {
			b.Fatal(how, err)
		}
	}
}

// BenchmarkIndexBuild builds the index from the store, as LoadIndex does
// without a snapshot: reading the content, then indexing it.
func BenchmarkIndexBuild(b *testing.B) {
	st := fullStore(b)
	ctx := context.Background()
	for b.Loop() {
		docs, err := search.LoadDocuments(ctx, st)
		if err != nil {
			b.Fatal(err)
		}
		search.NewIndex(docs, search.DefaultParams)
	}
}
