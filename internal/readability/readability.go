// Package readability measures how hard an answer is to read: the
// Flesch–Kincaid grade level and McLaughlin's SMOG grade, both from
// counts of words, sentences and syllables.
//
// Syllables are counted by rule, not from a pronouncing dictionary: runs
// of vowel letters, less a silent final "e" and the "-es"/"-ed" endings
// that add no syllable. The tests check the rule against the worked
// examples the formulas' own literature publishes. Grades are estimates
// for English prose; a list of short items reads easier than its grade.
package readability

import (
	"math"

	"healthqa/internal/model"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Scores are one text's counts and grades.
type Scores struct {
	Words         int `json:"words"`
	Sentences     int `json:"sentences"`
	Syllables     int `json:"syllables"`
	Polysyllables int `json:"polysyllables"` // words of three syllables or more
	// Grade is the Flesch–Kincaid grade level (Kincaid et al. 1975):
	// 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
	Grade float64 `json:"grade"`
	// SMOG is McLaughlin's (1969) grade, generalized to any number of
	// sentences: 1.0430 × √(polysyllables × 30 / sentences) + 3.1291.
	SMOG float64 `json:"smog"`
}

// MinWords is the shortest text Measure grades: below it the formulas,
// made for passages, say more about chance than about the text.
const MinWords = 20

// HardGrade is the grade above which an answer is marked for reviewers:
// beyond high school, where MedlinePlus aims at grades 6–8.
const HardGrade = 12

// Measure counts text's words, sentences and syllables and grades it;
// ok is false when the text has fewer than MinWords words.
func Measure(text string) (s Scores, ok bool) {
	s = Count(text)
	return s, s.Words >= MinWords
}

// Of grades an answer's text as it is stored: nil when the text is too
// short to grade (or empty).
func Of(text string) *model.Readability {
	s, ok := Measure(text)
	if !ok {
		return nil
	}
	return &model.Readability{Grade: s.Grade, SMOG: s.SMOG}
}

// Count counts and grades text whatever its length (a text without
// words grades 0).
func Count(text string) Scores {
	var s Scores
	for _, sentence := range Sentences(text) {
		n := 0
		for _, w := range Words(sentence) {
			syl := Syllables(w)
			if syl == 0 {
				continue // a lone hyphen or apostrophe
			}
			s.Syllables += syl
			if syl >= 3 {
				s.Polysyllables++
			}
			n++
		}
		if n > 0 {
			s.Words += n
			s.Sentences++
		}
	}
	s.Grade = FleschKincaid(s.Words, s.Sentences, s.Syllables)
	s.SMOG = SMOG(s.Polysyllables, s.Sentences)
	return s
}

// FleschKincaid is the grade-level formula; 0 without words.
func FleschKincaid(words, sentences, syllables int) float64 {
	if words == 0 || sentences == 0 {
		return 0
	}
	return 0.39*float64(words)/float64(sentences) + 11.8*float64(syllables)/float64(words) - 15.59
}

// ReadingEase is Flesch's (1948) reading ease, 206.835 − 1.015 × words
// per sentence − 84.6 × syllables per word: not stored, but the worked
// examples quote it, so the tests check it too.
func ReadingEase(words, sentences, syllables int) float64 {
	if words == 0 || sentences == 0 {
		return 0
	}
	return 206.835 - 1.015*float64(words)/float64(sentences) - 84.6*float64(syllables)/float64(words)
}

// SMOG is McLaughlin's formula; 0 without sentences.
func SMOG(polysyllables, sentences int) float64 {
	if sentences == 0 {
		return 0
	}
	return 1.0430*math.Sqrt(float64(polysyllables)*30/float64(sentences)) + 3.1291
}

// Label is the plain wording of a grade for readers: "about grade 9";
// below grade 1 "very easy", above 16 "college graduate".
func Label(grade float64) string {
	g := int(math.Round(grade))
	switch {
	case g < 1:
		return "very easy"
	case g > 16:
		return "college graduate"
	default:
		return "about grade " + itoa(g)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// abbreviations end in a period that does not end a sentence.
var abbreviations = map[string]bool{
	"e.g": true, "i.e": true, "dr": true, "mr": true, "mrs": true, "ms": true, "vs": true,
	"etc": true, "st": true, "no": true, "fig": true, "approx": true, "u.s": true, "jr": true, "sr": true,
}

// Sentences splits text at ".", "!" and "?" followed by a space or the
// end, and at line breaks: answers hold lists whose items end without a
// period, and each item reads as a sentence. A period after a known
// abbreviation ("e.g.", "Dr.") or between digits does not split.
func Sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		start := 0
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c != '.' && c != '!' && c != '?' {
				continue
			}
			if i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' && line[i+1] != '"' && line[i+1] != ')' {
				continue
			}
			if c == '.' && abbreviations[strings.ToLower(lastToken(line[start:i]))] {
				continue
			}
			out = appendSentence(out, line[start:i+1])
			start = i + 1
		}
		out = appendSentence(out, line[start:])
	}
	return out
}

func appendSentence(out []string, s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		return append(out, s)
	}
	return out
}

func lastToken(s string) string {
	if i := strings.LastIndexAny(s, " \t(\"'"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// Words are the runs of letters and digits, with apostrophes and
// hyphens inside them kept ("don't", "well-known" are one word each, as
// McLaughlin counts hyphenated words).
func Words(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return !wordRune(r) })
}

// wordRune reports a rune that belongs to a word; ASCII is decided
// without the Unicode tables, which cost a third of grading otherwise.
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '\'' || r == '-'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '’'
}
