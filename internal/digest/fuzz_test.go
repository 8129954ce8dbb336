package digest

import (
	"strings"
	"testing"
)

// FuzzBuild feeds a topic, a synonym and two answers of arbitrary text:
// Build never panics and its digest keeps the evidence invariant
// (checkDigest).
func FuzzBuild(f *testing.F) {
	q := composedQuestion()
	for i := 0; i+1 < len(q.answers); i += 2 {
		f.Add("causes", q.topic, "KS", q.answers[i].Text, q.answers[i+1].Text)
	}
	f.Add("treatment", "Kestrel disease", "KD", "There is no cure. Treatment is symptomatic and may include rest and a drug for the pain.",
		"These resources address the diagnosis:  - Gene Review: X  - Drug Therapy")
	f.Add("symptoms", "Kestrel syndrome", "", "Signs and Symptoms Approximate number of patients (when available) Joint stiffness 90% Hearing loss 7.5% Sporadic -",
		"The signs include:\n\nNausea, cramps, and fatigue\n\nDry or itchy skin and hair loss")
	f.Add("information", "X", "The disease of the kidney", "X (X) is a group of (unclosed disorders that", "• Avoid , , and - such as: including (( ))")
	f.Add("treatment", "Kestrel disease of bone", "Cathepsin A deficiency of", "Speech, music, and art therapies may be required. Avoid salt, beer, and sugar.", "U.S. e.g. 7.5 5,000 — “quoted” ’s")
	f.Fuzz(func(t *testing.T, qtype, topic, synonym, a, b string) {
		if len(a)+len(b) > 1<<14 || len(topic)+len(synonym) > 1<<10 {
			return
		}
		as := []Answer{{Source: "A", Key: "a", Text: a}, {Source: "B", Key: "b", Text: b}}
		d := Build(qtype, topic, []string{synonym, "Willis-Ekbom disease"}, as)
		if err := checkDigest(as, d); err != nil {
			t.Fatalf("%v\nA: %q\nB: %q", err, a, b)
		}
		for _, p := range d.Points {
			if strings.ContainsAny(p.Label, "\n\t") {
				t.Fatalf("label %q has layout in it", p.Label)
			}
		}
	})
}
