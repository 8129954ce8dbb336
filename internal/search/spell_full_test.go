package search_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/devdata"
	"healthqa/internal/search"
)

// TestSpellingFullCorpus asks the full MedQuAD index questions written
// the way consumers spell (composed for this test), as the ask page
// does: each misspelled word is offered corrected in "did you mean", and
// the corrected words find their topic. Messages of real words, rare in
// MedQuAD or not, are left as they are. It needs the Hunspell word lists
// CI installs.
func TestSpellingFullCorpus(t *testing.T) {
	devdata.SkipShort(t, "imports the full dataset")
	d := search.DebianDictionaries
	for _, p := range append([]string{d.Affix}, d.Words...) {
		if _, err := os.Stat(p); err != nil {
			devdata.Skip(t, "Hunspell word list missing (apt-get install hunspell-en-us hunspell-en-med): "+err.Error())
			return
		}
	}
	docs, err := search.LoadDocuments(context.Background(), fullStore(t))
	if err != nil {
		t.Fatal(err)
	}
	ix := search.NewIndex(docs, search.DefaultParams)
	tests := []struct {
		message string
		fixed   []string // words "did you mean" must offer; none: no offer
		topic   string   // a topic understood, if any
		qtype   string   // a question type understood, if any
	}{
		{"my daughter has neurofibromitosis, is it inherited", []string{"neurofibromatosis"}, "Neurofibromatosis type 1", ""},
		{"can amoxicilin cause a rash", []string{"amoxicillin"}, "Amoxicillin", ""},
		{"how do you get clamidia", []string{"chlamydia"}, "Chlamydia", ""},
		{"pain along the sciatic nerv down my leg", []string{"nerve"}, "", ""},
		{"is numonia contagious", []string{"pneumonia"}, "Pneumonia", ""},
		{"what causes sirosis of the liver", []string{"cirrhosis"}, "Cirrhosis", ""},
		{"treatment for hemroids", []string{"hemorrhoids"}, "Hemorrhoids", ""},
		{"my knees hurt from rumatoid artritis", []string{"rheumatoid", "arthritis"}, "Rheumatoid arthritis", ""},
		{"side effects of metformen", []string{"metformin"}, "Metformin", ""},
		{"symptoms of menengitis in babies", []string{"meningitis"}, "Meningitis", ""},
		{"is skitzophrenia genetic", []string{"schizophrenia"}, "Schizophrenia", ""},
		{"my son has exema on his arms", []string{"eczema"}, "Atopic dermatitis", ""},
		// The question type is read from the corrected words too.
		{"what are the side efects of amoxicilin", []string{"effects", "amoxicillin"}, "Amoxicillin", "side effects"},
		{"what are the simptoms of numonia", []string{"symptoms", "pneumonia"}, "Pneumonia", "symptoms"},
		{"how to prevant lyme disease", []string{"prevent"}, "Lyme disease", "prevention"},
		// Real words stay, whether or not MedQuAD uses them.
		{"tingling and itchy skin after a hot shower", nil, "", ""},
		{"my stomach is bloated and I feel nauseous", nil, "Abdominal bloating", ""},
		{"lightheaded when I stand up", nil, "", ""},
		{"prostrate with grief after my husband's stroke", nil, "Stroke", ""},
		{"my hubby googled his rash", nil, "", ""},
	}
	for _, tc := range tests {
		u := ix.Understand(tc.message)
		offered := strings.Fields(u.DidYouMean)
		for _, w := range tc.fixed {
			if !slices.Contains(offered, w) {
				t.Errorf("%q: did you mean %q, without %q", tc.message, u.DidYouMean, w)
			}
		}
		if tc.fixed == nil && u.DidYouMean != "" {
			t.Errorf("%q: did you mean %q for real words", tc.message, u.DidYouMean)
		}
		var topics []string
		for _, f := range u.Foci {
			topics = append(topics, f.Topics...)
		}
		if tc.topic != "" && !slices.Contains(topics, tc.topic) {
			t.Errorf("%q: topics %q, without %q", tc.message, topics, tc.topic)
		}
		if tc.qtype != "" && !slices.Contains(u.Types, tc.qtype) {
			t.Errorf("%q: types %q, without %q", tc.message, u.Types, tc.qtype)
		}
	}
}
