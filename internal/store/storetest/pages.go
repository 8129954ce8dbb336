package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

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

// searchContent is the fixture plus a question whose title holds LIKE's
// wildcards and non-ASCII text, and which has more answers than any
// other but all from one source.
func searchContent() store.Content {
	c := fixture()
	c.Questions = append(c.Questions, model.Question{Slug: "asthma-percent", TopicSlug: "asthma", Type: "other",
		Title: "Is 100% of asthma_like wheeze Sjögren’s?"})
	for _, key := range []string{"CDC_0100", "CDC_0101", "CDC_0102"} {
		c.Answers = append(c.Answers, answer(key, key, "asthma-percent", "CDC", "Perhaps."))
	}
	return c
}

func testSearchQuestions(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustSync(t, s, searchContent(), t0)
	// Results are whole summaries, as TopicQuestions gives them.
	summaries := map[string]store.QuestionSummary{}
	for _, topic := range []string{"restless-legs-syndrome", "asthma", "aspirin"} {
		list, err := s.TopicQuestions(ctx, topic)
		if err != nil {
			t.Fatal(err)
		}
		for _, qs := range list {
			summaries[qs.Slug] = qs
		}
	}
	rls := "rls-information rls-zz-custom rls-causes rls-a-causes" // 2 sources, then by title
	tests := []struct {
		name, query string
		limit       int
		want        string // slugs
	}{
		{"topic name and synonym", "rls", 10, rls},
		{"upper case", "RLS", 10, rls},
		{"limit", "rls", 2, "rls-information rls-zz-custom"},
		{"limit 0", "rls", 0, ""},
		{"substring", "sthm", 10, "asthma-information asthma-treatment asthma-percent"},
		{"every word, each anywhere", "ASTHMA treated", 10, "asthma-treatment"},
		{"word in synonym, word in title", "bronchial what", 10, "asthma-information"},
		{"synonym", "willis causes", 10, "rls-causes rls-a-causes"},
		{"title byte order", "is what", 10, "rls-information asthma-information rls-causes rls-a-causes"},
		{"title byte order within the limit", "is what", 1, "rls-information"},
		{"sources, not answers", "asthma", 1, "asthma-information"},
		{"no match", "rls asthma", 10, ""},
		{"repeated word", "rls rls RLS", 10, rls},
		{"percent is no wildcard", "%", 10, ""},
		{"underscore is no wildcard", "_", 10, ""},
		{"percent in a word", "100%", 10, "asthma-percent"},
		{"underscore in a word", "asthma_like", 10, "asthma-percent"},
		{"backslash", `\`, 10, ""},
		{"quote", `'`, 10, ""},
		{"sql", "'; DROP TABLE questions; --", 10, ""},
		{"html", "<script>alert(1)</script>", 10, ""},
		{"non-ASCII folded in the query", "SJÖGREN", 10, "asthma-percent"},
		{"apostrophe splits", "sjögren’s", 10, "asthma-percent"},
		{"empty", "", 10, ""},
		{"blank", " \t\n", 10, ""},
		{"punctuation only", "?!.,;:-", 10, ""},
		{"eight words count", "what is rls restless legs syndrome willis ekbom zzzz", 10, "rls-information rls-causes rls-a-causes"},
		{"eight words, no match", "zzzz what is rls restless legs syndrome willis ekbom", 10, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.SearchQuestions(ctx, tc.query, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Error("SearchQuestions = nil; want empty, non-nil")
			}
			if slugs := join(len(got), func(i int) string { return got[i].Slug }); slugs != tc.want {
				t.Errorf("SearchQuestions(%q, %d) = %s; want %s", tc.query, tc.limit, slugs, tc.want)
			}
			for _, qs := range got {
				if want := summaries[qs.Slug]; !reflect.DeepEqual(qs, want) {
					t.Errorf("result %s:\n%s\nwant, as TopicQuestions gives it:\n%s", qs.Slug, questionLines(qs), questionLines(want))
				}
			}
		})
	}
	if st, err := s.Stats(ctx); err != nil || st.Questions != 8 {
		t.Errorf("after hostile searches, Stats() = %+v, %v; want 8 questions", st, err)
	}
}

func testSearchLimitCapped(t *testing.T, s store.Store) {
	mustSync(t, s, GenerateContent(10, store.MaxSearchResults+50, store.MaxSearchResults+50, 10), t0)
	// Every generated topic has the synonym "<name> syndrome".
	got, err := s.SearchQuestions(context.Background(), "syndrome", 10*store.MaxSearchResults)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != store.MaxSearchResults {
		t.Errorf("SearchQuestions(limit %d) gave %d; want %d", 10*store.MaxSearchResults, len(got), store.MaxSearchResults)
	}
}

// testLead checks which answer a lead comes from and where it is cut.
func testLead(t *testing.T, s store.Store) {
	ctx := context.Background()
	c := withTopics(named("lead", "Lead"))
	for _, key := range []string{"GARD", "NINDS", "NIH", "NIHSeniorHealth"} {
		c.Sources = append(c.Sources, model.Source{Key: key, Name: key})
	}
	c.Answers[0].Text = "" // CDC's answer sorts first and has no text
	tests := []struct {
		slug    string
		answers []model.Answer
		lead    string
		source  string
		bytes   int // len(lead), worked out by hand
	}{
		{slug: "lead-information", lead: "first", source: "GARD", bytes: 5, answers: []model.Answer{
			answer("GARD_2", "GARD_2", "lead-information", "GARD", "second"), // GARD_1 comes first by key
			answer("GARD_1", "GARD_1", "lead-information", "GARD", "first"),
		}},
		// By key alone NIHSeniorHealth_0001 comes first ('S' < '_'); by
		// source, NIH does.
		{slug: "source-order", lead: "nih", source: "NIH", bytes: 3, answers: []model.Answer{
			answer("NIHSeniorHealth_0001", "NIHSeniorHealth_0001", "source-order", "NIHSeniorHealth", "senior"),
			answer("NIH_0002", "NIH_0002", "source-order", "NIH", "nih"),
		}},
		{slug: "none", answers: []model.Answer{
			answer("CDC_3", "CDC_3", "none", "CDC", ""),
			answer("NINDS_4", "NINDS_4", "none", "NINDS", ""),
		}},
		{slug: "ascii-exact", source: "CDC", bytes: 600, answers: []model.Answer{answer("CDC_5", "CDC_5", "ascii-exact", "CDC", strings.Repeat("x", 600))}},
		{slug: "ascii-long", source: "CDC", bytes: 600, answers: []model.Answer{answer("CDC_6", "CDC_6", "ascii-long", "CDC", strings.Repeat("y", 700))}},
		{slug: "two-byte", source: "CDC", bytes: 599, answers: []model.Answer{answer("CDC_7", "CDC_7", "two-byte", "CDC", "a"+strings.Repeat("é", 400))}},
		{slug: "three-byte", source: "CDC", bytes: 600, answers: []model.Answer{answer("CDC_8", "CDC_8", "three-byte", "CDC", strings.Repeat("症", 300))}},
		{slug: "three-byte-off", source: "CDC", bytes: 599, answers: []model.Answer{answer("CDC_9", "CDC_9", "three-byte-off", "CDC", "ab"+strings.Repeat("症", 300))}},
		{slug: "four-byte", source: "CDC", bytes: 600, answers: []model.Answer{answer("CDC_10", "CDC_10", "four-byte", "CDC", strings.Repeat("😀", 200))}},
		{slug: "four-byte-off", source: "CDC", bytes: 597, answers: []model.Answer{answer("CDC_11", "CDC_11", "four-byte-off", "CDC", "a"+strings.Repeat("😀", 200))}},
		{slug: "combining", source: "CDC", bytes: 600, answers: []model.Answer{answer("CDC_12", "CDC_12", "combining", "CDC", strings.Repeat("e\u0301", 300))}},
	}
	for _, tc := range tests {
		if tc.slug != "lead-information" {
			c.Questions = append(c.Questions, model.Question{Slug: tc.slug, TopicSlug: "lead", Type: "information", Title: tc.slug})
		}
		c.Answers = append(c.Answers, tc.answers...)
	}
	mustSync(t, s, c, t0)
	list, err := s.TopicQuestions(ctx, "lead")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]store.QuestionSummary{}
	for _, qs := range list {
		got[qs.Slug] = qs
	}
	for _, tc := range tests {
		t.Run(tc.slug, func(t *testing.T) {
			qs := got[tc.slug]
			text := ""
			if tc.source != "" {
				text = tc.answers[len(tc.answers)-1].Text
			}
			want := tc.lead
			if want == "" {
				want = runePrefix(text, store.LeadLength)
			}
			if qs.Lead != want || qs.LeadSource != tc.source || len(qs.Lead) != tc.bytes {
				t.Errorf("lead %q (%d bytes) from %q; want %q (%d bytes) from %q",
					qs.Lead, len(qs.Lead), qs.LeadSource, want, tc.bytes, tc.source)
			}
			if !utf8.ValidString(qs.Lead) || len(qs.Lead) > store.LeadLength {
				t.Errorf("lead of %d bytes, valid UTF-8 %t; want at most %d, valid", len(qs.Lead), utf8.ValidString(qs.Lead), store.LeadLength)
			}
		})
	}
}

// runePrefix is the longest prefix of s of whole runes and at most n
// bytes: the lead's definition, written independently of any backend.
func runePrefix(s string, n int) string {
	end := 0
	for i, r := range s {
		if i+utf8.RuneLen(r) > n {
			break
		}
		end = i + utf8.RuneLen(r)
	}
	return s[:end]
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
