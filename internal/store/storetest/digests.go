package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// This file tests digests: how Sync keeps them and how they read back.

// digestEdit returns digestFixture changed by edit.
func digestEdit(edit func(c *store.Content)) store.Content {
	c := clone(digestFixture())
	edit(&c)
	return c
}

// dropQuestion removes a question from c with its answers and digest.
func dropQuestion(c *store.Content, slug string) {
	c.Questions = slices.DeleteFunc(c.Questions, func(q model.Question) bool { return q.Slug == slug })
	c.Answers = slices.DeleteFunc(c.Answers, func(a model.Answer) bool { return a.QuestionSlug == slug })
	c.Digests = slices.DeleteFunc(c.Digests, func(d model.Digest) bool { return d.QuestionSlug == slug })
}

// testDigestSync takes one store through Syncs that change digests, and
// the questions they belong to, one thing at a time: each must count
// exactly what it did and leave exactly the digests expected.
func testDigestSync(t *testing.T, s store.Store) {
	// same is a Sync of digestFixture into a store that holds it.
	same := store.SyncResult{
		Sources: store.Changes{Unchanged: 3}, Topics: store.Changes{Unchanged: 3},
		Questions: store.Changes{Unchanged: 7}, Answers: store.Changes{Unchanged: 10},
		Digests: store.Changes{Unchanged: 2},
	}
	with := func(edit func(r *store.SyncResult)) store.SyncResult {
		r := same
		edit(&r)
		return r
	}
	oneUpdated := with(func(r *store.SyncResult) { r.Digests = store.Changes{Updated: 1, Unchanged: 1} })
	// asthma-information loses both answers but stays in the content,
	// digest and all.
	emptied := digestEdit(func(c *store.Content) {
		c.Answers = slices.DeleteFunc(c.Answers, func(a model.Answer) bool { return a.QuestionSlug == "asthma-information" })
	})
	steps := []struct {
		name    string
		content store.Content
		want    store.SyncResult
		stored  string // slugs of the questions that must have a digest, as in content
	}{
		{"into empty store", digestFixture(), store.SyncResult{
			Sources: store.Changes{Inserted: 3}, Topics: store.Changes{Inserted: 3},
			Questions: store.Changes{Inserted: 7}, Answers: store.Changes{Inserted: 10},
			Digests: store.Changes{Inserted: 2},
		}, "asthma-information rls-information"},
		{"identical", digestFixture(), same, "asthma-information rls-information"},
		{"point label", digestEdit(func(c *store.Content) { c.Digests[0].Points[0].Label = "sleep" }),
			oneUpdated, "asthma-information rls-information"},
		{"back", digestFixture(), oneUpdated, "asthma-information rls-information"},
		{"point order", digestEdit(func(c *store.Content) { slices.Reverse(c.Digests[0].Points) }),
			oneUpdated, "asthma-information rls-information"},
		{"back", digestFixture(), oneUpdated, "asthma-information rls-information"},
		{"point sources", digestEdit(func(c *store.Content) { slices.Reverse(c.Digests[0].Points[1].Sources) }),
			oneUpdated, "asthma-information rls-information"},
		{"back", digestFixture(), oneUpdated, "asthma-information rls-information"},
		{"evidence sentence", digestEdit(func(c *store.Content) { c.Digests[1].Points[0].Evidence[0].Sentence = "Asthma." }),
			oneUpdated, "asthma-information rls-information"},
		{"back", digestFixture(), oneUpdated, "asthma-information rls-information"},
		{"evidence answer key", digestEdit(func(c *store.Content) { c.Digests[0].Points[0].Evidence[0].AnswerKey = "GARD_0000" }),
			oneUpdated, "asthma-information rls-information"},
		{"back", digestFixture(), oneUpdated, "asthma-information rls-information"},
		// Voices and the source a piece of evidence repeats are kept too.
		{"point voices", digestEdit(func(c *store.Content) { c.Digests[0].Points[2].Voices = 2 }),
			oneUpdated, "asthma-information rls-information"},
		{"back", digestFixture(), oneUpdated, "asthma-information rls-information"},
		{"evidence repeats", digestEdit(func(c *store.Content) { c.Digests[0].Points[2].Evidence[0].Repeats = "" }),
			oneUpdated, "asthma-information rls-information"},
		{"back", digestFixture(), oneUpdated, "asthma-information rls-information"},
		{"point dropped", digestEdit(func(c *store.Content) { c.Digests[0].Points = c.Digests[0].Points[1:] }),
			oneUpdated, "asthma-information rls-information"},
		{"back", digestFixture(), oneUpdated, "asthma-information rls-information"},
		// The question stays, with its answers: only its digest goes.
		{"digest dropped", digestEdit(func(c *store.Content) { c.Digests = c.Digests[:1] }),
			with(func(r *store.SyncResult) { r.Digests = store.Changes{Unchanged: 1, Deleted: 1} }), "rls-information"},
		{"dropped again", digestEdit(func(c *store.Content) { c.Digests = c.Digests[:1] }),
			with(func(r *store.SyncResult) { r.Digests = store.Changes{Unchanged: 1} }), "rls-information"},
		{"digest back", digestFixture(),
			with(func(r *store.SyncResult) { r.Digests = store.Changes{Inserted: 1, Unchanged: 1} }),
			"asthma-information rls-information"},
		// The question is deleted for want of answers; its digest goes
		// with it and is counted.
		{"question emptied", emptied, with(func(r *store.SyncResult) {
			r.Questions = store.Changes{Unchanged: 6, Deleted: 1}
			r.Answers = store.Changes{Unchanged: 8, Deleted: 2}
			r.Digests = store.Changes{Unchanged: 1, Deleted: 1}
		}), "rls-information"},
		// Inserted and deleted again within one Sync: never there for
		// the caller, so not counted, as the question is not.
		{"question emptied again", emptied, with(func(r *store.SyncResult) {
			r.Questions = store.Changes{Unchanged: 6}
			r.Answers = store.Changes{Unchanged: 8}
			r.Digests = store.Changes{Unchanged: 1}
		}), "rls-information"},
		{"question back", digestFixture(), with(func(r *store.SyncResult) {
			r.Questions = store.Changes{Inserted: 1, Unchanged: 6}
			r.Answers = store.Changes{Inserted: 2, Unchanged: 8}
			r.Digests = store.Changes{Inserted: 1, Unchanged: 1}
		}), "asthma-information rls-information"},
		{"question dropped from content", digestEdit(func(c *store.Content) { dropQuestion(c, "asthma-information") }),
			with(func(r *store.SyncResult) {
				r.Questions = store.Changes{Unchanged: 6, Deleted: 1}
				r.Answers = store.Changes{Unchanged: 8, Deleted: 2}
				r.Digests = store.Changes{Unchanged: 1, Deleted: 1}
			}), "rls-information"},
		{"question back again", digestFixture(), with(func(r *store.SyncResult) {
			r.Questions = store.Changes{Inserted: 1, Unchanged: 6}
			r.Answers = store.Changes{Inserted: 2, Unchanged: 8}
			r.Digests = store.Changes{Inserted: 1, Unchanged: 1}
		}), "asthma-information rls-information"},
		// A question whose answers change keeps its digest when the
		// digest does not.
		{"answer edited", digestEdit(func(c *store.Content) { c.Answers[0].Text += " More." }),
			with(func(r *store.SyncResult) { r.Answers = store.Changes{Updated: 1, Unchanged: 9} }),
			"asthma-information rls-information"},
		{"everything", store.Content{}, store.SyncResult{
			Topics: store.Changes{Deleted: 3}, Questions: store.Changes{Deleted: 7},
			Answers: store.Changes{Deleted: 10}, Digests: store.Changes{Deleted: 2},
		}, ""},
		{"from nothing", digestFixture(), store.SyncResult{
			Sources: store.Changes{Unchanged: 3}, Topics: store.Changes{Inserted: 3},
			Questions: store.Changes{Inserted: 7}, Answers: store.Changes{Inserted: 10},
			Digests: store.Changes{Inserted: 2},
		}, "asthma-information rls-information"},
	}
	for i, st := range steps {
		// Steps run in order on one store: a failure spoils the rest.
		if !t.Run(st.name, func(t *testing.T) {
			if res := mustSync(t, s, st.content, t0); res != st.want {
				t.Errorf("Sync = %+v; want %+v", res, st.want)
			}
			checkDigests(t, s, st.content, st.stored)
		}) {
			t.Fatalf("step %d %s failed", i, st.name)
		}
	}
}

// checkDigests checks that the questions named in stored, and only they
// of fixture's questions, have a digest, the one c gives them.
func checkDigests(t *testing.T, s store.Store, c store.Content, stored string) {
	t.Helper()
	ctx := context.Background()
	want := map[string]model.Digest{}
	for _, slug := range strings.Fields(stored) {
		i := slices.IndexFunc(c.Digests, func(d model.Digest) bool { return d.QuestionSlug == slug })
		if i < 0 {
			t.Fatalf("content has no digest of %s", slug)
		}
		want[slug] = c.Digests[i]
	}
	for _, q := range fixture().Questions {
		got, err := s.Digest(ctx, q.Slug)
		w, ok := want[q.Slug]
		switch {
		case !ok && !errors.Is(err, store.ErrNotFound):
			t.Errorf("Digest(%s) = %+v, %v; want ErrNotFound", q.Slug, got, err)
		case ok && err != nil:
			t.Errorf("Digest(%s): %v", q.Slug, err)
		case ok && !reflect.DeepEqual(got, w):
			t.Errorf("Digest(%s) =\n%s\nwant\n%s", q.Slug, jsonOf(got), jsonOf(w))
		}
	}
}

// testDigestDatasets checks that a Sync keeps the digests of questions
// other datasets hold, and deletes its own with its questions.
func testDigestDatasets(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustSync(t, s, digestFixture(), t0)
	before := snapshot(t, s)

	// Dataset b cites sources the store holds already.
	other := store.Content{
		Topics:    []model.Topic{{Slug: "gout", Name: "Gout"}},
		Questions: []model.Question{{Slug: "gout-causes", TopicSlug: "gout", Type: "causes", Title: "What causes gout?"}},
		Answers: []model.Answer{
			answer("CDC_B1", "CDC_B1", "gout-causes", "CDC", "Uric acid."),
			answer("GARD_B2", "GARD_B2", "gout-causes", "GARD", "Too much uric acid."),
		},
		Digests: []model.Digest{{QuestionSlug: "gout-causes", Points: []model.DigestPoint{{
			Label: "uric acid", Sources: []string{"CDC", "GARD"}, Evidence: []model.DigestEvidence{
				{Source: "CDC", AnswerKey: "CDC_B1", Sentence: "Uric acid."},
				{Source: "GARD", AnswerKey: "GARD_B2", Sentence: "Too much uric acid."},
			},
		}}}},
	}
	for i := range other.Answers {
		other.Answers[i].Dataset = ""
	}
	want := store.SyncResult{
		Topics: store.Changes{Inserted: 1}, Questions: store.Changes{Inserted: 1},
		Answers: store.Changes{Inserted: 2}, Digests: store.Changes{Inserted: 1},
	}
	if res := mustSyncDataset(t, s, "b", other, t1); res != want {
		t.Errorf("Sync b = %+v; want %+v", res, want)
	}
	got, err := s.Digest(ctx, "gout-causes")
	if err != nil || !reflect.DeepEqual(got, other.Digests[0]) {
		t.Errorf("Digest(gout-causes) = %+v, %v; want %+v", got, err, other.Digests[0])
	}

	// Syncing the first dataset again leaves b's digest alone: its
	// question is not the first dataset's to judge.
	want = store.SyncResult{
		Sources: store.Changes{Unchanged: 3}, Topics: store.Changes{Unchanged: 3},
		Questions: store.Changes{Unchanged: 7}, Answers: store.Changes{Unchanged: 10},
		Digests: store.Changes{Unchanged: 2},
	}
	if res := mustSync(t, s, digestFixture(), t2); res != want {
		t.Errorf("re-Sync %s = %+v; want %+v", dataset, res, want)
	}
	if _, err := s.Digest(ctx, "gout-causes"); err != nil {
		t.Errorf("Digest(gout-causes) after re-Sync of %s: %v", dataset, err)
	}

	// Emptying b deletes its question, and the digest with it.
	want = store.SyncResult{
		Topics: store.Changes{Deleted: 1}, Questions: store.Changes{Deleted: 1},
		Answers: store.Changes{Deleted: 2}, Digests: store.Changes{Deleted: 1},
	}
	if res := mustSyncDataset(t, s, "b", store.Content{}, t2); res != want {
		t.Errorf("emptying b = %+v; want %+v", res, want)
	}
	if _, err := s.Digest(ctx, "gout-causes"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Digest(gout-causes) after emptying b: err = %v; want ErrNotFound", err)
	}
	checkUnchanged(t, before, snapshot(t, s))
}

// testDigestRoundTrip checks that points come back exactly as given, in
// their order, including text a JSON or SQL layer could escape or
// mangle, and that lists left nil come back empty, not null. Syncing the
// same points again must find them unchanged, nil lists and empty ones
// alike.
func testDigestRoundTrip(t *testing.T, s store.Store) {
	point := func(label, source, key, sentence string) model.DigestPoint {
		return model.DigestPoint{Label: label, Sources: []string{source},
			Evidence: []model.DigestEvidence{{Source: source, AnswerKey: key, Sentence: sentence}}}
	}
	tests := []struct {
		name   string
		points []model.DigestPoint
		want   []model.DigestPoint // nil: points
		equiv  []model.DigestPoint // also the same, when not nil
	}{
		{name: "quotes", points: []model.DigestPoint{
			point(`He said "hi"`, `it's`, `back\slash`, `"quoted" 'single' \n not a newline`)}},
		{name: "unicode", points: []model.DigestPoint{
			point("Sjögren’s syndrome", "症候群", "😀", "Ménière’s disease — e\u0301 \u2028 line separator")}},
		{name: "html", points: []model.DigestPoint{
			point("<script>alert(1)</script>", "a & b", "<b>bold</b>", "</script><p>a &amp; b</p>")}},
		{name: "json lookalikes", points: []model.DigestPoint{
			point("null", "[]", `{"a":1}`, `"},{"label":"injected"`), point("", "", "", "")}},
		{name: "whitespace", points: []model.DigestPoint{
			point(" leading", "trailing ", "tab\there", "line\nbreak\r\n")}},
		{name: "order kept", points: []model.DigestPoint{
			point("z", "NINDS", "NINDS_0005", "b"), point("a", "GARD", "GARD_0000", "a"), point("m", "CDC", "x", "c")}},
		{name: "nil lists",
			points: []model.DigestPoint{{Label: "alone"}},
			want:   []model.DigestPoint{{Label: "alone", Sources: []string{}, Evidence: []model.DigestEvidence{}}},
			equiv:  []model.DigestPoint{{Label: "alone", Sources: []string{}, Evidence: []model.DigestEvidence{}}}},
		{name: "no points", points: nil, want: []model.DigestPoint{}, equiv: []model.DigestPoint{}},
		{name: "empty points", points: []model.DigestPoint{}},
	}
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := digestFixture()
			c.Digests[0].Points = tc.points
			mustSync(t, s, c, t0)
			want := tc.want
			if want == nil {
				want = tc.points
			}
			got, err := s.Digest(ctx, c.Digests[0].QuestionSlug)
			if err != nil {
				t.Fatal(err)
			}
			if got.QuestionSlug != c.Digests[0].QuestionSlug || !reflect.DeepEqual(got.Points, want) {
				t.Errorf("Digest =\n%s\nwant points\n%s", jsonOf(got), jsonOf(want))
			}
			loaded, err := s.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if i := slices.IndexFunc(loaded.Digests, func(d model.Digest) bool { return d.QuestionSlug == got.QuestionSlug }); i < 0 ||
				!reflect.DeepEqual(loaded.Digests[i], got) {
				t.Errorf("Load digests =\n%s\nwant among them\n%s", jsonOf(loaded.Digests), jsonOf(got))
			}
			if res := mustSync(t, s, c, t1); res.Digests != (store.Changes{Unchanged: 2}) {
				t.Errorf("same points synced again: digests %+v; want 2 unchanged", res.Digests)
			}
			if tc.equiv != nil {
				c.Digests[0].Points = tc.equiv
				if res := mustSync(t, s, c, t1); res.Digests != (store.Changes{Unchanged: 2}) {
					t.Errorf("points %s synced after %s: digests %+v; want 2 unchanged",
						jsonOf(tc.equiv), jsonOf(tc.points), res.Digests)
				}
			}
		})
	}
}
