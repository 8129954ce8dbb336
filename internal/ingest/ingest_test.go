package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"healthqa/internal/search"
	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
)

// openStore is a fresh store on the backend of this test run
// (internal/store/testdb).
func openStore(t *testing.T) store.Store {
	t.Helper()
	st, _ := testdb.OpenContent(t)
	return st
}

// copyFixture copies testdata/medquad into a temporary folder the test
// may change.
func copyFixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS("testdata/medquad"))
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestImportFixture(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := copyFixture(t)
	sum, err := MedQuAD(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := store.Stats{Sources: 4, Topics: 3, Questions: 6, MultiSourceQuestions: 2, Entries: 8, Answers: 8, AnswersWithText: 6, EntriesWithText: 6, Digests: 1}
	if sum.Stats != want {
		t.Errorf("stats = %+v\nwant   %+v", sum.Stats, want)
	}
	if sum.Files != 5 || sum.Corpus.MergedTopics != 2 || sum.Corpus.MergedFoci != 4 {
		t.Errorf("files %d, merged %d topics from %d foci; want 5, 2, 4", sum.Files, sum.Corpus.MergedTopics, sum.Corpus.MergedFoci)
	}
	q, answers, err := st.Question(ctx, "what-is-restless-legs-syndrome")
	if err != nil {
		t.Fatal(err)
	}
	if q.Title != "What is restless legs syndrome?" || len(answers) != 2 || answers[0].SourceKey != "GHR" || answers[1].SourceKey != "NINDS" {
		t.Errorf("question %q with %d answers", q.Title, len(answers))
	}
	_, answers, err = st.Question(ctx, "what-is-menieres-disease")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range answers {
		if a.SourceKey == "MPlusHealthTopics" && !strings.Contains(a.Text, "<script>alert(1)</script>") {
			t.Errorf("hostile text not stored verbatim: %q", a.Text)
		}
	}
}

func TestReimportChangesNothingAndUpdatesInPlace(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := copyFixture(t)
	if _, err := MedQuAD(ctx, st, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	again, err := MedQuAD(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]store.Changes{"answers": again.Changes.Answers, "questions": again.Changes.Questions, "topics": again.Changes.Topics, "sources": again.Changes.Sources} {
		if c.Changed() {
			t.Errorf("re-import changed %s: %+v", name, c)
		}
	}

	file := filepath.Join(dir, "3_GHR_QA", "0000869.xml")
	edit(t, file, "It&apos;s common.", "It is common.")
	changed, err := MedQuAD(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := changed.Changes.Answers; c.Updated != 1 || c.Inserted+c.Deleted != 0 {
		t.Errorf("after one edit: answers %+v, want exactly 1 updated", c)
	}

	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	removed, err := MedQuAD(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if removed.Changes.Answers.Deleted != 1 || removed.Stats.Answers != 7 {
		t.Errorf("after removing a file: %+v, %d answers", removed.Changes.Answers, removed.Stats.Answers)
	}
}

func TestImportSkipsBrokenFileAndKeepsTheRest(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := copyFixture(t)
	whole, err := os.ReadFile(filepath.Join(dir, "6_NINDS_QA", "0000246.xml"))
	if err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "6_NINDS_QA", "0000999.xml")
	if err := os.WriteFile(broken, whole[:len(whole)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := MedQuAD(ctx, st, dir, Options{})
	if !errors.Is(err, ErrSkipped) {
		t.Fatalf("err = %v, want ErrSkipped", err)
	}
	if len(sum.Skipped) != 1 || sum.Skipped[0].Path != "6_NINDS_QA/0000999.xml" || !strings.Contains(sum.Skipped[0].Reason, "truncated") {
		t.Errorf("skipped = %+v", sum.Skipped)
	}
	if sum.Stats.Answers != 8 {
		t.Errorf("answers = %d, want the 8 of the intact files", sum.Stats.Answers)
	}
}

func TestImportOfMissingOrEmptyPathFailsAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	for _, path := range []string{filepath.Join(t.TempDir(), "nope.zip"), t.TempDir()} {
		if _, err := MedQuAD(ctx, st, path, Options{}); err == nil || errors.Is(err, ErrSkipped) {
			t.Errorf("import %s: err = %v, want a failure", path, err)
		}
	}
	if empty, _ := st.Empty(ctx); !empty {
		t.Error("a failed import wrote to the store")
	}
}

type countingFetcher struct {
	path  string
	calls int
}

func (f *countingFetcher) Fetch(context.Context) (string, error) {
	f.calls++
	return f.path, nil
}

func TestEnsureData(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	fetch := &countingFetcher{path: copyFixture(t)}
	if _, imported, err := EnsureData(ctx, st, "", fetch, Options{Progress: io.Discard}); err != nil || !imported || fetch.calls != 1 {
		t.Fatalf("empty store: imported %v, err %v, fetches %d; want an import after one fetch", imported, err, fetch.calls)
	}
	if _, imported, err := EnsureData(ctx, st, "", fetch, Options{}); err != nil || imported || fetch.calls != 1 {
		t.Errorf("full store: imported %v, err %v, fetches %d; want nothing done", imported, err, fetch.calls)
	}
	if _, imported, err := EnsureData(ctx, st, copyFixture(t), fetch, Options{}); err != nil || !imported || fetch.calls != 1 {
		t.Errorf("with a path: imported %v, err %v, fetches %d; want an import without fetching", imported, err, fetch.calls)
	}
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestImportSavesSearchSnapshot: every import leaves a snapshot of the
// content it wrote, one that answers as an index built from the store
// does; an import that changes nothing keeps it, one that changes
// content replaces it.
func TestImportSavesSearchSnapshot(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := copyFixture(t)
	snapshotNow := func(sum Summary, want string) []byte {
		t.Helper()
		if sum.Index.Snapshot != want {
			t.Errorf("summary says the snapshot was %q, want %q", sum.Index.Snapshot, want)
		}
		v, err := st.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		data, err := st.SearchSnapshot(ctx, v)
		if err != nil {
			t.Fatalf("no snapshot of the imported content: %v", err)
		}
		if _, err := search.DecodeSnapshot(data, search.DefaultParams); err != nil {
			t.Fatal(err)
		}
		docs, err := search.LoadDocuments(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		built := search.NewIndex(docs, search.DefaultParams)
		if !bytes.Equal(built.Snapshot(), data) {
			t.Error("the snapshot differs from the index of the stored content")
		}
		return data
	}
	sum, err := MedQuAD(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	first := snapshotNow(sum, "saved")
	sum, err = MedQuAD(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again := snapshotNow(sum, "kept"); !bytes.Equal(again, first) {
		t.Error("an unchanged re-import changed the snapshot")
	}
	// A snapshot of another format (an older program's) is built again
	// by the next import, even one that changes nothing.
	v, err := st.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	old := bytes.Clone(first)
	old[4]++ // the format version
	if saved, err := st.SaveSearchSnapshot(ctx, v, old); err != nil || !saved {
		t.Fatalf("SaveSearchSnapshot = %v, %v", saved, err)
	}
	sum, err = MedQuAD(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sum.Index.Snapshot, "saved (replacing one unusable: ") {
		t.Errorf("re-import over a snapshot of another format: %q", sum.Index.Snapshot)
	}
	if again := snapshotNow(sum, sum.Index.Snapshot); !bytes.Equal(again, first) {
		t.Error("the snapshot built again differs from the first")
	}
	edit(t, filepath.Join(dir, "3_GHR_QA", "0000869.xml"), "It&apos;s common.", "It is common.")
	sum, err = MedQuAD(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if changed := snapshotNow(sum, "saved"); bytes.Equal(changed, first) {
		t.Error("a changing import kept the old snapshot")
	}
}
