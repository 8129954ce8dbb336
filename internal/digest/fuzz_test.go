package digest

import (
	"strings"
	"testing"
)

// FuzzBuild feeds two answers of arbitrary text: Build never panics and
// its digest keeps the evidence invariant (checkDigest).
func FuzzBuild(f *testing.F) {
	q := seedQuestion(f)
	for i := 0; i+1 < len(q.answers); i += 2 {
		f.Add("causes", q.answers[i].Text, q.answers[i+1].Text)
	}
	f.Add("treatment", "There is no cure. Treatment is symptomatic and supportive and may include medication for movement disorders.",
		"These resources address the diagnosis:  - Gene Review: X  - Drug Therapy")
	f.Add("symptoms", "Signs and Symptoms Approximate number of patients (when available) Abdominal pain 90% Tinnitus 7.5% Sporadic -",
		"The signs include:\n\nHeadaches, dizziness, and weakness\n\nDouble or blurred vision and blind spots")
	f.Add("information", "X (X) is a group of (unclosed disorders that", "• Avoid , , and - such as: including (( ))")
	f.Add("treatment", "Vision, physical, and occupational therapies may be required. Avoid tobacco, alcohol, and caffeine.", "U.S. e.g. 7.5 5,000 — “quoted” ’s")
	f.Fuzz(func(t *testing.T, qtype, a, b string) {
		if len(a)+len(b) > 1<<14 {
			return
		}
		as := []Answer{{Source: "A", Key: "a", Text: a}, {Source: "B", Key: "b", Text: b}}
		d := Build(qtype, "restless legs syndrome", []string{"RLS", "Willis-Ekbom disease"}, as)
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
