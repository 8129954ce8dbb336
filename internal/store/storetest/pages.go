package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// This file tests the reads behind the reader pages.

// withTopics makes content in which each topic has one question with one
// answer from CDC, so that Sync keeps it. Topic names and concepts are
// the tests' business.
func withTopics(topics ...model.Topic) store.Content {
	c := store.Content{Sources: []model.Source{{Key: "CDC", Name: "CDC"}}, Topics: topics}
	for _, tp := range topics {
		q := tp.Slug + "-information"
		c.Questions = append(c.Questions, model.Question{Slug: q, TopicSlug: tp.Slug, Type: "information", Title: "What is " + tp.Name + "?"})
		c.Answers = append(c.Answers, answer("CDC_"+tp.Slug, "CDC_"+tp.Slug, q, "CDC", "About "+tp.Name+"."))
	}
	return c
}

func named(slug, name string, cuis ...string) model.Topic {
	return model.Topic{Slug: slug, Name: name, CUIs: cuis}
}

// letterTopics have names whose byte order, ASCII case-insensitive order
// and Unicode case-insensitive order all differ, and whose first
// characters fold to a letter or to "#" in every way worth telling apart.
func letterTopics() store.Content {
	return withTopics(
		named("apple", "apple"),
		named("apricot", "Apricot"),
		named("aids", "AIDS"),
		named("acai", "Açaí"),     // 'ç' sorts after every ASCII letter
		named("alpha-2", "alpha"), // same name but for case: by slug
		named("alpha-1", "Alpha"), //
		named("banana-split", "banana split"),
		named("banana", "Banana"),
		named("zebra", "Zebra"),
		named("1p36", "1p36 deletion"),  // digit
		named("paren", "(Parenthesis)"), // punctuation
		named("odem", "Ödem"),           // upper-case non-ASCII: lower() leaves it, so it sorts first of the three
		named("eclair", "éclair"),       // lower-case non-ASCII letters are not letters here either
		named("name-tuber", "ñame"),
	)
}

// letterOrder is letterTopics' slugs as every listing orders them.
const letterOrder = "paren 1p36 aids alpha-1 alpha-2 apple apricot acai banana banana-split zebra odem eclair name-tuber"

func testTopicLetters(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustSync(t, s, letterTopics(), t0)
	got, err := s.TopicLetters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lc := func(l string, n int) store.LetterCount { return store.LetterCount{Letter: l, Topics: n} }
	want := []store.LetterCount{lc("A", 6), lc("B", 2), lc("Z", 1), lc("#", 5)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TopicLetters() = %v; want %v", got, want)
	}
	// Renaming moves a topic from letter to letter.
	c := letterTopics()
	for i := range c.Topics {
		switch c.Topics[i].Slug {
		case "zebra":
			c.Topics[i].Name = "aardvark"
		case "paren":
			c.Topics[i].Name = "Parenthesis"
		}
	}
	mustSync(t, s, c, t1)
	if got, err = s.TopicLetters(ctx); err != nil {
		t.Fatal(err)
	}
	want = []store.LetterCount{lc("A", 7), lc("B", 2), lc("P", 1), lc("#", 4)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("TopicLetters() after renaming = %v; want %v", got, want)
	}
	// The counts must agree with the pages.
	for _, lc := range got {
		p, err := s.TopicsByLetter(ctx, lc.Letter, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != lc.Topics || len(p.Topics) != lc.Topics {
			t.Errorf("TopicsByLetter(%s) has %d topics, total %d; TopicLetters says %d", lc.Letter, len(p.Topics), p.Total, lc.Topics)
		}
	}
}

func testTopicsByLetter(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustSync(t, s, letterTopics(), t0)
	tests := []struct {
		letter        string
		offset, limit int
		want          string // slugs
		total         int
	}{
		{"A", 0, 10, "aids alpha-1 alpha-2 apple apricot acai", 6},
		{"a", 0, 10, "aids alpha-1 alpha-2 apple apricot acai", 6},
		{"A", 2, 2, "alpha-2 apple", 6},
		{"A", 5, 10, "acai", 6},
		{"A", 6, 10, "", 6},
		{"A", 1000, 10, "", 6},
		{"A", 0, 0, "", 6},
		{"B", 0, 10, "banana banana-split", 2},
		{"Z", 0, 1, "zebra", 1},
		{"#", 0, 10, "paren 1p36 odem eclair name-tuber", 5},
		{"Q", 0, 10, "", 0},
		{"", 0, 100, letterOrder, 14},
		{"", 3, 2, "alpha-1 alpha-2", 14},
		{"", 13, 5, "name-tuber", 14},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q/%d/%d", tc.letter, tc.offset, tc.limit), func(t *testing.T) {
			p, err := s.TopicsByLetter(ctx, tc.letter, tc.offset, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if p.Topics == nil {
				t.Error("Topics is nil; want empty, non-nil")
			}
			got := join(len(p.Topics), func(i int) string { return p.Topics[i].Slug })
			if got != tc.want || p.Total != tc.total {
				t.Errorf("TopicsByLetter = %q, total %d; want %q, total %d", got, p.Total, tc.want, tc.total)
			}
			for _, tp := range p.Topics {
				if tp.QuestionCount != 1 || !reflect.DeepEqual(tp.Sources, []string{"CDC"}) || tp.Name == "" {
					t.Errorf("topic %s: %+v; want its name, 1 question, sources [CDC]", tp.Slug, tp)
				}
			}
		})
	}
}

// testRelatedTopics centres on "hub": it shares two concepts with one
// topic, one with others, a concept carried by exactly MaxConceptTopics
// topics (still counted) and one carried by one more (too broad).
func testRelatedTopics(t *testing.T, s store.Store) {
	ctx := context.Background()
	const ten, broad = "C0000010", "C0012634"
	topics := []model.Topic{
		named("hub", "Hub", "C1", "C2", ten, broad, ""),
		named("two-shared", "Two shared", "C2", "C1"),
		named("one-a", "Beta", "C1", "C1"), // a repeated concept counts once
		named("one-b", "alpha", "C2"),      // same name but for case as one-c: by slug
		named("one-c", "Alpha", "C2"),
		named("empty-cui", "Empty", ""), // "" is no concept
		named("loner", "Loner", "C3"),
	}
	for i := range store.MaxConceptTopics - 1 { // with hub, MaxConceptTopics carry ten
		topics = append(topics, named(fmt.Sprintf("ten-%d", i), fmt.Sprintf("Ten %d", i), ten))
	}
	for i := range store.MaxConceptTopics { // with hub, one too many carry broad
		topics = append(topics, named(fmt.Sprintf("broad-%d", i), fmt.Sprintf("Broad %d", i), broad))
	}
	c := withTopics(topics...)
	mustSync(t, s, c, t0)
	tens := "ten-0 ten-1 ten-2 ten-3 ten-4 ten-5 ten-6 ten-7 ten-8"
	tests := []struct {
		slug  string
		limit int
		want  string
	}{
		{"hub", 100, "two-shared one-b one-c one-a " + tens},
		{"hub", 3, "two-shared one-b one-c"},
		{"hub", 0, ""},
		{"one-a", 100, "hub two-shared"},
		{"two-shared", 100, "hub one-b one-c one-a"},
		{"ten-0", 100, "hub ten-1 ten-2 ten-3 ten-4 ten-5 ten-6 ten-7 ten-8"},
		{"broad-0", 100, ""},
		{"empty-cui", 100, ""},
		{"loner", 100, ""},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/%d", tc.slug, tc.limit), func(t *testing.T) {
			got, err := s.RelatedTopics(ctx, tc.slug, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Error("RelatedTopics = nil; want empty, non-nil")
			}
			if slugs := join(len(got), func(i int) string { return got[i].Slug }); slugs != tc.want {
				t.Errorf("RelatedTopics(%s, %d) = %s; want %s", tc.slug, tc.limit, slugs, tc.want)
			}
		})
	}

	// Related topics are whole summaries, like Topic's.
	got, err := s.RelatedTopics(ctx, "one-a", 1)
	if err != nil {
		t.Fatal(err)
	}
	hub, err := s.Topic(ctx, "hub")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !reflect.DeepEqual(got[0], hub) {
		t.Errorf("RelatedTopics(one-a, 1) =\n%s\nwant\n%s", jsonOf(got), jsonOf([]store.TopicSummary{hub}))
	}

	// Concepts follow Syncs that change, drop and bring back topics.
	changes := []struct {
		name   string
		change func(c *store.Content)
		want   string // RelatedTopics(hub, 100)
	}{
		{"concepts changed", func(c *store.Content) { c.Topics[1].CUIs = []string{"C3"} }, "one-b one-c one-a " + tens},
		{"topic gone", func(c *store.Content) { *c = without(*c, "CDC_one-b") }, "two-shared one-c one-a " + tens},
		{"broad no more", func(c *store.Content) { *c = without(*c, "CDC_broad-0") }, "two-shared one-b one-c one-a broad-1 broad-2 broad-3 broad-4 broad-5 broad-6 broad-7 broad-8 broad-9 " + tens},
		{"back as it was", func(c *store.Content) {}, "two-shared one-b one-c one-a " + tens},
	}
	for _, ch := range changes {
		t.Run(ch.name, func(t *testing.T) {
			changed := clone(c)
			ch.change(&changed)
			mustSync(t, s, changed, t1)
			got, err := s.RelatedTopics(ctx, "hub", 100)
			if err != nil {
				t.Fatal(err)
			}
			if slugs := join(len(got), func(i int) string { return got[i].Slug }); slugs != ch.want {
				t.Errorf("RelatedTopics(hub) = %s; want %s", slugs, ch.want)
			}
		})
	}
}

func testSourceSummaries(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := fixture()
	nlm := model.Source{Key: "NLM", Name: "National Library of Medicine", ShortName: "NLM", Kind: model.KindGovernment}
	c.Sources = append(c.Sources, nlm) // cited by no answer
	mustSync(t, s, c, t0)
	f := fixture().Sources
	want := []store.SourceSummary{
		{Source: f[1], Topics: 2, Answers: 2, AnswersWithText: 2}, // CDC: asthma, restless legs
		{Source: f[2], Topics: 3, Answers: 4, AnswersWithText: 4}, // GARD
		{Source: f[0], Topics: 2, Answers: 4, AnswersWithText: 3}, // NINDS: NINDS_0002 withheld
		{Source: nlm, Topics: 0, Answers: 0, AnswersWithText: 0},
	}
	got, err := s.SourceSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SourceSummaries() =\n%s\nwant\n%s", jsonOf(got), jsonOf(want))
	}

	st := func(slug, name string, answers int) store.SourceTopic {
		return store.SourceTopic{Slug: slug, Name: name, Answers: answers}
	}
	aspirin, asthma, rls := "aspirin", "asthma", "restless-legs-syndrome"
	topics := map[string][]store.SourceTopic{
		"CDC":   {st(asthma, "Asthma", 1), st(rls, "Restless legs syndrome", 1)},
		"GARD":  {st(aspirin, "Aspirin", 1), st(asthma, "Asthma", 1), st(rls, "Restless legs syndrome", 2)},
		"NINDS": {st(asthma, "Asthma", 1), st(rls, "Restless legs syndrome", 3)},
		"NLM":   {},
	}
	for _, w := range want {
		t.Run(w.Key, func(t *testing.T) {
			sum, list, err := s.SourceTopics(ctx, w.Key)
			if err != nil {
				t.Fatal(err)
			}
			if sum != w {
				t.Errorf("SourceTopics(%s) summary = %+v; want %+v, as SourceSummaries", w.Key, sum, w)
			}
			if list == nil || !reflect.DeepEqual(list, topics[w.Key]) {
				t.Errorf("SourceTopics(%s) = %#v; want %#v", w.Key, list, topics[w.Key])
			}
		})
	}
}

func testSourceTopicsOrder(t *testing.T, s store.Store) {
	mustSync(t, s, letterTopics(), t0)
	sum, list, err := s.SourceTopics(context.Background(), "CDC")
	if err != nil {
		t.Fatal(err)
	}
	if got := join(len(list), func(i int) string { return list[i].Slug }); got != letterOrder {
		t.Errorf("SourceTopics(CDC) = %s; want %s", got, letterOrder)
	}
	if sum.Topics != 14 || sum.Answers != 14 || sum.AnswersWithText != 14 {
		t.Errorf("SourceTopics(CDC) summary = %+v; want 14 topics, answers, answers with text", sum)
	}
}

func testPageRefs(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := fixture()
	mustSync(t, s, c, t0)
	c.Answers[0].Text += " More." // GARD_0001, asthma-information
	mustSync(t, s, c, t1)
	other := store.Content{Answers: []model.Answer{answer("CDC_B1", "CDC_B1", "rls-information", "CDC", "From B.")}}
	other.Answers[0].Dataset = "b"
	other.Topics, other.Questions = fixture().Topics[:1], fixture().Questions[2:3]
	mustSyncDataset(t, s, "b", other, t2)

	ref := func(slug string, at time.Time) store.PageRef { return store.PageRef{Slug: slug, UpdatedAt: at} }
	tests := []struct {
		name string
		read func(context.Context) ([]store.PageRef, error)
		want []store.PageRef
	}{
		{"QuestionRefs", s.QuestionRefs, []store.PageRef{
			ref("aspirin-side-effects", t0), ref("asthma-information", t1), ref("asthma-treatment", t0),
			ref("rls-a-causes", t0), ref("rls-causes", t0), ref("rls-information", t2), ref("rls-zz-custom", t0),
		}},
		{"TopicRefs", s.TopicRefs, []store.PageRef{
			ref("aspirin", t0), ref("asthma", t1), ref("restless-legs-syndrome", t2),
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.read(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s() =\n%v\nwant\n%v", tc.name, got, tc.want)
			}
			for _, r := range got {
				if r.UpdatedAt.Location() != time.UTC {
					t.Errorf("%s: %v not in UTC", r.Slug, r.UpdatedAt)
				}
			}
		})
	}
}

// testVersion takes the store through Syncs that change something and
// Syncs that do not: the version must grow with the first and stay with
// the second, and reads must not touch it.
func testVersion(t *testing.T, s store.Store) {
	ctx := context.Background()
	base := digestFixture()
	sourceEdit := clone(base)
	sourceEdit.Sources[0].Description += " More."
	digestEdit := clone(base)
	digestEdit.Digests[0].Points[1].Evidence[1].Sentence = "RLS is an urge to move."
	digestDropped := clone(base)
	digestDropped.Digests = digestDropped.Digests[:1]
	steps := []struct {
		name    string
		do      func(t *testing.T)
		changes bool
	}{
		{"reads", func(t *testing.T) { snapshot(t, s) }, false},
		{"first Sync", func(t *testing.T) { mustSync(t, s, base, t0) }, true},
		{"same content", func(t *testing.T) { mustSync(t, s, base, t1) }, false},
		{"reads", func(t *testing.T) { snapshot(t, s) }, false},
		{"refused content", func(t *testing.T) {
			bad := clone(base)
			bad.Answers[0].QuestionSlug = "missing"
			if _, err := s.Sync(ctx, dataset, bad, store.SyncOptions{Now: t1}); err == nil {
				t.Fatal("Sync of bad content succeeded")
			}
		}, false},
		{"cancelled Sync", func(t *testing.T) {
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			opts := store.SyncOptions{Now: t1, Progress: func(done, total int) {
				if done > 0 {
					cancel()
				}
			}}
			if _, err := s.Sync(ctx, dataset, GenerateContent(300, 1000, 3000, 10), opts); !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled Sync: err = %v", err)
			}
		}, false},
		{"source only", func(t *testing.T) { mustSync(t, s, sourceEdit, t1) }, true},
		{"back", func(t *testing.T) { mustSync(t, s, base, t1) }, true},
		{"digest only", func(t *testing.T) { mustSync(t, s, digestEdit, t1) }, true},
		{"same digest", func(t *testing.T) { mustSync(t, s, digestEdit, t1) }, false},
		{"digest back", func(t *testing.T) { mustSync(t, s, base, t1) }, true},
		{"digest dropped", func(t *testing.T) { mustSync(t, s, digestDropped, t1) }, true},
		{"digest restored", func(t *testing.T) { mustSync(t, s, base, t1) }, true},
		{"other dataset, nothing", func(t *testing.T) { mustSyncDataset(t, s, "b", store.Content{}, t1) }, false},
		{"answer deleted", func(t *testing.T) { mustSync(t, s, without(base, "NINDS_0005"), t2) }, true},
		{"answer back", func(t *testing.T) { mustSync(t, s, base, t2) }, true},
		{"same again", func(t *testing.T) { mustSync(t, s, base, t2) }, false},
	}
	prev, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, st := range steps {
		t.Run(fmt.Sprintf("%d %s", i, st.name), func(t *testing.T) {
			st.do(t)
			v, err := s.Version(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.changes && v <= prev || !st.changes && v != prev {
				t.Errorf("Version %d after %d; want it to grow: %t", v, prev, st.changes)
			}
			prev = v
		})
	}
}

// testBadArguments expects errors, and not ErrNotFound, for arguments no
// page should pass.
func testBadArguments(t *testing.T, s store.Store) {
	mustSync(t, s, fixture(), t0)
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
	}{
		{"TopicsByLetter negative offset", func() error { _, err := s.TopicsByLetter(ctx, "A", -1, 10); return err }},
		{"TopicsByLetter negative limit", func() error { _, err := s.TopicsByLetter(ctx, "A", 0, -1); return err }},
		{"RelatedTopics negative limit", func() error { _, err := s.RelatedTopics(ctx, "asthma", -1); return err }},
		{"SearchQuestions negative limit", func() error { _, err := s.SearchQuestions(ctx, "asthma", -1); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); err == nil || errors.Is(err, store.ErrNotFound) {
				t.Errorf("err = %v; want an error other than ErrNotFound", err)
			}
		})
	}
}

// questionLines shows question summaries with their leads, which JSON
// leaves out.
func questionLines(list ...store.QuestionSummary) string {
	var b strings.Builder
	for _, qs := range list {
		fmt.Fprintf(&b, "  %s topic=%s type=%q title=%q answers=%d sources=%v lead=%q from %q\n",
			qs.Slug, qs.TopicSlug, qs.Type, qs.Title, qs.AnswerCount, qs.Sources, qs.Lead, qs.LeadSource)
	}
	return b.String()
}
