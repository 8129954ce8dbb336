package search

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// namesCorpus is a small synthetic corpus for the partial-name, brand
// and long-message rules: a few topics of each shape, written for these
// tests (the answers are placeholders, not medical text).
func namesCorpus() []Document {
	var docs []Document
	add := func(topic string, synonyms []string, qtype, answer string) {
		slug := strings.ReplaceAll(strings.ToLower(topic), " ", "-")
		docs = append(docs, Document{
			DocID: fmt.Sprintf("T_%d", len(docs)), AnswerKey: fmt.Sprintf("T_%d", len(docs)),
			QuestionSlug: slug + "-" + strings.ReplaceAll(qtype, " ", "-"), QuestionType: qtype,
			Title: qtype + " of " + topic, Topic: topic, TopicSlug: slug, Synonyms: synonyms, Answer: answer,
		})
	}
	for _, t := range []string{"Familial hypercholesterolemia", "Familial dysautonomia", "Familial partial lipodystrophy",
		"Chronic lymphocytic leukemia", "Chronic kidney disease", "Chronic fatigue syndrome", "Acute myeloid leukemia",
		"Lymphocytic thyroiditis", "Hashimoto thyroiditis", "Postpartum thyroiditis",
		"Trisomy 13", "Trisomy 18", "Heart disease", "Kidney stones", "Blood pressure"} {
		add(t, nil, "information", "Placeholder overview text.")
		add(t, nil, "treatment", "Placeholder treatment text.")
	}
	add("Acute lymphoblastic leukemia", []string{"Acute lymphocytic leukemia"}, "information", "Placeholder overview text.")
	add("High cholesterol", nil, "information", "Placeholder text about cholesterol and the heart.")
	add("High cholesterol", nil, "treatment", "Placeholder text about cholesterol.")
	// Drugs: MedlinePlus withholds their text, so the answers are empty.
	for _, d := range []string{"Omeprazole", "Esomeprazole", "Acetaminophen", "Warfarin"} {
		for _, q := range []string{"indication", "side effects", "brand names", "forget a dose"} {
			add(d, nil, q, "")
		}
	}
	add("Acetaminophen overdose", []string{"Tylenol overdose"}, "information", "Placeholder overdose text.")
	add("Heartburn", nil, "treatment", "Medicines such as omeprazole (Prilosec, Zegerid) or esomeprazole (Nexium) lower stomach acid (PPIs).")
	add("Blood clots", nil, "treatment", "A blood thinner, Coumadin (warfarin), may be given.")
	add("Blood clots", nil, "information", "Placeholder text.")
	add("Ulcers", nil, "treatment", "Take omeprazole (Oral) with water.")
	for i := range 25 { // "Oral" is an ordinary word of this corpus
		add(fmt.Sprintf("Filler %c", 'a'+i), nil, "information", "Oral care placeholder.")
	}
	return docs
}

// specs are the topics u names, with their spec, by name.
func specs(ix *Index, u *Understanding) map[string]float64 {
	out := map[string]float64{}
	for _, tw := range u.topics {
		out[ix.lex.topics[tw.topic]] = tw.spec
	}
	return out
}

func TestPartialNames(t *testing.T) {
	ix := NewIndex(namesCorpus(), DefaultParams)
	tests := []struct {
		message string
		want    []string // topics named in part or whole
		not     []string // topics that must not be named
	}{
		// The name without its leading modifier.
		{"what is hypercholesterolemia", []string{"Familial hypercholesterolemia"}, []string{"High cholesterol", "Familial dysautonomia"}},
		// Without a modifier and in another order.
		{"is lymphocytic leukemia, the chronic kind, inherited", []string{"Chronic lymphocytic leukemia", "Acute lymphoblastic leukemia"}, []string{"Lymphocytic thyroiditis", "Acute myeloid leukemia"}},
		{"leukemia chronic lymphocytic treatment", []string{"Chronic lymphocytic leukemia"}, nil},
		// Only modifiers, or a name without its head, name nothing.
		{"my cough is chronic and familial", nil, []string{"Chronic lymphocytic leukemia", "Familial hypercholesterolemia", "Chronic kidney disease"}},
		{"are lymphocytic cells normal", nil, []string{"Lymphocytic thyroiditis", "Chronic lymphocytic leukemia"}},
		// A number tells names apart absolutely.
		{"my baby has trisomy 7", nil, []string{"Trisomy 13", "Trisomy 18"}},
		{"can trisomy 18 be treated", []string{"Trisomy 18"}, []string{"Trisomy 13"}},
		// Words of a name far apart in a message do not make it.
		{"my heart is fine, but the doctor found many small stones in my kidney and said my cholesterol is ok", []string{"Kidney stones"}, []string{"Heart disease"}},
	}
	for _, tc := range tests {
		got := specs(ix, ix.Understand(tc.message))
		for _, w := range tc.want {
			if got[w] == 0 {
				t.Errorf("%q: %s not named; topics %v", tc.message, w, got)
			}
		}
		for _, n := range tc.not {
			if got[n] != 0 {
				t.Errorf("%q: %s named (%.2f); topics %v", tc.message, n, got[n], got)
			}
		}
	}
}

// A topic named in part ranks above a broad topic that shares one word
// with the message, and below a topic the message names whole.
func TestPartialNameRanks(t *testing.T) {
	ix := NewIndex(namesCorpus(), DefaultParams)
	_, res := ix.Ask(context.Background(), "how do you treat hypercholesterolemia", 3)
	if len(res) == 0 || res[0].Topic != "Familial hypercholesterolemia" || res[0].Type != "treatment" {
		t.Fatalf("results %+v; want familial hypercholesterolemia's treatment first", res)
	}
	// A sibling sharing part of a whole name counts well below it.
	got := specs(ix, ix.Understand("treatment of chronic lymphocytic leukemia"))
	if got["Chronic lymphocytic leukemia"] != 1 || got["Acute lymphoblastic leukemia"] >= 0.5 {
		t.Errorf("whole name %v", got)
	}
}

func TestNameMatcherIsCode(t *testing.T) {
	for w, want := range map[string]bool{"13": true, "2": true, "d": true, "ii": true, "leukemia": false, "1a2": false} {
		if isCode(w) != want {
			t.Errorf("isCode(%q) = %v", w, !want)
		}
	}
}
