// Package storetest is the conformance suite for store.Store backends.
// Every backend runs the same tests, so that callers see the same
// behaviour from SQLite today and PostgreSQL later.
//
// Beyond the interface's documentation, the suite holds backends to
// these details: times come back in UTC; slices are never nil; a Sync
// refuses an answer whose Dataset is set to another dataset, and stores
// one with an empty Dataset under the synced dataset; rows that a Sync
// would insert only to delete them at once (a question with no answers)
// are not counted; Progress is last called with done equal to total;
// lists are ordered by Go's string comparison, byte by byte, not by a
// locale's collation (PostgreSQL needs COLLATE "C" for that); listings
// "by name case-insensitively" fold ASCII letters only, so that "Ödem"
// sorts as it is, before "éclair" (PostgreSQL: lower(name COLLATE "C"));
// search folds ASCII letters in stored text, as SQLite's LIKE does.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Run runs the suite. open must return a new, empty store for each
// subtest; Run closes it when the subtest ends, before any cleanup open
// registered with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		test func(t *testing.T, s store.Store)
	}{
		{"EmptyStore", testEmptyStore},
		{"SyncIntoEmpty", testSyncIntoEmpty},
		{"ResyncIdentical", testResyncIdentical},
		{"ChangeOneRow", testChangeOneRow},
		{"RemoveAnswers", testRemoveAnswers},
		{"QuestionWithoutAnswers", testQuestionWithoutAnswers},
		{"BadContent", testBadContent},
		{"SourceStoredEarlier", testSourceStoredEarlier},
		{"SourcesNeverDeleted", testSourcesNeverDeleted},
		{"Datasets", testDatasets},
		{"Stats", testStats},
		{"Sources", testSources},
		{"Topics", testTopics},
		{"TopicQuestions", testTopicQuestions},
		{"Question", testQuestion},
		{"ByteOrder", testByteOrder},
		{"NotFound", testNotFound},
		{"CancelMidSync", testCancelMidSync},
		{"Progress", testProgress},
		{"RoundTrip", testRoundTrip},
		{"EmptyListsAreNotNull", testEmptyListsAreNotNull},
		{"TimesInUTC", testTimesInUTC},
		{"Lead", testLead},
		{"TopicLetters", testTopicLetters},
		{"TopicsByLetter", testTopicsByLetter},
		{"RelatedTopics", testRelatedTopics},
		{"SourceSummaries", testSourceSummaries},
		{"SourceTopicsOrder", testSourceTopicsOrder},
		{"SearchQuestions", testSearchQuestions},
		{"SearchLimitCapped", testSearchLimitCapped},
		{"PageRefs", testPageRefs},
		{"Version", testVersion},
		{"BadArguments", testBadArguments},
		{"Load", testLoad},
		{"DigestSync", testDigestSync},
		{"DigestDatasets", testDigestDatasets},
		{"DigestRoundTrip", testDigestRoundTrip},
		{"SearchSnapshot", testSearchSnapshot},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.test(t, s)
		})
	}
}

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

func answersOf(r *store.SyncResult) *store.Changes   { return &r.Answers }
func topicsOf(r *store.SyncResult) *store.Changes    { return &r.Topics }
func questionsOf(r *store.SyncResult) *store.Changes { return &r.Questions }
func sourcesOf(r *store.SyncResult) *store.Changes   { return &r.Sources }

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
	if res := mustSync2(t, s, "b", other, t1); res != want {
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
	if res := mustSync2(t, s, "b", store.Content{}, t2); res != want {
		t.Errorf("emptying b = %+v; want %+v", res, want)
	}
	checkUnchanged(t, before, snapshot(t, s))
}

func testStats(t *testing.T, s store.Store) {
	mustSync(t, s, fixture(), t0)
	got, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := store.Stats{
		Sources:              3,
		Topics:               3,
		Questions:            7,
		MultiSourceQuestions: 2, // asthma-information, rls-information
		Entries:              9, // NINDS_0006 twice
		Answers:              10,
		AnswersWithText:      9, // NINDS_0002 withheld
		EntriesWithText:      8, // NINDS_0006 twice, both with text
	}
	if got != want {
		t.Errorf("Stats() = %+v; want %+v", got, want)
	}

	// A second answer from the same source does not make a question
	// multi-source; another entry id is another entry.
	more := fixture()
	more.Answers = []model.Answer{answer("NINDS_0010", "NINDS_0010", "rls-causes", "NINDS", "")}
	more.Answers[0].Dataset = "b"
	mustSync2(t, s, "b", more, t0)
	if got, err = s.Stats(context.Background()); err != nil {
		t.Fatal(err)
	}
	want.Answers, want.Entries = 11, 10
	if got != want {
		t.Errorf("Stats() with a second NINDS answer to rls-causes = %+v; want %+v", got, want)
	}
}

func testSources(t *testing.T, s store.Store) {
	mustSync(t, s, fixture(), t0)
	got, err := s.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f := fixture().Sources
	want := []model.Source{f[1], f[2], f[0]} // CDC, GARD, NINDS
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sources() =\n%s\nwant\n%s", jsonOf(got), jsonOf(want))
	}
}

func testTopics(t *testing.T, s store.Store) {
	mustSync(t, s, fixture(), t0)
	f := fixture().Topics
	withLists := func(tp model.Topic) model.Topic {
		for _, l := range []*[]string{&tp.CUIs, &tp.SemanticTypes, &tp.Synonyms, &tp.Foci} {
			if *l == nil {
				*l = []string{}
			}
		}
		return tp
	}
	want := []store.TopicSummary{
		{Topic: withLists(f[2]), Sources: []string{"GARD"}, QuestionCount: 1},
		{Topic: withLists(f[1]), Sources: []string{"CDC", "GARD", "NINDS"}, QuestionCount: 2},
		{Topic: withLists(f[0]), Sources: []string{"CDC", "GARD", "NINDS"}, QuestionCount: 4},
	}
	got, err := s.Topics(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Topics() =\n%s\nwant\n%s", jsonOf(got), jsonOf(want))
	}
	for _, w := range want {
		got, err := s.Topic(context.Background(), w.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("Topic(%s) =\n%s\nwant\n%s", w.Slug, jsonOf(got), jsonOf(w))
		}
	}
}

func testTopicQuestions(t *testing.T, s store.Store) {
	mustSync(t, s, fixture(), t0)
	q := map[string]model.Question{}
	for _, fq := range fixture().Questions {
		q[fq.Slug] = fq
	}
	tests := []struct {
		topic string
		want  []store.QuestionSummary
	}{{
		topic: "restless-legs-syndrome",
		want: []store.QuestionSummary{ // information, causes (by slug), unknown type last
			{Question: q["rls-information"], AnswerCount: 3, Sources: []string{"GARD", "NINDS"},
				Lead: "A movement disorder.", LeadSource: "GARD"}, // GARD_0000 before GARD_0008
			{Question: q["rls-a-causes"], AnswerCount: 1, Sources: []string{"NINDS"}, Lead: "Iron deficiency.", LeadSource: "NINDS"},
			{Question: q["rls-causes"], AnswerCount: 1, Sources: []string{"NINDS"}, Lead: "Often unknown.", LeadSource: "NINDS"},
			{Question: q["rls-zz-custom"], AnswerCount: 1, Sources: []string{"CDC"}, Lead: "No.", LeadSource: "CDC"},
		},
	}, {
		topic: "asthma",
		want: []store.QuestionSummary{
			{Question: q["asthma-information"], AnswerCount: 2, Sources: []string{"GARD", "NINDS"},
				Lead: "Asthma is a disease of the airways.", LeadSource: "GARD"},
			{Question: q["asthma-treatment"], AnswerCount: 1, Sources: []string{"CDC"}, Lead: "Inhalers.", LeadSource: "CDC"},
		},
	}}
	for _, tc := range tests {
		t.Run(tc.topic, func(t *testing.T) {
			got, err := s.TopicQuestions(context.Background(), tc.topic)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("TopicQuestions(%s) =\n%swant\n%s", tc.topic, questionLines(got...), questionLines(tc.want...))
			}
		})
	}
}

func testQuestion(t *testing.T, s store.Store) {
	mustSync(t, s, fixture(), t0)
	tests := []struct {
		slug    string
		answers string // keys in the expected order
	}{
		{"rls-information", "GARD_0000 GARD_0008 NINDS_0005"},
		{"asthma-information", "GARD_0001 NINDS_0002"},
		{"rls-a-causes", "NINDS_0006@b"},
	}
	byKey := map[string]model.Answer{}
	for _, a := range fixture().Answers {
		byKey[a.Key] = a
	}
	for _, tc := range tests {
		t.Run(tc.slug, func(t *testing.T) {
			q, answers, err := s.Question(context.Background(), tc.slug)
			if err != nil {
				t.Fatal(err)
			}
			if want := question(t, tc.slug); q != want {
				t.Errorf("Question(%s) = %+v; want %+v", tc.slug, q, want)
			}
			if got := answerKeys(answers); got != tc.answers {
				t.Errorf("Question(%s) answers = %s; want %s", tc.slug, got, tc.answers)
			}
			for _, a := range answers {
				checkAnswer(t, a, byKey[a.Key], t0, t0)
			}
		})
	}
}

func question(t *testing.T, slug string) model.Question {
	for _, q := range fixture().Questions {
		if q.Slug == slug {
			return q
		}
	}
	t.Fatalf("fixture has no question %s", slug)
	return model.Question{}
}

// testByteOrder uses keys whose byte order differs from a locale's
// ("CDC" < "CancerGov", "a-c" < "ab") and from the order of answer keys
// alone ("NIH_0002" > "NIHSeniorHealth_0001" though "NIH" < "NIHSeniorHealth").
func testByteOrder(t *testing.T, s store.Store) {
	ctx := context.Background()
	src := func(key string) model.Source { return model.Source{Key: key, Name: key} }
	c := store.Content{
		Sources: []model.Source{src("NIHSeniorHealth"), src("NIH"), src("CancerGov"), src("CDC")},
		Topics:  []model.Topic{{Slug: "ab", Name: "AB"}, {Slug: "a-c", Name: "A-C"}},
		Questions: []model.Question{
			{Slug: "qa", TopicSlug: "ab", Type: "causes"},
			{Slug: "q-b", TopicSlug: "ab", Type: "causes"},
			{Slug: "q-c", TopicSlug: "a-c", Type: "causes"},
		},
		Answers: []model.Answer{
			answer("NIH_0010", "NIH_0010", "qa", "NIH", "x"),
			answer("NIHSeniorHealth_0001", "NIHSeniorHealth_0001", "qa", "NIHSeniorHealth", "x"),
			answer("NIH_0002", "NIH_0002", "qa", "NIH", "x"),
			answer("CancerGov_0003", "CancerGov_0003", "qa", "CancerGov", "x"),
			answer("CDC_0004", "CDC_0004", "qa", "CDC", "x"),
			answer("CDC_0005", "CDC_0005", "q-b", "CDC", "x"),
			answer("CDC_0006", "CDC_0006", "q-c", "CDC", "x"),
		},
	}
	mustSync(t, s, c, t0)
	sources, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	topics, err := s.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	questions, err := s.TopicQuestions(ctx, "ab")
	if err != nil {
		t.Fatal(err)
	}
	_, answers, err := s.Question(ctx, "qa")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, got, want string }{
		{"Sources", join(len(sources), func(i int) string { return sources[i].Key }), "CDC CancerGov NIH NIHSeniorHealth"},
		{"Topics", join(len(topics), func(i int) string { return topics[i].Slug }), "a-c ab"},
		{"Topic sources", strings.Join(topics[1].Sources, " "), "CDC CancerGov NIH NIHSeniorHealth"},
		{"TopicQuestions", join(len(questions), func(i int) string { return questions[i].Slug }), "q-b qa"},
		{"Question answers", answerKeys(answers), "CDC_0004 CancerGov_0003 NIH_0002 NIH_0010 NIHSeniorHealth_0001"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: %s; want %s", tc.name, tc.got, tc.want)
		}
	}
}

func join(n int, key func(int) string) string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = key(i)
	}
	return strings.Join(keys, " ")
}

func testNotFound(t *testing.T, s store.Store) {
	mustSync(t, s, digestFixture(), t0)
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
	}{
		{"Topic", func() error { _, err := s.Topic(ctx, "no-such-topic"); return err }},
		{"Topic empty slug", func() error { _, err := s.Topic(ctx, ""); return err }},
		{"TopicQuestions", func() error { _, err := s.TopicQuestions(ctx, "no-such-topic"); return err }},
		{"Question", func() error { _, _, err := s.Question(ctx, "no-such-question"); return err }},
		{"Question is not a topic", func() error { _, _, err := s.Question(ctx, "asthma"); return err }},
		{"Topic is not a question", func() error { _, err := s.Topic(ctx, "asthma-information"); return err }},
		{"RelatedTopics", func() error { _, err := s.RelatedTopics(ctx, "no-such-topic", 10); return err }},
		{"RelatedTopics limit 0", func() error { _, err := s.RelatedTopics(ctx, "no-such-topic", 0); return err }},
		{"SourceTopics", func() error { _, _, err := s.SourceTopics(ctx, "NOPE"); return err }},
		{"SourceTopics empty key", func() error { _, _, err := s.SourceTopics(ctx, ""); return err }},
		{"SourceTopics case", func() error { _, _, err := s.SourceTopics(ctx, "cdc"); return err }},
		{"TopicsByLetter two letters", func() error { _, err := s.TopicsByLetter(ctx, "AB", 0, 10); return err }},
		{"TopicsByLetter accented", func() error { _, err := s.TopicsByLetter(ctx, "É", 0, 10); return err }},
		{"TopicsByLetter digit", func() error { _, err := s.TopicsByLetter(ctx, "1", 0, 10); return err }},
		{"TopicsByLetter wildcard", func() error { _, err := s.TopicsByLetter(ctx, "%", 0, 10); return err }},
		{"Digest", func() error { _, err := s.Digest(ctx, "no-such-question"); return err }},
		{"Digest empty slug", func() error { _, err := s.Digest(ctx, ""); return err }},
		{"Digest of a question without one", func() error { _, err := s.Digest(ctx, "rls-causes"); return err }},
		{"Digest of a topic", func() error { _, err := s.Digest(ctx, "asthma"); return err }},
		{"Digest case", func() error { _, err := s.Digest(ctx, "RLS-information"); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("err = %v; want ErrNotFound", err)
			}
		})
	}
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

// testRoundTrip checks that text and lists come back exactly as given,
// including quotes, backslashes, non-ASCII text and HTML, which a JSON
// or SQL layer could escape or mangle.
func testRoundTrip(t *testing.T, s store.Store) {
	tests := []struct {
		name string
		list []string
		text string
	}{
		{"quotes", []string{`He said "hi"`, `it's`, `back\slash`}, `"quoted" 'single' \n not a newline`},
		{"unicode", []string{"Sjögren’s syndrome", "症候群", "😀", "e\u0301"}, "Ménière’s disease — 症候群 😀"},
		{"html", []string{"<script>alert(1)</script>", "a & b", "<b>bold</b>"}, "<script>alert('x')</script><p>a &amp; b</p>"},
		{"json lookalikes", []string{"null", "[]", `{"a":1}`, ""}, `["not", "a list"]`},
		{"whitespace", []string{" leading", "trailing ", "tab\there", "line\nbreak"}, "  two\n\nparagraphs\r\n"},
		{"empty list", []string{}, "x"},
	}
	ctx := context.Background()
	c := fixture()
	for i, tc := range tests {
		c.Answers[i].Text = tc.text
		c.Answers[i].SourceQuestion = tc.text
	}
	mustSync(t, s, c, t0)
	snap := snapshot(t, s)
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := snap.Answers[c.Answers[i].Key]
			if a.Text != tc.text || a.SourceQuestion != tc.text {
				t.Errorf("answer text = %q, source question = %q; want %q", a.Text, a.SourceQuestion, tc.text)
			}
		})
	}
	// Each list in turn, as topics hold one list of each kind.
	for _, tc := range tests {
		t.Run(tc.name+" list", func(t *testing.T) {
			c.Topics[0].Synonyms = tc.list
			c.Topics[0].CUIs = tc.list
			mustSync(t, s, c, t0)
			got, err := s.Topic(ctx, c.Topics[0].Slug)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Synonyms, tc.list) || !reflect.DeepEqual(got.CUIs, tc.list) {
				t.Errorf("synonyms = %q, cuis = %q; want %q", got.Synonyms, got.CUIs, tc.list)
			}
		})
	}
}

func testEmptyListsAreNotNull(t *testing.T, s store.Store) {
	mustSync(t, s, fixture(), t0)
	got, err := s.Topic(context.Background(), "aspirin") // nil CUIs, SemanticTypes, Synonyms
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"cuis":[]`, `"semantic_types":[]`, `"synonyms":[]`, `"foci":["Aspirin"]`, `"sources":["GARD"]`} {
		if !strings.Contains(string(b), field) {
			t.Errorf("Topic(aspirin) JSON %s lacks %s", b, field)
		}
	}
}

func testTimesInUTC(t *testing.T, s store.Store) {
	local := time.Date(2024, 3, 1, 15, 30, 0, 0, time.FixedZone("UTC+5", 5*3600))
	mustSync(t, s, fixture(), local)
	for key, a := range snapshot(t, s).Answers {
		for _, tm := range []time.Time{a.ImportedAt, a.UpdatedAt} {
			if !tm.Equal(local) || tm.Location() != time.UTC {
				t.Errorf("answer %s time %v; want %v in UTC", key, tm, local.UTC())
			}
		}
	}
}

// mustSync syncs c as the suite's dataset at now.
func mustSync(t *testing.T, s store.Store, c store.Content, now time.Time) store.SyncResult {
	t.Helper()
	return mustSync2(t, s, dataset, c, now)
}

func mustSync2(t *testing.T, s store.Store, ds string, c store.Content, now time.Time) store.SyncResult {
	t.Helper()
	res, err := s.Sync(context.Background(), ds, c, store.SyncOptions{Now: now})
	if err != nil {
		t.Fatalf("Sync %s: %v", ds, err)
	}
	return res
}

// checkAnswer compares a stored answer with the one synced, and its times.
func checkAnswer(t *testing.T, got, want model.Answer, imported, updated time.Time) {
	t.Helper()
	gotTimes := [2]time.Time{got.ImportedAt, got.UpdatedAt}
	got.ImportedAt, got.UpdatedAt = time.Time{}, time.Time{}
	want.ImportedAt, want.UpdatedAt = time.Time{}, time.Time{}
	if got != want {
		t.Errorf("answer %s =\n%+v\nwant\n%+v", want.Key, got, want)
	}
	if !gotTimes[0].Equal(imported) || !gotTimes[1].Equal(updated) {
		t.Errorf("answer %s imported %v, updated %v; want %v, %v", want.Key, gotTimes[0], gotTimes[1], imported, updated)
	}
}

func answerKeys(answers []model.Answer) string {
	return join(len(answers), func(i int) string { return answers[i].Key })
}

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

func testLoad(t *testing.T, s store.Store) {
	empty, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if empty.Digests == nil || len(empty.Digests) != 0 {
		t.Errorf("Load of an empty store: Digests = %#v; want empty, non-nil", empty.Digests)
	}
	want := digestFixture()
	mustSync(t, s, want, t0)
	got, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Ordered by question slug, each as synced.
	wantDigests := []model.Digest{want.Digests[1], want.Digests[0]}
	if !reflect.DeepEqual(got.Digests, wantDigests) {
		t.Errorf("Load digests =\n%s\nwant\n%s", jsonOf(got.Digests), jsonOf(wantDigests))
	}
	if len(got.Sources) != len(want.Sources) || len(got.Topics) != len(want.Topics) || len(got.Questions) != len(want.Questions) || len(got.Answers) != len(want.Answers) {
		t.Fatalf("Load: %d sources, %d topics, %d questions, %d answers; want %d, %d, %d, %d",
			len(got.Sources), len(got.Topics), len(got.Questions), len(got.Answers),
			len(want.Sources), len(want.Topics), len(want.Questions), len(want.Answers))
	}
	byKey := map[string]model.Answer{}
	for _, a := range got.Answers {
		byKey[a.Key] = a
	}
	for _, w := range want.Answers {
		g := byKey[w.Key]
		g.ImportedAt, g.UpdatedAt = w.ImportedAt, w.UpdatedAt
		if w.Dataset == "" {
			g.Dataset = ""
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("Load answer %s = %+v; want %+v", w.Key, g, w)
		}
	}
	questions := map[string]model.Question{}
	for _, q := range got.Questions {
		questions[q.Slug] = q
	}
	for _, w := range want.Questions {
		if questions[w.Slug] != w {
			t.Errorf("Load question %s = %+v; want %+v", w.Slug, questions[w.Slug], w)
		}
	}
}
