package search

import (
	"context"
	"slices"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Knee pain. I fell last week. Should I see a doctor?", []string{"Knee pain.", "I fell last week.", "Should I see a doctor?"}},
		{"I take 2.5 mg, e.g. at night; is that ok", []string{"I take 2.5 mg, e.g.", "at night;", "is that ok"}},
		{"subject line\nfirst line\n\n...", []string{"subject line", "first line"}},
		{"", nil},
	}
	for _, tc := range tests {
		if got := sentences(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("sentences(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestMessageParts(t *testing.T) {
	const narrativeWeight = 0.4
	raw, weight, inMain, main, rest := messageParts("Leg cramps. My father had kidney stones last year. He walks a lot. What causes the cramps?", narrativeWeight)
	if len(raw) != len(weight) {
		t.Fatalf("%d words, %d weights", len(raw), len(weight))
	}
	want := map[string]float64{"Leg": 1, "kidney": narrativeWeight, "walks": narrativeWeight, "causes": 1}
	for i, w := range raw {
		if v, ok := want[w]; ok && weight[i] != v {
			t.Errorf("weight of %q = %v, want %v", w, weight[i], v)
		}
	}
	if main != "Leg cramps. What causes the cramps?" || rest != "My father had kidney stones last year. He walks a lot." {
		t.Errorf("main = %q, rest = %q", main, rest)
	}
	if m, r := joinParts(raw, inMain); m != "Leg cramps What causes the cramps" || r != "My father had kidney stones last year He walks a lot" {
		t.Errorf("joinParts: main = %q, rest = %q", m, r)
	}
}

func TestMessageTypes(t *testing.T) {
	tests := []struct {
		message string
		want    []string
	}{
		// The story mentions treatment; the question asks for causes.
		{"Hello. My son was treated with antibiotics last spring and had surgery. Why does he keep getting ear infections?", []string{"causes"}},
		// A question sentence without a type: the whole message decides.
		{"Kidney stones. I had three this year. Can you help? I want to prevent more.", []string{"prevention"}},
		// One sentence: as before.
		{"what are the symptoms of kidney stones", []string{"symptoms"}},
	}
	for _, tc := range tests {
		_, _, _, main, rest := messageParts(tc.message, DefaultParams.Narrative)
		if got := messageTypes(main, rest); !slices.Equal(got, tc.want) {
			t.Errorf("messageTypes(%q) = %q, want %q", tc.message, got, tc.want)
		}
	}
}

// A topic the question names comes before one only the story around it
// names.
func TestNarrativeTopicsWeighLess(t *testing.T) {
	// The defaults count the narrative fully (cross-validation's choice);
	// the discount is what is tested here.
	p := DefaultParams
	p.Narrative = 0.5
	ix := NewIndex(namesCorpus(), p)
	msg := "Question about my mother. She has had heart disease for years and takes many pills. How are kidney stones treated?"
	got := specs(ix, ix.Understand(msg))
	if got["Kidney stones"] != 1 || got["Heart disease"] != p.Narrative {
		t.Errorf("specs %v", got)
	}
	_, res := ix.Ask(context.Background(), msg, 3)
	if len(res) == 0 || res[0].Topic != "Kidney stones" || res[0].Type != "treatment" {
		t.Errorf("results %+v", res)
	}
}

// A topic the message names again and again is what it asks about; one
// it names once, in passing, counts less, however many of its words the
// message uses.
func TestRepeatedTopicIsTheFocus(t *testing.T) {
	msg := "Heart disease\nMy father has heart disease. Could his kidney trouble, kidney stones in each kidney, make it worse?"
	first := map[float64]string{0: "Kidney stones", 1: "Heart disease"}
	for salience, want := range first {
		p := DefaultParams
		p.Salience = salience
		ix := NewIndex(namesCorpus(), p)
		u := ix.Understand(msg)
		weights := map[string]float64{}
		for i, w := range u.focusWeights(salience) {
			weights[ix.lex.topics[u.topics[i].topic]] = w
		}
		if salience == 1 && (weights["Heart disease"] != 1 || weights["Kidney stones"] != 0.5) {
			t.Errorf("focus weights %v, want heart disease 1 and kidney stones 0.5", weights)
		}
		_, res := ix.Ask(context.Background(), msg, 3)
		if len(res) == 0 || res[0].Topic != want {
			t.Errorf("salience %v: first result %+v, want one on %s", salience, res, want)
		}
	}
}
