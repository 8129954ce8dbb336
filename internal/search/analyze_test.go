package search

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	tests := map[string][]string{
		"Restless Legs Syndrome (RLS)":   {"restless", "legs", "syndrome", "rls"},
		"Parkinson's disease, Ménière’s": {"parkinsons", "disease", "menieres"},
		"X-linked; 5-10 mg/day":          {"x", "linked", "5", "10", "mg", "day"},
		"it's  'quoted' end'":            {"its", "quoted", "end"},
		"":                               {},
		"naïve café":                     {"naive", "cafe"},
		"Ménière":                        {"meniere"},
		"HbA1c≥6.5%":                     {"hba1c", "6", "5"},
		"0''0 a''b c'’d e'' f":           {"00", "ab", "cd", "e", "f"}, // found by FuzzWords
	}
	for in, want := range tests {
		got := words(in)
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"Ménière's", "a'b", "x\\xff", "ABC def"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast := words(s)
		slow := slowWords(s)
		if !slices.Equal(fast, slow) && !(len(fast) == 0 && len(slow) == 0) {
			t.Fatalf("words(%q) = %q, slowWords = %q", s, fast, slow)
		}
	})
}
