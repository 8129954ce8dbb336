package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Reads: stats, sources, topics, questions and answers as stored, their
// order, and the errors for what is not there.

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
	mustSyncDataset(t, s, "b", more, t0)
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
	// Names an address may carry but no backend can have stored
	// (PostgreSQL's text refuses NUL and invalid UTF-8): not found, not a
	// database error that a page would show as 500.
	for _, b := range []struct{ label, bad string }{{"NUL", "rls\x00causes"}, {"bad UTF-8", "rls-causes\xff"}} {
		bad := b.bad
		tests = append(tests, []struct {
			name string
			call func() error
		}{
			{"Topic " + b.label, func() error { _, err := s.Topic(ctx, bad); return err }},
			{"TopicQuestions " + b.label, func() error { _, err := s.TopicQuestions(ctx, bad); return err }},
			{"Question " + b.label, func() error { _, _, err := s.Question(ctx, bad); return err }},
			{"RelatedTopics " + b.label, func() error { _, err := s.RelatedTopics(ctx, bad, 10); return err }},
			{"SourceTopics " + b.label, func() error { _, _, err := s.SourceTopics(ctx, bad); return err }},
			{"Digest " + b.label, func() error { _, err := s.Digest(ctx, bad); return err }},
		}...)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("err = %v; want ErrNotFound", err)
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
