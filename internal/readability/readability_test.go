package readability

import (
	"math"
	"strings"
	"testing"
)

// platypus is the worked example of the Wikipedia article "Flesch–Kincaid
// readability tests" (section "Flesch–Kincaid grade level", as of 2024):
// "The sentence, 'The Australian platypus is seemingly a hybrid of a
// mammal and reptilian creature' is an 11.3 as it has 24 syllables and 13
// words", and its reading ease is quoted as 37.5 in the same article.
const platypus = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestPublishedExamples(t *testing.T) {
	s := Count(platypus)
	if s.Words != 13 || s.Syllables != 24 || s.Sentences != 1 {
		t.Fatalf("platypus: %d words, %d syllables, %d sentences; the article counts 13, 24, 1", s.Words, s.Syllables, s.Sentences)
	}
	if !near(s.Grade, 11.3, 0.05) {
		t.Errorf("platypus grade %.2f; published 11.3", s.Grade)
	}
	if e := ReadingEase(s.Words, s.Sentences, s.Syllables); !near(e, 37.5, 0.05) {
		t.Errorf("platypus reading ease %.2f; published 37.5", e)
	}
	// The same article: the easiest possible reading ease is 121.22 and
	// the lowest grade −3.40, for one-syllable one-word sentences.
	easy := Count("Go. Run. Stop.")
	if e := ReadingEase(easy.Words, easy.Sentences, easy.Syllables); !near(e, 121.22, 0.005) {
		t.Errorf("one-syllable sentences: ease %.3f; published 121.22", e)
	}
	if !near(easy.Grade, -3.40, 0.005) {
		t.Errorf("one-syllable sentences: grade %.3f; published -3.40", easy.Grade)
	}
}

// TestSMOGFormula checks the formula against McLaughlin (1969), "SMOG
// grading: a new readability formula", Journal of Reading 12(8), p. 639:
// the approximate rule (square root of the polysyllables in 30 sentences,
// plus 3) gives 13 for a count near 100, and the precise formula quoted
// on McLaughlin's own page (harrymclaughlin.com/SMOG.htm) is
// 1.0430 √(polysyllables × 30/sentences) + 3.1291. A count of 64 is
// Nirmaldasan's worked example (strainindex.wordpress.com, 2010): 11.
func TestSMOGFormula(t *testing.T) {
	for _, c := range []struct {
		poly, sentences int
		approx          float64 // McLaughlin's quick rule, which the precise formula tracks within a grade
		precise         float64
	}{
		{100, 30, 13, 13.559},
		{64, 30, 11, 11.473},
		{32, 15, 11, 11.473}, // the same density in half the sentences
		{0, 10, 3, 3.129},
	} {
		got := SMOG(c.poly, c.sentences)
		if !near(got, c.precise, 0.001) {
			t.Errorf("SMOG(%d, %d) = %.3f; want %.3f", c.poly, c.sentences, got, c.precise)
		}
		if !near(got, c.approx, 1) {
			t.Errorf("SMOG(%d, %d) = %.3f: more than a grade from McLaughlin's quick rule %v", c.poly, c.sentences, got, c.approx)
		}
	}
	if SMOG(5, 0) != 0 || FleschKincaid(0, 0, 0) != 0 {
		t.Error("a text without sentences must grade 0")
	}
}

func TestSyllables(t *testing.T) {
	for _, c := range []struct {
		word string
		want int
	}{
		// The platypus example's words, as the article's total requires.
		{"The", 1}, {"Australian", 3}, {"platypus", 3}, {"seemingly", 3}, {"hybrid", 2},
		{"mammal", 2}, {"reptilian", 3}, {"creature", 2},
		// Endings.
		{"table", 2}, {"syndrome", 2}, {"disease", 2}, {"diseases", 3}, {"causes", 2},
		{"caused", 1},
		{"created", 2}, // spoken cre-at-ed, 3: the rule reads "ea" as one vowel, a known limit (docs/CONCEPTS.md)
		{"free", 1}, {"times", 1}, {"yes", 1},
		// Hyphens, apostrophes, numerals, punctuation.
		{"well-known", 2}, {"don't", 1}, {"12", 2}, {"2024", 3}, {"-", 0},
		{"medication", 4}, {"treatment", 2}, {"symptoms", 2},
	} {
		if got := Syllables(c.word); got != c.want {
			t.Errorf("Syllables(%q) = %d; want %d", c.word, got, c.want)
		}
	}
}

func TestSentences(t *testing.T) {
	for _, c := range []struct {
		text string
		want int
	}{
		{"One. Two! Three?", 3},
		{"Take it e.g. with food. Ask Dr. Smith.", 2},
		{"It costs 3.5 dollars. Yes.", 2},
		{"Symptoms include:\n- fever\n- cough", 3},
		{"", 0},
		{"   \n\n", 0},
	} {
		if got := len(Sentences(c.text)); got != c.want {
			t.Errorf("Sentences(%q): %d; want %d (%q)", c.text, got, c.want, Sentences(c.text))
		}
	}
}

func TestMeasureNeedsEnoughWords(t *testing.T) {
	if _, ok := Measure(platypus); ok {
		t.Error("a 13-word text was graded; MinWords is 20")
	}
	long := platypus + " " + platypus
	s, ok := Measure(long)
	if !ok || s.Words != 26 || !near(s.Grade, 11.3, 0.05) {
		t.Errorf("two platypus sentences: %+v, %v", s, ok)
	}
	if s.Polysyllables != 8 {
		t.Errorf("polysyllables %d; want 8 (Australian, platypus, seemingly, reptilian, twice)", s.Polysyllables)
	}
}

func TestLabel(t *testing.T) {
	for _, c := range []struct {
		grade float64
		want  string
	}{{9.4, "about grade 9"}, {8.5, "about grade 9"}, {12, "about grade 12"}, {0.2, "very easy"}, {-3, "very easy"}, {17, "college graduate"}, {10, "about grade 10"}} {
		if got := Label(c.grade); got != c.want {
			t.Errorf("Label(%v) = %q; want %q", c.grade, got, c.want)
		}
	}
}

// TestASCIIPathAgrees: the allocation-free path for ASCII words gives
// what the general one gives, word for word, over the worked examples
// and a sample of medical prose shapes.
func TestASCIIPathAgrees(t *testing.T) {
	text := platypus + " Diseases, causes, created, seemed, table, syndrome, free, yes, 12, 2024, don't, " +
		"hypercholesterolemia, Ehlers, IgE, MRI, x, the, a, ACE, anemia, aneurysm, people, queue, rhythm, you're"
	for _, w := range Words(text) {
		if strings.Contains(w, "-") {
			continue
		}
		fast, ok := asciiSyllables(w)
		if !ok {
			t.Fatalf("%q: the ASCII path declined an ASCII word", w)
		}
		if slow := runeSyllables(w); fast != slow {
			t.Errorf("%q: ASCII path %d, general path %d", w, fast, slow)
		}
	}
	if _, ok := asciiSyllables("Sjögren"); ok {
		t.Error("the ASCII path took a non-ASCII word")
	}
}
