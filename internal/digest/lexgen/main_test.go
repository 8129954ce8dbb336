package main

import "testing"

// pairsIn returns the pairs read from every parenthesis of a text.
func pairsIn(text string) []pair {
	var out []pair
	for _, loc := range parenRe.FindAllStringSubmatchIndex(text, -1) {
		if p, ok := pairAt(text, loc); ok {
			out = append(out, p)
		}
	}
	return out
}

func TestPairAt(t *testing.T) {
	tests := []struct {
		name, text string
		want       *pair
	}{
		{"plain after clinical", "Some people have fainting (syncope) after standing.", &pair{"fainting", "syncope"}},
		{"two-word wording", "The main sign is droopy eyelids (ptosis).", &pair{"droopy eyelids", "ptosis"}},
		{"clinical before plain", "Hypertension (high blood pressure) is common in older adults.", &pair{"hypertension", "high blood pressure"}},
		// A known limit: a verb is no function word, so it joins the
		// wording; such a pair rarely reaches two answers of two sources.
		{"verb before the wording", "It causes hypertension (high blood pressure), which strains the heart.", &pair{"causes hypertension", "high blood pressure"}},
		{"acronym inside", "Restless legs syndrome (RLS) is common.", nil},
		{"list inside", "Some drugs (e.g. aspirin) help.", nil},
		{"introduced name", "A slow heart rate (also called bradycardia) may occur.", nil},
		{"object of a preposition", "A buildup of fluid in the abdomen (ascites) may occur.", nil},
		{"last of a coordination", "An enlarged liver and spleen (hepatosplenomegaly) is seen.", nil},
		{"inside a name", "It affects the first (big) toe.", nil},
		{"too long a run", "Very small unusually shaped red blood cells (microcytes) appear.", nil},
		{"one side holds the other", "A heart murmur (murmur) is heard.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pairsIn(tt.text)
			switch {
			case tt.want == nil && len(got) != 0:
				t.Errorf("read %+v, want no pair", got)
			case tt.want != nil && (len(got) != 1 || got[0] != *tt.want):
				t.Errorf("read %+v, want %+v", got, *tt.want)
			}
		})
	}
}
