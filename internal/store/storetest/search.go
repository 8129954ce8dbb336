package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// This file tests the reads behind title search and question leads.

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
