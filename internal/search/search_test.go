package search

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// fixtureDocs are a few entries shaped like MedQuAD's.
func fixtureDocs() []Document {
	rls := []string{"RLS", "Willis-Ekbom disease"}
	all := []string{"ALL", "Acute lymphoblastic leukemia"}
	return []Document{
		{DocID: "NINDS_1-1", AnswerKey: "NINDS_1-1", QuestionSlug: "what-is-rls", QuestionType: "information", Title: "What is restless legs syndrome?", Topic: "Restless legs syndrome", TopicSlug: "restless-legs-syndrome", Synonyms: rls, Answer: "Restless legs syndrome is a neurological disorder with an urge to move the legs."},
		{DocID: "NINDS_1-2", AnswerKey: "NINDS_1-2", QuestionSlug: "what-causes-rls", QuestionType: "causes", Title: "What causes restless legs syndrome?", Topic: "Restless legs syndrome", TopicSlug: "restless-legs-syndrome", Synonyms: rls, Answer: "Low iron, pregnancy and some medicines such as antihistamines can cause it."},
		{DocID: "GHR_2-1", AnswerKey: "GHR_2-1", QuestionSlug: "what-causes-rls", QuestionType: "causes", Title: "What causes restless legs syndrome?", Topic: "Restless legs syndrome", TopicSlug: "restless-legs-syndrome", Synonyms: rls, Answer: "Genes and iron deficiency play a role."},
		{DocID: "NINDS_1-3", AnswerKey: "NINDS_1-3", QuestionSlug: "treatments-rls", QuestionType: "treatment", Title: "What are the treatments for restless legs syndrome?", Topic: "Restless legs syndrome", TopicSlug: "restless-legs-syndrome", Synonyms: rls, Answer: "Lifestyle changes, iron supplements and medicines help."},
		{DocID: "GHR_3-1", AnswerKey: "GHR_3-1", QuestionSlug: "what-is-bws", QuestionType: "information", Title: "What is Beckwith-Wiedemann syndrome?", Topic: "Beckwith-Wiedemann syndrome", TopicSlug: "beckwith-wiedemann-syndrome", Answer: "An overgrowth disorder."},
		{DocID: "CancerGov_4-1", AnswerKey: "CancerGov_4-1", QuestionSlug: "what-is-all", QuestionType: "information", Title: "What is acute lymphoblastic leukemia?", Topic: "Acute lymphoblastic leukemia", TopicSlug: "acute-lymphoblastic-leukemia", Synonyms: all, Answer: "A cancer of the blood and bone marrow."},
		{DocID: "GARD_5-1", AnswerKey: "GARD_5-1", QuestionSlug: "what-is-mg", QuestionType: "information", Title: "What is myasthenia gravis?", Topic: "Myasthenia gravis", TopicSlug: "myasthenia-gravis", Synonyms: []string{"MG"}, Answer: "A weakness of the muscles. The usual dose is 60 mg of pyridostigmine, or 30 mg, or 90 mg."},
	}
}

func TestUnderstand(t *testing.T) {
	ix := NewIndex(fixtureDocs(), DefaultParams)
	tests := []struct {
		message    string
		topics     []string
		types      []string
		didYouMean string
	}{
		{"my mom has rls and takes benadryl to sleep, could that be making her legs worse??", []string{"Restless legs syndrome"}, []string{"causes"}, ""},
		{"my husband has rls and drinks coffee late, is that why his legs act up", []string{"Restless legs syndrome"}, []string{"causes"}, ""},
		{"how come restless legs get worse in the evening", []string{"Restless legs syndrome"}, []string{"causes"}, ""},
		{"What can I do about restless legs?", []string{"Restless legs syndrome"}, []string{"treatment"}, ""},
		{"Beckwith-Wieddeman Syndrome. I would like information", []string{"Beckwith-Wiedemann syndrome"}, []string{"information"}, "beckwith wiedemann syndrome i would like information"},
		{"my son has ALL", []string{"Acute lymphoblastic leukemia"}, []string{"information"}, ""},
		{"is it all in my head", nil, []string{"information"}, ""},
		{"I take 20 mg every day, is that too much", nil, []string{"dose", "emergency or overdose"}, ""},
		{"Does MG run in families?", []string{"Myasthenia gravis"}, []string{"inheritance"}, ""},
		{"HOW MUCH MG SHOULD I TAKE", nil, []string{"dose"}, ""},
	}
	for _, tc := range tests {
		u := ix.Understand(tc.message)
		var topics []string
		for _, f := range u.Foci {
			topics = append(topics, f.Topics...)
		}
		if !slices.Equal(topics, tc.topics) || !slices.Equal(u.Types, tc.types) || u.DidYouMean != tc.didYouMean {
			t.Errorf("Understand(%q) = topics %q, types %q, did you mean %q; want %q, %q, %q", tc.message, topics, u.Types, u.DidYouMean, tc.topics, tc.types, tc.didYouMean)
		}
	}
}

func TestSearchRanksTopicAndTypeFirst(t *testing.T) {
	e := NewEngine(fixtureDocs())
	hits, err := e.Search(context.Background(), "why does my mother have restless legs at night", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) < 2 || !strings.HasPrefix(hits[0].DocID, "NINDS_1-2") && hits[0].DocID != "GHR_2-1" {
		t.Fatalf("hits = %+v; the causes answers should lead", hits)
	}
	// Both sources' answers to the question come before other pages.
	first := map[string]bool{hits[0].DocID: true, hits[1].DocID: true}
	if !first["NINDS_1-2"] || !first["GHR_2-1"] {
		t.Errorf("hits = %+v", hits)
	}
}

func TestAskGroupsByQuestionAndMarksMatches(t *testing.T) {
	ix := NewIndex(fixtureDocs(), DefaultParams)
	u, results := ix.Ask(context.Background(), "what causes restless legs? low iron?", 5)
	if len(u.Foci) != 1 || len(results) == 0 || results[0].QuestionSlug != "what-causes-rls" {
		t.Fatalf("understood %+v, results %+v", u, results)
	}
	seen := map[string]bool{}
	for _, r := range results {
		if seen[r.QuestionSlug] {
			t.Errorf("question %s listed twice", r.QuestionSlug)
		}
		seen[r.QuestionSlug] = true
	}
	var marked []string
	for _, s := range results[0].Snippet {
		if s.Match {
			marked = append(marked, strings.TrimSpace(s.Text))
		}
	}
	if !slices.Contains(marked, "iron,") && !slices.Contains(marked, "Low iron,") && !slices.Contains(marked, "iron") {
		t.Errorf("snippet marks %q", marked)
	}
}

func TestHostileAndEmptyQueries(t *testing.T) {
	ix := NewIndex(fixtureDocs(), DefaultParams)
	for _, q := range []string{"", "   ", "<script>alert(1)</script>", strings.Repeat("restless ", 2000), "\x00\xff\xfe", `"AND OR NOT*^:(`, strings.Repeat("x", 5000)} {
		u, res := ix.Ask(context.Background(), q, 10)
		if u == nil {
			t.Errorf("Ask(%.20q) gave no understanding", q)
		}
		for _, r := range res {
			for _, s := range r.Snippet {
				if strings.Contains(s.Text, "<script>") {
					t.Errorf("snippet invented markup")
				}
			}
		}
	}
}

func TestSuggest(t *testing.T) {
	ix := NewIndex(fixtureDocs(), DefaultParams)
	got := ix.Suggest("Rest", 5)
	if len(got) != 1 || got[0].Slug != "restless-legs-syndrome" {
		t.Errorf("Suggest = %+v", got)
	}
	if len(ix.Suggest("r", 5)) != 0 {
		t.Error("one letter suggests nothing")
	}
}

func FuzzAsk(f *testing.F) {
	ix := NewIndex(fixtureDocs(), DefaultParams)
	for _, s := range []string{"what causes rls", "ALL", "Beckwith-Wieddeman", "é’'\"", "mg mg mg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, res := ix.Ask(context.Background(), q, 5)
		for i := 1; i < len(res); i++ {
			if res[i].Score > res[i-1].Score {
				t.Fatalf("results out of order for %q", q)
			}
		}
	})
}
