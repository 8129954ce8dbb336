// Package abbrev finds the abbreviations a text defines, by the
// algorithm of Schwartz and Hearst ("A simple algorithm for identifying
// abbreviation definitions in biomedical text", Pacific Symposium on
// Biocomputing 2003).
//
// A definition is a long form and its short form side by side, one in
// parentheses: "chronic inflammatory demyelinating polyneuropathy
// (CIDP)" or, less often, "CIDP (chronic inflammatory demyelinating
// polyneuropathy)". The long form is found by matching the short form's
// letters and digits from its end backwards through the words before
// the parenthesis: each character must occur in the long form in the
// same order, and the first must begin a word. Of the candidates that
// satisfy this, the shortest is taken, which is what the backward
// search finds first.
//
// The package follows the paper and the authors' reference program
// (ExtractAbbrev.java) in its rules; where it adds one, the comment
// says so.
package abbrev

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"healthqa/internal/model"
)

// Pair is one definition: the short form and the long form as the text
// writes them.
type Pair struct {
	Short string
	Long  string
}

// MaxShort is the longest short form in letters and digits: the
// paper's bound (longer ones are words, not abbreviations).
const MaxShort = 10

// Of returns the definitions an answer's text states, each kept with
// the answer: what an import stores and what the search index reads of
// a contributor answer it takes in before the next import stores them.
func Of(answerKey, text string) []model.Abbreviation {
	var out []model.Abbreviation
	for _, p := range Find(text) {
		out = append(out, model.Abbreviation{AnswerKey: answerKey, Short: p.Short, Long: p.Long})
	}
	return out
}

// Find returns the definitions in text, in the order of their
// parentheses, each distinct pair once.
func Find(text string) []Pair {
	var out []Pair
	for from := 0; ; {
		i := strings.IndexByte(text[from:], '(')
		if i < 0 {
			return out
		}
		open := from + i
		end := closing(text, open)
		if end < 0 {
			from = open + 1
			continue
		}
		if p, ok := definition(sentenceBefore(text, open), text[open+1:end]); ok && !contains(out, p) {
			out = append(out, p)
		}
		from = open + 1
	}
}

func contains(ps []Pair, p Pair) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// closing finds the parenthesis that closes the one at open, within the
// sentence; -1 if there is none or another opens first (a nested
// parenthesis is not a definition the algorithm reads).
func closing(text string, open int) int {
	for j := open + 1; j < len(text); j++ {
		switch text[j] {
		case ')':
			return j
		case '(', '\n':
			return -1
		}
	}
	return -1
}

// sentenceBefore is the part of the sentence before position open: the
// long form never reaches back past a sentence's end. A sentence ends
// at '.', '!' or '?' before a space, or at a line break. Ours, not the
// paper's: nor does it reach back past another parenthesis, whose words
// belong to another definition or aside ("benign (not cancer) or
// malignant (cancer)" would otherwise pair "cancer" with "cancer) or
// malignant", and a list of drugs with their brands in parentheses pairs
// a brand with half the list).
func sentenceBefore(text string, open int) string {
	start := 0
	for j := open - 1; j > 0; j-- {
		if text[j] == '\n' || text[j] == '(' || text[j] == ')' {
			start = j + 1
			break
		}
		if isSpace(text[j]) && (text[j-1] == '.' || text[j-1] == '!' || text[j-1] == '?') {
			start = j + 1
			break
		}
	}
	return text[start:open]
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// definition reads one parenthesis: before is the sentence up to it,
// inside its content.
func definition(before, inside string) (Pair, bool) {
	// The reference program keeps what precedes a comma or semicolon
	// inside the parenthesis: "(CIDP; also called ...)".
	if k := strings.Index(inside, ", "); k >= 0 {
		inside = inside[:k]
	}
	if k := strings.Index(inside, "; "); k >= 0 {
		inside = inside[:k]
	}
	short, long := strings.TrimSpace(inside), strings.TrimRightFunc(before, unicode.IsSpace)
	if len(strings.Fields(short)) > 2 || len(short) > len(long) {
		// "SF (long form)": the short form is the word before the
		// parenthesis.
		fields := strings.Fields(long)
		if len(fields) == 0 {
			return Pair{}, false
		}
		short, long = trimPunct(fields[len(fields)-1]), short
	}
	return pair(short, long)
}

// trimPunct removes punctuation around a word ("CIDP," → "CIDP").
func trimPunct(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// pair checks a candidate short form and finds its long form in the
// words of candidate.
func pair(short, candidate string) (Pair, bool) {
	n := alnum(short)
	if n < 2 || n > MaxShort || !validShort(short) || !hasUpper(short) {
		return Pair{}, false
	}
	// At most min(|A|+5, 2|A|) words of the candidate (|A| is the short
	// form's letters and digits), counting hyphenated parts as words.
	window := lastWords(candidate, min(n+5, 2*n))
	long, ok := bestLongForm(short, window)
	if !ok {
		return Pair{}, false
	}
	long = trimPunct(long)
	if !acceptable(short, long) {
		return Pair{}, false
	}
	return Pair{Short: short, Long: long}, true
}

// validShort: the short form holds a letter and starts with a letter or
// digit (the paper's rules). pair adds one of ours: it holds a capital
// letter. A word in lower case in parentheses is, in consumer health
// text, nearly always the lay or technical word for the phrase before it
// ("a lack of fatty (adipose) tissue"), which the backward match pairs
// with whatever words happen to hold its letters; the few real
// abbreviations in lower case ("mg", "echo") are lost with them.
func validShort(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return false
	}
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// acceptable applies the reference program's last checks: the long form
// is longer than the short form, does not contain it as a word and does
// not end with it, and is within the word bound.
func acceptable(short, long string) bool {
	if len(long) <= len(short) {
		return false
	}
	// The reference program refuses a long form holding the short form
	// followed by a space, or ending with it; ours refuses it anywhere as
	// a word ("Medicaid, you can call ... (Medicaid)").
	if hasWord(strings.ToLower(long), strings.ToLower(short)) {
		return false
	}
	n := alnum(short)
	return wordCount(long) <= min(n+5, 2*n)
}

// hasWord reports whether w occurs in s between non-alphanumeric
// characters or the ends.
func hasWord(s, w string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if (i == 0 || !isAlnum(before)) && (i+len(w) == len(s) || !isAlnum(after)) {
			return true
		}
		from = i + 1
	}
}

// bestLongForm is the reference program's findBestLongForm: each letter
// or digit of the short form, from the last, is matched leftwards in
// candidate, case folded; the first (validShort makes it a letter or
// digit) must also begin a word. It returns
// candidate from the start of the word where the first matched.
func bestLongForm(short, candidate string) (string, bool) {
	s, c := []rune(short), []rune(candidate)
	li := len(c) - 1
	for si := len(s) - 1; si >= 0; si-- {
		ch := unicode.ToLower(s[si])
		if !isAlnum(ch) {
			continue
		}
		for li >= 0 && (unicode.ToLower(c[li]) != ch || si == 0 && li > 0 && isAlnum(c[li-1])) {
			li--
		}
		if li < 0 {
			return "", false
		}
		li--
	}
	// From the start of the word the first character was matched in.
	start := li + 1
	for start > 0 && !unicode.IsSpace(c[start-1]) {
		start--
	}
	return string(c[start:]), true
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func alnum(s string) int {
	n := 0
	for _, r := range s {
		if isAlnum(r) {
			n++
		}
	}
	return n
}

func hasUpper(s string) bool { return strings.IndexFunc(s, unicode.IsUpper) >= 0 }

// wordSep separates words for the bound: white space and hyphens, as
// the reference program's tokenizer.
func wordSep(r rune) bool { return unicode.IsSpace(r) || r == '-' }

func wordCount(s string) int { return len(strings.FieldsFunc(s, wordSep)) }

// lastWords is the end of s holding its last n words (a hyphen
// separating words as a space does).
func lastWords(s string, n int) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	count, inWord := 0, false
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if wordSep(r) {
			if inWord {
				count++
				if count == n {
					return s[i:]
				}
			}
			inWord = false
		} else {
			inWord = true
		}
		i -= size
	}
	return s
}
