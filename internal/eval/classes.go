package eval

import (
	"fmt"
	"slices"
	"strings"

	"healthqa/internal/search"
)

// Class is one of issue 11's six kinds of message where asking fails.
type Class int

// The classes, in the order.
const (
	PartialName Class = iota
	Misspelling
	Abbreviation
	DrugName
	LayWording
	LongMessage
	numClasses
)

// Classes lists every class in order.
func Classes() []Class {
	out := make([]Class, numClasses)
	for i := range out {
		out[i] = Class(i)
	}
	return out
}

var classInfo = [numClasses]struct{ name, detector string }{
	{"partial topic name", fmt.Sprintf("a proper part of a longer name or synonym, beyond the full names given, with a term of ≤%d names", partialMaxNames)},
	{"misspelling", fmt.Sprintf("a word of ≥%d letters in neither the corpus nor the dictionary", misspeltMinLetters)},
	{"abbreviation", "a 2–6 capital-letter word that is no name or synonym and no ordinary word"},
	{"drug name", fmt.Sprintf("the name of a %s topic, or a word of ≤%d drug names and no more other names", drugSource, drugMaxNames)},
	{"lay wording", "no topic name or synonym at all"},
	{"long message", fmt.Sprintf("message of >%d sentences or >%d words", longSentences, longWords)},
}

// String is the class's short name.
func (c Class) String() string { return classInfo[c].name }

// Detector says in a line what the class's detector looks for.
func (c Class) Detector() string { return classInfo[c].detector }

// MarshalText names the class in JSON.
func (c Class) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Classifier finds the failure classes of a message from its words and
// the corpus alone: nothing in it is learned from judgments or names a
// question.
type Classifier struct {
	lex  *classLexicon
	dict *Dictionary // nil: the corpus vocabulary alone
}

// NewClassifier builds the detectors over the documents; dict may be
// nil, and then a misspelling is a word the corpus does not use.
func NewClassifier(docs []search.Document, dict *Dictionary) *Classifier {
	return &Classifier{lex: newClassLexicon(docs), dict: dict}
}

// Detection is the classes a message falls in, each with the words
// that put it there.
type Detection struct {
	Classes  []Class          `json:"classes"`
	Evidence map[Class]string `json:"evidence,omitempty"`
}

// Has reports whether the message is in class c.
func (d Detection) Has(c Class) bool { return slices.Contains(d.Classes, c) }

// Detect reads a message: its subject line and body (either may be
// empty). The names and words are looked for in both; the length is
// the body's.
func (cl *Classifier) Detect(subject, message string) Detection {
	toks := tokenize(subject + " " + message)
	spans := cl.lex.fullNames(toks)
	found := map[Class][]string{}
	note := func(c Class, what string) {
		if !slices.Contains(found[c], what) {
			found[c] = append(found[c], what)
		}
	}
	for _, p := range cl.partialNames(toks, spans) {
		note(PartialName, p)
	}
	for _, w := range cl.misspelt(toks) {
		note(Misspelling, w)
	}
	for _, w := range cl.abbreviations(toks) {
		note(Abbreviation, w)
	}
	for _, w := range cl.drugs(toks, spans) {
		note(DrugName, w)
	}
	if len(spans) == 0 {
		note(LayWording, "no name")
	}
	if s, w := sentences(message), len(tokenize(message)); s > longSentences || w > longWords {
		note(LongMessage, fmt.Sprintf("%d sentences, %d words", s, w))
	}
	d := Detection{Classes: []Class{}, Evidence: map[Class]string{}}
	for _, c := range Classes() {
		if len(found[c]) > 0 {
			d.Classes = append(d.Classes, c)
			d.Evidence[c] = strings.Join(found[c], "; ")
		}
	}
	return d
}

// partialNames: runs of words that are a proper part of some longer
// name, are not a name themselves, and narrow the topic beyond the full
// names the message gives (distinguished): "periodic paralysis" where
// only "paralysis" is a name, not "amoxicillin and", a full name and a
// stop word. The longest run at each word is kept.
func (cl *Classifier) partialNames(toks []token, spans []nameSpan) []string {
	var out []string
	for i := range toks {
		for n := min(cl.lex.maxLen-1, len(toks)-i); n >= 1; n-- {
			key := joinKeys(toks[i : i+n])
			if cl.lex.parts[key] == 0 || covered(spans, i, i+n) {
				continue
			}
			if _, isName := cl.lex.names[key]; isName {
				continue
			}
			if cl.distinguished(toks, spans, i, i+n) {
				out = append(out, key)
				break
			}
		}
	}
	return dropInner(out)
}

// distinguished: the run [from, to) narrows the topic beyond the full
// names the message gives. Either two or more of its words outside every
// full name are content words (not stop words, three letters or more,
// not numbers) and the run is part of at most partialMaxNames names
// ("restless legs"), or one such word alone is in at most that many
// names and is not everyday English ("hypokalemic"; with a dictionary:
// not an en_US lower-case word; without one: in at most
// commonAnswerShare of the answers), so that "information" or "door",
// words of a few long names, do not count.
func (cl *Classifier) distinguished(toks []token, spans []nameSpan, from, to int) bool {
	content := 0
	for i := from; i < to; i++ {
		t := toks[i]
		if covered(spans, i, i+1) || len(t.key) < 3 || stopWord(t.lower) || allDigits(t.key) {
			continue
		}
		content++
		if cl.lex.nameFreq[t.key] <= partialMaxNames && !cl.everyday(t) {
			return true
		}
	}
	return content >= 2 && cl.lex.parts[joinKeys(toks[from:to])] <= partialMaxNames
}

// everyday: a word of everyday English rather than a term.
func (cl *Classifier) everyday(t token) bool {
	if cl.dict != nil {
		return cl.dict.Ordinary(t.lower) || cl.dict.Ordinary(t.key)
	}
	return cl.lex.answerShare(t.lower) > commonAnswerShare
}

// dropInner removes runs that are inside a longer run found.
func dropInner(runs []string) []string {
	var out []string
	for _, r := range runs {
		inner := slices.ContainsFunc(runs, func(o string) bool {
			return o != r && strings.Contains(" "+o+" ", " "+r+" ")
		})
		if !inner {
			out = append(out, r)
		}
	}
	return out
}

// misspelt: words of misspeltMinLetters letters or more, not all
// capitals (a code is an abbreviation), that neither the corpus nor the
// dictionary has.
func (cl *Classifier) misspelt(toks []token) []string {
	var out []string
	for _, t := range toks {
		if len([]rune(t.lower)) < misspeltMinLetters || !lettersOnly(t.raw) || capitals(t.raw) {
			continue
		}
		if !cl.lex.vocab[t.lower] && !cl.dict.Has(t.lower) {
			out = append(out, t.lower)
		}
	}
	return out
}

// abbreviations: words of 2–6 letters all in capitals, in a message that
// does not shout, that are no topic name or synonym and no ordinary
// word written in capitals for emphasis (the dictionary writes it in
// lower case; without a dictionary, only stop words count as ordinary).
func (cl *Classifier) abbreviations(toks []token) []string {
	if shouted(toks) {
		return nil
	}
	var out []string
	for _, t := range toks {
		if n := len([]rune(t.raw)); n < 2 || n > 6 || !capitals(t.raw) {
			continue
		}
		if _, isName := cl.lex.names[t.key]; isName {
			continue
		}
		if _, isName := cl.lex.names[t.lower]; isName || cl.ordinary(t.lower) {
			continue
		}
		out = append(out, t.raw)
	}
	return out
}

// ordinary: a word of the language rather than a code.
func (cl *Classifier) ordinary(lower string) bool {
	if cl.dict != nil {
		return cl.dict.Ordinary(lower)
	}
	return stopWord(lower)
}

// drugs: drug topics' names the message gives, and words that name a
// drug on their own.
func (cl *Classifier) drugs(toks []token, spans []nameSpan) []string {
	var out []string
	for _, s := range spans {
		if cl.lex.names[s.key].drug {
			out = append(out, s.key)
		}
	}
	for _, t := range toks {
		if cl.lex.drugWord[t.key] && !slices.Contains(out, t.key) {
			out = append(out, t.key)
		}
	}
	return out
}

// sentences counts the sentences of a text: runs ending at ".", "?" or
// "!" (or the end) that hold a letter.
func sentences(text string) int {
	n := 0
	for _, s := range strings.FieldsFunc(text, func(r rune) bool { return r == '.' || r == '?' || r == '!' }) {
		if strings.ContainsFunc(s, func(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }) {
			n++
		}
	}
	return n
}
