package search

import (
	"slices"
	"strings"
	"testing"

	"healthqa/internal/devdata"
)

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
	var docs []Document
	add := func(topic string, synonyms ...string) {
		slug := strings.ReplaceAll(strings.ToLower(topic), " ", "-")
		docs = append(docs, Document{DocID: slug, AnswerKey: slug, QuestionSlug: "what-is-" + slug, QuestionType: "information",
			Title: "What is " + topic + "?", Topic: topic, TopicSlug: slug, Synonyms: synonyms, Answer: "Placeholder text."})
	}
	add("Systemic")
	add("Chronic")
	add("Wheezing")
	add("Back pain")
	add("Immune system")
	add("Diabetes")
	add("Seasonal affective disorder", "SAD")
	ix := NewIndex(docs, DefaultParams)
	for _, c := range []struct {
		message string
		topics  []string
	}{
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
	} {
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

// TestStemIsNotTheWord: a message's word names a one-word topic through
// the stem only when it is a form of the name's word (wordforms.go).
// With Debian's Hunspell lists, as CI installs them; topics and
// messages written for this test.
func TestStemIsNotTheWord(t *testing.T) {
	if knownWords() == nil {
		devdata.Skip(t, "Hunspell word lists missing (apt-get install hunspell-en-us hunspell-en-med)")
		return
	}
	var docs []Document
	for _, topic := range []string{"Testes", "Snoring", "Allergies", "Diabetes", "Lupus", "Obesity"} {
		slug := strings.ToLower(topic)
		docs = append(docs, Document{DocID: slug, AnswerKey: slug, QuestionSlug: "what-is-" + slug, QuestionType: "information",
			Title: "What is " + topic + "?", Topic: topic, TopicSlug: slug, Answer: "Placeholder text."})
	}
	ix := NewIndex(docs, DefaultParams)
	for _, c := range []struct {
		message string
		topics  []string
	}{
		{"is there a test for lupus", []string{"Lupus"}},
		{"what do the testes do", []string{"Testes"}},
		{"my husband snores", []string{"Snoring"}},
		{"allergy season", []string{"Allergies"}},
		{"I am diabetic, can I eat rice", []string{"Diabetes"}},
		{"my son is obese", []string{"Obesity"}},
	} {
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
