package abbrev

import (
	"reflect"
	"testing"
)

// The sentences are written for these tests, each to exercise one rule
// of the algorithm; none is taken from MedQuAD or the evaluation data.
func TestFind(t *testing.T) {
	for _, c := range []struct {
		name string
		text string
		want []Pair
	}{
		{"long form then short form",
			"Doctors call it chronic inflammatory demyelinating polyneuropathy (CIDP) when weakness lasts.",
			[]Pair{{"CIDP", "chronic inflammatory demyelinating polyneuropathy"}}},
		{"short form then long form",
			"Adults with CIDP (chronic inflammatory demyelinating polyneuropathy) often improve.",
			[]Pair{{"CIDP", "chronic inflammatory demyelinating polyneuropathy"}}},
		{"the shortest long form: matching stops at the first word that fits",
			"The scan uses a test called magnetic resonance imaging (MRI) to see soft tissue.",
			[]Pair{{"MRI", "magnetic resonance imaging"}}},
		{"letters inside words", "The heart is checked with an electrocardiogram (ECG) at rest.",
			[]Pair{{"ECG", "electrocardiogram"}}},
		{"the first letter must begin a word", "Doctors measure the hemoglobin A1c (HbA1c) every three months.",
			[]Pair{{"HbA1c", "hemoglobin A1c"}}},
		{"hyphenated words", "Many people take non-steroidal anti-inflammatory drugs (NSAIDs) for pain.",
			[]Pair{{"NSAIDs", "non-steroidal anti-inflammatory drugs"}}},
		{"accented letters", "Vertigo is typical of Ménière disease (MD) in adults.",
			[]Pair{{"MD", "Ménière disease"}}},
		{"periods in the short form", "Most cases are seen in the United States (U.S.) and Canada.",
			[]Pair{{"U.S.", "United States"}}},
		{"text after a comma in the parenthesis is left out",
			"It is called chronic inflammatory demyelinating polyneuropathy (CIDP, a rare disorder of nerves).",
			[]Pair{{"CIDP", "chronic inflammatory demyelinating polyneuropathy"}}},
		{"text after a semicolon too",
			"A deep vein thrombosis (DVT; a clot in a leg vein) needs care.",
			[]Pair{{"DVT", "deep vein thrombosis"}}},
		{"several in a sentence, in order",
			"She had mild ataxia (MA) and persistent dizziness (PD) for a year.",
			[]Pair{{"MA", "mild ataxia"}, {"PD", "persistent dizziness"}}},
		{"a repeated definition is given once",
			"Kidney stones (KS) hurt. Kidney stones (KS) can come back.",
			[]Pair{{"KS", "Kidney stones"}}},
		{"same short form, two long forms",
			"Atopic dermatitis (AD) itches. Alzheimer disease (AD) affects memory.",
			[]Pair{{"AD", "Atopic dermatitis"}, {"AD", "Alzheimer disease"}}},
		{"within min(|A|+5, 2|A|) words: two letters allow four",
			"Ataxia which follows upon the onset of the second spell of muscle weakness (AW) is rare.", nil},
		{"the long form does not cross a sentence's end",
			"Doctors use magnets. Resonance imaging (MRI) helps.", nil},
		{"nor another parenthesis (our rule)", "A pair of devices (phones) did help (PD) here.", nil},
		{"a lower-case word in parentheses is not a short form (our rule)",
			"The condition causes a lack of fatty (adipose) tissue.", nil},
		{"long form in parentheses after a lower-case word",
			"Restless legs syndrome (also called Willis-Ekbom disease) disturbs sleep.", nil},
		{"short form of one character", "Foods rich in vitamin (A) help the eyes.", nil},
		{"short form of eleven letters", "A made up very long name of many many words here (ABCDEFGHIJK) is no code.", nil},
		{"short form starting with punctuation", "The thing called a bad (-AB) sign.", nil},
		{"short form without a letter", "It starts at age twenty (20) for most.", nil},
		{"short form as a word of its long form", "Some tumours are HER2 positive (HER2) and grow fast.", nil},
		{"letters not found in order", "Blood pressure (XYZ) rises with age.", nil},
		{"no closing parenthesis", "Chronic inflammatory demyelinating polyneuropathy (CIDP", nil},
		{"nested parentheses", "Kidney stones ((KS)) hurt.", nil},
		{"a parenthesis at the start", "(CIDP) is treatable.", nil},
		{"an empty parenthesis", "Kidney stones () hurt.", nil},
		{"no parenthesis", "Kidney stones hurt.", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Find(c.text); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Find(%q)\n = %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}

func TestBestLongForm(t *testing.T) {
	for _, c := range []struct {
		short, candidate, want string
		ok                     bool
	}{
		{"MRI", "with magnetic resonance imaging", "magnetic resonance imaging", true},
		// The first letter matched inside "amyotrophic" would not begin a
		// word; it does at "amyotrophic" itself.
		{"ALS", "amyotrophic lateral sclerosis", "amyotrophic lateral sclerosis", true},
		{"AB", "cab", "", false},
		{"H1N1", "a flu of type H1N1 virus", "H1N1 virus", true},
		{"TB", "tuberculosis", "tuberculosis", true},
	} {
		got, ok := bestLongForm(c.short, c.candidate)
		if got != c.want || ok != c.ok {
			t.Errorf("bestLongForm(%q, %q) = %q, %v; want %q, %v", c.short, c.candidate, got, ok, c.want, c.ok)
		}
	}
}

func TestLastWords(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"one two three", 2, "two three"},
		{"one two three  ", 5, "one two three"},
		{"a non-steroidal drug", 2, "steroidal drug"},
		{"", 3, ""},
	} {
		if got := lastWords(c.s, c.n); got != c.want {
			t.Errorf("lastWords(%q, %d) = %q; want %q", c.s, c.n, got, c.want)
		}
	}
}

// Find runs over every answer at import: text of any shape must not
// panic, and every pair it finds obeys the rules.
func FuzzFind(f *testing.F) {
	for _, s := range []string{"Kidney stones (KS) hurt.", "((", ")(", "é (É)", "a (B C D E) f", "x\n(AB)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range Find(s) {
			if n := alnum(p.Short); n < 2 || n > MaxShort || !hasUpper(p.Short) || len(p.Long) <= len(p.Short) {
				t.Fatalf("Find(%q) gave %q", s, p)
			}
		}
	})
}
