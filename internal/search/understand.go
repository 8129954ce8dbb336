package search

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"healthqa/internal/model"
)

// Understanding is what a message asks: about which topics, and what
// kind of question. It is shown to the reader ("Answers about: Restless
// legs syndrome · Causes") and steers the ranking.
type Understanding struct {
	Query string   `json:"query"`
	Foci  []Focus  `json:"foci"`
	Types []string `json:"types"`
	// DidYouMean is the message with misspelled topic words corrected;
	// empty when nothing was corrected.
	DidYouMean string `json:"did_you_mean,omitempty"`

	terms    []string
	expanded []queryTerm   // related terms, weighted below terms (expand.go)
	implied  []string      // words a name stands for that the message leaves off (eponymAt)
	topics   []topicWeight // the topics named, with how specifically
	typeMask uint64        // bit n: model.QuestionTypes[n] is asked
	// ordinary maps the stem of a word the message writes as an ordinary
	// word ("kid", "pets") to the topics whose abbreviation or short form
	// it spells ("KID syndrome"): the word is not about them, so it does
	// not score in their entries unless the message names them too.
	ordinary map[string][]int32
}

// Focus is one topic mention: the words of the message and the topics
// they name.
type Focus struct {
	Text   string   `json:"text"`
	Topics []string `json:"topics"`
}

// Understand reads a message.
func (ix *Index) Understand(message string) *Understanding {
	u := &Understanding{Query: message, Foci: []Focus{}}
	raw, weight, inMain, main, rest := messageParts(message, ix.params.Narrative)
	fixed := ix.correctSpelling(raw)
	if !slices.EqualFunc(fixed, raw, strings.EqualFold) {
		u.DidYouMean = strings.Join(fixed, " ")
		// The types are read from the words as corrected, as the topics
		// and terms are: "side efects" asks for side effects.
		main, rest = joinParts(fixed, inMain)
	}
	ix.findFoci(u, raw, fixed, weight, possessives(message))
	ix.findPartial(u, fixed, weight)
	u.Types = messageTypes(main, rest)
	for _, t := range u.Types {
		u.typeMask |= 1 << model.QuestionTypeOrder(t)
	}
	u.terms = ix.stem.terms(strings.Join(append(slices.Clone(fixed), u.implied...), " "))
	ix.addBrands(u, fixed, weight)
	u.expanded = ix.expand(u.terms)
	return u
}

// rawWords keeps the message's case, which tells "ALL" (a leukemia) from
// "all".
func rawWords(s string) []string {
	return strings.FieldsFunc(foldApostrophes(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func foldApostrophes(s string) string {
	return strings.NewReplacer("'", "", "’", "").Replace(s)
}

// correctSpelling replaces the words neither the corpus nor the word
// lists know with the corpus word they most likely stand for (spell.go:
// "clamidia" → "chlamydia").
func (ix *Index) correctSpelling(raw []string) []string {
	return ix.spelling().correctAll(raw)
}

func mapFold(w string) []rune {
	rs := []rune(w)
	for i, r := range rs {
		rs[i] = foldRune(r)
	}
	return rs
}

// findFoci matches the longest topic names and synonyms in the message;
// weight[i] scales a name that starts at word i (message.go).
func (ix *Index) findFoci(u *Understanding, raw, fixed []string, weight []float64, possessive map[string]possessiveUse) {
	keys, stems := make([]string, len(fixed)), make([]string, len(fixed))
	for i, w := range fixed {
		keys[i] = singular(w)
		stems[i] = ix.lex.stem.stem(keys[i])
	}
	loud := shouting(raw)
	seen := map[string]bool{}
	for i := 0; i < len(keys); {
		n, key := ix.matchAt(keys, stems, raw, i, loud)
		if n == 1 && key != keys[i] && !sameWord(knownWords(), fixed[i], key) {
			n = 0 // one stem, two words: "test" is not "testes" (wordforms.go)
		}
		if n == 0 {
			if n, key = ix.eponymAt(fixed, i, possessive, loud); n > 0 {
				// The name's head joins the message's words, as the
				// possessive stands for it.
				heads := strings.Fields(key)
				u.implied = append(u.implied, heads[len(heads)-1])
			}
		}
		if n == 0 {
			if n, key = ix.derivedAt(fixed[i]); n > 0 {
				// The name joins the message's words, as the adjective
				// stands for it: the answers write "arthritis".
				u.implied = append(u.implied, key)
			}
		}
		if n == 0 {
			if n = ix.expandAbbreviation(u, keys, raw, i, loud); n == 0 {
				ix.noteOrdinary(u, keys[i], stems[i], raw[i], loud)
			}
			i += max(1, n)
			continue
		}
		i += n
		spec := ix.specificity(keys[i-n:i]) * weight[i-n]
		for _, t := range ix.lex.entries[key] {
			u.addTopic(t, spec)
			u.nameTopic(t)
		}
		if seen[key] {
			continue // named again
		}
		seen[key] = true
		f := Focus{Text: strings.Join(raw[i-n:i], " ")}
		for _, t := range ix.lex.entries[key] {
			f.Topics = append(f.Topics, ix.lex.topics[t])
		}
		u.Foci = append(u.Foci, f)
	}
}

// eponymAt reads the word at i, written as a possessive ("Parkinson's",
// "Graves'"), as the name of the eponym's disease, syndrome or disorder
// that it stands for in English usage ("Parkinson's" for Parkinson
// disease, "Down's" for Down syndrome): 1 and that name's key when the
// lexicon has the eponym with one of those heads, else 0. Only a proper
// name's possessive stands for a name so: one written with a capital
// inside a sentence (of a message not all capitals), or a word the
// answers never use in lower case ("parkinson's" typed so): "My heart's
// racing" is no heart disease, nor "down's" Down syndrome.
func (ix *Index) eponymAt(fixed []string, i int, possessive map[string]possessiveUse, loud bool) (int, string) {
	p, ok := possessive[strings.ToLower(fixed[i])]
	if !ok || !(p.capital && !loud) && ix.lex.lowerUse[p.base] >= 3 {
		return 0, ""
	}
	for _, head := range eponymHeads {
		if key, ok := ix.lex.lookup([]string{p.base, head}); ok {
			return 1, key
		}
	}
	return 0, ""
}

// eponymHeads are the heads a possessive eponym leaves off, in the order
// tried: the lexicon's generic heads (lexicon.go), the commonest first.
var eponymHeads = []string{"disease", "syndrome", "disorder"}

// possessiveUse is a word a message writes as a possessive: the word it
// is the possessive of, and whether it has a capital inside a sentence,
// where only a name has one.
type possessiveUse struct {
	base    string
	capital bool
}

// possessives maps each word the message writes as a possessive, as
// rawWords reads it (apostrophes dropped, lower case: "parkinsons",
// "graves"), to its use.
func possessives(message string) map[string]possessiveUse {
	out := map[string]possessiveUse{}
	for _, m := range possessiveWord.FindAllStringSubmatchIndex(message, -1) {
		word, s := message[m[2]:m[3]], message[m[4]:m[5]]
		first, _ := utf8.DecodeRuneInString(word)
		before := strings.TrimRight(message[:m[2]], " \t")
		p := possessiveUse{base: strings.ToLower(word),
			capital: unicode.IsUpper(first) && before != "" && !strings.ContainsAny(before[len(before)-1:], ".!?\n\r")}
		key := p.base + "s" // Parkinson's
		if s == "" {
			key = p.base // Graves'
		}
		out[key] = p
	}
	return out
}

// possessiveWord: a word and its possessive ending, "'s" or a bare "'"
// after an s, with either apostrophe, before a non-letter or the end.
var possessiveWord = regexp.MustCompile(`(\p{L}[\p{L}-]*?)['’]([sS]?)(?:[^\p{L}]|$)`)

// matchAt finds the longest name starting at word i: its length in
// words and its name key, or 0.
func (ix *Index) matchAt(keys, stems, raw []string, i int, loud bool) (int, string) {
	for n := min(ix.lex.maxLen, len(keys)-i, ix.lex.longestFrom(keys[i], stems[i])); n >= 1; n-- {
		key, ok := ix.lex.lookupStems(keys[i:i+n], stems[i:i+n])
		if !ok || n > 1 && allStop(keys[i:i+n]) {
			continue
		}
		if n == 1 && (!ix.singleWordName(key, raw[i], loud) || !ix.namesAsAdjective(key, keys, i)) {
			continue
		}
		if n == 1 && ix.lex.abbrev[key] && key != keys[i] {
			continue // a code's "stem" means nothing: "am" is not "AMS"
		}
		return n, key
	}
	return 0, ""
}

// singleWordName guards one-word matches. An abbreviation ("RLS") or a
// stop word ("ALL", a leukemia) names a topic when written in capitals in
// a message that is not all capitals; an abbreviation written in lower
// case names it only if the answers never use that word in lower case
// ("rls" does not occur, "mg", "go" and "car" do).
func (ix *Index) singleWordName(key, raw string, shouting bool) bool {
	capitals := len(raw) >= 2 && strings.ToUpper(raw) == raw && !shouting
	switch {
	case len(key) < 2:
		return false
	case stopWords[key]:
		return capitals
	case ix.lex.abbrev[key]:
		return capitals || ix.lex.lowerUse[key] < 3
	}
	return true
}

// noteOrdinary records a word that spells a topic's abbreviation or a
// learned short form but, as written, is the ordinary word (the guards
// of singleWordName and writtenAsShortForm refused it).
func (ix *Index) noteOrdinary(u *Understanding, key, stem, raw string, loud bool) {
	var topics []int32
	if ix.lex.abbrev[key] && !ix.singleWordName(key, raw, loud) {
		topics = ix.lex.entries[key]
	}
	if a, ok := ix.lex.learned[key]; ok && !ix.writtenAsShortForm(key, []string{raw}, loud) {
		topics = append(slices.Clone(topics), a.topics...)
	}
	if len(topics) == 0 {
		return
	}
	if u.ordinary == nil {
		u.ordinary = map[string][]int32{}
	}
	u.ordinary[stem] = append(u.ordinary[stem], topics...)
}

// notAbout is the topics a term does not score in: those whose short
// form the message writes it as an ordinary word for, and does not name.
func (u *Understanding) notAbout(term string) []int32 {
	var out []int32
	for _, t := range u.ordinary[term] {
		if u.focusOn(t) == 0 {
			out = append(out, t)
		}
	}
	return out
}

// shouting: most letters of the message are capitals, so capitals say
// nothing about abbreviations.
func shouting(raw []string) bool {
	upper, letters := 0, 0
	for _, w := range raw {
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		}
	}
	return letters > 0 && upper*2 > letters
}

func allStop(ws []string) bool {
	for _, w := range ws {
		if !stopWords[w] {
			return false
		}
	}
	return true
}

// specificity of a topic mention, 0.2–1: a name of several words, or of
// a word the answers seldom use ("shingles"), says more than a common
// word ("blood", "doctor", "pain") that happens to be a topic's name.
func (ix *Index) specificity(words []string) float64 {
	if len(words) > 1 {
		return 1
	}
	df := len(ix.postings[ix.stem.stem(words[0])])
	idf := math.Log(float64(ix.live+1) / float64(df+1))
	return min(1, max(0.2, (idf-2)/4))
}

// topicWeight is a topic the message names, how specifically, and how
// many times by a whole name or synonym.
type topicWeight struct {
	topic int32
	spec  float64
	named int
}

// nameTopic counts one more whole mention of a topic addTopic added.
func (u *Understanding) nameTopic(t int32) {
	for i := range u.topics {
		if u.topics[i].topic == t {
			u.topics[i].named++
		}
	}
}

// focusWeights are the topics' weights in the ranking: each topic's
// specificity times its salience, the times the message names it over
// the times it names its most-named topic, to the power salience (0:
// every topic named counts alike). A message names what it is about
// again and again (in the subject line and in the question, say) and a
// topic it touches in passing once; this is the message's term
// frequency, for topics. A topic named only in part or through a brand
// counts as named once.
func (u *Understanding) focusWeights(salience float64) []float64 {
	most := 1
	for _, tw := range u.topics {
		most = max(most, tw.named)
	}
	out := make([]float64, len(u.topics))
	for i, tw := range u.topics {
		out[i] = tw.spec
		if salience != 0 && most > 1 {
			out[i] *= math.Pow(float64(max(1, tw.named))/float64(most), salience)
		}
	}
	return out
}

func (u *Understanding) addTopic(t int32, spec float64) {
	for i := range u.topics {
		if u.topics[i].topic == t {
			u.topics[i].spec = max(u.topics[i].spec, spec)
			return
		}
	}
	u.topics = append(u.topics, topicWeight{topic: t, spec: spec})
}
