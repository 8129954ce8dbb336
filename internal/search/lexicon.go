package search

import (
	"slices"
	"strings"
	"unicode"
)

// lexicon knows every topic by its name and synonyms, as word sequences,
// to find the topics a message names.
type lexicon struct {
	topics  []string           // topic names, numbered by position
	number  map[string]int32   // topic name → number
	entries map[string][]int32 // name key → topics
	stemmed map[string]string  // stemmed name key → name key ("menier diseas" → "meniere disease")
	stem    *stemmer
	abbrev  map[string]bool // keys known only as abbreviations ("RLS")
	vocab   map[string]int  // words of names → how many names use them
	maxLen  int             // longest name, in words
	// longest is, per first word of a name key and per first stem of a
	// stemmed key, the most words of such a name: a message's word that
	// starts no name is not looked up at every length (indexStarts).
	longest map[string]int
	// lowerUse counts how often an abbreviation, or an eponym, is written
	// in lower case in the answers, as the ordinary word it then is
	// ("mg", "go", "car"; "heart", "down").
	lowerUse map[string]int
	// eponyms are the words whose lower-case uses lowerUse counts besides
	// the abbreviations (findEponyms).
	eponyms map[string]bool
	// learned are the short forms the answers define, by key
	// (abbreviations.go).
	learned map[string]learnedAbbrev
}

func newLexicon(docs []Document, st *stemmer) *lexicon {
	l := &lexicon{number: map[string]int32{}, entries: map[string][]int32{}, stemmed: map[string]string{}, stem: st,
		abbrev: map[string]bool{}, vocab: map[string]int{}}
	full := map[string]bool{} // keys known from a full name
	for _, d := range docs {
		if _, ok := l.number[d.Topic]; ok {
			continue
		}
		n := int32(len(l.topics))
		l.topics = append(l.topics, d.Topic)
		l.number[d.Topic] = n
		l.addName(d.Topic, n, full)
		for _, s := range d.Synonyms {
			l.addName(s, n, full)
		}
	}
	for k := range l.abbrev {
		if full[k] {
			delete(l.abbrev, k)
		}
	}
	l.addBareNames()
	l.learnAbbreviations(docs)
	l.findEponyms()
	l.countLowerUse(docs)
	l.indexStarts()
	return l
}

// findEponyms fills eponyms: the first words of the two-word names that
// end in a generic head ("parkinson" of "parkinson disease"), the words
// whose possessive may stand for the name (understand.go, eponymAt).
// countLowerUse counts their lower-case uses too: a name's word is
// written with a capital, an ordinary word ("heart", "down") is not.
func (l *lexicon) findEponyms() {
	l.eponyms = map[string]bool{}
	for key := range l.entries {
		if first, head, ok := strings.Cut(key, " "); ok && genericHeads[head] {
			l.eponyms[first] = true
		}
	}
}

// indexStarts fills longest from the name keys and stemmed keys. A first
// word and a first stem share the table: a stem ("diseas") is seldom a
// word, and where it is, longest only allows longer lookups than
// needed.
func (l *lexicon) indexStarts() {
	l.longest = map[string]int{}
	note := func(key string) {
		first, _, _ := strings.Cut(key, " ")
		l.longest[first] = max(l.longest[first], strings.Count(key, " ")+1)
	}
	for key := range l.entries {
		note(key)
	}
	for sk := range l.stemmed {
		note(sk)
	}
}

// longestFrom is the most words of a name that could start with w.
// st is w's stem.
func (l *lexicon) longestFrom(w, st string) int {
	return max(l.longest[w], l.longest[st])
}

func (l *lexicon) countLowerUse(docs []Document) {
	l.lowerUse = map[string]int{}
	for _, d := range docs {
		l.countLowerBy(d.Answer, 1)
	}
}

// countLowerBy adds delta for each abbreviation or eponym written in
// lower case in text (-1 takes an answer's uses out), scanning bytes: it
// runs over every answer when an index is built.
func (l *lexicon) countLowerBy(text string, delta int) {
	for i := 0; i < len(text); {
		if !isWordByte(text[i]) {
			i++
			continue
		}
		j, lower := i, true
		for j < len(text) && isWordByte(text[j]) {
			if text[j] < 'a' || text[j] > 'z' {
				lower = false
			}
			j++
		}
		if lower {
			if k := l.lowerKey(text[i:j]); k != "" {
				if l.lowerUse[k] += delta; l.lowerUse[k] == 0 {
					delete(l.lowerUse, k)
				}
			}
		}
		i = j
	}
}

// lowerKey is the key under which lowerUse counts a lower-case word: an
// eponym as written, an abbreviation or short form as a message's word
// is keyed (singular), so that "kids" in the answers counts against the
// short form "KID" a message's "kid" or "kids" would name; "" for other
// words.
func (l *lexicon) lowerKey(w string) string {
	if l.eponyms[w] {
		return w
	}
	if k := singular(w); len(k) >= 2 && len(k) <= 6 && l.isAbbrev(k) {
		return k
	}
	return ""
}

// isAbbrev: w is a topic's abbreviation or a short form the answers
// define.
func (l *lexicon) isAbbrev(w string) bool {
	_, learned := l.learned[w]
	return l.abbrev[w] || learned
}

func (l *lexicon) addName(name string, topic int32, full map[string]bool) {
	ws := nameWords(name)
	if len(ws) == 0 {
		return
	}
	key := strings.Join(ws, " ")
	if sk := l.stemKey(ws); l.stemmed[sk] == "" {
		l.stemmed[sk] = key
	}
	if !slices.Contains(l.entries[key], topic) {
		l.entries[key] = append(l.entries[key], topic)
	}
	if isAbbreviation(name) {
		l.abbrev[key] = true
	} else {
		full[key] = true
	}
	l.maxLen = min(max(l.maxLen, len(ws)), maxNameWords)
	for _, w := range ws {
		l.vocab[w]++
	}
}

// stemKey is a name's words stemmed, which meets spellings that differ
// only in endings ("meniers" and "menieres").
func (l *lexicon) stemKey(ws []string) string {
	return strings.Join(l.stems(ws), " ")
}

// stems are the words' stems, one for one.
func (l *lexicon) stems(ws []string) []string {
	st := make([]string, len(ws))
	for i, w := range ws {
		st[i] = l.stem.stem(w)
	}
	return st
}

// lookup finds the name key for words: as written, or by stems.
func (l *lexicon) lookup(ws []string) (string, bool) {
	return l.lookupStems(ws, l.stems(ws))
}

// lookupStems is lookup given the words' stems: a message's words are
// stemmed once, not once for each length of name tried at each word.
func (l *lexicon) lookupStems(ws, stems []string) (string, bool) {
	key := strings.Join(ws, " ")
	if _, ok := l.entries[key]; ok {
		return key, true
	}
	key, ok := l.stemmed[strings.Join(stems, " ")]
	return key, ok
}

// genericHeads are the words people leave off a condition's name: they
// say "restless legs" for restless legs syndrome. corpus/names.go keeps
// a longer list (with "condition") for joining sources' names of one
// topic; here each head adds names a message may match, and adding one
// is a ranking change to measure with `healthqa eval liveqa` first.
var genericHeads = map[string]bool{"syndrome": true, "disease": true, "disorder": true}

// addBareNames makes each name of two or more words before a generic
// head findable without it, unless the shorter name is already another
// topic's.
func (l *lexicon) addBareNames() {
	bare := map[string][]int32{}
	for key, topics := range l.entries {
		ws := strings.Split(key, " ")
		if len(ws) < 3 || !genericHeads[ws[len(ws)-1]] {
			continue
		}
		b := strings.Join(ws[:len(ws)-1], " ")
		if _, taken := l.entries[b]; taken {
			continue
		}
		for _, t := range topics {
			if !slices.Contains(bare[b], t) {
				bare[b] = append(bare[b], t)
			}
		}
	}
	for b, topics := range bare {
		l.entries[b] = topics
		ws := strings.Split(b, " ")
		if sk := l.stemKey(ws); l.stemmed[sk] == "" {
			l.stemmed[sk] = b
		}
	}
}

func (l *lexicon) topicNumber(name string) int32 { return l.number[name] }

// nameWords are a name's words, singular, so "restless legs" and
// "restless leg" meet.
func nameWords(s string) []string {
	ws := words(s)
	for i, w := range ws {
		ws[i] = singular(w)
	}
	return ws
}

func singular(w string) string {
	if len(w) <= 3 || strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") {
		return w
	}
	return strings.TrimSuffix(w, "s")
}

// isAbbreviation: a short code such as "RLS" or "HbA1c", which a message
// must write in capitals to name it ("ALL", not "all"). It differs from
// corpus/names.go's isAbbreviation on purpose: there every name of three
// letters or fewer counts as a code, so that it never joins topics alone;
// here that would make "flu" match only when shouted.
func isAbbreviation(s string) bool {
	if strings.ContainsRune(s, ' ') || len(s) > 6 {
		return false
	}
	upper := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return upper >= 2
}

// maxNameWords bounds the names matched in a message: longer synonyms
// are catalogue entries nobody types, and the bound keeps matching fast.
const maxNameWords = 8
