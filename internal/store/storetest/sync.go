package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Sync's contract: what it inserts, changes and removes, what it
// refuses, and that a cancelled Sync leaves the store as it was.

func testEmptyStore(t *testing.T, s store.Store) {
	ctx := context.Background()
	empty, err := s.Empty(ctx)
	if err != nil || !empty {
		t.Errorf("Empty() = %v, %v; want true", empty, err)
	}
	d := snapshot(t, s)
	if d.Stats != (store.Stats{}) {
		t.Errorf("Stats() = %+v; want zeros", d.Stats)
	}
	if d.Sources == nil || len(d.Sources) != 0 || d.Topics == nil || len(d.Topics) != 0 {
		t.Errorf("Sources() = %#v, Topics() = %#v; want empty, non-nil", d.Sources, d.Topics)
	}
	page, err := s.TopicsByLetter(ctx, "", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	found, err := s.SearchQuestions(ctx, "asthma", 10)
	if err != nil {
		t.Fatal(err)
	}
	for name, list := range map[string]any{
		"TopicLetters": d.Letters, "SourceSummaries": d.SourceSummaries,
		"QuestionRefs": d.QuestionRefs, "TopicRefs": d.TopicRefs,
		"TopicsByLetter": page.Topics, "SearchQuestions": found,
	} {
		if v := reflect.ValueOf(list); v.IsNil() || v.Len() != 0 {
			t.Errorf("%s() = %#v; want empty, non-nil", name, list)
		}
	}
	if page.Total != 0 {
		t.Errorf("TopicsByLetter total = %d; want 0", page.Total)
	}
}

func testSyncIntoEmpty(t *testing.T, s store.Store) {
	res := mustSync(t, s, fixture(), t0)
	want := store.SyncResult{
		Sources:   store.Changes{Inserted: 3},
		Topics:    store.Changes{Inserted: 3},
		Questions: store.Changes{Inserted: 7},
		Answers:   store.Changes{Inserted: 10},
	}
	if res != want {
		t.Errorf("Sync = %+v; want %+v", res, want)
	}
	if empty, err := s.Empty(context.Background()); err != nil || empty {
		t.Errorf("Empty() = %v, %v; want false", empty, err)
	}
	got := snapshot(t, s).Answers
	for _, a := range fixture().Answers {
		checkAnswer(t, got[a.Key], a, t0, t0)
	}
}

func testResyncIdentical(t *testing.T, s store.Store) {
	mustSync(t, s, fixture(), t0)
	before := snapshot(t, s)
	res := mustSync(t, s, fixture(), t1)
	want := store.SyncResult{
		Sources:   store.Changes{Unchanged: 3},
		Topics:    store.Changes{Unchanged: 3},
		Questions: store.Changes{Unchanged: 7},
		Answers:   store.Changes{Unchanged: 10},
	}
	if res != want {
		t.Errorf("re-Sync = %+v; want %+v", res, want)
	}
	// The snapshot includes every answer's updated_at, which must still
	// be t0.
	checkUnchanged(t, before, snapshot(t, s))
}

// testChangeOneRow changes one field of one row at a time and expects
// exactly that row to be updated: a field missing from a backend's
// change detection fails here.
func testChangeOneRow(t *testing.T, s store.Store) {
	all := store.SyncResult{
		Sources:   store.Changes{Unchanged: 3},
		Topics:    store.Changes{Unchanged: 3},
		Questions: store.Changes{Unchanged: 7},
		Answers:   store.Changes{Unchanged: 10},
	}
	tests := []struct {
		name   string
		change func(c *store.Content)
		kind   func(r *store.SyncResult) *store.Changes
	}{
		{"answer text", func(c *store.Content) { c.Answers[0].Text += " More." }, answersOf},
		{"answer doc id", func(c *store.Content) { c.Answers[0].DocID = "GARD_9999" }, answersOf},
		{"answer source url", func(c *store.Content) { c.Answers[0].SourceURL += "?v=2" }, answersOf},
		{"answer source question", func(c *store.Content) { c.Answers[0].SourceQuestion = "What?" }, answersOf},
		{"answer origin", func(c *store.Content) { c.Answers[0].Origin = "other.xml" }, answersOf},
		{"answer source", func(c *store.Content) { c.Answers[0].SourceKey = "CDC" }, answersOf},
		{"answer text to empty", func(c *store.Content) { c.Answers[0].Text = "" }, answersOf},
		{"topic name", func(c *store.Content) { c.Topics[0].Name = "RLS" }, topicsOf},
		{"topic synonyms", func(c *store.Content) { c.Topics[0].Synonyms = append(c.Topics[0].Synonyms, "WED") }, topicsOf},
		{"topic list order", func(c *store.Content) { c.Topics[1].Foci = []string{"asthma", "Asthma"} }, topicsOf},
		{"topic cuis", func(c *store.Content) { c.Topics[2].CUIs = []string{"C0004057"} }, topicsOf},
		{"topic category", func(c *store.Content) { c.Topics[0].Category = model.CategoryOther }, topicsOf},
		{"question title", func(c *store.Content) { c.Questions[0].Title = "Is RLS real?" }, questionsOf},
		{"question type", func(c *store.Content) { c.Questions[0].Type = "outlook" }, questionsOf},
		{"source name", func(c *store.Content) { c.Sources[0].Name = "NINDS at NIH" }, sourcesOf},
		{"source kind", func(c *store.Content) { c.Sources[0].Kind = model.KindAcademic }, sourcesOf},
	}
	base := fixture()
	mustSync(t, s, base, t0)
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			now := t0.Add(time.Duration(i+1) * time.Minute)
			changed := clone(base)
			tc.change(&changed)
			want := all
			tc.kind(&want).Unchanged--
			tc.kind(&want).Updated++
			if res := mustSync(t, s, changed, now); res != want {
				t.Errorf("Sync = %+v; want %+v", res, want)
			}
			if tc.kind(&want) == &want.Answers {
				checkAnswerTimes(t, s, changed.Answers[0].Key, now)
			}
			// Back to base, which is one more update, for the next case.
			if res := mustSync(t, s, base, now); res != want {
				t.Errorf("Sync back = %+v; want %+v", res, want)
			}
		})
	}
}

func answersOf(r *store.SyncResult) *store.Changes { return &r.Answers }

func topicsOf(r *store.SyncResult) *store.Changes { return &r.Topics }

func questionsOf(r *store.SyncResult) *store.Changes { return &r.Questions }

func sourcesOf(r *store.SyncResult) *store.Changes { return &r.Sources }

// checkAnswerTimes checks that key, and only key, was updated at
// updated, and that every answer keeps its first import time.
func checkAnswerTimes(t *testing.T, s store.Store, key string, updated time.Time) {
	t.Helper()
	for k, a := range snapshot(t, s).Answers {
		want := t0
		if k == key {
			want = updated
		}
		if !a.UpdatedAt.Equal(want) || !a.ImportedAt.Equal(t0) {
			t.Errorf("answer %s: imported %v, updated %v; want imported %v, updated %v",
				k, a.ImportedAt, a.UpdatedAt, t0, want)
		}
	}
}

func testRemoveAnswers(t *testing.T, s store.Store) {
	tests := []struct {
		name    string
		content store.Content
		want    store.SyncResult
		gone    []string // questions and topics that must be gone, as "q:slug" or "t:slug"
	}{{
		name:    "question keeps other answers",
		content: without(fixture(), "NINDS_0005"),
		want: store.SyncResult{
			Sources: store.Changes{Unchanged: 3}, Topics: store.Changes{Unchanged: 3},
			Questions: store.Changes{Unchanged: 7}, Answers: store.Changes{Unchanged: 9, Deleted: 1},
		},
	}, {
		name:    "question left without answers",
		content: without(fixture(), "CDC_0003"),
		want: store.SyncResult{
			Sources: store.Changes{Unchanged: 3}, Topics: store.Changes{Unchanged: 3},
			Questions: store.Changes{Unchanged: 6, Deleted: 1}, Answers: store.Changes{Unchanged: 9, Deleted: 1},
		},
		gone: []string{"q:asthma-treatment"},
	}, {
		name:    "topic left without questions",
		content: without(fixture(), "GARD_0004"),
		want: store.SyncResult{
			Sources: store.Changes{Unchanged: 3}, Topics: store.Changes{Unchanged: 2, Deleted: 1},
			Questions: store.Changes{Unchanged: 6, Deleted: 1}, Answers: store.Changes{Unchanged: 9, Deleted: 1},
		},
		gone: []string{"q:aspirin-side-effects", "t:aspirin"},
	}, {
		name: "question and topic dropped from content too",
		content: func() store.Content {
			c := without(fixture(), "GARD_0004")
			c.Topics = c.Topics[:2]
			c.Questions = c.Questions[:6]
			return c
		}(),
		want: store.SyncResult{
			Sources: store.Changes{Unchanged: 3}, Topics: store.Changes{Unchanged: 2, Deleted: 1},
			Questions: store.Changes{Unchanged: 6, Deleted: 1}, Answers: store.Changes{Unchanged: 9, Deleted: 1},
		},
		gone: []string{"q:aspirin-side-effects", "t:aspirin"},
	}, {
		name:    "all answers",
		content: store.Content{},
		want: store.SyncResult{
			Topics: store.Changes{Deleted: 3}, Questions: store.Changes{Deleted: 7}, Answers: store.Changes{Deleted: 10},
		},
		gone: []string{"t:asthma", "t:aspirin", "t:restless-legs-syndrome"},
	}}
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mustSync(t, s, fixture(), t0)
			if res := mustSync(t, s, tc.content, t1); res != tc.want {
				t.Errorf("Sync = %+v; want %+v", res, tc.want)
			}
			for _, g := range tc.gone {
				kind, slug, _ := strings.Cut(g, ":")
				var err error
				if kind == "q" {
					_, _, err = s.Question(ctx, slug)
				} else {
					_, err = s.Topic(ctx, slug)
				}
				if !errors.Is(err, store.ErrNotFound) {
					t.Errorf("%s after Sync: err = %v; want ErrNotFound", g, err)
				}
			}
			want := store.SyncResult{
				Sources: store.Changes{Unchanged: len(tc.content.Sources)},
				Topics:  store.Changes{Unchanged: tc.want.Topics.Unchanged},
				// The emptied question is still in the content: not counted.
				Questions: store.Changes{Unchanged: tc.want.Questions.Unchanged},
				Answers:   store.Changes{Unchanged: len(tc.content.Answers)},
			}
			if res := mustSync(t, s, tc.content, t2); res != want {
				t.Errorf("repeated Sync = %+v; want %+v", res, want)
			}
			// Restore, so that the next case starts from the fixture.
			mustSync(t, s, fixture(), t0)
		})
	}
}

// testQuestionWithoutAnswers checks that a question nobody answers is
// not kept, and not counted as inserted either.
func testQuestionWithoutAnswers(t *testing.T, s store.Store) {
	c := fixture()
	c.Topics = append(c.Topics, model.Topic{Slug: "gout", Name: "Gout"})
	c.Questions = append(c.Questions, model.Question{Slug: "gout-causes", TopicSlug: "gout", Type: "causes"})
	want := store.SyncResult{
		Sources:   store.Changes{Inserted: 3},
		Topics:    store.Changes{Inserted: 3},
		Questions: store.Changes{Inserted: 7},
		Answers:   store.Changes{Inserted: 10},
	}
	if res := mustSync(t, s, c, t0); res != want {
		t.Errorf("Sync = %+v; want %+v", res, want)
	}
	if _, _, err := s.Question(context.Background(), "gout-causes"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Question(gout-causes): err = %v; want ErrNotFound", err)
	}
	if _, err := s.Topic(context.Background(), "gout"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Topic(gout): err = %v; want ErrNotFound", err)
	}
}

// testBadContent checks that content with a bad reference is refused as a
// whole, with an error naming the culprit, whether or not the store
// already holds data. A digest must name a question of the content, even
// one stored by an earlier Sync.
func testBadContent(t *testing.T, s store.Store) {
	tests := []struct {
		name    string
		dataset string
		change  func(c *store.Content)
		culprit string
	}{
		{"unknown question", dataset, func(c *store.Content) { c.Answers[9].QuestionSlug = "no-such-question" }, "no-such-question"},
		{"unknown source", dataset, func(c *store.Content) { c.Answers[9].SourceKey = "NOSUCHSOURCE" }, "NOSUCHSOURCE"},
		{"unknown topic", dataset, func(c *store.Content) { c.Questions[6].TopicSlug = "no-such-topic" }, "no-such-topic"},
		{"duplicate answer", dataset, func(c *store.Content) { c.Answers[9].Key = c.Answers[0].Key }, fixture().Answers[0].Key},
		{"duplicate question", dataset, func(c *store.Content) { c.Questions[6].Slug = c.Questions[0].Slug }, fixture().Questions[0].Slug},
		{"duplicate topic", dataset, func(c *store.Content) { c.Topics[2].Slug = c.Topics[0].Slug }, fixture().Topics[0].Slug},
		{"answer of another dataset", dataset, func(c *store.Content) { c.Answers[9].Dataset = "other" }, "other"},
		{"no dataset name", "", func(*store.Content) {}, ""},
		{"digest of unknown question", dataset, func(c *store.Content) { c.Digests[1].QuestionSlug = "no-such-question" }, "no-such-question"},
		{"digest of a topic", dataset, func(c *store.Content) { c.Digests[1].QuestionSlug = "asthma" }, "asthma"},
		{"digest of a question dropped from content", dataset, func(c *store.Content) {
			c.Questions = c.Questions[:5] // drops asthma-information and aspirin-side-effects
			c.Answers = slices.DeleteFunc(c.Answers, func(a model.Answer) bool {
				return a.QuestionSlug == "asthma-information" || a.QuestionSlug == "aspirin-side-effects"
			})
		}, "asthma-information"},
		{"duplicate digest", dataset, func(c *store.Content) { c.Digests[1].QuestionSlug = c.Digests[0].QuestionSlug }, "rls-information"},
		{"digest without question", dataset, func(c *store.Content) { c.Digests[1].QuestionSlug = "" }, "digest #2"},
	}
	for _, populated := range []bool{false, true} {
		if populated {
			mustSync(t, s, digestFixture(), t0)
		}
		for _, tc := range tests {
			name := tc.name
			if populated {
				name += " into populated store"
			}
			t.Run(name, func(t *testing.T) {
				before := snapshot(t, s)
				c := digestFixture()
				// Digests changed too, so that a Sync that wrote them
				// before failing would show.
				c.Digests[0].Points[0].Label = "changed"
				tc.change(&c)
				_, err := s.Sync(context.Background(), tc.dataset, c, store.SyncOptions{Now: t1})
				if err == nil {
					t.Fatal("Sync succeeded; want an error")
				}
				if !strings.Contains(err.Error(), tc.culprit) {
					t.Errorf("Sync error %q does not name %q", err, tc.culprit)
				}
				checkUnchanged(t, before, snapshot(t, s))
			})
		}
	}
}

func testSourceStoredEarlier(t *testing.T, s store.Store) {
	mustSync(t, s, fixture(), t0)
	c := fixture()
	c.Sources = nil
	res := mustSync(t, s, c, t1)
	if res.Sources != (store.Changes{}) || res.Answers != (store.Changes{Unchanged: 10}) {
		t.Errorf("Sync citing stored sources = %+v; want sources untouched, answers unchanged", res)
	}
}

func testSourcesNeverDeleted(t *testing.T, s store.Store) {
	mustSync(t, s, fixture(), t0)
	mustSync(t, s, store.Content{}, t1)
	got, err := s.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Errorf("Sources() after emptying Sync = %d sources; want 3", len(got))
	}
}

// testDatasets checks that a Sync deletes only its own dataset's answers,
// and keeps questions other datasets still answer.
func testDatasets(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustSync(t, s, fixture(), t0)
	before := snapshot(t, s)

	other := fixture()
	other.Topics = other.Topics[:1]
	other.Questions = other.Questions[2:3] // rls-information
	other.Answers = []model.Answer{answer("CDC_B1", "CDC_B1", "rls-information", "CDC", "From B.")}
	other.Answers[0].Dataset = ""
	want := store.SyncResult{
		Sources: store.Changes{Unchanged: 3}, Topics: store.Changes{Unchanged: 1},
		Questions: store.Changes{Unchanged: 1}, Answers: store.Changes{Inserted: 1},
	}
	if res := mustSyncDataset(t, s, "b", other, t1); res != want {
		t.Errorf("Sync b = %+v; want %+v", res, want)
	}
	_, answers, err := s.Question(ctx, "rls-information")
	if err != nil {
		t.Fatal(err)
	}
	if got := answerKeys(answers); got != "CDC_B1 GARD_0000 GARD_0008 NINDS_0005" {
		t.Errorf("rls-information answers = %s", got)
	}
	if answers[0].Dataset != "b" {
		t.Errorf("answer with empty Dataset stored as %q; want %q", answers[0].Dataset, "b")
	}

	want = store.SyncResult{Answers: store.Changes{Deleted: 1}}
	if res := mustSyncDataset(t, s, "b", store.Content{}, t2); res != want {
		t.Errorf("emptying b = %+v; want %+v", res, want)
	}
	checkUnchanged(t, before, snapshot(t, s))
}

// testCancelMidSync cancels a Sync from its Progress callback, once rows
// have been written, and expects the store as it was before.
func testCancelMidSync(t *testing.T, s store.Store) {
	tests := []struct {
		name     string
		populate bool
	}{{"into empty store", false}, {"into populated store", true}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.populate {
				mustSync(t, s, fixture(), t0)
			}
			before := snapshot(t, s)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cancelledAt := 0
			opts := store.SyncOptions{Now: t1, Progress: func(done, total int) {
				if done > 0 && done < total && cancelledAt == 0 {
					cancelledAt = done
					cancel()
				}
			}}
			_, err := s.Sync(ctx, dataset, GenerateContent(300, 1000, 3000, 100), opts)
			if cancelledAt == 0 {
				t.Fatal("Progress was never called mid-way, so the Sync could not be cancelled")
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Sync cancelled after %d rows: err = %v; want context.Canceled", cancelledAt, err)
			}
			checkUnchanged(t, before, snapshot(t, s))
			// The store must still work.
			mustSync(t, s, fixture(), t0)
		})
	}
}

func testProgress(t *testing.T, s store.Store) {
	c := GenerateContent(100, 400, 2500, 50)
	for _, q := range c.Questions[:30] {
		c.Digests = append(c.Digests, model.Digest{QuestionSlug: q.Slug, Points: digestFixture().Digests[0].Points})
	}
	rows := len(c.Sources) + len(c.Topics) + len(c.Questions) + len(c.Answers) + len(c.Digests)
	for _, name := range []string{"fresh", "unchanged"} {
		t.Run(name, func(t *testing.T) {
			var calls [][2]int
			opts := store.SyncOptions{Now: t0, Progress: func(done, total int) {
				calls = append(calls, [2]int{done, total})
			}}
			if _, err := s.Sync(context.Background(), dataset, c, opts); err != nil {
				t.Fatal(err)
			}
			if len(calls) < 3 {
				t.Fatalf("Progress called %d times for %d rows: %v", len(calls), rows, calls)
			}
			for i, call := range calls {
				if call[1] != rows || call[0] < 0 || call[0] > rows || i > 0 && call[0] < calls[i-1][0] {
					t.Fatalf("Progress calls %v: want done rising to total %d", calls, rows)
				}
			}
			if last := calls[len(calls)-1]; last[0] != rows {
				t.Errorf("last Progress call %v; want done = total = %d", last, rows)
			}
		})
	}
}

// testSyncIfVersion: a Sync made conditional on a version writes only
// while the store is still at it; at another it writes nothing and says
// so with ErrVersionChanged.
func testSyncIfVersion(t *testing.T, s store.Store) {
	ctx := context.Background()
	base := digestFixture()
	mustSync(t, s, base, t0)
	v, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	edit := clone(base)
	edit.Sources[0].Description += " More."
	stale := v - 1
	if _, err := s.Sync(ctx, dataset, edit, store.SyncOptions{Now: t1, IfVersion: &stale}); !errors.Is(err, store.ErrVersionChanged) {
		t.Fatalf("Sync at another version: err = %v, want ErrVersionChanged", err)
	}
	if got, err := s.Version(ctx); err != nil || got != v {
		t.Errorf("after a refused Sync the version is %d (%v), want %d", got, err, v)
	}
	src, err := s.Sources(ctx)
	i := slices.IndexFunc(src, func(x model.Source) bool { return x.Key == base.Sources[0].Key })
	if err != nil || i < 0 || src[i].Description != base.Sources[0].Description {
		t.Errorf("a refused Sync wrote: %+v, %v", src, err)
	}
	res, err := s.Sync(ctx, dataset, edit, store.SyncOptions{Now: t1, IfVersion: &v})
	if err != nil || res.Sources.Updated != 1 {
		t.Fatalf("Sync at the store's version: %+v, %v", res.Sources, err)
	}
	if got, err := s.Version(ctx); err != nil || got <= v {
		t.Errorf("after the Sync the version is %d (%v), want past %d", got, err, v)
	}
}
