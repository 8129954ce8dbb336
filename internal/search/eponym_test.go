package search

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// eponymCorpus has eponymous conditions beside names whose first word is
// an ordinary one, used in lower case throughout the answers.
func eponymCorpus() []Document {
	var docs []Document
	add := func(topic, qtype, answer string) {
		docs = append(docs, Document{DocID: fmt.Sprintf("E_%d", len(docs)), AnswerKey: fmt.Sprintf("E_%d", len(docs)),
			QuestionSlug: fmt.Sprintf("%s-%s", topic, qtype), QuestionType: qtype, Title: qtype + " of " + topic,
			Topic: topic, TopicSlug: topic, Answer: answer})
	}
	add("Parkinson disease", "information", "Parkinson disease affects movement. People with Parkinson disease shake.")
	add("Parkinson disease", "treatment", "Medicines replace dopamine in Parkinson disease.")
	add("Down syndrome", "information", "Down syndrome is caused by an extra chromosome 21.")
	add("Graves disease", "information", "Graves disease makes the thyroid overactive.")
	add("Heart disease", "information", "The heart pumps blood. When the heart is weak, the heart beats fast; lie down and rest.")
	add("Heart disease", "treatment", "Keep the heart healthy: slow down, calm down, and walk.")
	add("Palpitations", "information", "A racing heart, with the heart beating fast, is often harmless; sit down.")
	return docs
}

// A proper name's possessive names the eponym's condition ("Parkinson's"
// for Parkinson disease); an ordinary word's possessive or contraction
// names nothing ("my heart's racing"), and a capital counts only inside
// a sentence of a message not all capitals.
func TestEponymPossessives(t *testing.T) {
	ix := NewIndex(eponymCorpus(), DefaultParams)
	tests := []struct {
		message string
		want    []string
	}{
		{"what is parkinson's", []string{"Parkinson disease"}},
		{"Is Parkinson’s inherited?", []string{"Parkinson disease"}},
		{"WHAT IS PARKINSON'S", []string{"Parkinson disease"}},
		{"my son has Down's", []string{"Down syndrome"}},
		{"Graves' and my eyes", []string{"Graves disease"}},
		{"my heart's been racing", nil},
		{"Heart's racing again", nil},
		{"my son has down's", nil},       // an ordinary word, in lower case
		{"Down's. Is it inherited", nil}, // a capital at a sentence's start says nothing
		{"MY HEART'S RACING", nil},       // nor one in a message all in capitals
		{"my doctor's advice on parkinson disease", []string{"Parkinson disease"}},
	}
	for _, tc := range tests {
		var got []string
		for _, f := range ix.Understand(tc.message).Foci {
			got = append(got, f.Topics...)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Understand(%q) names %q, want %q", tc.message, got, tc.want)
		}
	}
	// The head the possessive leaves off joins the query's words, so the
	// condition's pages come first.
	_, res := ix.Ask(context.Background(), "my son has Down's", 2)
	if len(res) == 0 || res[0].Topic != "Down syndrome" {
		t.Errorf("first result %+v, want Down syndrome's", res)
	}
}
