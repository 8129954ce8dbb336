package digest

import (
	"sort"
	"testing"
)

// Sentences are near-duplicates when half their word triples are shared.
// The sentences are written for the test.
func TestSentenceRepeat(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"same words", "Kestrel syndrome makes the shoulders stiff in the morning.",
			"Kestrel syndrome makes the shoulders stiff in the morning.", true},
		{"case and punctuation only", "Kestrel syndrome makes the shoulders stiff in the morning.",
			"kestrel syndrome makes the shoulders stiff, in the morning", true},
		{"one word changed in a long sentence",
			"Most people with Kestrel syndrome first notice a painful stiffness in the shoulders after waking up.",
			"Most people with Kestrel syndrome first notice a painful stiffness in the arms after waking up.", true},
		{"a clause added",
			"The stiffness usually eases after an hour of gentle movement and warm water.",
			"The stiffness usually eases after an hour of gentle movement and warm water, but it can return by evening.", true},
		{"the same fact in other words",
			"Kestrel syndrome makes the shoulders stiff in the morning.",
			"People with this condition wake up with stiff shoulders.", false},
		{"the same opening only",
			"Kestrel syndrome is a rare disorder of the joints.",
			"Kestrel syndrome is a rare disorder that runs in families.", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := sentenceRepeat(tc.a, tc.b); got != tc.want {
				t.Errorf("sentenceRepeat = %v, want %v", got, tc.want)
			}
		})
	}
}

// Of two near-duplicate answers, the one whose text the other contains is
// the original, whatever the order or the sources' names.
func TestAnswerRepeatDirection(t *testing.T) {
	long := "Kestrel syndrome is a rare condition of the joints. It makes the shoulders and hips stiff, " +
		"most of all in the morning. The stiffness eases with gentle movement and warm water. " +
		"It often starts in the twenties and lasts for years. Doctors find it with a scan of the joints."
	excerpt := "Kestrel syndrome is a rare condition of the joints. It makes the shoulders and hips stiff, " +
		"most of all in the morning. The stiffness eases with gentle movement and warm water."
	other := "Kestrel syndrome causes stiff joints. Physical therapy can help people move more freely."
	tests := []struct {
		name    string
		answers []Answer
		repeat  bool // the first two answers are near-duplicates
		first   bool // the first answer repeats the second
	}{
		{"excerpt first", []Answer{{Source: "ZZ", Text: excerpt}, {Source: "AA", Text: long}}, true, true},
		{"excerpt second", []Answer{{Source: "AA", Text: long}, {Source: "ZZ", Text: excerpt}}, true, false},
		{"same text: first in key order is the original", []Answer{{Source: "BB", Text: long}, {Source: "AA", Text: long}}, true, true},
		{"independent", []Answer{{Source: "AA", Text: long}, {Source: "ZZ", Text: other}}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := &builder{answers: tc.answers}
			sh := answerShingles{shinglesOf(tc.answers[0].Text, answerShingle), shinglesOf(tc.answers[1].Text, answerShingle)}
			if got := answerRepeat(sh, 0, 1); got != tc.repeat {
				t.Fatalf("answerRepeat = %v, want %v", got, tc.repeat)
			}
			if tc.repeat {
				if got := b.repeats(sh, 0, 1); got != tc.first {
					t.Errorf("first repeats second = %v, want %v", got, tc.first)
				}
				if b.repeats(sh, 0, 1) == b.repeats(sh, 1, 0) {
					t.Error("exactly one of two near-duplicates is the repeater")
				}
			}
		})
	}
}

// A source that repeats another's answer is one voice with it: a point
// it states with its original counts once, and ranks below a point that
// two independent sources state.
func TestVoices(t *testing.T) {
	original := "Kestrel syndrome is a rare condition of the joints. Symptoms include morning stiffness, " +
		"swollen knees and tiredness. The stiffness eases with gentle movement and warm water. " +
		"It often starts in the twenties and lasts for years."
	copyText := "Kestrel syndrome is a rare condition of the joints. Symptoms include morning stiffness, " +
		"swollen knees and tiredness. The stiffness eases with gentle movement and warm water."
	independent := "Kestrel syndrome causes joint problems. Signs of the condition include swollen knees and a dry cough."
	as := []Answer{
		{Source: "COPY", Key: "c1", Text: copyText},
		{Source: "ORIG", Key: "o1", Text: original},
		{Source: "OWN", Key: "w1", Text: independent},
	}
	d := Build("symptoms", "Kestrel syndrome", nil, as)
	if err := checkDigest(as, d); err != nil {
		t.Fatal(err)
	}
	got := map[string]Point{}
	for _, p := range d.Points {
		got[p.Label] = p
	}
	knees, stiff := got["swollen knees"], got["morning stiffness"]
	if len(knees.Sources) != 3 || knees.Voices != 2 {
		t.Errorf("swollen knees: %v sources, %d voices; want 3 sources, 2 voices", knees.Sources, knees.Voices)
	}
	if len(stiff.Sources) != 2 || stiff.Voices != 1 {
		t.Errorf("morning stiffness: %v sources, %d voices; want 2 sources, 1 voice", stiff.Sources, stiff.Voices)
	}
	for _, p := range []Point{knees, stiff} {
		for _, e := range p.Evidence {
			want := ""
			if e.Source == "COPY" {
				want = "ORIG"
			}
			if e.Repeats != want {
				t.Errorf("%s: evidence of %s repeats %q, want %q", p.Label, e.Source, e.Repeats, want)
			}
		}
	}
	if len(d.Points) == 0 || d.Points[0].Label != "swollen knees" {
		t.Errorf("first point %q; want the one with the most independent sources", labels(d))
	}
}

// The thresholds over MedQuAD's multi-source questions, per pair of
// sources: how many answer pairs are near-duplicates, and how many
// sentence pairs are. It measures, for docs/BENCHMARKS.md; it fails only
// if no pair at all passes (the detection would then be dead code).
//
//	go test -run TestVoicesOverMedQuAD -v ./internal/digest
func TestVoicesOverMedQuAD(t *testing.T) {
	qs := medquadQuestions(t)
	type counts struct{ answers, dupAnswers, sentences, dupSentences int }
	by := map[string]*counts{}
	var order []string
	total := 0
	for _, q := range qs {
		sh := make(answerShingles, len(q.answers))
		sents := make([][]string, len(q.answers))
		for i, a := range q.answers {
			sh[i] = shinglesOf(a.Text, answerShingle)
			for _, u := range units(i, a.Text) {
				if !u.skip && len(u.toks) >= 5 {
					sents[i] = append(sents[i], u.text)
				}
			}
		}
		for i := range q.answers {
			for j := i + 1; j < len(q.answers); j++ {
				x, y := q.answers[i].Source, q.answers[j].Source
				if x > y {
					x, y = y, x
				}
				k := x + "/" + y
				c := by[k]
				if c == nil {
					c = &counts{}
					by[k] = c
					order = append(order, k)
				}
				c.answers++
				if answerRepeat(sh, i, j) {
					c.dupAnswers++
					total++
				}
				for _, s := range sents[i] {
					for _, r := range sents[j] {
						c.sentences++
						if sentenceRepeat(s, r) {
							c.dupSentences++
						}
					}
				}
			}
		}
	}
	sort.Strings(order)
	for _, k := range order {
		c := by[k]
		t.Logf("%-34s answer pairs %4d, near-duplicate %4d; sentence pairs %7d, near-duplicate %5d", k, c.answers, c.dupAnswers, c.sentences, c.dupSentences)
	}
	if total == 0 {
		t.Error("no near-duplicate answers in MedQuAD")
	}
}
