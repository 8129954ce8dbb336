package search

import (
	"math"
	"slices"
	"strings"
	"sync"
)

// speller corrects a misspelled word of a message to the corpus word it
// most likely stands for: a word of the topic names, synonyms, questions
// or answers the index holds, since only those help find answers.
//
// A word is left alone when the corpus uses it, or when it is a real
// word of the Hunspell lists (Dictionaries): a word being rare in
// MedQuAD does not make it a misspelling. Otherwise the candidates are
// the corpus words within an edit budget that grows with the word's
// length (spellCost, in quarters of an edit: one edit for a word of four
// or five letters, one and a half up to eight, two beyond), found
// through their phonetic keys (phoneticKey); agreeing in sound takes
// half an edit off. Of the candidates the one chosen maximizes the
// noisy channel's estimate P(typed | meant)·P(meant): for P(meant), how
// many entries use the word's family (the words sharing its stem: a
// reader who writes "migranes" means the migraines the corpus speaks of
// in every form, not the rarer "migrans" as near), and for P(typed |
// meant) a fixed chance of 1/100 per edit (the order of magnitude
// Kernighan, Church and Gale's 1990 channel model gives for one error),
// so half an edit weighs as much as ten times the entries. The constant
// is chosen on those general grounds, not fitted to questions.
//
// The corpus's words are the index's own: the stemmer has seen every
// word indexed, and the postings say how many entries use each stem. So
// the speller costs no pass over the text (building it takes a few
// percent of an index build, BENCHMARKS.md).
type speller struct {
	corpus map[string]bool    // the corpus's words (letters only)
	cands  []spellCand        // the words a correction may give, in word order
	near   map[string][]int32 // phonetic key, and each key with one letter deleted → cands
	// lists gives the Hunspell lists (nil without them), read on the
	// first word the corpus does not know: a message of corpus words
	// never waits for them.
	lists func() *wordList
	lex   *lexicon
}

// spellCand is a corpus word that a correction may give.
type spellCand struct {
	word string
	freq int32 // entries using a word of its stem
	key  string
}

// Correction limits, in quarters of an edit (spell_cost.go).
const (
	shortLimit = 4 // words of 4–5 letters: one edit
	midLimit   = 6 // 6–8 letters
	longLimit  = 8 // 9 and more
	// soundBonus comes off the cost of a candidate that sounds alike.
	soundBonus = 2
	// quartersPerDecade converts cost to log10 probability: 1/100 per
	// edit is two decades per four quarters.
	quartersPerDecade = 2
	// minSpellLen: shorter words are too often codes and abbreviations.
	minSpellLen = 4
)

func spellLimit(n int) int {
	switch {
	case n <= 5:
		return shortLimit
	case n <= 8:
		return midLimit
	}
	return longLimit
}

// spellHolder builds an index's speller on first need and shares it
// with the indexes WithParams makes.
type spellHolder struct {
	once sync.Once
	s    *speller
	// from and added, for an index WithContributors made: the earlier
	// index's speller and the documents added to it (newSpellerAfter).
	from  *speller
	added []Document
}

// spelling is the index's speller, built on first use.
func (ix *Index) spelling() *speller {
	ix.spell.once.Do(func() {
		if h := ix.spell; h.from != nil {
			ix.spell.s = newSpellerAfter(ix, h.from, h.added)
			return
		}
		ix.spell.s = newSpeller(ix, knownWords)
	})
	return ix.spell.s
}

// PrepareSpelling builds the speller and reads the word lists now
// rather than on the first message that needs them: a server calls it
// while it builds an index in the background, so that no reader waits.
func (ix *Index) PrepareSpelling() {
	ix.spelling()
	knownWords()
}

// newSpeller builds the speller of an index, taking the words of the
// lists lists gives (nil: none) as known. It runs before the index stems any message's words
// (Understand corrects first; servers call PrepareSpelling before
// publishing an index), so the stemmer's words are the corpus's; and a
// word whose stem no entry uses is left out in any case.
func newSpeller(ix *Index, lists func() *wordList) *speller {
	ix.stem.mu.RLock()
	defer ix.stem.mu.RUnlock()
	return buildSpeller(ix, lists, func(yield func(w, st string)) {
		for w, st := range ix.stem.cache {
			yield(w, st)
		}
	})
}

// newSpellerAfter builds the speller of an index WithContributors made
// from one whose speller is from: its words, and those of the documents
// added, each kept while some entry still uses its stem. The stemmer,
// shared with the earlier index, has by now stemmed readers' messages
// too, so its words are no longer only the corpus's.
func newSpellerAfter(ix *Index, from *speller, added []Document) *speller {
	return buildSpeller(ix, from.lists, func(yield func(w, st string)) {
		for w := range from.corpus {
			yield(w, ix.stem.stem(w))
		}
		var words []string
		for _, d := range added {
			for _, text := range append([]string{d.Title, d.SourceQuestion, d.Topic, d.Answer}, d.Synonyms...) {
				words = appendWords(words[:0], text)
				for _, w := range words {
					yield(w, ix.stem.stem(w))
				}
			}
		}
	})
}

// buildSpeller makes a speller of the words each gives, with their stems.
func buildSpeller(ix *Index, lists func() *wordList, each func(yield func(w, st string))) *speller {
	s := &speller{corpus: map[string]bool{}, near: map[string][]int32{}, lists: lists, lex: ix.lex}
	each(func(w, st string) {
		df := len(ix.postings[st])
		if df == 0 || !isLetters(w) || s.corpus[w] {
			return
		}
		s.corpus[w] = true
		if s.target(w, df) {
			s.cands = append(s.cands, spellCand{word: w, freq: int32(df)})
		}
	})
	// Function words are not indexed, yet a reader misspells them too
	// ("wich"): they count as used by every entry, which they about are.
	for w := range stopWords {
		if len(w) >= minSpellLen-1 && !s.corpus[w] {
			s.corpus[w] = true
			s.cands = append(s.cands, spellCand{word: w, freq: int32(len(ix.docs))})
		}
	}
	// Word order, so that equal scores always fall the same way.
	slices.SortFunc(s.cands, func(a, b spellCand) int { return strings.Compare(a.word, b.word) })
	for i := range s.cands {
		c := &s.cands[i]
		c.key = phoneticKey(c.word)
		s.near[c.key] = append(s.near[c.key], int32(i))
		forDeletes(c.key, func(k string) { s.near[k] = append(s.near[k], int32(i)) })
	}
	return s
}

// target: a corpus word a correction may give. A family of words only
// one entry uses is more often a slip or a code than what a reader
// meant, unless a topic name uses it.
func (s *speller) target(w string, df int) bool {
	if len(w) < minSpellLen-1 || len(w) > maxSpellLen {
		return false
	}
	return df >= 2 || s.lex.vocab[singular(w)] > 0
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// maxSpellTries bounds the unknown words of one message the speller
// looks for: a message with more of them is a list or noise rather than
// a misspelled question, and each search costs tens of microseconds.
const maxSpellTries = 16

// correctAll returns the words of a message in lower case, corrected
// where the speller knows better; raw keeps the message's case. A word
// repeated is looked for once.
func (s *speller) correctAll(raw []string) []string {
	out := make([]string, len(raw))
	loud := shouting(raw)
	found := map[string]string{}
	for i, w := range raw {
		lw := strings.ToLower(string(mapFold(w)))
		out[i] = lw
		if !s.unknown(lw, w, loud) {
			continue
		}
		c, done := found[lw]
		if !done && len(found) < maxSpellTries {
			c = s.find(lw)
			found[lw] = c
		}
		if c != "" {
			out[i] = c
		}
	}
	return out
}

// known: the corpus or the word lists know w; caps says the message
// wrote it in capitals, which the lists' acronyms need.
func (s *speller) known(w string, caps bool) bool {
	if s.corpus[w] || s.lex.vocab[singular(w)] > 0 {
		return true
	}
	l := s.lists()
	return l != nil && l.has(w, caps)
}

// correct returns the word w (lower case; raw as the message wrote it)
// was meant to be, or false when it is known or nothing is near enough.
func (s *speller) correct(w, raw string, loud bool) (string, bool) {
	if !s.unknown(w, raw, loud) {
		return "", false
	}
	c := s.find(w)
	return c, c != ""
}

// unknown: w is a word the speller should look for. A word in capitals
// in a message that is not all capitals (loud) is an abbreviation, never
// a misspelling; short words and words with digits are left alone.
func (s *speller) unknown(w, raw string, loud bool) bool {
	if len(w) < minSpellLen || len(w) > maxSpellLen || stopWords[w] || !isLetters(w) {
		return false
	}
	caps := strings.ToUpper(raw) == raw
	return !(caps && !loud) && !s.known(w, caps)
}

// find is the best correction of an unknown word, or "".
func (s *speller) find(w string) string {
	b := spellSearch{s: s, w: w, key: phoneticKey(w), limit: spellLimit(len(w)), best: math.Inf(1)}
	b.search()
	return b.word
}

// spellSearch is one word's search for its correction.
type spellSearch struct {
	s     *speller
	w     string
	key   string
	limit int
	word  string
	best  float64 // the best score so far: lower is better
}

// search tries the words whose phonetic key is the word's or one edit
// from it: one key letter more, less or other (a symmetric-delete index
// over the keys, speller.near). Vowels, doubled letters and silent
// letters are not in keys, so this reaches every cheap misspelling, and
// one consonant slip besides, without scanning the vocabulary.
func (b *spellSearch) search() {
	seen := map[int32]bool{}
	// Each edit changes the length by one at most, and costs half an
	// edit at least.
	lo, hi := len(b.w)-(b.limit+soundBonus)/cheapEdit, len(b.w)+(b.limit+soundBonus)/cheapEdit
	try := func(k string) {
		for _, at := range b.s.near[k] {
			if n := len(b.s.cands[at].word); n < lo || n > hi || seen[at] {
				continue
			}
			seen[at] = true
			b.consider(&b.s.cands[at])
		}
	}
	try(b.key)
	if len(b.key) >= minDeleteKey {
		forDeletes(b.key, try)
	}
}

// minDeleteKey: a key of two letters less one is one letter, which a
// good part of the vocabulary shares; such a word is matched on its
// whole key only.
const minDeleteKey = 3

// forDeletes calls f with each distinct string one byte shorter than k.
func forDeletes(k string, f func(string)) {
	for i := 0; i < len(k); i++ {
		if i > 0 && k[i] == k[i-1] {
			continue // the same string as deleting k[i-1]
		}
		f(k[:i] + k[i+1:])
	}
}

func (b *spellSearch) consider(c *spellCand) {
	bonus := 0
	if c.key == b.key && len(b.key) >= 3 {
		bonus = soundBonus
	}
	cost := spellCost(b.w, c.word, b.limit+bonus)
	if cost > b.limit+bonus {
		return
	}
	score := float64(cost-bonus)/quartersPerDecade - math.Log10(float64(c.freq))
	if score > b.best || score == b.best && c.word >= b.word {
		return
	}
	b.word, b.best = c.word, score
}

// maxSpellLen: longer words are codes or run-together text, not typos.
const maxSpellLen = 30
