package digest

import "testing"

// Labels are cut to short claims at phrase boundaries, never reworded.
// The sentences are written for the test, about made-up conditions.
func TestClaim(t *testing.T) {
	tests := []struct {
		name, label, want string
	}{
		{"short label stays", "sudden drowsiness", "sudden drowsiness"},
		{"twelve words stay",
			"Kestrel syndrome is a rare condition of the inner ear in adults",
			"Kestrel syndrome is a rare condition of the inner ear in adults"},
		{"relative clause: the noun phrase stays whole with its verb",
			"Kestrel syndrome is a rare condition that causes a constant urge to stretch the arms",
			"Kestrel syndrome is a rare condition that causes a constant urge…"},
		{"clause boundary beats a longer phrase",
			"Most people notice the first signs in their twenties, although some notice them in childhood",
			"Most people notice the first signs in their twenties…"},
		{"a list of examples is left out",
			"Several things can make the stiffness worse, such as cold weather, long car rides and heavy lifting",
			"Several things can make the stiffness worse…"},
		{"parentheticals go first",
			"Children with the condition are born without a kneecap (the small bone in front of the knee)",
			"Children with the condition are born without a kneecap"},
		{"opening connective left out, capital kept",
			"However, many people with Kestrel syndrome also have trouble sleeping through the night in winter",
			"Many people with Kestrel syndrome also have trouble sleeping through the night…"},
		{"a condition is never cut off",
			"You are more likely to develop Kestrel syndrome if a parent or a sibling has it",
			"You are more likely to develop Kestrel syndrome if a parent or a sibling has it"},
		{"a contrast is never cut off",
			"The stiffness can affect one or several joints, but never the whole spine at once",
			"The stiffness can affect one or several joints, but never the whole spine at once"},
		{"no cut inside a compound noun",
			"About one in ten adults over seventy has high blood pressure and stiff joints",
			"About one in ten adults over seventy has high blood pressure…"},
		{"an opening clause gives way to the main clause",
			"Although the stiffness is common in very old people everywhere, it is not a normal part of aging",
			"…it is not a normal part of aging"},
		{"a clause after a comma is no opening to drop",
			"The adult form begins after age 40, and its signs tend to worsen more quickly",
			"The adult form begins after age 40…"},
		{"no main verb within twelve words: the noun phrase",
			"The only way to tell Kestrel syndrome from similar conditions is a scan of the inner ear",
			"The only way to tell Kestrel syndrome…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := claim(tc.label); got != tc.want {
				t.Errorf("claim(%q)\n = %q\nwant %q", tc.label, got, tc.want)
			}
		})
	}
}

// A point's label is a short claim, and the whole sentence stays its
// evidence.
func TestLongSharedSentenceIsShortClaim(t *testing.T) {
	long := "Many people with Kestrel syndrome also feel a painful stiffness in the shoulders that comes and goes during the day."
	as := []Answer{
		{Source: "A", Key: "a1", Text: "Kestrel syndrome is a rare condition of the joints. " + long},
		{Source: "B", Key: "b1", Text: "Kestrel syndrome affects the joints of adults. " + long + " It is not contagious."},
	}
	d := Build("information", "Kestrel syndrome", nil, as)
	if err := checkDigest(as, d); err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Points {
		if spacedWords(p.Label) > maxClaimWords {
			t.Errorf("label %q has more than %d words", p.Label, maxClaimWords)
		}
		if p.Label == "Many people with Kestrel syndrome also feel a painful stiffness…" {
			for _, e := range p.Evidence {
				if e.Sentence != long {
					t.Errorf("evidence of %s = %q; want the whole sentence", e.Source, e.Sentence)
				}
			}
			return
		}
	}
	t.Errorf("no point for the shared sentence: %+v", d.Points)
}
