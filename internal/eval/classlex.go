package eval

import (
	"strings"

	"healthqa/internal/search"
)

// The detectors' numbers, stated here and in docs/ARCHITECTURE.md; each
// is chosen on general grounds, none by counting dev questions.
const (
	// maxNameWords bounds the names matched (longer synonyms are
	// catalogue entries nobody types), as the engine does.
	maxNameWords = 8
	// partialMaxNames: a word that distinguishes a topic appears in at
	// most this many names and synonyms; "type", "chronic" or "cancer"
	// appear in hundreds.
	partialMaxNames = 10
	// drugMaxNames: a word of more drug names than this is a dosage form
	// or salt ("injection" 263, "topical" 62, "sodium" 14 in MedQuAD),
	// not a drug.
	drugMaxNames = 10
	// misspeltMinLetters: shorter words are too often codes, units or
	// chat ("lol") to call misspelt.
	misspeltMinLetters = 4
	// A long message: more sentences or words than this (the message
	// alone, not the subject). An NLM summary of a LiveQA question is one
	// sentence of a dozen or two words; a message four times that
	// carries several questions or a story around one.
	longSentences = 4
	longWords     = 80
	// commonAnswerShare: without a dictionary, a word used by more than
	// this share of the answers is everyday wording, not a term that
	// tells topics apart.
	commonAnswerShare = 0.01
)

// drugSource is the MedQuAD source whose topics are drugs.
const drugSource = "MPlusDrugs"

// classLexicon is what the detectors know from the corpus: topic names
// and synonyms as word sequences, their proper parts, the drug names,
// and every word the corpus uses.
type classLexicon struct {
	names    map[string]nameInfo // name key ("restless leg syndrome") → what it is
	parts    map[string]int      // key of a contiguous proper part of names → names it is part of
	nameFreq map[string]int      // word key → distinct names using it
	drugWord map[string]bool     // words that name a drug on their own
	vocab    map[string]bool     // every lower-case word of the corpus
	answerDF map[string]int      // word → answers with text using it
	answers  int                 // answers with text
	maxLen   int
}

type nameInfo struct {
	// acronym: written only as a code, so a message must write it in
	// capitals ("ALL").
	acronym bool
	drug    bool
}

// newClassLexicon reads the names, synonyms and words of the documents.
func newClassLexicon(docs []search.Document) *classLexicon {
	l := &classLexicon{names: map[string]nameInfo{}, parts: map[string]int{}, nameFreq: map[string]int{},
		drugWord: map[string]bool{}, vocab: map[string]bool{}, answerDF: map[string]int{}}
	drugTopics := map[string]bool{}
	for _, d := range docs {
		if d.SourceKey == drugSource {
			drugTopics[d.Topic] = true
		}
	}
	full := map[string]bool{} // keys also written as a full name
	seenTopic := map[string]bool{}
	for _, d := range docs {
		for _, text := range []string{d.Title, d.SourceQuestion} {
			l.addVocab(text)
		}
		l.addAnswer(d.Answer)
		if seenTopic[d.Topic] {
			continue
		}
		seenTopic[d.Topic] = true
		for _, name := range append([]string{d.Topic}, d.Synonyms...) {
			l.addVocab(name)
			l.addName(name, drugTopics[d.Topic], full)
		}
	}
	for k, info := range l.names {
		if info.acronym && full[k] {
			info.acronym = false
			l.names[k] = info
		}
	}
	l.findDrugWords()
	return l
}

func (l *classLexicon) addVocab(text string) {
	for _, t := range tokenize(text) {
		l.vocab[t.lower] = true
	}
}

func (l *classLexicon) addAnswer(text string) {
	if text == "" {
		return
	}
	l.answers++
	seen := map[string]bool{}
	for _, t := range tokenize(text) {
		l.vocab[t.lower] = true
		if !seen[t.lower] {
			seen[t.lower] = true
			l.answerDF[t.lower]++
		}
	}
}

func (l *classLexicon) addName(name string, drug bool, full map[string]bool) {
	toks := tokenize(name)
	if len(toks) == 0 || len(toks) > maxNameWords {
		return
	}
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = t.key
	}
	key := strings.Join(keys, " ")
	info, known := l.names[key]
	if !known {
		info.acronym = true
		l.countWords(keys)
	}
	if !isAcronym(name) {
		full[key] = true // an acronym key written in full elsewhere matches in any case
	}
	info.drug = info.drug || drug
	l.names[key] = info
	l.maxLen = max(l.maxLen, len(keys))
}

// countWords counts, for a new name, each distinct word in nameFreq and
// each distinct contiguous proper part in parts.
func (l *classLexicon) countWords(keys []string) {
	seen := map[string]bool{}
	for n := 1; n < len(keys); n++ {
		for i := 0; i+n <= len(keys); i++ {
			part := strings.Join(keys[i:i+n], " ")
			if !seen[part] {
				seen[part] = true
				l.parts[part]++
			}
		}
	}
	for _, k := range keys {
		if !seen[" "+k] {
			seen[" "+k] = true
			l.nameFreq[k]++
		}
	}
}

// findDrugWords: a word of a drug's name names a drug alone when it is
// not a stop word, has four letters or more, is in at most drugMaxNames
// drug names (dosage forms and salts are in more) and in no more
// non-drug names than drug names ("human", "beta" and "complex" mostly
// name other things).
func (l *classLexicon) findDrugWords() {
	inDrug, inOther := map[string]int{}, map[string]int{}
	for key, info := range l.names {
		seen := map[string]bool{}
		for _, w := range strings.Fields(key) {
			if seen[w] {
				continue
			}
			seen[w] = true
			if info.drug {
				inDrug[w]++
			} else {
				inOther[w]++
			}
		}
	}
	for w, n := range inDrug {
		if len(w) >= 4 && !stopWord(w) && !allDigits(w) && n <= drugMaxNames && inOther[w] <= n {
			l.drugWord[w] = true
		}
	}
}

func allDigits(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// nameSpan is a run of message words [from, to) that is a name.
type nameSpan struct {
	from, to int
	key      string
}

// fullNames finds every run of the message's words that is a topic name
// or synonym. A name of stop words only never matches; an acronym
// matches only when written in capitals in a message that does not
// shout.
func (l *classLexicon) fullNames(toks []token) []nameSpan {
	loud := shouted(toks)
	var out []nameSpan
	for i := range toks {
		for n := 1; n <= min(l.maxLen, len(toks)-i); n++ {
			key := joinKeys(toks[i : i+n])
			info, ok := l.names[key]
			if !ok || allStop(toks[i:i+n]) && !(n == 1 && capitals(toks[i].raw) && !loud) {
				continue
			}
			if info.acronym && (n > 1 || !capitals(toks[i].raw) || loud) {
				continue
			}
			out = append(out, nameSpan{i, i + n, key})
		}
	}
	return out
}

func joinKeys(toks []token) string {
	ks := make([]string, len(toks))
	for i, t := range toks {
		ks[i] = t.key
	}
	return strings.Join(ks, " ")
}

func allStop(toks []token) bool {
	for _, t := range toks {
		if !stopWord(t.lower) {
			return false
		}
	}
	return true
}

// covered: the run [from, to) lies inside one of the spans.
func covered(spans []nameSpan, from, to int) bool {
	for _, s := range spans {
		if s.from <= from && to <= s.to {
			return true
		}
	}
	return false
}

// answerShare is the share of the answers with text that use w.
func (l *classLexicon) answerShare(w string) float64 {
	if l.answers == 0 {
		return 0
	}
	return float64(l.answerDF[w]) / float64(l.answers)
}
