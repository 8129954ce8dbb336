package ingest

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"healthqa/internal/model"
	"healthqa/internal/search"
	"healthqa/internal/store"
)

// TestImportLearnsAbbreviations: the import learns the definitions the
// fixture's answers write, keeps them with their answers, writes nothing
// when re-importing, drops an answer's pair with its definition, and the
// index the import saves understands the short form.
func TestImportLearnsAbbreviations(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := copyFixture(t)
	pairs := func() []model.Abbreviation {
		t.Helper()
		c, err := st.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c.Abbreviations
	}
	understood := func(msg string) []string {
		t.Helper()
		v, err := st.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ix, how, err := search.LoadIndex(ctx, st, v, search.DefaultParams)
		if err != nil || how != "loaded from the snapshot" {
			t.Fatalf("index %s, %v; want the import's snapshot", how, err)
		}
		var topics []string
		for _, f := range ix.Understand(msg).Foci {
			topics = append(topics, f.Topics...)
		}
		return topics
	}
	sum, err := MedQuAD(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []model.Abbreviation{
		{AnswerKey: "NINDS_0000007-1", Short: "HAS", Long: "Holmes-Adie syndrome"},
		{AnswerKey: "NINDS_0000246-1", Short: "RLS", Long: "Restless legs syndrome"},
	}
	if got := pairs(); sum.Abbreviations != 2 || sum.Changes.Abbreviations != (store.Changes{Inserted: 2}) || !slices.Equal(got, want) {
		t.Fatalf("learned %d, %+v; stored %+v; want %+v", sum.Abbreviations, sum.Changes.Abbreviations, got, want)
	}
	// "HAS" is no synonym of the topic "Holmes-Adie": the answer's
	// definition names it, with a generic head the name lacks. In
	// lower case it is the verb.
	if got := understood("What is HAS?"); !slices.Equal(got, []string{"Holmes-Adie"}) {
		t.Errorf("What is HAS? → %q", got)
	}
	if got := understood("what has he got"); len(got) != 0 {
		t.Errorf("what has he got → %q", got)
	}

	sum, err = MedQuAD(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Changes.Abbreviations != (store.Changes{Unchanged: 2}) || sum.Index.Snapshot != "kept" {
		t.Errorf("re-import: abbreviations %+v, snapshot %s; want 2 unchanged, kept", sum.Changes.Abbreviations, sum.Index.Snapshot)
	}

	edit(t, filepath.Join(dir, "6_NINDS_QA", "0000007.xml"), "Holmes-Adie syndrome (HAS) is", "Holmes-Adie syndrome is")
	sum, err = MedQuAD(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := pairs(); sum.Changes.Abbreviations != (store.Changes{Unchanged: 1, Deleted: 1}) || !slices.Equal(got, want[1:]) {
		t.Errorf("after the definition went: %+v, stored %+v", sum.Changes.Abbreviations, got)
	}
	if got := understood("What is HAS?"); len(got) != 0 {
		t.Errorf("What is HAS? → %q after the definition went", got)
	}
}
