package storetest

import (
	"slices"
	"testing"

	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// testContributorState: a Sync marks its version as imported; a publish,
// an edit and an unpublish move the version but not the mark, and the
// state read with them holds the contributor answers of that version.
func testContributorState(t *testing.T, e *editorialEnv) {
	pub, ok := e.b.(store.Published)
	if !ok {
		t.Fatalf("%T has the editorial workflow but not store.Published", e.b)
	}
	state := func() store.ContributorState {
		t.Helper()
		st, err := pub.ContributorState(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v := e.version(); st.Version != v {
			t.Fatalf("ContributorState().Version = %d; the store is at %d", st.Version, v)
		}
		return st
	}
	texts := func(st store.ContributorState) []string {
		var out []string
		for _, a := range st.Content.Answers {
			if a.Dataset != model.ContributorsDataset {
				t.Fatalf("ContributorState holds an answer of dataset %q", a.Dataset)
			}
			out = append(out, a.Text)
		}
		return out
	}
	imported := state()
	if imported.Imported == 0 || imported.Imported != imported.Version || len(imported.Content.Answers) != 0 {
		t.Fatalf("after an import: %+v; want imported = version, no contributor answers", imported)
	}
	s := e.published(e.draft(e.writer, "rls-causes", "Low iron in the brain."))
	st := state()
	if st.Imported != imported.Imported || st.Version <= imported.Version || !slices.Equal(texts(st), []string{"Low iron in the brain."}) {
		t.Fatalf("after a publish: %+v; want the import's mark kept, a newer version, the answer", st)
	}
	if len(st.Content.Questions) != 1 || st.Content.Questions[0].Slug != "rls-causes" || len(st.Content.Topics) != 1 {
		t.Fatalf("after a publish: questions %+v, topics %+v; want the answered question and its topic", st.Content.Questions, st.Content.Topics)
	}
	s = e.must(e.save(e.writer, s, "Low iron, and genes."))
	s = e.published(s)
	if st2 := state(); st2.Imported != imported.Imported || st2.Version <= st.Version || !slices.Equal(texts(st2), []string{"Low iron, and genes."}) {
		t.Fatalf("after an edit: %+v", st2)
	}
	e.must(e.step(e.reviewer, s, editorial.Unpublish, "Outdated."))
	if st3 := state(); st3.Imported != imported.Imported || len(st3.Content.Answers) != 0 {
		t.Fatalf("after an unpublish: %+v", st3)
	}
	// An import that changes nothing leaves the mark; one that changes
	// content moves it to the new version.
	mustSync(t, e.b, fixture(), t1)
	if st4 := state(); st4.Imported != imported.Imported {
		t.Fatalf("after an unchanged import: imported %d, was %d", st4.Imported, imported.Imported)
	}
	c := fixture()
	c.Answers[0].Text += " Changed."
	mustSync(t, e.b, c, t2)
	if st5 := state(); st5.Imported != st5.Version || st5.Version == imported.Version {
		t.Fatalf("after a changing import: %+v; want imported = the new version", st5)
	}
}
