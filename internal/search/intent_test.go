package search

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// intentPatterns are the intents' whole alternations, as understanding
// matched them before they were split: the reference intentAlts must
// agree with.
var intentPatterns = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(intents))
	for i, in := range intents {
		out[i] = regexp.MustCompile(`\b(` + strings.Join(in.patterns, "|") + `)\b`)
	}
	return out
}()

func patternMatches(text string) []bool {
	text = " " + strings.Join(words(text), " ") + " "
	out := make([]bool, len(intentPatterns))
	for i, re := range intentPatterns {
		out[i] = re.MatchString(text)
	}
	return out
}

// intentTexts are messages written for this test, plus each
// alternative's literal start alone, glued to a word on either side, and
// cut short by a letter: the places where a literal is present but the
// word boundaries or the rest of the pattern fail.
func intentTexts() []string {
	texts := []string{
		"", "?", "my dad was told his kidneys are failing, what can we do and is it inherited",
		"How do I get rid of hiccups that won't stop", "Can I take ibuprofen with 200 mg of aspirin at the same time as my tea",
		"is it safe to mix alcohol and sleeping pills? too many pills make me dizzy",
		"WHAT DOES A MIGRAINE FEEL LIKE", "how long will the rash last and does it go away",
		"where does the pain come from and why does it get worse at night",
		"treatable untreated pretreatment retreat", "recovered recovery unrecoverable",
		"I missed a dose, I forgot to take it", "what is metformin for", "4mg 10 ml 3 milligrams",
	}
	for _, alts := range intentAlts {
		for _, a := range alts {
			p := strings.TrimSpace(a.prefix)
			if p == "" {
				continue
			}
			texts = append(texts, p, "x"+p, p+"x", "the "+p+" is", p[:len(p)-1], a.prefix+"me", a.prefix+"i know if")
		}
	}
	return texts
}

func TestIntentAltsMatchAsPatterns(t *testing.T) {
	var matched int
	for _, text := range intentTexts() {
		got, want := intentMatches(text), patternMatches(text)
		if !slices.Equal(got, want) {
			t.Errorf("intentMatches(%q) = %v, the whole patterns say %v", text, got, want)
		}
		if slices.Contains(got, true) {
			matched++
		}
	}
	if matched < 100 { // the texts must exercise matches, not only misses
		t.Fatalf("only %d texts match an intent", matched)
	}
}

// FuzzIntentAlts checks the split alternatives against the whole
// patterns on any text.
func FuzzIntentAlts(f *testing.F) {
	for _, text := range intentTexts() {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := intentMatches(text), patternMatches(text); !slices.Equal(got, want) {
			t.Fatalf("intentMatches(%q) = %v, the whole patterns say %v", text, got, want)
		}
	})
}
