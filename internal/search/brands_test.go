package search

import (
	"context"
	"slices"
	"testing"
)

func TestLearnBrands(t *testing.T) {
	ix := NewIndex(namesCorpus(), DefaultParams)
	tests := []struct {
		brand    string
		generics []string
	}{
		{"prilosec", []string{"omeprazole"}},   // generic (Brand, Brand)
		{"zegerid", []string{"omeprazole"}},    // second of the list
		{"nexium", []string{"esomeprazole"}},   // another pair in the same sentence
		{"coumadin", []string{"warfarin"}},     // Brand (generic)
		{"tylenol", []string{"acetaminophen"}}, // name and synonym differing in one word
		{"ppis", nil},                          // all capitals: an abbreviation
		{"oral", nil},                          // an ordinary word of the corpus
		{"medicines", nil},                     // no brackets
		{"omeprazole", nil},                    // a generic is no brand
	}
	for _, tc := range tests {
		if got := ix.partial.generics(tc.brand); !slices.Equal(got, tc.generics) {
			t.Errorf("generics(%q) = %q, want %q", tc.brand, got, tc.generics)
		}
	}
}

// A brand name finds the generic's pages, whose text MedQuAD withholds.
func TestAskByBrand(t *testing.T) {
	ix := NewIndex(namesCorpus(), DefaultParams)
	tests := []struct {
		message, topic, qtype string
	}{
		{"what are the side effects of Prilosec", "Omeprazole", "side effects"},
		{"I forgot to take my nexium this morning", "Esomeprazole", "forget a dose"},
		{"Coumadin side effects?", "Warfarin", "side effects"},
	}
	for _, tc := range tests {
		_, res := ix.Ask(context.Background(), tc.message, 3)
		if len(res) == 0 || res[0].Topic != tc.topic || res[0].Type != tc.qtype {
			t.Errorf("Ask(%q) = %+v; want %s, %s first", tc.message, res, tc.topic, tc.qtype)
		}
	}
}

func TestBracketNames(t *testing.T) {
	tests := []struct {
		inside string
		want   []string
	}{
		{"Advil, Motrin", []string{"Advil", "Motrin"}},
		{"Zestril or Prinivil", []string{"Zestril", "Prinivil"}},
		{"Brand A and Brand B", nil},
		{"see below", nil},
	}
	for _, tc := range tests {
		if got := bracketNames(tc.inside); !slices.Equal(got, tc.want) {
			t.Errorf("bracketNames(%q) = %q, want %q", tc.inside, got, tc.want)
		}
	}
}
