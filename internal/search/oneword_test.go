package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/devdata"
)

// wordDoc is a "What is" entry of a topic written for these tests.
func wordDoc(topic, answer string, synonyms ...string) Document {
	slug := strings.ReplaceAll(strings.ToLower(topic), " ", "-")
	return Document{DocID: slug, AnswerKey: slug, QuestionSlug: "what-is-" + slug, QuestionType: "information",
		Title: "What is " + topic + "?", Topic: topic, TopicSlug: slug, Synonyms: synonyms, Answer: answer}
}

// wordIndex indexes a placeholder entry for each topic.
func wordIndex(topics ...string) *Index {
	var docs []Document
	for _, t := range topics {
		docs = append(docs, wordDoc(t, "Placeholder text."))
	}
	return NewIndex(docs, DefaultParams)
}

// checkNamed checks the topics each message names, sorted.
func checkNamed(t *testing.T, ix *Index, cases []namedCase) {
	t.Helper()
	for _, c := range cases {
		var got []string
		for _, f := range ix.Understand(c.message).Foci {
			got = append(got, f.Topics...)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.topics) {
			t.Errorf("Understand(%q) names %q; want %q", c.message, got, c.topics)
		}
	}
}

type namedCase struct {
	message string
	topics  []string
}

// TestAdjectiveNames: one-word topic names that are only adjectives (as
// the generated adjectives.txt lists them) name their topic where the
// message uses the word alone, not where it modifies the next word, and
// never through a noun of the same stem. Topics and messages written
// for this test; the answers are placeholders.
func TestAdjectiveNames(t *testing.T) {
	for _, w := range []string{"systemic", "chronic", "wheezing", "sad"} {
		if !adjectiveNames[w] {
			t.Fatalf("adjectives.txt lacks %q; regenerate it (go generate ./internal/search)", w)
		}
	}
	docs := []Document{wordDoc("Seasonal affective disorder", "Placeholder text.", "SAD")}
	for _, topic := range []string{"Systemic", "Chronic", "Wheezing", "Back pain", "Immune system", "Diabetes"} {
		docs = append(docs, wordDoc(topic, "Placeholder text."))
	}
	checkNamed(t, NewIndex(docs, DefaultParams), []namedCase{
		{"what helps chronic back pain", []string{"Back pain"}},
		{"is my back pain chronic", []string{"Back pain", "Chronic"}},
		{"is the infection systemic?", []string{"Systemic"}},
		{"how long does it stay in your system", nil},
		{"how does the immune system work", []string{"Immune system"}},
		{"my son is wheezing at night", []string{"Wheezing"}},
		{"wheezing cough", nil},
		// A noun sharing a stem still names its topic where the name is
		// no adjective.
		{"I am diabetic, can I eat rice", []string{"Diabetes"}},
		// An abbreviation is guarded by its capitals, not by WordNet's
		// adjective.
		{"symptoms of SAD", []string{"Seasonal affective disorder"}},
		{"SAD symptoms in winter", []string{"Seasonal affective disorder"}},
	})
}

// TestStemIsNotTheWord: a message's word names a one-word topic through
// the stem only when it is a form of the name's word (wordforms.go).
// With Debian's Hunspell lists, as CI installs them; topics and
// messages written for this test.
func TestStemIsNotTheWord(t *testing.T) {
	if knownWords() == nil {
		devdata.Skip(t, "Hunspell word lists missing (apt-get install hunspell-en-us hunspell-en-med)")
		return
	}
	checkNamed(t, wordIndex("Testes", "Snoring", "Allergies", "Diabetes", "Lupus", "Obesity"), []namedCase{
		{"is there a test for lupus", []string{"Lupus"}},
		{"what do the testes do", []string{"Testes"}},
		{"my husband snores", []string{"Snoring"}},
		{"allergy season", []string{"Allergies"}},
		{"I am diabetic, can I eat rice", []string{"Diabetes"}},
		{"my son is obese", []string{"Obesity"}},
	})
}

// TestDerivedAdjectiveNamesTopic: an adjective WordNet derives from a
// one-word topic name (derived.tsv) names that topic, and the name joins
// the query's words, since the answers write the noun. Topics and
// messages written for this test; the answers are placeholders.
func TestDerivedAdjectiveNamesTopic(t *testing.T) {
	for adj, noun := range map[string]string{"schizophrenic": "schizophrenia", "asthmatic": "asthma"} {
		if ns := derivedNouns()[adj]; !slices.Equal(ns, []string{noun}) {
			t.Fatalf("derived.tsv gives %q for %q; want %q (regenerate it: go generate ./internal/search)", ns, adj, noun)
		}
	}
	docs := []Document{
		wordDoc("Schizophrenia", "Placeholder text about schizophrenia."),
		wordDoc("Asthma", "Placeholder text about asthma and exercise."),
		wordDoc("Exercise", "Placeholder text about exercise."),
		wordDoc("Hearing loss", "Placeholder text that calls a patient schizophrenic."),
	}
	ix := NewIndex(docs, DefaultParams)
	for _, c := range []struct {
		message, topic, first string
	}{
		{"my brother is schizophrenic, will he get better", "Schizophrenia", "what-is-schizophrenia"},
		{"can an asthmatic child run", "Asthma", "what-is-asthma"},
	} {
		u, res := ix.Ask(context.Background(), c.message, 3)
		if len(u.Foci) != 1 || !slices.Equal(u.Foci[0].Topics, []string{c.topic}) {
			t.Errorf("Understand(%q).Foci = %+v; want %s", c.message, u.Foci, c.topic)
		}
		if len(res) == 0 || res[0].QuestionSlug != c.first {
			t.Errorf("Ask(%q) = %+v; want %s first", c.message, res, c.first)
		}
	}
}
