package search

import (
	"strings"
	"sync"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// words splits text into lower-case words of letters and digits.
// Apostrophes inside a word are dropped ("parkinson's" → "parkinsons"
// → stemmed like "parkinson"); every other character separates. A word
// already in lower-case ASCII is a slice of text, not a copy: indexing
// splits millions of words, and most are.
func words(text string) []string {
	return appendWords(make([]string, 0, len(text)/5), text)
}

// appendWords appends the words of text to out, so that indexing can
// reuse one slice for every text.
func appendWords(out []string, text string) []string {
	for i := 0; i < len(text); {
		c := text[i]
		if c >= 0x80 {
			j := runEnd(text, i)
			out = append(out, slowWords(text[i:j])...)
			i = j
			continue
		}
		if !isWordByte(c) {
			i++
			continue
		}
		j, plain := i, true
		for j < len(text) && text[j] < 0x80 && (isWordByte(text[j]) || text[j] == '\'' && j+1 < len(text) && isWordByte(text[j+1])) {
			if text[j] == '\'' || text[j] >= 'A' && text[j] <= 'Z' {
				plain = false
			}
			j++
		}
		if j < len(text) && (text[j] >= 0x80 || text[j] == '\'' && apostrophesInWord(text, j)) {
			// A word running into non-ASCII letters, or into apostrophes
			// the loop stops at ("0''0"): the careful path.
			k := runEnd(text, j)
			out = append(out, slowWords(text[i:k])...)
			i = k
			continue
		}
		if plain {
			out = append(out, text[i:j])
		} else {
			out = append(out, slowWords(text[i:j])...)
		}
		i = j
	}
	return out
}

// runEnd is where a run of word bytes, non-ASCII bytes and apostrophes
// starting at i ends; slowWords splits it properly (an apostrophe never
// separates there, so the run may hold any number of them).
func runEnd(text string, i int) int {
	j := i
	for j < len(text) && (text[j] >= 0x80 || isWordByte(text[j]) || text[j] == '\'') {
		j++
	}
	return j
}

// apostrophesInWord reports whether the apostrophes at j go on into more
// of the word (a word byte or a non-ASCII letter), as in "a'’b" or two
// ASCII apostrophes between digits, where they are dropped rather than
// separating.
func apostrophesInWord(text string, j int) bool {
	for j < len(text) && text[j] == '\'' {
		j++
	}
	return j < len(text) && (text[j] >= 0x80 || isWordByte(text[j]))
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// slowWords is words for any text, rune by rune.
func slowWords(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(foldRune(r)))
		case r == '\'' || r == '’':
		default:
			flush()
		}
	}
	flush()
	return out
}

// foldRune maps the accented letters of medical eponyms to ASCII, so
// "Ménière" and "Meniere" are one word.
func foldRune(r rune) rune {
	if r < 128 {
		return r
	}
	if f, ok := accentFold[r]; ok {
		return f
	}
	return r
}

var accentFold = func() map[rune]rune {
	m := map[rune]rune{}
	for _, pair := range []string{"áàâäãåa", "éèêëe", "íìîïi", "óòôöõo", "úùûüu", "çc", "ñn", "ÁÀÂÄÃÅA", "ÉÈÊËE", "ÍÌÎÏI", "ÓÒÔÖÕO", "ÚÙÛÜU", "ÇC", "ÑN"} {
		rs := []rune(pair)
		for _, r := range rs[:len(rs)-1] {
			m[r] = rs[len(rs)-1]
		}
	}
	return m
}()

// stemmer caches Snowball stems: the vocabulary is small next to the
// number of words indexed, and stemming is the costly step.
type stemmer struct {
	mu    sync.RWMutex
	cache map[string]string
}

func newStemmer() *stemmer { return &stemmer{cache: map[string]string{}} }

func (s *stemmer) stem(w string) string {
	s.mu.RLock()
	st, ok := s.cache[w]
	s.mu.RUnlock()
	if ok {
		return st
	}
	st = english.Stem(w, true)
	s.mu.Lock()
	if len(s.cache) < 1<<20 { // hostile queries must not grow it without end
		s.cache[w] = st
	}
	s.mu.Unlock()
	return st
}

// terms are the index terms of text: words that are not stop words,
// stemmed.
func (s *stemmer) terms(text string) []string {
	ws := words(text)
	out := ws[:0]
	for _, w := range ws {
		if !stopWords[w] {
			out = append(out, s.stem(w))
		}
	}
	return out
}

// stopWords are common English function words, plus the filler of
// consumer messages ("hi", "thanks", "please"). Words that carry a
// question's intent ("cause", "treat", "symptoms") are kept: they match
// the question titles. The digest keeps its own list for another job
// (internal/digest/words.go: the words that never count in a point's key,
// where "no" and "not" must count); the two differ on purpose.
var stopWords = setOf(`a about above after again against all am an and any are aren as at be because been before
being below between both but by can cannot could couldn did didn do does doesn doing don down during each
few for from further had hadn has hasn have haven having he her here hers herself him himself his how i if in
into is isn it its itself just let me more most mustn my myself no nor not now of off on once only or other
ought our ours ourselves out over own same shan she should shouldn so some such than that the their theirs
them themselves then there these they this those through to too under until up very was wasn we were weren
what when where which while who whom why will with won would wouldn you your yours yourself yourselves
s t d ll m re ve y also get got would like know want need please thanks thank hi hello dear sir madam regards
im ive id dont doesnt cant wont isnt arent wasnt didnt`)

func setOf(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}
